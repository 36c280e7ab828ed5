package replica

import (
	"net/http"
	"strconv"
	"time"

	"github.com/sanafeed/sanafeed"
)

// This file renders the pages of the second theme (Options.SecondTheme):
// a redesign that shares nothing of Foxiz's markup and names its boxes so
// that no generic boilerplate heuristic catches them.

// A page2 describes the head of a second-theme page.
type page2 struct {
	title     string // before " | {site name}"; "" for the site name alone
	canonical string // absolute
	shortlink string // absolute ?p=ID URL; "" for none
	desc      string
	bodyClass string
}

// sectionPath returns the path of a category listing under the second
// theme: {edition}section/{own slug}/.
func sectionPath(ed *edition, c *category) string { return ed.root() + "/section/" + c.slug + "/" }

// topicPath returns the path of a tag listing under the second theme,
// the slug percent-encoded as under the first.
func topicPath(ed *edition, t *tag) string { return ed.root() + "/topic/" + encodeSlug(t.slug) + "/" }

// hasFeeds reports whether the edition serves feeds: all do but the
// Kurdish one under the second theme.
func (s *Site) hasFeeds(es *edState) bool { return !s.opts.SecondTheme || es.ed.Lang != "ku" }

// begin2 writes the document head and the masthead.
func (s *Site) begin2(h *hw, q *req, es *edState, p page2) {
	ed := es.ed
	h.w("<!DOCTYPE html>\n<html lang=\"", ed.htmlLang, "\" dir=\"", ed.Dir, "\">\n<head>\n<meta charset=\"UTF-8\">\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.title != "" {
		h.e(p.title)
		h.w(" | ")
	}
	h.e(ed.SiteName)
	h.w("</title>\n")
	if p.desc != "" {
		h.w(`<meta name="description" content="`)
		h.e(p.desc)
		h.w("\">\n")
	}
	h.w(`<link rel="canonical" href="`, p.canonical, "\">\n")
	if p.shortlink != "" {
		h.w(`<link rel="shortlink" href="`, p.shortlink, "\">\n")
	}
	if s.hasFeeds(es) {
		h.w(`<link rel="alternate" type="application/rss+xml" title="`)
		h.e(ed.SiteName)
		h.w(` &raquo; Feed" href="`, q.abs(ed.root()+"/feed/"), "\">\n")
	}
	h.w(`<link rel="stylesheet" id="newsline-css" href="`, q.abs("/wp-content/themes/newsline/style.css?ver=1.4.2"), "\" media=\"all\">\n",
		"</head>\n<body class=\"", p.bodyClass, " ", ed.Dir, "\">\n<header class=\"masthead\">\n<h1 class=\"brand\"><a href=\"", q.abs(ed.Path), "\">")
	h.e(ed.SiteName)
	h.w("</a></h1>\n<nav class=\"topnav\">")
	for _, c := range ed.cats {
		h.w(`<a href="`, q.abs(sectionPath(ed, c)), `">`)
		h.e(c.name)
		h.w("</a>")
	}
	h.w("</nav>\n<nav class=\"editions\">")
	for _, e := range sanafeed.Editions {
		if e.Lang != ed.Lang {
			h.w(`<a href="`, q.abs(e.Path), `" hreflang="`, e.Lang, `">`)
			h.e(e.Name)
			h.w("</a>")
		}
	}
	h.w("</nav>\n</header>\n")
}

// end2 writes the footer, with links to more stories when there are any.
func (s *Site) end2(h *hw, q *req, es *edState, more []*article) {
	h.w("<footer class=\"site-foot\">\n")
	if len(more) > 0 {
		h.w("<ul class=\"more-stories\">")
		for _, b := range more {
			h.w(`<li><a href="`, q.abs(b.slugPath(es.ed)), `">`)
			h.e(b.title)
			h.w("</a></li>")
		}
		h.w("</ul>\n")
	}
	h.w("<p class=\"legal\">")
	h.e(es.ed.l.rights)
	h.w("</p>\n</footer>\n</body>\n</html>\n")
}

// storyPage renders a's page under the second theme.
func (s *Site) storyPage(q *req, es *edState, a *article) response {
	ed := es.ed
	paras := a.paragraphs()
	var h hw
	s.begin2(&h, q, es, page2{title: a.title, canonical: q.abs(a.slugPath(ed)),
		shortlink: q.base + ed.Path + "?p=" + strconv.FormatInt(a.id, 10), desc: excerpt(paras, 30, "…"), bodyClass: "story-page"})
	h.w("<main class=\"story\">\n<div class=\"story-head\"><span class=\"story-section\"><a href=\"", q.abs(sectionPath(ed, a.cat)), "\">")
	h.e(a.cat.name)
	h.w("</a></span>\n<h2 class=\"story-headline\">")
	h.e(a.title)
	h.w("</h2>\n<span class=\"story-date\" data-published=\"", a.pub.In(syria).Format(time.RFC3339),
		"\" data-modified=\"", a.mod.In(syria).Format(time.RFC3339), "\">")
	h.e(ed.l.published + " " + showTime(ed.Lang, a.pub))
	if a.mod.Sub(a.pub) >= time.Minute {
		h.e(" · " + ed.l.updated + " " + showTime(ed.Lang, a.mod))
	}
	h.w("</span></div>\n")
	if a.image != "" {
		h.w(`<figure class="story-lead"><img src="`, q.abs(a.image), "\" alt=\"\"></figure>\n")
	}
	h.w("<section class=\"story-text\">")
	s.storyText(&h, es, a, paras)
	h.w("</section>\n")
	if len(a.tags) > 0 {
		h.w("<ul class=\"story-topics\">")
		for _, t := range a.tags {
			h.w(`<li><a href="`, q.abs(topicPath(ed, t)), `">`)
			h.e(t.name)
			h.w("</a></li>")
		}
		h.w("</ul>\n")
	}
	h.w("</main>\n")
	s.end2(&h, q, es, related(es, a, 4))
	return htmlResponse(&h, a.mod)
}

// storyText writes the body: the post's paragraphs as the first theme
// has them (a tag name linked, the quirks of the post's content), with
// the live-TV box between two paragraphs and the app box after the last.
func (s *Site) storyText(h *hw, es *edState, a *article, paras []string) {
	box := max(0, len(paras)/2-1)
	writeParas(h, a, paras, func(t *tag) string { return topicPath(es.ed, t) }, func(i int) {
		if i == box && i < len(paras)-1 {
			h.w("<div class=\"xbox-live\"><p>", liveBoxText, "</p></div>")
		}
	})
	h.w("<div class=\"xbox-app\"><p>", appBoxText, "</p></div>")
}

// listing2 renders page n of arts (newest first), the listing at base
// titled title ("" for the home page), per articles a page. Pages past
// the last, and on editions that stop paging past ed.maxPages, answer
// 404.
func (s *Site) listing2(q *req, es *edState, base, title string, arts []*article, n, per int) response {
	ed := es.ed
	pages := max(1, (len(arts)+per-1)/per)
	if n > pages || (ed.maxPages > 0 && n > ed.maxPages) {
		return s.notFound2(q, es)
	}
	last := pages
	if ed.maxPages > 0 {
		last = min(last, ed.maxPages)
	}
	canonical := base
	if n > 1 {
		canonical += "page/" + strconv.Itoa(n) + "/"
	}
	var h hw
	s.begin2(&h, q, es, page2{title: title, canonical: q.abs(canonical), bodyClass: "stream-page"})
	h.w("<main class=\"stream\">\n")
	if title != "" {
		h.w("<h2 class=\"stream-title\">")
		h.e(title)
		h.w("</h2>\n")
	}
	items := arts[min((n-1)*per, len(arts)):min(n*per, len(arts))]
	if len(items) == 0 {
		h.w("<p class=\"stream-empty\">")
		h.e(ed.l.noPosts)
		h.w("</p>\n")
	}
	var lastMod time.Time
	for _, a := range items {
		h.w(`<div class="card"><a class="card-link" href="`, q.abs(a.slugPath(ed)), `">`)
		h.e(a.title)
		h.w(`</a> <span class="card-when" data-when="`, a.pub.In(syria).Format(time.RFC3339), `">`, showTime(ed.Lang, a.pub), "</span></div>\n")
		lastMod = later(lastMod, a.mod)
	}
	if n < last && !s.opts.NoNextLink {
		h.w(`<a class="older" href="`, q.abs(base+"page/"+strconv.Itoa(n+1)+"/"), "\">Older posts</a>\n")
	}
	h.w("</main>\n")
	s.end2(&h, q, es, nil)
	if lastMod.IsZero() {
		lastMod = s.start
	}
	return htmlResponse(&h, lastMod)
}

// notFound2 renders the edition's 404 page under the second theme.
func (s *Site) notFound2(q *req, es *edState) response {
	var h hw
	s.begin2(&h, q, es, page2{title: "404", canonical: q.abs(q.r.URL.Path), bodyClass: "missing-page"})
	h.w("<main class=\"stream\">\n<h2 class=\"stream-title\">404</h2>\n<p>")
	h.e(es.ed.l.notFound)
	h.w("</p>\n</main>\n")
	s.end2(&h, q, es, nil)
	return response{status: http.StatusNotFound, ctype: "text/html; charset=UTF-8", body: []byte(h.String())}
}
