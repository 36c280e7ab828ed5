package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sanafeed/sanafeed"
)

// A labelled set is articles with their true stories.
type labelled struct {
	name  string
	arts  []sanafeed.Article
	story map[string]string // article key → story id; "" when alone
	// concepts maps "lang/slug" to what the tag means (the replica's tag
	// concepts, replica.Entry.Concepts); nil for other sets.
	concepts map[string]string
}

// Scores are the measures of one linking against the truth.
type Scores struct {
	Pairs                 PRF            // over all cross-edition pairs
	BCubed                PRF            // B-cubed, averaged over articles
	SingletonP            float64        // of articles predicted alone, the share truly alone
	Singletons            int            // articles predicted alone
	ByEditions            map[string]PRF // "ar-en" → pairwise scores of that edition pair
	Articles, TrueStories int
}

// PRF is precision, recall and F1, with the counts behind them.
type PRF struct {
	P, R, F             float64
	TP, Predicted, True int
}

func prf(tp, pred, truth int) PRF {
	s := PRF{TP: tp, Predicted: pred, True: truth, P: 1, R: 1}
	if pred > 0 {
		s.P = float64(tp) / float64(pred)
	}
	if truth > 0 {
		s.R = float64(tp) / float64(truth)
	}
	if s.P+s.R > 0 {
		s.F = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// score compares the predicted clusters (key → cluster id, "" alone) with
// the true stories of set.
func score(set labelled, pred map[string]string) Scores {
	lang := map[string]string{}
	for _, a := range set.arts {
		lang[a.Key()] = a.Lang
	}
	predGroups, trueGroups := groups(set.arts, pred), groups(set.arts, set.story)
	predOf, trueOf := memberOf(predGroups), memberOf(trueGroups)
	s := Scores{ByEditions: map[string]PRF{}, Articles: len(set.arts)}
	type counts struct{ tp, pred, truth int }
	by := map[string]*counts{}
	get := func(a, b string) *counts {
		k := edPair(lang[a], lang[b])
		if by[k] == nil {
			by[k] = &counts{}
		}
		return by[k]
	}
	var tp, np, nt int
	for _, g := range predGroups {
		forPairs(g, func(a, b string) {
			np++
			c := get(a, b)
			c.pred++
			if trueOf[a] == trueOf[b] {
				tp++
				c.tp++
			}
		})
	}
	for _, g := range trueGroups {
		if len(g) > 1 {
			s.TrueStories++
		}
		forPairs(g, func(a, b string) { nt++; get(a, b).truth++ })
	}
	s.Pairs = prf(tp, np, nt)
	for k, c := range by {
		s.ByEditions[k] = prf(c.tp, c.pred, c.truth)
	}
	var bp, br float64
	alone, aloneRight := 0, 0
	for _, a := range set.arts {
		k := a.Key()
		pg, tg := predGroups[predOf[k]], trueGroups[trueOf[k]]
		common := 0
		for _, m := range pg {
			if trueOf[m] == trueOf[k] {
				common++
			}
		}
		bp += float64(common) / float64(len(pg))
		br += float64(common) / float64(len(tg))
		if len(pg) == 1 {
			alone++
			if len(tg) == 1 {
				aloneRight++
			}
		}
	}
	n := float64(len(set.arts))
	s.BCubed = PRF{P: bp / n, R: br / n}
	s.BCubed.F = 2 * s.BCubed.P * s.BCubed.R / (s.BCubed.P + s.BCubed.R)
	s.Singletons = alone
	s.SingletonP = 1
	if alone > 0 {
		s.SingletonP = float64(aloneRight) / float64(alone)
	}
	return s
}

// groups returns the members of each group named by ids; an article with
// no id is a group of its own.
func groups(arts []sanafeed.Article, ids map[string]string) map[string][]string {
	g := map[string][]string{}
	for _, a := range arts {
		k := a.Key()
		id := ids[k]
		if id == "" {
			id = "\x00" + k
		}
		g[id] = append(g[id], k)
	}
	return g
}

func memberOf(g map[string][]string) map[string]string {
	m := map[string]string{}
	for id, ks := range g {
		for _, k := range ks {
			m[k] = id
		}
	}
	return m
}

func forPairs(g []string, fn func(a, b string)) {
	for i := range g {
		for j := i + 1; j < len(g); j++ {
			fn(g[i], g[j])
		}
	}
}

// edPair names a pair of editions in the order of sanafeed.Editions.
func edPair(a, b string) string {
	if rank(b) < rank(a) {
		a, b = b, a
	}
	return a + "-" + b
}

func rank(lang string) int {
	for i, e := range sanafeed.Editions {
		if e.Lang == lang {
			return i
		}
	}
	return len(sanafeed.Editions)
}

// print writes the scores as a small report.
func (s Scores) print(w io.Writer, title string) {
	fmt.Fprintf(w, "%s: %d articles, %d stories with translations\n", title, s.Articles, s.TrueStories)
	fmt.Fprintf(w, "  pairwise   P %.3f  R %.3f  F1 %.3f  (%d of %d predicted pairs right, %d true pairs)\n",
		s.Pairs.P, s.Pairs.R, s.Pairs.F, s.Pairs.TP, s.Pairs.Predicted, s.Pairs.True)
	fmt.Fprintf(w, "  B-cubed    P %.3f  R %.3f  F1 %.3f\n", s.BCubed.P, s.BCubed.R, s.BCubed.F)
	fmt.Fprintf(w, "  singletons %d predicted alone, precision %.3f\n", s.Singletons, s.SingletonP)
	keys := make([]string, 0, len(s.ByEditions))
	for k := range s.ByEditions {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		pa, pb := strings.Split(a, "-"), strings.Split(b, "-")
		if d := rank(pa[0]) - rank(pb[0]); d != 0 {
			return d
		}
		return rank(pa[1]) - rank(pb[1])
	})
	fmt.Fprintf(w, "  %-6s %6s %6s %6s %6s\n", "pair", "P", "R", "F1", "true")
	for _, k := range keys {
		e := s.ByEditions[k]
		fmt.Fprintf(w, "  %-6s %6.3f %6.3f %6.3f %6d\n", k, e.P, e.R, e.F, e.True)
	}
}

// listErrors prints the pairs linked wrongly and the pairs missed.
func listErrors(set labelled, pred map[string]string, w io.Writer) {
	byKey := map[string]sanafeed.Article{}
	for _, a := range set.arts {
		byKey[a.Key()] = a
	}
	show := func(kind, a, b string) {
		fmt.Fprintf(w, "%s %s (%s) ~ %s (%s)\n    %.100s\n    %.100s\n", kind, a, set.story[a], b, set.story[b], byKey[a].Title, byKey[b].Title)
	}
	for _, g := range groups(set.arts, pred) {
		forPairs(g, func(a, b string) {
			if set.story[a] == "" || set.story[a] != set.story[b] {
				show("WRONG", a, b)
			}
		})
	}
	for _, g := range groups(set.arts, set.story) {
		forPairs(g, func(a, b string) {
			if pred[a] == "" || pred[a] != pred[b] {
				show("MISSED", a, b)
			}
		})
	}
}
