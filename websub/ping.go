package websub

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A Pinger tells an external WebSub hub which of sanafeed's feeds changed,
// with a POST of hub.mode=publish&hub.url=<feed>; the hub then fetches the
// feed and distributes it. Set its fields, run Run, and call Publish after
// each change to the store. Its methods are safe for concurrent use.
type Pinger struct {
	Hub    string                                      // the external hub's URL; required
	Topics func(ctx context.Context) ([]string, error) // the feeds to watch; required
	Topic  TopicFunc                                   // renders one; required
	// Generation returns the store's generation: feeds are compared only
	// when it moved. Nil means compare on every Publish and check.
	Generation func() uint64

	Client   *http.Client              // nil means a plain client
	Timeout  time.Duration             // per request; 0 means DefaultTimeout
	Attempts int                       // tries per ping; 0 means DefaultAttempts
	Backoff  func(n int) time.Duration // wait before retry n; nil means DefaultBackoff
	Workers  int                       // concurrent pings; 0 means DefaultWorkers
	Check    time.Duration             // how often Run looks without being told; 0 means DefaultCheck
	Now      func() time.Time          // nil means time.Now
	Logger   *slog.Logger              // nil means discard

	once sync.Once
	set  settings
	poke chan struct{}
	sem  chan struct{}
	mu   sync.Mutex        // guards sent
	sent map[string]string // topic → sanafeed.Topic.Hash the hub was told of
}

// init fills defaults.
func (p *Pinger) init() {
	p.set = newSettings(p.Client, p.Timeout, p.Attempts, p.Backoff, p.Now, p.Logger)
	p.poke = make(chan struct{}, 1)
	workers := p.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	p.sem = make(chan struct{}, workers)
	p.sent = map[string]string{}
}

// Publish tells the pinger the store changed. It never blocks.
func (p *Pinger) Publish(ctx context.Context) {
	p.once.Do(p.init)
	select {
	case p.poke <- struct{}{}:
	default:
	}
}

// Run pings the hub about changed feeds until ctx ends, then waits for
// pings in flight to stop. A feed is pinged when its content differs from
// the last content pinged for it since Run started, so the first change
// after a start pings every feed once. It returns nil when ctx ends.
func (p *Pinger) Run(ctx context.Context) error {
	p.once.Do(p.init)
	check := p.Check
	if check <= 0 {
		check = DefaultCheck
	}
	tick := time.NewTicker(check)
	defer tick.Stop()
	var last uint64
	seen := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-p.poke:
		case <-tick.C:
		}
		if p.Generation != nil {
			gen := p.Generation()
			if seen && gen == last {
				continue
			}
			last, seen = gen, true
		}
		if err := p.pingChanged(ctx); err != nil && ctx.Err() == nil {
			p.set.log.Warn("websub: ping hub", "hub", sanafeed.RedactURL(p.Hub), "err", sanafeed.RedactError(err))
			seen = false // look again at the next tick
		}
	}
}

// pingChanged pings the hub about every watched feed whose content
// changed, and waits for the pings.
func (p *Pinger) pingChanged(ctx context.Context) error {
	topics, err := p.Topics(ctx)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	var mu sync.Mutex // guards errs
	var errs []error
	for _, t := range topics {
		c, err := p.Topic(ctx, t)
		if errors.Is(err, sanafeed.ErrNotFound) {
			continue
		}
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
			continue
		}
		p.mu.Lock()
		same := p.sent[t] == c.Hash
		p.mu.Unlock()
		if same {
			continue
		}
		wg.Go(func() {
			if err := p.ping(ctx, t); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return
			}
			p.mu.Lock()
			p.sent[t] = c.Hash
			p.mu.Unlock()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ping tells the hub that topic changed, retrying.
func (p *Pinger) ping(ctx context.Context, topic string) error {
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}}.Encode()
	var last error
	ok := p.set.retry(ctx, p.sem, nil, func(rctx context.Context) bool {
		req, err := http.NewRequestWithContext(rctx, http.MethodPost, p.Hub, strings.NewReader(form))
		if err != nil {
			last = err
			return false
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		code, err := p.set.do(req)
		switch {
		case err != nil:
			last = err
		case code < 200 || code > 299:
			last = fmt.Errorf("hub answered %d", code)
		default:
			return true
		}
		return false
	})
	if !ok {
		if last == nil {
			last = ctx.Err()
		}
		return fmt.Errorf("websub: ping %s about %s: %w", p.Hub, topic, last)
	}
	return nil
}
