package replica

import (
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// A feedSpec describes one RSS feed to render.
type feedSpec struct {
	self   string // path of the feed
	title  string // tag or category name; "" for the edition's main feed
	items  []*article
	broken int // index of the item whose guid carries a duplicated attribute; -1 = none
}

// mainFeed answers /{ed}/feed/. On editions with a stale cache it serves
// the frozen snapshot unless the request has a query string, which the
// cache does not recognise and passes to WordPress. Cache-Control request
// headers make no difference. The Arabic feed always has one item with a
// duplicated attribute, so it is not well-formed XML.
func (s *Site) mainFeed(q *req, es *edState) response {
	self := es.ed.root() + "/feed/"
	if es.snap != nil && q.r.URL.RawQuery == "" {
		resp := s.feed(q, es, feedSpec{self: self, items: es.snap.items, broken: -1})
		age := max(0, int(q.now.Sub(es.snap.at).Seconds()))
		resp.header = []string{"X-Cache", "HIT", "Age", strconv.Itoa(age)}
		return resp
	}
	spec := feedSpec{self: self, items: latest(es.arts, feedSize), broken: -1}
	if es.ed.Lang == "ar" && len(spec.items) > 0 {
		spec.broken = min(2, len(spec.items)-1)
	}
	resp := s.feed(q, es, spec)
	if es.snap != nil {
		resp.header = []string{"X-Cache", "BYPASS"}
	}
	return resp
}

// feed renders an RSS 2.0 feed the way WordPress does.
func (s *Site) feed(q *req, es *edState, f feedSpec) response {
	ed := es.ed
	var built time.Time
	for _, a := range f.items {
		if a.mod.After(built) {
			built = a.mod
		}
	}
	if built.IsZero() {
		built = s.start
	}
	title, link := ed.SiteName, q.base+ed.root()
	if f.title != "" {
		title += " » " + f.title
		link = q.abs(strings.TrimSuffix(f.self, "feed/"))
	}
	var b strings.Builder
	w := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
		}
	}
	w(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"`, "\n",
		"\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n",
		"\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\txmlns:atom=\"http://www.w3.org/2005/Atom\"\n",
		"\txmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"\n\txmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\"\n\t>\n\n<channel>\n",
		"\t<title>", xesc(title), "</title>\n",
		"\t<atom:link href=\"", xesc(q.abs(f.self)), "\" rel=\"self\" type=\"application/rss+xml\" />\n",
		"\t<link>", xesc(link), "</link>\n",
		"\t<description>", xesc(ed.l.about), "</description>\n",
		"\t<lastBuildDate>", rssTime(built), "</lastBuildDate>\n",
		"\t<language>", ed.htmlLang, "</language>\n",
		"\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n",
		"\t<generator>https://wordpress.org/?v=6.8.3</generator>\n\n<image>\n",
		"\t<url>", q.abs("/wp-content/uploads/2025/08/cropped-sana-icon-32x32.png"), "</url>\n",
		"\t<title>", xesc(ed.SiteName), "</title>\n\t<link>", xesc(q.base+ed.root()), "</link>\n",
		"\t<width>32</width>\n\t<height>32</height>\n</image> \n")
	for i, a := range f.items {
		s.feedItem(&b, q, es, a, i == f.broken)
	}
	w("\t</channel>\n</rss>\n")
	return response{status: http.StatusOK, ctype: "application/rss+xml; charset=UTF-8", body: []byte(b.String()), lastMod: built}
}

func (s *Site) feedItem(b *strings.Builder, q *req, es *edState, a *article, broken bool) {
	ed := es.ed
	link := q.abs(s.permalink(es, a))
	guid := q.base + ed.Path + "?p=" + strconv.FormatInt(a.id, 10)
	if a.guidHTTPS {
		guid = "https://" + q.r.Host + s.permalink(es, a)
	}
	attr := `isPermaLink="false"`
	if broken {
		attr += ` isPermaLink="false"`
	}
	paras := a.paragraphs()
	w := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
		}
	}
	w("\t<item>\n\t\t<title>", xesc(a.title), "</title>\n\t\t<link>", xesc(link), "</link>\n",
		"\t\t<dc:creator><![CDATA[", ed.creator, "]]></dc:creator>\n",
		"\t\t<pubDate>", rssTime(a.pub), "</pubDate>\n",
		"\t\t\t\t<category><![CDATA[", cdata(a.cat.name), "]]></category>\n")
	for _, t := range a.tags {
		w("\t\t<category><![CDATA[", cdata(t.name), "]]></category>\n")
	}
	w("\n\t\t<guid ", attr, ">", xesc(guid), "</guid>\n\n",
		"\t\t\t\t\t<description><![CDATA[", cdata(excerpt(paras, 55, " [&#8230;]")), "]]></description>\n")
	if ed.contentEncoded {
		w("\t\t\t\t\t\t\t\t\t\t<content:encoded><![CDATA[")
		for _, p := range paras {
			w("<p>", cdata(html.EscapeString(p)), "</p>\n")
		}
		if ed.promoFooter {
			w(`<p>The post <a href="`, link, `">`, cdata(html.EscapeString(a.title)), `</a> appeared first on <a href="`,
				q.base+ed.root(), `">`, html.EscapeString(ed.SiteName), "</a>.</p>\n")
		}
		w("]]></content:encoded>\n")
	}
	w("\t\t\t\t\t\n\t\t\n\t\t\n\t\t\t</item>\n")
}

// rssTime formats t as WordPress does in feeds: RFC 1123 at +0000.
func rssTime(t time.Time) string { return t.UTC().Format("Mon, 02 Jan 2006 15:04:05 +0000") }

// xesc escapes text for XML.
func xesc(s string) string { return html.EscapeString(s) }

// cdata makes s safe inside a CDATA section.
func cdata(s string) string { return strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") }
