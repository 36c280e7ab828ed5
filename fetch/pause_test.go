package fetch_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
)

// limiter answers its first request to /busy with code and Retry-After
// retry, everything else with 200, and counts what it received.
type limiter struct {
	code  int
	retry string
	hits  atomic.Int32
	busy  atomic.Bool // /busy already answered
	mu    sync.Mutex
	paths []string
}

func (l *limiter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.hits.Add(1)
	l.mu.Lock()
	l.paths = append(l.paths, r.URL.Path)
	l.mu.Unlock()
	if r.URL.Path == "/robots.txt" {
		w.Write([]byte("User-agent: *\nAllow: /\n"))
		return
	}
	if r.URL.Path == "/busy" && !l.busy.Swap(true) {
		w.Header().Set("Retry-After", l.retry)
		http.Error(w, "slow down", l.code)
		return
	}
	w.Write([]byte("ok"))
}

func TestRetryAfterPausesHost(t *testing.T) {
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			l := &limiter{code: code, retry: "120"}
			srv := httptest.NewServer(l)
			defer srv.Close()
			other := httptest.NewServer(&limiter{})
			defer other.Close()
			c := newClient()
			c.Timeout = 2 * time.Second
			start := time.Now()
			if _, err := c.Get(t.Context(), srv.URL+"/busy", sanafeed.FetchState{}); err == nil {
				t.Fatal("Get(/busy) succeeded")
			}
			until := c.PausedUntil(srv.URL)
			if d := until.Sub(start); d < 119*time.Second || d > 122*time.Second {
				t.Errorf("PausedUntil = now + %v, want about 2m", d)
			}
			old := sanafeed.FetchState{URL: srv.URL + "/page", ETag: `"e"`, Failures: 2, Status: 200}
			resp, err := c.Get(t.Context(), srv.URL+"/page", old)
			var pe *fetch.PausedError
			if !errors.Is(err, fetch.ErrPaused) || !errors.As(err, &pe) || pe.Until.Sub(until).Abs() > time.Second {
				t.Fatalf("Get(/page) err = %v, want a PausedError until %v", err, until)
			}
			if time.Since(start) > time.Second {
				t.Errorf("a paused Get took %v; it must fail at once", time.Since(start))
			}
			st := resp.State
			if st.ETag != `"e"` || st.Failures != 2 || st.Status != 200 || !st.NextAttempt.Equal(pe.Until) || st.LastError == "" {
				t.Errorf("paused State = %+v", st)
			}
			if n := l.hits.Load(); n != 1 {
				t.Errorf("the paused host got %d requests, want 1", n)
			}
			if _, err := c.Get(t.Context(), other.URL+"/page", sanafeed.FetchState{}); err != nil {
				t.Errorf("another host is paused too: %v", err)
			}
		})
	}
}

func TestShortPauseIsWaited(t *testing.T) {
	l := &limiter{code: http.StatusTooManyRequests, retry: "1"}
	srv := httptest.NewServer(l)
	defer srv.Close()
	c := newClient()
	c.Timeout = 2 * time.Second
	c.Get(t.Context(), srv.URL+"/busy", sanafeed.FetchState{})
	start := time.Now()
	if _, err := c.Get(t.Context(), srv.URL+"/page", sanafeed.FetchState{}); err != nil {
		t.Fatalf("Get after a 1s Retry-After: %v", err)
	}
	if d := time.Since(start); d < 900*time.Millisecond || d > 1500*time.Millisecond {
		t.Errorf("the next request waited %v, want about 1s", d)
	}
}

func TestPauseCapped(t *testing.T) {
	now := time.Date(2026, 2, 9, 14, 0, 0, 0, time.UTC)
	l := &limiter{code: http.StatusServiceUnavailable, retry: now.Add(72 * time.Hour).Format(http.TimeFormat)}
	srv := httptest.NewServer(l)
	defer srv.Close()
	c := newClient()
	c.Now = func() time.Time { return now }
	resp, err := c.Get(t.Context(), srv.URL+"/busy", sanafeed.FetchState{})
	var se *fetch.StatusError
	if !errors.As(err, &se) || se.RetryAfter != 72*time.Hour {
		t.Fatalf("Get() err = %v, want the server's 72h Retry-After reported", err)
	}
	if want := now.Add(time.Hour); !resp.State.NextAttempt.Equal(want) {
		t.Errorf("NextAttempt = %v, want %v (capped at 1h)", resp.State.NextAttempt, want)
	}
	if until := c.PausedUntil(srv.URL); until.Sub(now) > time.Hour || until.Sub(now) < 59*time.Minute {
		t.Errorf("PausedUntil = now + %v, want 1h", until.Sub(now))
	}

	c2 := newClient()
	c2.Now = func() time.Time { return now }
	c2.MaxPause = 5 * time.Minute
	l.busy.Store(false)
	c2.Get(t.Context(), srv.URL+"/busy", sanafeed.FetchState{})
	if until := c2.PausedUntil(srv.URL); until.Sub(now) > 5*time.Minute {
		t.Errorf("PausedUntil with MaxPause 5m = now + %v", until.Sub(now))
	}
}

// TestPausedRobots checks that a robots.txt due for a re-read while its
// host is paused is not taken as unreadable (and allowing all for an hour)
// but waits for the pause like any other request.
func TestPausedRobots(t *testing.T) {
	l := &limiter{code: http.StatusTooManyRequests, retry: "120"}
	srv := httptest.NewServer(l)
	defer srv.Close()
	now := time.Date(2026, 2, 9, 14, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := newClient()
	c.Robots = true
	c.Timeout = 2 * time.Second
	c.Now = clock
	if _, err := c.Get(t.Context(), srv.URL+"/busy", sanafeed.FetchState{}); err == nil {
		t.Fatal("Get(/busy) succeeded")
	}
	mu.Lock()
	now = now.Add(25 * time.Hour) // robots.txt is stale; the real-clock pause is not over
	mu.Unlock()
	_, err := c.Get(t.Context(), srv.URL+"/page", sanafeed.FetchState{})
	if !errors.Is(err, fetch.ErrPaused) {
		t.Errorf("Get() while paused, robots.txt stale: err = %v, want ErrPaused", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.paths) != 2 || l.paths[0] != "/robots.txt" || l.paths[1] != "/busy" {
		t.Errorf("server saw %v, want [/robots.txt /busy]", l.paths)
	}
}
