// Package refresh runs sanafeed's whole poll cycle: for each SANA edition
// it reads the feed and the listing pages, fetches the article pages it
// has not read yet (or that changed), merges everything under one identity
// per article and stores it in one transaction; then it links the stored
// articles with their translations in the other editions and tells
// whoever serves changes (webhooks, WebSub) through one Notify hook.
//
// It declares the interfaces it needs (Store, Fetcher) and is wired with
// concrete types in cmd/sanafeed.
package refresh

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A Fetcher fetches a URL politely with a conditional GET built from st.
// It returns a non-nil Response, with State set, whenever the server
// answered, even with an error (sanafeed.ErrNotModified for 304), so that
// state is kept. *fetch.Client satisfies it.
type Fetcher interface {
	Get(ctx context.Context, url string, st sanafeed.FetchState) (*sanafeed.Response, error)
}

// A FeedParser parses a feed body of the source src; fetch.ParseFeed is one.
type FeedParser func(body []byte, contentType string, src sanafeed.Source) (*sanafeed.Feed, error)

// Store is the persistence the poller needs; *store.DB satisfies it.
type Store interface {
	LinkStore
	PutArticles(ctx context.Context, arts []sanafeed.Article) ([]sanafeed.Change, error)
	FetchState(ctx context.Context, url string) (sanafeed.FetchState, error)
	PutFetchState(ctx context.Context, states ...sanafeed.FetchState) error
	PutPollResult(ctx context.Context, r sanafeed.PollResult) error
	// KeysByURL returns the keys of the stored articles among urls
	// (canonical), by URL.
	KeysByURL(ctx context.Context, urls []string) (map[string]string, error)
	// PutPages keeps article pages as read, for reprocessing.
	PutPages(ctx context.Context, pages ...sanafeed.KeptPage) error
	// PrunePages deletes the kept pages read before before.
	PrunePages(ctx context.Context, before time.Time) (int, error)
	// EditionBetween returns the articles of the edition lang published
	// from from to to, in full, newest first, at most limit of them.
	EditionBetween(ctx context.Context, lang string, from, to time.Time, limit int) ([]sanafeed.Article, error)
}

// A Poller polls SANA's editions. Set the fields before the first call;
// PollOnce and Run may not be called concurrently with each other.
type Poller struct {
	Store     Store
	Fetcher   Fetcher
	ParseFeed FeedParser
	Sources   []sanafeed.Source

	// CatchUp bounds how far back, from the newest article an edition
	// shows, a poll reads to close a gap; 0 means DefaultCatchUp.
	CatchUp time.Duration
	// StaleAfter: a feed whose newest item is older than the newest item
	// on the edition's listing by more than this is stale.
	StaleAfter time.Duration
	// DecodePage returns the body of an HTML page (listing or article) as
	// UTF-8, its charset named by contentType or the page itself, else
	// guessed for the edition lang; nil means pages are taken as UTF-8.
	// cmd wires charset.DecodeHTML.
	DecodePage func(body []byte, contentType, lang string) []byte
	// BustCache returns a URL that gets past a stale cache; nil means no
	// retry of stale feeds.
	BustCache func(url string, now time.Time) string

	// FoldReposts folds the reposts a poll finds into their originals
	// (see link.Reposts and Store.PutArticles): a new article of an
	// edition that re-runs or updates one published within FoldWindow
	// before it becomes that article's latest revision. FoldWindow 0
	// means link.DefaultRepostWindow.
	FoldReposts bool
	FoldWindow  time.Duration

	// KeepPages is how long the article pages a poll reads are kept in
	// the store, for Reprocess; 0 keeps none.
	KeepPages time.Duration

	// Notify, when set, is told of each step of the cycle that changed
	// what is served (see Notice). It is called from the poller's
	// goroutines, one call at a time per source, and must not block.
	Notify func(ctx context.Context, n Notice)

	// Progress, when set, is told of each source's article pages as a
	// poll reads them: when it knows how many it will read, and after
	// each. It is called from the goroutine polling that source, so
	// concurrently for several sources, and must be quick.
	Progress func(Progress)

	// MaxSilence: Alive fails when no source has been polled successfully
	// for this long. 0 means the longer of DefaultMaxSilence (1h) and five
	// times the longest source interval.
	MaxSilence time.Duration

	Now func() time.Time // nil means time.Now
	// After, when set, waits on the clock of Now as time.After does on
	// the real one; Run waits with it. Set it with Now to run the poller
	// on a clock of another pace (the freshness benchmark compresses a
	// day of SANA). nil means time.After.
	After  func(d time.Duration) <-chan time.Time
	Logger *slog.Logger // nil means discard

	pruned time.Time // when kept pages were last pruned (see prunePages)

	once  sync.Once // creates sched and links
	sched *Schedule
	links *linker // links what polls and backfills store
}

// A Step is a step of the poll cycle that Notify is told of.
type Step int

// The steps Notify is told of, in the order they happen to an article.
const (
	// Stored: a source's poll (or a backfill's batch) stored new or
	// changed articles, Notice.Changes; their webhook events are queued.
	Stored Step = iota + 1
	// Polled: a source's poll ended with Notice.Result, as stored.
	Polled
	// Linked: the translations of what was stored were linked and the
	// clusters stored; translation_linked events are queued. The feeds
	// now show each article with its translations.
	Linked
)

// A Notice tells Notify what a step of the cycle did.
type Notice struct {
	Step    Step
	Changes []sanafeed.Change   // Stored: what was created or updated
	Result  sanafeed.PollResult // Polled: the source's result
}

// pruneEvery is how often Run prunes the kept pages.
const pruneEvery = time.Hour

// prunePages deletes the kept pages older than KeepPages (all of them when
// it is 0), at most once per pruneEvery unless force.
func (p *Poller) prunePages(ctx context.Context, force bool) {
	now := p.now()
	if !force && now.Sub(p.pruned) < pruneEvery {
		return
	}
	p.pruned = now
	n, err := p.Store.PrunePages(ctx, now.Add(-p.KeepPages))
	switch {
	case err != nil:
		p.log().Error("prune kept pages", "err", err)
	case n > 0:
		p.log().Info("pruned kept pages", "pages", n, "older_than", p.KeepPages.String())
	}
}

// progress calls Progress, if set, with pr.
func (p *Poller) progress(pr Progress) {
	if p.Progress != nil {
		p.Progress(pr)
	}
}

// notify calls Notify, if set, with n.
func (p *Poller) notify(ctx context.Context, n Notice) {
	if p.Notify != nil {
		p.Notify(ctx, n)
	}
}

// init creates the schedule and the linker on first use.
func (p *Poller) init() {
	p.once.Do(func() {
		p.sched = &Schedule{srcs: map[string]*sourceState{}}
		p.links = newLinker(p.Store, p.log(), func(ctx context.Context) { p.notify(ctx, Notice{Step: Linked}) })
	})
}

// linker returns the poller's linker.
func (p *Poller) linker() *linker {
	p.init()
	return p.links
}

func (p *Poller) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *Poller) after(d time.Duration) <-chan time.Time {
	if p.After == nil {
		return time.After(d)
	}
	return p.After(d)
}

func (p *Poller) log() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}

// html returns doc's body, a page of the edition lang, as UTF-8 (see
// DecodePage).
func (p *Poller) html(doc *sanafeed.Response, lang string) []byte {
	if p.DecodePage == nil {
		return doc.Body
	}
	return p.DecodePage(doc.Body, doc.ContentType, lang)
}
