package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
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
	t.Parallel()
	w := newWorld(t)
	w.poll()
	checkTranslations(t, w, "first poll")
	w.site.Advance()
	w.poll()
	checkTranslations(t, w, "after advance")
}
