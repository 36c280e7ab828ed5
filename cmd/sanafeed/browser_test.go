package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// The index page in a real browser: Debian's headless Chromium renders
// it, with nothing of it refused by its Content-Security-Policy, the
// Arabic section is right-to-left, and every link into sanafeed
// (subscribe links, copyable feed URLs, story pages) answers 200. With
// SANAFEED_SCREENSHOT=1, or under CI, it also writes docs/index.png.

// chromiumFlags are the flags of every headless run: no sandbox (root in
// a container), no network but the page's, a fresh profile.
func chromiumFlags(t *testing.T) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
}

// dumpDOM loads u in headless Chromium and returns the DOM it built. A
// page whose Content-Security-Policy refuses any of its own content (an
// inline style, a script, an image) fails the test.
func dumpDOM(t *testing.T, chromium, u string) *html.Node {
	t.Helper()
	out, refused := loadPage(t, chromium, u)
	for _, r := range refused {
		t.Errorf("%s: %s", u, r)
	}
	root, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// loadPage loads u in headless Chromium and returns the DOM it built and
// the console's Content-Security-Policy refusals: Chromium logs each to
// the console, which --enable-logging copies to its standard error.
func loadPage(t *testing.T, chromium, u string) (dom string, refused []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, append(chromiumFlags(t), "--enable-logging=stderr", "--v=0", "--dump-dom", u)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium --dump-dom %s: %v\n%s", u, err, stderr.String())
	}
	for line := range strings.Lines(stderr.String()) {
		if strings.Contains(line, "CONSOLE") && strings.Contains(line, "Content Security Policy") {
			refused = append(refused, strings.TrimSpace(line))
		}
	}
	return stdout.String(), refused
}

// The check of dumpDOM works: a page that breaks its own policy is caught.
func checkRefusalsSeen(t *testing.T, chromium string) {
	t.Helper()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		io.WriteString(w, `<!DOCTYPE html><title>x</title><p style="color:red">refused</p>`)
	}))
	defer bad.Close()
	if _, refused := loadPage(t, chromium, bad.URL); len(refused) == 0 {
		t.Error("a page breaking its Content-Security-Policy logs no refusal: the check of our pages sees nothing")
	}
}

// attrOf returns n's attribute key, or "".
func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// elements returns the elements under root named tag with the class
// (any class when class is "").
func elements(root *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.Data == tag &&
			(class == "" || slices.Contains(strings.Fields(attrOf(n, "class")), class)) {
			out = append(out, n)
		}
	}
	return out
}

func TestIndexInChromium(t *testing.T) {
	t.Parallel()
	chromium := needTool(t, "chromium", "chromium")
	checkRefusalsSeen(t, chromium)
	w := newWorld(t)
	a, base := w.live()
	pollLive(t, a)

	root := dumpDOM(t, chromium, base+"/")
	sections := map[string]*html.Node{}
	for _, s := range elements(root, "section", "edition") {
		sections[attrOf(s, "id")] = s
	}
	for _, e := range sanafeed.Editions {
		s := sections[e.Lang]
		if s == nil || attrOf(s, "lang") != e.Lang || attrOf(s, "dir") != e.Dir {
			t.Errorf("edition %s: section %v, want lang=%s dir=%s", e.Lang, s, e.Lang, e.Dir)
		}
	}
	if ar := sections["ar"]; ar == nil || attrOf(ar, "dir") != "rtl" {
		t.Fatal("the Arabic section is not right-to-left")
	}
	// Translations side by side: some story shows several versions.
	sideBySide := 0
	for _, v := range elements(root, "div", "versions") {
		if len(elements(v, "div", "version")) > 1 {
			sideBySide++
		}
	}
	if sideBySide == 0 {
		t.Error("no latest story shows its translations side by side")
	}

	// Every link into sanafeed and every copyable URL answers 200.
	var targets []string
	for _, n := range elements(root, "a", "") {
		if h := attrOf(n, "href"); strings.HasPrefix(h, base+"/") || strings.HasPrefix(h, "/") {
			targets = append(targets, strings.TrimPrefix(h, base))
		}
	}
	for _, n := range elements(root, "input", "url") {
		targets = append(targets, strings.TrimPrefix(attrOf(n, "value"), base))
	}
	slices.Sort(targets)
	targets = slices.Compact(targets)
	subscribe, stories := 0, 0
	for _, p := range targets {
		if p == "/healthz" {
			continue // 503 here: the poller is not running, only polled once
		}
		if code, _ := httpGet(t, base+p); code != 200 {
			t.Errorf("GET %s = %d, want 200", p, code)
		}
		switch {
		case strings.HasPrefix(p, "/feeds"):
			subscribe++
		case strings.HasPrefix(p, "/stories/"):
			stories++
		}
	}
	if subscribe < 3*(1+len(sanafeed.Editions)) || stories < len(sanafeed.Editions) {
		t.Errorf("%d feed links and %d story links: want every feed in 3 formats and stories", subscribe, stories)
	}

	// A story page: every version, Arabic right-to-left.
	story := dumpDOM(t, chromium, base+"/stories/en/2289847")
	langs := map[string]string{}
	for _, v := range elements(story, "article", "version") {
		langs[attrOf(v, "lang")] = attrOf(v, "dir")
	}
	if len(langs) < 2 || langs["ar"] != "rtl" || langs["en"] != "ltr" {
		t.Errorf("story page versions %v, want English and Arabic (rtl) at least", langs)
	}

	if os.Getenv("SANAFEED_SCREENSHOT") == "1" || inCI() {
		screenshot(t, chromium, base+"/", filepath.Join("..", "..", "docs", "index.png"))
	}
}

// screenshot writes a 1280×1600 PNG of the page at u to path.
func screenshot(t *testing.T, chromium, u, path string) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	command(t, nil, chromium, append(chromiumFlags(t), "--screenshot="+abs, "--window-size=1280,1600", u)...)
	png, err := os.ReadFile(abs)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 10<<10 {
		t.Fatalf("screenshot %s: %d bytes, %v", abs, len(png), err)
	}
	t.Logf("wrote %s", abs)
}
