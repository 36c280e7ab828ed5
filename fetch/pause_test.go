package fetch_test

import (
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
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

// The pause tests run in a synctest bubble against a fakeNet, so that
// the pauses are measured on its fake clock, exactly: the bubble's clock
// starts at midnight UTC, 2000-01-01, and moves only when every goroutine
// in it waits.

func TestRetryAfterPausesHost(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				l := &limiter{code: code, retry: "120"}
				c := fakeClient(fakeNet{"busy.test": l, "other.test": &limiter{}})
				c.Timeout = 2 * time.Second
				start := time.Now()
				if _, err := c.Get(t.Context(), "http://busy.test/busy", sanafeed.FetchState{}); err == nil {
					t.Fatal("Get(/busy) succeeded")
				}
				old := sanafeed.FetchState{URL: "http://busy.test/page", ETag: `"e"`, Failures: 2, Status: 200}
				resp, err := c.Get(t.Context(), "http://busy.test/page", old)
				var pe *fetch.PausedError
				if !errors.Is(err, fetch.ErrPaused) || !errors.As(err, &pe) || !pe.Until.Equal(start.Add(2*time.Minute)) {
					t.Fatalf("Get(/page) err = %v, want a PausedError until now + 2m", err)
				}
				if d := time.Since(start); d != 0 {
					t.Errorf("a paused Get took %v; it must fail at once", d)
				}
				st := resp.State
				if st.ETag != `"e"` || st.Failures != 2 || st.Status != 200 || !st.NextAttempt.Equal(pe.Until) || st.LastError == "" {
					t.Errorf("paused State = %+v", st)
				}
				if n := l.hits.Load(); n != 1 {
					t.Errorf("the paused host got %d requests, want 1", n)
				}
				if _, err := c.Get(t.Context(), "http://other.test/page", sanafeed.FetchState{}); err != nil {
					t.Errorf("another host is paused too: %v", err)
				}
			})
		})
	}
}

func TestShortPauseIsWaited(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := &limiter{code: http.StatusTooManyRequests, retry: "1"}
		c := fakeClient(fakeNet{"busy.test": l})
		c.Timeout = 2 * time.Second
		c.Get(t.Context(), "http://busy.test/busy", sanafeed.FetchState{})
		start := time.Now()
		if _, err := c.Get(t.Context(), "http://busy.test/page", sanafeed.FetchState{}); err != nil {
			t.Fatalf("Get after a 1s Retry-After: %v", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("the next request waited %v, want the 1s asked for", d)
		}
		if n := l.hits.Load(); n != 2 {
			t.Errorf("the host got %d requests, want 2", n)
		}
	})
}

func TestPauseCapped(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Now()
		l := &limiter{code: http.StatusServiceUnavailable, retry: now.Add(72 * time.Hour).Format(http.TimeFormat)}
		// pausedUntil returns when c's pause of busy.test ends, as a
		// request to it reports.
		pausedUntil := func(c *fetch.Client) time.Time {
			t.Helper()
			_, err := c.Get(t.Context(), "http://busy.test/page", sanafeed.FetchState{})
			var pe *fetch.PausedError
			if !errors.As(err, &pe) {
				t.Fatalf("Get(/page) err = %v, want a PausedError", err)
			}
			return pe.Until
		}
		c := fakeClient(fakeNet{"busy.test": l})
		resp, err := c.Get(t.Context(), "http://busy.test/busy", sanafeed.FetchState{})
		var se *fetch.StatusError
		if !errors.As(err, &se) || se.RetryAfter != 72*time.Hour {
			t.Fatalf("Get() err = %v, want the server's 72h Retry-After reported", err)
		}
		if want := now.Add(time.Hour); !resp.State.NextAttempt.Equal(want) {
			t.Errorf("NextAttempt = %v, want %v (capped at 1h)", resp.State.NextAttempt, want)
		}
		if until := pausedUntil(c); !until.Equal(now.Add(time.Hour)) {
			t.Errorf("paused until now + %v, want 1h", until.Sub(now))
		}

		c2 := fakeClient(fakeNet{"busy.test": l})
		c2.MaxPause = 5 * time.Minute
		l.busy.Store(false)
		c2.Get(t.Context(), "http://busy.test/busy", sanafeed.FetchState{})
		if until := pausedUntil(c2); !until.Equal(now.Add(5 * time.Minute)) {
			t.Errorf("paused with MaxPause 5m until now + %v", until.Sub(now))
		}
	})
}

// TestPausedRobots checks that a robots.txt due for a re-read while its
// host is paused is not taken as unreadable (and allowing all for an hour)
// but waits for the pause like any other request.
func TestPausedRobots(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := &limiter{code: http.StatusTooManyRequests, retry: "120"}
		c := fakeClient(fakeNet{"busy.test": l})
		c.Robots = true
		c.Timeout = 2 * time.Second
		var ahead time.Duration // how far Client.Now is ahead of the clock pauses are waited on
		c.Now = func() time.Time { return time.Now().Add(ahead) }
		if _, err := c.Get(t.Context(), "http://busy.test/busy", sanafeed.FetchState{}); err == nil {
			t.Fatal("Get(/busy) succeeded")
		}
		ahead = 25 * time.Hour // robots.txt is stale; the pause is not over
		_, err := c.Get(t.Context(), "http://busy.test/page", sanafeed.FetchState{})
		if !errors.Is(err, fetch.ErrPaused) {
			t.Errorf("Get() while paused, robots.txt stale: err = %v, want ErrPaused", err)
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		if len(l.paths) != 2 || l.paths[0] != "/robots.txt" || l.paths[1] != "/busy" {
			t.Errorf("server saw %v, want [/robots.txt /busy]", l.paths)
		}
	})
}
