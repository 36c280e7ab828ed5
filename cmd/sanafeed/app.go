package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/fetch"
	"github.com/sanafeed/sanafeed/refresh"
	"github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/store"
	"github.com/sanafeed/sanafeed/webhook"
)

// Interfaces satisfied by the concrete types wired here.
var (
	_ refresh.Store = (*store.DB)(nil)
	_ server.Store  = (*store.DB)(nil)
	_ webhook.Store = (*store.DB)(nil)
)

// defaultConfigPath is read when no -config is given and it exists.
const defaultConfigPath = "sanafeed.toml"

// loadConfig reads path, or ./sanafeed.toml when path is "" and it exists,
// or returns the defaults.
func loadConfig(path string) (config.Config, error) {
	if path == "" {
		if _, err := os.Stat(defaultConfigPath); errors.Is(err, fs.ErrNotExist) {
			return config.Default(), nil
		}
		path = defaultConfigPath
	}
	return config.Load(path)
}

// An app is sanafeed wired from one config: store, fetcher, poller,
// server and WebSub.
type app struct {
	cfg    config.Config
	log    *slog.Logger
	db     *store.DB
	client *fetch.Client
	poller *refresh.Poller
	hooks  *webhook.Dispatcher
	links  *linker
	srv    *server.Server
	pub    publisher // the WebSub hub or pinger; nil when WebSub is off

	pubOnce sync.Once          // starts pub
	pubStop context.CancelFunc // stops pub; nil until started
	pubDone chan struct{}      // closed when pub has stopped
}

// openApp opens the store and wires the poller for cfg. The caller closes it.
func openApp(cfg config.Config, log *slog.Logger) (*app, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	db := store.New(filepath.Join(cfg.DataDir, "sanafeed.db"))
	if err := db.Open(); err != nil {
		return nil, err
	}
	// Endpoints and their filters must be known before any article is
	// stored: events are queued in the same transaction.
	var eps []sanafeed.Endpoint
	for _, w := range cfg.Webhooks {
		eps = append(eps, w.Endpoint())
	}
	if err := db.SetWebhooks(context.Background(), eps); err != nil {
		db.Close()
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	c := fetch.NewClient()
	c.UserAgent = cfg.Poll.UserAgent
	c.Timeout = cfg.Poll.Timeout.Duration
	c.MaxBytes = cfg.Poll.MaxBytes
	c.Robots = cfg.Poll.Robots
	if cfg.Poll.CrawlDelay != nil {
		d := cfg.Poll.CrawlDelay.Duration
		c.CrawlDelay = &d
	}
	c.Logger = log
	a := &app{cfg: cfg, log: log, db: db, client: c,
		hooks: &webhook.Dispatcher{Store: db, Endpoints: eps, Logger: log}}
	a.srv = a.newServer()
	a.pub = a.wireWebSub(a.srv)
	a.links = newLinker(db, log, a.linked)
	a.poller = &refresh.Poller{
		Store:        observedStore{DB: db, observe: a.srv.ObservePoll},
		Fetcher:      fetcher{c},
		ParseFeed:    parseFeed,
		Sources:      cfg.Sanafeed(),
		ListingPages: cfg.Poll.ListingPages,
		StaleAfter:   cfg.Poll.StaleAfter.Duration,
		MaxSilence:   cfg.Poll.MaxSilence.Duration,
		DecodePage:   fetch.DecodeHTML,
		BustCache:    fetch.BustCache,
		OnChange:     a.changed,
		Logger:       log,
	}
	return a, nil
}

// changed is the poller's OnChange: it wakes the webhook dispatcher (the
// article events are queued already) and notes the articles for
// translation linking, after which WebSub is told, so subscribers get the
// feed once, with its translations. Neither blocks the poll.
func (a *app) changed(ctx context.Context, changes []sanafeed.Change) {
	a.hooks.Notify()
	a.links.note(ctx, changes)
}

// linked wakes what serves changes: webhooks (translation_linked events
// are queued with the clusters) and WebSub.
func (a *app) linked(ctx context.Context) {
	a.hooks.Notify()
	if a.pub != nil {
		a.pub.Publish(ctx)
	}
}

// pollCycle polls every source once and links the translations of what
// it stored; link errors are logged, not fatal.
func (a *app) pollCycle(ctx context.Context) []sanafeed.PollResult {
	stop := a.links.prepareWhile(ctx)
	results := a.poller.PollOnce(ctx)
	stop()
	if err := a.links.flush(ctx); err != nil {
		a.log.Error("link translations", "err", err)
	}
	return results
}

// Close stops WebSub, if started, then closes the store.
func (a *app) Close() error {
	a.stopWebSub()
	return a.db.Close()
}

// server returns the HTTP server over the app's store and starts WebSub
// (the built-in hub or the pinger of an external one), which Close stops.
func (a *app) server() *server.Server {
	a.startWebSub()
	return a.srv
}

// newServer returns the HTTP server over the app's store.
func (a *app) newServer() *server.Server {
	langs := make([]string, 0, len(a.cfg.Sources))
	for _, e := range sanafeed.Editions {
		for _, s := range a.cfg.Sanafeed() {
			if s.Lang == e.Lang {
				langs = append(langs, e.Lang)
			}
		}
	}
	return &server.Server{
		Store:        a.db,
		PublicURL:    a.cfg.PublicURL,
		Items:        a.cfg.Feeds.Items,
		OPMLMinItems: a.cfg.Feeds.OPMLMinItems,
		Langs:        langs,
		Health:       func(ctx context.Context) error { return a.poller.Alive(ctx) },
		LastPoll:     a.db.LastPoll,
		Schedule:     func() []sanafeed.SourceStatus { return a.poller.Status() },
		Stats:        a.db,
		Logger:       a.log,
	}
}

// fetcher adapts *fetch.Client to refresh.Fetcher.
type fetcher struct{ c *fetch.Client }

func (f fetcher) Get(ctx context.Context, url string, st sanafeed.FetchState) (*refresh.Doc, error) {
	r, err := f.c.Get(ctx, url, st)
	var d *refresh.Doc
	if r != nil {
		d = &refresh.Doc{URL: r.URL, Body: r.Body, ContentType: r.ContentType, State: r.State}
	}
	if errors.Is(err, fetch.ErrNotModified) {
		return d, refresh.ErrNotModified
	}
	return d, err
}

// parseFeed adapts fetch.ParseFeed to refresh.FeedParser.
func parseFeed(body []byte, contentType string, src sanafeed.Source) (*refresh.Feed, error) {
	f, err := fetch.ParseFeed(body, contentType, src)
	if err != nil {
		return nil, err
	}
	return &refresh.Feed{Articles: f.Articles, Repaired: f.Repaired, Skipped: f.Skipped, Newest: f.Newest}, nil
}

// since formats a duration for summaries.
func since(d time.Duration) string { return d.Round(time.Millisecond).String() }
