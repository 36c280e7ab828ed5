package server

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
)

// Index page sizes.
const (
	indexTags    = 10 // top tags per edition
	indexStories = 5  // latest stories per edition
	indexLatest  = 3  // latest stories, all editions, versions side by side
)

// indexTemplate is the index page. It is parsed once and never changed.
var indexTemplate = template.Must(template.New("index").Funcs(pageFuncs).Parse(`<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SANA feeds</title>
<link rel="icon" type="image/svg+xml" href="{{.Icon}}">
{{range .All.Feeds}}<link rel="alternate" type="{{.Type}}" title="{{$.All.Title}} ({{.Label}})" href="{{.URL}}">
{{end}}{{if .Hub}}<link rel="hub" href="{{.Hub}}">
{{end}}<style>{{css}}</style>
</head>
<body>
<header class="top"><div class="wrap">
<h1>SANA feeds</h1>
<p>Full-text feeds of the Syrian Arab News Agency in six languages, every story linked to its translations. Pick an edition or a tag and paste its feed URL into your reader, or import every edition with the <a href="{{.OPML}}">OPML</a>.</p>
<nav class="editions" aria-label="Editions">{{range .Editions}}<a href="#{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}">{{.Name}}</a>{{end}}</nav>
</div></header>
<main class="wrap">
<section class="box" id="all">
<div class="head"><h2>All editions</h2><small>the newest {{.All.Count}} stories of every edition</small></div>
{{template "subscribe" .All}}
<p class="meta" id="opml">OPML of the {{len .Editions}} edition feeds, to import into a reader: {{range $i, $f := .OPMLFormats}}{{if $i}} · {{end}}<a href="{{$f.URL}}" type="{{$f.Type}}">{{$f.Label}}</a>{{end}}. It lists each article once: readers that keep one row per article, like newsboat, show an article under one feed only, and tag feeds and the all-editions feed repeat the editions' articles. To add them anyway: {{range $i, $f := .OPMLVariants}}{{if $i}} · {{end}}<a href="{{$f.URL}}" type="{{$f.Type}}">{{$f.Label}}</a>{{end}}.{{if .Hub}} WebSub hub: <code>{{.Hub}}</code>{{end}}</p>
</section>
{{if .Latest}}<section class="box" id="latest">
<h2>Latest stories</h2>
{{range .Latest}}<article class="story">
<a class="more" href="{{.Page}}">All versions</a>
<div class="versions">{{range .Versions}}<div class="version" lang="{{.Lang}}" dir="{{.Dir}}"><span class="lang">{{.Name}}</span><a class="title" href="{{.URL}}">{{.Title}}</a>{{if not .Published.IsZero}}<div class="meta"><time dir="ltr" datetime="{{datetime .Published}}">{{when .Published}}</time></div>{{end}}</div>{{end}}</div>
</article>
{{end}}</section>
{{end}}<div class="grid">
{{range .Editions}}<section class="box edition" id="{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}">
<div class="head"><h2>{{.Feed.Title}}</h2><small lang="en" dir="ltr">{{.English}}</small></div>
{{template "subscribe" .Feed}}
{{if .Tags}}<h3 lang="en">Tags</h3>
<ul class="tags">{{range .Tags}}<li><a href="{{.Page}}" title="{{.Name}}: the latest stories and the tag's feed">{{.Name}}<span class="n">{{.Count}}</span></a></li>{{end}}</ul>
{{if .Equivalents}}<p class="meta equiv" lang="en" dir="ltr">Across editions: {{range $i, $q := .Equivalents}}{{if $i}}; {{end}}{{template "equivalents" $q}}{{end}}</p>
{{end}}{{end}}{{if .Stories}}<h3 lang="en">Latest</h3>
{{template "stories" .Stories}}
{{end}}</section>
{{end}}</div>
</main>
<footer class="wrap">Feeds are rendered from sanafeed's store: ids never change for the same SANA article.</footer>
</body>
</html>
{{define "stories"}}<ul class="stories">
{{range .}}<li><a class="t" href="{{.URL}}">{{.Title}}</a>
<div class="meta">{{if not .Published.IsZero}}<time dir="ltr" datetime="{{datetime .Published}}">{{when .Published}}</time> · {{end}}<a href="{{.Page}}">versions</a></div>
{{if .Summary}}<p class="sum">{{.Summary}}</p>
{{end}}{{if .Translations}}<div class="also">{{range .Translations}}<a href="{{.URL}}" hreflang="{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}" title="{{.Title}}">{{.Name}}</a>{{end}}</div>{{end}}</li>
{{end}}</ul>{{end}}{{define "equivalents"}}<bdi lang="{{.Lang}}">{{.Name}}</bdi> = {{range $i, $t := .Tags}}{{if $i}}, {{end}}<a href="{{$t.Page}}" lang="{{$t.Lang}}" dir="{{$t.Dir}}">{{$t.Name}}</a>{{end}} (<a href="{{.Feed}}" type="application/atom+xml">feed of every edition</a>){{end}}{{define "subscribe"}}<div class="subscribe">{{range $i, $f := .Feeds}}<a class="fmt{{if $i}} alt{{end}}" href="{{$f.URL}}" type="{{$f.Type}}" rel="alternate">{{$f.Label}}</a>{{end}}<input class="url" type="text" readonly dir="ltr" value="{{.Main}}" aria-label="Feed URL of {{.Title}}"></div>{{end}}
`))

// indexPage is what the index template shows.
type indexPage struct {
	All          feedSet
	OPML         string     // the default OPML in Atom
	OPMLFormats  []feedLink // the default OPML in every format, Atom first
	OPMLVariants []feedLink // the OPML with tag feeds, the all-editions feed, both
	Hub          string
	Icon         string // the site's icon
	Editions     []indexEdition
	Latest       []indexCluster
}

// A feedSet is one feed in every format, Atom first.
type feedSet struct {
	Title string
	Main  string // the Atom URL, to copy
	Count int    // articles it carries
	Feeds []feedLink
}

// An indexEdition is one edition's section of the index page.
type indexEdition struct {
	Lang, Dir, Name, English string
	Feed                     feedSet
	Tags                     []indexTag
	Equivalents              []tagEquivalents // of the tags shown that have some
	Stories                  []indexStory
}

// An indexTag is one tag of an edition with its page and Atom feed.
type indexTag struct {
	Name, URL string // URL: the Atom feed
	Page      string // the tag's page on this site
	Count     int
}

// An indexStory is one latest story with its translations.
type indexStory struct {
	Title, URL   string
	Page         string // its page on this site, every version
	Summary      string // shown when set
	Published    time.Time
	Translations []indexLink
}

// An indexCluster is one story with every version side by side.
type indexCluster struct {
	Page     string
	Versions []indexLink
}

// An indexLink is a link to one version of a story.
type indexLink struct {
	Lang, Dir, Name, URL, Title string
	Published                   time.Time
}

// A feedLink is a link to a feed in one format.
type feedLink struct {
	Label, Type, URL string
}

// serveIndex serves /.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	s.serveCached(w, r, docKey{kind: kindIndex}, s.gen())
}

// renderIndex renders the index page at generation gen.
func (s *Server) renderIndex(ctx context.Context, gen uint64, prev *doc) (*doc, error) {
	p := indexPage{
		All:  s.feedSet(feedTitle(sanafeed.Edition{}), "", "", s.items()),
		OPML: s.base + opmlPath(opmlVariant{}, feedgen.Atom),
		Hub:  s.HubURL,
		Icon: s.iconURL(),
	}
	p.OPMLFormats, p.OPMLVariants = s.opmlLinks()
	for _, e := range s.editionList() {
		ie, err := s.indexEdition(ctx, e, gen)
		if err != nil {
			return nil, err
		}
		p.Editions = append(p.Editions, ie)
	}
	latest, err := s.latestClusters(ctx)
	if err != nil {
		return nil, err
	}
	p.Latest = latest
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("server: render index: %w", err)
	}
	lastMod := s.Store.LastChange()
	return s.htmlDoc(buf.Bytes(), lastMod, prev), nil
}

// indexEdition gathers the index section of edition e.
func (s *Server) indexEdition(ctx context.Context, e sanafeed.Edition, gen uint64) (indexEdition, error) {
	ie := indexEdition{Lang: e.Lang, Dir: dirOf(e.Lang), Name: e.Name, English: e.English}
	ts, err := s.tags.get(ctx, e.Lang, gen)
	if err != nil {
		return ie, err
	}
	groups, err := s.tagGroups(ctx, gen)
	if err != nil {
		return ie, err
	}
	for _, tc := range ts.list[:min(indexTags, len(ts.list))] {
		it := s.indexTag(e.Lang, tc.Tag)
		it.Count = tc.Count
		ie.Tags = append(ie.Tags, it)
		if q, ok := s.equivalents(groups, e.Lang, tc.Tag); ok {
			ie.Equivalents = append(ie.Equivalents, q)
		}
	}
	arts, err := s.Store.Latest(ctx, sanafeed.Query{Lang: e.Lang, Limit: s.items()})
	if err != nil {
		return ie, fmt.Errorf("server: index %s: %w", e.Lang, err)
	}
	ie.Feed = s.feedSet(feedTitle(e), e.Lang, "", len(arts))
	for _, a := range arts[:min(indexStories, len(arts))] {
		ie.Stories = append(ie.Stories, s.indexStory(a))
	}
	return ie, nil
}

// indexStory returns the list entry of the article a, with its translations.
func (s *Server) indexStory(a sanafeed.Article) indexStory {
	st := indexStory{Title: a.Title, URL: a.URL, Page: s.storyURL(a.Key()), Published: a.Published.UTC()}
	for _, t := range a.Translations {
		st.Translations = append(st.Translations, s.linkTo(t))
	}
	return st
}

// indexTag returns the chip of tag in edition lang: its name, page and feed.
func (s *Server) indexTag(lang string, tag sanafeed.Tag) indexTag {
	return indexTag{Name: tagName(tag), URL: s.base + feedPath(lang, tag.Slug, "atom"), Page: s.tagPageURL(lang, tag.Slug)}
}

// latestClusters returns the newest stories of the served editions, one
// per translation cluster, each with its versions in edition order.
func (s *Server) latestClusters(ctx context.Context) ([]indexCluster, error) {
	arts, err := s.Store.Latest(ctx, sanafeed.Query{Limit: latestLimit(len(s.editionList()))})
	if err != nil {
		return nil, fmt.Errorf("server: index latest: %w", err)
	}
	seen := map[string]bool{}
	var out []indexCluster
	for _, a := range arts {
		if _, served := s.edition(a.Lang); !served {
			continue
		}
		keys := []string{a.Key()}
		vs := []indexLink{{Lang: a.Lang, Dir: dirOf(a.Lang), Name: sanafeed.LangName(a.Lang), URL: a.URL, Title: a.Title, Published: a.Published}}
		for _, t := range a.Translations {
			keys = append(keys, keyOfID(t.ID))
			vs = append(vs, s.linkTo(t))
		}
		if slices.ContainsFunc(keys, func(k string) bool { return seen[k] }) {
			continue
		}
		for _, k := range keys {
			seen[k] = true
		}
		slices.SortStableFunc(vs, func(x, y indexLink) int { return editionRank(x.Lang) - editionRank(y.Lang) })
		out = append(out, indexCluster{Page: s.storyURL(a.Key()), Versions: vs})
		if len(out) == indexLatest {
			break
		}
	}
	return out, nil
}

// latestLimit returns how many of the newest articles of every edition
// the index reads for its latest stories when n editions are served.
func latestLimit(n int) int {
	return indexLatest * n * 2
}

// linkTo returns the index link of a translation.
func (s *Server) linkTo(t sanafeed.Link) indexLink {
	title := t.Title
	if title == "" {
		title = sanafeed.LangName(t.Lang)
	}
	return indexLink{Lang: t.Lang, Dir: dirOf(t.Lang), Name: sanafeed.LangName(t.Lang), URL: t.URL, Title: title}
}

// feedSet returns the feed titled title of edition lang ("" for all) and
// tag ("" for none), carrying count articles, in every format.
func (s *Server) feedSet(title, lang, tag string, count int) feedSet {
	fs := feedSet{Title: title, Count: count, Main: s.base + feedPath(lang, tag, "atom")}
	fs.Feeds = append(fs.Feeds, feedLink{Label: "Atom", Type: feedMediaType("atom"), URL: fs.Main})
	for _, f := range formats {
		if f.ext != "atom" {
			fs.Feeds = append(fs.Feeds, feedLink{Label: f.label, Type: feedMediaType(f.ext), URL: s.base + feedPath(lang, tag, f.ext)})
		}
	}
	return fs
}

// storyURL returns the URL of the page of the story with the article key
// "lang/postid": a directory, so that a static copy
// (stories/{lang}/{post id}/index.html) is found by every web server.
func (s *Server) storyURL(key string) string {
	return s.base + "/stories/" + key + "/"
}

// keyOfID returns the article key "lang/postid" of a public article id
// (a tag URI ending in it).
func keyOfID(id string) string {
	if i := strings.LastIndexByte(id, ':'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// dirOf returns the writing direction of the language lang.
func dirOf(lang string) string {
	if e, ok := sanafeed.EditionByLang(lang); ok && e.Dir != "" {
		return e.Dir
	}
	return "ltr"
}

// editionRank returns the place of lang in sanafeed.Editions, unknown last.
func editionRank(lang string) int {
	for i, e := range sanafeed.Editions {
		if e.Lang == lang {
			return i
		}
	}
	return len(sanafeed.Editions)
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
