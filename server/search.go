package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
	"github.com/sanafeed/sanafeed/link"
)

// The search feed, /feeds/search.{ext}?q=…: the newest articles of every
// edition (or of ?lang=) mentioning every term of q, in any script (see
// link.Query). It reads at most searchScan articles, newest first, and
// is cached per store generation under the query's normal form, in a
// cache of its own so that queries cannot evict the other feeds.

// Bounds of the search feed.
const (
	searchScan  = 5000 // articles a search reads at most, newest first
	maxSearches = 256  // cached search feeds
	searchSlots = 2    // searches rendered at once; the others wait
)

// serveSearch returns the handler of /feeds/search in format.
func (s *Server) serveSearch(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.metrics.feedServed(format, s.searchFeed(w, r, format))
	}
}

// searchFeed answers a search feed request and returns the status
// written: 400 with the reason for a query out of bounds or an unknown
// edition.
func (s *Server) searchFeed(w http.ResponseWriter, r *http.Request, format string) int {
	v := r.URL.Query()
	terms, err := sanafeed.SplitQuery(v.Get("q"))
	if err != nil {
		textError(w, http.StatusBadRequest, "q: "+err.Error())
		return http.StatusBadRequest
	}
	q, err := link.CompileQuery(terms)
	if err != nil {
		textError(w, http.StatusBadRequest, "q: "+err.Error())
		return http.StatusBadRequest
	}
	lang, reason := s.langParam(v)
	if reason != "" {
		textError(w, http.StatusBadRequest, reason)
		return http.StatusBadRequest
	}
	d, err := s.searches.get(r.Context(), docKey{kind: kindSearchFeed, lang: lang, tag: q.String(), format: format}, s.gen())
	if err != nil {
		return s.fail(w, r, err)
	}
	return writeDoc(w, r, d)
}

// searchQuery returns the URL query of the search feed for the normal
// form q in edition lang ("" for all).
func searchQuery(q, lang string) string {
	v := url.Values{"q": {q}}
	if lang != "" {
		v.Set("lang", lang)
	}
	return v.Encode()
}

// renderSearch renders the search feed k (k.tag holds the query's normal
// form) at generation gen. It is the searches cache's loader.
func (s *Server) renderSearch(ctx context.Context, k docKey, gen uint64, prev *doc) (*doc, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
	defer cancel()
	select {
	case s.searching <- struct{}{}:
		defer func() { <-s.searching }()
	case <-ctx.Done():
		return nil, fmt.Errorf("server: search %q: %w", k.tag, ctx.Err())
	}
	q, err := link.ParseQuery(k.tag)
	if err != nil {
		return nil, fmt.Errorf("server: search %q: %w", k.tag, err)
	}
	e := sanafeed.Edition{}
	if k.lang != "" {
		e, _ = s.edition(k.lang)
	}
	f := &feedgen.Feed{
		Title:    feedTitle(e) + ": " + k.tag,
		Subtitle: "Articles mentioning " + k.tag + " in any edition and script",
		Lang:     k.lang,
		SelfURL:  s.base + "/feeds/search." + extOf(k.format) + "?" + searchQuery(k.tag, k.lang),
		HomeURL:  s.base + "/",
		ID:       feedID("search", "") + "?" + searchQuery(k.tag, k.lang),
	}
	return s.renderQuery(ctx, f, sanafeed.Query{Lang: k.lang, Limit: s.items(), Match: q.Match, Scan: searchScan}, k.format, prev)
}
