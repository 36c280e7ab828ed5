package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
	"github.com/sanafeed/sanafeed/store"
)

// learnTags learns the groups of tags of different editions that mean the
// same thing from the translation clusters of db, with the least support
// support ([stories] tag_support).
func learnTags(ctx context.Context, db *store.DB, support int) (*sanafeed.TagClusters, *sanafeed.TagGroups, error) {
	tc, err := db.ClusterTags(ctx)
	if err != nil {
		return nil, nil, err
	}
	return tc, link.LearnTags(tc, link.TagOptions{Support: support}), nil
}

// cmdTags prints the tags found to mean the same thing across editions
// in the store: each group, and the links that joined it with their
// support and score.
func cmdTags(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("tags", stderr)
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	a, err := openApp(cfg, newLogger(stderr, cfg.Log))
	if err != nil {
		return err
	}
	defer a.Close()
	tc, g, err := learnTags(ctx, a.db, cfg.Stories.TagSupport)
	if err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	fmt.Fprintf(stdout, "%d translation clusters of two editions or more carry %d tags; tag_support = %d\n",
		len(tc.Clusters), len(tc.Tags), cfg.Stories.TagSupport)
	printTagGroups(stdout, g)
	return nil
}

// printTagGroups writes one line per group of g, its tags joined by " = ",
// and under it one line per link: the two tags, the clusters they share,
// their Dice score and the gazetteer place both are, if any.
func printTagGroups(w io.Writer, g *sanafeed.TagGroups) {
	fmt.Fprintf(w, "%d groups of equivalent tags\n", len(g.Groups))
	for _, gr := range g.Groups {
		names := make([]string, len(gr.Tags))
		for i, t := range gr.Tags {
			names[i] = tagLabel(t)
		}
		fmt.Fprintln(w, strings.Join(names, " = "))
		for _, l := range gr.Links {
			place := ""
			if l.Place != "" {
				place = ", place " + l.Place
			}
			fmt.Fprintf(w, "    %s ~ %s: %d clusters, score %.2f%s\n", tagLabel(l.A), tagLabel(l.B), l.Support, l.Score, place)
		}
	}
}

// tagLabel returns "lang:slug", with the tag's name when it differs.
func tagLabel(t sanafeed.TagRef) string {
	s := t.Lang + ":" + t.Slug
	if t.Name != "" && t.Name != t.Slug {
		s += " (" + t.Name + ")"
	}
	return s
}
