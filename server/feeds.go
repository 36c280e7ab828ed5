package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
)

// allFeed is the name of the all-editions feed in /feeds/all.rss.
const allFeed = "all"

// formats lists the feed formats in the order pages show them.
// opml is the format's name in an OPML outline's version attribute.
var formats = []struct{ ext, format, label, opml string }{
	{"rss", feedgen.RSS, "RSS", "RSS2"},
	{"atom", feedgen.Atom, "Atom", "Atom"},
	{"json", feedgen.JSON, "JSON", "JSONFeed"},
}

// brand returns SANA's short name in the edition lang.
func brand(lang string) string {
	if lang == "ar" {
		return "سانا"
	}
	return "SANA"
}

// feedTitle returns the title of the feed of edition e, or of every edition
// when e.Lang is "".
func feedTitle(e sanafeed.Edition) string {
	if e.Lang == "" {
		return "SANA — all editions"
	}
	return brand(e.Lang) + " — " + e.Name
}

// tagFeedTitle returns the title of the feed of tag in edition e.
func tagFeedTitle(e sanafeed.Edition, tag sanafeed.Tag) string {
	name := tag.Name
	if name == "" {
		name = tag.Slug
	}
	return feedTitle(e) + ": " + name
}

// feedPath returns the path of a feed: the edition lang's ("" for all
// editions), of its tag slug when tag is not "", in the format with the
// extension ext. The tag is percent-encoded.
func feedPath(lang, tag, ext string) string {
	if lang == "" {
		lang = allFeed
	}
	if tag == "" {
		return "/feeds/" + lang + "." + ext
	}
	return "/feeds/" + lang + "/tags/" + url.PathEscape(tag) + "." + ext
}

// splitFormat splits "en.rss" into "en" and the feedgen format for "rss",
// reporting whether the extension is a known one.
func splitFormat(file string) (name, format string, ok bool) {
	i := strings.LastIndexByte(file, '.')
	if i < 0 {
		return file, "", false
	}
	name, ext := file[:i], file[i+1:]
	for _, f := range formats {
		if f.ext == ext {
			return name, f.format, true
		}
	}
	return name, "", false
}

// extOf returns the file extension of the feedgen format.
func extOf(format string) string {
	for _, f := range formats {
		if f.format == format {
			return f.ext
		}
	}
	return format
}

// unknownFormat answers 404 for a feed path with an unknown extension.
func unknownFormat(w http.ResponseWriter, file string) {
	ext := ""
	if i := strings.LastIndexByte(file, '.'); i >= 0 {
		ext = file[i:]
	}
	notFound(w, fmt.Sprintf("unknown feed format %q; formats: .rss, .atom, .json", ext))
}

// serveFeed serves /feeds/{lang}.{ext} and /feeds/all.{ext}.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	lang, format, ok := splitFormat(file)
	if lang != allFeed {
		if _, known := s.edition(lang); !known {
			notFound(w, fmt.Sprintf("unknown language %q; editions: %s, %s", lang, s.langList(), allFeed))
			s.metrics.feedServed(format, http.StatusNotFound)
			return
		}
	} else {
		lang = ""
	}
	if !ok {
		unknownFormat(w, file)
		s.metrics.feedServed(format, http.StatusNotFound)
		return
	}
	k := docKey{kind: kindFeed, lang: lang, format: format}
	code := s.serveCached(w, r, k, s.gen())
	s.metrics.feedServed(format, code)
	s.hot.learn(r, k, code)
}

// serveTagFeed serves /feeds/{lang}/tags/{tag}.{ext}. The tag arrives
// percent-decoded by the mux and is matched against the stored slugs.
func (s *Server) serveTagFeed(w http.ResponseWriter, r *http.Request) {
	k, code := s.tagFeed(w, r)
	s.metrics.feedServed(k.format, code)
	s.hot.learn(r, k, code)
}

// tagFeed answers a tag feed request and returns the key of its document
// and the status written.
func (s *Server) tagFeed(w http.ResponseWriter, r *http.Request) (docKey, int) {
	lang := r.PathValue("lang")
	file := r.PathValue("tag")
	tag, format, ok := splitFormat(file)
	k := docKey{kind: kindTagFeed, lang: lang, tag: tag, format: format}
	if _, known := s.edition(lang); !known {
		notFound(w, fmt.Sprintf("unknown language %q; editions: %s", lang, s.langList()))
		return k, http.StatusNotFound
	}
	if !ok {
		unknownFormat(w, file)
		return k, http.StatusNotFound
	}
	gen := s.gen()
	if d, ok := s.docs.peek(k, gen); ok { // known at gen: no need to look the tag up
		return k, writeDoc(w, r, d)
	}
	ts, err := s.tags.get(r.Context(), lang, gen)
	if err != nil {
		return k, s.fail(w, r, err)
	}
	if _, known := ts.bySlug[tag]; !known {
		notFound(w, fmt.Sprintf("unknown tag %q in edition %q", tag, lang))
		return k, http.StatusNotFound
	}
	return k, s.serveCached(w, r, k, gen)
}

// renderFeed renders the feed k at generation gen.
func (s *Server) renderFeed(ctx context.Context, k docKey, gen uint64, prev *doc) (*doc, error) {
	e := sanafeed.Edition{}
	if k.lang != "" {
		e, _ = s.edition(k.lang)
	}
	f := &feedgen.Feed{
		Title:   feedTitle(e),
		Lang:    k.lang,
		SelfURL: s.base + feedPath(k.lang, k.tag, extOf(k.format)),
		HomeURL: s.base + "/",
		ID:      feedID(k.lang, k.tag),
		HubURL:  s.HubURL,
	}
	f.Subtitle = "Syrian Arab News Agency, all editions"
	if k.lang != "" {
		f.Subtitle = e.SiteName
	}
	if k.kind == kindTagFeed {
		ts, err := s.tags.get(ctx, k.lang, gen)
		if err != nil {
			return nil, err
		}
		tc, ok := ts.bySlug[k.tag]
		if !ok {
			return nil, fmt.Errorf("server: tag %q of %q: %w", k.tag, k.lang, sanafeed.ErrNotFound)
		}
		f.Title = tagFeedTitle(e, tc.Tag)
		f.Subtitle = e.SiteName + " — " + tc.Tag.Name
	}
	d, err := s.renderQuery(ctx, f, sanafeed.Query{Lang: k.lang, Tag: k.tag, Limit: s.items()}, k.format, prev)
	if err != nil {
		return nil, err
	}
	if s.HubURL != "" { // for WebSub discovery (W3C WebSub 4)
		d.hLink = []string{"<" + s.HubURL + `>; rel="hub", <` + f.SelfURL + `>; rel="self"`}
	}
	return d, nil
}

// feedID returns the stable id of the feed of edition lang ("" for all) and
// tag ("" for none), the same in every format.
func feedID(lang, tag string) string {
	if lang == "" {
		lang = allFeed
	}
	id := "tag:sana.sy,2025:feeds/" + lang
	if tag != "" {
		id += "/tags/" + url.PathEscape(tag)
	}
	return id
}

// newest returns the newest change among arts (updated, modified or
// published), or the store's last change when arts is empty, capped at now.
func (s *Server) newest(arts []sanafeed.Article) time.Time {
	var t time.Time
	for i := range arts {
		a := &arts[i]
		t = maxTime(t, a.Updated, a.Modified, a.Published)
	}
	if t.IsZero() {
		t = s.Store.LastChange()
	}
	if now := s.now(); t.IsZero() || t.After(now) {
		t = now
	}
	return t.UTC()
}

// maxTime returns the latest of ts.
func maxTime(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// renderQuery fills f with the articles q selects, newest first, and
// renders it as format: the document of a feed whose items are a store
// query's (an edition's or tag's feed, a search).
func (s *Server) renderQuery(ctx context.Context, f *feedgen.Feed, q sanafeed.Query, format string, prev *doc) (*doc, error) {
	arts, err := s.Store.Latest(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("server: feed %s: %w", f.SelfURL, err)
	}
	f.Articles = arts
	f.Updated = s.newest(arts)
	body, err := feedgen.Render(f, format)
	if err != nil {
		return nil, fmt.Errorf("server: render %s: %w", f.SelfURL, err)
	}
	return newDoc(body, feedgen.ContentType(format), f.Updated, s.now(), prev), nil
}
