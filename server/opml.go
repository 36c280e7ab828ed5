package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
)

// opmlContentType is the OPML document's media type.
const opmlContentType = "text/x-opml; charset=utf-8"

// opmlDoc is an OPML 2.0 document.
type opmlDoc struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Head    opmlHead  `xml:"head"`
	Body    []outline `xml:"body>outline"`
}

// opmlHead is an OPML document's head.
type opmlHead struct {
	Title        string `xml:"title"`
	DateCreated  string `xml:"dateCreated,omitempty"`
	DateModified string `xml:"dateModified,omitempty"`
	Docs         string `xml:"docs"`
}

// An outline is one OPML outline: a group, or a feed when XMLURL is set.
type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	Version  string    `xml:"version,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Language string    `xml:"language,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// serveOPML serves /feeds.opml: the edition feeds, each once, in the
// format ?format= names (atom, the default; rss or json); ?tags=1 adds the
// tag feeds and ?all=1 the all-editions feed (see opmlVariant).
func (s *Server) serveOPML(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ext := q.Get("format")
	if ext == "" {
		ext = "atom"
	}
	_, format, ok := splitFormat("." + ext)
	if !ok {
		textError(w, http.StatusBadRequest, fmt.Sprintf("unknown format %q; formats: atom, rss, json", ext))
		return
	}
	var v opmlVariant
	for _, o := range []struct {
		name string
		on   *bool
	}{{"tags", &v.tags}, {"all", &v.all}} {
		if x := q.Get(o.name); x != "" {
			b, err := strconv.ParseBool(x)
			if err != nil {
				textError(w, http.StatusBadRequest, fmt.Sprintf("%s=%q: want 1 or 0", o.name, x))
				return
			}
			*o.on = b
		}
	}
	s.serveCached(w, r, docKey{kind: kindOPML, format: format, opml: v}, s.gen())
}

// serveOPMLFile returns the handler of the static name of the OPML
// variant v in format: the same document as its /feeds.opml query.
func (s *Server) serveOPMLFile(v opmlVariant, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.serveCached(w, r, docKey{kind: kindOPML, format: format, opml: v}, s.gen())
	}
}

// An opmlVariant says which feeds an OPML lists besides the edition feeds.
// The default lists the edition feeds alone: each article is in exactly
// one of them. A tag feed's articles are also in their edition's feed and
// the all-editions feed's in every edition's, with the same ids (RFC 4287
// 4.2.6), and readers that keep one row per article id across feeds
// (newsboat) show such an article under one feed only, leaving the others
// short; so those feeds are offered, not imported by default.
type opmlVariant struct {
	tags bool // the tag feeds with at least OPMLMinItems articles
	all  bool // the all-editions feed
}

// opmlVariants lists every variant, the default first.
var opmlVariants = []opmlVariant{{}, {tags: true}, {all: true}, {tags: true, all: true}}

// opmlPath returns the static path of the OPML variant v in format, which
// the server answers and Export writes: /feeds.opml for the default, else
// /feeds-{tags-}{all-}{rss|json}.opml without the parts that do not apply
// (/feeds-tags.opml, /feeds-all-rss.opml).
func opmlPath(v opmlVariant, format string) string {
	p := "/feeds"
	if v.tags {
		p += "-tags"
	}
	if v.all {
		p += "-all"
	}
	if format != feedgen.Atom {
		p += "-" + extOf(format)
	}
	return p + ".opml"
}

// opmlLinks returns the index's OPML links, at their static names: the
// default in every format, Atom first, and the variants beyond it in Atom.
func (s *Server) opmlLinks() (formatLinks, variantLinks []feedLink) {
	for _, f := range []string{feedgen.Atom, feedgen.RSS, feedgen.JSON} {
		label := "Atom"
		for _, ff := range formats {
			if ff.format == f {
				label = ff.label
			}
		}
		formatLinks = append(formatLinks, feedLink{Label: label, Type: "text/x-opml", URL: s.base + opmlPath(opmlVariant{}, f)})
	}
	for _, v := range opmlVariants[1:] {
		label := "tag feeds"
		switch {
		case v.tags && v.all:
			label = "both"
		case v.all:
			label = "the all-editions feed"
		}
		variantLinks = append(variantLinks, feedLink{Label: label, Type: "text/x-opml", URL: s.base + opmlPath(v, feedgen.Atom)})
	}
	return formatLinks, variantLinks
}

// A listedFeed is one feed the OPML lists: edition lang ("" for all) and
// tag slug ("" for none).
type listedFeed struct {
	lang, tag string
	title     string
}

// An opmlGroup is one edition's feeds in the OPML: its own, then its tags'.
type opmlGroup struct {
	edition sanafeed.Edition // zero for all editions
	feeds   []listedFeed
}

// listedFeeds returns the feeds the OPML variant v lists at generation gen,
// grouped: the all-editions feed when v.all, then per edition its feed and,
// when v.tags, the feeds of its tags with at least OPMLMinItems articles,
// most used first.
func (s *Server) listedFeeds(ctx context.Context, gen uint64, v opmlVariant) ([]opmlGroup, error) {
	var groups []opmlGroup
	if v.all {
		groups = append(groups, opmlGroup{feeds: []listedFeed{{title: feedTitle(sanafeed.Edition{})}}})
	}
	for _, e := range s.editionList() {
		g := opmlGroup{edition: e, feeds: []listedFeed{{lang: e.Lang, title: feedTitle(e)}}}
		if !v.tags {
			groups = append(groups, g)
			continue
		}
		ts, err := s.tags.get(ctx, e.Lang, gen)
		if err != nil {
			return nil, err
		}
		for _, tc := range ts.list {
			if tc.Count >= s.opmlMin() {
				g.feeds = append(g.feeds, listedFeed{lang: e.Lang, tag: tc.Tag.Slug, title: tagFeedTitle(e, tc.Tag)})
			}
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// renderOPML renders the OPML variant v at generation gen: one group per
// edition (and one for all editions) titled in its language, holding the
// edition's feed and its tags' feeds, each once, in format.
func (s *Server) renderOPML(ctx context.Context, format string, v opmlVariant, gen uint64, prev *doc) (*doc, error) {
	groups, err := s.listedFeeds(ctx, gen, v)
	if err != nil {
		return nil, err
	}
	ext, version := extOf(format), ""
	for _, f := range formats {
		if f.format == format {
			version = f.opml
		}
	}
	home := s.base + "/"
	var body []outline
	for _, g := range groups {
		title, htmlURL := feedTitle(g.edition), home
		if g.edition.Lang != "" {
			htmlURL += "#" + g.edition.Lang
		}
		group := outline{Text: title, Title: title, Language: g.edition.Lang}
		for _, f := range g.feeds {
			group.Outlines = append(group.Outlines, outline{
				Text:     f.title,
				Title:    f.title,
				Type:     "rss",
				Version:  version,
				XMLURL:   s.base + feedPath(f.lang, f.tag, ext),
				HTMLURL:  htmlURL,
				Language: f.lang,
			})
		}
		body = append(body, group)
	}
	lastMod := s.Store.LastChange()
	if lastMod.IsZero() {
		lastMod = s.now()
	}
	d := opmlDoc{
		Version: "2.0",
		Head: opmlHead{
			Title:        "SANA feeds",
			DateModified: lastMod.UTC().Format(time.RFC1123Z),
			Docs:         "https://opml.org/spec2.opml",
		},
		Body: body,
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("server: encode opml: %w", err)
	}
	buf.WriteByte('\n')
	return newDoc(buf.Bytes(), opmlContentType, lastMod, s.now(), prev), nil
}
