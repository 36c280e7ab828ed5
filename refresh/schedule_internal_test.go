package refresh

import (
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestAdaptBounded(t *testing.T) {
	f, q := 0.0, 0
	var got []float64
	for range 12 { // quiet polls: three at 1, then ×1.25 each up to 4
		f, q = adapt(f, q, false)
		got = append(got, f)
	}
	if got[0] != 1 || got[1] != 1 || got[2] != 1.25 || got[len(got)-1] != MaxFactor {
		t.Errorf("quiet factors = %v, want 1 1 1.25 … 4", got)
	}
	f, q = adapt(f, q, true) // news after a quiet stretch: back under 1 at once
	if f != 0.75 || q != 0 {
		t.Errorf("after news: factor %v quiet %d, want 0.75 0", f, q)
	}
	for range 10 {
		f, q = adapt(f, q, true)
	}
	if f != MinFactor {
		t.Errorf("busy factor = %v, want %v", f, MinFactor)
	}
}

func TestRecordSchedules(t *testing.T) {
	s := &Schedule{srcs: map[string]*sourceState{}}
	src := sanafeed.Source{Lang: "en", Interval: 10 * time.Minute}
	now := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	ok := sanafeed.PollResult{Lang: "en", New: 5}
	if next := s.record(src, ok, time.Time{}, now); !next.Equal(now.Add(10 * time.Minute)) {
		t.Errorf("first poll: next = %v, want the plain interval (the first poll does not adapt)", next.Sub(now))
	}
	for range 5 {
		now = now.Add(time.Minute)
		s.record(src, ok, time.Time{}, now)
	}
	if next := s.srcs["en"].next; !next.Equal(now.Add(5 * time.Minute)) {
		t.Errorf("busy source: next in %v, want 5m (interval/2)", next.Sub(now))
	}
	quiet := sanafeed.PollResult{Lang: "en"}
	for range 20 {
		now = now.Add(time.Minute)
		s.record(src, quiet, time.Time{}, now)
	}
	if next := s.srcs["en"].next; !next.Equal(now.Add(40 * time.Minute)) {
		t.Errorf("quiet source: next in %v, want 40m (4× interval)", next.Sub(now))
	}

	// Failures back off from a minute, with jitter, and never stop.
	bad := sanafeed.PollResult{Lang: "en", Err: "boom"}
	for i := 1; i <= 15; i++ {
		next := s.record(src, bad, time.Time{}, now)
		base := min(time.Minute<<(i-1), MaxBackoff)
		if d := next.Sub(now); d < base*8/10 || d > base*12/10 {
			t.Errorf("failure %d: next in %v, want %v ±20%%", i, d, base)
		}
	}
	// A Retry-After beyond the backoff wins; one before it does not.
	s.record(src, ok, time.Time{}, now)
	if next := s.record(src, bad, now.Add(2*time.Hour), now); !next.Equal(now.Add(2 * time.Hour)) {
		t.Errorf("Retry-After 2h: next in %v", next.Sub(now))
	}
	if next := s.record(src, ok, now.Add(time.Second), now); next.Sub(now) < time.Minute {
		t.Errorf("Retry-After 1s after a success: next in %v, want the interval", next.Sub(now))
	}
	st := s.srcs["en"]
	if st.lastErr != "boom" || st.failures != 0 || !st.lastSuccess.Equal(now) {
		t.Errorf("state = %+v", st)
	}
}

// A poll that failed because the store could not be written is retried
// after the plain interval, not backed off: the site is fine, and the
// failure (and /healthz's 503) should end as soon as space is freed.
func TestRecordStoreFailureNoBackoff(t *testing.T) {
	s := &Schedule{srcs: map[string]*sourceState{}}
	src := sanafeed.Source{Lang: "en", Interval: 10 * time.Minute}
	now := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	full := sanafeed.PollResult{Lang: "en", Err: storeFailurePrefix + "put articles: no space left on device"}
	for range 6 {
		now = now.Add(time.Minute)
		if next := s.record(src, full, time.Time{}, now); !next.Equal(now.Add(10 * time.Minute)) {
			t.Fatalf("store failure %d: next in %v, want the interval (10m)", s.srcs["en"].failures, next.Sub(now))
		}
	}
	if s.srcs["en"].failures != 6 {
		t.Errorf("failures = %d, want 6 (still counted)", s.srcs["en"].failures)
	}
}
