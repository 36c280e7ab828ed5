package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// repost returns a repost of the article key under the post id: another
// SANA post of the same edition, with the title and text given.
func repost(key string, id int64, title, body string) sanafeed.Article {
	a := pageText("en", id, title, body)
	a.RepostOf = key
	return a
}

// TestFoldRepost: a repost is folded into its original, which takes its
// text as its latest revision, keeps both URLs, is updated once (one
// article.updated, nothing created), and the repost's key and URL lead to
// it; the same repost again changes nothing, nor does the original's own
// post seen again; all of it still so after the file is reopened.
func TestFoldRepost(t *testing.T) {
	p := path(t)
	clk := newClock()
	db := openClock(t, p, clk)
	setWebhooks(t, db, epAll)
	ctx := t.Context()
	orig := pageText("en", 1, "Road reopened in Damascus", "<p>The road is open.</p>")
	testkit.Put(t, db, orig)
	drain(t, db, clk, epAll.URL)
	before, err := db.Article(ctx, "en/1")
	testkit.Check(t, err)

	clk.advance(2 * time.Hour)
	re := repost("en/1", 7, "Updated-Road reopened in Damascus", "<p>The road is open. Traffic is back.</p>")
	gen := db.Generation()
	ch := testkit.Put(t, db, re)
	if len(ch) != 1 || ch[0].Kind != sanafeed.Updated || ch[0].Article.Key() != "en/1" || db.Generation() == gen {
		t.Fatalf("PutArticles(repost) = %+v (generation %d → %d); want one update of en/1", ch, gen, db.Generation())
	}
	if got := drain(t, db, clk, epAll.URL); !slices.Equal(got, []string{"article.updated en/1"}) {
		t.Errorf("events = %q; want one article.updated en/1", got)
	}
	checkFolded(t, db, before, re)

	// The same repost again, with or without RepostOf, and the
	// original's own post: nothing changes.
	again := re
	again.RepostOf = ""
	gen = db.Generation()
	for _, obs := range [][]sanafeed.Article{{re}, {again}, {orig}, {orig, again}} {
		ch := testkit.Put(t, db, obs...)
		if len(ch) != 1 || ch[0].Kind != sanafeed.Unchanged || ch[0].Article.Key() != "en/1" {
			t.Errorf("PutArticles(%s) again = %+v; want en/1 unchanged", keys(obs), ch)
		}
	}
	if db.Generation() != gen {
		t.Errorf("generation %d → %d: something changed", gen, db.Generation())
	}
	if got := drain(t, db, clk, epAll.URL); len(got) != 0 {
		t.Errorf("events after seeing the repost again = %q; want none", got)
	}
	testkit.Check(t, db.Close())
	db = openClock(t, p, clk)
	checkFolded(t, db, before, re)
	checkIndexes(t, db)
}

// checkFolded checks that re is folded into the article before was.
func checkFolded(t *testing.T, db *store.DB, before, re sanafeed.Article) {
	t.Helper()
	ctx := t.Context()
	a, err := db.Article(ctx, before.Key())
	testkit.Check(t, err)
	if a.Title != re.Title || a.Content != re.Content || a.URL != before.URL ||
		!slices.Equal(a.Reposts, []string{re.URL}) || !slices.Equal(a.URLs(), []string{before.URL, re.URL}) ||
		a.Version != before.Version+1 || !a.Updated.After(before.Updated) || a.Revisions != 1 || a.RepostOf != "" {
		t.Errorf("folded article = %+v; want %q, %q at %s, reposted at %s, version %d, updated after %v, 1 revision",
			a, re.Title, re.Content, before.URL, re.URL, before.Version+1, before.Updated)
	}
	revs, err := db.Revisions(ctx, before.Key())
	testkit.Check(t, err)
	if len(revs) != 1 || revs[0].Title != before.Title || revs[0].Content != before.Content ||
		revs[0].URL != before.URL || revs[0].Version != before.Version || !revs[0].At.Equal(before.Updated) {
		t.Errorf("Revisions() = %+v; want the original's text, %s, version %d", revs, before.URL, before.Version)
	}
	if n, err := db.Count(ctx, "en"); err != nil || n != 1 {
		t.Errorf("Count(en) = %d, %v; want 1: the repost is not an article", n, err)
	}
	if got, err := db.Article(ctx, re.Key()); err != nil || got.Key() != before.Key() {
		t.Errorf("Article(%s) = %s, %v; want the original %s", re.Key(), got.Key(), err, before.Key())
	}
	if known, err := db.Known(ctx, []string{re.Key()}); err != nil || known[re.Key()].PostID != before.PostID {
		t.Errorf("Known(%s) = %v, %v; want the original", re.Key(), known, err)
	}
	byURL, err := db.KeysByURL(ctx, []string{re.URL, before.URL})
	if err != nil || byURL[re.URL] != before.Key() || byURL[before.URL] != before.Key() {
		t.Errorf("KeysByURL(both urls) = %v, %v; want both %s", byURL, err, before.Key())
	}
	if got, err := db.Latest(ctx, sanafeed.Query{Lang: "en"}); err != nil || len(got) != 1 || got[0].Key() != before.Key() {
		t.Errorf("Latest(en) = %v, %v; want the original alone", keys(got), err)
	}
}

// TestFoldWithinBatch: an original and its repost new in one call give
// one article, created (no update), with the original's text as its
// revision; the event's urls name both posts.
func TestFoldWithinBatch(t *testing.T) {
	db, clk := mustOpen(t)
	setWebhooks(t, db, epAll)
	orig := pageText("en", 1, "Road reopened", "<p>Open.</p>")
	re := repost("en/1", 2, "Updated-Road reopened", "<p>Open again.</p>")
	ch := testkit.Put(t, db, orig, re)
	if len(ch) != 1 || ch[0].Kind != sanafeed.Created || ch[0].Article.Title != re.Title || ch[0].Article.Version != 2 {
		t.Fatalf("PutArticles(original, repost) = %+v; want en/1 created with the repost's title, version 2", ch)
	}
	ds, err := db.DueDeliveries(t.Context(), sanafeed.WebhookID(epAll.URL), clk.t, 0)
	testkit.Check(t, err)
	if len(ds) != 1 || ds[0].Type != sanafeed.EventCreated {
		t.Fatalf("deliveries = %+v; want one article.created", ds)
	}
	ev := decodeEvent(t, ds[0])
	if want := []string{orig.URL, re.URL}; ev.Data.URL != orig.URL || !slices.Equal(ev.Data.URLs, want) {
		t.Errorf("event url %s, urls %q; want %s, %q", ev.Data.URL, ev.Data.URLs, orig.URL, want)
	}
	revs, err := db.Revisions(t.Context(), "en/2")
	testkit.Check(t, err)
	if len(revs) != 1 || revs[0].Title != orig.Title || revs[0].Version != 1 {
		t.Errorf("Revisions(en/2, the repost's key) = %+v; want the original's text as version 1", revs)
	}
	checkIndexes(t, db)
}

// TestFoldRefused: RepostOf naming another edition is an error; naming
// an article not stored, or given for a key stored as an article, it is
// stored as itself.
func TestFoldRefused(t *testing.T) {
	db, _ := mustOpen(t)
	testkit.Put(t, db, pageText("en", 1, "One", "<p>1</p>"), pageText("en", 2, "Two", "<p>2</p>"))
	other := repost("ar/1", 3, "Three", "<p>3</p>")
	if _, err := db.PutArticles(t.Context(), []sanafeed.Article{other}); err == nil {
		t.Error("PutArticles(repost of another edition): no error")
	}
	stored := repost("en/1", 2, "Two, edited", "<p>2</p>")
	orphan := repost("en/99", 4, "Four", "<p>4</p>")
	ch := testkit.Put(t, db, stored, orphan)
	var got []string
	for _, c := range ch {
		got = append(got, c.Kind.String()+" "+c.Article.Key()+" "+c.Article.Title)
	}
	if want := []string{"updated en/2 Two, edited", "created en/4 Four"}; !slices.Equal(got, want) {
		t.Errorf("PutArticles(stored key, orphan) = %q; want %q", got, want)
	}
	a, err := db.Article(t.Context(), "en/1")
	testkit.Check(t, err)
	if len(a.Reposts) != 0 || a.Title != "One" {
		t.Errorf("en/1 = %+v; want it untouched", a)
	}
}
