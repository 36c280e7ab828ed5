package link_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
)

var start = time.Date(2026, 2, 1, 6, 0, 0, 0, time.UTC)

// members groups keys by cluster id; singletons are left out.
func members(ids map[string]string) map[string][]string {
	g := map[string][]string{}
	for k, id := range ids {
		if id != "" {
			g[id] = append(g[id], k)
		}
	}
	for _, ks := range g {
		slices.Sort(ks)
	}
	return g
}

// pairScores returns pairwise precision and recall of ids against story.
func pairScores(ids, story map[string]string) (p, r float64) {
	tp, pred, truth := 0, 0, 0
	for _, ks := range members(ids) {
		for i := range ks {
			for j := i + 1; j < len(ks); j++ {
				pred++
				if story[ks[i]] != "" && story[ks[i]] == story[ks[j]] {
					tp++
				}
			}
		}
	}
	for _, ks := range members(story) {
		truth += len(ks) * (len(ks) - 1) / 2
	}
	return float64(tp) / float64(max(pred, 1)), float64(tp) / float64(max(truth, 1))
}

// checkEditions fails if a cluster holds two articles of one edition.
func checkEditions(t *testing.T, arts []sanafeed.Article, ids map[string]string) {
	t.Helper()
	lang := map[string]string{}
	for _, a := range arts {
		lang[a.Key()] = a.Lang
	}
	for id, ks := range members(ids) {
		seen := map[string]string{}
		for _, k := range ks {
			if other, ok := seen[lang[k]]; ok {
				t.Errorf("cluster %s holds %s and %s of one edition", id, other, k)
			}
			seen[lang[k]] = k
		}
	}
}

func TestLinkGenerated(t *testing.T) {
	t.Parallel()
	arts, story := flatten(generate(1, 300, start, 0.6))
	ids := link.Link(arts, link.Options{})
	if len(ids) != len(arts) {
		t.Fatalf("Link returned %d ids for %d articles", len(ids), len(arts))
	}
	checkEditions(t, arts, ids)
	if p, r := pairScores(ids, story); p < 0.97 || r < 0.95 {
		t.Errorf("pairwise precision %.3f, recall %.3f; want ≥ 0.97 and ≥ 0.95", p, r)
	}
}

func TestNeverTwoOfOneEdition(t *testing.T) {
	t.Parallel()
	// The same Arabic story posted twice, and its English version: all
	// three agree on everything, but one cluster takes one Arabic article.
	stories := generate(2, 1, start, 1)
	arts := stories[0].arts
	dup := arts[0]
	dup.PostID += 500
	arts = append(arts, dup)
	for _, lang := range []string{"en", "fr"} { // and two French copies
		for _, a := range arts {
			if a.Lang == lang {
				c := a
				c.PostID += 700
				arts = append(arts, c)
				break
			}
		}
	}
	ids := link.Link(arts, link.Options{})
	checkEditions(t, arts, ids)
	if len(members(ids)) == 0 {
		t.Errorf("nothing linked: %v", ids)
	}
	// And on a large set with every story's Arabic version reposted.
	many, _ := flatten(generate(3, 200, start, 0.7))
	for _, a := range slices.Clone(many) {
		if a.Lang == "ar" {
			a.PostID += 100000
			many = append(many, a)
		}
	}
	checkEditions(t, many, link.Link(many, link.Options{}))
}

func TestOrderDoesNotMatter(t *testing.T) {
	t.Parallel()
	arts, _ := flatten(generate(4, 120, start, 0.6))
	want := link.Link(arts, link.Options{})
	r := rand.New(rand.NewPCG(9, 9))
	r.Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
	if got := link.Link(arts, link.Options{}); !maps.Equal(got, want) {
		t.Errorf("shuffled input links differently")
	}
}

// store is what sanafeed keeps between polls: every article with its
// cluster id.
type store map[string]sanafeed.Article

func (s store) apply(ids map[string]string) {
	for k, id := range ids {
		a := s[k]
		a.Cluster = id
		s[k] = a
	}
}

// recent returns the stored articles published within window before t.
func (s store) recent(t time.Time, window time.Duration) []sanafeed.Article {
	var out []sanafeed.Article
	for _, a := range s {
		if !a.Published.Before(t.Add(-window)) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b sanafeed.Article) int { return a.Published.Compare(b.Published) })
	return out
}

func TestIncrementalMatchesBatch(t *testing.T) {
	t.Parallel()
	arts, story := flatten(generate(5, 160, start, 0.6))
	slices.SortFunc(arts, func(a, b sanafeed.Article) int { return a.Published.Compare(b.Published) })
	opts := link.Options{}
	window := link.DefaultWindow
	l := link.NewLinker(opts)
	db := store{}
	poll := start
	for i := 0; i < len(arts); {
		poll = poll.Add(2 * time.Hour)
		var fresh []sanafeed.Article
		for i < len(arts) && arts[i].Published.Before(poll) {
			fresh = append(fresh, arts[i])
			i++
		}
		recent := db.recent(poll, window)
		got := l.Add(fresh, recent)
		// The same window linked in one batch gives the same result.
		want := link.Link(append(slices.Clone(fresh), recent...), opts)
		if !maps.Equal(got, want) {
			t.Fatalf("poll at %v: Add differs from Link over the same window", poll)
		}
		for _, a := range fresh {
			db[a.Key()] = a
		}
		db.apply(got)
	}
	var all []sanafeed.Article
	for _, a := range db {
		all = append(all, a)
	}
	checkEditions(t, all, clusterField(db))
	if p, r := pairScores(clusterField(db), story); p < 0.97 || r < 0.95 {
		t.Errorf("after incremental linking: pairwise precision %.3f, recall %.3f; want ≥ 0.97, ≥ 0.95", p, r)
	}
}

func clusterField(db store) map[string]string {
	m := map[string]string{}
	for k, a := range db {
		m[k] = a.Cluster
	}
	return m
}

func TestLateTranslationKeepsClusterID(t *testing.T) {
	stories := generate(6, 1, start, 1)
	var ar, en, fr sanafeed.Article
	for _, a := range stories[0].arts {
		switch a.Lang {
		case "ar":
			ar = a
		case "en":
			en = a
		case "fr":
			fr = a
		}
	}
	l := link.NewLinker(link.Options{})
	ids := l.Add([]sanafeed.Article{ar, en}, nil)
	id := ids[ar.Key()]
	if id == "" || ids[en.Key()] != id {
		t.Fatalf("ar and en not linked: %v", ids)
	}
	if want := min(ar.Key(), en.Key()); id != want {
		t.Errorf("new cluster id = %q, want the smallest member key %q", id, want)
	}
	ar.Cluster, en.Cluster = id, id
	// A day later the French version comes out; it joins and the id stays.
	fr.Published = ar.Published.Add(20 * time.Hour)
	fr.PostID = 1 // a key smaller than the others
	ids = l.Add([]sanafeed.Article{fr}, []sanafeed.Article{ar, en})
	for _, k := range []string{ar.Key(), en.Key(), fr.Key()} {
		if ids[k] != id {
			t.Errorf("after the late translation %s is in %q, want %q", k, ids[k], id)
		}
	}
}

func TestClusterIDsOnSplit(t *testing.T) {
	// Two stories wrongly stored as one cluster "x": the larger part keeps
	// the id, the other gets its smallest key.
	stories := generate(7, 2, start, 1)
	var arts []sanafeed.Article
	for _, s := range stories {
		for _, a := range s.arts {
			if a.Lang == "ar" || a.Lang == "en" || s.id == "story-0" && a.Lang == "fr" {
				a.Cluster = "x"
				arts = append(arts, a)
			}
		}
	}
	ids := link.Link(arts, link.Options{})
	g := members(ids)
	if len(g) != 2 || len(g["x"]) != 3 {
		t.Fatalf("clusters = %v, want story-0 (3 articles) keeping x and story-1 apart", g)
	}
	for id, ks := range g {
		if id != "x" && id != ks[0] {
			t.Errorf("cluster %v named %q, want its smallest key", ks, id)
		}
	}
}

func TestDeclaredWins(t *testing.T) {
	pub := start
	ar := sanafeed.Article{Lang: "ar", PostID: 1, Title: "خبر", Content: "<p>نص لا يشبه شيئاً</p>", Published: pub}
	en := sanafeed.Article{Lang: "en", PostID: 2, Title: "Story", Content: "<p>Nothing alike here.</p>", Published: pub.Add(30 * 24 * time.Hour)}
	ku := sanafeed.Article{Lang: "ku", PostID: 3, Title: "Nûçe", Content: "<p>Ne wek hev.</p>", Published: pub}
	arts := []sanafeed.Article{ar, en, ku}
	if ids := link.Link(arts, link.Options{}); len(members(ids)) != 0 {
		t.Fatalf("unrelated articles linked without a declaration: %v", ids)
	}
	opts := link.Options{Declared: map[string][]string{ar.Key(): {en.Key(), "fr/99"}}}
	ids := link.Link(arts, opts)
	if ids[ar.Key()] == "" || ids[ar.Key()] != ids[en.Key()] || ids[ku.Key()] != "" {
		t.Errorf("declared ar-en not linked alone: %v", ids)
	}
}

func TestDisableAll(t *testing.T) {
	arts, _ := flatten(generate(8, 30, start, 1))
	ids := link.Link(arts, link.Options{Disable: link.AllSignals()})
	if g := members(ids); len(g) != 0 {
		t.Errorf("with every signal off, %d clusters formed", len(g))
	}
}

func TestEdgeCases(t *testing.T) {
	if ids := link.Link(nil, link.Options{}); len(ids) != 0 {
		t.Errorf("Link(nil) = %v, want empty", ids)
	}
	// Without publish times, articles are compared with all others.
	stories := generate(9, 20, start, 1)
	arts, story := flatten(stories)
	for i := range arts {
		arts[i].Published = time.Time{}
	}
	ids := link.Link(arts, link.Options{})
	checkEditions(t, arts, ids)
	if p, r := pairScores(ids, story); p < 0.95 || r < 0.9 {
		t.Errorf("without times: pairwise precision %.3f, recall %.3f", p, r)
	}
}

// Features prepared ahead, some of them for an older version of an
// article, change nothing in what Add returns.
func TestPrepareThenAddMatchesLink(t *testing.T) {
	t.Parallel()
	arts, _ := flatten(generate(8, 60, start, 0.7))
	l := link.NewLinker(link.Options{})
	stale := slices.Clone(arts[:len(arts)/3])
	for i := range stale {
		stale[i].Title += " (earlier headline)"
	}
	l.Prepare(stale)
	l.Prepare(arts[len(arts)/4:])
	got := l.Add(arts, nil)
	if want := link.Link(arts, link.Options{}); !maps.Equal(got, want) {
		t.Fatal("Add after Prepare differs from Link over the same articles")
	}
}
