package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRoutes(t *testing.T) {
	arTag := "/feeds/ar/tags/" + url.PathEscape("دمشق")
	tests := []struct {
		path   string
		status int
		ctype  string // prefix
	}{
		{"/", 200, "text/html"},
		{"/feeds/en.rss", 200, "application/rss+xml"},
		{"/feeds/en.atom", 200, "application/atom+xml"},
		{"/feeds/en.json", 200, "application/feed+json"},
		{"/feeds/ar.rss", 200, "application/rss+xml"},
		{"/feeds/fr.atom", 200, "application/atom+xml"},
		{"/feeds/all.rss", 200, "application/rss+xml"},
		{"/feeds/all.atom", 200, "application/atom+xml"},
		{"/feeds/all.json", 200, "application/feed+json"},
		{"/feeds/en/tags/damascus.rss", 200, "application/rss+xml"},
		{"/feeds/en/tags/damascus.atom", 200, "application/atom+xml"},
		{"/feeds/en/tags/damascus.json", 200, "application/feed+json"},
		{arTag + ".atom", 200, "application/atom+xml"},
		{"/feeds.opml", 200, "text/x-opml"},
		{"/healthz", 200, "text/plain"},
		{"/feeds/de.rss", 404, "text/plain"},
		{"/feeds/ku.rss", 404, "text/plain"}, // an edition, but not configured
		{"/feeds/en.xml", 404, "text/plain"},
		{"/feeds/en", 404, "text/plain"},
		{"/feeds/", 404, "text/plain"},
		{"/feeds/en/tags/nope.rss", 404, "text/plain"},
		{"/feeds/en/tags/aleppo.xml", 404, "text/plain"},
		{"/feeds/de/tags/damascus.rss", 404, "text/plain"},
		{"/feeds/all/tags/damascus.rss", 404, "text/plain"},
		{"/feeds/fr/tags/damascus.rss", 404, "text/plain"}, // a tag of another edition
		{"/feeds/en.rss/", 404, "text/plain"},
		{"/nope", 404, "text/plain"},
		{"/index.html", 404, "text/plain"},
	}
	_, _, h := newTest(t)
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := do(h, "GET", tt.path)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d; body %q", w.Code, tt.status, w.Body.String())
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type = %q, want %s…", ct, tt.ctype)
			}
		})
	}
}

func TestNotFoundReasons(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/feeds/de.rss", `unknown language "de"; editions: ar, en, fr, all`},
		{"/feeds/de/tags/x.rss", `unknown language "de"; editions: ar, en, fr`},
		{"/feeds/en.xml", `unknown feed format ".xml"; formats: .rss, .atom, .json`},
		{"/feeds/en", `unknown feed format ""`},
		{"/feeds/en/tags/nope.rss", `unknown tag "nope" in edition "en"`},
		{"/feeds/ar/tags/" + url.PathEscape("حلب") + ".rss", `unknown tag "حلب" in edition "ar"`},
	}
	_, _, h := newTest(t)
	for _, tt := range tests {
		w := do(h, "GET", tt.path)
		if w.Code != 404 || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("GET %s = %d %q, want 404 containing %q", tt.path, w.Code, w.Body.String(), tt.want)
		}
	}
}

func TestFeedHeaders(t *testing.T) {
	_, _, h := newTest(t)
	w := do(h, "GET", "/feeds/en.atom")
	hd := w.Header()
	etag := hd.Get("ETag")
	if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		t.Errorf("ETag = %q, want a strong quoted tag", etag)
	}
	lm, err := http.ParseTime(hd.Get("Last-Modified"))
	// The newest English article is "Aleppo one": published t0+4h, updated a minute later.
	if want := t0.Add(4*time.Hour + time.Minute); err != nil || !lm.Equal(want) {
		t.Errorf("Last-Modified = %q (%v), want %v", hd.Get("Last-Modified"), err, want)
	}
	for name, want := range map[string]string{
		"Vary":           "Accept-Encoding",
		"Cache-Control":  "public, max-age=60",
		"Content-Length": strconv.Itoa(w.Body.Len()),
	} {
		if got := hd.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if hd.Get("Content-Encoding") != "" {
		t.Errorf("Content-Encoding = %q without Accept-Encoding", hd.Get("Content-Encoding"))
	}
	body := w.Body.String()
	for _, want := range []string{"SANA — English", "http://feeds.test/feeds/en.atom", "Aleppo one"} {
		if !strings.Contains(body, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
}

func TestConditional(t *testing.T) {
	_, _, h := newTest(t)
	first := do(h, "GET", "/feeds/en.rss")
	etag, lm := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	gzFirst := do(h, "GET", "/feeds/en.rss", "Accept-Encoding", "gzip")
	gzETag := gzFirst.Header().Get("ETag")
	if gzETag == etag {
		t.Fatalf("gzip ETag = identity ETag %q", etag)
	}
	lmTime, _ := http.ParseTime(lm)
	tests := []struct {
		name   string
		header []string
		status int
	}{
		{"none", nil, 200},
		{"exact", []string{"If-None-Match", etag}, 304},
		{"list", []string{"If-None-Match", `"abc", ` + etag + `, "def"`}, 304},
		{"weak", []string{"If-None-Match", "W/" + etag}, 304},
		{"weak in list", []string{"If-None-Match", `W/"x",W/` + etag}, 304},
		{"two headers", []string{"If-None-Match", `"x"`, "If-None-Match", etag}, 304},
		{"star", []string{"If-None-Match", "*"}, 304},
		{"other", []string{"If-None-Match", `"nope"`}, 200},
		{"unquoted", []string{"If-None-Match", strings.Trim(etag, `"`)}, 200},
		{"gzip etag without gzip", []string{"If-None-Match", gzETag}, 200},
		{"gzip etag with gzip", []string{"If-None-Match", gzETag, "Accept-Encoding", "gzip"}, 304},
		{"identity etag with gzip", []string{"If-None-Match", etag, "Accept-Encoding", "gzip"}, 200},
		{"ims equal", []string{"If-Modified-Since", lm}, 304},
		{"ims later", []string{"If-Modified-Since", lmTime.Add(time.Hour).Format(http.TimeFormat)}, 304},
		{"ims earlier", []string{"If-Modified-Since", lmTime.Add(-time.Second).Format(http.TimeFormat)}, 200},
		{"ims garbage", []string{"If-Modified-Since", "yesterday"}, 200},
		{"inm wins over ims", []string{"If-None-Match", `"nope"`, "If-Modified-Since", lm}, 200},
		{"inm match, old ims", []string{"If-None-Match", etag, "If-Modified-Since", time.Unix(0, 0).Format(http.TimeFormat)}, 304},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				w := do(h, method, "/feeds/en.rss", tt.header...)
				if w.Code != tt.status {
					t.Fatalf("%s status = %d, want %d", method, w.Code, tt.status)
				}
				if w.Code == 304 {
					if w.Body.Len() != 0 {
						t.Errorf("304 with a %d-byte body", w.Body.Len())
					}
					if w.Header().Get("ETag") == "" || w.Header().Get("Vary") == "" || w.Header().Get("Cache-Control") == "" {
						t.Errorf("304 headers %v lack ETag, Vary or Cache-Control", w.Header())
					}
					if h := w.Header(); h.Get("Last-Modified") != "" || h.Get("Content-Type") != "" {
						t.Errorf("304 carries representation metadata (RFC 9110 15.4.5): %v", h)
					}
				} else if w.Header().Get("Last-Modified") == "" {
					t.Errorf("%d without Last-Modified", w.Code)
				}
			}
		})
	}
}

func TestGzip(t *testing.T) {
	_, _, h := newTest(t)
	plain := do(h, "GET", "/feeds/all.json").Body.Bytes()
	tests := []struct {
		ae   string
		gzip bool
	}{
		{"gzip", true},
		{"GZIP", true},
		{"x-gzip", true},
		{"gzip, deflate, br", true},
		{"deflate, gzip;q=0.5", true},
		{"gzip; q=1.0", true},
		{"*", true},
		{"br;q=1, *;q=0.1", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"gzip;q=0, *", false},
		{"*;q=0", false},
		{"br, deflate", false},
		{"identity", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.ae, func(t *testing.T) {
			w := do(h, "GET", "/feeds/all.json", "Accept-Encoding", tt.ae)
			got := w.Header().Get("Content-Encoding") == "gzip"
			if got != tt.gzip {
				t.Fatalf("gzip = %v, want %v", got, tt.gzip)
			}
			if w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
				t.Errorf("Content-Length = %s for %d bytes", w.Header().Get("Content-Length"), w.Body.Len())
			}
			if !tt.gzip {
				if !bytes.Equal(w.Body.Bytes(), plain) {
					t.Error("identity body differs")
				}
				return
			}
			zr, err := gzip.NewReader(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			got2, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got2, plain) {
				t.Error("decompressed body differs from the identity body")
			}
			if !strings.HasSuffix(w.Header().Get("ETag"), `-gz"`) {
				t.Errorf("gzip ETag = %q, want a -gz suffix", w.Header().Get("ETag"))
			}
		})
	}
}

func TestHead(t *testing.T) {
	_, _, h := newTest(t)
	for _, path := range []string{"/feeds/en.rss", "/feeds.opml", "/", "/healthz"} {
		get, head := do(h, "GET", path), do(h, "HEAD", path)
		if head.Code != 200 || head.Body.Len() != 0 {
			t.Errorf("HEAD %s = %d with %d bytes, want 200 and none", path, head.Code, head.Body.Len())
		}
		for _, name := range []string{"Content-Type", "Content-Length", "ETag", "Last-Modified"} {
			if head.Header().Get(name) != get.Header().Get(name) {
				t.Errorf("HEAD %s %s = %q, GET has %q", path, name, head.Header().Get(name), get.Header().Get(name))
			}
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	_, st, h := newTest(t)
	for _, path := range []string{"/feeds/en.rss", "/feeds/en/tags/damascus.atom", "/feeds.opml", "/", "/healthz"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "OPTIONS"} {
			w := do(h, method, path)
			if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s = %d Allow %q, want 405 Allow GET, HEAD", method, path, w.Code, w.Header().Get("Allow"))
			}
		}
	}
	if n := st.latest.Load(); n != 0 {
		t.Errorf("Latest called %d times for rejected methods", n)
	}
}

func TestArabicTag(t *testing.T) {
	_, st, h := newTest(t)
	path := "/feeds/ar/tags/%D8%AF%D9%85%D8%B4%D9%82.atom"
	w := do(h, "GET", path)
	if w.Code != 200 {
		t.Fatalf("GET %s = %d %q", path, w.Code, w.Body.String())
	}
	body := w.Body.String()
	for _, want := range []string{"سانا — العربية: دمشق", "دمشق ثلاثة", "http://feeds.test" + path} {
		if !strings.Contains(body, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
	if strings.Contains(body, "Damascus") {
		t.Error("Arabic tag feed carries English articles")
	}
	st.mu.Lock()
	q := st.queries[len(st.queries)-1]
	st.mu.Unlock()
	if q.Lang != "ar" || q.Tag != "دمشق" || q.Limit != DefaultItems {
		t.Errorf("Latest query = %+v, want ar, دمشق, %d", q, DefaultItems)
	}
	// Lower-case escapes are the same feed, from the cache.
	n := st.latest.Load()
	w2 := do(h, "GET", strings.ToLower(path))
	if w2.Code != 200 || w2.Header().Get("ETag") != w.Header().Get("ETag") || st.latest.Load() != n {
		t.Errorf("lower-case escapes: %d, ETag %q (want %q), %d more reads", w2.Code,
			w2.Header().Get("ETag"), w.Header().Get("ETag"), st.latest.Load()-n)
	}
}

func TestItems(t *testing.T) {
	_, st, h := newTest(t, func(s *Server) { s.Items = 2 })
	var f struct{ Items []struct{ Title string } }
	if err := json.Unmarshal(do(h, "GET", "/feeds/all.json").Body.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 2 || f.Items[0].Title != "Damas un" {
		t.Errorf("items = %+v, want the 2 newest, Damas un first", f.Items)
	}
	if q := st.queries[0]; q.Lang != "" || q.Limit != 2 {
		t.Errorf("query = %+v, want all editions, limit 2", q)
	}
}

func TestStoreError(t *testing.T) {
	s := &Server{Store: &fakeStore{}, Langs: []string{"en", "fail"}} // the fake fails Latest for "fail"
	h := s.Handler()
	if w := do(h, "GET", "/feeds/fail.rss"); w.Code != 500 || strings.Contains(w.Body.String(), "fire") {
		t.Errorf("store error: %d %q, want 500 without the cause", w.Code, w.Body.String())
	}
}

func TestHealthz(t *testing.T) {
	tests := []struct {
		name      string
		ping      error
		health    error
		status    int
		text      string
		pollerKey string
	}{
		{"ok", nil, nil, 200, "ok", "ok"},
		{"store down", errors.New("store closed"), nil, 503, "store: store closed", "ok"},
		{"poller stuck", nil, errors.New("no poll for 1h"), 503, "poller: no poll for 1h", "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, st, h := newTest(t, func(s *Server) {
				s.Health = func(context.Context) error { return tt.health }
			})
			st.pingErr = tt.ping
			w := do(h, "GET", "/healthz")
			if w.Code != tt.status || strings.TrimSpace(w.Body.String()) != tt.text {
				t.Errorf("text: %d %q, want %d %q", w.Code, w.Body.String(), tt.status, tt.text)
			}
			for _, hdr := range [][]string{{"Accept", "application/json"}, nil} {
				target := "/healthz"
				if hdr == nil {
					target += "?format=json"
				}
				w := do(h, "GET", target, hdr...)
				var rep healthReport
				if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
					t.Fatalf("json: %v in %q", err, w.Body.String())
				}
				if w.Code != tt.status || rep.Poller.Status != tt.pollerKey || rep.Store.Generation != 1 {
					t.Errorf("json: %d %+v", w.Code, rep)
				}
				if ct := w.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("json Content-Type = %q", ct)
				}
			}
		})
	}
}

// A failed store write makes /healthz unhealthy, saying what failed and
// why, until that same write succeeds: another edition's success does not
// hide it.
func TestHealthzFailedWrites(t *testing.T) {
	s, _, h := newTest(t)
	full := errors.New("write sanafeed.db: no space left on device")
	s.ObserveWrite("articles", "en", full)
	s.ObserveWrite("articles", "ar", full)
	s.ObserveWrite("fetch state", "", full)
	s.ObserveWrite("articles", "ar", nil)
	s.ObserveWrite("fetch state", "", nil)
	w := do(h, "GET", "/healthz")
	want := "store: writing articles (en) failed since " + now0.Format(time.RFC3339) + ": " + full.Error()
	if w.Code != 503 || strings.TrimSpace(w.Body.String()) != want {
		t.Errorf("text: %d %q, want 503 %q", w.Code, w.Body.String(), want)
	}
	var rep healthReport
	if err := json.Unmarshal(do(h, "GET", "/healthz?format=json").Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Status != "unavailable" || rep.Store.Status != "error" || len(rep.Store.FailedWrites) != 1 ||
		rep.Store.FailedWrites[0].Lang != "en" || !strings.Contains(rep.Store.Error, "no space left on device") {
		t.Errorf("json: %+v", rep)
	}
	s.ObserveWrite("articles", "en", nil)
	if w := do(h, "GET", "/healthz"); w.Code != 200 {
		t.Errorf("after the write succeeded: %d %q, want 200", w.Code, w.Body.String())
	}
}
