package main

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// storyTruth is the replica's stories: each article's story (its Story,
// or the article alone) and each story's versions.
type storyTruth struct {
	byPath   map[string]replica.Entry   // article path, without a final slash → entry
	story    map[string]string          // article id → story
	versions map[string][]replica.Entry // story → its versions
}

func newStoryTruth(truth []replica.Entry) storyTruth {
	st := storyTruth{byPath: map[string]replica.Entry{}, story: map[string]string{}, versions: map[string][]replica.Entry{}}
	for _, e := range truth {
		id := sanafeed.ArticleID(e.Lang, e.PostID)
		s := e.Story
		if s == "" {
			s = id
		}
		st.byPath[strings.TrimSuffix(e.Path, "/")], st.story[id] = e, s
		st.versions[s] = append(st.versions[s], e)
	}
	return st
}

// want returns the version of story s a story feed preferring lang shows:
// that edition's, else the earliest published.
func (st storyTruth) want(s, lang string) replica.Entry {
	vs := st.versions[s]
	if i := slices.IndexFunc(vs, func(e replica.Entry) bool { return e.Lang == lang }); i >= 0 {
		return vs[i]
	}
	return slices.MinFunc(vs, func(a, b replica.Entry) int { return a.Published.Compare(b.Published) })
}

// storyItem is an item of the JSON story feed.
type storyItem struct {
	ID           string    `json:"id"`
	URL          string    `json:"url"`
	Language     string    `json:"language"`
	DateModified time.Time `json:"date_modified"`
	Sanafeed     struct {
		Translations []sanafeed.Link `json:"translations"`
	} `json:"_sanafeed"`
}

// checkStoryFeed reads the story feed preferring lang and checks it holds
// one item per story of the replica, showing the right version and
// linking every other one. It returns the items by story.
func checkStoryFeed(t *testing.T, srv *httptest.Server, st storyTruth, lang string) map[string]storyItem {
	t.Helper()
	var f struct{ Items []storyItem }
	path := "/feeds/stories.json?lang=" + lang
	if err := json.Unmarshal([]byte(getBody(t, srv.URL, path)), &f); err != nil {
		t.Fatal(err)
	}
	if len(st.versions) > 50 {
		t.Fatalf("the replica has %d stories, more than a feed holds: extend the test", len(st.versions))
	}
	items := map[string]storyItem{}
	ids := map[string]bool{}
	for _, it := range f.Items {
		u, err := url.Parse(it.URL)
		if err != nil {
			t.Fatal(err)
		}
		e, ok := st.byPath[strings.TrimSuffix(u.Path, "/")]
		if !ok {
			t.Errorf("%s: item %s links %s, no article of the replica", path, it.ID, it.URL)
			continue
		}
		s := st.story[sanafeed.ArticleID(e.Lang, e.PostID)]
		if _, dup := items[s]; dup || ids[it.ID] {
			t.Errorf("%s: story %s (item %s) appears twice", path, s, it.ID)
		}
		items[s], ids[it.ID] = it, true
		if w := st.want(s, lang); w.Path != e.Path {
			t.Errorf("%s: story %s shows %s/%d, want %s/%d", path, s, e.Lang, e.PostID, w.Lang, w.PostID)
		}
		var got, want []string
		for _, l := range it.Sanafeed.Translations {
			got = append(got, l.ID)
		}
		for _, v := range st.versions[s] {
			if v.Path != e.Path {
				want = append(want, sanafeed.ArticleID(v.Lang, v.PostID))
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: story %s links %v, want its other versions %v", path, s, got, want)
		}
	}
	if len(items) != len(st.versions) {
		t.Errorf("%s: %d stories, want the replica's %d", path, len(items), len(st.versions))
	}
	return items
}

// TestStoryFeed polls the replica and checks the story feed holds one item
// per story, in the preferred edition where it ran, else its original,
// linking the other versions; that feedparser reads it; and that when a
// late translation joins a story, its item keeps its id, links the new
// version and is updated.
func TestStoryFeed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.poll()
	var before map[string]storyItem
	w.served(func(srv *httptest.Server) {
		st := newStoryTruth(w.site.Truth())
		for _, lang := range []string{"en", "ku"} {
			checkStoryFeed(t, srv, st, lang)
		}
		before = checkStoryFeed(t, srv, st, "fr")
		if code, body := fetchBody(t, srv.URL+"/feeds/stories.atom?lang=de"); code != 400 || !strings.Contains(body, `unknown edition "de"`) {
			t.Errorf("stories.atom?lang=de: %d %q, want 400 saying why", code, body)
		}
	})

	w.site.Advance() // a late French version of homs-derby
	w.poll()
	w.served(func(srv *httptest.Server) {
		st := newStoryTruth(w.site.Truth())
		after := checkStoryFeed(t, srv, st, "fr")
		for s, old := range before {
			if it, ok := after[s]; ok && it.ID != old.ID {
				t.Errorf("story %s: item id %s became %s", s, old.ID, it.ID)
			}
		}
		old, it := before["homs-derby"], after["homs-derby"]
		if it.Language != "fr" || old.Language == "fr" {
			t.Errorf("homs-derby shown in %q, then %q; want its late French version", old.Language, it.Language)
		}
		if !it.DateModified.After(old.DateModified) {
			t.Errorf("homs-derby updated %v, then %v: not moved when its French version joined", old.DateModified, it.DateModified)
		}
		for _, path := range []string{"/feeds/stories.atom?lang=en", "/feeds/stories.atom", "/feeds/en.atom"} {
			if p := checkAtomSchema([]byte(getBody(t, srv.URL, path))); len(p) > 0 {
				t.Errorf("%s breaks the Atom schema: %q", path, p)
			}
		}
		checkStoryFeedparser(t, srv, len(st.versions)) // last: it skips without feedparser
	})
}

// checkStoryFeedparser reads the RSS and Atom story feeds with Python's
// feedparser: well-formed, one entry per story, ids unique.
func checkStoryFeedparser(t *testing.T, srv *httptest.Server, stories int) {
	t.Helper()
	py := feedparserPython(t)
	script := filepath.Join(t.TempDir(), "read.py")
	if err := os.WriteFile(script, []byte(feedparserScript), 0o644); err != nil {
		t.Fatal(err)
	}
	urls := []string{srv.URL + "/feeds/stories.rss?lang=en", srv.URL + "/feeds/stories.atom?lang=en", srv.URL + "/feeds/stories.atom"}
	var got map[string]parsedFeed
	if err := json.Unmarshal([]byte(command(t, nil, py, append([]string{script}, urls...)...)), &got); err != nil {
		t.Fatal(err)
	}
	for _, u := range urls {
		p := got[u]
		if p.Status != 200 || p.Bozo != 0 || p.Version == "" {
			t.Errorf("%s: status %d bozo %d (%s) version %q", u, p.Status, p.Bozo, p.BozoException, p.Version)
		}
		ids := map[string]bool{}
		for _, e := range p.Entries {
			ids[e.ID] = true
		}
		if len(p.Entries) != stories || len(ids) != stories {
			t.Errorf("%s: %d entries, %d ids, want one per story: %d", u, len(p.Entries), len(ids), stories)
		}
	}
}
