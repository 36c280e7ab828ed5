package extract

import (
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
	Link string
	// PostID is the post id the link holds, by the article pattern; 0
	// when the theme's permalinks hold none (the page does).
	PostID    int64
	Title     string    // the link's text, else its title attribute or image alt; may be ""
	Published time.Time // from the <time datetime> of the item's block; zero if absent
}

// ListingPage extracts a listing page with the built-in rules for a
// source rooted at editionRoot; see (*Rules).Listing.
func ListingPage(body []byte, pageURL string, editionRoot string) (Listing, error) {
	return Default(editionRoot).Listing(body, pageURL, editionRoot)
}

// Listing extracts the article links of a listing page fetched from
// pageURL: the links listing.item finds (each selector adds its own) that
// are articles of the source rooted at editionRoot (see Article: in its
// edition, www. and case folded, under its path but not under another
// edition's, matched by the article pattern, not skipped), deduplicated
// by canonical URL, in page order. Next is what listing.next finds, else
// the page's <link rel="next">.
func (r *Rules) Listing(body []byte, pageURL string, editionRoot string) (Listing, error) {
	doc, err := parseDoc(body)
	if err != nil {
		return Listing{}, fmt.Errorf("extract: parse listing %s: %w", pageURL, err)
	}
	root, err := url.Parse(strings.TrimSpace(editionRoot))
	if err != nil || !root.IsAbs() {
		return Listing{}, fmt.Errorf("extract: edition root %q is not an absolute url", editionRoot)
	}
	p := newPage(doc, pageURL)
	p.r = r
	if p.base == nil {
		p.base = root
	}
	l := &listing{page: p, root: root, index: make(map[string]int)}
	for _, sl := range r.item {
		doc.FindMatcher(sl.sel).Each(func(_ int, s *goquery.Selection) {
			if goquery.NodeName(s) != "a" {
				s = s.Find("a[href]")
			}
			s.Each(func(_ int, a *goquery.Selection) { l.add(a) })
		})
	}
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
	u, link, id := l.articleURL(s.AttrOr("href", ""))
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
	title = label(title)
	i, ok := l.index[u]
	if !ok {
		l.index[u] = len(l.items)
		l.items = append(l.items, ListItem{URL: u, Link: link, PostID: id, Title: title})
		l.label = append(l.label, fromText && title != "")
		i = len(l.items) - 1
	} else if !l.label[i] && (fromText && title != "" || l.items[i].Title == "") {
		l.items[i].Title, l.label[i] = title, fromText && title != ""
	}
	if l.items[i].Published.IsZero() {
		l.items[i].Published = l.itemTime(s.Nodes[0], u)
	}
}

// articleURL returns the canonical URL of an article link of the
// edition, the link made absolute without its fragment, and the post id
// the link holds; "", "", 0 when href is no article link.
func (l *listing) articleURL(href string) (canon, link string, id int64) {
	abs := l.page.abs(href)
	if abs == "" {
		return "", "", 0
	}
	canon, id, ok := l.page.r.Article(l.root.String(), abs)
	if !ok {
		return "", "", 0
	}
	u, err := url.Parse(abs)
	if err != nil {
		return "", "", 0
	}
	u.Fragment, u.RawFragment = "", ""
	return canon, u.String(), id
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
			cu, _, _ := l.articleURL(attr(c, "href"))
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

// next returns the absolute URL of the next listing page: what
// listing.next finds, else <link rel="next">; "" when neither.
func (p *page) next() string {
	for _, sl := range p.r.next {
		for _, n := range p.doc.FindMatcher(sl.sel).Nodes {
			v := sl.value(n)
			if n := p.absHTTP(v); n != "" && !strings.HasSuffix(v, "#") {
				return n
			}
		}
	}
	return p.linkHref("next")
}
