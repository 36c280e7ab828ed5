package replica

import (
	"strconv"
	"strings"
	"time"
)

// route2 answers a GET or HEAD request for path p of the edition es under
// the second theme; segs are p's segments after the edition's prefix, dir
// answers a directory-like path in its one trailing-slash form.
func (s *Site) route2(q *req, es *edState, p string, segs []string, dir func(func() response) response) response {
	switch {
	case len(segs) == 0:
		return s.home2(q, es)
	case len(segs) == 2 && segs[0] == "page":
		return dir(func() response { return s.listRoute2(q, es, es.ed.Path, "", es.arts, s.perPage(listingHome), segs) })
	case len(segs) == 1 && segs[0] == "feed" && s.hasFeeds(es):
		return dir(func() response { return s.mainFeed(q, es) })
	case len(segs) >= 2 && segs[0] == "section":
		if c := es.ed.catBySlug(segs[1]); c != nil {
			spec := feedSpec{self: sectionPath(es.ed, c) + "feed/", title: c.name, items: latest(es.byCat[c.path], feedSize)}
			return dir(func() response {
				return s.termRoute2(q, es, sectionPath(es.ed, c), c.name, es.byCat[c.path], spec, segs[2:])
			})
		}
	case len(segs) >= 2 && segs[0] == "topic":
		if t := es.tags[segs[1]]; t != nil {
			spec := feedSpec{self: topicPath(es.ed, t) + "feed/", title: t.name, items: latest(es.byTag[t.slug], feedSize)}
			return dir(func() response {
				return s.termRoute2(q, es, topicPath(es.ed, t), t.name, es.byTag[t.slug], spec, segs[2:])
			})
		}
	case len(segs) == 1 && strings.HasSuffix(segs[0], ".xml"):
		if !strings.HasSuffix(p, "/") {
			return s.wpSitemap(q, es, segs[0])
		}
	case len(segs) == 4 && isDatePath(segs[:3]):
		if a := es.bySlug(segs[3]); a != nil {
			if want := a.slugPath(es.ed); p != want {
				return q.redirectKeep(want)
			}
			return s.storyPage(q, es, a)
		}
		return s.notFound2(q, es)
	}
	if id, err := strconv.ParseInt(segs[len(segs)-1], 10, 64); err == nil && len(segs) >= 2 {
		if a := es.byID[id]; a != nil { // a first-theme permalink, /{category path}/{id}/
			return q.redirectKeep(a.slugPath(es.ed))
		}
	}
	return s.notFound2(q, es)
}

// home2 answers an edition's root, which also takes WordPress's ?p= and
// ?feed= query forms.
func (s *Site) home2(q *req, es *edState) response {
	v := q.r.URL.Query()
	if p := v.Get("p"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if a := es.byID[id]; err == nil && a != nil {
			return q.redirect(a.slugPath(es.ed))
		}
		return s.notFound2(q, es)
	}
	if v.Get("feed") != "" {
		if !s.hasFeeds(es) {
			return s.notFound2(q, es)
		}
		return q.redirect(es.ed.root() + "/feed/")
	}
	return s.listing2(q, es, es.ed.Path, "", es.arts, 1, s.perPage(listingHome))
}

// termRoute2 answers the listing of a category or tag at base and what
// lies under it (rest): its feed and its pages.
func (s *Site) termRoute2(q *req, es *edState, base, name string, arts []*article, feed feedSpec, rest []string) response {
	switch {
	case len(rest) == 0:
		return s.listing2(q, es, base, name, arts, 1, s.perPage(listingTag))
	case len(rest) == 1 && rest[0] == "feed" && s.hasFeeds(es):
		return s.feed(q, es, feed)
	}
	return s.listRoute2(q, es, base, name, arts, s.perPage(listingTag), rest)
}

// listRoute2 answers page/N/ of the listing at base (rest is "page", N).
func (s *Site) listRoute2(q *req, es *edState, base, name string, arts []*article, per int, rest []string) response {
	if len(rest) != 2 || rest[0] != "page" {
		return s.notFound2(q, es)
	}
	n, ok := pageNum(rest[1])
	switch {
	case !ok:
		return s.notFound2(q, es)
	case n == 1:
		return q.redirect(base)
	}
	return s.listing2(q, es, base, name, arts, n, per)
}

// isDatePath reports whether segs are a year, month and day as in a
// permalink: "2026", "02", "09".
func isDatePath(segs []string) bool {
	_, err := time.Parse("2006/01/02", strings.Join(segs, "/"))
	return err == nil
}

// catBySlug returns the category whose own slug is slug, or nil.
func (ed *edition) catBySlug(slug string) *category {
	for _, c := range ed.cats {
		if c.slug == slug {
			return c
		}
	}
	return nil
}
