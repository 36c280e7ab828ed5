package store_test

import (
	"slices"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// TestOutboxMatch checks an endpoint with match words gets the events of
// the articles mentioning one of them, in any edition and script, and
// only those; and that SetWebhooks refuses a match list out of bounds.
func TestOutboxMatch(t *testing.T) {
	db, clk := mustOpen(t)
	ep := sanafeed.Endpoint{URL: "https://hooks.example/aleppo", Match: []string{"Aleppo", "Shaibani"}}
	setWebhooks(t, db, ep, epAll)
	texts := map[string]string{
		"ar/1": "<p>هبطت في مطار حلب الدولي أول طائرة.</p>",
		"tr/2": "<p>Halep'te ticari uçuşlar yeniden başladı.</p>",
		"fr/3": "<p>Le ministre al-Chaibani a reçu une délégation.</p>",
		"en/4": "<p>DAMASCUS, Feb. 9 (SANA) – Works in Damascus countryside.</p>",
		"es/5": "<p>Trabajos en Homs.</p>",
	}
	var arts []sanafeed.Article
	for i, key := range []string{"ar/1", "tr/2", "fr/3", "en/4", "es/5"} {
		lang, id, err := sanafeed.SplitKey(key)
		testkit.Check(t, err)
		a := article(lang, id, i)
		a.Content = texts[key]
		arts = append(arts, a)
	}
	testkit.Put(t, db, arts...)
	got := drain(t, db, clk, ep.URL)
	want := []string{"article.created ar/1", "article.created tr/2", "article.created fr/3"}
	if !slices.Equal(got, want) {
		t.Errorf("match endpoint got %q, want %q", got, want)
	}
	if all := drain(t, db, clk, epAll.URL); len(all) != len(arts) {
		t.Errorf("endpoint without match got %d events, want %d", len(all), len(arts))
	}
	for _, bad := range [][]string{{"x"}, {"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"}} {
		ep.Match = bad
		if err := db.SetWebhooks(t.Context(), []sanafeed.Endpoint{ep}); err == nil {
			t.Errorf("SetWebhooks with match %q succeeded", bad)
		}
	}
}

// TestLatestMatchScan checks a query with Match reads the newest articles
// first, at most Scan of them, and keeps at most Limit of those it accepts.
func TestLatestMatchScan(t *testing.T) {
	db, _ := mustOpen(t)
	var arts []sanafeed.Article
	for i := range 10 {
		arts = append(arts, article("en", int64(i+1), i))
	}
	testkit.Put(t, db, arts...)
	var read []int64
	even := func(a *sanafeed.Article) bool {
		read = append(read, a.PostID)
		return a.PostID%2 == 0
	}
	for _, c := range []struct {
		limit, scan int
		read, kept  []int64
	}{
		{0, 4, []int64{10, 9, 8, 7}, []int64{10, 8}},
		{2, 0, []int64{10, 9, 8}, []int64{10, 8}},
		{0, 0, []int64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, []int64{10, 8, 6, 4, 2}},
	} {
		read = nil
		got, err := db.Latest(t.Context(), sanafeed.Query{Lang: "en", Limit: c.limit, Scan: c.scan, Match: even})
		testkit.Check(t, err)
		var kept []int64
		for _, a := range got {
			kept = append(kept, a.PostID)
		}
		if !slices.Equal(read, c.read) || !slices.Equal(kept, c.kept) {
			t.Errorf("limit %d scan %d: read %v kept %v, want read %v kept %v", c.limit, c.scan, read, kept, c.read, c.kept)
		}
	}
}
