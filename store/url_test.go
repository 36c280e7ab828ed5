package store_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// slugged returns article(lang, id, 0) at a permalink without its post id.
func slugged(lang string, id int64, slug string) sanafeed.Article {
	a := article(lang, id, 0)
	a.URL = "https://sana.sy/" + lang + "/2026/02/09/" + slug + "/"
	return a
}

func TestKeysByURL(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	a, b := slugged("en", 11, "talks-resume"), article("fr", 12, 0)
	testkit.Put(t, db, a, b)
	unknown := "https://sana.sy/en/2026/02/09/not-stored/"
	got, err := db.KeysByURL(ctx, []string{a.URL, b.URL, unknown, ""})
	testkit.Check(t, err)
	want := map[string]string{a.URL: "en/11", b.URL: "fr/12"}
	if !maps.Equal(got, want) {
		t.Errorf("KeysByURL() = %v, want %v", got, want)
	}
	if got, err := db.KeysByURL(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("KeysByURL(nil) = %v, %v; want an empty map", got, err)
	}

	// The site changes the permalink: the old URL no longer finds it.
	moved := slugged("en", 11, "talks-resume-in-geneva")
	if ch := testkit.Put(t, db, moved); ch[0].Kind != sanafeed.Updated {
		t.Fatalf("moving the URL gave %v, want Updated", ch[0].Kind)
	}
	got, err = db.KeysByURL(ctx, []string{a.URL, moved.URL})
	testkit.Check(t, err)
	if want := map[string]string{moved.URL: "en/11"}; !maps.Equal(got, want) {
		t.Errorf("after the move KeysByURL() = %v, want %v", got, want)
	}
	// A change that keeps the URL keeps the entry.
	retitled := moved
	retitled.Title = "Talks resume in Geneva"
	testkit.Put(t, db, retitled)
	if got, _ := db.KeysByURL(ctx, []string{moved.URL}); got[moved.URL] != "en/11" {
		t.Errorf("after a new title KeysByURL() = %v", got)
	}
	checkIndexes(t, db)
}

// TestKeysByURLMovedWithinCall stores a new article and moves it in the
// same call: only the last URL is indexed.
func TestKeysByURLMovedWithinCall(t *testing.T) {
	db, _ := mustOpen(t)
	first, second := slugged("ar", 3, "draft"), slugged("ar", 3, "final")
	testkit.Put(t, db, first, second)
	got, err := db.KeysByURL(t.Context(), []string{first.URL, second.URL})
	testkit.Check(t, err)
	if want := map[string]string{second.URL: "ar/3"}; !maps.Equal(got, want) {
		t.Errorf("KeysByURL() = %v, want %v", got, want)
	}
	checkIndexes(t, db)
}

// TestURLIndexFilledAtOpen opens a file as the previous layout left it,
// without idx_url and the page buckets: Open fills the index and records
// the new schema version.
func TestURLIndexFilledAtOpen(t *testing.T) {
	p := path(t)
	c := newClock()
	db := store.New(p)
	db.Now = c.now
	testkit.Check(t, db.Open())
	arts := []sanafeed.Article{slugged("en", 1, "one"), article("ar", 2, 1), slugged("tr", 3, "üç")}
	testkit.Put(t, db, arts...)
	testkit.Check(t, db.Close())
	testkit.Check(t, store.RewriteFile(p, 1, "idx_url", "pages", "idx_page_fetch"))

	db = openClock(t, p, c)
	if v := db.StoredSchema(); v != store.SchemaVersion {
		t.Errorf("after Open, schema %d, want %d", v, store.SchemaVersion)
	}
	got, err := db.KeysByURL(t.Context(), []string{arts[0].URL, arts[1].URL, arts[2].URL})
	testkit.Check(t, err)
	want := map[string]string{arts[0].URL: "en/1", arts[1].URL: "ar/2", arts[2].URL: "tr/3"}
	if !maps.Equal(got, want) {
		t.Errorf("KeysByURL() = %v, want %v", got, want)
	}
	testkit.Check(t, db.PutPages(t.Context(), kept("en/1", t0, "page")))
	checkIndexes(t, db)
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	p := path(t)
	db := testkit.OpenStore(t, p)
	testkit.Check(t, db.Close())
	testkit.Check(t, store.RewriteFile(p, store.SchemaVersion+1))
	err := db.Open()
	if err == nil {
		db.Close()
		t.Fatal("Open of a newer file succeeded")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open() err = %v, want it to say the file is newer", err)
	}
}

// TestURLTooLong skips an article whose URL cannot be a bbolt key and
// stores the rest of the batch.
func TestURLTooLong(t *testing.T) {
	db, _ := mustOpen(t)
	long := slugged("en", 1, strings.Repeat("x", 40000))
	ch, err := db.PutArticles(t.Context(), []sanafeed.Article{long, article("en", 2, 0)})
	if err == nil || len(ch) != 1 || ch[0].Article.Key() != "en/2" {
		t.Errorf("PutArticles() = %d changes, %v; want en/2 stored and an error for en/1", len(ch), err)
	}
	checkIndexes(t, db)
}
