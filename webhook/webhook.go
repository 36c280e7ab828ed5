// Package webhook delivers sanafeed's events to webhook endpoints the
// Standard Webhooks way (https://www.standardwebhooks.com): a JSON POST
// with webhook-id, webhook-timestamp and webhook-signature headers, signed
// with HMAC-SHA256 by every secret of the endpoint.
//
// Events are queued by the store in the same transaction that stores the
// change; a Dispatcher only reads that outbox, sends what is due and
// records the outcome: a 2xx removes the delivery, other answers and
// transport errors schedule a retry with exponential backoff, 410 Gone
// disables the endpoint. A delivery keeps its webhook-id on every try, so
// receivers can drop repeats; delivery is at least once.
//
// The package declares what it needs of the store (Store) and does no
// other I/O than HTTP. An endpoint's URL may carry a token: logs and the
// errors recorded in the store name the endpoint (sanafeed.Endpoint.Label)
// and show its URL without userinfo and query (sanafeed.RedactURL).
package webhook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Defaults for the Dispatcher's zero fields.
const (
	DefaultTimeout     = 15 * time.Second // per attempt, answer included
	DefaultMaxAge      = 72 * time.Hour   // retry for three days
	DefaultMaxInFlight = 4                // attempts at once per endpoint
	maxResponse        = 64 << 10         // bytes of an answer read
	maxExcerpt         = 200              // bytes of an answer logged and kept
	storeRetry         = 10 * time.Second // wait after a store error
)

// Store is the outbox a Dispatcher reads and updates; *store.DB satisfies
// it. Delivery keys and endpoint ids are the store's.
type Store interface {
	// DueDeliveries returns up to limit deliveries to the endpoint id due
	// at now, in the order they were queued.
	DueDeliveries(ctx context.Context, id string, now time.Time, limit int) ([]sanafeed.Delivery, error)
	// NextDue returns the earliest time after after at which a delivery to
	// the endpoint id is due; zero if none is queued.
	NextDue(ctx context.Context, id string, after time.Time) (time.Time, error)
	// MarkDelivered removes a delivery its endpoint accepted.
	MarkDelivered(ctx context.Context, key string) error
	// MarkFailed records a failed attempt: due again at next, or given up
	// if final.
	MarkFailed(ctx context.Context, key string, status int, errText string, next time.Time, final bool) error
	// DisableEndpoint stops deliveries to the endpoint id (410 Gone).
	DisableEndpoint(ctx context.Context, id string) error
	// WebhookStats returns the counters of the configured endpoints.
	WebhookStats(ctx context.Context) ([]sanafeed.EndpointStats, error)
}

// A Dispatcher sends queued deliveries to its endpoints, one worker per
// endpoint with at most MaxInFlight attempts at once, so a slow receiver
// delays nobody else. Set the fields, then call Run (serve) or DeliverDue
// (one poll), not both at once. Notify and Stats are safe at any time.
type Dispatcher struct {
	Store Store
	// Endpoints are where to send, with their signing secrets; their
	// filters were applied when the events were queued.
	Endpoints []sanafeed.Endpoint
	HTTP      *http.Client     // nil: a client that follows no redirects
	Now       func() time.Time // nil: time.Now
	Logger    *slog.Logger     // nil: discard

	// Backoff returns the wait after the attempt-th failed attempt of a
	// delivery (1 after the first); nil means DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// MaxAge is how long after it was queued a delivery is retried: a
	// failure whose next try would come later gives up. 0: DefaultMaxAge.
	MaxAge time.Duration
	// Timeout bounds one attempt, the answer included. 0: DefaultTimeout.
	Timeout time.Duration
	// MaxInFlight bounds the attempts at once per endpoint. 0: DefaultMaxInFlight.
	MaxInFlight int

	mu      sync.Mutex // guards running
	running []*worker  // Run's workers, for Notify
}

// DefaultBackoff waits 5 s, 5 min, 30 min, 2 h, 5 h and 10 h after the
// first six failed attempts and a day after each later one, each ±10 %
// at random so that retries from many deliveries spread out.
func DefaultBackoff(attempt int) time.Duration {
	var d time.Duration
	switch attempt {
	case 0, 1:
		d = 5 * time.Second
	case 2:
		d = 5 * time.Minute
	case 3:
		d = 30 * time.Minute
	case 4:
		d = 2 * time.Hour
	case 5:
		d = 5 * time.Hour
	case 6:
		d = 10 * time.Hour
	default:
		d = 24 * time.Hour
	}
	return d - d/10 + rand.N(d/5)
}

// Notify tells a running Run that new deliveries may be due, waking every
// endpoint's worker. It never blocks; without Run it does nothing.
func (d *Dispatcher) Notify() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, w := range d.running {
		w.poke()
	}
}

// Run delivers continuously until ctx ends: each endpoint's worker sends
// what is due, then sleeps until Notify, an attempt ending or the next due
// time. Attempts in flight when ctx ends are abandoned unrecorded and
// retried later with the same webhook-id. Run returns nil once every
// goroutine it started has ended, or an error at once if an endpoint is
// unusable (no URL, a bad secret, twice the same URL).
func (d *Dispatcher) Run(ctx context.Context) error {
	ws, err := d.workers()
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.running = ws
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.running = nil
		d.mu.Unlock()
	}()
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() { w.run(ctx) })
	}
	<-ctx.Done()
	wg.Wait()
	return nil
}

// A Result counts the attempts of one DeliverDue call.
type Result struct {
	Delivered int // attempts answered 2xx
	Failed    int // attempts that failed: retried later, given up or disabled
	Pending   int // deliveries still queued to the endpoints afterwards
}

// DeliverDue sends the deliveries due now to every endpoint, trying each
// at most once, and returns when all are done or after maxWait, whichever
// comes first; attempts still running then are abandoned and retried
// later. It is meant for one-shot runs (sanafeed poll).
func (d *Dispatcher) DeliverDue(ctx context.Context, maxWait time.Duration) (Result, error) {
	ws, err := d.workers()
	if err != nil {
		return Result{}, err
	}
	wctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() { w.drain(wctx) })
	}
	wg.Wait()
	var r Result
	for _, w := range ws {
		r.Delivered += int(w.delivered.Load())
		r.Failed += int(w.failed.Load())
	}
	stats, err := d.Stats(ctx)
	if err != nil {
		return r, err
	}
	for _, s := range stats {
		for _, w := range ws {
			if s.ID == w.id {
				r.Pending += s.Pending
			}
		}
	}
	return r, nil
}

// Stats returns the delivery counters of every configured endpoint, for
// `sanafeed webhooks` and /metrics.
func (d *Dispatcher) Stats(ctx context.Context) ([]sanafeed.EndpointStats, error) {
	s, err := d.Store.WebhookStats(ctx)
	if err != nil {
		return nil, fmt.Errorf("webhook: stats: %w", err)
	}
	return s, nil
}

// workers returns a fresh worker for each endpoint.
func (d *Dispatcher) workers() ([]*worker, error) {
	if d.Store == nil {
		return nil, errors.New("webhook: no store")
	}
	client := d.HTTP
	if client == nil {
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirected POST would become a GET
		}}
	}
	var ws []*worker
	seen := map[string]bool{}
	for _, ep := range d.Endpoints {
		if ep.URL == "" || seen[ep.URL] {
			return nil, fmt.Errorf("webhook: endpoint %s (%s): url empty or given twice", ep.Label(), sanafeed.RedactURL(ep.URL))
		}
		seen[ep.URL] = true
		keys, err := decodeSecrets(ep.Secrets)
		if err != nil {
			return nil, fmt.Errorf("webhook: endpoint %s: %w", ep.Label(), err)
		}
		ws = append(ws, &worker{d: d, http: client, url: ep.URL, id: sanafeed.WebhookID(ep.URL),
			name: ep.Label(), shown: sanafeed.RedactURL(ep.URL),
			keys: keys, wake: make(chan struct{}, 1), busy: map[string]bool{}})
	}
	return ws, nil
}

func (d *Dispatcher) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d *Dispatcher) log() *slog.Logger {
	if d.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Logger
}

func (d *Dispatcher) backoff(attempt int) time.Duration {
	if d.Backoff == nil {
		return DefaultBackoff(attempt)
	}
	return d.Backoff(attempt)
}

func (d *Dispatcher) maxAge() time.Duration {
	if d.MaxAge <= 0 {
		return DefaultMaxAge
	}
	return d.MaxAge
}

func (d *Dispatcher) timeout() time.Duration {
	if d.Timeout <= 0 {
		return DefaultTimeout
	}
	return d.Timeout
}

func (d *Dispatcher) maxInFlight() int {
	if d.MaxInFlight <= 0 {
		return DefaultMaxInFlight
	}
	return d.MaxInFlight
}
