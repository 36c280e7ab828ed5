package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// A doc is one rendered document, ready to serve: its bytes and a gzip copy,
// each with its strong ETag, and its Last-Modified time. Header values are
// kept as the []string net/http wants so that serving allocates nothing.
// A doc never changes once made.
type doc struct {
	body, gz     []byte
	etag, gzETag string    // quoted: `"…"` and `"…-gz"`
	lastMod      time.Time // whole seconds, UTC

	hType, hLastMod []string
	hETag, hGzETag  []string
	hLen, hGzLen    []string
	hLink           []string // feeds with a WebSub hub: hub and self (RFC 8288); else nil
	hPolicy         []string // HTML pages: their Content-Security-Policy (see htmlDoc); else nil
}

// Header values shared by every document response; never modified.
var (
	hdrVary     = []string{"Accept-Encoding"}
	hdrCache    = []string{"public, max-age=60"}
	hdrGzip     = []string{"gzip"}
	hdrNoSniff  = []string{"nosniff"}
	hdrReferrer = []string{"no-referrer"} // links out go to SANA: it need not know from which page
	hdrFrames   = []string{"DENY"}        // frame-ancestors, for browsers that predate it
)

// newDoc makes a doc of body with the content type ctype. lastMod is the
// newest change the document shows; it is capped at now and, when the body
// changed since prev (the previous render, or nil) but lastMod did not move
// past prev's, moved past it, so If-Modified-Since alone never misses a change.
//
// A doc is cached: it holds its bytes at their length, not at the
// capacity rendering grew them to (up to twice as much: a cache of feeds
// held 10.7 MB of buffers for some 6 MB of documents), and a body the same
// as prev's shares prev's bytes and gzip copy, not compressed again.
func newDoc(body []byte, ctype string, lastMod, now time.Time, prev *doc) *doc {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	d := &doc{etag: `"` + tag + `"`, gzETag: `"` + tag + `-gz"`}
	if prev != nil && prev.etag == d.etag {
		d.body, d.gz = prev.body, prev.gz
	} else {
		d.body, d.gz = exact(body), gzipBytes(body)
	}

	now = now.UTC().Truncate(time.Second)
	lastMod = lastMod.UTC().Truncate(time.Second)
	if lastMod.IsZero() || lastMod.After(now) {
		lastMod = now
	}
	if prev != nil {
		switch {
		case prev.etag == d.etag:
			lastMod = prev.lastMod
		case !lastMod.After(prev.lastMod):
			lastMod = prev.lastMod.Add(time.Second)
		}
	}
	d.lastMod = lastMod

	d.hType = []string{ctype}
	d.hLastMod = []string{lastMod.Format(http.TimeFormat)}
	d.hETag = []string{d.etag}
	d.hGzETag = []string{d.gzETag}
	d.hLen = []string{strconv.Itoa(len(d.body))}
	d.hGzLen = []string{strconv.Itoa(len(d.gz))}
	return d
}

// gzipBytes returns b compressed with gzip at the best compression: it runs
// once per render, and the result is served many times.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(b)                                              // a bytes.Buffer does not fail
	zw.Close()
	return exact(buf.Bytes())
}

// exact returns b, or a copy of it when b's capacity is well over its
// length: what is cached holds only what it serves.
func exact(b []byte) []byte {
	if cap(b)-len(b) <= len(b)/16 {
		return b
	}
	return bytes.Clone(b)
}

// writeDoc answers r with d: 304 when r's conditions say the client has it,
// else 200 with the gzip copy when r accepts gzip, and no body for HEAD.
// It returns the status written. The header values it sets are shared
// between responses: wrappers may replace them (Set, Del, append) but must
// not write into them.
func writeDoc(w http.ResponseWriter, r *http.Request, d *doc) int {
	h := w.Header()
	h["Vary"] = hdrVary
	h["Cache-Control"] = hdrCache
	gz := acceptsGzip(r.Header["Accept-Encoding"])
	etag, hETag := d.etag, d.hETag
	if gz {
		etag, hETag = d.gzETag, d.hGzETag
	}
	h["Etag"] = hETag
	if notModified(r.Header, etag, d.lastMod) {
		// A 304 carries what updates a cache (RFC 9110 15.4.5): the
		// ETag, Cache-Control, Vary and Date, not Last-Modified.
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	h["Last-Modified"] = d.hLastMod
	if d.hLink != nil {
		h["Link"] = d.hLink
	}
	h["Content-Type"] = d.hType
	h["X-Content-Type-Options"] = hdrNoSniff
	if d.hPolicy != nil {
		h["Content-Security-Policy"] = d.hPolicy
		h["Referrer-Policy"] = hdrReferrer
		h["X-Frame-Options"] = hdrFrames
	}
	body := d.body
	if gz {
		body = d.gz
		h["Content-Encoding"] = hdrGzip
		h["Content-Length"] = d.hGzLen
	} else {
		h["Content-Length"] = d.hLen
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return http.StatusOK
}

// notModified reports whether the request headers h make a 304 the answer
// for a representation with the given ETag and Last-Modified. If-None-Match,
// when present, decides alone (weak comparison, `*` matches anything);
// otherwise If-Modified-Since does.
func notModified(h http.Header, etag string, lastMod time.Time) bool {
	if inm := h["If-None-Match"]; len(inm) > 0 {
		for _, v := range inm {
			if etagListMatch(v, etag) {
				return true
			}
		}
		return false
	}
	if ims := h["If-Modified-Since"]; len(ims) > 0 {
		t, err := http.ParseTime(ims[0])
		return err == nil && !lastMod.After(t)
	}
	return false
}

// etagListMatch reports whether the If-None-Match list v holds `*` or an
// entity tag that weakly matches etag (a quoted strong tag).
func etagListMatch(v, etag string) bool {
	for {
		v = strings.TrimLeft(v, " \t,")
		if v == "" {
			return false
		}
		if v[0] == '*' {
			return true
		}
		weak := strings.HasPrefix(v, "W/")
		if weak {
			v = v[2:]
		}
		if v == "" || v[0] != '"' {
			// Not an entity tag: skip to the next element.
			i := strings.IndexByte(v, ',')
			if i < 0 {
				return false
			}
			v = v[i:]
			continue
		}
		end := strings.IndexByte(v[1:], '"')
		if end < 0 {
			return false
		}
		if v[:end+2] == etag {
			return true
		}
		v = v[end+2:]
	}
}

// acceptsGzip reports whether the Accept-Encoding values ae accept gzip:
// "gzip" or "x-gzip" with a non-zero q, or "*" with a non-zero q when gzip
// is not named.
func acceptsGzip(ae []string) bool {
	star, named := false, false
	for _, v := range ae {
		for v != "" {
			var elem string
			if i := strings.IndexByte(v, ','); i >= 0 {
				elem, v = v[:i], v[i+1:]
			} else {
				elem, v = v, ""
			}
			coding, params, _ := strings.Cut(elem, ";")
			coding = strings.TrimSpace(coding)
			switch {
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				if qValue(params) > 0 {
					return true
				}
				named = true
			case coding == "*":
				star = qValue(params) > 0
			}
		}
	}
	return star && !named
}

// qValue returns the q parameter in the ";"-separated params of one
// Accept-Encoding element: 1 when absent, 0 when unreadable.
func qValue(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || q < 0 {
			return 0
		}
		return q
	}
	return 1
}
