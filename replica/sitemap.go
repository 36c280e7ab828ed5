package replica

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sitemapSize is how many URLs one post sitemap lists.
const sitemapSize = 10

// xmlResponse returns a 200 XML document with validators.
func xmlResponse(b *strings.Builder, lastMod time.Time) response {
	return response{status: http.StatusOK, ctype: "application/xml; charset=UTF-8", body: []byte(b.String()), lastMod: lastMod}
}

// sitemap answers the edition's sitemap files: sitemap_index.xml,
// post-sitemapN.xml (oldest posts first, sitemapSize each),
// category-sitemap.xml and post_tag-sitemap.xml.
func (s *Site) sitemap(q *req, es *edState, name string) response {
	ed := es.ed
	chunks := postChunks(es)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="//` + q.r.Host + ed.root() + `/main-sitemap.xsl"?>` + "\n")
	lastMod := s.start
	switch {
	case name == "sitemap_index.xml":
		b.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for i, c := range chunks {
			m := newestMod(c)
			lastMod = later(lastMod, m)
			smEntry(&b, "sitemap", q.abs(ed.root()+"/post-sitemap"+strconv.Itoa(i+1)+".xml"), m)
		}
		smEntry(&b, "sitemap", q.abs(ed.root()+"/category-sitemap.xml"), lastMod)
		smEntry(&b, "sitemap", q.abs(ed.root()+"/post_tag-sitemap.xml"), lastMod)
		b.WriteString("</sitemapindex>\n")
	case strings.HasPrefix(name, "post-sitemap") && strings.HasSuffix(name, ".xml"):
		n, ok := pageNum(strings.TrimSuffix(strings.TrimPrefix(name, "post-sitemap"), ".xml"))
		if !ok || n > len(chunks) {
			return s.notFound(q, es)
		}
		b.WriteString(`<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd http://www.google.com/schemas/sitemap-image/1.1 http://www.google.com/schemas/sitemap-image/1.1/sitemap-image.xsd" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, a := range chunks[n-1] {
			b.WriteString("\t<url>\n\t\t<loc>" + xesc(q.abs(a.path(ed))) + "</loc>\n\t\t<lastmod>" + a.mod.In(syria).Format(time.RFC3339) + "</lastmod>\n")
			if a.image != "" {
				b.WriteString("\t\t<image:image>\n\t\t\t<image:loc>" + xesc(q.abs(a.image)) + "</image:loc>\n\t\t</image:image>\n")
			}
			b.WriteString("\t</url>\n")
		}
		b.WriteString("</urlset>\n")
		lastMod = newestMod(chunks[n-1])
	case name == "category-sitemap.xml":
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, c := range ed.cats {
			m := newestMod(es.byCat[c.path])
			if m.IsZero() {
				continue
			}
			lastMod = later(lastMod, m)
			smEntry(&b, "url", q.abs(catPath(ed, c)), m)
		}
		b.WriteString("</urlset>\n")
	case name == "post_tag-sitemap.xml":
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		slugs := make([]string, 0, len(es.tags))
		for slug := range es.tags {
			slugs = append(slugs, slug)
		}
		slices.SortFunc(slugs, func(x, y string) int { return es.tags[x].term - es.tags[y].term })
		for _, slug := range slugs {
			m := newestMod(es.byTag[slug])
			lastMod = later(lastMod, m)
			smEntry(&b, "url", q.abs(tagPath(ed, es.tags[slug])), m)
		}
		b.WriteString("</urlset>\n")
	default:
		return s.notFound(q, es)
	}
	return xmlResponse(&b, lastMod)
}

// postChunks returns the edition's posts, oldest first, in sitemap-sized
// chunks.
func postChunks(es *edState) [][]*article {
	old := slices.Clone(es.arts)
	slices.Reverse(old)
	var chunks [][]*article
	for len(old) > 0 {
		n := min(sitemapSize, len(old))
		chunks = append(chunks, old[:n])
		old = old[n:]
	}
	return chunks
}

func smEntry(b *strings.Builder, elem, loc string, mod time.Time) {
	b.WriteString("\t<" + elem + ">\n\t\t<loc>" + xesc(loc) + "</loc>\n")
	if !mod.IsZero() {
		b.WriteString("\t\t<lastmod>" + mod.In(syria).Format(time.RFC3339) + "</lastmod>\n")
	}
	b.WriteString("\t</" + elem + ">\n")
}

func newestMod(arts []*article) time.Time {
	var m time.Time
	for _, a := range arts {
		m = later(m, a.mod)
	}
	return m
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// robots answers /robots.txt, which names no sitemap under the second
// theme.
func (s *Site) robots(q *req) response {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n")
	if s.opts.CrawlDelay > 0 {
		b.WriteString("Crawl-delay: " + strconv.Itoa(s.opts.CrawlDelay) + "\n")
	}
	if s.opts.SecondTheme {
		return response{status: http.StatusOK, ctype: "text/plain; charset=utf-8", body: []byte(b.String()), lastMod: s.start}
	}
	b.WriteString("\n")
	for _, lang := range []string{"ar", "en", "tr", "fr", "es", "ku"} {
		b.WriteString("Sitemap: " + q.abs(s.eds[lang].ed.root()+"/sitemap_index.xml") + "\n")
	}
	return response{status: http.StatusOK, ctype: "text/plain; charset=utf-8", body: []byte(b.String()), lastMod: s.start}
}
