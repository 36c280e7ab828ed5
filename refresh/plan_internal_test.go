package refresh

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

const perHour = 1.0 / 3600

func TestPlanHostBusyOftenerQuietAtInterval(t *testing.T) {
	ds := []demand{
		{rate: 30 * perHour, cost: 2, max: 10 * time.Minute},     // Arabic in the working day
		{rate: 30 * perHour / 4, cost: 2, max: 10 * time.Minute}, // four times quieter
		{rate: 0, cost: 2, max: 10 * time.Minute},                // nothing seen yet
		{rate: 0.01 * perHour, cost: 2, max: 20 * time.Minute},   // all but silent
		{rate: 1000 * perHour, cost: 3, max: 10 * time.Minute},   // far beyond SANA
		{rate: 3 * perHour, cost: 2, max: 30 * time.Second},      // configured shorter than the plan
		{rate: 5 * perHour, cost: 2, max: 10 * time.Minute},      // a quiet one
		{rate: 5 * perHour, cost: 4, max: 10 * time.Minute},      // the same, dearer to check
	}
	got := planHost(ds, 0) // no gap: the budget binds nothing
	if got[0] >= got[1] {
		t.Errorf("busy source every %v, one four times quieter every %v: want the busy one oftener", got[0], got[1])
	}
	if r := float64(got[1]) / float64(got[0]); math.Abs(r-2) > 0.01 {
		t.Errorf("four times the rate: intervals %v and %v, ratio %.2f, want 2 (the square root)", got[0], got[1], r)
	}
	if got[2] != 10*time.Minute || got[3] != 20*time.Minute {
		t.Errorf("quiet sources every %v and %v, want their configured 10m and 20m", got[2], got[3])
	}
	if got[5] != 30*time.Second {
		t.Errorf("configured 30s: planned %v, want 30s (the configured interval is the longest)", got[5])
	}
	if got[7] <= got[6] {
		t.Errorf("dearer check every %v, cheaper every %v: want the dearer one less often", got[7], got[6])
	}
	for i, d := range got {
		if d > ds[i].max || d <= 0 {
			t.Errorf("source %d: %v, want in (0, %v]", i, d, ds[i].max)
		}
	}
}

// The checks a plan makes, with the pages the rates bring, never take
// more than the host's budget, whatever the rates, costs and intervals.
func TestPlanHostWithinBudget(t *testing.T) {
	sana := func(scale float64, interval time.Duration) []demand {
		rates := []float64{300, 75, 20, 60, 20, 20} // a day's posts, ar en tr fr es ku
		ds := make([]demand, len(rates))
		for i, r := range rates {
			// Most of a day's posts fall in its busy hours.
			ds[i] = demand{rate: scale * r / 12 * perHour, cost: 2, max: interval}
		}
		ds[1].cost = 3 // English: the feed is stale, a busted one is read too
		return ds
	}
	for _, tt := range []struct {
		name string
		ds   []demand
		gap  time.Duration
	}{
		{"sana, crawl delay 5s", sana(1, 10*time.Minute), 5 * time.Second},
		{"sana at night", sana(0.05, 10*time.Minute), 5 * time.Second},
		{"sana ten times busier", sana(10, 10*time.Minute), 5 * time.Second},
		{"sana, crawl delay 60s", sana(1, 10*time.Minute), time.Minute},
		{"intervals too short for the budget", sana(1, 30*time.Second), 30 * time.Second},
		{"one source", []demand{{rate: 40 * perHour, cost: 2, max: time.Hour}}, 5 * time.Second},
		{"dear checks", []demand{{rate: 40 * perHour, cost: 30, max: time.Minute}, {cost: 30, max: time.Minute}}, 5 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := planHost(tt.ds, tt.gap)
			checks, pages := 0.0, 0.0
			for i, d := range tt.ds {
				checks += d.cost / got[i].Seconds()
				pages += d.rate
			}
			budget := 1 / tt.gap.Seconds()
			if checks > CheckShare*budget*1.0001 {
				t.Errorf("checks %.1f requests/h, want at most %.0f%% of the budget %.0f/h (intervals %v)",
					checks*3600, CheckShare*100, budget*3600, got)
			}
			if pages < (1-CheckShare)*budget && checks+pages > budget*1.0001 {
				t.Errorf("checks %.1f + pages %.1f requests/h, over the budget %.0f/h", checks*3600, pages*3600, budget*3600)
			}
		})
	}
}

func TestRate(t *testing.T) {
	t0 := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	six := []time.Time{t0, t0, t0, t0, t0, t0}
	r := rate{}.add(t0, six...)
	if want := 6 / SlowRateWindow.Seconds(); r.slow != want || r.fast != 6/RateWindow.Seconds() {
		t.Errorf("6 found: %+v, want fast 6/RateWindow, slow %v", r, want)
	}
	if got := r.perSecond(t0.Add(RateWindow)); math.Abs(got-max(r.fast/math.E, r.slow*math.Exp(-0.125))) > 1e-12 {
		t.Errorf("after RateWindow: %v", got)
	}
	// An article published two hours before it is found counts for less.
	if old := (rate{}).add(t0, t0.Add(-2*time.Hour)); old.perSecond(t0) >= (rate{}).add(t0, t0).perSecond(t0)/2 {
		t.Errorf("an old article counts as much as a new one: %+v", old)
	}
	// A steady rate is estimated as such however often it is sampled.
	for _, every := range []time.Duration{time.Minute, 10 * time.Minute} {
		r := rate{}
		for now := t0.Add(every); now.Before(t0.Add(3 * SlowRateWindow)); now = now.Add(every) {
			var found []time.Time
			for i := range every / time.Minute { // one a minute
				found = append(found, now.Add(-i*time.Minute))
			}
			r = r.add(now, found...)
		}
		if perMin := r.perSecond(r.at) * 60; perMin < 0.9 || perMin > 1.2 {
			t.Errorf("one a minute sampled every %v: estimated %.2f a minute", every, perMin)
		}
		// An hour's lull after a steady day is no silence: the slow
		// count still says some half of the rate.
		if perMin := r.perSecond(r.at.Add(time.Hour)) * 60; perMin < 0.5 {
			t.Errorf("an hour after: estimated %.2f a minute, want the slow count's 0.7 or so", perMin)
		}
	}
}

// spacer is a Fetcher that tells a host and a gap, and fetches nothing.
type spacer struct{ gap time.Duration }

func (f spacer) Get(ctx context.Context, url string, st sanafeed.FetchState) (*sanafeed.Response, error) {
	return nil, errors.New("spacer fetches nothing")
}

func (f spacer) Host(url string) (string, time.Duration) { return "sana.test", f.gap }

// A day of six editions on one host, driven on an explicit clock through
// the poller's schedule. The host answers one request per gap, first come
// first served; each edition has one poll at a time, which asks its
// check requests one after the other, then the page of each article
// published by the time its check ended. Publication follows SANA's day
// (a day's posts per edition, most in the working hours). The busy
// editions are checked more often than the quiet ones; no edition goes
// longer than its configured interval between the starts of two checks;
// and the plan leaves the host's queue short: no request waits
// more than a minute for its turn.
func TestScheduleDayWithinBudget(t *testing.T) {
	const gap = 5 * time.Second
	day := map[string]float64{"ar": 300, "en": 75, "tr": 20, "fr": 60, "es": 20, "ku": 20}
	cost := map[string]int{"en": 3, "tr": 3} // their feeds are stale: a busted one is read too
	p := &Poller{Fetcher: spacer{gap}}
	var srcs []sanafeed.Source
	for _, e := range sanafeed.Editions {
		srcs = append(srcs, sanafeed.Source{Lang: e.Lang, URL: "http://sana.test/" + e.Lang + "/", Interval: 10 * time.Minute})
	}
	p.SetSources(srcs)
	t0 := time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC)
	now := t0
	p.Now = func() time.Time { return now }
	s := p.schedule()

	type poll struct {
		src           sanafeed.Source
		started       time.Time
		checksLeft    int
		pages         []time.Time // publication times of the pages to read
		found         []time.Time
		checks, asked int
	}
	type request struct {
		p      *poll
		queued time.Time
	}
	r := rand.New(rand.NewPCG(17, 2))
	unseen := map[string][]time.Time{} // published, not yet found
	inFlight := map[string]*poll{}
	lastStart := map[string]time.Time{}
	checks := map[string]int{}
	lat := map[string][]time.Duration{}
	var queue []request
	var served time.Time
	var longestWait, longestGap time.Duration
	requests := 0
	for ; now.Before(t0.Add(24 * time.Hour)); now = now.Add(time.Second) {
		weight := 0.4 // of the day's average rate, at night
		if h := now.Hour(); h >= 8 && h < 20 {
			weight = 1.6
		}
		for _, e := range sanafeed.Editions { // in order: the same draws every run
			if r.Float64() < day[e.Lang]/86400*weight {
				unseen[e.Lang] = append(unseen[e.Lang], now)
			}
		}
		for _, src := range srcs {
			s.mu.Lock()
			due := !now.Before(s.source(src.Lang).next)
			s.mu.Unlock()
			if !due || inFlight[src.Lang] != nil {
				continue
			}
			c := max(cost[src.Lang], 2)
			pl := &poll{src: src, started: now, checksLeft: c, checks: c}
			inFlight[src.Lang] = pl
			if last, ok := lastStart[src.Lang]; ok {
				longestGap = max(longestGap, now.Sub(last))
			}
			lastStart[src.Lang] = now
			checks[src.Lang]++
			queue = append(queue, request{pl, now})
		}
		if len(queue) == 0 || (!served.IsZero() && now.Sub(served) < gap) {
			continue
		}
		rq := queue[0]
		queue = queue[1:]
		served = now
		requests++
		longestWait = max(longestWait, now.Sub(rq.queued))
		pl := rq.p
		lang := pl.src.Lang
		pl.asked++
		switch {
		case pl.checksLeft > 0:
			pl.checksLeft--
			if pl.checksLeft == 0 {
				pl.pages, unseen[lang] = unseen[lang], nil
			}
		default:
			lat[lang] = append(lat[lang], now.Sub(pl.pages[0]))
			pl.found = append(pl.found, pl.pages[0])
			pl.pages = pl.pages[1:]
		}
		if pl.checksLeft > 0 || len(pl.pages) > 0 {
			queue = append(queue, request{pl, now})
			continue
		}
		delete(inFlight, lang)
		p.record(pl.src, &sourcePoll{res: sanafeed.PollResult{Lang: lang, Started: pl.started, New: len(pl.found), Requests: pl.asked},
			checks: pl.checks, found: pl.found})
	}
	if checks["ar"] <= 2*checks["tr"] || checks["en"] <= checks["ku"] {
		t.Errorf("checks in a day: %v; want Arabic's far more than Turkish's, English's more than Kurdish's", checks)
	}
	if longestGap > 10*time.Minute+time.Second {
		t.Errorf("an edition went %v between two checks, more than its configured 10m", longestGap)
	}
	if longestWait > time.Minute {
		t.Errorf("a request waited %v for the host's turn: the plan asks more than the budget holds", longestWait)
	}
	var line []string
	for _, e := range sanafeed.Editions {
		ds := lat[e.Lang]
		slices.Sort(ds)
		if len(ds) > 0 {
			line = append(line, fmt.Sprintf("%s %d checks, %d posts, median %.1f min, p95 %.1f min", e.Lang, checks[e.Lang],
				len(ds), ds[len(ds)/2].Minutes(), ds[len(ds)*95/100].Minutes()))
		}
	}
	t.Logf("%d requests in the day (%.0f%% of the budget), longest wait for a turn %v\n%s", requests,
		100*float64(requests)/float64(24*time.Hour/gap), longestWait, strings.Join(line, "\n"))
}
