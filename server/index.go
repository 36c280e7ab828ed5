package server

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Index page sizes.
const (
	indexTags    = 10 // top tags per edition
	indexStories = 5  // latest stories per edition
)

// indexTemplate is the index page. It is parsed once and never changed.
var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SANA feeds</title>
{{range .All}}<link rel="alternate" type="{{.Type}}" title="{{$.AllTitle}} ({{.Label}})" href="{{.URL}}">
{{end}}<style>
body{font-family:system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem;line-height:1.5}
section{border-top:1px solid #ccc;margin-top:1.5rem}
.feeds a,.tags a{margin-inline-end:.5rem}
.tags li,.stories li{margin:.25rem 0}
small{color:#555}
</style>
</head>
<body>
<header>
<h1>SANA feeds</h1>
<p>Full-text feeds of the Syrian Arab News Agency, with links between the translations of each story.</p>
<p class="feeds">{{.AllTitle}}: {{range .All}}<a href="{{.URL}}">{{.Label}}</a> {{end}}· <a href="{{.OPML}}">OPML</a></p>
</header>
<main>
{{range .Editions}}<section id="{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}">
<h2>{{.Title}}</h2>
<p class="feeds">{{range .Feeds}}<a href="{{.URL}}" type="{{.Type}}">{{.Label}}</a> {{end}}</p>
{{if .Tags}}<ul class="tags">
{{range .Tags}}<li>{{.Name}} <small>({{.Count}})</small> {{range .Feeds}}<a href="{{.URL}}" type="{{.Type}}">{{.Label}}</a> {{end}}</li>
{{end}}</ul>
{{end}}{{if .Stories}}<ul class="stories">
{{range .Stories}}<li><a href="{{.URL}}">{{.Title}}</a>{{if not .Published.IsZero}} <small><time datetime="{{.Published.Format "2006-01-02T15:04:05Z07:00"}}">{{.Published.Format "2006-01-02 15:04"}}</time></small>{{end}}
{{if .Translations}}<br><small>{{range $i, $t := .Translations}}{{if $i}} · {{end}}<a href="{{$t.URL}}" hreflang="{{$t.Lang}}" lang="{{$t.Lang}}">{{$t.Name}}</a>{{end}}</small>{{end}}</li>
{{end}}</ul>
{{end}}</section>
{{end}}</main>
</body>
</html>
`))

// indexPage is what the index template shows.
type indexPage struct {
	AllTitle string
	All      []feedLink
	OPML     string
	Editions []indexEdition
}

// An indexEdition is one edition's section of the index page.
type indexEdition struct {
	Lang, Dir, Title string
	Feeds            []feedLink
	Tags             []indexTag
	Stories          []indexStory
}

// An indexTag is one tag of an edition with its feeds.
type indexTag struct {
	Name  string
	Count int
	Feeds []feedLink
}

// An indexStory is one latest story with its translations.
type indexStory struct {
	Title, URL   string
	Published    time.Time
	Translations []indexLink
}

// An indexLink is a link to a translation.
type indexLink struct {
	Lang, Name, URL string
}

// A feedLink is a link to a feed in one format.
type feedLink struct {
	Label, Type, URL string
}

// serveIndex serves /.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	s.serveCached(w, r, docKey{kind: kindIndex}, s.Store.Generation())
}

// renderIndex renders the index page at generation gen.
func (s *Server) renderIndex(ctx context.Context, gen uint64, prev *doc) (*doc, error) {
	p := indexPage{
		AllTitle: feedTitle(sanafeed.Edition{}),
		All:      s.feedLinks("", ""),
		OPML:     s.base + "/feeds.opml",
	}
	for _, e := range s.list {
		ie, err := s.indexEdition(ctx, e, gen)
		if err != nil {
			return nil, err
		}
		p.Editions = append(p.Editions, ie)
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("server: render index: %w", err)
	}
	lastMod := s.Store.LastChange()
	return newDoc(buf.Bytes(), "text/html; charset=utf-8", lastMod, s.now(), prev), nil
}

// indexEdition gathers the index section of edition e.
func (s *Server) indexEdition(ctx context.Context, e sanafeed.Edition, gen uint64) (indexEdition, error) {
	ie := indexEdition{Lang: e.Lang, Dir: e.Dir, Title: feedTitle(e), Feeds: s.feedLinks(e.Lang, "")}
	if ie.Dir == "" {
		ie.Dir = "ltr"
	}
	ts, err := s.tags.get(ctx, e.Lang, gen)
	if err != nil {
		return ie, err
	}
	for _, tc := range ts.list[:min(indexTags, len(ts.list))] {
		name := tc.Tag.Name
		if name == "" {
			name = tc.Tag.Slug
		}
		ie.Tags = append(ie.Tags, indexTag{Name: name, Count: tc.Count, Feeds: s.feedLinks(e.Lang, tc.Tag.Slug)})
	}
	arts, err := s.Store.Latest(ctx, sanafeed.Query{Lang: e.Lang, Limit: indexStories})
	if err != nil {
		return ie, fmt.Errorf("server: index %s: %w", e.Lang, err)
	}
	for _, a := range arts {
		st := indexStory{Title: a.Title, URL: a.URL, Published: a.Published.UTC()}
		for _, t := range a.Translations {
			st.Translations = append(st.Translations, indexLink{Lang: t.Lang, Name: sanafeed.LangName(t.Lang), URL: t.URL})
		}
		ie.Stories = append(ie.Stories, st)
	}
	return ie, nil
}

// feedLinks returns the links to one feed (edition lang, "" for all; tag
// slug, "" for none) in every format.
func (s *Server) feedLinks(lang, tag string) []feedLink {
	out := make([]feedLink, len(formats))
	for i, f := range formats {
		out[i] = feedLink{Label: f.label, Type: feedMediaType(f.ext), URL: s.base + feedPath(lang, tag, f.ext)}
	}
	return out
}

// feedMediaType returns the media type of a feed link with extension ext,
// for type attributes.
func feedMediaType(ext string) string {
	switch ext {
	case "rss":
		return "application/rss+xml"
	case "atom":
		return "application/atom+xml"
	}
	return "application/feed+json"
}
