package replica

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	svgPlaceholder = "data:image/svg+xml,%3Csvg%20xmlns=%27http://www.w3.org/2000/svg%27%20viewBox=%270%200%201024%20683%27%3E%3C/svg%3E"
	gifPlaceholder = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
)

// showTime formats t as the theme shows it, "2026/02/09 4:15 PM" at +03:00
// (Arabic: ص and م for AM and PM).
func showTime(lang string, t time.Time) string {
	s := t.In(syria).Format("2006/01/02 3:04 PM")
	if lang == "ar" {
		s = strings.NewReplacer("AM", "ص", "PM", "م").Replace(s)
	}
	return s
}

// machineTime formats t for meta tags and JSON-LD, in the edition's offset.
func machineTime(ed *edition, t time.Time) string {
	if ed.utcMeta {
		return t.UTC().Format("2006-01-02T15:04:05-07:00")
	}
	return t.In(syria).Format(time.RFC3339)
}

// articlePage renders a's page.
func (s *Site) articlePage(q *req, es *edState, a *article) response {
	ed := es.ed
	link := q.abs(a.path(ed))
	paras := a.paragraphs()
	desc := excerpt(paras, 30, "…")
	f := frame{title: a.title, canonical: link, desc: desc, reading: a.title,
		bodyClass: "post-template-default single single-post postid-" + strconv.FormatInt(a.id, 10) + " single-format-standard"}
	f.head = func(h *hw) {
		h.w(`<meta property="og:type" content="article">`, "\n", `<meta property="og:title" content="`)
		h.e(a.title)
		h.w("\">\n", `<meta property="og:description" content="`)
		h.e(desc)
		h.w("\">\n", `<meta property="og:url" content="`, link, "\">\n")
		if a.image != "" {
			h.w(`<meta property="og:image" content="`, q.abs(a.image), "\">\n",
				`<meta property="og:image:width" content="1024">`, "\n", `<meta property="og:image:height" content="683">`, "\n")
		}
		if a.quirk&qNoArticleMeta == 0 {
			h.w(`<meta property="article:published_time" content="`, machineTime(ed, a.pub), "\">\n",
				`<meta property="article:modified_time" content="`, machineTime(ed, a.mod), "\">\n")
		}
		if !s.opts.PlainMarkup {
			h.w(`<meta property="article:section" content="`)
			h.e(a.cat.name)
			h.w("\">\n")
		}
		h.w(`<meta name="author" content="`, ed.creator, "\">\n", `<meta name="twitter:card" content="summary_large_image">`, "\n",
			`<script type="application/ld+json" class="yoast-schema-graph">`, s.jsonLD(q, es, a, paras), "</script>\n")
	}
	var h hw
	s.begin(&h, q, es, f)
	h.w("<div class=\"single-standard-1 is-sidebar-right\"><div class=\"rb-s-container edge-padding\">\n")
	h.w(`<article id="post-`, strconv.FormatInt(a.id, 10), `" class="`, postClass(a, !s.opts.PlainMarkup), "\">\n<header class=\"single-header\">\n")
	s.breadcrumb(&h, q, es, a)
	if s.opts.PlainMarkup {
		s.catLink(&h, q, ed, a.cat, "", "s-top")
	} else {
		h.w(`<div class="s-cats ecat-bg-4">`)
		s.catLink(&h, q, ed, a.cat, "p-categories", "")
		h.w("</div>")
	}
	h.w("\n<h1 class=\"s-title\">")
	h.e(a.title)
	h.w("</h1>\n<div class=\"single-meta meta-s-default\"><div class=\"smeta-in\"><div class=\"smeta-sec\"><div class=\"p-meta\"><div class=\"meta-inner is-meta\">",
		`<span class="meta-el meta-author"><a href="`, q.abs(ed.root()+"/author/sana/"), `">`, ed.creator, "</a></span>",
		`<span class="meta-el meta-date">`)
	h.e(ed.l.published + " " + showTime(ed.Lang, a.pub))
	h.w("</span></div></div>")
	if a.mod.Sub(a.pub) >= time.Minute {
		h.w(`<div class="smeta-bottom meta-text"><span class="meta-update">`)
		h.e(ed.l.updated + " " + showTime(ed.Lang, a.mod))
		h.w("</span></div>")
	}
	h.w("</div></div></div>\n</header>\n")
	s.featured(&h, q, a)
	h.w("<div class=\"s-ct\"><div class=\"entry-content rbct clearfix is-highlight-shares\">")
	s.content(&h, q, es, a, paras)
	h.w("</div>\n")
	s.articleFoot(&h, q, es, a, link)
	h.w("</div>\n</article>\n")
	s.editorsChoice(&h, q, es, a)
	h.w("</div></div>\n")
	s.end(&h, q, es)
	return htmlResponse(&h, a.mod)
}

// postClass returns the classes WordPress puts on the <article>, with
// its category-{slug} and tag-{slug} classes when terms is set.
func postClass(a *article, terms bool) string {
	id := strconv.FormatInt(a.id, 10)
	c := "post-" + id + " post type-post status-publish format-standard"
	if a.image != "" {
		c += " has-post-thumbnail"
	}
	c += " hentry"
	if !terms {
		return c
	}
	c += " category-" + a.cat.slug
	for _, t := range a.tags {
		c += " tag-" + htmlClassSlug(t)
	}
	return c
}

// breadcrumb writes the trail from the home page through a's categories
// to its title: RankMath's, or with PlainMarkup bare links in a <nav>.
func (s *Site) breadcrumb(h *hw, q *req, es *edState, a *article) {
	ed := es.ed
	open, sep, last, end := "<nav aria-label=\"breadcrumbs\" class=\"breadcrumb-wrap rank-math-breadcrumb\"><p class=\"breadcrumb-inner\">",
		"<span class=\"separator\"> &gt; </span>", `<span class="last">`, "</span></p></nav>\n"
	if s.opts.PlainMarkup {
		open, sep, last, end = "<nav aria-label=\"breadcrumbs\"><p>", " &gt; ", "", "</p></nav>\n"
	}
	h.w(open, "<a href=\"", q.abs(ed.Path), "\">")
	h.e(ed.SiteName + " (SANA)")
	h.w("</a>", sep, "<a href=\"", q.abs(ed.Path), "\">")
	h.e(ed.l.latest)
	h.w("</a>", sep)
	p := a.cat.path
	for i := 0; ; {
		j := strings.IndexByte(p[i:], '/')
		sub := p
		if j >= 0 {
			sub = p[:i+j]
		}
		c := ed.byPath[sub]
		h.w(`<a href="`, q.abs(catPath(ed, c)), `">`)
		h.e(c.name)
		h.w("</a>", sep)
		if j < 0 {
			break
		}
		i += j + 1
	}
	h.w(last)
	h.e(a.title)
	h.w(end)
}

// featured writes the lazy-loaded featured image.
func (s *Site) featured(h *hw, q *req, a *article) {
	if a.image == "" {
		return
	}
	ph := svgPlaceholder
	if a.quirk&qGIFPlaceholder != 0 {
		ph = gifPlaceholder
	}
	full := q.abs(sizedImage(a.image, ""))
	h.w(`<div class="s-feat-outer"><div class="s-feat"><div class="featured-lightbox-trigger" data-source="`, full, `" data-caption="" data-attribution="">`,
		`<img width="1024" height="683" src="`, ph, `" data-src="`, q.abs(a.image),
		`" class="attachment-foxiz_crop_o1 size-foxiz_crop_o1 wp-post-image lazyload" alt="" decoding="async" data-srcset="`,
		q.abs(a.image), ` 1024w, `, q.abs(sizedImage(a.image, "-300x200")), ` 300w, `, q.abs(sizedImage(a.image, "-768x512")), ` 768w" data-sizes="auto">`,
		"</div></div></div>\n")
}

// content writes the body: paragraphs with one tag name linked relatively,
// and an inline related-post block after the second paragraph.
func (s *Site) content(h *hw, q *req, es *edState, a *article, paras []string) {
	after := 1
	if len(paras) < 4 {
		after = 0
	}
	writeParas(h, a, paras, func(t *tag) string { return tagPath(es.ed, t) }, func(i int) {
		if i == after {
			s.inlineRelated(h, q, es, a)
		}
	})
}

// writeParas writes a's paragraphs paras as every theme has them: the
// first tag name found linked to href(tag), the quirks of the post's
// content (a <strong> dateline, an empty paragraph after the first);
// after the i-th paragraph it calls between(i), for the theme's boxes.
func writeParas(h *hw, a *article, paras []string, href func(*tag) string, between func(i int)) {
	linked := false
	for i, p := range paras {
		h.w("<p>")
		switch {
		case i == 0 && a.quirk&qStrongDateline != 0 && strings.HasPrefix(p, a.dateline):
			h.w("<strong>")
			h.e(a.dateline)
			h.w("</strong>")
			h.e(p[len(a.dateline):])
		case i < len(paras)-1 && !linked:
			skip := 0
			if i == 0 && strings.HasPrefix(p, a.dateline) {
				skip = len(a.dateline)
			}
			linked = linkTag(h, a, p, skip, href)
		default:
			h.e(p)
		}
		h.w("</p>")
		if i == 0 && a.quirk&qEmptyPara != 0 {
			h.w("<p>&nbsp;</p>")
		}
		between(i)
	}
}

// linkTag writes p with the first of a's tag names found in it after
// byte skip linked to the tag's page by a relative URL, href(tag), and
// reports whether it linked one.
func linkTag(h *hw, a *article, p string, skip int, href func(*tag) string) bool {
	for _, t := range a.tags {
		if i := strings.Index(p[skip:], t.name); i >= 0 {
			i += skip
			h.e(p[:i])
			h.w(`<a href="`, href(t), `">`)
			h.e(t.name)
			h.w("</a>")
			h.e(p[i+len(t.name):])
			return true
		}
	}
	h.e(p)
	return false
}

// related returns up to n other articles of a's category, newest first,
// made up with the edition's latest when the category has too few.
func related(es *edState, a *article, n int) []*article {
	var out []*article
	for _, list := range [][]*article{es.byCat[a.cat.path], es.arts} {
		for _, b := range list {
			if len(out) == n {
				return out
			}
			if b != a && !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
	}
	return out
}

func (s *Site) inlineRelated(h *hw, q *req, es *edState, a *article) {
	rel := related(es, a, 2)
	if len(rel) == 0 {
		return
	}
	h.w(`<div class="inline-post-wrap block-wrap block-inline-related"><div class="block-inner"><div class="block-h heading-layout-1"><h4 class="heading-title"><span>`)
	h.e(es.ed.l.related)
	h.w("</span></h4></div>")
	for _, b := range rel {
		h.w(`<div class="p-wrap p-list-inline" data-pid="`, strconv.FormatInt(b.id, 10), `"><h5 class="entry-title"><i class="rbi rbi-plus" aria-hidden="true"></i><a class="p-url" href="`, q.abs(b.path(es.ed)), `" rel="bookmark">`)
		h.e(b.title)
		h.w("</a></h5></div>")
	}
	h.w("</div></div>")
}

// articleFoot writes the TAGGED: bar, the share buttons and related links.
func (s *Site) articleFoot(h *hw, q *req, es *edState, a *article, link string) {
	ed := es.ed
	h.w("<div class=\"efoot efoot-commented\"><div class=\"efoot-bar tag-bar\"><span class=\"blabel is-meta\"><i class=\"rbi rbi-tag\" aria-hidden=\"true\"></i>")
	h.e(ed.l.tagged)
	h.w("</span>")
	for _, t := range a.tags {
		h.w(`<a href="`, q.abs(tagPath(ed, t)), `" rel="tag">`)
		h.e(t.name)
		h.w("</a>")
	}
	h.w("</div></div>\n<div class=\"e-shared\"><div class=\"share-header\"><span class=\"share-label\">")
	h.e(ed.l.share)
	h.w("</span></div><div class=\"efoot-shares\">")
	u := url.QueryEscape(link)
	for _, sh := range [][2]string{
		{"Facebook", "https://www.facebook.com/sharer.php?u=" + u},
		{"Whatsapp", "https://api.whatsapp.com/send?text=" + u},
		{"LinkedIn", "https://www.linkedin.com/shareArticle?mini=true&url=" + u},
		{"Telegram", "https://t.me/share/?url=" + u},
	} {
		h.w(`<a class="share-action share-trigger icon-`, strings.ToLower(sh[0]), `" href="`)
		h.e(sh[1])
		h.w(`" rel="nofollow noopener" onclick="window.open(this.href, '`, sh[0], `', 'width=600,height=550'); return false;">`, sh[0], "</a>")
	}
	h.w(`<a class="share-action copy-trigger icon-copy" href="#" data-copied="Copied!" data-link="`, link, `" rel="nofollow">Copy Link</a></div></div>`, "\n")
	if rel := related(es, a, 4); len(rel) > 0 {
		h.w("<div class=\"sfooter-sec single-related\"><div class=\"block-h\"><h3 class=\"heading-title\">")
		h.e(ed.l.related)
		h.w("</h3></div><ul class=\"related-list\">")
		for _, b := range rel {
			h.w(`<li><a href="`, q.abs(b.path(ed)), `">`)
			h.e(b.title)
			h.w("</a></li>")
		}
		h.w("</ul></div>\n")
	}
}

func (s *Site) editorsChoice(h *hw, q *req, es *edState, a *article) {
	h.w("<aside class=\"sidebar-wrap\"><div class=\"block-wrap editors-choice\"><div class=\"block-h\"><h2 class=\"heading-title\">")
	h.e(es.ed.l.editors)
	h.w("</h2></div>")
	n := 0
	for _, b := range es.arts {
		if b == a {
			continue
		}
		h.w(`<div class="p-wrap p-list p-list-small"><h5 class="entry-title"><a class="p-url" href="`, q.abs(b.path(es.ed)), `">`)
		h.e(b.title)
		h.w(`</a></h5><span class="meta-el meta-date">`, b.pub.In(syria).Format("January 2, 2006"), "</span></div>")
		if n++; n == 4 {
			break
		}
	}
	h.w("</div></aside>\n")
}

// jsonLD returns the page's JSON-LD: a Yoast-style @graph, or on editions
// with flatLD one NewsArticle object.
func (s *Site) jsonLD(q *req, es *edState, a *article, paras []string) string {
	ed := es.ed
	link := q.abs(a.path(ed))
	var keywords []string
	for _, t := range a.tags {
		keywords = append(keywords, t.name)
	}
	words := len(strings.Fields(strings.Join(paras, " ")))
	var v any
	if ed.flatLD {
		art := map[string]any{"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
			"datePublished": machineTime(ed, a.pub), "dateModified": machineTime(ed, a.mod),
			"author":           map[string]any{"@type": "Organization", "name": ed.creator},
			"publisher":        map[string]any{"@type": "Organization", "name": ed.SiteName},
			"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": link},
			"inLanguage":       ed.htmlLang, "articleSection": a.cat.name, "keywords": strings.Join(keywords, ", "), "wordCount": words}
		if s.opts.PlainMarkup {
			delete(art, "articleSection")
		}
		if a.image != "" {
			art["image"] = []string{q.abs(a.image)}
		}
		v = art
	} else {
		site := q.abs(ed.Path)
		art := map[string]any{"@type": "NewsArticle", "@id": link + "#article", "isPartOf": map[string]any{"@id": link},
			"author":   map[string]any{"name": ed.creator, "@id": site + "#/schema/person/sana"},
			"headline": a.title, "datePublished": machineTime(ed, a.pub), "dateModified": machineTime(ed, a.mod),
			"mainEntityOfPage": map[string]any{"@id": link}, "wordCount": words,
			"publisher": map[string]any{"@id": site + "#organization"}, "keywords": keywords,
			"articleSection": []string{a.cat.name}, "inLanguage": ed.htmlLang}
		if s.opts.PlainMarkup {
			delete(art, "articleSection")
		}
		page := map[string]any{"@type": "WebPage", "@id": link, "url": link, "name": a.title + " - " + ed.SiteName,
			"isPartOf": map[string]any{"@id": site + "#website"}, "datePublished": machineTime(ed, a.pub),
			"dateModified": machineTime(ed, a.mod), "inLanguage": ed.htmlLang}
		graph := []any{art, page}
		if a.image != "" {
			art["image"] = map[string]any{"@id": link + "#primaryimage"}
			art["thumbnailUrl"] = q.abs(a.image)
			graph = append(graph, map[string]any{"@type": "ImageObject", "@id": link + "#primaryimage",
				"url": q.abs(a.image), "contentUrl": q.abs(a.image), "width": 1024, "height": 683})
		}
		graph = append(graph, map[string]any{"@type": "Organization", "@id": site + "#organization", "name": ed.SiteName, "url": site})
		v = map[string]any{"@context": "https://schema.org", "@graph": graph}
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("replica: json-ld: " + err.Error())
	}
	return string(b)
}
