package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

// A feed path answered once through the mux is answered from its cached
// document afterwards (hotPaths): the answer is the same, header for
// header and byte for byte, for GET, HEAD, gzip and conditional requests.
func TestHotPathAnswersAsTheRoute(t *testing.T) {
	paths := []string{"/feeds/en.atom", "/feeds/all.rss", "/feeds/en/tags/damascus.json", "/feeds/ar/tags/" + url.PathEscape(dimashq.Slug) + ".atom"}
	for _, path := range paths {
		_, _, h := newTest(t)
		first := do(h, "GET", path, "Accept-Encoding", "gzip")
		etag := first.Header().Get("ETag")
		for _, req := range []struct {
			method string
			header []string
		}{
			{"GET", nil},
			{"GET", []string{"Accept-Encoding", "gzip"}},
			{"HEAD", nil},
			{"GET", []string{"Accept-Encoding", "gzip", "If-None-Match", etag}},
			{"GET", []string{"If-Modified-Since", first.Header().Get("Last-Modified")}},
		} {
			_, _, fresh := newTest(t) // nothing learnt: the mux answers
			want := do(fresh, req.method, path, req.header...)
			got := do(h, req.method, path, req.header...)
			if got.Code != want.Code || !reflect.DeepEqual(got.Header(), want.Header()) || got.Body.String() != want.Body.String() {
				t.Errorf("%s %s %q: learnt path answered %d %v (%d bytes), the route %d %v (%d bytes)", req.method, path, req.header,
					got.Code, got.Header(), got.Body.Len(), want.Code, want.Header(), want.Body.Len())
			}
		}
	}
}

// What the route refuses, a learnt path refuses too: other methods, a
// request body, an edition no longer served, a tag no longer stored.
func TestHotPathKeepsTheRoutesRules(t *testing.T) {
	s, st, h := newTest(t)
	for _, path := range []string{"/feeds/en.atom", "/feeds/en/tags/aleppo.rss"} {
		if w := do(h, "GET", path); w.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, w.Code)
		}
	}
	if w := do(h, "POST", "/feeds/en.atom"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST after GET = %d, want 405", w.Code)
	}
	r := httptest.NewRequest("GET", "/feeds/en.atom", strings.NewReader("body"))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("GET with a body after GET = %d, want 413", w.Code)
	}
	if w := do(h, "GET", "/feeds/en.atom?x=1"); w.Code != http.StatusOK {
		t.Errorf("GET with a query = %d, want 200", w.Code)
	}

	st.update(func(arts []sanafeed.Article) []sanafeed.Article {
		return slices.DeleteFunc(arts, func(a sanafeed.Article) bool { return a.HasTag(aleppo.Slug) })
	})
	if w := do(h, "GET", "/feeds/en/tags/aleppo.rss"); w.Code != http.StatusNotFound {
		t.Errorf("tag feed after its tag went = %d, want 404", w.Code)
	}
	s.SetLangs([]string{"ar", "fr"})
	if w := do(h, "GET", "/feeds/en.atom"); w.Code != http.StatusNotFound {
		t.Errorf("edition feed after its edition went = %d, want 404", w.Code)
	}
}

// The memo is bounded: past maxHot paths it forgets them and starts again.
func TestHotPathBounded(t *testing.T) {
	var hot hotPaths
	for i := range maxHot + 10 {
		r := httptest.NewRequest("GET", "/feeds/t"+strconv.Itoa(i)+".atom", nil)
		hot.learn(r, docKey{kind: kindFeed, lang: "t" + strconv.Itoa(i)}, http.StatusOK)
	}
	n := 0
	hot.m.Range(func(any, any) bool { n++; return true })
	if n != 10 || hot.n.Load() != 10 {
		t.Errorf("memo holds %d paths (counted %d) after %d learnt, want the last 10", n, hot.n.Load(), maxHot+10)
	}
}
