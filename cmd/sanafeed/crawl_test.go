package main

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestExportIsComplete exports a store filled by a replica poll and
// crawls the static copy as a visitor of the web server holding it
// would: from index.html, every link into the site (the public_url) of
// every page, followed recursively through the HTML pages and into the
// OPML documents' feeds, must find a file the export wrote. A link with
// a query cannot be a file and fails.
func TestExportIsComplete(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.poll()
	dir := filepath.Join(t.TempDir(), "www")
	var out, errOut bytes.Buffer
	if code := run([]string{"export", "-config", w.config, "-dir", dir}, &out, &errOut); code != 0 {
		t.Fatalf("export exit %d\n%s%s", code, out.String(), errOut.String())
	}
	c := &crawl{t: t, dir: dir, base: "http://feeds.test", seen: map[string]bool{}}
	c.visit("/index.html", "(start)")
	for len(c.queue) > 0 {
		p := c.queue[0]
		c.queue = c.queue[1:]
		c.read(p)
	}
	kinds := map[string]int{}
	for p := range c.seen {
		switch {
		case strings.HasPrefix(p, "/stories/"):
			kinds["story pages"]++
		case strings.HasPrefix(p, "/tags/"):
			kinds["tag pages"]++
		case strings.HasSuffix(p, ".opml"):
			kinds["OPML documents"]++
		case strings.HasPrefix(p, "/feeds/"):
			kinds["feeds"]++
		}
	}
	// The index links the story and tag pages, six OPML documents (the
	// default and its variants); the pages link every edition's feed.
	if kinds["story pages"] < 30 || kinds["tag pages"] < 30 || kinds["OPML documents"] != 6 || kinds["feeds"] < 3*30 || !c.seen["/favicon.svg"] {
		t.Errorf("crawl reached %v and favicon %v: want story and tag pages, 6 OPML documents, feeds, the icon", kinds, c.seen["/favicon.svg"])
	}
	t.Logf("crawled %d files through %d links: %v", len(c.seen), c.links, kinds)

	// Served by a plain static file server, the contract's URLs without
	// the slash redirect to the pages' directories.
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	for _, p := range []string{"/stories/en/2289847", "/tags/en/aleppo", "/tags/ar/" + url.PathEscape("حلب")} {
		code, body := httpGet(t, srv.URL+p)
		if code != 200 || !bytes.Contains(body, []byte("<!DOCTYPE html>")) {
			t.Errorf("static GET %s = %d, want its page", p, code)
		}
	}
}

// A crawl walks an exported site from file to file.
type crawl struct {
	t     *testing.T
	dir   string          // the export
	base  string          // its public_url
	seen  map[string]bool // files reached, by slash path under dir
	queue []string        // files reached, not yet read
	links int             // local links followed
}

// visit follows a link to the file p, found on page from.
func (c *crawl) visit(p, from string) {
	if c.seen[p] {
		return
	}
	c.seen[p] = true
	if fi, err := os.Stat(filepath.Join(c.dir, filepath.FromSlash(p))); err != nil || !fi.Mode().IsRegular() {
		c.t.Errorf("%s links %s: no such file in the export", from, p)
		return
	}
	if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".opml") {
		c.queue = append(c.queue, p)
	}
}

// follow follows the link ref on the page from, when it is a link into
// the site: the file a web server answers its URL with.
func (c *crawl) follow(ref, from string) {
	u, err := url.Parse(ref)
	if err != nil {
		c.t.Errorf("%s: bad link %q: %v", from, ref, err)
		return
	}
	if !strings.HasPrefix(u.String(), c.base+"/") && !(u.Scheme == "" && u.Host == "" && u.Path != "") {
		return // elsewhere: SANA, the replica
	}
	c.links++
	if u.RawQuery != "" {
		c.t.Errorf("%s links %s: a query names no file of a static copy", from, ref)
		return
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(from), p)
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	c.visit(p, from)
}

// read reads the HTML page or OPML document p and follows its links.
func (c *crawl) read(p string) {
	b, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(p)))
	if err != nil {
		c.t.Fatal(err)
	}
	if strings.HasSuffix(p, ".opml") {
		for _, ref := range opmlRefs(c.t, b) {
			c.follow(ref, p)
		}
		return
	}
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		c.t.Fatalf("%s: %v", p, err)
	}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch {
		case n.Data == "a":
			c.follow(attrOf(n, "href"), p)
		case n.Data == "link" && attrOf(n, "rel") != "hub": // a hub is a service, not a file
			c.follow(attrOf(n, "href"), p)
		case n.Data == "input" && slices.Contains(strings.Fields(attrOf(n, "class")), "url"):
			c.follow(attrOf(n, "value"), p) // a feed URL to copy
		}
	}
}

// opmlRefs returns the xmlUrl and htmlUrl of every outline of an OPML document.
func opmlRefs(t *testing.T, b []byte) []string {
	t.Helper()
	var refs []string
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "outline" {
			for _, a := range se.Attr {
				if a.Name.Local == "xmlUrl" || a.Name.Local == "htmlUrl" {
					refs = append(refs, a.Value)
				}
			}
		}
	}
	if len(refs) == 0 {
		t.Errorf("OPML document without outlines")
	}
	return refs
}
