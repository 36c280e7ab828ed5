package server

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/sanafeed/sanafeed"
)

// Topic returns the feed at topicURL (one of this server's feed URLs,
// under PublicURL/feeds/) as rendered at the store's current generation,
// from the same cache requests are served from. It returns an error
// wrapping sanafeed.ErrNotFound when topicURL names no served feed.
func (s *Server) Topic(ctx context.Context, topicURL string) (sanafeed.Topic, error) {
	s.once.Do(s.init)
	k, ok := s.topicKey(topicURL)
	if !ok {
		return sanafeed.Topic{}, fmt.Errorf("server: topic %q: %w", topicURL, sanafeed.ErrNotFound)
	}
	gen := s.gen()
	if k.kind == kindTagFeed {
		ts, err := s.tags.get(ctx, k.lang, gen)
		if err != nil {
			return sanafeed.Topic{}, err
		}
		if _, known := ts.bySlug[k.tag]; !known {
			return sanafeed.Topic{}, fmt.Errorf("server: topic %q: unknown tag: %w", topicURL, sanafeed.ErrNotFound)
		}
	}
	d, err := s.docs.get(ctx, k, gen)
	if err != nil {
		return sanafeed.Topic{}, err
	}
	return sanafeed.Topic{
		URL:         s.base + feedPath(k.lang, k.tag, extOf(k.format)),
		Body:        d.body,
		ContentType: d.hType[0],
		Hash:        strings.Trim(d.etag, `"`),
	}, nil
}

// topicKey returns the cache key of the feed at the URL u and reports
// whether u names one: PublicURL, "/feeds/", and "{lang}.{ext}",
// "all.{ext}" or "{lang}/tags/{tag}.{ext}", with no query or fragment.
func (s *Server) topicKey(u string) (docKey, bool) {
	rest, ok := strings.CutPrefix(u, s.base+"/feeds/")
	if !ok || strings.ContainsAny(rest, "?#") {
		return docKey{}, false
	}
	parts := strings.Split(rest, "/")
	for i, p := range parts {
		var err error
		if parts[i], err = url.PathUnescape(p); err != nil {
			return docKey{}, false
		}
	}
	switch {
	case len(parts) == 1:
		name, format, ok := splitFormat(parts[0])
		if !ok {
			return docKey{}, false
		}
		if name == allFeed {
			return docKey{kind: kindFeed, format: format}, true
		}
		_, known := s.edition(name)
		return docKey{kind: kindFeed, lang: name, format: format}, known
	case len(parts) == 3 && parts[1] == "tags":
		tag, format, ok := splitFormat(parts[2])
		if _, known := s.edition(parts[0]); !known || !ok || tag == "" {
			return docKey{}, false
		}
		return docKey{kind: kindTagFeed, lang: parts[0], tag: tag, format: format}, true
	}
	return docKey{}, false
}

// Topics returns the URLs of the feeds the widest OPML lists (the
// all-editions feed, the editions' and their tags'), in every format: the
// topics an external WebSub hub is told about when they change.
func (s *Server) Topics(ctx context.Context) ([]string, error) {
	s.once.Do(s.init)
	groups, err := s.listedFeeds(ctx, s.gen(), opmlVariant{tags: true, all: true})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range groups {
		for _, f := range g.feeds {
			for _, fm := range formats {
				out = append(out, s.base+feedPath(f.lang, f.tag, fm.ext))
			}
		}
	}
	return out, nil
}
