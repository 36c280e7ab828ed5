package server

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/sanafeed/sanafeed"
)

// tagTemplate is the page of one tag of an edition: its latest stories,
// as its feed carries them, and the feed's subscribe links. It shares the
// index's "subscribe" and "stories" blocks.
var tagTemplate = template.Must(template.Must(indexTemplate.Clone()).New("tag").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Feed.Title}} — SANA feeds</title>
<link rel="icon" type="image/svg+xml" href="{{.Icon}}">
{{range .Feed.Feeds}}<link rel="alternate" type="{{.Type}}" title="{{$.Feed.Title}} ({{.Label}})" href="{{.URL}}">
{{end}}<style>{{subpageCSS}}</style>
</head>
<body>
<header class="top"><div class="wrap" lang="en" dir="ltr">
<h1><a href="{{.Home}}">SANA feeds</a></h1>
<p>The latest stories tagged <bdi lang="{{.Lang}}">{{.Name}}</bdi> in SANA's <a href="{{.Edition}}">{{.English}} edition</a>. Subscribe to the tag's feed below: it carries these stories, full text.</p>
</div></header>
<main class="wrap">
<section class="box" id="tag">
<div class="head"><h2>{{.Feed.Title}}</h2><small lang="en" dir="ltr">{{.Feed.Count}} {{if eq .Feed.Count 1}}story{{else}}stories{{end}}</small></div>
{{template "subscribe" .Feed}}
{{with .Equivalents}}<p class="meta equiv" lang="en" dir="ltr">The same tag in other editions: {{template "equivalents" .}}</p>
{{end}}{{if .Stories}}{{template "stories" .Stories}}
{{else}}<p class="meta" lang="en" dir="ltr">No stories yet.</p>
{{end}}</section>
</main>
<footer class="wrap" lang="en" dir="ltr"><a href="{{.Home}}">All feeds</a> · <a href="{{.Edition}}">{{.English}} edition</a></footer>
</body>
</html>
`))

// tagPage is what the tag template shows.
type tagPage struct {
	Lang, Dir, Name string // the edition's language; the tag's name
	English         string // the edition's name in English
	Home, Edition   string // the index page; the edition's section of it
	Icon            string // the site's icon
	Feed            feedSet
	Equivalents     *tagEquivalents // nil when the tag has none
	Stories         []indexStory
}

// tagPageURL returns the URL of the page of the tag slug in edition lang:
// a directory, so that a static copy (tags/{lang}/{slug}/index.html) is
// found by every web server.
func (s *Server) tagPageURL(lang, slug string) string {
	return s.base + "/tags/" + lang + "/" + url.PathEscape(slug) + "/"
}

// serveTagPage serves /tags/{lang}/{tag}/ (and without the slash).
func (s *Server) serveTagPage(w http.ResponseWriter, r *http.Request) {
	lang, tag := r.PathValue("lang"), r.PathValue("tag")
	if _, known := s.edition(lang); !known {
		notFound(w, fmt.Sprintf("unknown language %q; editions: %s", lang, s.langList()))
		return
	}
	k := docKey{kind: kindTagPage, lang: lang, tag: tag}
	gen := s.gen()
	if d, ok := s.docs.peek(k, gen); ok {
		writeDoc(w, r, d)
		return
	}
	ts, err := s.tags.get(r.Context(), lang, gen)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, known := ts.bySlug[tag]; !known {
		notFound(w, fmt.Sprintf("unknown tag %q in edition %q", tag, lang))
		return
	}
	s.serveCached(w, r, k, gen)
}

// renderTagPage renders the page of the tag k.tag of edition k.lang at
// generation gen.
func (s *Server) renderTagPage(ctx context.Context, k docKey, gen uint64, prev *doc) (*doc, error) {
	e, _ := s.edition(k.lang)
	ts, err := s.tags.get(ctx, k.lang, gen)
	if err != nil {
		return nil, err
	}
	tc, ok := ts.bySlug[k.tag]
	if !ok {
		return nil, fmt.Errorf("server: tag page %q of %q: %w", k.tag, k.lang, sanafeed.ErrNotFound)
	}
	arts, err := s.Store.Latest(ctx, sanafeed.Query{Lang: k.lang, Tag: k.tag, Limit: s.items()})
	if err != nil {
		return nil, fmt.Errorf("server: tag page %q of %q: %w", k.tag, k.lang, err)
	}
	p := tagPage{
		Lang: e.Lang, Dir: dirOf(e.Lang), Name: tagName(tc.Tag), English: e.English,
		Home: s.base + "/", Edition: s.base + "/#" + e.Lang, Icon: s.iconURL(),
		Feed: s.feedSet(tagFeedTitle(e, tc.Tag), e.Lang, k.tag, len(arts)),
	}
	groups, err := s.tagGroups(ctx, gen)
	if err != nil {
		return nil, err
	}
	if q, ok := s.equivalents(groups, k.lang, tc.Tag); ok {
		p.Equivalents = &q
	}
	for _, a := range arts {
		st := s.indexStory(a)
		st.Summary = a.Summary
		p.Stories = append(p.Stories, st)
	}
	var buf bytes.Buffer
	if err := tagTemplate.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("server: render tag page %q of %q: %w", k.tag, k.lang, err)
	}
	return s.htmlDoc(buf.Bytes(), s.Store.LastChange(), prev), nil
}

// tagName returns the name a page shows for tag: its name, else its slug.
func tagName(tag sanafeed.Tag) string {
	if tag.Name == "" {
		return tag.Slug
	}
	return tag.Name
}
