package refresh

import (
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestRecordSchedules(t *testing.T) {
	s := &Schedule{srcs: map[string]*sourceState{}}
	src := sanafeed.Source{Lang: "en", Interval: 10 * time.Minute}
	now := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	ok := sanafeed.PollResult{Lang: "en", New: 5}
	s.record(src, ok, 2, nil, time.Time{}, now)
	if next := s.srcs["en"].next; !next.Equal(now.Add(10 * time.Minute)) {
		t.Errorf("first poll, no plan yet: next = %v, want the configured interval", next.Sub(now))
	}
	partial := sanafeed.PollResult{Lang: "en", Unread: 3}
	s.record(src, partial, 2, nil, time.Time{}, now)
	if next := s.srcs["en"].next; !next.Equal(now.Add(PartialRetry)) {
		t.Errorf("pages left unread: next in %v, want PartialRetry", next.Sub(now))
	}

	// Failures back off from a minute, with jitter, and never stop.
	bad := sanafeed.PollResult{Lang: "en", Err: "boom"}
	for i := 1; i <= 15; i++ {
		s.record(src, bad, 0, nil, time.Time{}, now)
		base := min(time.Minute<<(i-1), MaxBackoff)
		if d := s.srcs["en"].next.Sub(now); d < base*8/10 || d > base*12/10 {
			t.Errorf("failure %d: next in %v, want %v ±20%%", i, d, base)
		}
	}
	// A Retry-After beyond the backoff wins; one before it does not.
	s.record(src, ok, 2, nil, time.Time{}, now)
	s.record(src, bad, 0, nil, now.Add(2*time.Hour), now)
	if next := s.srcs["en"].next; !next.Equal(now.Add(2 * time.Hour)) {
		t.Errorf("Retry-After 2h: next in %v", next.Sub(now))
	}
	s.record(src, ok, 2, nil, now.Add(time.Second), now)
	if next := s.srcs["en"].next; next.Sub(now) < time.Minute {
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
		s.record(src, full, 0, nil, time.Time{}, now)
		if next := s.srcs["en"].next; !next.Equal(now.Add(10 * time.Minute)) {
			t.Fatalf("store failure %d: next in %v, want the interval (10m)", s.srcs["en"].failures, next.Sub(now))
		}
	}
	if s.srcs["en"].failures != 6 {
		t.Errorf("failures = %d, want 6 (still counted)", s.srcs["en"].failures)
	}
}
