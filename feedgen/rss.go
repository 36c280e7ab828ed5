package feedgen

import (
	"html"

	"github.com/gorilla/feeds"
)

// Namespaces RSS declares besides gorilla's content namespace.
const (
	atomNS = "http://www.w3.org/2005/Atom"
	dcNS   = "http://purl.org/dc/elements/1.1/"
)

// rssDoc extends gorilla's <rss> wrapper with the atom and dc namespaces
// (and media, when an item has an image) and our channel.
type rssDoc struct {
	*feeds.RssFeedXml
	AtomNS  string      `xml:"xmlns:atom,attr"`
	DCNS    string      `xml:"xmlns:dc,attr"`
	MediaNS string      `xml:"xmlns:media,attr,omitempty"`
	Channel *rssChannel `xml:"channel"`
}

// rssChannel extends gorilla's channel with <atom:link> for self and hub,
// which gorilla cannot write, and our items.
type rssChannel struct {
	*feeds.RssFeed
	Links []atomLink `xml:"atom:link"`
	Items []*rssItem `xml:"item"`
}

// rssItem extends gorilla's item with several categories carrying a
// domain (gorilla has one string), dc:creator and dc:language, an
// <atom:link rel="related"> per translation, and the image as
// <media:content>.
type rssItem struct {
	*feeds.RssItem
	Categories []rssCategory `xml:"category"`
	Creator    string        `xml:"dc:creator,omitempty"`
	Language   string        `xml:"dc:language,omitempty"`
	Links      []atomLink    `xml:"atom:link"`
	Media      *mediaContent `xml:"media:content"`
}

// rssCategory is an RSS 2.0 category: the name, with the taxonomy's URL
// as domain for tags.
type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Name   string `xml:",chardata"`
}

// rss returns the feed as an RSS 2.0 document.
func (m *model) rss() *rssDoc {
	ch := (&feeds.Rss{Feed: m.gf}).RssFeed()
	if ch.Description == "" {
		ch.Description = ch.Title // required by RSS 2.0
	}
	ch.Language = m.f.Lang
	ch.Generator = generator
	if m.f.Icon != "" {
		ch.Image = &feeds.RssImage{Url: m.f.Icon, Title: ch.Title, Link: ch.Link}
	}
	x := &rssChannel{RssFeed: ch, Links: m.feedLinks("application/rss+xml"), Items: make([]*rssItem, len(ch.Items))}
	for i, ri := range ch.Items {
		x.Items[i] = m.items[i].rss(ri)
	}
	doc := &rssDoc{
		RssFeedXml: ch.FeedXml().(*feeds.RssFeedXml),
		AtomNS:     atomNS,
		DCNS:       dcNS,
		Channel:    x,
	}
	if m.images {
		doc.MediaNS = mediaNS
	}
	return doc
}

// rss extends gorilla's item ri for the item.
func (it *item) rss(ri *feeds.RssItem) *rssItem {
	// <description> is HTML in RSS: the summary, escaped, else the content.
	if s := it.a.Summary; s != "" {
		ri.Description = html.EscapeString(xmlText(s))
	} else if ri.Content != nil {
		ri.Description = ri.Content.Content
	}
	// RSS 2.0 <author> is an email address; gorilla puts the name there.
	// The name goes in <dc:creator> instead.
	ri.Author = ""
	x := &rssItem{
		RssItem:  ri,
		Creator:  xmlText(it.author),
		Language: it.lang,
		Links:    it.relatedLinks(),
		Media:    it.media(),
	}
	for _, c := range it.categories {
		x.Categories = append(x.Categories, rssCategory{Domain: c.scheme, Name: c.label})
	}
	return x
}
