package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// FuzzHTTPPaths sends the full HTTP handler, over a store filled by one
// poll of the replica, requests with arbitrary methods, targets and a
// header: whatever net/http's server would accept must get an answer, never
// a panic, and never a 5xx but /healthz's 503 (the poller is not running
// here).
//
// Run it longer with: go test -run '^$' -fuzz '^FuzzHTTPPaths$' -fuzztime 10m ./cmd/sanafeed
func FuzzHTTPPaths(f *testing.F) {
	h := fuzzHandler(f)
	seeds := []struct{ method, target, name, value string }{
		{"GET", "/", "Accept", "*/*"},
		{"GET", "/feeds/en.rss", "Accept-Encoding", "gzip"},
		{"GET", "/feeds/ar.atom", "If-None-Match", `W/"x", *`},
		{"GET", "/feeds/fr.json", "If-Modified-Since", "Mon, 09 Feb 2026 12:00:00 GMT"},
		{"GET", "/feeds/all.json", "If-Modified-Since", "yesterday"},
		{"HEAD", "/feeds/all.rss", "Range", "bytes=0-10"},
		{"GET", "/feeds/ar/tags/%D8%AF%D9%85%D8%B4%D9%82.atom", "Accept-Language", "ar"},
		{"GET", "/feeds/en/tags/damascus.rss?x=1&x=2", "Cookie", "a=b"},
		{"GET", "/feeds/xx.rss", "X", "y"},
		{"GET", "/feeds/en.xml", "X", "y"},
		{"GET", "/feeds/en/tags/.rss", "X", "y"},
		{"GET", "/feeds/en/tags/a/b.rss", "X", "y"},
		{"GET", "/feeds.opml", "Accept-Encoding", "br, gzip;q=0"},
		{"GET", "/healthz?format=json", "Accept", "application/json"},
		{"GET", "/metrics", "Accept", "text/plain"},
		{"POST", "/feeds/en.rss", "Content-Type", "text/plain"},
		{"OPTIONS", "*", "X", "y"},
		{"DELETE", "/", "X", "y"},
		{"GET", "//feeds/../feeds/en.atom", "X", "y"},
		{"GET", "/feeds/%2e%2e/en.atom", "X", "y"},
		{"GET", "/feeds/en.rss%00", "X", "y"},
		{"GET", "http://other.example/feeds/en.rss", "X", "y"},
		{"GET", "/" + strings.Repeat("a/", 2000), "X", "y"},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.name, s.value)
	}
	f.Fuzz(func(t *testing.T, method, target, name, value string) {
		raw := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: feeds.test\r\n%s: %s\r\n\r\n", method, target, name, value)
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return // net/http's server answers 400 itself
		}
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		code := rec.Code
		if code >= 500 && !(code == http.StatusServiceUnavailable && req.URL.Path == "/healthz") {
			t.Errorf("%s %q (%s: %q) = %d: %s", method, target, name, value, code, firstLine(rec.Body.Bytes()))
		}
		if code < 100 || code > 599 {
			t.Errorf("%s %q: status %d", method, target, code)
		}
	})
}

// fuzzHandler returns sanafeed's HTTP handler over a store filled by one
// poll of the replica.
func fuzzHandler(f *testing.F) http.Handler {
	f.Helper()
	site := replica.New(replica.Options{})
	origin := httptest.NewServer(site)
	defer origin.Close()
	dir := f.TempDir()
	config := filepath.Join(dir, "sanafeed.toml")
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\npublic_url = \"http://feeds.test\"\n[poll]\ncrawl_delay = \"0s\"\nlisting_pages = 1\n",
		filepath.Join(dir, "data"))
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "[[source]]\nlang = %q\nurl = %q\n", e.Lang, origin.URL+e.Path)
	}
	if err := os.WriteFile(config, []byte(b.String()), 0o644); err != nil {
		f.Fatal(err)
	}
	var out bytes.Buffer
	if code := run([]string{"poll", "-config", config}, &out, &out); code != 0 {
		f.Fatalf("poll exit %d:\n%s", code, out.String())
	}
	cfg, err := loadConfig(config)
	if err != nil {
		f.Fatal(err)
	}
	a, err := openApp(cfg, newLogger(io.Discard, cfg.Log))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { a.Close() })
	return a.server().Handler()
}

// firstLine returns the first line of b, for messages.
func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return string(line[:min(len(line), 200)])
}
