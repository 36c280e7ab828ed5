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

// serveOPML serves /feeds.opml.
func (s *Server) serveOPML(w http.ResponseWriter, r *http.Request) {
	s.serveCached(w, r, docKey{kind: kindOPML}, s.Store.Generation())
}

// renderOPML renders the OPML of every feed at generation gen: the
// all-editions feeds, then per edition its feeds and the feeds of its tags
// with at least OPMLMinItems articles, each in RSS, Atom and JSON.
func (s *Server) renderOPML(ctx context.Context, gen uint64, prev *doc) (*doc, error) {
	home := s.base + "/"
	all := sanafeed.Edition{}
	body := []outline{{
		Text:     feedTitle(all),
		Title:    feedTitle(all),
		Outlines: s.feedOutlines(feedTitle(all), "", "", home),
	}}
	for _, e := range s.list {
		ts, err := s.tags.get(ctx, e.Lang, gen)
		if err != nil {
			return nil, err
		}
		title := feedTitle(e)
		group := outline{Text: title, Title: title, Language: e.Lang}
		group.Outlines = s.feedOutlines(title, e.Lang, "", home+"#"+e.Lang)
		for _, tc := range ts.list {
			if tc.Count < s.opmlMin() {
				continue
			}
			tt := tagFeedTitle(e, tc.Tag)
			group.Outlines = append(group.Outlines, outline{
				Text:     tt,
				Title:    tt,
				Language: e.Lang,
				Outlines: s.feedOutlines(tt, e.Lang, tc.Tag.Slug, home+"#"+e.Lang),
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

// feedOutlines returns the outlines of one feed (edition lang, tag slug)
// in every format, titled after title.
func (s *Server) feedOutlines(title, lang, tag, htmlURL string) []outline {
	out := make([]outline, len(formats))
	for i, f := range formats {
		t := title + " (" + f.label + ")"
		out[i] = outline{
			Text:     t,
			Title:    t,
			Type:     "rss",
			Version:  f.opml,
			XMLURL:   s.base + feedPath(lang, tag, f.ext),
			HTMLURL:  htmlURL,
			Language: lang,
		}
	}
	return out
}
