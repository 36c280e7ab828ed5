package refresh

import (
	"context"
	"errors"
	"math"
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
		{rate: 30 * perHour, cost: 2, max: 30 * time.Second},     // configured shorter than the plan
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
// the poller's schedule: each edition is polled when it is due, finds what
// was published since its last poll and reads one page each. The busy
// edition is checked more often than the quiet ones; no edition waits
// longer than its configured interval; and in no hour does the host get
// more requests than its crawl delay allows.
func TestScheduleDayWithinBudget(t *testing.T) {
	const gap = 5 * time.Second
	rates := map[string]float64{"ar": 300, "en": 75, "tr": 20, "fr": 60, "es": 20, "ku": 20} // a day
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
	published := map[string]float64{} // articles published so far (fractional)
	polled := map[string]time.Time{}
	checks := map[string]int{}
	longest := map[string]time.Duration{}
	var reqs []time.Time // when each request was made (as planned: one gap apart at best)
	for now.Before(t0.Add(24 * time.Hour)) {
		// The busy hours, 8:00 to 20:00, carry 80% of a day's posts.
		busy := now.Hour() >= 8 && now.Hour() < 20
		for lang, r := range rates {
			share := 0.2 / 12
			if busy {
				share = 0.8 / 12
			}
			published[lang] += r * share / 3600 // per simulated second
		}
		for _, src := range srcs {
			s.mu.Lock()
			due := !now.Before(s.source(src.Lang).next)
			s.mu.Unlock()
			if !due {
				continue
			}
			if last, ok := polled[src.Lang]; ok {
				longest[src.Lang] = max(longest[src.Lang], now.Sub(last))
			}
			polled[src.Lang] = now
			n := int(published[src.Lang])
			published[src.Lang] -= float64(n)
			sp := &sourcePoll{res: sanafeed.PollResult{Lang: src.Lang, New: n, Requests: 2 + n}, checks: 2}
			for range n {
				sp.found = append(sp.found, now)
			}
			for range sp.res.Requests {
				reqs = append(reqs, now)
			}
			checks[src.Lang]++
			p.record(src, sp)
		}
		now = now.Add(time.Second)
	}
	if checks["ar"] <= 2*checks["tr"] || checks["en"] <= checks["ku"] {
		t.Errorf("checks in a day: %v; want Arabic's far more than Turkish's, English's more than Kurdish's", checks)
	}
	for lang, d := range longest {
		if d > 10*time.Minute {
			t.Errorf("%s waited %v between two checks, more than its configured 10m", lang, d)
		}
	}
	// Requests planned in any hour, counted from each request.
	for i, at := range reqs {
		n := 0
		for _, b := range reqs[i:] {
			if b.Sub(at) >= time.Hour {
				break
			}
			n++
		}
		if limit := int(time.Hour / gap); n > limit {
			t.Fatalf("%d requests planned in the hour from %s, more than the budget's %d", n, at.Format("15:04:05"), limit)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Logf("checks in a day: %v; %d requests; planned at the end: ar %v, ku %v", checks, len(reqs),
		s.source("ar").planned, s.source("ku").planned)
}
