package refresh_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/refresh"
	"github.com/sanafeed/sanafeed/replica"
)

// blindStore cannot read an edition's recent articles.
type blindStore struct{ refresh.Store }

func (blindStore) EditionBetween(context.Context, string, time.Time, time.Time, int) ([]sanafeed.Article, error) {
	return nil, errors.New("disk error")
}

// TestRepostsFoldedByPoller polls the replica's Spanish edition with
// planted reposts (an exact re-run and updated versions, all in the
// first poll's batch): each repost is folded into its original, counted
// as nothing new, and no sibling is; with folding off, or when the store
// cannot give the edition's recent articles, every post is stored as
// itself and nothing is lost.
func TestRepostsFoldedByPoller(t *testing.T) {
	t.Parallel()
	site := replica.New(replica.Options{Reposts: true})
	origin := httptest.NewServer(site)
	t.Cleanup(origin.Close) // after the parallel subtests
	var reposts, all int
	for _, e := range site.Truth() {
		if e.Lang == "es" {
			all++
			if e.RepostOf != 0 {
				reposts++
			}
		}
	}
	if reposts == 0 {
		t.Fatal("no Spanish repost planted")
	}
	for _, tt := range []struct {
		name  string
		fold  bool
		blind bool
	}{{"fold", true, false}, {"off", false, false}, {"store unreadable", true, true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, db := newPoller(t, sanafeed.Source{Lang: "es", URL: origin.URL + "/es/"})
			p.FoldReposts = tt.fold
			if tt.blind {
				p.Store = blindStore{p.Store}
			}
			res := p.PollOnce(t.Context())[0]
			folds := tt.fold && !tt.blind
			wantNew := all
			if folds {
				wantNew -= reposts
			}
			if res.Err != "" || res.New != wantNew {
				t.Errorf("poll: %d new, err %q; want %d new", res.New, res.Err, wantNew)
			}
			for _, e := range site.Truth() {
				if e.Lang != "es" {
					continue
				}
				key := sanafeed.ArticleKey("es", e.PostID)
				a, err := db.Article(t.Context(), key)
				want := key
				if folds && e.RepostOf != 0 {
					want = sanafeed.ArticleKey("es", e.RepostOf)
				}
				if err != nil || a.Key() != want {
					t.Errorf("%s (repost of %d, sibling of %d): stored as %s, %v; want %s", key, e.RepostOf, e.SiblingOf, a.Key(), err, want)
				}
			}
		})
	}
}
