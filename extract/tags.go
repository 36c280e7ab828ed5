package extract

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/sanafeed/sanafeed"
)

// tagBarSelector finds the links of Foxiz's tag bar (<div class="efoot">
// <div class="efoot-bar tag-bar">TAGGED: <a rel="tag">…) and of the tag
// lists of common WordPress themes.
const tagBarSelector = ".efoot a[href], .tag-bar a[href], .entry-tags a[href], .post-tags a[href], .tags-links a[href]"

// breadcrumbSelector finds the breadcrumb trail (Foxiz, Breadcrumb NavXT,
// Yoast, RankMath).
const breadcrumbSelector = ".breadcrumb-inner, .s-breadcrumb, .breadcrumb-wrap, #breadcrumbs, .rank-math-breadcrumb, .yoast-breadcrumbs, nav.breadcrumb, .breadcrumb"

// categoryLinkSelector finds links to the article's categories.
const categoryLinkSelector = "a[rel~='category'], .p-categories a[href], .s-cats a[href], a.p-category"

// tags returns the article's tags: the links of its tag bar, the slug taken
// from each href's /tag/{slug}/ and percent-decoded; else, when the page
// has no tag bar, the tag-{slug} classes of the <article> (named by their
// slug; WordPress writes term ids there for Arabic slugs, which are skipped).
func (p *page) tags() []sanafeed.Tag {
	links := p.art.Find(tagBarSelector)
	if links.Length() == 0 {
		links = p.doc.Find(tagBarSelector)
	}
	if links.Length() == 0 {
		links = p.doc.Find("a[rel~='tag'][href]")
	}
	var tags tagList
	links.Each(func(_ int, s *goquery.Selection) {
		rel := s.AttrOr("rel", "")
		if hasToken(rel, "category") {
			return
		}
		slug, ok := segmentAfter(s.AttrOr("href", ""), "tag")
		if !ok && !hasToken(rel, "tag") {
			return
		}
		name := strings.TrimPrefix(text(s), "#")
		if slug == "" {
			slug = sanafeed.Slugify(name)
		}
		tags.add(slug, name)
	})
	if len(tags) == 0 {
		for _, slug := range classSlugs(p.art.AttrOr("class", ""), "tag-") {
			tags.add(slug, slug)
		}
	}
	return tags
}

// categories returns the article's categories: the category links of the
// breadcrumb (parents first), then the <article>'s category-{slug} classes,
// then the category labels; each named from the breadcrumb or a category
// link when one names it, else by its slug.
func (p *page) categories() []sanafeed.Tag {
	names := make(map[string]string)
	var crumbs tagList
	p.doc.Find(breadcrumbSelector).First().Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		if slug := categorySlug(s.AttrOr("href", "")); slug != "" && !s.HasClass("home") {
			crumbs.add(slug, text(s))
			if names[slug] == "" {
				names[slug] = text(s)
			}
		}
	})
	var labels tagList
	p.art.Find(categoryLinkSelector).Each(func(_ int, s *goquery.Selection) {
		if slug := categorySlug(s.AttrOr("href", "")); slug != "" {
			labels.add(slug, text(s))
			if names[slug] == "" {
				names[slug] = text(s)
			}
		}
	})
	cats := crumbs
	for _, slug := range classSlugs(p.art.AttrOr("class", ""), "category-") {
		name := names[slug]
		if name == "" {
			name = slug
		}
		cats.add(slug, name)
	}
	for _, t := range labels {
		cats.add(t.Slug, t.Name)
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
