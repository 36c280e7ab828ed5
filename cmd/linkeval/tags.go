package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
	"github.com/sanafeed/sanafeed/store"
)

// evalTags evaluates the tag equivalences learnt from the replica, with
// and without generated stories, as sanafeed learns them: the articles
// linked into clusters by link.Link, stored in a real store, its
// ClusterTags read by link.LearnTags. The truth is the replica's tag
// concepts (replica.Entry.Concepts): two tags of different editions are
// equivalent when they have the same concept.
func evalTags(c config, w io.Writer) error {
	sets := []labelled{replicaSet(0)}
	if c.synthetic > 0 {
		sets = append(sets, replicaSet(c.synthetic))
	}
	fmt.Fprintln(w, "tag equivalences across editions; truth: the replica's tag concepts (replica.Entry.Concepts:")
	fmt.Fprintln(w, "generated stories' tags from the city and topic they were written from, hand-written stories' from replica/concepts.go)")
	for i, set := range sets {
		tc, err := storedClusterTags(set, c.options())
		if err != nil {
			return err
		}
		start := time.Now()
		g := link.LearnTags(tc, link.TagOptions{Support: c.tagSupport})
		took := time.Since(start)
		s := scoreTags(set, g, 0)
		fmt.Fprintf(w, "%s: %d clusters of 2+ editions, %d tags on them; tag_support %d: %d groups, pairs P %.3f (%d/%d) R %.3f (%d/%d) F1 %.3f; learnt in %v\n",
			set.name, len(tc.Clusters), len(tc.Tags), c.tagSupport, len(g.Groups),
			s.P, s.TP, s.Predicted, s.R, s.TP, s.True, s.F, took.Round(time.Microsecond))
		sup := scoreTags(set, g, c.tagSupport)
		fmt.Fprintf(w, "  recall on the concepts that %d stories or more carry in two editions or more: %.3f (%d/%d)\n",
			c.tagSupport, sup.R, sup.TP, sup.True)
		for _, sup := range []int{1, 2, 3, 5} {
			g := link.LearnTags(tc, link.TagOptions{Support: sup})
			s, r := scoreTags(set, g, 0), scoreTags(set, g, sup)
			fmt.Fprintf(w, "  tag_support %d: P %.3f  R %.3f  F1 %.3f  (R on concepts of %d+ stories %.3f)\n", sup, s.P, s.R, s.F, sup, r.R)
		}
		for _, p := range wrongTagPairs(set, g) {
			fmt.Fprintf(w, "  wrong: %s\n", p)
		}
		if c.verbose {
			for _, p := range missedTagPairs(set, g) {
				fmt.Fprintf(w, "  missed: %s\n", p)
			}
		}
		if i == 0 || c.verbose {
			fmt.Fprintln(w, "  the mapping:")
			for _, gr := range g.Groups {
				names := make([]string, len(gr.Tags))
				for j, t := range gr.Tags {
					names[j] = t.Lang + ":" + t.Slug
				}
				fmt.Fprintf(w, "    %s\n", strings.Join(names, " = "))
			}
		}
	}
	return nil
}

// storedClusterTags links set's articles, stores them and their clusters
// in a store in a temporary directory, and returns its ClusterTags.
func storedClusterTags(set labelled, opts link.Options) (*sanafeed.TagClusters, error) {
	dir, err := os.MkdirTemp("", "linkeval-tags")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db := store.New(filepath.Join(dir, store.FileName))
	if err := db.Open(); err != nil {
		return nil, err
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.PutArticles(ctx, set.arts); err != nil {
		return nil, fmt.Errorf("store %s: %w", set.name, err)
	}
	if _, err := db.SetClusters(ctx, link.Link(set.arts, opts)); err != nil {
		return nil, fmt.Errorf("cluster %s: %w", set.name, err)
	}
	return db.ClusterTags(ctx)
}

// scoreTags scores g's pairs of tags of different editions against the
// pairs of tags of the set's articles that share a concept. With
// minStories > 0, the truth is only the pairs of concepts that at least
// minStories true stories carry in two editions or more, and so is the
// recall; the precision is then meaningless.
func scoreTags(set labelled, g *sanafeed.TagGroups, minStories int) PRF {
	byConcept := map[string][]string{}
	for k, c := range set.concepts {
		byConcept[c] = append(byConcept[c], k)
	}
	stories := conceptStories(set)
	truth, tp, pred := 0, 0, 0
	for c, ks := range byConcept {
		if stories[c] >= minStories {
			forTagPairs(ks, func(a, b string) { truth++ })
		}
	}
	for _, gr := range g.Groups {
		forTagPairs(groupKeys(gr), func(a, b string) {
			pred++
			if ca, ok := set.concepts[a]; ok && ca == set.concepts[b] && stories[ca] >= minStories {
				tp++
			}
		})
	}
	return prf(tp, pred, truth)
}

// conceptStories returns, per concept, how many of the set's true
// stories carry it in two editions or more.
func conceptStories(set labelled) map[string]int {
	langs := map[string]map[string]map[string]bool{} // story → concept → editions
	for _, a := range set.arts {
		st := set.story[a.Key()]
		if st == "" {
			continue
		}
		if langs[st] == nil {
			langs[st] = map[string]map[string]bool{}
		}
		for _, t := range a.Tags {
			c := set.concepts[a.Lang+"/"+t.Slug]
			if langs[st][c] == nil {
				langs[st][c] = map[string]bool{}
			}
			langs[st][c][a.Lang] = true
		}
	}
	n := map[string]int{}
	for _, cs := range langs {
		for c, ls := range cs {
			if len(ls) >= 2 {
				n[c]++
			}
		}
	}
	return n
}

// wrongTagPairs returns g's pairs whose tags have different concepts.
func wrongTagPairs(set labelled, g *sanafeed.TagGroups) []string {
	var out []string
	for _, gr := range g.Groups {
		forTagPairs(groupKeys(gr), func(a, b string) {
			if set.concepts[a] != set.concepts[b] {
				out = append(out, fmt.Sprintf("%s (%s) = %s (%s)", a, set.concepts[a], b, set.concepts[b]))
			}
		})
	}
	slices.Sort(out)
	return out
}

// missedTagPairs returns the pairs of tags with one concept that g does
// not put in one group.
func missedTagPairs(set labelled, g *sanafeed.TagGroups) []string {
	byConcept := map[string][]string{}
	for k, c := range set.concepts {
		byConcept[c] = append(byConcept[c], k)
	}
	var out []string
	for c, ks := range byConcept {
		slices.Sort(ks)
		forTagPairs(ks, func(a, b string) {
			la, sa, _ := strings.Cut(a, "/")
			lb, sb, _ := strings.Cut(b, "/")
			ga, oka := g.Group(la, sa)
			if !oka || !slices.ContainsFunc(ga.Tags, func(t sanafeed.TagRef) bool { return t.Lang == lb && t.Slug == sb }) {
				out = append(out, fmt.Sprintf("%s = %s (%s)", a, b, c))
			}
		})
	}
	slices.Sort(out)
	return out
}

// groupKeys returns the "lang/slug" of gr's tags.
func groupKeys(gr sanafeed.TagGroup) []string {
	ks := make([]string, len(gr.Tags))
	for i, t := range gr.Tags {
		ks[i] = t.Lang + "/" + t.Slug
	}
	return ks
}

// forTagPairs calls fn with each pair of ks ("lang/slug") of different
// editions.
func forTagPairs(ks []string, fn func(a, b string)) {
	for i, a := range ks {
		for _, b := range ks[i+1:] {
			la, _, _ := strings.Cut(a, "/")
			lb, _, _ := strings.Cut(b, "/")
			if la != lb {
				fn(a, b)
			}
		}
	}
}
