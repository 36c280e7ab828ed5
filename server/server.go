// Package server serves sanafeed over HTTP: the feeds of every edition and
// tag in RSS, Atom and JSON Feed, the OPML of them all, an HTML index with
// a page per story, a health check and Prometheus metrics, and mounts the
// WebSub hub it is given.
//
// Every document is rendered once per store generation and kept in memory
// as bytes, a gzip copy, strong ETags and a Last-Modified time, so a
// request that finds its document current is answered with no store read.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Store is what the server reads. *store.DB satisfies it.
type Store interface {
	// Latest returns the articles q selects, newest published first.
	Latest(ctx context.Context, q sanafeed.Query) ([]sanafeed.Article, error)
	// Tags returns the tags of an edition with their article counts, most
	// used first.
	Tags(ctx context.Context, lang string) ([]sanafeed.TagCount, error)
	// Article returns the article with the key "lang/postid", its
	// Translations filled in, or an error wrapping sanafeed.ErrNotFound.
	Article(ctx context.Context, key string) (sanafeed.Article, error)
	// Revisions returns the past texts of the article with the key
	// "lang/postid", oldest first (see sanafeed.Revision).
	Revisions(ctx context.Context, key string) ([]sanafeed.Revision, error)
	// Generation returns a number that changes whenever articles or
	// clusters change. It must be cheap: it is read on every request.
	Generation() uint64
	// LastChange returns when articles or clusters last changed, or the
	// zero time if never.
	LastChange() time.Time
	// Ping reports whether the store is open and usable.
	Ping(ctx context.Context) error
}

// Defaults for the Server's zero fields.
const (
	DefaultItems        = 50 // newest articles per feed
	DefaultOPMLMinItems = 3  // a tag needs this many articles to be listed in the OPML with tags
)

const (
	maxDocs       = 2048             // cached documents (feeds, OPML, index)
	maxTagSets    = 64               // cached tag lists, one per edition
	maxStories    = 512              // cached story pages, apart so that crawlers cannot evict feeds
	renderTimeout = 30 * time.Second // for the store reads behind one render
	healthTimeout = 5 * time.Second  // for Ping and Health together
)

// A Server serves feeds, the OPML, the index page and the health check.
// Set its fields, then call Handler; do not change the fields or copy the
// Server afterwards. Its handlers are safe for concurrent use.
type Server struct {
	Store     Store    // where articles and tags are read; required
	PublicURL string   // e.g. "http://127.0.0.1:8080" (no trailing slash): self links, OPML
	Items     int      // newest articles per feed; 0 means DefaultItems
	Langs     []string // the configured editions, in sanafeed.Editions order; nil means all
	// OPMLMinItems is how many articles a tag needs for its feeds to be
	// listed in the OPML variants with tag feeds; 0 means DefaultOPMLMinItems.
	OPMLMinItems int
	// Health is an extra health check (the poller is alive); nil means none.
	Health func(ctx context.Context) error
	// LastPoll, when set, gives each edition's last poll result for the
	// /healthz JSON report (stale feeds, errors); *store.DB.LastPoll fits.
	LastPoll func(ctx context.Context) (map[string]sanafeed.PollResult, error)
	// HubURL is the WebSub hub every feed advertises (Atom and RSS
	// <link rel="hub">, JSON Feed hubs, HTTP Link header); "" means none.
	HubURL string
	// WebSub, when set, is mounted at /websub for every method: the
	// built-in hub's subscription endpoint.
	WebSub http.Handler
	// Stats, when set, gives /metrics the store's poll results, article
	// counts and webhook queues; *store.DB satisfies it. Nil leaves those
	// metrics out.
	Stats Stats
	// WebhookNames, when set, returns the name of each webhook endpoint
	// by its id (sanafeed.WebhookID), for /metrics' endpoint label; an
	// endpoint it does not name is labelled by its id. A URL is never a
	// label: it may carry a token.
	WebhookNames func() map[string]string
	// SeparateMetrics leaves /metrics out of Handler: MetricsHandler
	// serves it on a listener of its own, e.g. on loopback only.
	SeparateMetrics bool
	// Hub, when set, gives /metrics the WebSub hub's numbers.
	Hub func(ctx context.Context) (sanafeed.HubStats, error)
	// Schedule, when set, gives /metrics each edition's polling schedule
	// as the running poller keeps it.
	Schedule func() []sanafeed.SourceStatus
	// TagGroups, when set, returns the groups of tags of different
	// editions that mean the same thing, learnt from the store (in
	// sanafeed: link.LearnTags over store.DB.ClusterTags). The server
	// calls it at most once per store generation and
	// per relearnTags. Nil means no tag has
	// equivalents: /feeds/tags/{slug} holds the tags with that slug alone.
	TagGroups func(ctx context.Context) (*sanafeed.TagGroups, error)
	Now       func() time.Time // nil means time.Now
	Logger    *slog.Logger     // nil means discard

	once    sync.Once
	writes  writeWatch                            // failed store writes, for /healthz
	metrics *serverMetrics                        // counters behind /metrics
	docs    *cache[docKey, *doc]                  // rendered documents by what they are
	stories *cache[string, *doc]                  // story pages by article key
	tags    *cache[string, *tagSet]               // tags per edition
	groups  *cache[struct{}, *sanafeed.TagGroups] // equivalent tags across editions
	// groupsAt is when the groups were last learnt (Unix ns; see relearnTags).
	groupsAt atomic.Int64
	base     string                   // PublicURL without a trailing slash
	policy   []string                 // the HTML pages' Content-Security-Policy
	eds      atomic.Pointer[editions] // the served editions (SetLangs replaces them)
	hot      hotPaths                 // paths the mux routed to cached documents

	// searches are the search feeds, apart so that queries cannot evict
	// the other feeds; searching holds a slot per search rendering.
	searches  *cache[docKey, *doc]
	searching chan struct{}
}

// What a cached document is.
const (
	kindFeed    uint8 = iota + 1 // one edition's feed, or all editions' (lang "")
	kindTagFeed                  // one edition's tag feed
	kindOPML                     // format: the one format its feeds are listed in
	kindIndex
	kindFavicon
	kindTagPage      // the HTML page of one edition's tag
	kindSearchFeed   // a search feed: tag holds the query's normal form (searches cache)
	kindStoryFeed    // the story feed preferring the edition lang
	kindCrossTagFeed // a tag's feed across editions; lang: the langs filter
)

// A docKey names one cached document.
type docKey struct {
	kind   uint8
	lang   string // edition; "" for all editions; the langs filter of a cross-edition tag feed
	tag    string // tag slug, decoded
	format string // feedgen format for feeds and the OPML
	opml   opmlVariant
}

// Handler returns the server's HTTP handler: a ServeMux with the routes of
// CONTRACT.md. Every call returns a new mux over the same caches. A
// request body is refused (413, connection closed, the body unread) on
// every route but a POST to /websub, where it is capped at maxBody. A
// request for a path the mux routed before to a document that is still
// current is answered from it without the mux (see hotPaths).
func (s *Server) Handler() http.Handler {
	s.once.Do(s.init)
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", get(s.serveIndex))
	mux.HandleFunc("/feeds/{file}", get(s.serveFeed))
	mux.HandleFunc("/feeds/{lang}/tags/{tag}", get(s.serveTagFeed))
	mux.HandleFunc("/feeds/tags/{file}", get(s.serveCrossTagFeed))
	for _, f := range formats {
		mux.HandleFunc("/feeds/search."+f.ext, get(s.serveSearch(f.format)))
		mux.HandleFunc("/feeds/stories."+f.ext, get(s.serveStories(f.format)))
	}
	mux.HandleFunc("/feeds.opml", get(s.serveOPML))
	for _, v := range opmlVariants {
		for _, f := range formats {
			if p := opmlPath(v, f.format); p != "/feeds.opml" {
				mux.HandleFunc(p, get(s.serveOPMLFile(v, f.format)))
			}
		}
	}
	mux.HandleFunc(faviconPath, get(s.serveFavicon))
	mux.HandleFunc("/tags/{lang}/{tag}", get(s.serveTagPage))
	mux.HandleFunc("/tags/{lang}/{tag}/{$}", get(s.serveTagPage))
	mux.HandleFunc("/stories/{key}", get(s.serveStory))
	mux.HandleFunc("/stories/{lang}/{post}", get(s.serveStory))
	mux.HandleFunc("/stories/{lang}/{post}/{$}", get(s.serveStory))
	mux.HandleFunc("/healthz", get(s.serveHealth))
	if !s.SeparateMetrics {
		mux.HandleFunc("/metrics", get(s.serveMetrics))
	}
	if s.WebSub != nil {
		mux.Handle("/websub", s.WebSub)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		notFound(w, "not found")
	})
	routed := guardBodies(mux, s.takesBody)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.serveHot(w, r) {
			routed.ServeHTTP(w, r)
		}
	})
}

// MetricsHandler returns a handler that serves /metrics alone (404 for
// anything else), for a listener of its own: see SeparateMetrics.
func (s *Server) MetricsHandler() http.Handler {
	s.once.Do(s.init)
	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", get(s.serveMetrics))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		notFound(w, "not found")
	})
	return guardBodies(mux, func(*http.Request) bool { return false })
}

// takesBody reports whether r goes to a route that reads a request body:
// only a POST to the WebSub hub does.
func (s *Server) takesBody(r *http.Request) bool {
	return s.WebSub != nil && r.Method == http.MethodPost && r.URL.Path == "/websub"
}

// init fills defaults and builds the caches.
func (s *Server) init() {
	s.base = strings.TrimSuffix(s.PublicURL, "/")
	s.policy = []string{pagePolicy(originOf(s.base))}
	s.eds.Store(newEditions(s.Langs, 0))
	s.docs = newCache(maxDocs, s.render)
	s.tags = newCache(maxTagSets, s.loadTags)
	s.groups = newCache(1, s.loadTagGroups)
	s.stories = newCache(maxStories, s.renderStory)
	s.searches = newCache(maxSearches, s.renderSearch)
	s.searching = make(chan struct{}, searchSlots)
	s.metrics = newServerMetrics()
}

// get wraps h to answer methods other than GET and HEAD with 405.
func get(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			textError(w, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		h(w, r)
	}
}

// serveCached writes the document k, from the cache when it is current
// for gen, else rendered, and returns the status written.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, k docKey, gen uint64) int {
	d, err := s.docs.get(r.Context(), k, gen)
	if err != nil {
		return s.fail(w, r, err)
	}
	return writeDoc(w, r, d)
}

// render builds the document k for the store generation gen; prev is the
// previous render of k, or nil. It is the docs cache's loader.
func (s *Server) render(ctx context.Context, k docKey, gen uint64, prev *doc) (*doc, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
	defer cancel()
	switch k.kind {
	case kindFeed, kindTagFeed:
		return s.renderFeed(ctx, k, gen, prev)
	case kindOPML:
		return s.renderOPML(ctx, k.format, k.opml, gen, prev)
	case kindIndex:
		return s.renderIndex(ctx, gen, prev)
	case kindTagPage:
		return s.renderTagPage(ctx, k, gen, prev)
	case kindCrossTagFeed:
		return s.renderCrossTagFeed(ctx, k, gen, prev)
	case kindStoryFeed:
		return s.renderStories(ctx, k, prev)
	case kindFavicon:
		return s.renderFavicon(prev), nil
	}
	return nil, errors.New("server: unknown document kind")
}

// fail answers a request whose document could not be made and returns
// the status written.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) int {
	if errors.Is(err, sanafeed.ErrNotFound) {
		notFound(w, "not found")
		return http.StatusNotFound
	}
	s.log().Error("serve failed", "path", r.URL.Path, "err", err)
	textError(w, http.StatusInternalServerError, "internal error")
	return http.StatusInternalServerError
}

// notFound answers 404 with a short plain-text reason.
func notFound(w http.ResponseWriter, reason string) {
	textError(w, http.StatusNotFound, reason)
}

// textError answers code with msg as plain text.
func textError(w http.ResponseWriter, code int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write([]byte(msg + "\n"))
}

// editions are the editions a server serves.
type editions struct {
	byLang  map[string]sanafeed.Edition
	list    []sanafeed.Edition // in order
	version uint64             // bumped by each SetLangs
}

// newEditions returns the editions of langs (nil: all of SANA's),
// without repeats, "" or "all".
func newEditions(langs []string, version uint64) *editions {
	eds := &editions{byLang: map[string]sanafeed.Edition{}, version: version}
	if langs == nil {
		for _, e := range sanafeed.Editions {
			langs = append(langs, e.Lang)
		}
	}
	for _, l := range langs {
		if _, dup := eds.byLang[l]; dup || l == "" || l == "all" {
			continue
		}
		e, ok := sanafeed.EditionByLang(l)
		if !ok {
			e = sanafeed.Edition{Lang: l, Name: l, English: l, Dir: "ltr", SiteName: "SANA"}
		}
		eds.byLang[l] = e
		eds.list = append(eds.list, e)
	}
	return eds
}

// SetLangs replaces the editions served (a configuration reload): their
// feeds, OPML, index and export follow at once.
func (s *Server) SetLangs(langs []string) {
	s.once.Do(s.init)
	s.eds.Store(newEditions(langs, s.eds.Load().version+1))
}

// editionList returns the served editions, in order.
func (s *Server) editionList() []sanafeed.Edition { return s.eds.Load().list }

// gen returns the generation documents are cached under: the store's,
// moved on by each SetLangs (what editions are served changes the index,
// the OPML and which feeds exist).
func (s *Server) gen() uint64 { return s.Store.Generation() + s.eds.Load().version<<40 }

// edition returns the served edition lang and reports whether there is one.
func (s *Server) edition(lang string) (sanafeed.Edition, bool) {
	e, ok := s.eds.Load().byLang[lang]
	return e, ok
}

// langParam returns the edition a feed's lang parameter in v names, ""
// for all; when it names no served edition, the reason to give the
// client instead.
func (s *Server) langParam(v url.Values) (lang, reason string) {
	lang = v.Get("lang")
	if _, known := s.edition(lang); lang != "" && !known {
		return "", fmt.Sprintf("lang: unknown edition %q; editions: %s", lang, s.langList())
	}
	return lang, ""
}

// langList returns the served editions' codes, comma-separated.
func (s *Server) langList() string {
	list := s.editionList()
	codes := make([]string, len(list))
	for i, e := range list {
		codes[i] = e.Lang
	}
	return strings.Join(codes, ", ")
}

// items returns how many articles a feed carries.
func (s *Server) items() int {
	if s.Items <= 0 {
		return DefaultItems
	}
	return s.Items
}

// opmlMin returns how many articles a tag needs to be listed in the OPML.
func (s *Server) opmlMin() int {
	if s.OPMLMinItems <= 0 {
		return DefaultOPMLMinItems
	}
	return s.OPMLMinItems
}

// now returns the current time.
func (s *Server) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// log returns the server's logger, or one that discards.
func (s *Server) log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// A tagSet is one edition's tags at one store generation.
type tagSet struct {
	list   []sanafeed.TagCount // most used first
	bySlug map[string]sanafeed.TagCount
}

// loadTags reads the tags of the edition lang. It is the tags cache's loader.
func (s *Server) loadTags(ctx context.Context, lang string, _ uint64, _ *tagSet) (*tagSet, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
	defer cancel()
	tcs, err := s.Store.Tags(ctx, lang)
	if err != nil {
		return nil, fmt.Errorf("server: tags of %q: %w", lang, err)
	}
	ts := &tagSet{list: slices.Clone(tcs), bySlug: make(map[string]sanafeed.TagCount, len(tcs))}
	slices.SortStableFunc(ts.list, func(a, b sanafeed.TagCount) int { return b.Count - a.Count })
	for _, tc := range ts.list {
		if tc.Lang == "" || tc.Lang == lang {
			ts.bySlug[tc.Tag.Slug] = tc
		}
	}
	return ts, nil
}
