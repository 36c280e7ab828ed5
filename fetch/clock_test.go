package fetch_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
)

// stepClock is a clock that moves only when it is waited on: After moves
// it by the wait at once.
type stepClock struct {
	mu  sync.Mutex // guards now
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// With After set, the host's gap (robots.txt's Crawl-delay) is kept on
// the client's clock, not the real one, and Host tells it.
func TestGapOnInjectedClock(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: robotsHandler(200, "User-agent: *\nCrawl-delay: 5\n")}
	clk := &stepClock{now: time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)}
	c := fetch.NewClient()
	c.HTTP = &http.Client{Transport: fakeNet{"sana.test": rec}}
	c.Now, c.After = clk.Now, clk.After
	if key, gap := c.Host("http://www.sana.test./en/"); key != "sana.test" || gap != time.Second {
		t.Errorf("Host before robots.txt = %q, %v; want sana.test, 1s (the default)", key, gap)
	}
	start := clk.Now()
	for _, p := range []string{"/en/feed/", "/feed/", "/fr/feed/"} {
		if _, err := c.Get(t.Context(), "http://sana.test"+p, sanafeed.FetchState{}); err != nil {
			t.Fatal(err)
		}
	}
	// robots.txt, then three requests each 5s after the one before.
	if got := clk.Now().Sub(start); got != 15*time.Second {
		t.Errorf("clock moved %v over four requests, want 15s (three gaps of 5s)", got)
	}
	if key, gap := c.Host("http://sana.test/ku/"); key != "sana.test" || gap != 5*time.Second {
		t.Errorf("Host after robots.txt = %q, %v; want sana.test, 5s", key, gap)
	}
	if key, _ := c.Host("::"); key != "" {
		t.Errorf("Host of a bad URL = %q, want \"\"", key)
	}
}
