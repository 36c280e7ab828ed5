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
	// cmd wires charset.DecodeHTML.
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
func (p *Poller) html(doc *sanafeed.Response, lang string) []byte {
	if p.DecodePage == nil {
		return doc.Body
	}
	return p.DecodePage(doc.Body, doc.ContentType, lang)
}
