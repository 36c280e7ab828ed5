package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/sanafeed/sanafeed"
)

// exportSite emits, through emit (Export's) and fn, the documents a
// static copy needs besides the feeds, the default OPML and the index
// page, so that every link of every exported page finds a file: the OPML
// variants at their static names, the site's icon, the page of each
// exported tag feed's tag at /tags/{lang}/{tag}/index.html, and the page
// of every story those pages list, at /stories/{lang}/{post id}/index.html
// (see storyKeys). The index page links the pages by their directories.
func (s *Server) exportSite(ctx context.Context, gen uint64, emit func(path string, k docKey) error, fn func(path string, body []byte) error) error {
	for _, v := range opmlVariants {
		for _, f := range formats {
			if p := opmlPath(v, f.format); p != "/feeds.opml" { // Export wrote it
				if err := emit(p, docKey{kind: kindOPML, format: f.format, opml: v}); err != nil {
					return err
				}
			}
		}
	}
	if err := emit(faviconPath, docKey{kind: kindFavicon}); err != nil {
		return err
	}
	return s.exportPages(ctx, gen, emit, fn)
}

// exportPages emits the tag pages and the story pages for exportSite.
func (s *Server) exportPages(ctx context.Context, gen uint64, emit func(path string, k docKey) error, fn func(path string, body []byte) error) error {
	stories := s.newStoryKeys() // of what the index and the tag pages list
	for _, e := range s.editionList() {
		arts, err := s.Store.Latest(ctx, sanafeed.Query{Lang: e.Lang, Limit: s.items()})
		if err != nil {
			return fmt.Errorf("server: export stories of %s: %w", e.Lang, err)
		}
		stories.add(arts)
		ts, err := s.tags.get(ctx, e.Lang, gen)
		if err != nil {
			return err
		}
		for _, tc := range ts.list {
			if _, ok := ts.bySlug[tc.Tag.Slug]; !ok || !fileSafe(tc.Tag.Slug) {
				continue // no feed exported either
			}
			if err := emit("/tags/"+e.Lang+"/"+tc.Tag.Slug+"/index.html", docKey{kind: kindTagPage, lang: e.Lang, tag: tc.Tag.Slug}); err != nil {
				return err
			}
			arts, err := s.Store.Latest(ctx, sanafeed.Query{Lang: e.Lang, Tag: tc.Tag.Slug, Limit: s.items()})
			if err != nil {
				return fmt.Errorf("server: export stories of %s/%s: %w", e.Lang, tc.Tag.Slug, err)
			}
			stories.add(arts)
		}
	}
	latest, err := s.Store.Latest(ctx, sanafeed.Query{Limit: latestLimit(len(s.editionList()))})
	if err != nil {
		return fmt.Errorf("server: export latest stories: %w", err)
	}
	stories.add(latest)
	for _, key := range stories.keys {
		d, err := s.stories.get(ctx, key, gen)
		if errors.Is(err, sanafeed.ErrNotFound) {
			continue // a translation not stored: no page links it
		}
		if err != nil {
			return err
		}
		if err := fn("/stories/"+key+"/index.html", d.body); err != nil {
			return err
		}
	}
	return nil
}

// storyKeys gathers the article keys of the story pages lists of
// articles link to, each once, in order: each article's own and, since a
// story page links the pages of its versions, its translations'; all in
// served editions. A translation's translations are the same story's
// versions: no deeper walk is needed. Only keys are kept, not articles.
type storyKeys struct {
	s    *Server
	seen map[string]bool
	keys []string
}

// newStoryKeys returns an empty storyKeys.
func (s *Server) newStoryKeys() *storyKeys {
	return &storyKeys{s: s, seen: map[string]bool{}}
}

// add adds the keys of the story pages arts link to.
func (sk *storyKeys) add(arts []sanafeed.Article) {
	for _, a := range arts {
		sk.addKey(a.Lang, a.Key())
		for _, t := range a.Translations {
			sk.addKey(t.Lang, keyOfID(t.ID))
		}
	}
}

// addKey adds key, of an article in edition lang, if that is served.
func (sk *storyKeys) addKey(lang, key string) {
	if _, served := sk.s.edition(lang); served && !sk.seen[key] {
		sk.seen[key] = true
		sk.keys = append(sk.keys, key)
	}
}
