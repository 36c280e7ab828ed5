package extract

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/sanafeed/sanafeed"
)

// Page extracts one article page with the built-in rules for sana.sy
// (sanafeed.DefaultRules); see (*Rules).Page.
func Page(body []byte, pageURL, lang string) (sanafeed.Article, error) {
	return Default("/").Page(body, pageURL, lang)
}

// Page extracts one article page with the rules r, falling back, field by
// field, to what standards and WordPress guarantee when a rule finds
// nothing, and for the body to readability.
//
// pageURL is the URL the page was fetched from; relative links are resolved
// against it. lang is the edition the page belongs to ("" takes <html lang>).
// The returned Article has From = sanafeed.FromPage and:
//
//   - PostID from page.id (the value's last run of digits), else the body
//     class postid-ID, the canonical link, og:url, pageURL (the article
//     pattern's id group, or WordPress's ?p=ID);
//   - URL: the canonical link when it names the same post (or, on a
//     theme whose permalinks hold no id, when the page names its post
//     elsewhere), else pageURL, both through sanafeed.CanonicalURL;
//   - Title: page.title, else og:title, twitter:title, JSON-LD headline,
//     <title> (each without a trailing " - site name"), the page's only h1;
//   - Content: the first element page.body finds in the article (else the
//     page's with the most text), else what go-readability finds; cut at
//     page.cut, without page.remove, and cleaned of what is never article
//     text (scripts, forms, share buttons, related posts, ads by their
//     class or id, the site's "Reading:" and cookie texts), page.strip
//     removed from its text, then sanitised (see Sanitize);
//     Summary: its first ~300 runes as plain text, without the dateline;
//   - Dateline: the opening "DAMASCUS, Feb. 9 (SANA) –", "Damas – SANA /",
//     "Halep, SANA –" or "دمشق-سانا" of the first paragraph;
//   - Author: page.author, else JSON-LD author;
//   - Image: page.image, else og:image:url, twitter:image, JSON-LD image;
//   - Tags: the links page.tags finds, each slug from the href's
//     /tag/{slug}/ percent-decoded, else its last segment; without any,
//     the <article>'s tag-{slug} classes;
//   - Categories: the links page.categories finds (slug: the href's last
//     segment), and the <article>'s category-{slug} classes, named from
//     those links when they name them;
//   - Published and Modified: page.published and page.modified, else the
//     article: meta, JSON-LD datePublished and dateModified, the article
//     header's <time datetime>. Only when none of these exists is the
//     visible "Published: 2026/02/09 4:15 PM" / "Updated: …" text read
//     (any edition's words, Eastern Arabic digits too), as a last resort,
//     in +03:00 (Syria's offset, a guess). Times without an offset are
//     read in +03:00 too.
//
// The title, the author and the tags' and categories' names carry no bidi
// embedding, override or isolate controls (sanafeed.StripBidi); there are
// at most sanafeed.MaxTags tags, and as many categories.
//
// It returns an error wrapping ErrNotArticle when the page is not a single
// article (a listing, a 404 page) or names no post or has no title.
func (r *Rules) Page(body []byte, pageURL, lang string) (sanafeed.Article, error) {
	a, _, err := r.explain(body, pageURL, lang)
	return a, err
}

// A Trace tells which rule gave each field of an extracted article, in
// the order the fields were read.
type Trace []Step

// A Step is one field of an extraction and the rule that gave it.
type Step struct {
	Field string // "id", "title", "body", …, as the page rules name them
	Rule  string // a selector as written, or "fallback: …" (a standard place, readability); "" when nothing gave it
	// Fallback reports that the rules found nothing and a built-in
	// fallback gave the value.
	Fallback bool
	// Guess reports that the fallback guessed (readability, <title>,
	// the only <h1>, the visible date) rather than read a standard place,
	// or that nothing gave the value.
	Guess bool
}

// Explain extracts the page as Page does and tells which rule gave
// each field.
func (r *Rules) Explain(body []byte, pageURL, lang string) (sanafeed.Article, Trace, error) {
	return r.explain(body, pageURL, lang)
}

func (r *Rules) explain(body []byte, pageURL, lang string) (sanafeed.Article, Trace, error) {
	doc, err := parseDoc(body)
	if err != nil {
		return sanafeed.Article{}, nil, fmt.Errorf("extract: parse %s: %w", pageURL, err)
	}
	p := newPage(doc, pageURL)
	p.r = r
	if !p.isSingle() {
		return sanafeed.Article{}, p.trace, notArticle("no single article")
	}
	a := sanafeed.Article{Lang: lang, From: sanafeed.FromPage}
	if a.Lang == "" {
		a.Lang = p.htmlLang()
	}
	if a.PostID = p.postID(); a.PostID == 0 {
		return sanafeed.Article{}, p.trace, notArticle("no post id")
	}
	a.URL = p.canonical(a.PostID)
	if a.Title = label(p.title()); a.Title == "" {
		return sanafeed.Article{}, p.trace, notArticle("no title")
	}
	if b := p.body(); b != nil {
		a.Content = strings.TrimSpace(Sanitize(b.html(), pageURL))
		a.Dateline, a.Summary = b.datelineSummary()
	}
	a.Author = label(p.author())
	a.Image = p.image()
	a.Tags = p.tags()
	a.Categories = p.categories()
	a.Published, a.Modified = p.times()
	return a, p.trace, nil
}

func notArticle(reason string) error {
	return fmt.Errorf("%w (%s)", ErrNotArticle, reason)
}

// A page is one parsed HTML page with what its extractors share.
type page struct {
	r     *Rules
	trace Trace // which rule gave each field
	doc   *goquery.Document
	base  *url.URL           // pageURL parsed; nil when it is not absolute
	art   *goquery.Selection // the <article>, else the body
	meta  map[string]string  // <meta> content by lower-cased property, name or itemprop; first wins
	ld    ldData             // what JSON-LD says
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
	for _, s := range p.r.body {
		if p.doc.FindMatcher(s.sel).Length() == 1 {
			return true
		}
	}
	if sl := p.linkHref("shortlink"); sl != "" && postIDOf(sl) > 0 {
		return true // WordPress writes a ?p= shortlink on single posts only
	}
	// Unknown markup: a page at a post's URL is taken for an article.
	return p.base != nil && p.urlID(p.base.String()) > 0
}

func (p *page) htmlLang() string {
	l := strings.TrimSpace(p.doc.Find("html").AttrOr("lang", ""))
	l, _, _ = strings.Cut(l, "-")
	l, _, _ = strings.Cut(l, "_")
	return strings.ToLower(l)
}

// postID returns the post id the page names, or 0: page.id, else the
// places WordPress itself puts it.
func (p *page) postID() int64 {
	for _, sl := range p.r.id {
		for _, n := range p.doc.FindMatcher(sl.sel).Nodes {
			if id := lastNumber(sl.value(n)); id > 0 {
				p.note("id", sl.text, false)
				return id
			}
		}
	}
	for c := range classSet(p.doc.Find("body").AttrOr("class", "")) {
		if id := idOf(c, "postid-"); id > 0 {
			p.note("id", "fallback: body class postid-ID", true)
			return id
		}
	}
	for _, ref := range []struct{ name, url string }{
		{"canonical link", p.linkHref("canonical")}, {"shortlink", p.linkHref("shortlink")}, {"og:url", p.abs(p.meta["og:url"])},
	} {
		if id := p.urlID(ref.url); id > 0 {
			p.note("id", "fallback: "+ref.name, true)
			return id
		}
	}
	if p.base != nil {
		if id := p.urlID(p.base.String()); id > 0 {
			p.note("id", "fallback: the page's URL", true)
			return id
		}
	}
	p.note("id", "", true)
	return 0
}

// urlID returns the post id the URL u names, by the article pattern or
// WordPress's ?p=ID, or 0.
func (p *page) urlID(u string) int64 {
	if u == "" {
		return 0
	}
	if id := postIDOf(u); id > 0 && strings.Contains(u, "p=") {
		return id
	}
	id, _ := p.r.pathID(u)
	return id
}

// note records which rule gave field.
func (p *page) note(field, rule string, fallback bool) {
	p.trace = append(p.trace, Step{Field: field, Rule: rule, Fallback: fallback, Guess: fallback && rule == ""})
}

// guessed records that a fallback that guesses gave field (see Step.Guess).
func (p *page) guessed(field, rule string) {
	p.trace = append(p.trace, Step{Field: field, Rule: rule, Fallback: true, Guess: true})
}

// canonical returns the canonical URL of post id: the canonical link or
// og:url when it names that post, else the page's own URL.
func (p *page) canonical(id int64) string {
	for _, ref := range []string{p.linkHref("canonical"), p.abs(p.meta["og:url"])} {
		if ref == "" {
			continue
		}
		if rid := p.urlID(ref); rid == id || rid == 0 && p.isPermalink(ref) {
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

// isPermalink reports whether ref, on the page's own host, is shaped as
// the article pattern says permalinks are, though it holds no id (a
// theme whose permalinks are /2026/02/09/slug/).
func (p *page) isPermalink(ref string) bool {
	u, err := url.Parse(ref)
	if err != nil || p.base == nil || !strings.EqualFold(u.Host, p.base.Host) {
		return false
	}
	_, ok := p.r.pathID(ref)
	return ok
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
	if t, rule := first(p.r.title, p.art, p.doc.Selection); t != "" {
		p.note("title", rule, false)
		return t
	}
	for _, f := range []struct {
		name, t string
		guess   bool
	}{
		{"og:title", p.meta["og:title"], false}, {"twitter:title", p.meta["twitter:title"], false},
		{"JSON-LD headline", p.ld.headline, false}, {"<title>", text(p.doc.Find("title").First()), true},
	} {
		if t := stripSiteSuffix(sanafeed.CollapseSpace(f.t)); t != "" {
			p.trace = append(p.trace, Step{Field: "title", Rule: "fallback: " + f.name, Fallback: true, Guess: f.guess})
			return t
		}
	}
	if h := p.doc.Find("h1"); h.Length() == 1 {
		p.guessed("title", "fallback: the page's only <h1>")
		return text(h)
	}
	p.note("title", "", true)
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
	if a, rule := first(p.r.author, p.art, p.doc.Selection); a != "" {
		p.note("author", rule, false)
		return strings.TrimSpace(strings.TrimPrefix(sanafeed.CollapseSpace(a), "By "))
	}
	if p.ld.author != "" {
		p.note("author", "fallback: JSON-LD author", true)
		return p.ld.author
	}
	p.note("author", "", true)
	return ""
}

// image returns the featured image's absolute URL: page.image, else
// og:image:url, og:image:secure_url, twitter:image, JSON-LD image.
func (p *page) image() string {
	for _, sl := range p.r.image {
		for _, scope := range []*goquery.Selection{p.art, p.doc.Selection} {
			for _, n := range scope.FindMatcher(sl.sel).Nodes {
				if u := p.absHTTP(sl.value(n)); u != "" {
					p.note("image", sl.text, false)
					return u
				}
			}
		}
	}
	for _, f := range []struct{ name, ref string }{
		{"og:image:url", p.meta["og:image:url"]}, {"og:image:secure_url", p.meta["og:image:secure_url"]},
		{"twitter:image", p.meta["twitter:image"]}, {"JSON-LD image", p.ld.image},
	} {
		if u := p.absHTTP(f.ref); u != "" {
			p.note("image", "fallback: "+f.name, true)
			return u
		}
	}
	p.note("image", "", true)
	return ""
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

// absHTTP is abs limited to http and https URLs (sanafeed.HTTPURL, the
// rule feed items' images follow too).
func (p *page) absHTTP(ref string) string {
	return sanafeed.HTTPURL(p.abs(ref))
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
