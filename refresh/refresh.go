// Package refresh runs sanafeed's poll cycle: for each SANA edition it reads
// the feed and the listing pages, fetches the article pages it has not
// read yet (or that changed), merges everything under one identity per
// article and stores it in one transaction.
//
// It declares the interfaces it needs (Store, Fetcher) and is wired with
// concrete types in cmd/sanafeed.
package refresh

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// ErrNotModified is returned by a Fetcher when the server answered 304.
var ErrNotModified = errors.New("refresh: not modified")

// A Doc is one fetched document.
type Doc struct {
	URL         string // final URL after redirects
	Body        []byte
	ContentType string
	State       sanafeed.FetchState // the state to remember for the requested URL
}

// A Fetcher fetches a URL politely with a conditional GET built from st.
// It returns a non-nil Doc, with State set, whenever the server answered,
// even with an error (ErrNotModified for 304), so that state is kept.
type Fetcher interface {
	Get(ctx context.Context, url string, st sanafeed.FetchState) (*Doc, error)
}

// A Feed is a parsed feed document.
type Feed struct {
	Articles []sanafeed.Article
	Repaired bool      // the XML was broken and was repaired or salvaged
	Skipped  int       // items that named no SANA post
	Newest   time.Time // newest item's published time
}

// A FeedParser parses a feed body of the source src.
type FeedParser func(body []byte, contentType string, src sanafeed.Source) (*Feed, error)

// Store is the persistence the poller needs; *store.DB satisfies it.
type Store interface {
	Known(ctx context.Context, keys []string) (map[string]sanafeed.Article, error)
	PutArticles(ctx context.Context, arts []sanafeed.Article) ([]sanafeed.Change, error)
	FetchState(ctx context.Context, url string) (sanafeed.FetchState, error)
	PutFetchState(ctx context.Context, states ...sanafeed.FetchState) error
	PutPollResult(ctx context.Context, r sanafeed.PollResult) error
}

// A Poller polls SANA's editions. Set the fields before the first call;
// PollOnce and Run may not be called concurrently with each other.
type Poller struct {
	Store     Store
	Fetcher   Fetcher
	ParseFeed FeedParser
	Sources   []sanafeed.Source

	// ListingPages is how many pages of each listing to read (home and
	// its "next" pages); 0 means 1.
	ListingPages int
	// StaleAfter: a feed whose newest item is older than the newest item
	// on the edition's listing by more than this is stale.
	StaleAfter time.Duration
	// DecodePage returns the body of an HTML page (listing or article) as
	// UTF-8, its charset named by contentType or the page itself, else
	// guessed for the edition lang; nil means pages are taken as UTF-8.
	// cmd wires fetch.DecodeHTML.
	DecodePage func(body []byte, contentType, lang string) []byte
	// BustCache returns a URL that gets past a stale cache; nil means no
	// retry of stale feeds.
	BustCache func(url string, now time.Time) string

	// OnChange, when set, is called after each source's poll with what
	// was stored (created and updated articles only).
	OnChange func(ctx context.Context, changes []sanafeed.Change)

	// MaxSilence: Alive fails when no source has been polled successfully
	// for this long. 0 means the longer of DefaultMaxSilence (1h) and five
	// times the longest source interval.
	MaxSilence time.Duration

	Now    func() time.Time // nil means time.Now
	Logger *slog.Logger     // nil means discard

	once  sync.Once // creates sched
	sched *Schedule
}

func (p *Poller) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}

// html returns doc's body, a page of the edition lang, as UTF-8 (see
// DecodePage).
func (p *Poller) html(doc *Doc, lang string) []byte {
	if p.DecodePage == nil {
		return doc.Body
	}
	return p.DecodePage(doc.Body, doc.ContentType, lang)
}
