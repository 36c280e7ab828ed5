package main

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExport exports a store filled by a replica poll and checks every
// file against what the HTTP handler serves for its path, byte for byte,
// and against the golden export (see checkGolden).
func TestExport(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	start := time.Now()
	w.poll()
	dir := filepath.Join(t.TempDir(), "www")
	var out, errOut bytes.Buffer
	if code := run([]string{"export", "-config", w.config, "-dir", dir}, &out, &errOut); code != 0 {
		t.Fatalf("export exit %d\n%s%s", code, out.String(), errOut.String())
	}
	checkGolden(t, w, dir, start, time.Now())
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("temporary file left behind: %s", p)
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		files["/"+filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/feeds/all.atom", "/feeds/en.rss", "/feeds/ar.json", "/feeds.opml", "/index.html",
		"/feeds-tags-all-json.opml", "/favicon.svg", "/tags/en/damascus/index.html", "/stories/en/2289847/index.html"} {
		if files[want] == nil {
			t.Errorf("%s not exported", want)
		}
	}
	tags := 0
	w.served(func(srv *httptest.Server) {
		for p, got := range files {
			if strings.Contains(p, "/tags/") {
				tags++
			}
			want := serveBody(t, srv, urlPath(p))
			if !bytes.Equal(got, want) {
				t.Errorf("%s: exported %d bytes differ from the %d served", p, len(got), len(want))
			}
		}
	})
	if tags == 0 {
		t.Error("no tag feed exported")
	}

	// Exporting again with nothing new leaves every feed file as it was,
	// mtime included: web servers derive ETag and Last-Modified from it.
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for p := range files {
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(p)), old, old); err != nil {
			t.Fatal(err)
		}
	}
	if code := run([]string{"export", "-config", w.config, "-dir", dir}, &out, &errOut); code != 0 {
		t.Fatalf("second export exit %d\n%s", code, errOut.String())
	}
	for p := range files {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(p, "/feeds") && !fi.ModTime().Equal(old) {
			t.Errorf("%s rewritten by an export with nothing new", p)
		}
	}
}

// urlPath maps an exported file's path to the URL path the server
// answers it on: percent-encoded segments, a directory for an
// index.html (/ for the index page, /stories/en/1/ for a story's).
func urlPath(p string) string {
	p = strings.TrimSuffix(p, "index.html")
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// serveBody GETs path from srv without gzip and returns the 200 body.
func serveBody(t *testing.T, srv *httptest.Server, path string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
	}
	return b
}
