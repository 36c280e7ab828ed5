package refresh

import (
	"math"
	"time"
)

// Planning: the sources that share a host (SANA's six editions share
// sana.sy) share its budget, one request per crawl delay. Their checks
// (one poll's requests before article pages: the feed, the home listing,
// a cache-busted feed, each conditional) are planned together: often
// where an edition publishes now, seldom where it is quiet, within a
// share of the budget that leaves the rest to article pages, which a poll
// fetches as soon as it sees them.
//
// Each source i publishes at an estimated rate λᵢ (new or changed
// articles per second: the larger of two decaying counts, over RateWindow
// to follow a burst as it starts and over SlowRateWindow so that a lull
// between two stories is not taken for silence) and a check of it costs
// cᵢ requests. Checking it every Tᵢ delays an article by Tᵢ/2 on
// average. Counting a request as worth RequestCost of one article's
// delay, the total cost Σ λᵢTᵢ/2 + RequestCost·Σ cᵢ/Tᵢ is least at
// Tᵢ = √(2·RequestCost·cᵢ/λᵢ): a source publishing four times as fast is
// checked twice as often. Each Tᵢ is at most the source's configured
// interval (a quiet source is still checked that often) and at least its
// own cᵢ requests' worth of gaps. When the checks would take more than
// CheckShare of the budget, less what the pages are expected to take,
// every Tᵢ is stretched alike (RequestCost raised) until they fit; when
// even the configured intervals do not fit, they are stretched too: the
// budget wins, and the fetcher holds to it whatever the plan.
const (
	// RequestCost is how much delay of one article one request to a
	// host is worth (see the sum above).
	RequestCost = 1 * time.Second
	// CheckShare is the most of a host's budget the planned checks take.
	CheckShare = 0.7
	// RateWindow and SlowRateWindow are the time constants of the two
	// rate estimates: an article found counts for less as it ages (from
	// its publication, or its edit), by e^(-age/window).
	RateWindow     = 30 * time.Minute
	SlowRateWindow = 4 * time.Hour
	// DefaultCheckCost is the requests a check is taken to cost until a
	// poll of the source has been seen: its feed and its home listing.
	DefaultCheckCost = 2.0
)

// A demand is what the plan knows of one source on a host.
type demand struct {
	rate float64       // articles per second, estimated; 0 when none seen
	cost float64       // requests per check
	max  time.Duration // the configured interval: the longest check interval
}

// planHost returns the check interval of each of ds, sources sharing a
// host that keeps gap between two requests (0: no limit).
func planHost(ds []demand, gap time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	budget := math.Inf(1) // requests per second for checks
	if gap > 0 {
		pages := 0.0
		for _, d := range ds {
			pages += d.rate // one page per article found
		}
		total := 1 / gap.Seconds()
		budget = max(CheckShare*total-pages, total/10*CheckShare) // checks never starve
	}
	worth := RequestCost.Seconds()
	load := fill(out, ds, gap, worth)
	if load <= budget {
		return out
	}
	// Raise the worth of a request until the checks fit, bisecting on its
	// logarithm; past hi every source is at its configured interval.
	lo, hi := worth, worth
	for range 60 {
		hi *= 4
		if fill(out, ds, gap, hi) <= budget || allAtMax(out, ds) {
			break
		}
	}
	for range 40 {
		mid := math.Sqrt(lo * hi)
		if fill(out, ds, gap, mid) <= budget {
			hi = mid
		} else {
			lo = mid
		}
	}
	if load = fill(out, ds, gap, hi); load > budget {
		// Even the configured intervals are too short for the budget.
		for i := range out {
			out[i] = time.Duration(float64(out[i]) * load / budget)
		}
	}
	return out
}

// fill sets each interval for a request worth seconds of delay and
// returns the checks' load, in requests per second.
func fill(out []time.Duration, ds []demand, gap time.Duration, worth float64) float64 {
	load := 0.0
	for i, d := range ds {
		t := d.max.Seconds()
		if d.rate > 0 {
			t = min(t, math.Sqrt(2*worth*d.cost/d.rate))
		}
		t = max(t, d.cost*gap.Seconds(), 1)
		out[i] = time.Duration(t * float64(time.Second))
		load += d.cost / t
	}
	return load
}

// allAtMax reports whether every interval is its source's configured one.
func allAtMax(out []time.Duration, ds []demand) bool {
	for i, d := range ds {
		if out[i] < d.max {
			return false
		}
	}
	return true
}

// A rate estimates how often a source publishes: two decaying counts of
// what its polls found, in articles per second.
type rate struct {
	fast, slow float64
	at         time.Time // as of then; zero before any poll
}

// add returns r seen at now, with articles published (or edited) at the
// times found more.
func (r rate) add(now time.Time, found ...time.Time) rate {
	return rate{fast: decay(r.fast, r.at, now, RateWindow, found), slow: decay(r.slow, r.at, now, SlowRateWindow, found), at: now}
}

// perSecond returns the estimate as of now.
func (r rate) perSecond(now time.Time) float64 {
	return max(decay(r.fast, r.at, now, RateWindow, nil), decay(r.slow, r.at, now, SlowRateWindow, nil))
}

// decay returns the decaying count c, made at, seen at now over window,
// with articles found at the times found more.
func decay(c float64, at, now time.Time, window time.Duration, found []time.Time) float64 {
	w := window.Seconds()
	if !at.IsZero() && now.After(at) {
		c *= math.Exp(-now.Sub(at).Seconds() / w)
	}
	for _, t := range found {
		age := max(now.Sub(t).Seconds(), 0)
		c += math.Exp(-age/w) / w
	}
	return c
}
