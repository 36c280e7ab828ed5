package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

// TestSearchFeedCached checks a search feed is rendered once per store
// generation whatever the spelling of an equivalent query, reads a bounded
// number of articles, and holds the matching ones of every edition.
func TestSearchFeedCached(t *testing.T) {
	_, st, h := newTest(t)
	first := do(h, "GET", "/feeds/search.json?q=Damascus")
	if first.Code != http.StatusOK {
		t.Fatalf("GET search: %d %s", first.Code, first.Body)
	}
	for _, id := range []string{"en/101", "ar/203", "fr/301"} {
		if !strings.Contains(first.Body.String(), `"tag:sana.sy,2025:`+id+`"`) {
			t.Errorf("search for Damascus lacks %s:\n%s", id, first.Body)
		}
	}
	if strings.Contains(first.Body.String(), "en/104") {
		t.Errorf("search for Damascus holds the Aleppo story:\n%s", first.Body)
	}
	again := do(h, "GET", "/feeds/search.json?q=%20DAMASCUS%20")
	if st.latest.Load() != 1 || again.Header().Get("ETag") != first.Header().Get("ETag") {
		t.Errorf("an equivalent query read the store again: %d reads, ETags %s and %s",
			st.latest.Load(), first.Header().Get("ETag"), again.Header().Get("ETag"))
	}
	if q := st.queries[0]; q.Scan <= 0 || q.Match == nil || q.Limit <= 0 {
		t.Errorf("search query %+v: want a Match, a Limit and a Scan bound", q)
	}
	st.update(func(a []sanafeed.Article) []sanafeed.Article { return a[:len(a)-1] })
	if r := do(h, "GET", "/feeds/search.json?q=Damascus"); r.Code != http.StatusOK || strings.Contains(r.Body.String(), "fr/301") {
		t.Errorf("after a change the search feed still holds fr/301: %d", r.Code)
	}
	if st.latest.Load() != 2 {
		t.Errorf("after a change the search read the store %d times, want 2", st.latest.Load())
	}
}

func TestStoryFeedBadLang(t *testing.T) {
	_, _, h := newTest(t)
	if r := do(h, "GET", "/feeds/stories.rss?lang=ku"); r.Code != http.StatusBadRequest || !strings.Contains(r.Body.String(), `unknown edition "ku"`) {
		t.Errorf("stories.rss?lang=ku on a server without ku: %d %q", r.Code, r.Body)
	}
	if r := do(h, "GET", "/feeds/stories.rss?lang=en"); r.Code != http.StatusOK {
		t.Errorf("stories.rss?lang=en: %d %q", r.Code, r.Body)
	}
}
