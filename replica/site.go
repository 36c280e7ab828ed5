// Package replica is a faithful local replica of sana.sy, the Syrian Arab
// News Agency: six WordPress editions on one host (Arabic at /, English at
// /en/, Turkish, French, Spanish and Kurdish at /tr/, /fr/, /es/, /ku/)
// with Foxiz article pages, listings, tags, RSS feeds, sitemaps and
// robots.txt, carrying stories of our own in every edition's language.
//
// It reproduces the real site's faults: the Arabic feed is not well-formed
// XML (a duplicated attribute), the English and Turkish feeds are served
// from a stale cache that an unknown query parameter gets past, French
// permalinks lack the trailing slash, each edition has its own post-id
// sequence. A Site is an http.Handler for httptest or a loopback server;
// its clock only moves when Advance or Publish is called, and Truth tells
// what it serves. Options select variants of the markup and paging that
// the real site might turn out to have.
package replica

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Options configure a Site. The zero value is the replica as it has always
// been: the variants below are off.
type Options struct {
	Start      time.Time // the replica's clock at creation; zero = 2026-02-09T12:00:00Z
	CrawlDelay int       // robots.txt Crawl-delay in seconds; 0 = no Crawl-delay line
	Synthetic  int       // extra generated articles spread over the six editions (for benchmarks); 0 = none

	// SyntheticSpan spreads the Synthetic stories evenly over this span,
	// going back from just before the hand-written recent ones (which
	// reach some two days before Start): the oldest generated story is
	// published SyntheticSpan before the newest. 0 = one story every
	// seven minutes, whatever span that makes.
	SyntheticSpan time.Duration

	// PlainMarkup renders a theme that marks nothing as a category: menu
	// items are bare <li class="menu-item"> links, the category link above
	// a title has no class or rel, pages carry no article:section meta nor
	// JSON-LD articleSection, the <article> and <body> carry no category-*
	// or tag-* classes (a category or tag listing's <body> is just
	// "archive"), and the breadcrumb is a <nav> of bare links.
	// Category URLs are unchanged; tag links keep rel="tag", which
	// WordPress core writes whatever the theme.
	PlainMarkup bool

	// NoNextLink leaves pagination out of listings (home, category, tag):
	// no page-numbers nav, no <link rel="prev"> or rel="next">. The
	// /page/N/ URLs still answer, and a page past the end answers 404.
	NoNextLink bool

	// HomeItems is how many posts a listing page shows, the home page's
	// and its /page/N/ as well as category and tag pages (WordPress's one
	// posts_per_page); 0 = 12 on the home pages and 10 on the others.
	HomeItems int

	// SecondTheme renders the same site with another WordPress theme, as
	// after a redesign (theme2.go): permalinks
	// {edition}/{yyyy}/{mm}/{dd}/{slug}/ with no post id, old id URLs
	// and ?p=ID answering 301 to them; article pages with none of
	// Foxiz's markup (title in h2.story-headline, body in
	// section.story-text with two boilerplate boxes inside, times in
	// data- attributes, no <time>, no <article>, no og:, article: nor
	// JSON-LD, the post id only in the shortlink); listings of div.card
	// under section/{slug}/ and topic/{slug}/ paged by a.older; WordPress
	// core sitemaps ({edition}wp-sitemap.xml) and no Sitemap line in
	// robots.txt; feeds linking the slug permalinks, and none at all for
	// the Kurdish edition. PlainMarkup has no effect under it;
	// NoNextLink leaves out the a.older links.
	SecondTheme bool

	// Reposts plants reposts and their hard negatives (reposts.go): exact
	// re-runs of articles under new post ids and "Updated-" versions (the
	// title prefixed in the edition's language, a paragraph changed, one
	// added) in every edition, some published by the first Advance; and
	// same-day siblings, different stories of the same edition, city and
	// topic in the same words. Entry.RepostOf and Entry.SiblingOf tell
	// them.
	Reposts bool
}

// SecondThemeBoilerplate holds the texts of the boxes the second theme
// puts inside an article's body (section.story-text), in every edition:
// no extracted body should contain them. Do not modify.
var SecondThemeBoilerplate = []string{liveBoxText, appBoxText}

const (
	liveBoxText = "Watch SANA TV live, all day, every day" // in div.xbox-live, between two paragraphs
	appBoxText  = "Get the SANA app for your phone"        // in div.xbox-app, after the last paragraph
)

// A Site is the replica of sana.sy. Its methods are safe for concurrent use.
type Site struct {
	opts  Options
	start time.Time

	mu    sync.RWMutex // guards now, step, drawn and eds
	now   time.Time
	step  int                 // how many times Advance ran
	drawn int                 // how many stories Publish has drawn; seeds the next
	eds   map[string]*edState // by language code

	gen map[string]*langText // the generator's text, by language; read only

	jpeg, png, gif []byte // the tiny images served for every upload

	logMu sync.Mutex // guards log
	log   []Request

	faults faultSet // the hostile mode: SetFault, Heal (hostile.go)
}

// An Entry is the ground truth of one live article.
type Entry struct {
	Lang     string
	PostID   int64
	Path     string // permalink path, e.g. "/en/politics/2289847/" (French: no trailing slash); with SecondTheme "/en/2026/02/09/{slug}/"
	Title    string
	Category sanafeed.Tag // the category's own slug ("syrian-economy") and name
	Tags     []sanafeed.Tag
	// Concepts[i] is what Tags[i] means: a key shared by the tags of
	// every edition that mean the same thing ("damascus" for دمشق,
	// Damascus, Şam, Damas, Damasco), the ground truth of tag
	// equivalences. A tag no other edition has an equivalent of has a
	// key of its own, "lang:slug".
	Concepts  []string
	Story     string // story id shared by translations; "" when the story has no other live version
	Published time.Time
	Modified  time.Time // equal to Published when never edited
	Image     string    // path of the featured image as served (data-src, og:image; SecondTheme: figure.story-lead img src); "" for none
	Dateline  string    // as it starts Body[0]
	Body      []string  // paragraphs as plain text: dateline first, editor initials last
	// RepostOf is the post id of the article of the same edition this one
	// reposts, an exact re-run or an updated version (Options.Reposts);
	// 0 when it is none.
	RepostOf int64
	// SiblingOf is the post id of an article of the same edition, city,
	// topic and day, a different story this one was written to resemble
	// (Options.Reposts); 0 when none.
	SiblingOf int64
}

// A Request is one request the site answered.
type Request struct {
	Method      string
	Path        string // decoded, as in URL.Path
	RawQuery    string
	Conditional bool // sent If-None-Match or If-Modified-Since
	Status      int
}

// New returns a replica built from opts. It is deterministic: the same
// options give the same site, byte for byte.
func New(opts Options) *Site {
	start := opts.Start
	if start.IsZero() {
		start = refTime()
	}
	s := &Site{opts: opts, start: start, now: start, eds: map[string]*edState{}, gen: genTables()}
	for lang, ed := range newEditions() {
		s.eds[lang] = newEdState(ed)
		if opts.SecondTheme {
			s.eds[lang].slugs = map[string]int64{}
		}
	}
	shift := start.Sub(refTime())
	for _, st := range handStories() {
		for _, v := range st.versions {
			pub, err := time.ParseInLocation("2006-01-02 15:04", v.at, syria)
			if err != nil {
				panic("replica: bad time in story " + st.id + ": " + v.at)
			}
			s.addVersion(st.id, v, pub.Add(shift))
		}
	}
	if opts.Reposts {
		s.plantReposts()
	}
	if opts.Synthetic > 0 {
		s.addSynthetic(opts.Synthetic)
	}
	for _, es := range s.eds {
		es.reindex()
		if es.ed.staleFor > 0 {
			es.takeSnapshot(start.Add(-es.ed.staleFor))
		}
	}
	s.jpeg, s.png, s.gif = tinyImages()
	return s
}

// addVersion adds the article of story id in v's edition, published at pub.
// A zero v.id takes the edition's next post id.
func (s *Site) addVersion(storyID string, v version, pub time.Time) *article {
	es := s.eds[v.lang]
	cat := es.ed.byPath[v.cat]
	if cat == nil {
		panic("replica: story " + storyID + ": no category " + v.lang + "/" + v.cat)
	}
	id := v.id
	if id == 0 {
		id = es.maxID() + 7
	}
	a := &article{lang: v.lang, id: id, story: storyID, cat: cat, title: v.title, pub: pub, quirk: v.quirk}
	a.mod = pub.Add(time.Duration(v.edited) * time.Minute)
	for _, name := range v.tags {
		a.tags = append(a.tags, es.tag(name))
	}
	if v.img != "" {
		a.image = uploadPath(pub, v.img)
	}
	a.dateline = dateline(v.lang, v.city, pub, id)
	a.body = make([]string, 0, len(v.body)+1)
	a.body = append(a.body, a.dateline+" "+v.body[0])
	a.body = append(a.body, v.body[1:]...)
	a.body = append(a.body, v.by)
	es.put(a)
	return a
}

// Now returns the replica's clock.
func (s *Site) Now() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.now
}

// Truth returns the ground truth of every live article: the editions in
// the order of sanafeed.Editions, each newest first.
func (s *Site) Truth() []Entry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	versions := map[string]int{}
	for _, es := range s.eds {
		for _, a := range es.arts {
			if a.story != "" {
				versions[a.story]++
			}
		}
	}
	var out []Entry
	for _, e := range sanafeed.Editions {
		es := s.eds[e.Lang]
		for _, a := range es.arts {
			out = append(out, s.entryOf(es, a, versions[a.story] > 1))
		}
	}
	return out
}

// entryOf returns the ground truth of a, naming its story when shared.
func (s *Site) entryOf(es *edState, a *article, shared bool) Entry {
	en := Entry{
		Lang: a.lang, PostID: a.id, Path: s.permalink(es, a), Title: a.title,
		Category:  sanafeed.Tag{Slug: a.cat.slug, Name: a.cat.name},
		Published: a.pub, Modified: a.mod, Image: a.image, Dateline: a.dateline,
		Body:     slices.Clone(a.paragraphs()),
		RepostOf: a.repostOf, SiblingOf: a.siblingOf,
	}
	if shared {
		en.Story = a.story
	}
	for _, t := range a.tags {
		en.Tags = append(en.Tags, sanafeed.Tag{Slug: t.slug, Name: t.name})
		en.Concepts = append(en.Concepts, t.concept)
	}
	return en
}

// FeedPostIDs returns the post ids the edition's plain feed (/feed/ for
// ar, /{lang}/feed/ otherwise) carries now, in feed order, stale cached
// ones included. It returns nil for an unknown edition and for one with
// no feed (Kurdish under SecondTheme).
func (s *Site) FeedPostIDs(lang string) []int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	es, ok := s.eds[lang]
	if !ok || !s.hasFeeds(es) {
		return nil
	}
	var ids []int64
	for _, a := range es.feedItems() {
		ids = append(ids, a.id)
	}
	return ids
}

// Requests returns the requests answered since creation or the last
// ResetRequests, oldest first.
func (s *Site) Requests() []Request {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return slices.Clone(s.log)
}

// ResetRequests empties the request log.
func (s *Site) ResetRequests() {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.log = nil
}

func (s *Site) record(r *http.Request, status int) {
	q := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Status: status,
		Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.log = append(s.log, q)
}

// tinyImages returns a 1x1 JPEG, PNG and GIF.
func tinyImages() (jpg, pngb, gifb []byte) {
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{R: 0x9a, G: 0x8c, B: 0x7a, A: 0xff})
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	jpg = slices.Clone(b.Bytes())
	b.Reset()
	png.Encode(&b, img)
	pngb = slices.Clone(b.Bytes())
	b.Reset()
	gif.Encode(&b, img, nil)
	gifb = slices.Clone(b.Bytes())
	return jpg, pngb, gifb
}
