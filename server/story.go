package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// storyTemplate is the page of one story: every version of it.
var storyTemplate = template.Must(template.New("story").Funcs(pageFuncs).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — SANA feeds</title>
<link rel="icon" type="image/svg+xml" href="{{.Icon}}">
{{range .Versions}}{{if and (not .Self) .Page}}<link rel="alternate" hreflang="{{.Lang}}" href="{{.Page}}">
{{end}}{{end}}<style>{{subpageCSS}}</style>
{{- if .Revisions}}<style>{{revisionCSS}}</style>{{end}}
</head>
<body>
<header class="top"><div class="wrap" lang="en" dir="ltr">
<h1><a href="{{.Home}}">SANA feeds</a></h1>
<p>One story in every edition that carries it: {{len .Versions}} version{{if gt (len .Versions) 1}}s{{end}}.</p>
</div></header>
<main class="wrap">
<div class="versions">
{{range .Versions}}<article class="version box" id="{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}">
<span class="lang">{{.Name}}</span>
<h2><a href="{{.URL}}">{{.Title}}</a></h2>
<div class="meta">{{if not .Published.IsZero}}<time dir="ltr" datetime="{{datetime .Published}}">{{when .Published}}</time> · {{end}}<a href="{{.URL}}">SANA</a>{{if .Feed}} · <a href="{{.Feed}}" type="application/atom+xml">{{.FeedTitle}}</a>{{end}}</div>
{{if .Summary}}<p>{{.Summary}}</p>{{end}}
{{if .Tags}}<ul class="tags">{{range .Tags}}<li><a href="{{.Page}}">{{.Name}}</a></li>{{end}}</ul>{{end}}
{{if .Reposts}}<p class="also" lang="en" dir="ltr">Also posted as {{range $i, $u := .Reposts}}{{if $i}}, {{end}}<a href="{{$u}}">{{$u}}</a>{{end}}</p>
{{end}}</article>
{{end}}</div>
{{with .Revisions}}<section class="box revisions" id="revisions">
<h2 lang="en" dir="ltr">Revisions</h2>
<p class="meta" lang="en" dir="ltr">Each text as sanafeed stored it, newest first, with what changed from the one before: <ins>added</ins>, <del>removed</del>.</p>
{{range .}}<article class="revision" id="v{{.Version}}" lang="{{$.Lang}}" dir="{{$.Dir}}">
<h3 lang="en" dir="ltr">Version {{.Version}}{{if .Current}} (current){{end}} · <time datetime="{{datetime .At}}">{{when .At}}</time> · <a href="{{.URL}}">SANA</a></h3>
<p class="title">{{template "diff" .Title}}</p>
<div class="body"><p>{{template "diff" .Body}}</p></div>
</article>
{{end}}</section>
{{end}}</main>
<footer class="wrap" lang="en" dir="ltr"><a href="{{.Home}}">All feeds</a></footer>
</body>
</html>
{{define "diff"}}{{range .}}{{if .Break}}</p><p>{{else if eq .Op "ins"}}<ins>{{.Text}}</ins>{{else if eq .Op "del"}}<del>{{.Text}}</del>{{else}}{{.Text}}{{end}}{{end}}{{end}}`))

// storyPage is what the story template shows.
type storyPage struct {
	Lang, Dir, Title, Home string
	Icon                   string // the site's icon
	Versions               []storyVersion
	Revisions              []storyRevision // the article's texts, newest first; none if never edited
}

// A storyVersion is one version of a story.
type storyVersion struct {
	Lang, Dir, Name  string
	Title, URL, Page string
	Feed, FeedTitle  string // the edition's Atom feed, when served
	Summary          string
	Published        time.Time
	Tags             []indexTag
	Reposts          []string // URLs of the reposts folded into it
	Self             bool     // the version the page is named after
}

// serveStory serves /stories/{lang}/{post}/ (and without the slash) and
// /stories/{key}, the key "lang/postid" escaped as one segment ("en%2F123").
func (s *Server) serveStory(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if key == "" {
		key = r.PathValue("lang") + "/" + r.PathValue("post")
	}
	lang, post, ok := strings.Cut(key, "/")
	id, err := strconv.ParseInt(post, 10, 64)
	if !ok || err != nil || id <= 0 || sanafeed.ArticleKey(lang, id) != key {
		notFound(w, fmt.Sprintf("unknown story %q; stories are /stories/{lang}/{post id}", key))
		return
	}
	if _, known := s.edition(lang); !known {
		notFound(w, fmt.Sprintf("unknown language %q; editions: %s", lang, s.langList()))
		return
	}
	gen := s.gen()
	d, err := s.stories.get(r.Context(), key, gen)
	if errors.Is(err, sanafeed.ErrNotFound) {
		notFound(w, fmt.Sprintf("unknown story %q", key))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeDoc(w, r, d)
}

// renderStory renders the page of the story with the article key at
// generation gen. It is the stories cache's loader.
func (s *Server) renderStory(ctx context.Context, key string, _ uint64, prev *doc) (*doc, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
	defer cancel()
	a, err := s.Store.Article(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("server: story %s: %w", key, err)
	}
	arts := []sanafeed.Article{a}
	for _, t := range a.Translations {
		ta, err := s.Store.Article(ctx, keyOfID(t.ID))
		switch {
		case errors.Is(err, sanafeed.ErrNotFound):
			ta = sanafeed.Article{Lang: t.Lang, URL: t.URL, Title: t.Title} // linked, not stored
		case err != nil:
			return nil, fmt.Errorf("server: story %s: %w", key, err)
		}
		arts = append(arts, ta)
	}
	p := storyPage{Lang: a.Lang, Dir: dirOf(a.Lang), Title: a.Title, Home: s.base + "/", Icon: s.iconURL()}
	if p.Revisions, err = s.revisionsOf(ctx, &a); err != nil {
		return nil, err
	}
	newest := time.Time{}
	for i, v := range arts {
		sv := storyVersion{
			Lang: v.Lang, Dir: dirOf(v.Lang), Name: sanafeed.LangName(v.Lang),
			Title: v.Title, URL: v.URL, Summary: v.Summary, Published: v.Published, Self: i == 0,
			Reposts: v.Reposts,
		}
		if sv.Title == "" {
			sv.Title = sv.Name
		}
		if e, ok := s.edition(v.Lang); ok {
			if v.PostID > 0 { // stored and served: it has a page
				sv.Page = s.storyURL(v.Key())
			}
			sv.Feed, sv.FeedTitle = s.base+feedPath(v.Lang, "", "atom"), feedTitle(e)
			for _, t := range v.Tags {
				sv.Tags = append(sv.Tags, s.indexTag(v.Lang, t))
			}
		}
		p.Versions = append(p.Versions, sv)
		newest = maxTime(newest, v.Updated, v.Modified, v.Published)
	}
	slices.SortStableFunc(p.Versions[1:], func(x, y storyVersion) int { return editionRank(x.Lang) - editionRank(y.Lang) })
	var buf bytes.Buffer
	if err := storyTemplate.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("server: render story %s: %w", key, err)
	}
	return s.htmlDoc(buf.Bytes(), newest, prev), nil
}
