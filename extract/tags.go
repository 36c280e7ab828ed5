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
//
// It keeps the first sanafeed.MaxTags tags and stops reading links once
// it has them: its work grows with the page's links, never with their
// square.
func (p *page) tags() []sanafeed.Tag {
	tags := newTagList()
	for _, sl := range p.r.tags {
		n := tags.len()
		p.ruleLinks(sl).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			rel := s.AttrOr("rel", "")
			if hasToken(rel, "category") {
				return true
			}
			href := s.AttrOr("href", "")
			slug, ok := segmentAfter(href, "tag")
			if !ok && !hasToken(rel, "tag") {
				if slug, ok = p.termSlug(href); !ok {
					return true
				}
			}
			name := strings.TrimPrefix(text(s), "#")
			if slug == "" {
				slug = sanafeed.Slugify(name)
			}
			return tags.add(slug, name)
		})
		if tags.len() > n {
			p.note("tags", sl.text, false)
			return tags.list // the first selector that finds tags wins: the next are other themes' bars
		}
	}
	for _, slug := range classSlugs(p.art.AttrOr("class", ""), "tag-") {
		if !tags.add(slug, slug) {
			break
		}
	}
	if tags.len() > 0 {
		p.note("tags", "fallback: the <article>'s tag-{slug} classes", true)
	} else {
		p.note("tags", "", true)
	}
	return tags.list
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
//
// It keeps the first sanafeed.MaxTags categories and stops reading links
// once it has them.
func (p *page) categories() []sanafeed.Tag {
	names := make(map[string]string) // of the slugs in cats
	cats := newTagList()
	var rules []string
	for _, sl := range p.r.categories {
		if cats.full() {
			break
		}
		n := cats.len()
		p.ruleLinks(sl).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			if s.HasClass("home") {
				return true
			}
			href := s.AttrOr("href", "")
			if slug := categorySlug(href); slug != "" && p.urlID(p.abs(href)) == 0 {
				name := text(s)
				more := cats.add(slug, name)
				if k := cats.slug(slug); names[k] == "" && cats.has(k) {
					names[k] = name
				}
				return more
			}
			return true
		})
		if cats.len() > n {
			rules = append(rules, sl.text)
		}
	}
	n := cats.len()
	for _, slug := range classSlugs(p.art.AttrOr("class", ""), "category-") {
		name := names[cats.slug(slug)]
		if name == "" {
			name = slug
		}
		if !cats.add(slug, name) {
			break
		}
	}
	switch {
	case n > 0:
		p.note("categories", strings.Join(rules, " + "), false)
	case cats.len() > 0:
		p.note("categories", "fallback: the <article>'s category-{slug} classes", true)
	default:
		p.note("categories", "", true)
	}
	return cats.list
}

// A tagList is a list of at most sanafeed.MaxTags tags without repeated
// slugs. Adding is constant time: a set holds the slugs.
type tagList struct {
	list []sanafeed.Tag
	seen map[string]bool // the slugs in list
}

func newTagList() *tagList { return &tagList{seen: map[string]bool{}} }

// slug returns slug as the list keeps it.
func (l *tagList) slug(slug string) string {
	return strings.ToLower(strings.TrimSpace(sanafeed.StripBidi(slug)))
}

// has reports whether the list holds the slug, as slug returns it.
func (l *tagList) has(slug string) bool { return l.seen[slug] }

func (l *tagList) len() int { return len(l.list) }

// full reports whether the list holds sanafeed.MaxTags tags.
func (l *tagList) full() bool { return len(l.list) >= sanafeed.MaxTags }

// add adds the tag unless its slug is empty or in the list already, or
// the list is full, and reports whether the list has room for more.
func (l *tagList) add(slug, name string) bool {
	if l.full() {
		return false
	}
	slug = l.slug(slug)
	if slug == "" || l.seen[slug] {
		return true
	}
	name = label(name)
	if name == "" {
		name = slug
	}
	l.seen[slug] = true
	l.list = append(l.list, sanafeed.Tag{Slug: slug, Name: name})
	return !l.full()
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
