package refresh

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// MaxBackoff caps the wait after repeated failures of a source. The poller
// never gives up on a source: it keeps trying at least this often.
const MaxBackoff = 6 * time.Hour

// A Schedule tracks when each source is due and how it last went. It is
// safe for concurrent use (Run writes, health checks read).
type Schedule struct {
	mu       sync.Mutex // guards the fields below
	next     map[string]time.Time
	failures map[string]int
	last     map[string]sanafeed.PollResult
	beat     time.Time // last time the loop ran
}

// Backoff returns how long to wait before polling a source again after
// failures consecutive failures: a minute doubling each time, capped at
// MaxBackoff, with ±20 % jitter so sources and instances do not align.
func Backoff(failures int, interval time.Duration) time.Duration {
	if failures <= 0 {
		return interval
	}
	d := time.Minute << min(failures-1, 20)
	d = min(d, MaxBackoff)
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(d) * jitter)
}

// Run polls each source when it is due until ctx is cancelled, then waits
// for polls in flight to finish storing and returns ctx's error. Each
// source runs on its own, so a slow edition never holds up the others;
// the Fetcher keeps the shared host's request budget.
func (p *Poller) Run(ctx context.Context) error {
	s := p.schedule()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	inflight := map[string]bool{}
	done := make(chan string)
	for {
		now := p.now()
		s.mu.Lock()
		s.beat = now
		for _, src := range p.Sources {
			if inflight[src.Lang] || now.Before(s.next[src.Lang]) {
				continue
			}
			inflight[src.Lang] = true
			wg.Go(func() {
				p.pollScheduled(ctx, src)
				select {
				case done <- src.Lang:
				case <-ctx.Done():
				}
			})
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case lang := <-done:
			delete(inflight, lang)
		case <-tick.C:
		}
	}
}

func (p *Poller) pollScheduled(ctx context.Context, src sanafeed.Source) {
	s := p.schedule()
	res := p.PollSource(ctx, src)
	if ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last[src.Lang] = res
	if res.Err != "" {
		s.failures[src.Lang]++
	} else {
		s.failures[src.Lang] = 0
	}
	s.next[src.Lang] = p.now().Add(Backoff(s.failures[src.Lang], src.Interval))
	p.log().Info("polled", "lang", src.Lang, "new", res.New, "updated", res.Updated,
		"unchanged", res.Unchanged, "failed", res.Failed, "requests", res.Requests,
		"not_modified", res.NotModified, "stale_feed", res.FeedStale, "err", res.Err,
		"next", s.next[src.Lang].Format(time.RFC3339))
}

func (p *Poller) schedule() *Schedule {
	p.once.Do(func() {
		p.sched = &Schedule{
			next:     map[string]time.Time{},
			failures: map[string]int{},
			last:     map[string]sanafeed.PollResult{},
		}
	})
	return p.sched
}

// Status returns the last poll result of each source polled by Run and
// when each is next due.
func (p *Poller) Status() (last map[string]sanafeed.PollResult, next map[string]time.Time) {
	s := p.schedule()
	s.mu.Lock()
	defer s.mu.Unlock()
	last = make(map[string]sanafeed.PollResult, len(s.last))
	next = make(map[string]time.Time, len(s.next))
	for k, v := range s.last {
		last[k] = v
	}
	for k, v := range s.next {
		next[k] = v
	}
	return last, next
}

// Alive returns an error when Run has not ticked for a while: the loop is
// stuck or was never started.
func (p *Poller) Alive(ctx context.Context) error {
	s := p.schedule()
	s.mu.Lock()
	beat := s.beat
	s.mu.Unlock()
	if beat.IsZero() {
		return fmt.Errorf("poller not started")
	}
	if age := p.now().Sub(beat); age > time.Minute {
		return fmt.Errorf("poller loop last ran %s ago", age.Round(time.Second))
	}
	return nil
}
