package replica

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wpSitemap answers WordPress core's sitemaps of one edition (each
// edition is an install of its own): wp-sitemap.xml, the index;
// wp-sitemap-posts-post-N.xml, the posts by ascending id, sitemapSize
// each, with their lastmod in UTC as core writes it; and the category
// and tag sitemaps.
func (s *Site) wpSitemap(q *req, es *edState, name string) response {
	ed := es.ed
	posts := slices.Clone(es.arts)
	slices.SortFunc(posts, func(x, y *article) int { return cmp.Compare(x.id, y.id) })
	var chunks [][]*article
	for c := range slices.Chunk(posts, sitemapSize) {
		chunks = append(chunks, c)
	}
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	lastMod := later(s.start, newestMod(es.arts))
	loc := func(elem, u string, mod time.Time) {
		b.WriteString("<" + elem + "><loc>" + xesc(u) + "</loc>")
		if !mod.IsZero() {
			b.WriteString("<lastmod>" + mod.UTC().Format("2006-01-02T15:04:05-07:00") + "</lastmod>")
		}
		b.WriteString("</" + elem + ">")
	}
	const urlset = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`
	switch {
	case name == "wp-sitemap.xml":
		b.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range chunks {
			loc("sitemap", q.abs(ed.Path+"wp-sitemap-posts-post-"+strconv.Itoa(i+1)+".xml"), time.Time{})
		}
		loc("sitemap", q.abs(ed.Path+"wp-sitemap-taxonomies-category-1.xml"), time.Time{})
		loc("sitemap", q.abs(ed.Path+"wp-sitemap-taxonomies-post_tag-1.xml"), time.Time{})
		b.WriteString("</sitemapindex>\n")
	case strings.HasPrefix(name, "wp-sitemap-posts-post-") && strings.HasSuffix(name, ".xml"):
		n, ok := pageNum(strings.TrimSuffix(strings.TrimPrefix(name, "wp-sitemap-posts-post-"), ".xml"))
		if !ok || n > len(chunks) {
			return s.notFound2(q, es)
		}
		b.WriteString(urlset)
		for _, a := range chunks[n-1] {
			loc("url", q.abs(a.slugPath(ed)), a.mod)
		}
		b.WriteString("</urlset>\n")
		lastMod = newestMod(chunks[n-1])
	case name == "wp-sitemap-taxonomies-category-1.xml":
		b.WriteString(urlset)
		for _, c := range ed.cats {
			if len(es.byCat[c.path]) > 0 {
				loc("url", q.abs(sectionPath(ed, c)), time.Time{})
			}
		}
		b.WriteString("</urlset>\n")
	case name == "wp-sitemap-taxonomies-post_tag-1.xml":
		b.WriteString(urlset)
		tags := make([]*tag, 0, len(es.tags))
		for _, t := range es.tags {
			tags = append(tags, t)
		}
		slices.SortFunc(tags, func(x, y *tag) int { return x.term - y.term })
		for _, t := range tags {
			loc("url", q.abs(topicPath(ed, t)), time.Time{})
		}
		b.WriteString("</urlset>\n")
	default:
		return s.notFound2(q, es)
	}
	return xmlResponse(&b, lastMod)
}
