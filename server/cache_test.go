package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestCacheServesFromMemory(t *testing.T) {
	_, st, h := newTest(t)
	first := do(h, "GET", "/feeds/en.rss")
	for range 20 {
		w := do(h, "GET", "/feeds/en.rss", "Accept-Encoding", "gzip")
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
	}
	for range 5 {
		do(h, "GET", "/feeds/en.rss", "If-None-Match", first.Header().Get("ETag"))
	}
	if n := st.latest.Load(); n != 1 {
		t.Errorf("Latest called %d times for 26 requests at one generation, want 1", n)
	}

	// A bump with no visible change re-renders and keeps ETag and Last-Modified.
	st.update(func(a []sanafeed.Article) []sanafeed.Article { return a })
	same := do(h, "GET", "/feeds/en.rss")
	if n := st.latest.Load(); n != 2 {
		t.Errorf("Latest called %d times after a generation bump, want 2", n)
	}
	if same.Header().Get("ETag") != first.Header().Get("ETag") ||
		same.Header().Get("Last-Modified") != first.Header().Get("Last-Modified") {
		t.Errorf("unchanged feed changed validators: %v then %v", first.Header(), same.Header())
	}

	// A real change: a new title and a new ETag.
	st.update(func(a []sanafeed.Article) []sanafeed.Article {
		a[3].Title = "Aleppo, updated"
		return a
	})
	w := do(h, "GET", "/feeds/en.rss", "If-None-Match", first.Header().Get("ETag"))
	if w.Code != 200 || w.Header().Get("ETag") == first.Header().Get("ETag") {
		t.Errorf("after a change: %d, ETag %q (was %q)", w.Code, w.Header().Get("ETag"), first.Header().Get("ETag"))
	}
	// The article's own times did not move, yet If-Modified-Since alone
	// must not hide the change.
	w = do(h, "GET", "/feeds/en.rss", "If-Modified-Since", first.Header().Get("Last-Modified"))
	if w.Code != 200 {
		t.Errorf("If-Modified-Since after a change = %d, want 200; Last-Modified %q was %q",
			w.Code, w.Header().Get("Last-Modified"), first.Header().Get("Last-Modified"))
	}
}

func TestCacheTagLookups(t *testing.T) {
	_, st, h := newTest(t)
	for range 5 {
		do(h, "GET", "/feeds/en/tags/damascus.rss")
		do(h, "GET", "/feeds/en/tags/nope.rss")
		do(h, "GET", "/feeds/en/tags/nope2.rss")
	}
	if n := st.tags.Load(); n != 1 {
		t.Errorf("Tags called %d times at one generation, want 1", n)
	}
	if n := st.latest.Load(); n != 1 {
		t.Errorf("Latest called %d times, want 1 (404s read nothing)", n)
	}
}

// TestConcurrentMissesRenderOnce runs in a synctest bubble: synctest.Wait
// returns once every request has either started the render or is waiting
// for it, so all of them ask while it runs.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, st, h := newTest(t)
		st.release = make(chan struct{})
		st.entered = make(chan struct{}, 100)
		const n = 32
		var wg sync.WaitGroup
		codes := make([]int, n)
		etags := make([]string, n)
		for i := range n {
			wg.Go(func() {
				w := do(h, "GET", "/feeds/en.atom")
				codes[i], etags[i] = w.Code, w.Header().Get("ETag")
			})
		}
		synctest.Wait() // one render holds the store; the others wait for it
		if got := len(st.entered); got != 1 {
			t.Errorf("%d renders started for %d concurrent misses, want 1", got, n)
		}
		close(st.release)
		wg.Wait()
		if got := st.latest.Load(); got != 1 {
			t.Errorf("Latest called %d times for %d concurrent misses, want 1", got, n)
		}
		for i := range n {
			if codes[i] != 200 || etags[i] != etags[0] {
				t.Errorf("request %d: %d ETag %q, want 200 %q", i, codes[i], etags[i], etags[0])
			}
		}
	})
}

func TestCacheBoundAndEviction(t *testing.T) {
	loads := map[int]int{}
	var mu sync.Mutex
	c := newCache(3, func(_ context.Context, k int, gen uint64, _ string) (string, error) {
		mu.Lock()
		loads[k]++
		mu.Unlock()
		return "v", nil
	})
	ctx := context.Background()
	for k := range 3 {
		c.get(ctx, k, 1)
	}
	c.evict() // clears the second chances of 0, 1 and 2, then takes 0
	for k := 3; k < 6; k++ {
		c.peek(1, 1) // 1 is read all the time: it stays
		c.get(ctx, k, 1)
		if c.len() > 3 {
			t.Fatalf("cache holds %d keys, max 3", c.len())
		}
	}
	if _, ok := c.peek(0, 1); ok {
		t.Error("evicted key 0 is still there")
	}
	if _, ok := c.peek(1, 1); !ok {
		t.Error("recently read key 1 was evicted")
	}
	if _, ok := c.peek(2, 1); ok {
		t.Error("unread key 2 survived")
	}
	if _, ok := c.peek(1, 2); ok {
		t.Error("peek at a newer generation hit")
	}
}

func TestDocCacheBound(t *testing.T) {
	s, _, h := newTest(t)
	s.docs.max = 4
	for _, p := range []string{"/feeds/en.rss", "/feeds/en.atom", "/feeds/en.json", "/feeds/ar.rss",
		"/feeds/ar.atom", "/feeds/fr.rss", "/feeds.opml", "/"} {
		if w := do(h, "GET", p); w.Code != 200 {
			t.Fatalf("GET %s = %d", p, w.Code)
		}
	}
	if n := s.docs.len(); n != 4 {
		t.Errorf("docs cache holds %d, want 4", n)
	}
}

func TestCachePanicReleasesWaiters(t *testing.T) {
	c := newCache(8, func(context.Context, string, uint64, int) (int, error) { panic("boom") })
	func() {
		defer func() { recover() }()
		c.get(context.Background(), "k", 1)
	}()
	if _, ok := c.peek("k", 1); ok {
		t.Error("a panicked load was cached")
	}
	c.mu.Lock()
	inflight := c.m["k"].call
	c.mu.Unlock()
	if inflight != nil {
		t.Error("a panicked load stays in flight")
	}
}

func TestNewDocLastModified(t *testing.T) {
	now := t0.Add(48 * time.Hour)
	a := newDoc([]byte("a"), "text/plain", t0.Add(1500*time.Millisecond), now, nil)
	if !a.lastMod.Equal(t0.Add(time.Second)) {
		t.Errorf("lastMod = %v, want whole seconds", a.lastMod)
	}
	if d := newDoc([]byte("a"), "text/plain", t0.Add(time.Hour), now, a); !d.lastMod.Equal(a.lastMod) {
		t.Errorf("same bytes: lastMod %v, want the previous %v", d.lastMod, a.lastMod)
	}
	if d := newDoc([]byte("b"), "text/plain", t0, now, a); !d.lastMod.After(a.lastMod) {
		t.Errorf("changed bytes, same time: lastMod %v not after %v", d.lastMod, a.lastMod)
	}
	if d := newDoc([]byte("c"), "text/plain", now.Add(time.Hour), now, nil); !d.lastMod.Equal(now) {
		t.Errorf("future time: lastMod %v, want now %v", d.lastMod, now)
	}
	if d := newDoc([]byte("c"), "text/plain", time.Time{}, now, nil); !d.lastMod.Equal(now) {
		t.Errorf("zero time: lastMod %v, want now %v", d.lastMod, now)
	}
}

// BenchmarkServeCachedFeed measures serving a current feed from memory,
// gzip and identity, as a feed reader's unconditional poll.
func BenchmarkServeCachedFeed(b *testing.B) {
	for _, bc := range []struct{ name, path, ae string }{
		{"gzip", "/feeds/en.atom", "gzip"},
		{"identity", "/feeds/en.atom", ""},
		{"tag-json", "/feeds/en/tags/damascus.json", ""},
	} {
		ae := bc.ae
		b.Run(bc.name, func(b *testing.B) {
			_, _, h := newTest(b)
			r := httptest.NewRequest("GET", bc.path, nil)
			if ae != "" {
				r.Header.Set("Accept-Encoding", ae)
			}
			warm := httptest.NewRecorder()
			h.ServeHTTP(warm, r)
			b.SetBytes(int64(warm.Body.Len()))
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code)
				}
			}
		})
	}
}

// BenchmarkServe304 measures answering a conditional poll of a current feed.
func BenchmarkServe304(b *testing.B) {
	_, _, h := newTest(b)
	warm := do(h, "GET", "/feeds/en.atom", "Accept-Encoding", "gzip")
	r := httptest.NewRequest("GET", "/feeds/en.atom", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	r.Header.Set("If-None-Match", warm.Header().Get("ETag"))
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusNotModified {
			b.Fatal(w.Code)
		}
	}
}

// A cached doc holds its bytes at their length, whatever capacity
// rendering left them with, and a render that changed nothing shares the
// previous doc's bytes instead of compressing them again.
func TestNewDocHoldsExactBytes(t *testing.T) {
	body := make([]byte, 0, 64<<10)
	body = append(body, strings.Repeat("<entry>sana</entry>", 500)...)
	d := newDoc(body, "text/plain", t0, t0, nil)
	if cap(d.body) > len(d.body)+len(d.body)/16 || cap(d.gz) > len(d.gz)+len(d.gz)/16+64 {
		t.Errorf("doc holds body cap %d for len %d, gzip cap %d for len %d", cap(d.body), len(d.body), cap(d.gz), len(d.gz))
	}
	if string(d.body) != string(body) {
		t.Fatal("doc body differs from the rendered bytes")
	}
	again := newDoc(slices.Clone(body), "text/plain", t0, t0, d)
	if &again.body[0] != &d.body[0] || &again.gz[0] != &d.gz[0] {
		t.Error("an unchanged render keeps new copies of the body and its gzip instead of the previous doc's")
	}
	changed := newDoc(append(slices.Clone(body), 'x'), "text/plain", t0, t0, d)
	if &changed.gz[0] == &d.gz[0] || changed.etag == d.etag {
		t.Error("a changed render shares the previous doc's gzip copy or ETag")
	}
}
