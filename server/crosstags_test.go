package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/sanafeed/sanafeed"
)

// withGroups sets a TagGroups that holds the Damascus tags of ar and en
// together and counts its calls in n.
func withGroups(n *atomic.Int64) func(*Server) {
	return func(s *Server) {
		s.TagGroups = func(ctx context.Context) (*sanafeed.TagGroups, error) {
			n.Add(1)
			return sanafeed.NewTagGroups([]sanafeed.TagGroup{{Tags: []sanafeed.TagRef{
				{Lang: "ar", Slug: dimashq.Slug, Name: dimashq.Name}, {Lang: "en", Slug: damascus.Slug, Name: damascus.Name},
			}}}), nil
		}
	}
}

// feedItems serves target and returns its items' ids, read by gofeed.
func feedItems(t *testing.T, h http.Handler, target string) []string {
	t.Helper()
	w := do(h, http.MethodGet, target)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
	}
	f, err := gofeed.NewParser().ParseString(w.Body.String())
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	var ids []string
	for _, it := range f.Items {
		ids = append(ids, it.GUID)
	}
	return ids
}

func TestCrossTagFeed(t *testing.T) {
	var calls atomic.Int64
	var clock atomic.Int64 // minutes past T0
	_, st, h := newTest(t, withGroups(&calls), func(s *Server) {
		s.Now = func() time.Time { return t0.Add(time.Duration(clock.Load()) * time.Minute) }
	})
	want := []string{ // newest first, equal times in key order
		"tag:sana.sy,2025:ar/203", "tag:sana.sy,2025:en/103",
		"tag:sana.sy,2025:ar/202", "tag:sana.sy,2025:en/102",
		"tag:sana.sy,2025:ar/201", "tag:sana.sy,2025:en/101",
	}
	for _, target := range []string{"/feeds/tags/damascus.atom", "/feeds/tags/" + url.PathEscape(dimashq.Slug) + ".json", "/feeds/tags/damascus.rss?langs=ar,en,fr"} {
		if got := feedItems(t, h, target); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("GET %s: %q, want %q", target, got, want)
		}
	}
	if got := feedItems(t, h, "/feeds/tags/damascus.atom?langs=en"); len(got) != 3 || !strings.Contains(got[0], ":en/") {
		t.Errorf("?langs=en: %q, want the three English articles", got)
	}
	before := st.latest.Load()
	feedItems(t, h, "/feeds/tags/damascus.atom?langs=%20en,,en")
	if st.latest.Load() != before {
		t.Errorf("?langs= en,,en read the store again: want the cached ?langs=en document")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("TagGroups called %d times at one generation, want 1", n)
	}
	st.update(func(a []sanafeed.Article) []sanafeed.Article { return a })
	feedItems(t, h, "/feeds/tags/damascus.atom")
	if n := calls.Load(); n != 1 {
		t.Errorf("TagGroups called %d times over two generations within %s, want 1", n, relearnTags)
	}
	clock.Add(int64(relearnTags / time.Minute))
	st.update(func(a []sanafeed.Article) []sanafeed.Article { return a })
	feedItems(t, h, "/feeds/tags/damascus.atom")
	if n := calls.Load(); n != 2 {
		t.Errorf("TagGroups called %d times over three generations, the last %s later, want 2", n, relearnTags)
	}

	for _, tt := range []struct {
		target, reason string
		code           int
	}{
		{"/feeds/tags/damascus.atom?langs=en,de", `unknown language "de" in langs; editions: ar, en, fr`, http.StatusBadRequest},
		{"/feeds/tags/damascus.atom?langs=" + strings.Repeat("en,", 100), "langs is too long", http.StatusBadRequest},
		{"/feeds/tags/homs.atom", `unknown tag "homs"`, http.StatusNotFound},
		{"/feeds/tags/damascus.xml", "unknown feed format", http.StatusNotFound},
	} {
		w := do(h, http.MethodGet, tt.target)
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.reason) || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
			t.Errorf("GET %s: %d %q (%s), want %d plain text with %q", tt.target, w.Code, w.Body, w.Header().Get("Content-Type"), tt.code, tt.reason)
		}
	}
}

// TestCrossTagFeedNoGroups checks that without TagGroups a slug's feed
// holds the tags with that slug alone.
func TestCrossTagFeedNoGroups(t *testing.T) {
	_, _, h := newTest(t)
	if got := feedItems(t, h, "/feeds/tags/damascus.atom"); len(got) != 3 {
		t.Errorf("damascus without groups: %q, want the three English articles", got)
	}
}

// TestTagEquivalentsShown checks that the index and the tag pages name
// a tag's equivalents and link the feed of every edition.
func TestTagEquivalentsShown(t *testing.T) {
	var calls atomic.Int64
	_, _, h := newTest(t, withGroups(&calls))
	for _, target := range []string{"/", "/tags/en/damascus/"} {
		body := do(h, http.MethodGet, target).Body.String()
		if !strings.Contains(body, `lang="ar" dir="rtl">دمشق</a>`) || !strings.Contains(body, `/feeds/tags/damascus.atom`) {
			t.Errorf("GET %s: no equivalents of Damascus shown", target)
		}
	}
}
