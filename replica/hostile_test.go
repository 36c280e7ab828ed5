package replica

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanafeed/sanafeed/internal/testkit"
)

// fetchRaw gets path with a client that follows no redirects and gives up
// after timeout. It returns the response (body read) or the error.
func fetchRaw(t *testing.T, base, path string, timeout time.Duration) (*http.Response, []byte, error) {
	t.Helper()
	c := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + path)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaultsAnswer(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, Options{})
	_, good, err := fetchRaw(t, srv.URL, "/feed/", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_, robots, _ := fetchRaw(t, srv.URL, "/robots.txt", 5*time.Second)
	tests := []struct {
		f     Fault
		path  string
		check func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{Fault{Kind: Fault500}, "/feed/", wantStatus(500, "")},
		{Fault{Kind: Fault503, RetryAfter: 1500 * time.Millisecond}, "/feed/", wantStatus(503, "2")},
		{Fault{Kind: Fault429, RetryAfter: time.Hour}, "/feed/", wantStatus(429, "3600")},
		{Fault{Kind: FaultRedirectLoop}, "/feed/", func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != 302 || resp.Header.Get("Location") != "/feed/?loop=1" {
				t.Errorf("got %v %v", resp, err)
			}
		}},
		{Fault{Kind: FaultInvalidUTF8}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || utf8.Valid(body) || len(body) <= len(good) {
				t.Errorf("got %v %v, valid UTF-8 %v", resp, err, utf8.Valid(body))
			}
		}},
		{Fault{Kind: FaultWin1256}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			dec, _ := charmap.Windows1256.NewDecoder().Bytes(body)
			want := strings.Replace(string(good), `encoding="UTF-8"`, `encoding="windows-1256"`, 1)
			for d := '٠'; d <= '٩'; d++ { // not in windows-1256: sent as character references
				want = strings.ReplaceAll(want, string(d), fmt.Sprintf("&#%d;", d))
			}
			if err != nil || !strings.HasSuffix(resp.Header.Get("Content-Type"), "charset=windows-1256") || string(dec) != want {
				t.Errorf("got %v %v; decoded equal: %v", resp, err, string(dec) == want)
			}
		}},
		{Fault{Kind: FaultWin1256Undeclared}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || strings.Contains(resp.Header.Get("Content-Type"), "charset") ||
				bytes.Contains(body, []byte("encoding=")) || utf8.Valid(body) {
				t.Errorf("got %v %v %q", resp, err, body[:min(len(body), 80)])
			}
		}},
		{Fault{Kind: FaultEntityBomb}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || !bytes.Contains(body, []byte("<!ENTITY lol9")) || len(body) > 4096 {
				t.Errorf("got %v %v (%d bytes)", resp, err, len(body))
			}
		}},
		{Fault{Kind: FaultTruncated}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || !bytes.Equal(body, good[:len(good)/2]) {
				t.Errorf("got %v %v (%d bytes of %d)", resp, err, len(body), len(good))
			}
		}},
		{Fault{Kind: FaultHTML}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
				!bytes.Contains(body, []byte("maintenance")) {
				t.Errorf("got %v %v", resp, err)
			}
		}},
		{Fault{Kind: FaultEmpty}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || len(body) != 0 {
				t.Errorf("got %v %v (%d bytes)", resp, err, len(body))
			}
		}},
		{Fault{Kind: FaultCloseMidBody}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("got %v %v, want unexpected EOF", resp, err)
			}
		}},
		{Fault{Kind: FaultHuge, Size: 3 << 20}, "/feed/", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || len(body) != 3<<20 || !bytes.HasPrefix(body, good[:1024]) {
				t.Errorf("got %v %v (%d bytes)", resp, err, len(body))
			}
		}},
		{Fault{Kind: FaultDrip, Every: time.Millisecond}, "/robots.txt", func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || !bytes.Equal(body, robots) {
				t.Errorf("got %v %v (%d bytes of %d)", resp, err, len(body), len(robots))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.f.Kind.String(), func(t *testing.T) {
			s.SetFault("", "/", tt.f)
			defer s.ClearFaults()
			resp, body, err := fetchRaw(t, srv.URL, tt.path, 20*time.Second)
			tt.check(t, resp, body, err)
		})
	}
}

func wantStatus(code int, retryAfter string) func(*testing.T, *http.Response, []byte, error) {
	return func(t *testing.T, resp *http.Response, _ []byte, err error) {
		t.Helper()
		if err != nil || resp.StatusCode != code || resp.Header.Get("Retry-After") != retryAfter {
			t.Errorf("got %v %v, want %d with Retry-After %q", resp, err, code, retryAfter)
		}
	}
}

func TestFaultScope(t *testing.T) {
	s, srv := serve(t, Options{})
	s.SetFault("ar", "/", Fault{Kind: Fault500})
	s.SetFault("fr", "/fr/feed/", Fault{Kind: Fault503})
	s.SetFault("en", "/en/", Fault{Kind: Fault429, Times: 2})
	s.SetFault("", "/robots.txt", Fault{Kind: FaultEmpty})
	cases := []struct {
		path string
		want int
	}{
		{"/feed/", 500}, {"/", 500}, {"/fr/feed/", 503}, {"/fr/", 200}, {"/es/feed/", 200},
		{"/en/feed/", 429}, {"/en/", 429}, {"/en/", 200}, {"/en/feed/", 200}, // two answers, then healed
		{"/robots.txt", 200}, {"/wp-content/uploads/2026/02/x.jpg", 200},
	}
	for _, c := range cases {
		resp, _, err := fetchRaw(t, srv.URL, c.path, 5*time.Second)
		if err != nil || resp.StatusCode != c.want {
			t.Errorf("GET %s = %v %v, want %d", c.path, resp, err, c.want)
		}
	}
	s.SetFault("ar", "/", Fault{}) // FaultNone removes it
	if resp, _, _ := fetchRaw(t, srv.URL, "/feed/", 5*time.Second); resp.StatusCode != 200 {
		t.Errorf("after removing the Arabic fault: %d", resp.StatusCode)
	}
	s.ClearFaults()
	if resp, _, _ := fetchRaw(t, srv.URL, "/fr/feed/", 5*time.Second); resp.StatusCode != 200 {
		t.Errorf("after ClearFaults: %d", resp.StatusCode)
	}
	if n := s.Spoiled(); n != 6 {
		t.Errorf("Spoiled() = %d, want 6", n)
	}
}

// TestStallEnds checks a stalled answer ends when its client gives up and
// when the site heals, leaving no goroutine behind.
func TestStallEnds(t *testing.T) {
	before := runtime.NumGoroutine()
	s, srv := serve(t, Options{})
	hanging := watchHanging(s)
	s.SetFault("", "/", Fault{Kind: FaultStall})
	ctx, giveUp := context.WithCancel(t.Context())
	stalled := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/en/feed/", nil)
		resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		stalled <- err
	}()
	hanging.await(t, "the stalled answer to hang", 1)
	giveUp()
	if err := <-stalled; !errors.Is(err, context.Canceled) {
		t.Fatalf("a stalled request ended with %v, want its client's giving up", err)
	}
	hanging.await(t, "the stalled answer to end after its client left", 0)

	// Heal ends stalled and dripping answers while their clients wait.
	s.SetFault("", "/en/", Fault{Kind: FaultDrip, Every: time.Hour})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, p := range []string{"/feed/", "/fr/", "/en/feed/", "/en/"} {
		wg.Go(func() {
			_, _, err := fetchRaw(t, srv.URL, p, time.Minute)
			errs <- err
		})
	}
	hanging.await(t, "four hanging answers", 4)
	s.Heal()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err == nil {
			t.Errorf("a healed stall answered as if nothing happened")
		}
	}
	hanging.await(t, "hanging answers to end", 0)
	resp, _, err := fetchRaw(t, srv.URL, "/en/feed/", 5*time.Second)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("after Heal: %v %v", resp, err)
	}
	srv.Close()
	// The server's goroutines end a moment after Close, with no signal.
	testkit.WaitFor(t, "goroutines to settle", func() bool { return runtime.NumGoroutine() <= before+1 })
}

// hangingCounts receives the site's count of hanging answers each time it
// changes.
type hangingCounts chan int

// watchHanging returns the counts of hanging answers of s from now on. It
// must be called before s answers any request.
func watchHanging(s *Site) hangingCounts {
	ch := make(hangingCounts, 64)
	s.faults.mu.Lock()
	s.faults.hung = func(n int) { ch <- n }
	s.faults.mu.Unlock()
	return ch
}

// await receives counts until one is n, and fails the test, naming what,
// when none is within testkit.WaitTimeout.
func (ch hangingCounts) await(t *testing.T, what string, n int) {
	t.Helper()
	deadline := time.NewTimer(testkit.WaitTimeout)
	defer deadline.Stop()
	for {
		select {
		case got := <-ch:
			if got == n {
				return
			}
		case <-deadline.C:
			t.Fatalf("still waiting for %s after %v", what, testkit.WaitTimeout)
		}
	}
}

// TestFaultsConcurrent sets and clears faults while requests run (for the
// race detector): four clients make 50 requests each, and each answer
// lets the fault be changed once more while the other clients' requests
// are being answered.
func TestFaultsConcurrent(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, Options{})
	answered := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 50 {
				fetchRaw(t, srv.URL, []string{"/feed/", "/en/", "/fr/feed/", "/robots.txt"}[i], 5*time.Second)
				answered <- struct{}{}
			}
		})
	}
	clientsDone := make(chan struct{})
	go func() { wg.Wait(); close(clientsDone) }()
	kinds := []FaultKind{Fault500, FaultTruncated, FaultInvalidUTF8, FaultEmpty, FaultWin1256}
	for i := 0; ; i++ {
		select {
		case <-answered:
		case <-clientsDone:
			return
		}
		s.SetFault([]string{"", "ar", "en", "fr"}[i%4], "/", Fault{Kind: kinds[i%len(kinds)], Times: 3})
		if i%7 == 0 {
			s.Heal()
		}
	}
}

func TestFaultKindString(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range FaultKinds() {
		if seen[k.String()] || strings.HasPrefix(k.String(), "fault(") {
			t.Errorf("kind %d named %q", int(k), k.String())
		}
		seen[k.String()] = true
	}
	if len(seen) != 15 {
		t.Errorf("%d kinds, want 15", len(seen))
	}
}
