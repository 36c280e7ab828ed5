package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/sanafeed/sanafeed"
	"golang.org/x/net/html"
)

// A Listing is what a listing page (an edition's home, a category listing,
// a tag page) links to.
type Listing struct {
	Articles []ListItem // in page order, one per article
	Next     string     // absolute URL of the next (older) listing page, "" if none
}

// A ListItem is one article a listing page links to.
type ListItem struct {
	URL string // canonical URL (sanafeed.CanonicalURL): the article's identity
	// Link is the link as the page gives it, absolute, without its
	// fragment: what to fetch, since a site whose permalinks differ from
	// the canonical form (French SANA drops the trailing slash) answers
	// the canonical one with a redirect, a request more.
	Link      string
	Title     string    // the link's text, else its title attribute or image alt; may be ""
	Published time.Time // from the <time datetime> of the item's block; zero if absent
}

// ListingPage extracts the article links of a listing page fetched from
// pageURL: links whose URL is in editionRoot's edition (sanafeed.InEdition:
// its host, www. and case folded, under its path but not under another
// edition's, so the Arabic root "/" excludes "/en/") and names a post
// (sanafeed.PostID), with
// wp-content and date archives excluded; deduplicated by canonical URL, in
// page order. Next is the page's rel="next" link or Foxiz's/WordPress's
// next-page link.
func ListingPage(body []byte, pageURL string, editionRoot string) (Listing, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return Listing{}, fmt.Errorf("extract: parse listing %s: %w", pageURL, err)
	}
	root, err := url.Parse(strings.TrimSpace(editionRoot))
	if err != nil || !root.IsAbs() {
		return Listing{}, fmt.Errorf("extract: edition root %q is not an absolute url", editionRoot)
	}
	p := newPage(doc, pageURL)
	if p.base == nil {
		p.base = root
	}
	l := &listing{page: p, root: root, index: make(map[string]int)}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) { l.add(s) })
	return Listing{Articles: l.items, Next: p.next()}, nil
}

// A listing collects a listing page's items.
type listing struct {
	page  *page
	root  *url.URL
	items []ListItem
	index map[string]int // canonical URL → position in items
	label []bool         // items[i].Title came from a link's text
}

func (l *listing) add(s *goquery.Selection) {
	u, link := l.articleURL(s.AttrOr("href", ""))
	if u == "" {
		return
	}
	title, fromText := text(s), true
	if title == "" {
		fromText = false
		title = sanafeed.CollapseSpace(s.AttrOr("title", ""))
		if title == "" {
			title = sanafeed.CollapseSpace(s.Find("img[alt]").First().AttrOr("alt", ""))
		}
	}
	i, ok := l.index[u]
	if !ok {
		l.index[u] = len(l.items)
		l.items = append(l.items, ListItem{URL: u, Link: link, Title: title})
		l.label = append(l.label, fromText && title != "")
		i = len(l.items) - 1
	} else if !l.label[i] && (fromText && title != "" || l.items[i].Title == "") {
		l.items[i].Title, l.label[i] = title, fromText && title != ""
	}
	if l.items[i].Published.IsZero() {
		l.items[i].Published = l.itemTime(s.Nodes[0], u)
	}
}

// articleURL returns the canonical URL of an article link of the edition
// and the link made absolute without its fragment, or "", "".
func (l *listing) articleURL(href string) (canon, link string) {
	abs := l.page.abs(href)
	if abs == "" || postIDOf(abs) == 0 {
		return "", ""
	}
	u, err := url.Parse(abs)
	if err != nil || !sanafeed.InEdition(l.root.String(), abs) {
		return "", ""
	}
	segs := pathSegments(abs)
	if len(segs) >= 2 && isNumber(segs[len(segs)-2]) || strings.Contains(u.Path, "/wp-") {
		return "", "" // a date archive (/2026/02/), an upload, an admin page
	}
	c, err := sanafeed.CanonicalURL(abs)
	if err != nil {
		return "", ""
	}
	u.Fragment, u.RawFragment = "", ""
	return c, u.String()
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// itemTime returns the <time datetime> of the block around the link n that
// links to url alone (Foxiz's .p-wrap, an <article>, an <li>), or zero.
func (l *listing) itemTime(n *html.Node, u string) time.Time {
	for anc, depth := n.Parent, 0; anc != nil && depth < 8; anc, depth = anc.Parent, depth+1 {
		if anc.Type != html.ElementNode || anc.Data == "body" {
			break
		}
		other := find(anc, func(c *html.Node) bool {
			if c.Data != "a" {
				return false
			}
			cu, _ := l.articleURL(attr(c, "href"))
			return cu != "" && cu != u
		})
		if other != nil {
			break
		}
		if t := find(anc, func(c *html.Node) bool { return c.Data == "time" && hasAttr(c, "datetime") }); t != nil {
			if tm, ok := parseTime(attr(t, "datetime")); ok {
				return tm
			}
		}
	}
	return time.Time{}
}

// next returns the absolute URL of the next listing page, or "".
func (p *page) next() string {
	if n := p.linkHref("next"); n != "" {
		return n
	}
	sel := "a[rel~='next'], a.next.page-numbers, .pagination-nextprev a.next, .pagination a.next, a.next-page, .nav-previous a"
	if a := p.doc.Find(sel).First(); a.Length() > 0 {
		if n := p.absHTTP(a.AttrOr("href", "")); n != "" && !strings.HasSuffix(a.AttrOr("href", ""), "#") {
			return n
		}
	}
	return ""
}
