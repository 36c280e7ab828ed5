package main

import (
	"context"
	"errors"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/refresh"
)

// A watchedStore is the poller's store with every write's outcome told to
// observe (server.Server.ObserveWrite), so that /healthz turns unhealthy
// while writes fail (a full disk) and healthy again once they succeed.
// Reads pass through untouched.
type watchedStore struct {
	refresh.Store
	observe func(what, lang string, err error)
}

// PutArticles stores arts. A failed commit returns no changes; skipped
// invalid articles beside committed ones are no write failure.
func (s watchedStore) PutArticles(ctx context.Context, arts []sanafeed.Article) ([]sanafeed.Change, error) {
	changes, err := s.Store.PutArticles(ctx, arts)
	if len(arts) > 0 {
		failed := err
		if changes != nil {
			failed = nil
		}
		for _, lang := range langsOf(arts) {
			s.observe("articles", lang, failed)
		}
	}
	return changes, err
}

// PutPollResult stores r.
func (s watchedStore) PutPollResult(ctx context.Context, r sanafeed.PollResult) error {
	err := s.Store.PutPollResult(ctx, r)
	s.observe("poll result", r.Lang, err)
	return err
}

// PutFetchState stores states.
func (s watchedStore) PutFetchState(ctx context.Context, states ...sanafeed.FetchState) error {
	err := s.Store.PutFetchState(ctx, states...)
	if len(states) > 0 {
		s.observe("fetch state", "", err)
	}
	return err
}

// PutPages keeps pages.
func (s watchedStore) PutPages(ctx context.Context, pages ...sanafeed.KeptPage) error {
	err := s.Store.PutPages(ctx, pages...)
	if len(pages) > 0 {
		s.observe("kept pages", "", err)
	}
	return err
}

// SetClusters stores the clusters. Keys not stored are reported after the
// others are committed: no write failure.
func (s watchedStore) SetClusters(ctx context.Context, assign map[string]string) ([]string, error) {
	changed, err := s.Store.SetClusters(ctx, assign)
	if len(assign) > 0 {
		failed := err
		if errors.Is(err, sanafeed.ErrNotFound) {
			failed = nil
		}
		s.observe("clusters", "", failed)
	}
	return changed, err
}

// langsOf returns the editions of arts, each once.
func langsOf(arts []sanafeed.Article) []string {
	var langs []string
	seen := map[string]bool{}
	for _, a := range arts {
		if !seen[a.Lang] {
			seen[a.Lang] = true
			langs = append(langs, a.Lang)
		}
	}
	return langs
}
