package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
)

// newClient returns a client without robots.txt and without a gap, for
// tests that are about something else.
func newClient() *fetch.Client {
	c := fetch.NewClient()
	c.Robots = false
	zero := time.Duration(0)
	c.CrawlDelay = &zero
	return c
}

func durationPtr(d time.Duration) *time.Duration { return &d }

// A recorder is an http.Handler that records the time and path of every
// request before handing it to next.
type recorder struct {
	mu    sync.Mutex
	times []time.Time
	paths []string
	next  http.Handler
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.times = append(rec.times, time.Now())
	rec.paths = append(rec.paths, r.URL.RequestURI())
	rec.mu.Unlock()
	rec.next.ServeHTTP(w, r)
}

func (rec *recorder) snapshot() ([]time.Time, []string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return slices.Clone(rec.times), slices.Clone(rec.paths)
}

func TestGetConditional(t *testing.T) {
	t.Parallel()
	const etag, lastMod = `"v1"`, "Mon, 09 Feb 2026 13:20:11 GMT"
	var gotUA, gotAE string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAE = r.Header.Get("User-Agent"), r.Header.Get("Accept-Encoding")
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	now := time.Date(2026, 2, 9, 14, 0, 0, 0, time.UTC)
	c := newClient()
	c.Now = func() time.Time { return now }

	old := sanafeed.FetchState{Failures: 3, LastError: "boom", Status: 500}
	resp, err := c.Get(t.Context(), srv.URL+"/en/feed/", old)
	if err != nil {
		t.Fatalf("Get() err = %v", err)
	}
	if string(resp.Body) != "<rss/>" || resp.Status != 200 || !strings.Contains(resp.ContentType, "rss") {
		t.Errorf("Get() = %d %q %q", resp.Status, resp.Body, resp.ContentType)
	}
	if gotUA != sanafeed.DefaultUserAgent || gotAE != "gzip" {
		t.Errorf("sent User-Agent %q, Accept-Encoding %q", gotUA, gotAE)
	}
	st := resp.State
	want := sanafeed.FetchState{URL: srv.URL + "/en/feed/", ETag: etag, LastModified: lastMod, Status: 200, Fetched: now, Succeeded: now}
	if st != want {
		t.Errorf("State = %+v, want %+v", st, want)
	}

	now = now.Add(time.Hour)
	resp, err = c.Get(t.Context(), srv.URL+"/en/feed/", st)
	if !errors.Is(err, sanafeed.ErrNotModified) {
		t.Fatalf("second Get() err = %v, want ErrNotModified", err)
	}
	if resp == nil || resp.Body != nil || resp.State.ETag != etag || resp.State.LastModified != lastMod ||
		resp.State.Status != 304 || !resp.State.Succeeded.Equal(now) || resp.State.Failures != 0 {
		t.Errorf("second Get() = %+v", resp)
	}
}

func TestGetStatusErrors(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 2, 9, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration
	}{
		{"not found", 404, "", 0},
		{"unavailable, seconds", 503, "120", 2 * time.Minute},
		{"too many, http date", 429, now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"unavailable, junk", 503, "soon", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				http.Error(w, "no", tt.code)
			}))
			defer srv.Close()
			c := newClient()
			c.Now = func() time.Time { return now }
			resp, err := c.Get(t.Context(), srv.URL, sanafeed.FetchState{ETag: `"x"`, Failures: 1})
			var se *fetch.StatusError
			if !errors.As(err, &se) || se.Code != tt.code || se.RetryAfter != tt.want {
				t.Fatalf("Get() err = %#v, want StatusError %d retry %v", err, tt.code, tt.want)
			}
			st := resp.State
			if st.Failures != 2 || st.Status != tt.code || st.LastError == "" || st.ETag != `"x"` || !st.Succeeded.IsZero() {
				t.Errorf("State = %+v", st)
			}
			if tt.want > 0 && !st.NextAttempt.Equal(now.Add(tt.want)) {
				t.Errorf("NextAttempt = %v, want %v", st.NextAttempt, now.Add(tt.want))
			}
		})
	}
}

// A countingBody is a response body that counts the bytes read from it:
// what came over the wire.
type countingBody struct {
	r io.Reader
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func (countingBody) Close() error { return nil }

// TestGetTooLarge checks that a body over MaxBytes, plain or a gzip bomb,
// fails with ErrTooLarge having read no more of it than the cap needs,
// and that a body of exactly the cap is read whole.
func TestGetTooLarge(t *testing.T) {
	t.Parallel()
	const limit = 1 << 20
	bomb := readFixture(t, "bomb50m.gz") // 50 MiB of zeros
	var small bytes.Buffer
	zw := gzip.NewWriter(&small)
	fmt.Fprint(zw, "<rss>small</rss>")
	zw.Close()
	tests := []struct {
		path     string
		body     io.Reader
		gzip     bool
		wantErr  error
		wantLen  int
		maxWire  int64 // the most of the body that may be read
		wantWire int64 // the least that must be read; 0: no floor
	}{
		{"/big", io.LimitReader(zeros{}, 50<<20), false, fetch.ErrTooLarge, 0, limit + 1, 0},
		{"/bomb", bytes.NewReader(bomb), true, fetch.ErrTooLarge, 0, int64(len(bomb)) / 4, 0},
		{"/exact", io.LimitReader(zeros{}, limit), false, nil, limit, limit, limit},
		{"/gzip", bytes.NewReader(small.Bytes()), true, nil, len("<rss>small</rss>"), int64(small.Len()), int64(small.Len())},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			var wire atomic.Int64
			c := fakeClient(roundTripFunc(func(r *http.Request) (*http.Response, error) {
				h := http.Header{}
				if tt.gzip {
					h.Set("Content-Encoding", "gzip")
				}
				return &http.Response{StatusCode: 200, Header: h, Body: countingBody{tt.body, &wire}, Request: r}, nil
			}))
			c.MaxBytes = limit
			resp, err := c.Get(t.Context(), "http://sana.test"+tt.path, sanafeed.FetchState{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Get() err = %v, want %v", err, tt.wantErr)
			}
			if len(resp.Body) != tt.wantLen {
				t.Errorf("len(Body) = %d, want %d", len(resp.Body), tt.wantLen)
			}
			if n := wire.Load(); n > tt.maxWire || n < tt.wantWire {
				t.Errorf("read %d bytes of the body, want %d to %d", n, tt.wantWire, tt.maxWire)
			}
			if tt.wantErr != nil && resp.State.Failures != 1 {
				t.Errorf("State.Failures = %d, want 1", resp.State.Failures)
			}
		})
	}
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A stalledBody never yields a byte: Read waits for ctx to end.
type stalledBody struct{ ctx context.Context }

func (b stalledBody) Read([]byte) (int, error) {
	<-b.ctx.Done()
	return 0, b.ctx.Err()
}

func (stalledBody) Close() error { return nil }

// TestGetTimeout checks, on the fake clock of a synctest bubble, that a
// server that stalls before its headers or in its body makes Get fail
// after Timeout exactly, as a failure of the URL, and that a caller who
// gives up first gets no Response.
func TestGetTimeout(t *testing.T) {
	t.Parallel()
	stall := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/body" { // headers, then a stalled body
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: stalledBody{r.Context()}, Request: r}, nil
		}
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	for _, path := range []string{"/head", "/body"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c := fakeClient(stall)
				c.Timeout = 100 * time.Millisecond
				start := time.Now()
				resp, err := c.Get(t.Context(), "http://sana.test"+path, sanafeed.FetchState{})
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("Get() err = %v, want a deadline error", err)
				}
				if d := time.Since(start); d != c.Timeout {
					t.Errorf("Get() gave up after %v, want Timeout %v", d, c.Timeout)
				}
				if resp == nil || resp.State.Failures != 1 || !strings.Contains(resp.State.LastError, "timed out after 100ms") {
					t.Errorf("Get() resp = %+v, want a failure state", resp)
				}
			})
		})
	}
	t.Run("caller cancels", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer cancel()
			start := time.Now()
			resp, err := fakeClient(stall).Get(ctx, "http://sana.test/head", sanafeed.FetchState{})
			if err == nil || resp != nil {
				t.Errorf("Get() = %+v, %v; want nil and an error", resp, err)
			}
			if d := time.Since(start); d != 50*time.Millisecond {
				t.Errorf("Get() returned after %v, want when the caller gave up, 50ms", d)
			}
		})
	})
}

// TestGetHostGap checks, on a fake clock, that the six editions polled at
// once from one Client are spaced by CrawlDelay exactly: never less
// (politeness), never more (no time wasted).
func TestGetHostGap(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const gap = 50 * time.Millisecond
		rec := &recorder{next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "ok")
		})}
		c := fakeClient(fakeNet{"sana.test": rec})
		c.CrawlDelay = durationPtr(gap)
		var wg sync.WaitGroup
		for _, ed := range []string{"", "en/", "fr/", "es/", "tr/", "ku/"} { // six editions, one host
			wg.Go(func() {
				for range 2 {
					if _, err := c.Get(t.Context(), "http://sana.test/"+ed+"feed/", sanafeed.FetchState{}); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		times, _ := rec.snapshot()
		if len(times) != 12 {
			t.Fatalf("server saw %d requests, want 12", len(times))
		}
		for i := 1; i < len(times); i++ {
			if d := times[i].Sub(times[i-1]); d != gap {
				t.Errorf("gap between requests %d and %d = %v, want %v", i-1, i, d, gap)
			}
		}
	})
}

func TestGetRedirects(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/en/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("feed") == "rss2" {
			http.Redirect(w, r, "/en/feed/", http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, "feed")
	})
	mux.HandleFunc("/loop/{n}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/"+r.PathValue("n")+"x", http.StatusFound)
	})
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/x", http.StatusFound)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\nCrawl-delay: 0\n")
	})
	rec := &recorder{next: mux}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c := newClient()
	c.Robots = true

	resp, err := c.Get(t.Context(), srv.URL+"/en/?feed=rss2", sanafeed.FetchState{})
	if err != nil || resp.URL != srv.URL+"/en/feed/" || string(resp.Body) != "feed" {
		t.Fatalf("Get() = %+v, %v; want the body of /en/feed/", resp, err)
	}
	if resp.State.URL != srv.URL+"/en/?feed=rss2" {
		t.Errorf("State.URL = %q, want the URL asked for", resp.State.URL)
	}
	_, err = c.Get(t.Context(), srv.URL+"/loop/a", sanafeed.FetchState{})
	if err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("redirect loop err = %v", err)
	}
	_, err = c.Get(t.Context(), srv.URL+"/to-private", sanafeed.FetchState{})
	if !errors.Is(err, fetch.ErrDisallowed) {
		t.Errorf("redirect to a disallowed path err = %v, want ErrDisallowed", err)
	}
	_, paths := rec.snapshot()
	if n := strings.Count(strings.Join(paths, " "), "/loop/"); n != 5 {
		t.Errorf("loop requests = %d, want 5 (stopped after 5 redirects, as net/http counts)", n)
	}
	if slices.Contains(paths, "/private/x") {
		t.Error("the disallowed path was fetched")
	}
}

func TestBustCache(t *testing.T) {
	t.Parallel()
	now := time.Unix(1785000000, 0)
	tests := []struct{ in, want string }{
		{"https://sana.sy/en/feed/", "https://sana.sy/en/feed/?_cb=1785000000"},
		{"https://sana.sy/?feed=rss2", "https://sana.sy/?_cb=1785000000&feed=rss2"},
		{"https://sana.sy/feed/?_cb=1", "https://sana.sy/feed/?_cb=1785000000"},
	}
	for _, tt := range tests {
		if got := fetch.BustCache(tt.in, now); got != tt.want {
			t.Errorf("BustCache(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
