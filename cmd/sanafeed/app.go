package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/charset"
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
	srv    *server.Server
	pub    publisher // the WebSub hub or pinger; nil when WebSub is off

	hookMu   sync.Mutex         // guards the webhook dispatcher's run (reload.go)
	hookCtx  context.Context    // where the dispatcher runs
	hookStop context.CancelFunc // stops it; nil before startHooks
	hookDone chan struct{}      // closed when it has stopped
	// hookNames are the webhook endpoints' names by id (webhookNames).
	hookNames atomic.Pointer[map[string]string]

	pubOnce sync.Once          // starts pub
	pubStop context.CancelFunc // stops pub; nil until started
	pubDone chan struct{}      // closed when pub has stopped
}

// openApp opens the store and wires the poller for cfg. The caller closes it.
func openApp(cfg config.Config, log *slog.Logger) (*app, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	db := store.New(filepath.Join(cfg.DataDir, store.FileName))
	db.Logger = log // told of records that do not decode
	db.KeepRevisions = cfg.Stories.Revisions
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
	c := newClient(cfg.Poll, log)
	a := &app{cfg: cfg, log: log, db: db, client: c,
		hooks: &webhook.Dispatcher{Store: db, Endpoints: eps, Logger: log}}
	a.setWebhookNames(eps)
	a.srv = a.newServer()
	a.pub = a.wireWebSub(a.srv)
	a.poller = &refresh.Poller{
		Store:       watchedStore{Store: db, observe: a.srv.ObserveWrite}, // /healthz knows of failed writes
		Fetcher:     c,
		ParseFeed:   fetch.ParseFeed,
		Sources:     cfg.Sanafeed(),
		CatchUp:     cfg.Poll.CatchUp.Duration,
		StaleAfter:  cfg.Poll.StaleAfter.Duration,
		MaxSilence:  cfg.Poll.MaxSilence.Duration,
		KeepPages:   cfg.Pages.Keep.Duration,
		FoldReposts: cfg.Stories.Fold,
		FoldWindow:  cfg.Stories.FoldWindow.Duration,
		DecodePage:  charset.DecodeHTML,
		BustCache:   fetch.BustCache,
		Notify:      a.notify,
		Logger:      log,
	}
	return a, nil
}

// setMemoryLimit makes limit ([server] memory_limit) the Go runtime's soft
// memory limit, none when it is 0, unless GOMEMLIMIT in the environment
// set one already: the operator's word for this one run. serve sets it,
// the one-shot commands do not: a first poll of 10,000 articles under the
// limit spent 25–35 % more CPU in the collector and fell under half the
// parse-only rate (go run ./cmd/sanabench -only ingest: 0.46–0.56× with
// it, 0.50–0.57× without), while what a long-running serve holds is what
// the limit is for.
func setMemoryLimit(limit config.Bytes) {
	switch {
	case os.Getenv("GOMEMLIMIT") != "":
	case limit == 0:
		debug.SetMemoryLimit(math.MaxInt64) // the runtime's "no limit"
	default:
		debug.SetMemoryLimit(int64(limit))
	}
}

// newClient returns the polite HTTP client that [poll] configures.
func newClient(p config.Poll, log *slog.Logger) *fetch.Client {
	c := fetch.NewClient()
	c.UserAgent = p.UserAgent
	c.Timeout = p.Timeout.Duration
	c.FirstByteTimeout = p.FirstByteTimeout.Duration
	c.MaxInFlight = p.MaxInFlight
	c.MaxBytes = p.MaxBytes
	c.Robots = p.Robots
	if p.CrawlDelay != nil {
		d := p.CrawlDelay.Duration
		c.CrawlDelay = &d
	}
	c.Logger = log
	return c
}

// notify is the poller's Notify: what was stored wakes the webhook
// dispatcher (the events are queued already); a poll's result is counted
// for /metrics; once the translations are linked, webhooks wake again
// (translation_linked events) and WebSub is told, so subscribers get each
// feed once, with its translations. None of it blocks the poll.
func (a *app) notify(ctx context.Context, n refresh.Notice) {
	switch n.Step {
	case refresh.Stored:
		a.hooks.Notify()
	case refresh.Polled:
		a.srv.ObservePoll(n.Result)
	case refresh.Linked:
		a.hooks.Notify()
		if a.pub != nil {
			a.pub.Publish(ctx)
		}
	}
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
	langs := servedLangs(a.cfg)
	support := a.cfg.Stories.TagSupport
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
		WebhookNames: a.webhookNames,
		TagGroups: func(ctx context.Context) (*sanafeed.TagGroups, error) {
			_, g, err := learnTags(ctx, a.db, support)
			return g, err
		},
		// metrics_listen serves /metrics apart, e.g. on loopback only.
		SeparateMetrics: a.cfg.MetricsListen != "",
		Logger:          a.log,
	}
}

// servedLangs returns the languages of cfg's sources in the editions'
// order: the editions served.
func servedLangs(cfg config.Config) []string {
	langs := make([]string, 0, len(cfg.Sources))
	for _, e := range sanafeed.Editions {
		for _, s := range cfg.Sources {
			if s.Lang == e.Lang {
				langs = append(langs, e.Lang)
			}
		}
	}
	return langs
}

// webhookNames returns the name of each configured webhook endpoint by
// its id, for /metrics. It never waits: a reload swaps the map whole.
func (a *app) webhookNames() map[string]string {
	if m := a.hookNames.Load(); m != nil {
		return *m
	}
	return nil
}

// setWebhookNames records the names of eps for webhookNames.
func (a *app) setWebhookNames(eps []sanafeed.Endpoint) {
	names := endpointNames(eps)
	a.hookNames.Store(&names)
}

// endpointNames returns the name of each of eps by its id.
func endpointNames(eps []sanafeed.Endpoint) map[string]string {
	names := make(map[string]string, len(eps))
	for _, ep := range eps {
		names[sanafeed.WebhookID(ep.URL)] = ep.Label()
	}
	return names
}

// configNames returns the name of each webhook endpoint of cfg by its id.
func configNames(cfg config.Config) map[string]string {
	eps := make([]sanafeed.Endpoint, len(cfg.Webhooks))
	for i, w := range cfg.Webhooks {
		eps[i] = w.Endpoint()
	}
	return endpointNames(eps)
}

// since formats a duration for summaries.
func since(d time.Duration) string { return d.Round(time.Millisecond).String() }
