package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
)

// stallHost answers /stall never (until the request is given up) and
// anything else with a small page.
func stallHost() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stall" {
			<-r.Context().Done()
			return
		}
		w.Write([]byte("<html><body>ok</body></html>"))
	})
}

// A server that accepts a request and never answers is given up on at
// the first-byte limit, as a stall, well before the whole request's
// timeout; the error is a timeout, for callers that stop asking a host
// that does not answer.
func TestStallGivenUpAtFirstByte(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := fakeClient(fakeNet{"sana.test": stallHost()})
		c.Timeout, c.FirstByteTimeout = time.Hour, 15*time.Second
		start := time.Now()
		resp, err := c.Get(t.Context(), "http://sana.test/stall", sanafeed.FetchState{})
		var se *fetch.StallError
		if !errors.As(err, &se) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Get() err = %v, want a *StallError that is a deadline", err)
		}
		if waited := time.Since(start); waited != 15*time.Second { // the bubble's fake clock
			t.Errorf("gave up after %v of fake time, want the first-byte limit, 15s", waited)
		}
		if !strings.Contains(err.Error(), "stalled: no response within 15s") {
			t.Errorf("error %q does not say the server stalled", err)
		}
		if resp == nil || resp.Status != 0 || resp.State.Failures != 1 {
			t.Errorf("Response = %+v, want Status 0 and one failure recorded", resp)
		}
	})
}

// Requests to one host start a crawl delay apart, and a stalled request
// holds one of the host's slots, not the host: with two slots the next
// request starts at its turn; with one it waits for the stall to end.
func TestStalledRequestHoldsOneSlot(t *testing.T) {
	for _, tc := range []struct {
		slots int
		want  time.Duration // fake time at which the second request ends
	}{{2, 5 * time.Second}, {1, 30 * time.Second}} {
		synctest.Test(t, func(t *testing.T) {
			c := fakeClient(fakeNet{"sana.test": stallHost()})
			c.CrawlDelay = durationPtr(5 * time.Second)
			c.Timeout, c.MaxInFlight = 30*time.Second, tc.slots
			start := time.Now()
			stalled := make(chan error, 1)
			go func() {
				_, err := c.Get(context.Background(), "http://sana.test/stall", sanafeed.FetchState{})
				stalled <- err
			}()
			synctest.Wait() // the stalled request holds its slot
			if _, err := c.Get(t.Context(), "http://sana.test/page", sanafeed.FetchState{}); err != nil {
				t.Fatalf("%d slots: second Get: %v", tc.slots, err)
			}
			if got := time.Since(start); got != tc.want {
				t.Errorf("%d slots: second request ended at %v, want %v", tc.slots, got, tc.want)
			}
			if err := <-stalled; !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%d slots: stalled Get err = %v, want a timeout", tc.slots, err)
			}
		})
	}
}

// A redirect back to a URL already visited is reported as a loop, with
// its hops, at once, not after the redirect limit or a timeout.
func TestRedirectLoopNamed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/self":
			http.Redirect(w, r, "/self", http.StatusFound)
		case "/a":
			http.Redirect(w, r, "/b", http.StatusMovedPermanently)
		case "/b":
			http.Redirect(w, r, "/a", http.StatusFound)
		}
	}))
	defer srv.Close()
	requests := 0
	c := newClient()
	c.HTTP = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		requests++
		return http.DefaultTransport.RoundTrip(r)
	})}
	for path, want := range map[string]string{"/self": "redirect loop: /self → /self", "/a": "redirect loop: /a → /b → /a"} {
		requests = 0
		resp, err := c.Get(t.Context(), srv.URL+path, sanafeed.FetchState{})
		if !errors.Is(err, fetch.ErrRedirectLoop) || !strings.Contains(err.Error(), want) {
			t.Errorf("Get(%s) err = %v, want %q", path, err, want)
		}
		if hops := strings.Count(want, "→"); requests != hops {
			t.Errorf("Get(%s) sent %d requests, want %d: the loop is seen at its first repeat", path, requests, hops)
		}
		if resp == nil || resp.State.Failures != 1 {
			t.Errorf("Get(%s) Response = %+v, want one failure recorded", path, resp)
		}
	}
}
