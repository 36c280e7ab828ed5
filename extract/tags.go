package extract

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/sanafeed/sanafeed"
)

// tags returns the article's tags: the links the first selector of
// page.tags that finds any finds (an element that is not a link gives
// the links in it), the slug taken from each href's /tag/{slug}/ (else the last
// segment of a link on the site's own host that is no article, listing
// page or edition home) and percent-decoded; else, when they find none,
// the tag-{slug} classes of the <article> (named by their slug; WordPress
// writes term ids there for Arabic slugs, which are skipped).
func (p *page) tags() []sanafeed.Tag {
	var tags tagList
	for _, sl := range p.r.tags {
		n := len(tags)
		p.ruleLinks(sl).Each(func(_ int, s *goquery.Selection) {
			rel := s.AttrOr("rel", "")
			if hasToken(rel, "category") {
				return
			}
			href := s.AttrOr("href", "")
			slug, ok := segmentAfter(href, "tag")
			if !ok && !hasToken(rel, "tag") {
				if slug, ok = p.termSlug(href); !ok {
					return
				}
			}
			name := strings.TrimPrefix(text(s), "#")
			if slug == "" {
				slug = sanafeed.Slugify(name)
			}
			tags.add(slug, name)
		})
		if len(tags) > n {
			p.note("tags", sl.text, false)
			return tags // the first selector that finds tags wins: the next are other themes' bars
		}
	}
	for _, slug := range classSlugs(p.art.AttrOr("class", ""), "tag-") {
		tags.add(slug, slug)
	}
	if len(tags) > 0 {
		p.note("tags", "fallback: the <article>'s tag-{slug} classes", true)
	} else {
		p.note("tags", "", true)
	}
	return tags
}

// ruleLinks returns the links the selector sl finds: in the <article>,
// else in the page; an element that is not a link gives the links in it.
func (p *page) ruleLinks(sl selector) *goquery.Selection {
	found := p.art.FindMatcher(sl.sel)
	if found.Length() == 0 {
		found = p.doc.FindMatcher(sl.sel)
	}
	links := found.Filter("a[href]")
	return links.AddSelection(found.Not("a").Find("a[href]"))
}

// termSlug returns the last path segment of a link to a term listing
// (a tag or category under a theme's own base, /topic/water/) on the
// page's host, and whether href is one: not an article, a listing page,
// an edition's home or a WordPress file.
func (p *page) termSlug(href string) (string, bool) {
	abs := p.abs(href)
	u, err := url.Parse(abs)
	if abs == "" || err != nil || p.base == nil || !strings.EqualFold(u.Host, p.base.Host) || p.urlID(abs) > 0 {
		return "", false
	}
	slug := categorySlug(abs)
	return slug, slug != ""
}

// categories returns the article's categories: the links page.categories
// finds (each selector adds its own; the slug is the href's last
// segment, a link marked "home" is none), then the <article>'s
// category-{slug} classes, named from those links when they name them,
// else by their slug.
func (p *page) categories() []sanafeed.Tag {
	names := make(map[string]string)
	var cats tagList
	var rules []string
	for _, sl := range p.r.categories {
		n := len(cats)
		p.ruleLinks(sl).Each(func(_ int, s *goquery.Selection) {
			if s.HasClass("home") {
				return
			}
			href := s.AttrOr("href", "")
			if slug := categorySlug(href); slug != "" && p.urlID(p.abs(href)) == 0 {
				cats.add(slug, text(s))
				if names[slug] == "" {
					names[slug] = text(s)
				}
			}
		})
		if len(cats) > n {
			rules = append(rules, sl.text)
		}
	}
	n := len(cats)
	for _, slug := range classSlugs(p.art.AttrOr("class", ""), "category-") {
		name := names[slug]
		if name == "" {
			name = slug
		}
		cats.add(slug, name)
	}
	switch {
	case n > 0:
		p.note("categories", strings.Join(rules, " + "), false)
	case len(cats) > 0:
		p.note("categories", "fallback: the <article>'s category-{slug} classes", true)
	default:
		p.note("categories", "", true)
	}
	return cats
}

// A tagList is a list of tags without repeated slugs.
type tagList []sanafeed.Tag

func (l *tagList) add(slug, name string) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	name = sanafeed.CollapseSpace(name)
	if slug == "" {
		return
	}
	if name == "" {
		name = slug
	}
	for _, t := range *l {
		if t.Slug == slug {
			return
		}
	}
	*l = append(*l, sanafeed.Tag{Slug: slug, Name: name})
}

// segmentAfter returns the decoded path segment after the segment key in
// the URL ref ("/en/tag/syria/" after "tag": "syria") and reports whether
// the path has key followed by a segment.
func segmentAfter(ref, key string) (string, bool) {
	segs := pathSegments(ref)
	for i := len(segs) - 2; i >= 0; i-- {
		if segs[i] == key {
			return segs[i+1], true
		}
	}
	return "", false
}

// pathSegments returns the percent-decoded segments of ref's path.
func pathSegments(ref string) []string {
	ref = strings.TrimSpace(ref)
	var path string
	if u, err := url.Parse(ref); err == nil {
		path = u.Path
	} else {
		path, _, _ = strings.Cut(ref, "?")
		path, _, _ = strings.Cut(path, "#")
		if i := strings.Index(path, "://"); i >= 0 {
			path = path[i+3:]
			if j := strings.IndexByte(path, '/'); j >= 0 {
				path = path[j:]
			}
		}
	}
	return strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
}

// categorySlug returns the slug of a category listing link (the last path
// segment), or "" for links to an edition's home, a post, a tag, an author
// or a page of a listing.
func categorySlug(ref string) string {
	segs := pathSegments(ref)
	if len(segs) == 0 || postIDOf(ref) > 0 {
		return ""
	}
	if len(segs) == 1 {
		if _, ok := sanafeed.EditionByLang(segs[0]); ok {
			return ""
		}
	}
	for _, s := range segs {
		switch s {
		case "tag", "author", "page", "feed", "search", "wp-content", "wp-admin":
			return ""
		}
	}
	return segs[len(segs)-1]
}

// classSlugs returns the slugs of an <article>'s classes prefix{slug},
// skipping WordPress's numeric fallbacks and slugs without a letter.
func classSlugs(class, prefix string) []string {
	var slugs []string
	for _, c := range strings.Fields(class) {
		slug, ok := strings.CutPrefix(c, prefix)
		if !ok || !strings.ContainsFunc(slug, unicode.IsLetter) || strings.HasPrefix(slug, "id-") {
			continue
		}
		slugs = append(slugs, slug)
	}
	return slugs
}
