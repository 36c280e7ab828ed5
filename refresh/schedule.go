package refresh

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// MaxBackoff caps the wait after repeated failures of a source. The poller
// never gives up on a source: it keeps trying at least this often.
const MaxBackoff = 6 * time.Hour

// DefaultInterval is the time between two polls of a source whose
// Interval is not set.
const DefaultInterval = 10 * time.Minute

// PartialRetry is the longest wait before a source whose last poll left
// article pages unread is polled again.
const PartialRetry = 2 * time.Minute

// DefaultMaxSilence is the least time without any successful poll after
// which Alive reports the poller unhealthy when Poller.MaxSilence is 0.
const DefaultMaxSilence = time.Hour

// The schedule adapts each source's interval to how often it publishes: a
// factor of its Interval, between MinFactor and MaxFactor. A successful
// poll that finds new articles shrinks it (×¾, starting from at most 1);
// after QuietPolls successful polls in a row without anything new, each
// further quiet poll grows it by a quarter. A source's first poll after
// the process starts does not count (it finds everything new).
const (
	MinFactor  = 0.5
	MaxFactor  = 4.0
	QuietPolls = 3
)

// A Schedule tracks when each source is due and how it last went. It is
// safe for concurrent use (Run writes, health checks read).
type Schedule struct {
	mu    sync.Mutex // guards the fields below
	srcs  map[string]*sourceState
	beat  time.Time // last time Run's loop ran
	start time.Time // when Run started
	// cycle holds the results of the sources polled since the last
	// "poll cycle" log line (see logPolled).
	cycle map[string]sanafeed.PollResult
}

// sourceState is what the schedule knows of one source.
type sourceState struct {
	next        time.Time // due then; zero: at once
	failures    int       // consecutive polls that failed as a whole
	last        sanafeed.PollResult
	polls       int       // polls recorded since the process started
	lastSuccess time.Time // end of the last poll that did not fail as a whole
	lastErr     string    // the last whole-source failure
	lastErrAt   time.Time
	factor      float64   // adapted interval = Interval × factor; 0 means 1
	quiet       int       // successful polls in a row without anything new
	retryAt     time.Time // the host asked to wait until then
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
// the Fetcher keeps the shared host's request budget. After a poll, a
// source is due again after its adapted interval (see MinFactor), or
// after Backoff when it failed as a whole, and never before its host's
// Retry-After.
func (p *Poller) Run(ctx context.Context) error {
	s := p.schedule()
	s.mu.Lock()
	s.start = p.now()
	for _, src := range p.Sources {
		if st := s.source(src.Lang); st.lastSuccess.IsZero() {
			st.lastSuccess = s.start // a fresh start is given MaxSilence
		}
	}
	s.mu.Unlock()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { p.linker().run(ctx) }) // links what each poll stores
	inflight := map[string]bool{}
	done := make(chan string)
	for {
		now := p.now()
		s.mu.Lock()
		s.beat = now
		for _, src := range p.Sources {
			if inflight[src.Lang] || now.Before(s.source(src.Lang).next) {
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
			p.prunePages(ctx, false)
		}
	}
}

// SetSources replaces the sources polled, their rules included, while Run
// runs (a configuration reload): a new source is due at once, a removed
// one is no longer polled (a poll of it in flight finishes), a changed
// one keeps its schedule and takes its new rules at its next poll.
func (p *Poller) SetSources(srcs []sanafeed.Source) {
	s := p.schedule()
	s.mu.Lock()
	defer s.mu.Unlock()
	p.Sources = slices.Clone(srcs)
	for _, src := range p.Sources {
		if st := s.source(src.Lang); st.lastSuccess.IsZero() && !s.start.IsZero() {
			st.lastSuccess = p.now() // a source added while running is given MaxSilence too
		}
	}
}

// sources returns a copy of the sources, safe while SetSources runs.
func (p *Poller) sources() []sanafeed.Source {
	s := p.schedule()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(p.Sources)
}

func (p *Poller) pollScheduled(ctx context.Context, src sanafeed.Source) {
	sp := p.pollSource(ctx, src)
	if ctx.Err() != nil {
		return
	}
	next := p.schedule().record(src, sp.res, sp.retryAt, p.now())
	p.logPolled(ctx, src, sp.res, next)
}

// logPolled logs a scheduled poll: one line per source at debug when it
// went well and found nothing new (a steady state), at info when it
// stored something, at warn when it did not go well; and once every
// source has been polled since the last such line, one "poll cycle" line
// at info with the totals. A quiet serve so logs one line per cycle.
func (p *Poller) logPolled(ctx context.Context, src sanafeed.Source, res sanafeed.PollResult, next time.Time) {
	level := slog.LevelDebug
	switch {
	case res.State() != sanafeed.PollOK:
		level = slog.LevelWarn
	case res.New > 0 || res.Updated > 0:
		level = slog.LevelInfo
	}
	p.log().Log(ctx, level, "polled", "lang", src.Lang, "state", res.State(), "new", res.New, "updated", res.Updated,
		"unchanged", res.Unchanged, "failed", res.Failed, "unread", res.Unread, "requests", res.Requests,
		"not_modified", res.NotModified, "stale_feed", res.FeedStale, "duration", res.Duration, "err", res.Err,
		"errors", res.Errors, "next", next.Format(time.RFC3339))

	s := p.schedule()
	s.mu.Lock()
	if s.cycle == nil {
		s.cycle = map[string]sanafeed.PollResult{}
	}
	s.cycle[src.Lang] = res
	var done []sanafeed.PollResult
	if all := len(p.Sources); len(s.cycle) >= all {
		for _, r := range s.cycle {
			done = append(done, r)
		}
		clear(s.cycle)
	}
	s.mu.Unlock()
	if done == nil {
		return
	}
	var news, updated, requests, notModified int
	var notOK []string
	for _, r := range done {
		news, updated, requests, notModified = news+r.New, updated+r.Updated, requests+r.Requests, notModified+r.NotModified
		if r.State() != sanafeed.PollOK {
			notOK = append(notOK, r.Lang+" "+r.State())
		}
	}
	slices.Sort(notOK)
	p.log().Info("poll cycle", "sources", len(done), "new", news, "updated", updated, "requests", requests,
		"not_modified", notModified, "not_ok", notOK)
}

// record notes the result of a poll of src that ended at now, the host
// having asked not to be polled before retryAt (zero: no such request),
// and returns when src is due again.
func (s *Schedule) record(src sanafeed.Source, res sanafeed.PollResult, retryAt, now time.Time) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.source(src.Lang)
	st.last = res
	st.retryAt = retryAt
	first := st.polls == 0
	st.polls++
	switch {
	case res.Err != "" && strings.HasPrefix(res.Err, storeFailurePrefix):
		// The site answered; our disk did not. Backing off would only
		// keep the failure (and /healthz's 503) longer once space is
		// freed: try again after the plain interval.
		st.failures++
		st.lastErr, st.lastErrAt = res.Err, now
		st.next = now.Add(interval(src))
	case res.Err != "":
		st.failures++
		st.lastErr, st.lastErrAt = res.Err, now
		st.next = now.Add(Backoff(st.failures, interval(src)))
	default:
		st.failures = 0
		st.lastSuccess = now
		if !first {
			st.factor, st.quiet = adapt(st.factor, st.quiet, res.New > 0)
		}
		st.next = now.Add(st.interval(src))
		if res.Unread > 0 {
			// What could not be read is retried soon, not a whole
			// interval later.
			st.next = now.Add(min(st.interval(src), PartialRetry))
		}
	}
	if retryAt.After(st.next) {
		st.next = retryAt
	}
	return st.next
}

// adapt returns the interval factor and count of quiet polls after a
// successful poll that found new articles or not.
func adapt(factor float64, quiet int, found bool) (float64, int) {
	if factor == 0 {
		factor = 1
	}
	if found {
		return max(MinFactor, min(factor, 1)*0.75), 0
	}
	quiet++
	if quiet >= QuietPolls {
		factor = min(MaxFactor, factor*1.25)
	}
	return factor, quiet
}

// interval returns src's configured interval, DefaultInterval when unset.
func interval(src sanafeed.Source) time.Duration {
	if src.Interval <= 0 {
		return DefaultInterval
	}
	return src.Interval
}

// interval returns src's adapted interval.
func (st *sourceState) interval(src sanafeed.Source) time.Duration {
	f := st.factor
	if f == 0 {
		f = 1
	}
	return time.Duration(float64(interval(src)) * f)
}

// source returns the state of lang, creating it. s.mu must be held.
func (s *Schedule) source(lang string) *sourceState {
	st := s.srcs[lang]
	if st == nil {
		st = &sourceState{}
		s.srcs[lang] = st
	}
	return st
}

func (p *Poller) schedule() *Schedule {
	p.init()
	return p.sched
}

// Status returns what the poller knows of each source, in the order of
// p.Sources: the last result, last success and error, when it is next
// due and why. Run and PollOnce keep it; it is safe to call while they
// run.
func (p *Poller) Status() []sanafeed.SourceStatus {
	s := p.schedule()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := p.now()
	out := make([]sanafeed.SourceStatus, 0, len(p.Sources))
	for _, src := range p.Sources {
		st := s.source(src.Lang)
		ss := sanafeed.SourceStatus{
			Lang: src.Lang, Last: st.last, LastSuccess: st.lastSuccess,
			LastError: st.lastErr, LastErrorAt: st.lastErrAt, Failures: st.failures,
			Next: st.next, Interval: st.interval(src),
		}
		if st.retryAt.After(now) {
			ss.RetryAfter = st.retryAt
		}
		out = append(out, ss)
	}
	return out
}

// Alive returns an error when Run has not ticked for a while (the loop is
// stuck or was never started), or when no source has been polled
// successfully for longer than MaxSilence (see maxSilence): the site or
// our way to it is down, and feeds are going stale.
func (p *Poller) Alive(ctx context.Context) error {
	s := p.schedule()
	s.mu.Lock()
	beat := s.beat
	var newest time.Time
	for _, st := range s.srcs {
		if st.lastSuccess.After(newest) {
			newest = st.lastSuccess
		}
	}
	s.mu.Unlock()
	now := p.now()
	if beat.IsZero() {
		return fmt.Errorf("poller not started")
	}
	if age := now.Sub(beat); age > time.Minute {
		return fmt.Errorf("poller loop last ran %s ago", age.Round(time.Second))
	}
	if limit := p.maxSilence(); !newest.IsZero() && now.Sub(newest) > limit {
		return fmt.Errorf("no edition polled successfully for %s (limit %s)", now.Sub(newest).Round(time.Second), limit)
	}
	return nil
}

// maxSilence returns MaxSilence, or when it is 0 the longer of
// DefaultMaxSilence and five times the longest source interval (a quiet
// source may stretch its interval fourfold).
func (p *Poller) maxSilence() time.Duration {
	if p.MaxSilence > 0 {
		return p.MaxSilence
	}
	d := DefaultMaxSilence
	for _, src := range p.sources() {
		d = max(d, 5*interval(src))
	}
	return d
}
