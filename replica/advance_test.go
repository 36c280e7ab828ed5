package replica

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestAdvance(t *testing.T) {
	s, srv := serve(t, Options{})
	before := s.Truth()
	start := s.Now()
	staleEN, staleTR := s.FeedPostIDs("en"), s.FeedPostIDs("tr")
	_, enFeed := get(t, srv, "/en/feed/")
	oldEdit := find(before, "en", editedPostEN)

	s.Advance()
	after := s.Truth()
	if got := s.Now().Sub(start); got != 3*time.Hour {
		t.Errorf("first Advance moved the clock %v, want 3h", got)
	}
	added := map[string][]Entry{}
	for _, e := range after {
		if find(before, e.Lang, e.PostID).Lang == "" {
			added[e.Lang] = append(added[e.Lang], e)
			if !e.Published.After(start) || e.Published.After(s.Now()) {
				t.Errorf("new %s %d published %v, outside the step", e.Lang, e.PostID, e.Published)
			}
		}
	}
	if n := len(after) - len(before); n < 4 || len(added) < 3 {
		t.Errorf("first Advance added %d articles in %d editions", n, len(added))
	}
	late := false
	for _, e := range added["fr"] {
		if e.Story == "homs-derby" {
			late = true
		}
	}
	if !late {
		t.Error("no late French version of homs-derby")
	}

	edit := find(after, "en", editedPostEN)
	if edit.Title == oldEdit.Title || edit.Path != oldEdit.Path || !edit.Modified.After(oldEdit.Modified) ||
		!edit.Published.Equal(oldEdit.Published) || edit.Body[2] == oldEdit.Body[2] || edit.Body[1] != oldEdit.Body[1] {
		t.Errorf("edit of en %d: %+v", editedPostEN, edit)
	}
	page := string(mustGet(t, srv, edit.Path, 200))
	if !strings.Contains(page, edit.Title) || !strings.Contains(page, "Updated: ") {
		t.Error("edited page does not show the new title and its update time")
	}

	fr := parseRSS(t, mustGet(t, srv, "/fr/feed/", 200))
	guid := ""
	for _, it := range fr.Channel.Items {
		if strings.HasSuffix(it.Link, "/31288") {
			guid = it.GUID
		}
	}
	if want := "https://" + strings.TrimPrefix(srv.URL, "http://") + "/fr/syrie/31288"; guid != want {
		t.Errorf("GUID of fr 31288 is %q, want %q", guid, want)
	}
	if id, err := sanafeed.PostID(guid); err != nil || id != guidPostFR {
		t.Errorf("new GUID names post %d (%v)", id, err)
	}

	for _, e := range sanafeed.Editions {
		newest := entryIDs(byLang(after, e.Lang))[:10]
		if e.Lang == "en" || e.Lang == "tr" {
			continue
		}
		if got := itemIDs(t, parseRSS(t, mustGet(t, srv, e.Path+"feed/", 200))); !slices.Equal(got, newest) {
			t.Errorf("%s feed after Advance: %v, want %v", e.Lang, got, newest)
		}
		if got := listed(mustGet(t, srv, e.Path, 200)); got[0] != newest[0] {
			t.Errorf("%s home after Advance starts with %d, want %d", e.Lang, got[0], newest[0])
		}
	}
	if !slices.Equal(s.FeedPostIDs("en"), staleEN) || !slices.Equal(s.FeedPostIDs("tr"), staleTR) {
		t.Error("stale feeds changed")
	}
	if _, b := get(t, srv, "/en/feed/"); string(b) != string(enFeed) {
		t.Error("stale en feed bytes changed")
	}
	fresh := itemIDs(t, parseRSS(t, mustGet(t, srv, "/en/feed/?_cb=1", 200)))
	if !slices.Contains(fresh, editedPostEN) || fresh[0] != added["en"][0].PostID {
		t.Errorf("fresh en feed %v", fresh)
	}
	if err := wellFormed(mustGet(t, srv, "/feed/", 200)); err == nil {
		t.Error("ar feed became well-formed after Advance")
	}

	for step := 2; step <= 4; step++ {
		prev, prevNow := s.Truth(), s.Now()
		s.Advance()
		if got := s.Now().Sub(prevNow); got != time.Hour {
			t.Errorf("Advance %d moved the clock %v", step, got)
		}
		cur := s.Truth()
		for _, e := range sanafeed.Editions {
			if d := len(byLang(cur, e.Lang)) - len(byLang(prev, e.Lang)); d != 1 {
				t.Errorf("Advance %d added %d %s articles", step, d, e.Lang)
			}
			top := byLang(cur, e.Lang)[0]
			if !top.Published.After(prevNow) || top.PostID <= byLang(prev, e.Lang)[0].PostID {
				t.Errorf("Advance %d: %s newest is %d at %v", step, e.Lang, top.PostID, top.Published)
			}
			if e.Lang != "en" && e.Lang != "tr" {
				if got := itemIDs(t, parseRSS(t, mustGet(t, srv, e.Path+"feed/", 200))); got[0] != top.PostID {
					t.Errorf("Advance %d: %s feed starts with %d", step, e.Lang, got[0])
				}
			}
		}
		if top := byLang(cur, "ar")[0]; top.Story == "" || byLang(cur, "en")[0].Story != top.Story {
			t.Errorf("Advance %d: ar and en versions do not share a story", step)
		}
		mustGet(t, srv, byLang(cur, "ku")[0].Path, 200)
	}
	if err := wellFormed(mustGet(t, srv, "/feed/", 200)); err == nil {
		t.Error("ar feed became well-formed after later Advances")
	}
}

func find(entries []Entry, lang string, id int64) Entry {
	for _, e := range entries {
		if e.Lang == lang && e.PostID == id {
			return e
		}
	}
	return Entry{}
}

// TestSynthetic checks what 10,000 generated articles look like: spread
// over the editions, with bodies of realistic length, many with
// translations, below the hand-written ones, and served. How fast they
// are built and served is measured by BenchmarkSynthetic and
// BenchmarkSyntheticPages.
func TestSynthetic(t *testing.T) {
	t.Parallel()
	const n = 10000
	s := New(Options{Synthetic: n})
	hand := len(New(Options{}).Truth())
	truth := s.Truth()
	if len(truth) != hand+n {
		t.Fatalf("%d articles, want %d", len(truth), hand+n)
	}
	stories := map[string]int{}
	perLang := map[string]int{}
	var words []int
	for _, e := range truth {
		if !strings.HasPrefix(e.Path, edPath(e.Lang)) || e.PostID <= 0 {
			t.Fatalf("bad entry %+v", e)
		}
		perLang[e.Lang]++
		if e.Story != "" {
			stories[e.Story]++
		}
		if len(e.Body) > 8 {
			words = append(words, len(strings.Fields(strings.Join(e.Body, " "))))
		}
	}
	slices.Sort(words)
	if len(words) < n/2 || words[len(words)/20] < 250 || words[len(words)*19/20] > 700 {
		t.Errorf("synthetic bodies: %d, 5%% at %d words, 95%% at %d", len(words), words[len(words)/20], words[len(words)*19/20])
	}
	shared := 0
	for _, c := range stories {
		if c > 1 {
			shared++
		}
	}
	if shared < n/10 {
		t.Errorf("%d generated stories have translations", shared)
	}
	for _, e := range sanafeed.Editions {
		if perLang[e.Lang] < n/50 {
			t.Errorf("%s has %d articles", e.Lang, perLang[e.Lang])
		}
	}
	if truth[0].Story != "aleppo-airport" {
		t.Errorf("newest Arabic article is %v, want the hand-written stories on top", truth[0].Path)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, e := range truth[:200] {
		mustGet(t, srv, e.Path, 200)
	}
	mustGet(t, srv, "/ku/page/3/", 200)
	mustGet(t, srv, "/en/post-sitemap100.xml", 200)
}

// BenchmarkSynthetic builds a replica with 10,000 generated articles.
func BenchmarkSynthetic(b *testing.B) {
	for b.Loop() {
		New(Options{Synthetic: 10000})
	}
}

// BenchmarkSyntheticPages serves, from a replica with 10,000 generated
// articles, the pages of its 200 newest articles, a listing page and a
// sitemap: one op is the 202 requests.
func BenchmarkSyntheticPages(b *testing.B) {
	s := New(Options{Synthetic: 10000})
	truth := s.Truth()
	paths := []string{"/ku/page/3/", "/en/post-sitemap100.xml"}
	for _, e := range truth[:200] {
		paths = append(paths, e.Path)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	for b.Loop() {
		for _, p := range paths {
			resp, err := srv.Client().Get(srv.URL + p)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("GET %s: %d", p, resp.StatusCode)
			}
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	s, srv := serve(t, Options{Synthetic: 200})
	paths := []string{"/", "/en/", "/feed/", "/en/feed/?_cb=1", "/fr/syrie/31288", "/tag/%d8%ad%d9%84%d8%a8/", "/es/sitemap_index.xml"}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Go(func() {
			for _, p := range paths {
				resp, err := srv.Client().Get(srv.URL + p)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: %d", p, resp.StatusCode)
				}
			}
		})
	}
	wg.Go(func() {
		for range 3 {
			s.Advance()
			s.Truth()
		}
	})
	wg.Wait()
	if n := len(s.Requests()); n != 8*len(paths) {
		t.Errorf("%d requests logged, want %d", n, 8*len(paths))
	}
}
