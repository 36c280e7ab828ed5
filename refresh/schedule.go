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
	retryAt     time.Time // the host asked to wait until then

	// The plan (see plan.go):
	rate    rate          // how often it publishes
	cost    float64       // requests a check takes (EWMA); 0: DefaultCheckCost
	planned time.Duration // the check interval the last plan gave; 0: none yet
	// follows is set after a poll that went well: next is then the start
	// of that poll (since) plus the planned interval, moved whenever the
	// plan changes.
	follows bool
	since   time.Time
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
// source is due again after the check interval planned for it with the
// other sources on its host (see plan.go), at most its configured
// Interval; after PartialRetry at most when pages were left unread; after
// Backoff when it failed as a whole; and never before its host's
// Retry-After. The loop looks for due sources every second of the
// Poller's clock (see After).
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
	p.replan(s.start)
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
		case <-p.after(time.Second):
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
	now := p.now()
	s.mu.Lock()
	p.Sources = slices.Clone(srcs)
	for _, src := range p.Sources {
		if st := s.source(src.Lang); st.lastSuccess.IsZero() && !s.start.IsZero() {
			st.lastSuccess = now // a source added while running is given MaxSilence too
		}
	}
	s.mu.Unlock()
	p.replan(now) // the host's budget is shared anew
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
	next := p.record(src, sp)
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

// record notes the result of a poll of src that ended at now, whose
// check (the requests before article pages) took checks requests and that
// found articles published or edited at the times found (zero: the page
// did not say), the host having asked not to be polled before retryAt
// (zero: no such request). Unless the poll failed, when src is due again
// follows the plan (see replan).
func (s *Schedule) record(src sanafeed.Source, res sanafeed.PollResult, checks int, found []time.Time, retryAt, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.source(src.Lang)
	st.last = res
	st.retryAt = retryAt
	first := st.polls == 0
	st.polls++
	st.follows = false
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
		st.learn(found, checks, first, now)
		if res.Unread > 0 {
			// What could not be read is retried soon after, not a whole
			// interval later.
			st.next = now.Add(min(st.interval(src), PartialRetry))
			break
		}
		// The interval runs from the poll's start: an edition is
		// checked every interval, however long its polls take.
		st.follows, st.since = true, now
		if !res.Started.IsZero() && res.Started.Before(now) {
			st.since = res.Started
		}
		st.next = st.since.Add(st.interval(src))
	}
	if retryAt.After(st.next) {
		st.next = retryAt
	}
}

// replan plans the check intervals of the sources on each host together
// (see plan.go) as of now, and moves when each source that follows the
// plan is due. The Fetcher tells the hosts and their gaps when it is a
// Spacer; otherwise each source has a host of its own with no limit.
func (p *Poller) replan(now time.Time) {
	s := p.schedule()
	sp, _ := p.Fetcher.(Spacer)
	s.mu.Lock()
	defer s.mu.Unlock()
	type host struct {
		gap  time.Duration
		srcs []sanafeed.Source
	}
	hosts := map[string]*host{}
	var order []string
	for _, src := range p.Sources {
		key, gap := "source "+src.Lang, time.Duration(0)
		if sp != nil {
			if k, g := sp.Host(src.URL); k != "" {
				key, gap = k, g
			}
		}
		h := hosts[key]
		if h == nil {
			h = &host{gap: gap}
			hosts[key] = h
			order = append(order, key)
		}
		h.srcs = append(h.srcs, src)
	}
	for _, key := range order {
		h := hosts[key]
		ds := make([]demand, len(h.srcs))
		for i, src := range h.srcs {
			st := s.source(src.Lang)
			ds[i] = demand{rate: st.rate.perSecond(now), cost: st.checkCost(), max: interval(src)}
		}
		for i, t := range planHost(ds, h.gap) {
			st := s.source(h.srcs[i].Lang)
			st.planned = t
			if st.follows {
				st.next = later(st.since.Add(st.interval(h.srcs[i])), st.retryAt)
			}
		}
	}
}

// learn updates the source's rate and check cost from a poll that went
// well, ended at now, found articles published or edited at the times
// found, and whose check took checks requests.
func (st *sourceState) learn(found []time.Time, checks int, first bool, now time.Time) {
	// The first poll found everything not stored, however old: each
	// counts by its age, so what came out lately tells the rate, and what
	// has no date tells nothing. Later, what has no date came out since
	// the poll before.
	var times []time.Time
	for _, t := range found {
		switch {
		case !t.IsZero():
			times = append(times, t)
		case !first:
			times = append(times, now)
		}
	}
	st.rate = st.rate.add(now, times...)
	if first {
		return // it may have caught up with sitemaps: no check's cost
	}
	if st.cost == 0 {
		st.cost = float64(checks)
	} else {
		st.cost = 0.7*st.cost + 0.3*float64(checks)
	}
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// A Spacer is a Fetcher that spaces its requests to each host: Host
// returns the key of the host of url (sources with the same key share
// its budget) and the least gap kept between two requests there, on the
// Poller's clock. *fetch.Client is one.
type Spacer interface {
	Host(url string) (key string, gap time.Duration)
}

// interval returns src's configured interval, DefaultInterval when unset.
func interval(src sanafeed.Source) time.Duration {
	if src.Interval <= 0 {
		return DefaultInterval
	}
	return src.Interval
}

// interval returns src's planned check interval (its configured one
// before any plan).
func (st *sourceState) interval(src sanafeed.Source) time.Duration {
	if st.planned <= 0 {
		return interval(src)
	}
	return st.planned
}

// checkCost returns the requests a check of the source is taken to cost.
func (st *sourceState) checkCost() float64 {
	if st.cost <= 0 {
		return DefaultCheckCost
	}
	return max(st.cost, 1)
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

// record records the poll sp of src in the schedule, plans again and
// returns when src is next due.
func (p *Poller) record(src sanafeed.Source, sp *sourcePoll) time.Time {
	now := p.now()
	s := p.schedule()
	s.record(src, sp.res, sp.checks, sp.found, sp.retryAt, now)
	p.replan(now)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.source(src.Lang).next
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
