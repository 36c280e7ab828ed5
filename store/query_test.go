package store_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// latestIs fails the test unless Latest(q) returns the keys want.
func latestIs(t testing.TB, db *store.DB, q sanafeed.Query, want ...string) {
	t.Helper()
	got, err := db.Latest(t.Context(), q)
	testkit.Check(t, err)
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(keys(got), want) {
		t.Errorf("Latest(%+v) = %v, want %v", q, keys(got), want)
	}
}

func TestLatest(t *testing.T) {
	db, _ := mustOpen(t)
	testkit.Put(t, db,
		article("en", 1, 0, "damascus", "economy"),
		article("en", 3, 10),
		article("en", 2, 10, "damascus"),
		article("ar", 1, 5, "دمشق"),
		article("ar", 2, 20, "economy"),
		article("fr", 5, 15, "damas"),
		article("tr", 7, 10),
	)
	tests := []struct {
		q    sanafeed.Query
		want []string
	}{
		{sanafeed.Query{}, []string{"ar/2", "fr/5", "en/2", "en/3", "tr/7", "ar/1", "en/1"}},
		{sanafeed.Query{Limit: 3}, []string{"ar/2", "fr/5", "en/2"}},
		{sanafeed.Query{Lang: "en"}, []string{"en/2", "en/3", "en/1"}},
		{sanafeed.Query{Lang: "en", Limit: 2}, []string{"en/2", "en/3"}},
		{sanafeed.Query{Lang: "en", Tag: "damascus"}, []string{"en/2", "en/1"}},
		{sanafeed.Query{Lang: "en", Tag: "damascus", Limit: 1}, []string{"en/2"}},
		{sanafeed.Query{Lang: "ar", Tag: "دمشق"}, []string{"ar/1"}},
		{sanafeed.Query{Tag: "economy"}, []string{"ar/2", "en/1"}},
		{sanafeed.Query{Tag: "economy", Limit: 1}, []string{"ar/2"}},
		{sanafeed.Query{Lang: "fr", Tag: "damascus"}, nil},
		{sanafeed.Query{Tag: "nowhere"}, nil},
		{sanafeed.Query{Lang: "es"}, nil},
		{sanafeed.Query{Lang: "e"}, nil}, // a prefix of en is not en
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.q), func(t *testing.T) {
			latestIs(t, db, tt.q, tt.want...)
		})
	}
}

func TestTagChangesKeepIndexes(t *testing.T) {
	db, clk := mustOpen(t)
	testkit.Put(t, db, article("en", 1, 0, "a", "b"), article("en", 2, 5, "b"))
	clk.advance(time.Minute)
	p := page(article("en", 1, 0))
	p.Tags = []sanafeed.Tag{{Slug: "b", Name: "Bee"}, {Slug: "c", Name: "Sea"}, {Slug: "c", Name: "Sea"}}
	testkit.Put(t, db, p)
	latestIs(t, db, sanafeed.Query{Lang: "en", Tag: "a"})
	latestIs(t, db, sanafeed.Query{Lang: "en", Tag: "b"}, "en/2", "en/1")
	latestIs(t, db, sanafeed.Query{Lang: "en", Tag: "c"}, "en/1")
	tags, err := db.Tags(t.Context(), "en")
	testkit.Check(t, err)
	want := []sanafeed.TagCount{
		{Lang: "en", Tag: sanafeed.Tag{Slug: "b", Name: "Bee"}, Count: 2},
		{Lang: "en", Tag: sanafeed.Tag{Slug: "c", Name: "Sea"}, Count: 1},
	}
	if !slices.Equal(tags, want) {
		t.Errorf("Tags(en) = %+v, want %+v", tags, want)
	}
	checkIndexes(t, db)
}

func TestTags(t *testing.T) {
	db, _ := mustOpen(t)
	testkit.Put(t, db,
		article("en", 1, 0, "damascus", "economy"),
		article("en", 2, 1, "economy"),
		article("en", 3, 2, "aleppo"),
		article("ar", 1, 0, "economy"),
		article("ar", 2, 0, "economy"),
		article("ar", 3, 0, "economy", "دمشق"),
	)
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"en economy 2", "en aleppo 1", "en damascus 1"}},
		{"ar", []string{"ar economy 3", "ar دمشق 1"}},
		{"", []string{"ar economy 3", "en economy 2", "en aleppo 1", "en damascus 1", "ar دمشق 1"}},
		{"es", []string{}},
	}
	for _, tt := range tests {
		tags, err := db.Tags(t.Context(), tt.lang)
		testkit.Check(t, err)
		got := []string{}
		for _, tc := range tags {
			got = append(got, fmt.Sprintf("%s %s %d", tc.Lang, tc.Tag.Slug, tc.Count))
			if tc.Tag.Name == "" {
				t.Errorf("Tags(%q): %s has no name", tt.lang, tc.Tag.Slug)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tags(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestCountAndSince(t *testing.T) {
	db, _ := mustOpen(t)
	for i := range 30 {
		lang := []string{"ar", "en", "fr"}[i%3]
		testkit.Put(t, db, article(lang, int64(i+1), i))
	}
	for lang, want := range map[string]int{"": 30, "ar": 10, "en": 10, "fr": 10, "es": 0} {
		if n, err := db.Count(t.Context(), lang); err != nil || n != want {
			t.Errorf("Count(%q) = %d, %v; want %d", lang, n, err, want)
		}
	}
	since, err := db.Since(t.Context(), t0.Add(27*time.Minute))
	testkit.Check(t, err)
	if want := []string{"fr/30", "en/29", "ar/28"}; !slices.Equal(keys(since), want) {
		t.Errorf("Since(t0+27m) = %v, want %v", keys(since), want)
	}
	all, err := db.Since(t.Context(), time.Time{})
	testkit.Check(t, err)
	if len(all) != 30 {
		t.Errorf("Since(zero) = %d articles, want 30", len(all))
	}
}

func TestBetween(t *testing.T) {
	db, c := mustOpen(t)
	for i := range 30 {
		lang := []string{"ar", "en", "fr"}[i%3]
		testkit.Put(t, db, article(lang, int64(i+1), i))
	}
	// An undated article counts at its FirstSeen.
	c.advance(11*time.Minute + 30*time.Second)
	undated := article("es", 99, 0)
	undated.Published = time.Time{}
	testkit.Put(t, db, undated)
	got, err := db.BetweenHeads(t.Context(), t0.Add(10*time.Minute), t0.Add(12*time.Minute))
	testkit.Check(t, err)
	if want := []string{"ar/13", "es/99", "fr/12", "en/11"}; !slices.Equal(keys(got), want) {
		t.Errorf("BetweenHeads(t0+10m, t0+12m) = %v, want %v", keys(got), want)
	}
	if n, err := db.CountBetween(t.Context(), t0.Add(10*time.Minute), t0.Add(12*time.Minute)); err != nil || n != 4 {
		t.Errorf("CountBetween(t0+10m, t0+12m) = %d, %v; want 4", n, err)
	}
	if n, err := db.CountBetween(t.Context(), t0.Add(-time.Hour), t0.Add(time.Hour)); err != nil || n != 31 {
		t.Errorf("CountBetween(all) = %d, %v; want 31", n, err)
	}
	got, err = db.BetweenHeads(t.Context(), t0.Add(-time.Hour), t0.Add(-time.Minute))
	testkit.Check(t, err)
	if len(got) != 0 {
		t.Errorf("BetweenHeads before everything = %v, want none", keys(got))
	}
	for _, bad := range [][2]time.Time{{}, {t0, time.Time{}}, {t0.Add(time.Minute), t0}} {
		if _, err := db.BetweenHeads(t.Context(), bad[0], bad[1]); err == nil {
			t.Errorf("BetweenHeads(%v, %v): no error", bad[0], bad[1])
		}
		if _, err := db.CountBetween(t.Context(), bad[0], bad[1]); err == nil {
			t.Errorf("CountBetween(%v, %v): no error", bad[0], bad[1])
		}
	}
}

func TestBetweenHeads(t *testing.T) {
	db, _ := mustOpen(t)
	var arts []sanafeed.Article
	for i := range 10 {
		a := article("en", int64(i+1), i, "roads")
		a.Content = "<p>Body of story " + fmt.Sprint(i) + ", with \"quotes\" and \u00e9.</p>"
		arts = append(arts, a)
	}
	testkit.Put(t, db, arts...)
	heads, err := db.BetweenHeads(t.Context(), t0, t0.Add(time.Hour))
	testkit.Check(t, err)
	if len(heads) != 10 {
		t.Fatalf("BetweenHeads: %d articles; want 10", len(heads))
	}
	full, err := db.Known(t.Context(), keys(heads))
	testkit.Check(t, err)
	for i := range heads {
		if heads[i].Content != "" || heads[i].Summary != "" {
			t.Errorf("%s: head carries content or summary", heads[i].Key())
		}
		want := full[heads[i].Key()]
		if want.Content == "" {
			t.Errorf("%s: full article without content", heads[i].Key())
		}
		want.Summary, want.Content = "", ""
		if !reflect.DeepEqual(heads[i], want) {
			t.Errorf("head of %s differs from the article less its text:\n%+v\n%+v", want.Key(), heads[i], want)
		}
	}
}
