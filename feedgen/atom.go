package feedgen

import (
	"github.com/gorilla/feeds"

	"github.com/sanafeed/sanafeed"
)

// mediaNS is the Media RSS namespace, used for an item's image in RSS and Atom.
const mediaNS = "http://search.yahoo.com/mrss/"

// atomFeed extends gorilla's AtomFeed with what RFC 4287 and CONTRACT.md
// need and gorilla lacks: xml:lang, several links (gorilla has one, with
// no type), a generator, and our entries. Fields here shadow gorilla's of
// the same XML name (encoding/xml follows Go's embedding rules).
type atomFeed struct {
	*feeds.AtomFeed
	Lang      string       `xml:"xml:lang,attr,omitempty"`
	MediaNS   string       `xml:"xmlns:media,attr,omitempty"`
	Links     []atomLink   `xml:"link"`
	Generator string       `xml:"generator"`
	Entries   []*atomEntry `xml:"entry"`
}

// atomEntry extends gorilla's AtomEntry with xml:lang, links with hreflang
// and title (one alternate, the article itself; related ones for its
// translations), categories with a term (gorilla writes <category>text</category>,
// which RFC 4287 does not allow) and the image as <media:content>.
type atomEntry struct {
	*feeds.AtomEntry
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Media      *mediaContent  `xml:"media:content"`
}

// atomLink is an Atom link with the hreflang and title attributes that
// gorilla's AtomLink lacks. It is also RSS's <atom:link>.
type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

// atomCategory is an RFC 4287 category: term required, scheme and label
// optional.
type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// mediaContent is Media RSS's <media:content>, for an item's image whose
// size and type are unknown.
type mediaContent struct {
	URL    string `xml:"url,attr"`
	Medium string `xml:"medium,attr"`
}

// atom returns the feed as an Atom 1.0 document.
func (m *model) atom() *atomFeed {
	g := (&feeds.Atom{Feed: m.gf}).AtomFeed()
	g.Id = m.id
	g.Icon = m.f.Icon
	// Every entry names its author, but an empty feed would have none:
	// the agency, in the feed's language, authors the whole feed.
	g.Author = &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: siteName(m.f.Lang)}}
	x := &atomFeed{
		AtomFeed:  g,
		Lang:      m.f.Lang,
		Links:     m.feedLinks("application/atom+xml"),
		Generator: generator,
		Entries:   make([]*atomEntry, len(g.Entries)),
	}
	if m.images {
		x.MediaNS = mediaNS
	}
	for i, e := range g.Entries {
		x.Entries[i] = m.items[i].atom(e)
	}
	return x
}

// feedLinks returns the feed-level links: self (of type selfType), the
// HTML page it mirrors, and the WebSub hub, each when known. RSS writes
// them as <atom:link>, where the alternate is left to <link>.
func (m *model) feedLinks(selfType string) []atomLink {
	links := []atomLink{{Rel: "self", Type: selfType, Href: m.f.SelfURL}}
	if m.f.HomeURL != "" && selfType == "application/atom+xml" {
		links = append(links, atomLink{Rel: "alternate", Type: "text/html", Hreflang: m.f.Lang, Href: m.f.HomeURL})
	}
	if m.f.HubURL != "" {
		links = append(links, atomLink{Rel: "hub", Href: m.f.HubURL})
	}
	return links
}

// atom extends gorilla's entry e for the item.
func (it *item) atom(e *feeds.AtomEntry) *atomEntry {
	e.Published = rfc3339(it.published) // gorilla has the field but never fills it
	if e.Summary != nil {
		e.Summary.Type = "text" // the summary is plain text, not HTML as gorilla assumes
	}
	x := &atomEntry{AtomEntry: e, Lang: it.lang}
	// gorilla's one link is the article's own: keep it as the only
	// alternate, with hreflang. Translations are rel="related", never
	// alternate: readers take the last alternate as the item's link.
	x.Links = make([]atomLink, 0, 1+len(it.translations))
	for _, l := range e.Links {
		x.Links = append(x.Links, atomLink{Rel: l.Rel, Type: l.Type, Hreflang: it.lang, Href: l.Href})
	}
	e.Links = nil // replaced by x.Links (a slice field is not shadowed by its elements' name)
	x.Links = append(x.Links, it.relatedLinks()...)
	for _, c := range it.categories {
		x.Categories = append(x.Categories, atomCategory{Term: c.term, Scheme: c.scheme, Label: c.label})
	}
	x.Media = it.media()
	return x
}

// relatedLinks returns one rel="related" link per translation, titled
// with the translation's language name.
func (it *item) relatedLinks() []atomLink {
	links := make([]atomLink, len(it.translations))
	for i, t := range it.translations {
		links[i] = atomLink{Rel: "related", Type: "text/html", Hreflang: t.Lang, Title: sanafeed.LangName(t.Lang), Href: t.URL}
	}
	return links
}

// media returns the item's image as <media:content>, or nil.
func (it *item) media() *mediaContent {
	if it.image == "" {
		return nil
	}
	return &mediaContent{URL: it.image, Medium: "image"}
}
