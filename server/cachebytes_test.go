package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// heldBytes returns the bytes of the documents c holds, counted from the
// documents themselves, and how many it holds.
func heldBytes[K comparable](c *cache[K, *doc]) (n, docs int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, it := range c.m {
		if s := it.val.Load(); s != nil {
			n += len(s.v.body) + len(s.v.gz)
			docs++
		}
	}
	return n, docs
}

// bigTagged returns n English articles of about size bytes of content,
// the i-th carrying the tag t{i}.
func bigTagged(n, size int) []sanafeed.Article {
	arts := make([]sanafeed.Article, n)
	for i := range arts {
		var b strings.Builder
		for w := 0; b.Len() < size; w++ {
			fmt.Fprintf(&b, "<p>word %d of story %d</p>", w*7919%100003, i)
		}
		arts[i] = sanafeed.Article{Lang: "en", PostID: int64(1000 + i), URL: fmt.Sprintf("https://sana.sy/en/syria/%d/", 1000+i),
			Title: fmt.Sprint("Story ", i), Content: b.String(), Published: t0.Add(-time.Duration(i) * time.Minute),
			Tags: []sanafeed.Tag{{Slug: fmt.Sprint("t", i), Name: fmt.Sprint("T", i)}}}
	}
	return arts
}

// TestDocCacheByteCap checks that requesting 120 distinct tag feeds keeps
// at most the cache's byte cap of rendered documents (1 MiB here, so that
// the test renders little), however many keys the count bound allows,
// and that the cache's own count of its bytes is exact.
func TestDocCacheByteCap(t *testing.T) {
	s, st, h := newTest(t)
	if s.docs.maxBytes != maxCacheBytes {
		t.Errorf("docs cache cap = %d bytes, want maxCacheBytes", s.docs.maxBytes)
	}
	const capBytes = 1 << 20
	s.docs.maxBytes = capBytes
	st.update(func(a []sanafeed.Article) []sanafeed.Article { return append(a, bigTagged(120, 20<<10)...) })
	for i := range 120 {
		if w := do(h, "GET", fmt.Sprintf("/feeds/en/tags/t%d.rss", i)); w.Code != 200 || w.Body.Len() < 20<<10 {
			t.Fatalf("tag feed %d: %d, %d bytes", i, w.Code, w.Body.Len())
		}
	}
	held, docs := heldBytes(s.docs)
	if held > capBytes {
		t.Errorf("the docs cache holds %d documents of %d bytes in all, want at most %d bytes", docs, held, capBytes)
	}
	if docs < 10 {
		t.Errorf("the docs cache holds %d documents, want as many as fit (%d bytes)", docs, held)
	}
	s.docs.mu.RLock()
	counted := s.docs.bytes
	s.docs.mu.RUnlock()
	if counted != held {
		t.Errorf("the docs cache counts %d bytes, holds %d", counted, held)
	}
}

// TestDocCacheHugeEntry checks that a document larger than a share of
// the cap is served, every time, but not kept, and evicts nothing.
func TestDocCacheHugeEntry(t *testing.T) {
	s, st, h := newTest(t)
	s.docs.maxBytes = 1 << 20
	st.update(func(a []sanafeed.Article) []sanafeed.Article {
		return append(a, bigTagged(1, 2*s.docs.maxBytes/entryShare)...)
	})
	gen := st.Generation()
	small := do(h, "GET", "/feeds/fr.rss")
	before := st.latest.Load()
	for range 2 {
		if w := do(h, "GET", "/feeds/en/tags/t0.rss"); w.Code != 200 || w.Body.Len() <= s.docs.maxBytes/entryShare {
			t.Fatalf("huge tag feed: %d, %d bytes", w.Code, w.Body.Len())
		}
	}
	if n := st.latest.Load() - before; n != 2 {
		t.Errorf("the huge feed was rendered %d times for 2 requests, want 2 (not kept)", n)
	}
	if _, ok := s.docs.peek(docKey{kind: kindTagFeed, lang: "en", tag: "t0", format: "rss"}, gen); ok {
		t.Error("the huge feed is in the cache")
	}
	if _, ok := s.docs.peek(docKey{kind: kindFeed, lang: "fr", format: "rss"}, gen); !ok || small.Code != 200 {
		t.Error("the small feed was evicted by the huge one")
	}
	if held, _ := heldBytes(s.docs); held != s.docs.bytes {
		t.Errorf("the docs cache counts %d bytes, holds %d", s.docs.bytes, held)
	}
}
