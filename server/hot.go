package server

import (
	"net/http"
	"sync"
	"sync/atomic"
)

// maxHot bounds the paths the hot path remembers; past it, it forgets them
// all and learns again from the requests that follow.
const maxHot = maxDocs

// hotPaths remembers, for each request path the mux routed to a cached
// document, which document that was, so that the next request for the path
// whose document is current is answered without the mux, the route's
// checks or the cache's slow path. It is a memo of the mux's answer, not a
// second set of routes: a path is learnt only from a request the mux
// routed and the route accepted, and a document is only current at a
// store generation when its route accepted it at that generation (a
// SetLangs moves the generation on), so a path whose document is not
// current goes through the mux again.
type hotPaths struct {
	m sync.Map // request path → docKey
	n atomic.Int64
}

// learn remembers that r's path names the document k when the route
// answered r from it (code 200 or 304). Only a path that is its own
// escaping, without a query, is learnt, so that the path alone says what
// the mux and the route saw. Only the feed routes, which read nothing of
// a request but its path, method and headers, teach it.
func (h *hotPaths) learn(r *http.Request, k docKey, code int) {
	if (code != http.StatusOK && code != http.StatusNotModified) || r.URL.RawPath != "" || r.URL.RawQuery != "" {
		return
	}
	if _, known := h.m.Load(r.URL.Path); known {
		return
	}
	if h.n.Add(1) > maxHot {
		h.m.Clear()
		h.n.Store(1)
	}
	h.m.Store(r.URL.Path, k)
}

// serveHot answers r from a current cached document when its path is one
// the mux routed to that document, and reports whether it did. It leaves
// to the mux what carries a body, what is not a GET or HEAD, what has a
// query, and any path it has not learnt.
func (s *Server) serveHot(w http.ResponseWriter, r *http.Request) bool {
	if r.ContentLength != 0 || (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.URL.RawPath != "" || r.URL.RawQuery != "" {
		return false
	}
	v, ok := s.hot.m.Load(r.URL.Path)
	if !ok {
		return false
	}
	k := v.(docKey)
	d, ok := s.docs.peek(k, s.gen())
	if !ok {
		return false
	}
	code := writeDoc(w, r, d)
	if k.kind == kindFeed || k.kind == kindTagFeed {
		s.metrics.feedServed(k.format, code)
	}
	return true
}
