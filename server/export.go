package server

import (
	"context"
	"strings"

	"github.com/sanafeed/sanafeed/feedgen"
)

// Export renders every document a static copy of the server needs and
// calls fn with each one's URL path (percent-decoded, as a file path under
// a web root) and body: every feed (all editions, each edition and each
// of its tags, in every format, and the cross-edition feed of every slug
// of a tag that has equivalents) at /feeds/..., the OPML at /feeds.opml,
// the pages the index links to (exportSite) and the index page at
// /index.html. The bodies are shared: fn must not modify them. Tags whose
// slug cannot be a file name ("/" in it, "." or "..") are left out.
// Export stops at the first error fn or a render returns.
//
// Export streams: a document the cache holds current is taken from it,
// any other is rendered, handed to fn and dropped, not cached. So an
// export holds one rendered document at a time (fn should write it out
// before it returns), however many tags the editions have, and it does
// not evict what the cache holds for requests.
func (s *Server) Export(ctx context.Context, fn func(path string, body []byte) error) error {
	s.once.Do(s.init)
	gen := s.gen()
	emit := func(path string, k docKey) error {
		d, ok := s.docs.peek(k, gen)
		if !ok {
			var err error
			if d, err = s.render(ctx, k, gen, nil); err != nil {
				return err
			}
		}
		return fn(path, d.body)
	}
	feeds := []docKey{{kind: kindFeed}}
	for _, e := range s.editionList() {
		feeds = append(feeds, docKey{kind: kindFeed, lang: e.Lang})
		ts, err := s.tags.get(ctx, e.Lang, gen)
		if err != nil {
			return err
		}
		for _, tc := range ts.list {
			if _, ok := ts.bySlug[tc.Tag.Slug]; ok && fileSafe(tc.Tag.Slug) {
				feeds = append(feeds, docKey{kind: kindTagFeed, lang: e.Lang, tag: tc.Tag.Slug})
			}
		}
	}
	for _, k := range feeds {
		for _, f := range formats {
			k.format = f.format
			if err := emit(filePath(k.lang, k.tag, f.ext), k); err != nil {
				return err
			}
		}
	}
	if err := s.exportCrossTags(ctx, gen, emit); err != nil {
		return err
	}
	if err := emit("/feeds.opml", docKey{kind: kindOPML, format: feedgen.Atom}); err != nil {
		return err
	}
	if err := s.exportSite(ctx, gen, emit, fn); err != nil {
		return err
	}
	return emit("/index.html", docKey{kind: kindIndex})
}

// filePath is feedPath with the tag not percent-encoded.
func filePath(lang, tag, ext string) string {
	if tag == "" {
		return feedPath(lang, "", ext)
	}
	if lang == "" {
		lang = allFeed
	}
	return "/feeds/" + lang + "/tags/" + tag + "." + ext
}

// fileSafe reports whether the tag slug can be one file name.
func fileSafe(slug string) bool {
	return slug != "" && slug != "." && slug != ".." && !strings.ContainsAny(slug, "/\\\x00")
}
