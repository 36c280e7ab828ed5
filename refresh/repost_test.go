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

// TestFoldedOriginalNotRefetched polls the Spanish edition with planted
// reposts while the site publishes: the feed and listings, read again
// because something new appeared, still show each original under its own
// older title, which is no longer the stored one once a repost was folded
// into it, and a poll must not take that for an edit and read the
// original's page again.
func TestFoldedOriginalNotRefetched(t *testing.T) {
	t.Parallel()
	site := replica.New(replica.Options{Reposts: true})
	origin := httptest.NewServer(site)
	t.Cleanup(origin.Close)
	p, _ := newPoller(t, sanafeed.Source{Lang: "es", URL: origin.URL + "/es/"})
	p.FoldReposts = true
	for i := range 2 {
		if res := p.PollOnce(t.Context())[0]; res.Err != "" {
			t.Fatalf("poll %d: %s", i+1, res.Err)
		}
		site.Advance()
	}
	originals := map[string]bool{}
	byID := map[int64]string{}
	for _, e := range site.Truth() {
		if e.Lang == "es" {
			byID[e.PostID] = e.Path
		}
	}
	for _, e := range site.Truth() {
		if e.Lang == "es" && e.RepostOf != 0 {
			originals[byID[e.RepostOf]] = true
		}
	}
	site.ResetRequests()
	res := p.PollOnce(t.Context())[0]
	if res.Err != "" || res.New == 0 {
		t.Fatalf("third poll: %d new, err %q; want the article the site published", res.New, res.Err)
	}
	for _, r := range site.Requests() {
		if originals[r.Path] {
			t.Errorf("the third poll read the page of the folded original %s again", r.Path)
		}
	}
}
