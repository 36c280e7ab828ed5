package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
	"github.com/sanafeed/sanafeed/store"
)

// jsonFeed is the part of a served JSON Feed the linking test reads.
type jsonFeed struct {
	Items []struct {
		ID          string `json:"id"`
		ContentHTML string `json:"content_html"`
		Sanafeed    struct {
			Translations []sanafeed.Link `json:"translations"`
		} `json:"_sanafeed"`
	} `json:"items"`
}

// servedTranslations returns, per item id, the ids of its translations as
// the JSON feeds of every edition give them, and the items' content.
func servedTranslations(t *testing.T, srv *httptest.Server) (map[string][]string, map[string]string) {
	t.Helper()
	got, content := map[string][]string{}, map[string]string{}
	for _, e := range sanafeed.Editions {
		resp, err := http.Get(srv.URL + "/feeds/" + e.Lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var f jsonFeed
		err = json.NewDecoder(resp.Body).Decode(&f)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range f.Items {
			ids := []string{}
			for _, tr := range it.Sanafeed.Translations {
				ids = append(ids, tr.ID)
			}
			slices.Sort(ids)
			got[it.ID], content[it.ID] = ids, it.ContentHTML
		}
	}
	return got, content
}

// wantTranslations returns, per article id, the ids of the other versions
// of its story in the replica's ground truth.
func wantTranslations(truth []replica.Entry) map[string][]string {
	stories := map[string][]string{}
	for _, a := range truth {
		if a.Story != "" {
			stories[a.Story] = append(stories[a.Story], sanafeed.ArticleID(a.Lang, a.PostID))
		}
	}
	want := map[string][]string{}
	for _, a := range truth {
		id := sanafeed.ArticleID(a.Lang, a.PostID)
		want[id] = []string{}
		for _, other := range stories[a.Story] {
			if other != id {
				want[id] = append(want[id], other)
			}
		}
		slices.Sort(want[id])
	}
	return want
}

func checkTranslations(t *testing.T, w *world, when string) {
	t.Helper()
	want := wantTranslations(w.site.Truth())
	w.served(func(srv *httptest.Server) {
		got, content := servedTranslations(t, srv)
		linked := 0
		for id, ids := range want {
			if !slices.Equal(got[id], ids) {
				t.Errorf("%s: %s translations = %v, want %v", when, id, got[id], ids)
			}
			if len(ids) > 0 {
				linked++
				if !strings.Contains(content[id], "sanafeed-translations") {
					t.Errorf("%s: %s content lacks the visible translations line", when, id)
				}
			}
		}
		if linked == 0 {
			t.Fatalf("%s: the replica has no translated story; nothing was checked", when)
		}
		t.Logf("%s: %d articles with translations, all linked as in the replica's ground truth", when, linked)
	})
}

// TestPollLinksTranslations polls the replica and checks every feed item
// carries exactly its story's other versions, then that a late
// translation joins its story after the replica moves forward.
func TestPollLinksTranslations(t *testing.T) {
	w := newWorld(t)
	w.poll()
	checkTranslations(t, w, "first poll")
	w.site.Advance()
	w.poll()
	checkTranslations(t, w, "after advance")
}

// prepareWhile queues noted articles only while it runs, and stop leaves
// nothing behind: a long-running serve must not grow a queue nobody reads.
func TestPrepareWhileStops(t *testing.T) {
	k := newLinker(nil, nil, nil)
	stop := k.prepareWhile(t.Context())
	arts := []sanafeed.Change{
		{Article: sanafeed.Article{Lang: "en", PostID: 1, Title: "Minister meets delegation", Content: "<p>Talks in Damascus.</p>"}},
		{Article: sanafeed.Article{Lang: "fr", PostID: 2, Title: "Le ministre reçoit une délégation", Content: "<p>Entretiens à Damas.</p>"}},
	}
	k.note(t.Context(), arts)
	stop()
	k.note(t.Context(), arts)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.preparing || k.prepQ != nil {
		t.Errorf("after stop: preparing %v, %d queued", k.preparing, len(k.prepQ))
	}
	if len(k.pending) != 2 {
		t.Errorf("pending = %d, want both noted articles (noted twice) kept for the flush", len(k.pending))
	}
}

// A flush reads the articles around what was noted, not the whole store:
// an undated article, or one from weeks back, once pulled every stored
// article into memory (2.7 GB for a 100,000-article store). Past the 72 h
// around each noted article, a stretch grows only while its window holds
// at most maxLinkArticles.
func TestFlushReadsOnlyAround(t *testing.T) {
	db := store.New(filepath.Join(t.TempDir(), "sanafeed.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC().Truncate(time.Second)
	var arts []sanafeed.Article
	for i := range 300 { // one every 5 hours over ~62 days
		arts = append(arts, sanafeed.Article{Lang: sanafeed.Editions[i%6].Lang, PostID: int64(1000 + i),
			URL: "https://sana.sy/en/?p=" + strconv.Itoa(1000+i), Title: "Story " + strconv.Itoa(i),
			Content: "<p>Officials met in Damascus on day " + strconv.Itoa(i) + ".</p>", From: sanafeed.FromPage,
			Published: now.Add(-time.Duration(i) * 5 * time.Hour)})
	}
	undated := sanafeed.Article{Lang: "fr", PostID: 9, URL: "https://sana.sy/fr/?p=9", Title: "Sans date",
		Content: "<p>Un texte.</p>", From: sanafeed.FromFeed}
	changes, err := db.PutArticles(t.Context(), append(arts, undated))
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { maxLinkArticles = n }(maxLinkArticles)
	maxLinkArticles = 40 // the store holds 301: a window of 40 would take it whole
	var logs bytes.Buffer
	k := newLinker(db, slog.New(slog.NewJSONHandler(&logs, nil)), nil)
	var noted []sanafeed.Change
	for _, c := range changes {
		if c.Article.PostID == 9 || c.Article.PostID == 1290 { // undated (first seen now), and ~60 days back
			noted = append(noted, c)
		}
	}
	if len(noted) != 2 {
		t.Fatalf("%d changes picked, want 2", len(noted))
	}
	k.note(t.Context(), noted)
	if err := k.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	var line struct {
		Noted, Articles int
	}
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	// Within 72 h either side: about 29 around each, 60 at most.
	if line.Noted != 2 || line.Articles < 20 || line.Articles > 60 {
		t.Errorf("flush linked %d articles for %d noted; want those within 72 h of them only (20-60 of 301)", line.Articles, line.Noted)
	}
}
