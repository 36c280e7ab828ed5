package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/sanafeed/sanafeed"
)

// Page extracts one article page of SANA (Foxiz theme), falling back to
// generic readability extraction when the page's markup is unknown.
//
// pageURL is the URL the page was fetched from; relative links are resolved
// against it. lang is the edition the page belongs to ("" takes <html lang>).
// The returned Article has From = sanafeed.FromPage and:
//
//   - PostID from <article id="post-ID">, else the body class postid-ID, the
//     canonical link, the shortlink, og:url, pageURL;
//   - URL: the canonical link when it names the same post, else pageURL, both
//     through sanafeed.CanonicalURL;
//   - Title: h1.s-title, else h1.entry-title, og:title, JSON-LD headline,
//     <title> (each without a trailing " - site name"), the page's only h1;
//   - Content: the article's div.entry-content (.rbct, [itemprop=articleBody]),
//     else what go-readability finds, cut where the tag bar or share box
//     begins, without inline related posts, share buttons, ads, scripts and
//     the site's texts (the tag bar, "Editors Choice", "Reading:", "Urgent:", the cookie bar, forms), then sanitised (see Sanitize);
//     Summary: its first ~300 runes as plain text, without the dateline;
//   - Dateline: the opening "DAMASCUS, Feb. 9 (SANA) –", "Damas – SANA /",
//     "Halep, SANA –" or "دمشق-سانا" of the first paragraph;
//   - Author: the author meta, JSON-LD author, the byline link;
//   - Image: og:image (twitter:image), else the featured image's lazy
//     data-src (else its src), else JSON-LD image;
//   - Tags: the links of the tag bar ("TAGGED:", div.efoot), the slug from
//     each href's /tag/{slug}/ percent-decoded; without a bar the
//     <article>'s tag-{slug} classes;
//   - Categories: the breadcrumb's category links, the <article>'s
//     category-{slug} classes and the category labels, named from the
//     breadcrumb when it names them;
//   - Published and Modified: the article:published_time and
//     article:modified_time meta, else JSON-LD datePublished and
//     dateModified, else the article header's <time datetime>. Only when
//     none of these exists is the visible "Published: 2026/02/09 4:15 PM" /
//     "Updated: …" text read (any edition's words, Eastern Arabic digits
//     too), as a last resort, in +03:00 (Syria's offset, a guess). Times
//     without an offset are read in +03:00 too.
//
// It returns an error wrapping ErrNotArticle when the page is not a single
// article (a listing, a 404 page) or names no post or has no title.
func Page(body []byte, pageURL, lang string) (sanafeed.Article, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return sanafeed.Article{}, fmt.Errorf("extract: parse %s: %w", pageURL, err)
	}
	p := newPage(doc, pageURL)
	if !p.isSingle() {
		return sanafeed.Article{}, notArticle("no single article")
	}
	a := sanafeed.Article{Lang: lang, From: sanafeed.FromPage}
	if a.Lang == "" {
		a.Lang = p.htmlLang()
	}
	if a.PostID = p.postID(); a.PostID == 0 {
		return sanafeed.Article{}, notArticle("no post id")
	}
	a.URL = p.canonical(a.PostID)
	if a.Title = p.title(); a.Title == "" {
		return sanafeed.Article{}, notArticle("no title")
	}
	if b := p.body(); b != nil {
		a.Content = strings.TrimSpace(Sanitize(b.html(), pageURL))
		a.Dateline, a.Summary = b.datelineSummary()
	}
	a.Author = p.author()
	a.Image = p.image()
	a.Tags = p.tags()
	a.Categories = p.categories()
	a.Published, a.Modified = p.times()
	return a, nil
}

func notArticle(reason string) error {
	return fmt.Errorf("%w (%s)", ErrNotArticle, reason)
}

// A page is one parsed HTML page with what its extractors share.
type page struct {
	doc  *goquery.Document
	base *url.URL           // pageURL parsed; nil when it is not absolute
	art  *goquery.Selection // the <article>, else the body
	meta map[string]string  // <meta> content by lower-cased property, name or itemprop; first wins
	ld   ldData             // what JSON-LD says
}

func newPage(doc *goquery.Document, pageURL string) *page {
	p := &page{doc: doc, meta: make(map[string]string)}
	if u, err := url.Parse(strings.TrimSpace(pageURL)); err == nil && u.IsAbs() {
		p.base = u
	}
	doc.Find("meta[content]").Each(func(_ int, s *goquery.Selection) {
		for _, k := range []string{"property", "name", "itemprop"} {
			key := strings.ToLower(strings.TrimSpace(s.AttrOr(k, "")))
			if _, ok := p.meta[key]; key != "" && !ok {
				p.meta[key] = strings.TrimSpace(s.AttrOr("content", ""))
			}
		}
	})
	p.ld = parseLD(doc)
	p.art = p.article()
	return p
}

// article returns the page's one <article id="post-N">, else its one
// <article>, else the body.
func (p *page) article() *goquery.Selection {
	posts := p.doc.Find("article[id^='post-']").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return idOf(s.AttrOr("id", ""), "post-") > 0
	})
	if posts.Length() >= 1 {
		return posts.First()
	}
	if arts := p.doc.Find("article"); arts.Length() == 1 {
		return arts
	}
	return p.doc.Find("body").First()
}

// isSingle reports whether the page shows one article rather than a list.
func (p *page) isSingle() bool {
	cls := classSet(p.doc.Find("body").AttrOr("class", ""))
	if cls["single-post"] || cls["single"] || hasPrefixClass(cls, "postid-") {
		return true
	}
	for _, c := range []string{"home", "blog", "archive", "category", "tag", "search", "error404", "author", "date"} {
		if cls[c] {
			return false
		}
	}
	if n := p.doc.Find("article[id^='post-']").Length(); n > 0 {
		return n == 1
	}
	if strings.EqualFold(p.meta["og:type"], "article") || p.ld.isArticle {
		return true
	}
	if p.doc.Find("div.entry-content").Length() == 1 {
		return true
	}
	// Unknown markup: a page at a post's URL is taken for an article.
	return p.base != nil && postIDOf(p.base.String()) > 0
}

func (p *page) htmlLang() string {
	l := strings.TrimSpace(p.doc.Find("html").AttrOr("lang", ""))
	l, _, _ = strings.Cut(l, "-")
	l, _, _ = strings.Cut(l, "_")
	return strings.ToLower(l)
}

// postID returns the post id the page names, or 0.
func (p *page) postID() int64 {
	if id := idOf(p.art.AttrOr("id", ""), "post-"); id > 0 {
		return id
	}
	for c := range classSet(p.doc.Find("body").AttrOr("class", "")) {
		if id := idOf(c, "postid-"); id > 0 {
			return id
		}
	}
	for _, ref := range []string{p.linkHref("canonical"), p.linkHref("shortlink"), p.abs(p.meta["og:url"])} {
		if id := postIDOf(ref); id > 0 {
			return id
		}
	}
	if p.base != nil {
		return postIDOf(p.base.String())
	}
	return 0
}

// canonical returns the canonical URL of post id: the canonical link or
// og:url when it names that post, else the page's own URL.
func (p *page) canonical(id int64) string {
	for _, ref := range []string{p.linkHref("canonical"), p.abs(p.meta["og:url"])} {
		if postIDOf(ref) == id {
			if c, err := sanafeed.CanonicalURL(ref); err == nil {
				return c
			}
		}
	}
	if p.base == nil {
		return ""
	}
	if c, err := sanafeed.CanonicalURL(p.base.String()); err == nil {
		return c
	}
	return p.base.String()
}

// linkHref returns the absolute href of the first <link rel=rel>.
func (p *page) linkHref(rel string) string {
	var href string
	p.doc.Find("link[href]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if hasToken(s.AttrOr("rel", ""), rel) {
			href = p.abs(s.AttrOr("href", ""))
			return false
		}
		return true
	})
	return href
}

// title returns the article's title, see Page.
func (p *page) title() string {
	for _, sel := range []string{"h1.s-title", "h1.entry-title"} {
		if t := text(p.art.Find(sel).First()); t != "" {
			return t
		}
		if t := text(p.doc.Find(sel).First()); t != "" {
			return t
		}
	}
	for _, t := range []string{p.meta["og:title"], p.meta["twitter:title"], p.ld.headline, text(p.doc.Find("title").First())} {
		if t = stripSiteSuffix(sanafeed.CollapseSpace(t)); t != "" {
			return t
		}
	}
	if h := p.doc.Find("h1"); h.Length() == 1 {
		return text(h)
	}
	return ""
}

// siteNames are the words that mark a title's trailing part as the site's name.
var siteNames = []string{"sana", "سانا", "syrian arab news agency", "الوكالة العربية السورية"}

// stripSiteSuffix removes a trailing " - Site name" from a page title.
func stripSiteSuffix(t string) string {
	for _, sep := range []string{" - ", " – ", " — ", " | ", " :: ", " » "} {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		suffix := strings.ToLower(t[i+len(sep):])
		for _, e := range sanafeed.Editions {
			if suffix == strings.ToLower(e.SiteName) {
				return strings.TrimSpace(t[:i])
			}
		}
		for _, n := range siteNames {
			if strings.Contains(suffix, n) {
				return strings.TrimSpace(t[:i])
			}
		}
	}
	return t
}

// author returns the article's author as the page states it.
func (p *page) author() string {
	if a := sanafeed.CollapseSpace(p.meta["author"]); a != "" {
		return a
	}
	if p.ld.author != "" {
		return p.ld.author
	}
	for _, sel := range []string{".meta-author a", ".meta-author", "a[rel~='author']", ".author-name"} {
		if a := text(p.art.Find(sel).First()); a != "" {
			return strings.TrimSpace(strings.TrimPrefix(a, "By "))
		}
	}
	return ""
}

// image returns the featured image's absolute URL: og:image, twitter:image,
// the featured image in the page (lazy data-src first), JSON-LD image.
func (p *page) image() string {
	for _, ref := range []string{p.meta["og:image"], p.meta["og:image:url"], p.meta["og:image:secure_url"], p.meta["twitter:image"]} {
		if u := p.absHTTP(ref); u != "" {
			return u
		}
	}
	sel := ".s-feat img, .s-feat-holder img, .featured-image img, .post-thumbnail img, img.wp-post-image"
	for _, scope := range []*goquery.Selection{p.art, p.doc.Selection} {
		if img := scope.Find(sel).First(); img.Length() > 0 {
			if u := p.absHTTP(imgSrc(img.Nodes[0])); u != "" {
				return u
			}
		}
	}
	return p.absHTTP(p.ld.image)
}

// abs resolves ref against the page's URL; "" when it cannot.
func (p *page) abs(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if p.base != nil {
		u = p.base.ResolveReference(u)
	}
	if !u.IsAbs() {
		return ""
	}
	return u.String()
}

// absHTTP is abs limited to http and https URLs.
func (p *page) absHTTP(ref string) string {
	u := p.abs(ref)
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// postIDOf returns the post id that raw names, or 0.
func postIDOf(raw string) int64 {
	if raw == "" {
		return 0
	}
	id, err := sanafeed.PostID(raw)
	if err != nil {
		return 0
	}
	return id
}

// idOf returns the positive number after prefix in s ("post-123"), or 0.
func idOf(s, prefix string) int64 {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), prefix)
	if !ok || rest == "" || rest[0] == '+' {
		return 0
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
