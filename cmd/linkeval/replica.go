package main

import (
	"fmt"
	"io"

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
		a := storedArticle(e)
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
