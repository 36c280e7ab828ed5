package replica

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// An hw builds an HTML document.
type hw struct{ strings.Builder }

// w writes raw markup.
func (h *hw) w(ss ...string) {
	for _, s := range ss {
		h.WriteString(s)
	}
}

// e writes escaped text.
func (h *hw) e(s string) { h.WriteString(html.EscapeString(s)) }

// frame describes the parts of a page around its main content.
type frame struct {
	title     string // <title>, before the site name
	canonical string // absolute
	bodyClass string
	desc      string
	prev      string // absolute rel=prev; "" for none
	next      string // absolute rel=next
	reading   string // article title for the "Reading:" sticky header
	head      func(h *hw)
}

const (
	feedSize    = 10 // items in a feed
	homeSize    = 12 // articles on a home page
	archiveSize = 10 // articles on a category or tag page
)

// htmlResponse returns a 200 HTML page with validators.
func htmlResponse(h *hw, lastMod time.Time) response {
	return response{status: http.StatusOK, ctype: "text/html; charset=UTF-8", body: []byte(h.String()), lastMod: lastMod}
}

// begin writes the document head and the site header.
func (s *Site) begin(h *hw, q *req, es *edState, f frame) {
	ed := es.ed
	h.w("<!DOCTYPE html>\n<html lang=\"", ed.htmlLang, "\" dir=\"", ed.Dir, "\">\n<head>\n<meta charset=\"UTF-8\">\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if f.title != "" {
		h.e(f.title)
		h.w(" - ")
	}
	h.e(ed.SiteName)
	h.w("</title>\n<meta name=\"robots\" content=\"index, follow, max-image-preview:large, max-snippet:-1\">\n")
	if f.desc != "" {
		h.w(`<meta name="description" content="`)
		h.e(f.desc)
		h.w("\">\n")
	}
	h.w(`<link rel="canonical" href="`, f.canonical, "\">\n")
	if f.prev != "" {
		h.w(`<link rel="prev" href="`, f.prev, "\">\n")
	}
	if f.next != "" {
		h.w(`<link rel="next" href="`, f.next, "\">\n")
	}
	h.w(`<meta property="og:locale" content="`, ed.locale, "\">\n", `<meta property="og:site_name" content="`)
	h.e(ed.SiteName)
	h.w("\">\n")
	if f.head != nil {
		f.head(h)
	}
	h.w(`<link rel="alternate" type="application/rss+xml" title="`)
	h.e(ed.SiteName)
	h.w(` &raquo; Feed" href="`, q.abs(ed.root()+"/feed/"), "\">\n",
		`<link rel="stylesheet" id="foxiz-main-css" href="`, q.abs("/wp-content/themes/foxiz/assets/css/main.css?ver=2.6.9"), "\" media=\"all\">\n",
		"<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-SANA000000');</script>\n",
		"</head>\n<body class=\"", f.bodyClass, " wp-theme-foxiz ", ed.Dir, "\" data-theme=\"default\">\n<div class=\"site-outer\">\n")
	s.cookieBar(h, q, es)
	h.w("<div class=\"site-wrap\">\n<header id=\"site-header\" class=\"header-wrap rb-section header-set-1 header-1 header-wrapper style-shadow\">\n",
		"<div class=\"navbar-outer\"><div class=\"navbar-wrap\"><div class=\"navbar-inner edge-padding\">\n<div class=\"navbar-left\">",
		`<div class="logo-wrap is-image-logo site-branding"><a href="`, q.abs(ed.Path), `" class="logo" title="`)
	h.e(ed.SiteName)
	h.w(`"><img class="logo-default" height="60" width="200" src="`, q.abs("/wp-content/uploads/2025/08/sana-logo.png"), `" alt="`)
	h.e(ed.SiteName)
	h.w("\"></a></div>\n")
	s.menu(h, q, es, "site-navigation", "main-menu")
	h.w("</div>\n<div class=\"navbar-right\"><ul class=\"lang-switcher rb-menu\">")
	for _, e := range sanafeed.Editions {
		if e.Lang != ed.Lang {
			h.w(`<li class="menu-item lang-item lang-item-`, e.Lang, `"><a href="`, q.abs(e.Path), `" hreflang="`, e.Lang, `">`, strings.ToUpper(e.Lang), "</a></li>")
		}
	}
	h.w("</ul>\n<div class=\"wnav-holder w-header-search header-dropdown-outer\"><a href=\"#\" data-title=\"")
	h.e(ed.l.search)
	h.w("\" class=\"icon-holder header-element search-btn\" aria-label=\"search\"><i class=\"rbi rbi-search\" aria-hidden=\"true\"></i></a></div>\n</div>\n</div></div></div>\n")
	if f.reading != "" {
		h.w("<div id=\"sticky-holder\" class=\"sticky-holder\"><div class=\"navbar-wrap\"><div class=\"s-title-sticky\"><div class=\"s-title-sticky-left\"><span class=\"sticky-title-label\">")
		h.e(ed.l.reading)
		h.w("</span><span class=\"h4 sticky-title\">")
		h.e(f.reading)
		h.w("</span></div></div></div></div>\n")
	}
	s.mobileMenu(h, q, es)
	h.w("</header>\n")
	s.ticker(h, q, es)
	h.w("<main id=\"site-content\" class=\"site-content\">\n")
}

func (s *Site) cookieBar(h *hw, q *req, es *edState) {
	l := es.ed.l
	root := es.ed.root()
	h.w("<div id=\"rb-privacy\" class=\"privacy-bar privacy-left\"><div class=\"privacy-inner\"><div class=\"privacy-content\">")
	h.w(fmt.Sprintf(html.EscapeString(l.cookie),
		`<a href="`+q.abs(root+"/privacy-policy/")+`">`+html.EscapeString(l.privacy)+"</a>",
		`<a href="`+q.abs(root+"/terms-of-use/")+`">`+html.EscapeString(l.terms)+"</a>"))
	h.w("</div><div class=\"privacy-dismiss\"><a id=\"privacy-trigger\" href=\"#\" class=\"privacy-dismiss-btn is-btn\"><span>")
	h.e(l.accept)
	h.w("</span></a></div></div></div>\n")
}

// menu writes the category menu, subcategories nested under their parent.
func (s *Site) menu(h *hw, q *req, es *edState, id, class string) {
	ed := es.ed
	h.w(`<nav id="`, id, `" class="main-menu-wrap" aria-label="main menu"><ul class="`, class, " rb-menu large-menu\">",
		`<li class="menu-item"><a href="`, q.abs(ed.Path), `"><span>`)
	h.e(ed.l.latest)
	h.w("</span></a></li>")
	for i, c := range ed.cats {
		if strings.Contains(c.path, "/") {
			continue
		}
		class := "menu-item menu-item-type-taxonomy menu-item-object-category menu-item-" + strconv.Itoa(c.term)
		if s.opts.PlainMarkup {
			class = "menu-item"
		}
		h.w(`<li class="`, class, `"><a href="`, q.abs(catPath(ed, c)), `"><span>`)
		h.e(c.name)
		h.w("</span></a>")
		sub := false
		for _, d := range ed.cats[i+1:] {
			if strings.HasPrefix(d.path, c.path+"/") {
				if !sub {
					h.w(`<ul class="sub-menu">`)
					sub = true
				}
				h.w(`<li class="menu-item"><a href="`, q.abs(catPath(ed, d)), `"><span>`)
				h.e(d.name)
				h.w("</span></a></li>")
			}
		}
		if sub {
			h.w("</ul>")
		}
		h.w("</li>")
	}
	h.w("</ul></nav>\n")
}

func (s *Site) mobileMenu(h *hw, q *req, es *edState) {
	ed := es.ed
	h.w("<div id=\"header-mobile\" class=\"header-mobile\"><div class=\"mobile-collapse\"><div class=\"collapse-inner\">\n")
	s.menu(h, q, es, "mobile-navigation", "mobile-menu")
	h.w(`<ul class="mobile-lang-menu"><li class="menu-item menu-item-has-children"><a href="#"><span>`)
	h.e(ed.l.languages)
	h.w(`</span></a><ul class="sub-menu">`)
	for _, e := range sanafeed.Editions {
		if e.Lang != ed.Lang {
			h.w(`<li class="menu-item"><a href="`, q.abs(e.Path), `" lang="`, e.Lang, `">`)
			h.e(e.Name)
			h.w("</a></li>")
		}
	}
	h.w("</ul></li></ul>\n<div class=\"mobile-social\"><span class=\"follow-label\">")
	h.e(ed.l.follow)
	h.w("</span><a class=\"social-link-facebook\" href=\"https://www.facebook.com/SANAnews\" rel=\"nofollow noopener\" target=\"_blank\">Facebook</a><a class=\"social-link-telegram\" href=\"https://t.me/SANAnews\" rel=\"nofollow noopener\" target=\"_blank\">Telegram</a></div>\n</div></div></div>\n")
}

// ticker writes the "Urgent:" breaking-news bar with the latest titles.
func (s *Site) ticker(h *hw, q *req, es *edState) {
	h.w("<div class=\"breaking-news-wrap rb-section\"><div class=\"breaking-news edge-padding\"><span class=\"breaking-news-heading\">")
	h.e(es.ed.l.urgent)
	h.w("</span><div class=\"breaking-news-slider\">")
	for _, a := range latest(es.arts, 3) {
		h.w(`<div class="breaking-news-item"><a class="p-url" href="`, q.abs(a.path(es.ed)), `" rel="bookmark">`)
		h.e(a.title)
		h.w("</a></div>")
	}
	h.w("</div></div></div>\n")
}

// end writes the footer, the sign-in popup and the scripts.
func (s *Site) end(h *hw, q *req, es *edState) {
	ed := es.ed
	h.w("</main>\n<footer class=\"footer-wrap rb-section\"><div class=\"footer-inner edge-padding\">\n<div class=\"footer-about\"><h4 class=\"footer-title\">")
	h.e(ed.SiteName)
	h.w("</h4><p>")
	h.e(ed.l.about)
	h.w("</p></div>\n<ul class=\"footer-menu\">")
	for _, c := range ed.cats {
		h.w(`<li class="menu-item"><a href="`, q.abs(catPath(ed, c)), `">`)
		h.e(c.name)
		h.w("</a></li>")
	}
	h.w("</ul>\n<div class=\"footer-copyright\"><p>")
	h.e(ed.l.rights)
	h.w("</p></div>\n</div></footer>\n</div>\n</div>\n")
	h.w("<div id=\"rb-user-popup-form\" class=\"rb-user-popup-form mfp-animation mfp-hide\"><div class=\"user-popup-header\"><h4>")
	h.e(ed.l.welcome)
	h.w("</h4><p>")
	h.e(ed.l.signIn)
	h.w("</p></div><form name=\"loginform\" id=\"loginform\" action=\"", q.abs("/wp-login.php"), "\" method=\"post\"><p class=\"login-username\"><label for=\"user_login\">")
	h.e(ed.l.user)
	h.w("</label><input type=\"text\" name=\"log\" id=\"user_login\" autocomplete=\"username\" class=\"input\" size=\"20\"></p><p class=\"login-password\"><label for=\"user_pass\">")
	h.e(ed.l.password)
	h.w("</label><input type=\"password\" name=\"pwd\" id=\"user_pass\" autocomplete=\"current-password\" class=\"input\" size=\"20\"></p><p class=\"login-submit\"><input type=\"submit\" name=\"wp-submit\" id=\"wp-submit\" class=\"button button-primary\" value=\"Log In\"></p></form><a class=\"lost-password\" href=\"",
		q.abs("/wp-login.php?action=lostpassword"), "\">")
	h.e(ed.l.lost)
	h.w("</a></div>\n",
		"<script id=\"foxiz-core-js-extra\">\nvar foxizCoreParams = {\"ajaxurl\":\"", q.base, "\\/wp-admin\\/admin-ajax.php\",\"darkModeID\":\"RubyDarkMode\",\"cookieDomain\":\"\",\"cookiePath\":\"\\/\"};\n</script>\n",
		"<script src=\"", q.abs("/wp-content/themes/foxiz/assets/js/global.js?ver=2.6.9"), "\" id=\"foxiz-global-js\"></script>\n",
		"<script>document.getElementById('privacy-trigger')&&document.getElementById('privacy-trigger').addEventListener('click',function(e){e.preventDefault();document.cookie='RubyPrivacyAllowed=1;path=/';});</script>\n",
		"<noscript><img height=\"1\" width=\"1\" style=\"display:none\" alt=\"\" src=\"https://www.facebook.com/tr?id=000000000000000&amp;ev=PageView&amp;noscript=1\"></noscript>\n",
		"<img class=\"stats-pixel\" width=\"1\" height=\"1\" alt=\"\" style=\"position:absolute;left:-9999px\" src=\"https://stats.sana.sy/hit.gif?u=", url.QueryEscape(q.abs(q.r.URL.Path)), "\">\n",
		"</body>\n</html>\n")
}

// A listingKind says what a listing page lists.
type listingKind int

const (
	listingHome listingKind = iota
	listingCategory
	listingTag
)

// perPage returns how many articles a listing of kind shows on a page.
func (s *Site) perPage(kind listingKind) int {
	switch {
	case s.opts.HomeItems > 0:
		return s.opts.HomeItems
	case kind == listingHome:
		return homeSize
	}
	return archiveSize
}

// listing renders page n of arts (newest first) as the home page, a
// category or a tag archive. Pages past the last, and on editions that
// stop paging, past ed.maxPages, answer 404.
func (s *Site) listing(q *req, es *edState, kind listingKind, t *tag, catPathName string, arts []*article, n int) response {
	ed := es.ed
	per, base, title, class := s.perPage(kind), "", "", ""
	switch kind {
	case listingHome:
		base, class = ed.Path, "home blog"
	case listingCategory:
		c := ed.byPath[catPathName]
		base, title, class = catPath(ed, c), c.name, "archive category category-"+c.slug+" category-"+strconv.Itoa(c.term)
	case listingTag:
		base, title, class = tagPath(ed, t), t.name, "archive tag tag-"+htmlClassSlug(t)
	}
	if kind != listingHome && s.opts.PlainMarkup {
		class = "archive"
	}
	pages := max(1, (len(arts)+per-1)/per)
	if n > pages || (ed.maxPages > 0 && n > ed.maxPages) {
		return s.notFound(q, es)
	}
	last := pages
	if ed.maxPages > 0 {
		last = min(last, ed.maxPages)
	}
	pageURL := func(i int) string {
		if i == 1 {
			return q.abs(base)
		}
		return q.abs(base + "page/" + strconv.Itoa(i) + "/")
	}
	f := frame{title: title, canonical: pageURL(n), bodyClass: class}
	if n > 1 {
		f.prev, f.bodyClass = pageURL(n-1), f.bodyClass+" paged paged-"+strconv.Itoa(n)
	}
	if n < last {
		f.next = pageURL(n + 1)
	}
	if s.opts.NoNextLink {
		f.prev, f.next = "", ""
	}
	items := arts[min((n-1)*per, len(arts)):min(n*per, len(arts))]
	var h hw
	s.begin(&h, q, es, f)
	h.w("<div class=\"archive-outer rb-container edge-padding\">\n")
	if kind != listingHome {
		h.w("<header class=\"archive-header\"><h1 class=\"archive-title\">")
		if kind == listingTag {
			h.w(`<span class="archive-label">`)
			h.e(ed.l.tagArchive)
			h.w("</span> ")
		}
		h.e(title)
		h.w("</h1></header>\n")
	}
	h.w("<div class=\"block-wrap block-grid block-grid-1 rb-columns rb-col-3\"><div class=\"block-inner\">\n")
	if len(items) == 0 {
		h.w("<p class=\"no-posts\">")
		h.e(ed.l.noPosts)
		h.w("</p>\n")
	}
	var lastMod time.Time
	for _, a := range items {
		s.listItem(&h, q, es, a)
		if a.mod.After(lastMod) {
			lastMod = a.mod
		}
	}
	h.w("</div></div>\n")
	if pages > 1 && !s.opts.NoNextLink {
		h.w("<nav class=\"pagination-wrap pagination-number\">")
		for i := 1; i <= last; i++ {
			if i == n {
				h.w(`<span aria-current="page" class="page-numbers current">`, strconv.Itoa(i), "</span>")
			} else {
				h.w(`<a class="page-numbers" href="`, pageURL(i), `">`, strconv.Itoa(i), "</a>")
			}
		}
		if n < last {
			h.w(`<a class="next page-numbers" href="`, pageURL(n+1), `">`)
			h.e(ed.l.next)
			h.w("</a>")
		}
		h.w("</nav>\n")
	}
	h.w("</div>\n")
	s.end(&h, q, es)
	if lastMod.IsZero() {
		lastMod = s.start
	}
	return htmlResponse(&h, lastMod)
}

// listItem writes one article of a listing, Foxiz style.
func (s *Site) listItem(h *hw, q *req, es *edState, a *article) {
	ed := es.ed
	url := q.abs(a.path(ed))
	h.w(`<div class="p-wrap p-grid p-grid-1" data-pid="`, strconv.FormatInt(a.id, 10), "\">")
	if a.image != "" {
		h.w(`<div class="feat-holder"><div class="p-featured"><a class="p-flink" href="`, url, `" title="`)
		h.e(a.title)
		h.w(`"><img loading="lazy" width="420" height="280" src="`, q.abs(sizedImage(a.image, "-420x280")), `" class="featured-img wp-post-image" alt=""></a></div></div>`)
	}
	h.w(`<div class="p-content">`)
	s.catLink(h, q, ed, a.cat, "p-categories p-top", "p-top")
	h.w(`<h3 class="entry-title"><a class="p-url" href="`, url, `" rel="bookmark">`)
	h.e(a.title)
	h.w(`</a></h3><div class="p-meta"><div class="meta-inner is-meta"><span class="meta-el meta-date"><time class="date published" datetime="`,
		a.pub.In(syria).Format(time.RFC3339), `">`, a.pub.In(syria).Format("2006/01/02"), "</time></span></div></div>",
		`<p class="entry-summary">`)
	h.e(excerpt(a.paragraphs(), 25, " …"))
	h.w("</p></div></div>\n")
}

// catLink writes the link to category c shown above a title: Foxiz's
// chip, <div class="{foxiz}"><a class="p-category category-id-N"
// rel="category">, or with PlainMarkup a bare link in <div class="{plain}">.
func (s *Site) catLink(h *hw, q *req, ed *edition, c *category, foxiz, plain string) {
	if s.opts.PlainMarkup {
		h.w(`<div class="`, plain, `"><a href="`, q.abs(catPath(ed, c)), `">`)
	} else {
		h.w(`<div class="`, foxiz, `"><a class="p-category category-id-`, strconv.Itoa(c.term), `" href="`, q.abs(catPath(ed, c)), `" rel="category">`)
	}
	h.e(c.name)
	h.w("</a></div>")
}

// notFound renders the edition's 404 page.
func (s *Site) notFound(q *req, es *edState) response {
	var h hw
	s.begin(&h, q, es, frame{title: "404", canonical: q.abs(q.r.URL.Path), bodyClass: "error404"})
	h.w("<div class=\"page404-wrap rb-container edge-padding\"><h1 class=\"page404-title\">404</h1><p class=\"page404-description\">")
	h.e(es.ed.l.notFound)
	h.w("</p><a class=\"page404-btn is-btn\" href=\"", q.abs(es.ed.Path), "\">")
	h.e(es.ed.l.latest)
	h.w("</a></div>\n")
	s.end(&h, q, es)
	return response{status: http.StatusNotFound, ctype: "text/html; charset=UTF-8", body: []byte(h.String())}
}

// excerpt returns the first n words of the paragraphs, followed by more
// when cut.
func excerpt(paras []string, n int, more string) string {
	var words []string
	for _, p := range paras {
		words = append(words, strings.Fields(p)...)
		if len(words) > n {
			return strings.Join(words[:n], " ") + more
		}
	}
	return strings.Join(words, " ")
}

// htmlClassSlug returns a tag's slug as WordPress's sanitize_html_class
// leaves it: percent-encoded octets and other characters dropped, the
// term id when nothing is left (as for Arabic slugs).
func htmlClassSlug(t *tag) string {
	enc := encodeSlug(t.slug)
	var b strings.Builder
	for i := 0; i < len(enc); i++ {
		c := enc[i]
		if c == '%' && i+2 < len(enc) {
			i += 2
			continue
		}
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return strconv.Itoa(t.term)
	}
	return b.String()
}

// sizedImage returns the path of another WordPress size of an uploaded
// image: its size or "-scaled" suffix replaced by suffix.
func sizedImage(path, suffix string) string {
	dot := strings.LastIndexByte(path, '.')
	if dot < 0 {
		return path
	}
	stem, ext := path[:dot], path[dot:]
	stem = strings.TrimSuffix(stem, "-scaled")
	if i := strings.LastIndexByte(stem, '-'); i >= 0 && isSize(stem[i+1:]) {
		stem = stem[:i]
	}
	return stem + suffix + ext
}

// isSize reports whether s looks like a WordPress size, "1024x683".
func isSize(s string) bool {
	w, hgt, ok := strings.Cut(s, "x")
	if !ok {
		return false
	}
	_, err1 := strconv.Atoi(w)
	_, err2 := strconv.Atoi(hgt)
	return err1 == nil && err2 == nil
}
