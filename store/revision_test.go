package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// pageText returns article(lang, id, 0) as read from its page, with body.
func pageText(lang string, id int64, title, body string) sanafeed.Article {
	a := article(lang, id, 0)
	a.Title, a.Content, a.From = title, body, sanafeed.FromPage
	return a
}

// TestRevisionsKept: each edit of a title or text keeps the old one, the
// last KeepRevisions of them, oldest first; a feed excerpt replaced by
// the page's text, or a change of tags, is no revision.
func TestRevisionsKept(t *testing.T) {
	db, clk := mustOpen(t)
	db.KeepRevisions = 2
	ctx := t.Context()
	feed := article("en", 1, 0)
	testkit.Put(t, db, feed)
	clk.advance(time.Minute)
	testkit.Put(t, db, pageText("en", 1, feed.Title, "<p>Body one.</p>"))
	tagged := pageText("en", 1, feed.Title, "<p>Body one.</p>")
	tagged.Tags = []sanafeed.Tag{{Slug: "x", Name: "X"}}
	testkit.Put(t, db, tagged)
	if revs, err := db.Revisions(ctx, "en/1"); err != nil || len(revs) != 0 {
		t.Fatalf("Revisions() before any edit = %v, %v; want none", revs, err)
	}
	var stamps []time.Time
	for i, title := range []string{"Title 2", "Title 3", "Title 4"} {
		a, err := db.Article(ctx, "en/1")
		testkit.Check(t, err)
		stamps = append(stamps, a.Updated)
		clk.advance(time.Hour)
		testkit.Put(t, db, pageText("en", 1, title, "<p>Body "+title+".</p>"))
		a, err = db.Article(ctx, "en/1")
		testkit.Check(t, err)
		if want := min(i+1, 2); a.Revisions != want || a.Title != title {
			t.Fatalf("after edit %d: Revisions = %d, Title %q; want %d, %q", i+1, a.Revisions, a.Title, want, title)
		}
	}
	revs, err := db.Revisions(ctx, "en/1")
	testkit.Check(t, err)
	var got []string
	for _, r := range revs {
		got = append(got, r.Title+" | "+r.Content+" | "+r.URL)
	}
	url := feed.URL
	want := []string{"Title 2 | <p>Body Title 2.</p> | " + url, "Title 3 | <p>Body Title 3.</p> | " + url}
	if !slices.Equal(got, want) {
		t.Fatalf("Revisions() = %q; want %q", got, want)
	}
	if !revs[0].At.Equal(stamps[1]) || !revs[1].At.Equal(stamps[2]) || revs[1].Version != revs[0].Version+1 {
		t.Errorf("revisions %+v: want At %v, %v and consecutive versions", revs, stamps[1], stamps[2])
	}
	if _, err := db.Revisions(ctx, "en/99"); err == nil {
		t.Error("Revisions(unknown key): no error")
	}
	checkIndexes(t, db)
}

// TestRevisionsNone: KeepRevisions 0 keeps none, and an article never
// edited has none.
func TestRevisionsNone(t *testing.T) {
	db, _ := mustOpen(t)
	db.KeepRevisions = 0
	testkit.Put(t, db, pageText("en", 1, "One", "<p>a</p>"), pageText("en", 2, "Two", "<p>b</p>"))
	testkit.Put(t, db, pageText("en", 1, "One, edited", "<p>a b</p>"))
	for _, k := range []string{"en/1", "en/2"} {
		a, err := db.Article(t.Context(), k)
		testkit.Check(t, err)
		revs, err := db.Revisions(t.Context(), k)
		if err != nil || len(revs) != 0 || a.Revisions != 0 {
			t.Errorf("%s: Revisions() = %v, %v, Article.Revisions = %d; want none", k, revs, err, a.Revisions)
		}
	}
}

// TestReprocessKeepsRevision: Reprocess's edits are revisions too.
func TestReprocessKeepsRevision(t *testing.T) {
	db, _ := mustOpen(t)
	testkit.Put(t, db, pageText("en", 1, "Title", "<p>Old box. Body.</p>"))
	_, err := db.Reprocess(t.Context(), []sanafeed.Article{pageText("en", 1, "Title", "<p>Body.</p>")})
	testkit.Check(t, err)
	revs, err := db.Revisions(t.Context(), "en/1")
	testkit.Check(t, err)
	a, err := db.Article(t.Context(), "en/1")
	testkit.Check(t, err)
	if len(revs) != 1 || revs[0].Content != "<p>Old box. Body.</p>" || a.Revisions != 1 || a.Content != "<p>Body.</p>" {
		t.Errorf("after Reprocess: revisions %+v, article %d revisions, content %q", revs, a.Revisions, a.Content)
	}
}

// TestRevisionCorrupt: a revision whose record does not decode is left
// out and counted, not an error that would cost the story page, and
// Check names it.
func TestRevisionCorrupt(t *testing.T) {
	p := path(t)
	db := openClock(t, p, newClock())
	testkit.Put(t, db, pageText("en", 1, "One", "<p>a</p>"))
	testkit.Put(t, db, pageText("en", 1, "One, edited", "<p>a b</p>"))
	testkit.Put(t, db, pageText("en", 1, "One, edited again", "<p>a b c</p>"))
	testkit.Check(t, db.SetRawRevision("en/1", 1, []byte("\x05not zstd")))
	revs, err := db.Revisions(t.Context(), "en/1")
	if err != nil || len(revs) != 1 || revs[0].Title != "One, edited" || db.Corrupt() != 1 {
		t.Fatalf("Revisions() = %+v, %v (%d corrupt); want the sound one, 1 corrupt", revs, err, db.Corrupt())
	}
	testkit.Check(t, db.Close())
	r, err := store.Check(t.Context(), p)
	testkit.Check(t, err)
	if r.Clean() || !strings.Contains(strings.Join(r.Problems, "\n"), "revision") {
		t.Errorf("Check() problems %q; want the revision named", r.Problems)
	}
}
