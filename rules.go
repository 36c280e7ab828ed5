package sanafeed

import (
	"net/url"
	"regexp"
	"strings"
)

// Rules tell sanafeed how to read one source: where its feeds, listings
// and sitemaps are, which links are articles, and how to read an article
// page and a listing page. They are data, set per [[source]] in the
// config file; DefaultRules gives today's rules for sana.sy.
//
// Selectors are CSS as goquery reads them; "selector@attr" takes the
// attribute instead of the element's text. Each selector field is a list
// tried in order: for a single value (title, body, a time, the image, the
// id) the first selector that finds something wins; for a set of values
// (tags, categories, listing items) every selector adds what it finds.
// When a field's selectors find nothing, sanafeed falls back to what
// standards and WordPress itself guarantee (og: and article: meta,
// JSON-LD, rel=shortlink, <time>, <title>), and for the body to
// readability; the extraction trace says which gave each value.
type Rules struct {
	// Feeds are the feeds to read, relative to the source's URL unless
	// absolute. Empty: none (the source is read from its pages only).
	Feeds []string
	// Listings are the listing pages read every poll, besides those
	// discovered; "" is the source's URL itself (the home).
	Listings []string
	// Sitemaps are the sitemaps (or sitemap indexes) to read when a poll
	// must catch up. Empty: robots.txt's Sitemap lines for the edition,
	// else sitemap_index.xml, else wp-sitemap.xml.
	Sitemaps []string
	// Article is a regular expression matched against a link's path and
	// query ("/en/politics/2289847/", "/en/?p=2289847"): the links it
	// matches are articles. A group named id holds the post id; without
	// one, the id comes from the page (Page.ID).
	Article string
	// Skip are regular expressions matched against an article's path and
	// query: articles they match are never fetched nor stored.
	Skip []string

	Page    PageRules
	Listing ListingRules
}

// PageRules tell how to read an article page. See Rules for how
// selectors are written and combined.
type PageRules struct {
	ID         []string // where the post id is: the value's last run of digits
	Title      []string
	Body       []string // the element holding the article's text
	Cut        []string // where the body ends: the first match and all after it go
	Remove     []string // removed from the body before it is sanitised
	Tags       []string // tag links: the slug from /tag/{slug}/, else the href's last segment
	Categories []string // category links: the slug is the href's last segment
	Author     []string
	Published  []string // a date and time, RFC 3339 or close to it
	Modified   []string
	Image      []string // the featured image's URL
	// Strip are regular expressions whose matches are removed from the
	// text of the body's paragraphs.
	Strip []string
}

// A RuleField is one page rule by its [source.page] key.
type RuleField struct {
	Key  string
	List *[]string
}

// Fields returns p's rules by their [source.page] keys, in the order the
// config shows them.
func (p *PageRules) Fields() []RuleField {
	return []RuleField{{"id", &p.ID}, {"title", &p.Title}, {"body", &p.Body}, {"cut", &p.Cut},
		{"remove", &p.Remove}, {"tags", &p.Tags}, {"categories", &p.Categories}, {"author", &p.Author},
		{"published", &p.Published}, {"modified", &p.Modified}, {"image", &p.Image}, {"strip", &p.Strip}}
}

// ListingRules tell how to read a listing page (a home, a category or a
// tag listing). See Rules for how selectors are written and combined.
type ListingRules struct {
	// Item selects the links to articles; each link is an article when
	// Rules.Article matches it.
	Item []string
	// Next is the next (older) page. When it finds nothing, rel="next"
	// and WordPress's /page/N/ are tried.
	Next []string
}

// DefaultRules returns the built-in rules for a source at sourceURL: how
// sana.sy's editions read today (WordPress with the Foxiz theme).
func DefaultRules(sourceURL string) Rules {
	return Rules{
		Feeds:    []string{"feed/"},
		Listings: []string{""},
		Article:  DefaultArticlePattern(sourceURL),
		Page: PageRules{
			ID:    []string{`article[id^="post-"]@id`, `link[rel~="shortlink"]@href`},
			Title: []string{"h1.s-title", "h1.entry-title"},
			Body:  []string{"div.entry-content", ".rbct", `[itemprop="articleBody"]`},
			Cut: []string{".efoot", ".efoot-bar", ".entry-bottom", ".tag-bar", ".e-shared", ".e-shared-sec",
				".e-shared-header", ".entry-tags", ".post-tags", ".tags-links", ".sharedaddy"},
			Remove: []string{`[class*="rbbsl"]`, `[class*="inline-post"]`, `[class*="block-wrap"]`, `[class*="p-wrap"]`,
				`[class*="reading-indicator"]`, `[class*="rb-ad"]`},
			Tags: []string{".efoot a[href]", ".tag-bar a[href]", ".entry-tags a[href]", ".post-tags a[href]",
				".tags-links a[href]", `a[rel~="tag"][href]`},
			Categories: []string{".breadcrumb-inner a[href]", ".s-breadcrumb a[href]", ".breadcrumb-wrap a[href]",
				"#breadcrumbs a[href]", ".rank-math-breadcrumb a[href]", ".yoast-breadcrumbs a[href]",
				"nav.breadcrumb a[href]", `a[rel~="category"]`, ".p-categories a[href]", ".s-cats a[href]", "a.p-category"},
			Author:    []string{`meta[name="author"]@content`, ".meta-author a", ".meta-author", `a[rel~="author"]`, ".author-name"},
			Published: []string{`meta[property="article:published_time"]@content`},
			Modified:  []string{`meta[property="article:modified_time"]@content`},
			Image: []string{`meta[property="og:image"]@content`,
				".s-feat img", ".s-feat-holder img", ".featured-image img", ".post-thumbnail img", "img.wp-post-image"},
		},
		Listing: ListingRules{
			Item: []string{"a[href]"},
			Next: []string{`a[rel~="next"]@href`, "a.next.page-numbers@href", ".pagination-nextprev a.next@href",
				".pagination a.next@href", "a.next-page@href", ".nav-previous a@href"},
		},
	}
}

// DefaultArticlePattern returns the article pattern of sana.sy's
// permalinks for a source at sourceURL: a path under the source's whose
// last segment is the post id ("/en/politics/2289847/"), or the source's
// path with ?p=ID.
func DefaultArticlePattern(sourceURL string) string {
	p := "/"
	if u, err := url.Parse(sourceURL); err == nil && u.Path != "" {
		p = u.Path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	q := regexp.QuoteMeta(p)
	return `^` + q + `(?:(?:[^/?#]+/)*(?P<id>[0-9]+)/?|\?p=(?P<id>[0-9]+))$`
}
