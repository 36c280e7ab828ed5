// Package feedgen renders a list of sanafeed articles as RSS 2.0, Atom 1.0
// or JSON Feed 1.1 bytes.
//
// It builds on github.com/gorilla/feeds and is the only package importing
// it; no gorilla type leaves it. gorilla/feeds builds the common model and
// each format's structs, and feedgen wraps those structs where they fall
// short of the specs or of CONTRACT.md: xml:lang, hreflang and title on
// links, several links per feed and entry (self, alternate, hub, related),
// Atom <published>, Atom categories with a term, RSS categories with a
// domain, the atom, dc and media namespaces in RSS, JSON Feed item language,
// a required "items" array and the _sanafeed extension.
//
// What each item carries, per format:
//
//   - id: the article's tag URI (Atom <id>, RSS <guid isPermaLink="false">,
//     JSON id), never its URL.
//   - link: Atom has exactly one rel="alternate" link, the article; each
//     translation is a rel="related" link with hreflang and the language's
//     name as title (in RSS an <atom:link>, in JSON _sanafeed.translations).
//   - content: the sanitised HTML in <div dir="…" lang="…">, ending with a
//     localised "Also in:" line of links to the translations (Atom
//     <content type="html">, RSS <content:encoded>, JSON content_html). RSS
//     <description> is the summary (HTML-escaped) or else the content; Atom
//     <summary type="text"> and JSON summary are the plain summary.
//   - tags, then categories: Atom <category term="slug" label="Name">, RSS
//     <category>Name</category>, JSON tags as names. Tags carry their
//     edition's tag base URL (https://sana.sy/en/tag/) as Atom scheme and
//     RSS domain; categories carry none.
//   - image: RSS and Atom <media:content url="…" medium="image"> (its length
//     and type are unknown, so no <enclosure>, and no second Atom link);
//     JSON image; only an absolute http or https URL, else none.
//   - author: the article's, else the edition's agency name (Atom <author>,
//     RSS <dc:creator> since RSS <author> must be an email, JSON authors).
//   - language: Atom xml:lang on each entry, RSS <dc:language>, JSON
//     language; the feed's own in Atom xml:lang, RSS <language>, JSON
//     language when Feed.Lang is set.
//   - times: in UTC, whole seconds; RFC 3339 in Atom and JSON, RFC 1123 with
//     numeric zone in RSS.
//
// Rendering is deterministic: the same Feed gives byte-identical output,
// so servers may derive ETags from the bytes.
package feedgen

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"time"

	"github.com/gorilla/feeds"

	"github.com/sanafeed/sanafeed"
)

// The formats Render knows, named as the served files' extensions.
const (
	RSS  = "rss"  // RSS 2.0 with the content, atom, dc and media namespaces
	Atom = "atom" // Atom 1.0, RFC 4287
	JSON = "json" // JSON Feed 1.1
)

// generator is the generator name every feed carries.
const generator = "sanafeed"

// A Feed is one feed document to render: its metadata and its articles,
// in the order they are to appear (newest first, as the store returns them).
type Feed struct {
	Title    string // required
	Subtitle string // Atom subtitle, RSS and JSON description; "" = none (RSS falls back to Title)
	// Lang is the feed's BCP 47 language, "" for the all-editions feed:
	// then the feed carries no language and each item carries its own.
	Lang    string
	SelfURL string // absolute URL of this document, rel="self"; required
	HomeURL string // the HTML page the feed mirrors; "" = none (RSS <link> falls back to SelfURL)
	// ID is the Atom feed id; "" means SelfURL.
	ID string
	// Updated is the newest change; zero means the newest item's updated
	// time, or the Unix epoch for an empty feed, so output stays
	// deterministic.
	Updated  time.Time
	HubURL   string // WebSub hub; "" = none
	Icon     string // feed icon URL; "" = none
	Articles []sanafeed.Article
	// Stories, when set, runs parallel to Articles and makes each item a
	// story (a translation cluster) of which the article is the version
	// shown: the item takes the story's id, and as its updated time the
	// latest of its versions', so that it moves when a version joins or
	// changes.
	Stories []Story
}

// A Story is what a story feed's item shows beside its article.
type Story struct {
	ID       string             // stable for the story, whichever version is shown; "" keeps the article's
	Versions []sanafeed.Article // every version of the story, the one shown among them
}

// ContentType returns the media type, with charset, to serve format with,
// or "" for an unknown format.
func ContentType(format string) string {
	switch format {
	case RSS:
		return "application/rss+xml; charset=utf-8"
	case Atom:
		return "application/atom+xml; charset=utf-8"
	case JSON:
		return "application/feed+json; charset=utf-8"
	}
	return ""
}

// Render returns f rendered in format (RSS, Atom or JSON). It returns an
// error for a nil feed, an unknown format, or a feed without Title or
// SelfURL. It does not modify f and is safe for concurrent use.
func Render(f *Feed, format string) ([]byte, error) {
	switch {
	case f == nil:
		return nil, errors.New("feedgen: nil feed")
	case ContentType(format) == "":
		return nil, fmt.Errorf("feedgen: unknown format %q", format)
	case f.Title == "":
		return nil, errors.New("feedgen: feed title required")
	case f.SelfURL == "":
		return nil, fmt.Errorf("feedgen: feed %q: self url required", f.Title)
	}
	m := newModel(f)
	var (
		buf bytes.Buffer
		err error
	)
	switch format {
	case RSS:
		err = writeXML(&buf, m.rss())
	case Atom:
		err = writeXML(&buf, m.atom())
	case JSON:
		err = writeJSON(&buf, m.json())
	}
	if err != nil {
		return nil, fmt.Errorf("feedgen: render %s %s: %w", format, f.SelfURL, err)
	}
	return buf.Bytes(), nil
}

// writeXML writes the XML declaration and v, indented, ending in a newline.
func writeXML(buf *bytes.Buffer, v any) error {
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

// writeJSON writes v indented, without HTML escaping (<, > and & stay as
// they are, which is valid JSON and keeps content_html readable).
func writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// A model is a Feed prepared for rendering: the gorilla/feeds model every
// format starts from, plus what gorilla cannot hold, per item.
type model struct {
	f       *Feed
	id      string    // Atom feed id
	updated time.Time // UTC, whole seconds, never zero
	gf      *feeds.Feed
	items   []item // parallel to gf.Items
	images  bool   // some item has an image: declare the media namespace
}

// An item is one article prepared for rendering.
type item struct {
	a            *sanafeed.Article
	id           string // a.ID(), or its story's
	lang         string // a.Lang
	author       string
	published    time.Time // zero when unknown
	updated      time.Time // never zero
	translations []sanafeed.Link
	categories   []category
	image        string // a.Image when an absolute http(s) URL, else ""
}

// newModel prepares f for rendering.
func newModel(f *Feed) *model {
	m := &model{f: f, id: f.ID}
	if m.id == "" {
		m.id = f.SelfURL
	}
	m.items = make([]item, len(f.Articles))
	var newest time.Time
	for i := range f.Articles {
		it := newItem(&f.Articles[i])
		if i < len(f.Stories) {
			it.story(f.Stories[i])
		}
		if it.updated.After(newest) {
			newest = it.updated
		}
		m.items[i] = it
		m.images = m.images || it.image != ""
	}
	m.updated = utc(f.Updated)
	if m.updated.IsZero() {
		m.updated = newest
	}
	if m.updated.IsZero() {
		m.updated = time.Unix(0, 0).UTC()
	}
	home := f.HomeURL
	if home == "" {
		home = f.SelfURL
	}
	m.gf = &feeds.Feed{
		Title:       xmlText(f.Title),
		Link:        &feeds.Link{Href: home},
		Description: xmlText(f.Subtitle),
		Updated:     m.updated,
		Id:          m.id,
		Items:       make([]*feeds.Item, len(m.items)),
	}
	for i := range m.items {
		it := &m.items[i]
		if it.updated.IsZero() {
			it.updated = m.updated
		}
		m.gf.Items[i] = it.gorilla()
	}
	return m
}

// newItem prepares a for rendering. Its updated time stays zero when a
// carries no time at all; newModel fills in the feed's.
func newItem(a *sanafeed.Article) item {
	it := item{a: a, id: a.ID(), lang: a.Lang, author: a.Author}
	if it.author == "" {
		it.author = siteName(a.Lang)
	}
	it.published = utc(a.Time())
	it.updated = updatedOf(a)
	it.translations = translations(a)
	it.categories = categories(a)
	it.image = sanafeed.HTTPURL(a.Image) // the store may hold what an older poller did not check
	return it
}

// story makes the item show the story s.
func (it *item) story(s Story) {
	if s.ID != "" {
		it.id = s.ID
	}
	for i := range s.Versions {
		if u := updatedOf(&s.Versions[i]); u.After(it.updated) {
			it.updated = u
		}
	}
}

// updatedOf returns an item's updated time for the article a.
func updatedOf(a *sanafeed.Article) time.Time { return utc(a.Revised()) }

// gorilla returns the item in gorilla/feeds' model.
func (it *item) gorilla() *feeds.Item {
	a := it.a
	return &feeds.Item{
		Title:       xmlText(a.Title),
		Link:        &feeds.Link{Href: a.URL, Rel: "alternate", Type: "text/html"},
		Author:      &feeds.Author{Name: xmlText(it.author)},
		Description: xmlText(a.Summary),
		Id:          it.id,
		IsPermaLink: "false",
		Created:     it.published,
		Updated:     it.updated,
		Content:     contentHTML(a, it.translations),
	}
}

// utc returns t in UTC truncated to the second, the precision every
// format shows.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// siteName returns the agency's name in the edition lang, the author of
// articles that name none.
func siteName(lang string) string {
	if e, ok := sanafeed.EditionByLang(lang); ok {
		return e.SiteName
	}
	return "SANA"
}

// rfc3339 formats t (UTC) for Atom and JSON, "" when zero.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
