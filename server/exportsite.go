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
	var listed []sanafeed.Article // what the index and the tag pages list
	for _, e := range s.list {
		arts, err := s.Store.Latest(ctx, sanafeed.Query{Lang: e.Lang, Limit: s.items()})
		if err != nil {
			return fmt.Errorf("server: export stories of %s: %w", e.Lang, err)
		}
		listed = append(listed, arts...)
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
			listed = append(listed, arts...)
		}
	}
	clusters, err := s.Store.Latest(ctx, sanafeed.Query{Limit: latestLimit(len(s.list))})
	if err != nil {
		return fmt.Errorf("server: export latest stories: %w", err)
	}
	for _, key := range s.storyKeys(append(listed, clusters...)) {
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

// storyKeys returns the article keys of the story pages arts link to,
// each once, in order: each article's own and, since a story page links
// the pages of its versions, its translations'; all in served editions.
// A translation's translations are the same story's versions: no deeper
// walk is needed.
func (s *Server) storyKeys(arts []sanafeed.Article) []string {
	seen := map[string]bool{}
	var keys []string
	add := func(lang, key string) {
		if _, served := s.edition(lang); served && !seen[key] {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	for _, a := range arts {
		add(a.Lang, a.Key())
		for _, t := range a.Translations {
			add(t.Lang, keyOfID(t.ID))
		}
	}
	return keys
}
