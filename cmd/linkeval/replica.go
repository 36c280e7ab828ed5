package main

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// replicaSet returns the replica's articles, as sanafeed would store them
// after reading their pages, with the replica's stories as truth.
func replicaSet(synthetic int) labelled {
	set := labelled{name: "replica", story: map[string]string{}, concepts: map[string]string{}}
	if synthetic > 0 {
		set.name = fmt.Sprintf("replica+%d synthetic", synthetic)
	}
	for _, e := range replica.New(replica.Options{Synthetic: synthetic}).Truth() {
		var b strings.Builder
		for _, p := range e.Body {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
		a := sanafeed.Article{
			Lang:      e.Lang,
			PostID:    e.PostID,
			URL:       "https://sana.sy" + e.Path,
			Title:     e.Title,
			Content:   b.String(),
			Dateline:  e.Dateline,
			Image:     e.Image,
			Tags:      e.Tags,
			Published: e.Published,
			Modified:  e.Modified,
			From:      sanafeed.FromPage,
		}
		set.arts = append(set.arts, a)
		set.story[a.Key()] = e.Story
		for i, t := range e.Tags {
			set.concepts[e.Lang+"/"+t.Slug] = e.Concepts[i]
		}
	}
	return set
}

// evalReplica evaluates on the replica's own stories and, with
// -synthetic N, on the replica with N generated articles added, and
// returns the targets missed on either.
func evalReplica(c config, w io.Writer) ([]string, error) {
	sets := []labelled{replicaSet(0)}
	if c.synthetic > 0 {
		sets = append(sets, replicaSet(c.synthetic))
	}
	opts := c.options()
	var missed []string
	for _, set := range sets {
		s := evaluate(set, opts)
		s.print(w, set.name)
		if s.Pairs.P < targetReplicaP {
			missed = append(missed, fmt.Sprintf("%s pairwise precision %.3f < %.2f", set.name, s.Pairs.P, targetReplicaP))
		}
		if s.Pairs.R < targetReplicaR {
			missed = append(missed, fmt.Sprintf("%s pairwise recall %.3f < %.2f", set.name, s.Pairs.R, targetReplicaR))
		}
	}
	if c.ablate {
		ablate(sets[len(sets)-1], opts, w, c.verbose)
	}
	return missed, nil
}
