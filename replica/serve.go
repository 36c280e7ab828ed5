package replica

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// A response is a rendered answer, built under the read lock and written
// after it is released.
type response struct {
	status   int
	ctype    string
	body     []byte
	location string    // for redirects
	lastMod  time.Time // non-zero: send ETag and Last-Modified, answer 304 when unchanged
	header   []string  // extra header name, value pairs
}

// A req is one request being answered.
type req struct {
	r    *http.Request
	base string // scheme://host of the request, as WordPress's site URL
	now  time.Time
}

// abs returns the absolute URL of path on the requested host.
func (q *req) abs(path string) string { return q.base + path }

// redirect returns a 301 to path on the requested host.
func (q *req) redirect(path string) response {
	return response{status: http.StatusMovedPermanently, location: q.abs(path)}
}

// redirectKeep returns a 301 to path keeping the request's query.
func (q *req) redirectKeep(path string) response {
	if q.r.URL.RawQuery != "" {
		path += "?" + q.r.URL.RawQuery
	}
	return q.redirect(path)
}

// ServeHTTP answers r as sana.sy would. It is safe for concurrent use.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.hostile(w, r) { // a fault set with SetFault (hostile.go)
		return
	}
	var resp response
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp = response{status: http.StatusMethodNotAllowed, ctype: "text/plain; charset=utf-8",
			body: []byte("method not allowed\n"), header: []string{"Allow", "GET, HEAD"}}
	} else {
		resp = s.handle(r)
	}
	resp = settle(r, resp)
	s.record(r, resp.status)
	writeResponse(w, r, resp)
}

func (s *Site) handle(r *http.Request) response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return s.route(&req{r: r, base: scheme + "://" + r.Host, now: s.now})
}

// settle adds the validators to a cacheable response and turns it into a
// 304 when r's validators match.
func settle(r *http.Request, resp response) response {
	if resp.lastMod.IsZero() || resp.status != http.StatusOK {
		return resp
	}
	etag := etagOf(resp.body)
	resp.header = append(resp.header, "ETag", etag, "Last-Modified", resp.lastMod.UTC().Format(http.TimeFormat))
	if notModified(r, etag, resp.lastMod) {
		resp.status, resp.body, resp.ctype = http.StatusNotModified, nil, ""
	}
	return resp
}

// writeResponse writes resp.
func writeResponse(w http.ResponseWriter, r *http.Request, resp response) {
	h := w.Header()
	for i := 0; i+1 < len(resp.header); i += 2 {
		h.Set(resp.header[i], resp.header[i+1])
	}
	switch {
	case resp.location != "":
		h.Set("Location", resp.location)
		h.Set("Content-Type", "text/html; charset=UTF-8")
	case resp.status == http.StatusNotModified:
	default:
		h.Set("Content-Type", resp.ctype)
		h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	}
	w.WriteHeader(resp.status)
	if r.Method != http.MethodHead && resp.status != http.StatusNotModified {
		w.Write(resp.body)
	}
}

func etagOf(body []byte) string {
	h := fnv.New64a()
	h.Write(body)
	return fmt.Sprintf(`"%016x"`, h.Sum64())
}

// notModified reports whether r's validators match etag or lastMod.
// If-None-Match wins over If-Modified-Since, as in RFC 9110.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	if err != nil {
		return false
	}
	return !lastMod.Truncate(time.Second).After(ims)
}

// route answers a GET or HEAD request.
func (s *Site) route(q *req) response {
	p := q.r.URL.Path
	switch {
	case p == "/robots.txt":
		return s.robots(q)
	case strings.HasPrefix(p, "/wp-content/uploads/"):
		return s.upload(p)
	case p == "/rss" || p == "/rss/":
		return q.redirect("/feed/")
	}
	es, rest := s.editionOf(p)
	if es == nil {
		return q.redirectKeep(p + "/") // "/en" → "/en/"
	}
	slash := rest == "" || strings.HasSuffix(rest, "/")
	var segs []string
	if t := strings.Trim(rest, "/"); t != "" {
		segs = strings.Split(t, "/")
	}
	dir := func(f func() response) response { // directory-like: one trailing-slash form
		if !slash {
			return q.redirectKeep(p + "/")
		}
		return f()
	}
	if s.opts.SecondTheme {
		return s.route2(q, es, p, segs, dir) // theme2_serve.go
	}
	switch {
	case len(segs) == 0:
		return s.home(q, es)
	case len(segs) == 2 && segs[0] == "page":
		return dir(func() response { return s.homePage(q, es, segs[1]) })
	case len(segs) == 1 && segs[0] == "feed":
		return dir(func() response { return s.mainFeed(q, es) })
	case len(segs) >= 2 && segs[0] == "tag":
		return dir(func() response { return s.tagRoute(q, es, segs[1], segs[2:]) })
	case len(segs) == 1 && strings.HasSuffix(segs[0], ".xml"):
		if slash {
			return s.notFound(q, es)
		}
		return s.sitemap(q, es, segs[0])
	}
	if id, err := strconv.ParseInt(segs[len(segs)-1], 10, 64); err == nil {
		if a := es.byID[id]; a != nil {
			if want := a.path(es.ed); p != want {
				return q.redirectKeep(want)
			}
			return s.articlePage(q, es, a)
		}
	}
	for k := len(segs); k >= 1; k-- {
		cat := es.ed.byPath[strings.Join(segs[:k], "/")]
		rest := segs[k:]
		if cat != nil && (len(rest) == 0 || len(rest) == 1 && rest[0] == "feed" || len(rest) == 2 && rest[0] == "page") {
			return dir(func() response { return s.categoryRoute(q, es, cat, rest) })
		}
	}
	return s.notFound(q, es)
}

// editionOf returns the edition whose path p is under and the rest of p
// after the edition's prefix. It returns nil when p names an edition
// without its trailing slash ("/en").
func (s *Site) editionOf(p string) (*edState, string) {
	for lang, es := range s.eds {
		if lang == "ar" {
			continue
		}
		root := es.ed.root()
		if p == root {
			return nil, ""
		}
		if strings.HasPrefix(p, root+"/") {
			return es, p[len(root)+1:]
		}
	}
	return s.eds["ar"], strings.TrimPrefix(p, "/")
}

// home answers an edition's root, which also takes WordPress's ?p= and
// ?feed= query forms.
func (s *Site) home(q *req, es *edState) response {
	v := q.r.URL.Query()
	if p := v.Get("p"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if a := es.byID[id]; err == nil && a != nil {
			return q.redirect(a.path(es.ed))
		}
		return s.notFound(q, es)
	}
	if v.Get("feed") != "" {
		return q.redirect(es.ed.root() + "/feed/")
	}
	return s.listing(q, es, listingHome, nil, "", latest(es.arts, len(es.arts)), 1)
}

func (s *Site) homePage(q *req, es *edState, num string) response {
	n, ok := pageNum(num)
	switch {
	case !ok:
		return s.notFound(q, es)
	case n == 1:
		return q.redirect(es.ed.Path)
	}
	return s.listing(q, es, listingHome, nil, "", es.arts, n)
}

func (s *Site) tagRoute(q *req, es *edState, slug string, rest []string) response {
	t := es.tags[slug]
	if t == nil {
		return s.notFound(q, es)
	}
	arts := es.byTag[slug]
	switch {
	case len(rest) == 0:
		return s.listing(q, es, listingTag, t, "", arts, 1)
	case len(rest) == 1 && rest[0] == "feed":
		return s.feed(q, es, feedSpec{self: tagPath(es.ed, t) + "feed/", title: t.name, items: latest(arts, feedSize)})
	case len(rest) == 2 && rest[0] == "page":
		n, ok := pageNum(rest[1])
		if ok && n == 1 {
			return q.redirect(tagPath(es.ed, t))
		}
		if ok {
			return s.listing(q, es, listingTag, t, "", arts, n)
		}
	}
	return s.notFound(q, es)
}

func (s *Site) categoryRoute(q *req, es *edState, cat *category, rest []string) response {
	arts := es.byCat[cat.path]
	switch {
	case len(rest) == 0:
		return s.listing(q, es, listingCategory, nil, cat.path, arts, 1)
	case len(rest) == 1 && rest[0] == "feed":
		return s.feed(q, es, feedSpec{self: catPath(es.ed, cat) + "feed/", title: cat.name, items: latest(arts, feedSize)})
	case len(rest) == 2 && rest[0] == "page":
		n, ok := pageNum(rest[1])
		if ok && n == 1 {
			return q.redirect(catPath(es.ed, cat))
		}
		if ok {
			return s.listing(q, es, listingCategory, nil, cat.path, arts, n)
		}
	}
	return s.notFound(q, es)
}

// pageNum parses a listing page number.
func pageNum(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || strconv.Itoa(n) != s {
		return 0, false
	}
	return n, true
}

// upload serves a tiny image for any uploaded image path.
func (s *Site) upload(p string) response {
	ext := strings.ToLower(p[strings.LastIndexByte(p, '.')+1:])
	var body []byte
	ctype := "image/" + ext
	switch ext {
	case "jpg", "jpeg":
		body, ctype = s.jpeg, "image/jpeg"
	case "png":
		body = s.png
	case "gif":
		body = s.gif
	default:
		return response{status: http.StatusNotFound, ctype: "text/plain; charset=utf-8", body: []byte("not found\n")}
	}
	return response{status: http.StatusOK, ctype: ctype, body: body, lastMod: refTime().Add(-30 * 24 * time.Hour),
		header: []string{"Cache-Control", "max-age=31536000"}}
}

// catPath returns the path of a category listing.
func catPath(ed *edition, c *category) string { return ed.root() + "/" + c.path + "/" }

// tagPath returns the path of a tag listing, its slug percent-encoded in
// lower case as WordPress writes it.
func tagPath(ed *edition, t *tag) string { return ed.root() + "/tag/" + encodeSlug(t.slug) + "/" }

// encodeSlug percent-encodes a slug as WordPress stores it.
func encodeSlug(slug string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(slug); i++ {
		c := slug[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
