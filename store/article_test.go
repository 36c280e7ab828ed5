package store_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// page returns the page observation of the same post as feed: full
// content, tags told apart from categories.
func page(feed sanafeed.Article) sanafeed.Article {
	p := feed
	p.GUID = ""
	p.From = sanafeed.FromPage
	p.Content = "<p>DAMASCUS, Feb. 9 (SANA) – The whole story.</p>"
	p.Summary = "The whole story."
	p.Tags = []sanafeed.Tag{{Slug: "damascus", Name: "Damascus"}, {Slug: "economy", Name: "Economy"}}
	p.Dateline = "DAMASCUS"
	return p
}

func TestPutArticlesIdentity(t *testing.T) {
	feed := article("en", 2289847, 0, "syria")
	httpFeed := feed
	httpFeed.URL = "http://sana.sy/en/syria/2289847/"
	newGUID := feed
	newGUID.GUID = "https://sana.sy/en/?p=2289847&lang=en"
	edited := page(feed)
	edited.Title = "Story en 2289847, corrected"
	undated := feed
	undated.Published = time.Time{}
	dated := page(feed)

	tests := []struct {
		name    string
		puts    []sanafeed.Article // one PutArticles call each
		kinds   []sanafeed.ChangeKind
		version int
		content string
		title   string
	}{
		{"feed page feed", []sanafeed.Article{feed, page(feed), feed},
			[]sanafeed.ChangeKind{sanafeed.Created, sanafeed.Updated, sanafeed.Unchanged}, 2, page(feed).Content, feed.Title},
		{"http then https", []sanafeed.Article{httpFeed, feed},
			[]sanafeed.ChangeKind{sanafeed.Created, sanafeed.Updated}, 2, "", feed.Title},
		{"changed guid", []sanafeed.Article{feed, newGUID},
			[]sanafeed.ChangeKind{sanafeed.Created, sanafeed.Unchanged}, 1, "", feed.Title},
		{"edit", []sanafeed.Article{page(feed), edited},
			[]sanafeed.ChangeKind{sanafeed.Created, sanafeed.Updated}, 2, page(feed).Content, edited.Title},
		{"dated later", []sanafeed.Article{undated, dated},
			[]sanafeed.ChangeKind{sanafeed.Created, sanafeed.Updated}, 2, page(feed).Content, feed.Title},
		{"same twice", []sanafeed.Article{page(feed), page(feed)},
			[]sanafeed.ChangeKind{sanafeed.Created, sanafeed.Unchanged}, 1, page(feed).Content, feed.Title},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, clk := mustOpen(t)
			testkit.Put(t, db, article("en", 1, 30)) // a neighbour, published later

			for i, a := range tt.puts {
				clk.advance(time.Hour)
				gen := db.Generation()
				ch := testkit.Put(t, db, a)
				if len(ch) != 1 || ch[0].Kind != tt.kinds[i] {
					t.Fatalf("put %d: changes = %+v, want one %v", i, ch, tt.kinds[i])
				}
				if bumped := db.Generation() != gen; bumped != (tt.kinds[i] != sanafeed.Unchanged) {
					t.Errorf("put %d (%v): Generation %d → %d", i, tt.kinds[i], gen, db.Generation())
				}
			}
			got, err := db.Article(t.Context(), "en/2289847")
			testkit.Check(t, err)
			if got.Version != tt.version || got.Content != tt.content || got.Title != tt.title {
				t.Errorf("stored Version, Content, Title = %d, %q, %q; want %d, %q, %q",
					got.Version, got.Content, got.Title, tt.version, tt.content, tt.title)
			}
			if !got.FirstSeen.Equal(t0.Add(time.Hour)) {
				t.Errorf("FirstSeen = %v, want the first put's time", got.FirstSeen)
			}
			if n, _ := db.Count(t.Context(), "en"); n != 2 {
				t.Errorf("Count(en) = %d, want 2", n)
			}
			latest, err := db.Latest(t.Context(), sanafeed.Query{Lang: "en"})
			testkit.Check(t, err)
			if want := []string{"en/1", "en/2289847"}; !slices.Equal(keys(latest), want) {
				t.Errorf("Latest(en) = %v, want %v", keys(latest), want)
			}
			checkIndexes(t, db)
		})
	}
}

func TestPutArticlesVersionAndTimes(t *testing.T) {
	db, clk := mustOpen(t)
	a := article("fr", 42, 0)
	ch := testkit.Put(t, db, a)
	if got := ch[0].Article; got.Version != 1 || !got.FirstSeen.Equal(t0) || !got.Updated.Equal(t0) {
		t.Fatalf("created Version, FirstSeen, Updated = %d, %v, %v; want 1, %v, %v", got.Version, got.FirstSeen, got.Updated, t0, t0)
	}
	clk.advance(time.Minute)
	ch = testkit.Put(t, db, a)
	if got := ch[0].Article; ch[0].Kind != sanafeed.Unchanged || !got.Updated.Equal(t0) || !db.LastChange().Equal(t0) {
		t.Fatalf("re-put: %v, Updated %v, LastChange %v; want unchanged at %v", ch[0].Kind, got.Updated, db.LastChange(), t0)
	}
	clk.advance(time.Minute)
	a.Title = "Nouveau titre"
	a.Version, a.FirstSeen = 99, t0.Add(-time.Hour) // the store owns these
	ch = testkit.Put(t, db, a)
	got := ch[0].Article
	if ch[0].Kind != sanafeed.Updated || got.Version != 2 || !got.FirstSeen.Equal(t0) || !got.Updated.Equal(clk.t) {
		t.Fatalf("edit: %v Version %d FirstSeen %v Updated %v", ch[0].Kind, got.Version, got.FirstSeen, got.Updated)
	}
	if !db.LastChange().Equal(clk.t) {
		t.Errorf("LastChange() = %v, want %v", db.LastChange(), clk.t)
	}
}

func TestPutArticlesBatch(t *testing.T) {
	db, _ := mustOpen(t)
	feed := article("ar", 5, 0)
	testkit.Put(t, db, article("ar", 9, 0))
	ch, err := db.PutArticles(t.Context(), []sanafeed.Article{
		feed,
		{Lang: "ar", URL: "https://sana.sy/x/"}, // no post id
		article("ar", 9, 0),
		page(feed),
		{Lang: "en", PostID: 3, URL: "https://sana.sy/en/x/3/"}, // no title
		article("ar", 6, 1),
	})
	if err == nil {
		t.Error("PutArticles with invalid articles returned no error")
	}
	var kinds []sanafeed.ChangeKind
	for _, c := range ch {
		kinds = append(kinds, c.Kind)
	}
	if want := []sanafeed.ChangeKind{sanafeed.Created, sanafeed.Unchanged, sanafeed.Created}; !slices.Equal(kinds, want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	if a := ch[0].Article; a.Version != 1 || a.From != sanafeed.FromPage || len(a.Tags) != 2 {
		t.Errorf("feed then page in one call: Version %d From %q Tags %v; want 1, page, 2 tags", a.Version, a.From, a.Tags)
	}
	if n, _ := db.Count(t.Context(), ""); n != 3 {
		t.Errorf("Count() = %d, want 3", n)
	}
	ch, err = db.PutArticles(t.Context(), []sanafeed.Article{{Lang: "en"}})
	if err == nil || len(ch) != 0 {
		t.Errorf("all invalid: %v, %v", ch, err)
	}
	checkIndexes(t, db)
}

func TestArticleAndKnown(t *testing.T) {
	db, _ := mustOpen(t)
	testkit.Put(t, db, article("en", 1, 0), article("tr", 1, 0))
	_, err := db.Article(t.Context(), "es/1")
	if !errors.Is(err, sanafeed.ErrNotFound) {
		t.Errorf("Article(missing) err = %v, want ErrNotFound", err)
	}
	a, err := db.Article(t.Context(), "tr/1")
	testkit.Check(t, err)
	if a.Lang != "tr" || a.PostID != 1 {
		t.Errorf("Article(tr/1) = %s", a.Key())
	}
	m, err := db.Known(t.Context(), []string{"en/1", "en/2", "tr/1", "ar/1"})
	testkit.Check(t, err)
	if len(m) != 2 || m["en/1"].Lang != "en" || m["tr/1"].Lang != "tr" {
		t.Errorf("Known() = %v", m)
	}
}

func TestChangeKindString(t *testing.T) {
	for k, want := range map[sanafeed.ChangeKind]string{
		sanafeed.Created: "created", sanafeed.Updated: "updated", sanafeed.Unchanged: "unchanged",
	} {
		if got := k.String(); got != want {
			t.Errorf("ChangeKind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestIndexMovesWithPublished(t *testing.T) {
	db, clk := mustOpen(t)
	undated := article("en", 2, 0)
	undated.Published = time.Time{}
	clk.advance(time.Hour)
	testkit.Put(t, db, article("en", 1, 30), undated) // undated: indexed at first sight, t0+1h
	latestIs(t, db, sanafeed.Query{Lang: "en"}, "en/2", "en/1")
	dated := page(undated)
	dated.Published = t0
	if ch := testkit.Put(t, db, dated); ch[0].Kind != sanafeed.Updated {
		t.Fatalf("dating an article: %v, want updated", ch[0].Kind)
	}
	latestIs(t, db, sanafeed.Query{Lang: "en"}, "en/1", "en/2")
	latestIs(t, db, sanafeed.Query{}, "en/1", "en/2")
	latestIs(t, db, sanafeed.Query{Lang: "en", Tag: "economy"}, "en/2")
	since, err := db.Since(t.Context(), t0.Add(15*time.Minute))
	testkit.Check(t, err)
	if !slices.Equal(keys(since), []string{"en/1"}) {
		t.Errorf("Since(t0+15m) = %v, want [en/1]", keys(since))
	}
	checkIndexes(t, db)
}

// TestFirstFormatStore opens a store whose article records are JSON, as
// stores written before SchemaVersion 3 are: every article reads as
// stored, an unchanged observation leaves its record alone, and a
// change rewrites it compressed.
func TestFirstFormatStore(t *testing.T) {
	p := path(t)
	db := store.New(p)
	testkit.Check(t, db.Open())
	var arts []sanafeed.Article
	for i := range 3 {
		arts = append(arts, page(article("en", int64(i+1), i, "syria")))
	}
	testkit.Put(t, db, arts...)
	want, err := db.Latest(t.Context(), sanafeed.Query{})
	testkit.Check(t, err)
	testkit.Check(t, db.Close())
	testkit.Check(t, store.RewriteFirstFormat(p))

	db = testkit.OpenStore(t, p)
	if v := db.StoredSchema(); v != store.SchemaVersion {
		t.Errorf("schema after Open = %d, want %d", v, store.SchemaVersion)
	}
	if rec := db.RawArticle("en/1"); len(rec) == 0 || rec[0] != '{' {
		t.Fatalf("record of en/1 starts %q, want JSON", rec[:min(len(rec), 1)])
	}
	got, err := db.Latest(t.Context(), sanafeed.Query{})
	testkit.Check(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Latest() from JSON records = %+v\nwant %+v", got, want)
	}
	heads, err := db.BetweenHeads(t.Context(), t0, t0.Add(time.Hour))
	testkit.Check(t, err)
	for _, h := range heads {
		if h.Title == "" || h.Summary != "" || h.Content != "" {
			t.Errorf("head of %s: title %q, summary %q, content %q; want the title alone", h.Key(), h.Title, h.Summary, h.Content)
		}
	}

	testkit.Put(t, db, arts[0]) // unchanged
	if rec := db.RawArticle("en/1"); rec[0] != '{' {
		t.Errorf("record of unchanged en/1 starts %q, want JSON still", rec[:1])
	}
	edited := arts[1]
	edited.Title += ", corrected"
	db.KeepRevisions = 0 // a revision count in en/2's record would make it no match for en/3's
	testkit.Put(t, db, edited)
	rec := db.RawArticle("en/2")
	if rec[0] == '{' || len(rec) >= len(db.RawArticle("en/3")) {
		t.Errorf("record of edited en/2: %d bytes starting %q; want the compressed format, shorter than JSON en/3", len(rec), rec[:1])
	}
	a, err := db.Article(t.Context(), "en/2")
	testkit.Check(t, err)
	if a.Title != edited.Title || a.Content != edited.Content || a.Summary != edited.Summary || a.Version != 2 {
		t.Errorf("en/2 after the edit = %+v", a)
	}
	testkit.Check(t, db.CheckIndexes())
	testkit.Check(t, db.Close())
	r, err := store.Check(t.Context(), p)
	testkit.Check(t, err)
	if !r.Clean() {
		t.Errorf("Check() problems: %v", r.Problems)
	}
}
