package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"github.com/sanafeed/sanafeed"
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

// serveOPML serves /feeds.opml, listing each feed once in the format
// ?format= names: atom (the default), rss or json.
func (s *Server) serveOPML(w http.ResponseWriter, r *http.Request) {
	ext := r.URL.Query().Get("format")
	if ext == "" {
		ext = "atom"
	}
	_, format, ok := splitFormat("." + ext)
	if !ok {
		textError(w, http.StatusBadRequest, fmt.Sprintf("unknown format %q; formats: atom, rss, json", ext))
		return
	}
	s.serveCached(w, r, docKey{kind: kindOPML, format: format}, s.Store.Generation())
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

// listedFeeds returns the feeds the OPML lists at generation gen, grouped:
// the all-editions feed, then per edition its feed and the feeds of its
// tags with at least OPMLMinItems articles, most used first.
func (s *Server) listedFeeds(ctx context.Context, gen uint64) ([]opmlGroup, error) {
	all := sanafeed.Edition{}
	groups := []opmlGroup{{feeds: []listedFeed{{title: feedTitle(all)}}}}
	for _, e := range s.list {
		ts, err := s.tags.get(ctx, e.Lang, gen)
		if err != nil {
			return nil, err
		}
		g := opmlGroup{edition: e, feeds: []listedFeed{{lang: e.Lang, title: feedTitle(e)}}}
		for _, tc := range ts.list {
			if tc.Count >= s.opmlMin() {
				g.feeds = append(g.feeds, listedFeed{lang: e.Lang, tag: tc.Tag.Slug, title: tagFeedTitle(e, tc.Tag)})
			}
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// renderOPML renders the OPML at generation gen: one group per edition
// (and one for all editions) titled in its language, holding the
// edition's feed and its tags' feeds, each once, in format.
func (s *Server) renderOPML(ctx context.Context, format string, gen uint64, prev *doc) (*doc, error) {
	groups, err := s.listedFeeds(ctx, gen)
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
