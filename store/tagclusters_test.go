package store_test

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/link"
)

// clusterTagSets returns each cluster of tc as its sorted editions and
// "lang:slug=name" tags, sorted.
func clusterTagSets(tc *sanafeed.TagClusters) []string {
	var out []string
	for _, c := range tc.Clusters {
		var langs, tags []string
		for m := c.Langs; m != 0; m &= m - 1 {
			langs = append(langs, tc.Langs[bits.TrailingZeros64(m)])
		}
		for _, i := range c.Tags {
			t := tc.Tags[i]
			tags = append(tags, t.Lang+":"+t.Slug+"="+t.Name)
		}
		slices.Sort(langs)
		slices.Sort(tags)
		out = append(out, fmt.Sprint(langs, tags))
	}
	slices.Sort(out)
	return out
}

func TestClusterTags(t *testing.T) {
	db, _ := mustOpen(t)
	testkit.Put(t, db,
		article("ar", 1, 1, "dimashq"), article("en", 1, 2, "damascus", "syria"), article("fr", 1, 3, "damas"),
		article("ar", 2, 4, "halab"), article("en", 2, 5, "aleppo", "syria"),
		article("en", 3, 6, "syria"), article("en", 4, 7, "homs"), // one edition: left out
		article("fr", 5, 8, "eau"), // in no cluster
	)
	_, err := db.SetClusters(t.Context(), map[string]string{
		"ar/1": "c1", "en/1": "c1", "fr/1": "c1",
		"ar/2": "c2", "en/2": "c2",
		"en/3": "c3", "en/4": "c3",
	})
	testkit.Check(t, err)
	tc, err := db.ClusterTags(t.Context())
	testkit.Check(t, err)
	got := clusterTagSets(tc)
	want := []string{
		"[ar en fr] [ar:dimashq=DIMASHQ en:damascus=DAMASCUS en:syria=SYRIA fr:damas=DAMAS]",
		"[ar en] [ar:halab=HALAB en:aleppo=ALEPPO en:syria=SYRIA]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("ClusterTags:\n got %q\nwant %q", got, want)
	}
}

// BenchmarkLearnTags learns the tag groups of a store of 100,000
// articles, as the server does once per store generation: ClusterTags
// then link.LearnTags. The articles are stories of one to six editions,
// each version tagged with its story's place (one of 60, a slug per
// edition), its topic (one of 40) and a catch-all tag of its edition.
func BenchmarkLearnTags(b *testing.B) {
	const n = 100_000
	db, _ := mustOpen(b)
	batch := make([]sanafeed.Article, 0, 2000)
	assign := map[string]string{}
	var r uint64 = 1
	next := func(k int) int { // xorshift
		r ^= r << 13
		r ^= r >> 7
		r ^= r << 17
		return int(r % uint64(k))
	}
	ids := map[string]int64{}
	for story := 0; len(assign) < n; story++ {
		place, topic := next(60), next(40)
		for _, e := range sanafeed.Editions {
			if e.Lang != "ar" && next(100) >= 45 || len(assign) == n {
				continue
			}
			ids[e.Lang]++
			a := article(e.Lang, ids[e.Lang], story, "place"+strconv.Itoa(place)+"-"+e.Lang,
				"topic"+strconv.Itoa(topic)+"-"+e.Lang, "news-"+e.Lang)
			a.Summary = ""
			batch = append(batch, a)
			assign[a.Key()] = "s" + strconv.Itoa(story)
			if len(batch) == cap(batch) {
				testkit.Put(b, db, batch...)
				batch = batch[:0]
			}
		}
	}
	testkit.Put(b, db, batch...)
	_, err := db.SetClusters(b.Context(), assign)
	testkit.Check(b, err)
	b.ReportAllocs()
	groups := 0
	for b.Loop() {
		tc, err := db.ClusterTags(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		groups = len(link.LearnTags(tc, link.TagOptions{}).Groups)
	}
	if groups != 100 {
		b.Errorf("%d groups, want 100 (60 places and 40 topics)", groups)
	}
	b.ReportMetric(float64(groups), "groups")
}
