package extract

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// A SitemapDoc is a parsed sitemap: an index lists child sitemaps, a
// urlset lists pages.
type SitemapDoc struct {
	Sitemaps []SitemapURL // from a <sitemapindex>
	URLs     []SitemapURL // from a <urlset>
}

// A SitemapURL is one <sitemap> or <url> entry.
type SitemapURL struct {
	Loc     string    // as written, trimmed
	LastMod time.Time // <lastmod>, else a news sitemap's publication date; zero if absent
}

// errNotSitemap is wrapped when the XML is neither a sitemapindex nor a urlset.
var errNotSitemap = errors.New("not a sitemap")

// Sitemap parses a sitemap index or urlset (sitemaps.org 0.9, namespaces
// ignored, news and image extensions tolerated). The XML is read leniently:
// HTML entities are known and unclosed tags are closed. Entries without a
// <loc> are skipped.
func Sitemap(body []byte) (SitemapDoc, error) {
	var raw struct {
		XMLName  xml.Name
		Sitemaps []rawEntry `xml:"sitemap"`
		URLs     []rawEntry `xml:"url"`
	}
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := d.Decode(&raw); err != nil {
		return SitemapDoc{}, fmt.Errorf("extract: sitemap: %w", err)
	}
	var doc SitemapDoc
	switch raw.XMLName.Local {
	case "sitemapindex":
		doc.Sitemaps = entries(raw.Sitemaps)
	case "urlset":
		doc.URLs = entries(raw.URLs)
	default:
		return SitemapDoc{}, fmt.Errorf("extract: sitemap: root <%s>: %w", raw.XMLName.Local, errNotSitemap)
	}
	return doc, nil
}

// A rawEntry is a <sitemap> or <url> as written.
type rawEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Published string `xml:"publication_date"`
	} `xml:"news"`
}

func entries(raw []rawEntry) []SitemapURL {
	var out []SitemapURL
	for _, e := range raw {
		loc := strings.TrimSpace(e.Loc)
		if loc == "" {
			continue
		}
		t, ok := parseTime(e.LastMod)
		if !ok {
			t, _ = parseTime(e.News.Published)
		}
		out = append(out, SitemapURL{Loc: loc, LastMod: t})
	}
	return out
}

// RobotsSitemaps returns the URLs of the Sitemap lines of a robots.txt, in
// order, once each. The field name is matched in any case, as robots.txt
// parsers do (RFC 9309 leaves Sitemap lines to sitemaps.org).
func RobotsSitemaps(body []byte) []string {
	var out []string
	seen := map[string]bool{}
	for line := range strings.Lines(string(body)) {
		line, _, _ = strings.Cut(line, "#")
		name, value, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "sitemap") {
			continue
		}
		if u := strings.TrimSpace(value); u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// IsPostSitemap reports whether a child sitemap, by its URL, lists posts
// rather than pages, categories, tags or authors: Yoast's and RankMath's
// post-sitemapN.xml, WordPress core's wp-sitemap-posts-post-N.xml, and
// any other whose name says nothing of taxonomies, pages or users.
func IsPostSitemap(loc string) bool {
	name := strings.ToLower(loc)
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	for _, not := range []string{"categor", "tag", "taxonom", "page", "author", "user", "attachment", "media", "image", "video"} {
		if strings.Contains(name, not) {
			return false
		}
	}
	return true
}
