package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Helpers for the tests that run real clients (feedparser, newsboat,
// Chromium) and a real WebSub subscriber against sanafeed served on
// loopback.

// live serves sanafeed over the world's store on a loopback port that is
// also its public_url, so every link it renders can be followed. It
// returns the app (whose poller polls the replica while serving) and the
// base URL; both stop when the test ends.
func (w *world) live() (*app, string) {
	w.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	text, err := os.ReadFile(w.config)
	if err != nil {
		w.t.Fatal(err)
	}
	patched := strings.Replace(string(text), `public_url = "http://feeds.test"`, `public_url = "`+base+`"`, 1)
	if err := os.WriteFile(w.config, []byte(patched), 0o644); err != nil {
		w.t.Fatal(err)
	}
	cfg, err := loadConfig(w.config)
	if err != nil {
		w.t.Fatal(err)
	}
	a, err := openApp(cfg, newLogger(io.Discard, cfg.Log))
	if err != nil {
		w.t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(a.server().Handler())
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	w.t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return a, base
}

// pollLive runs one poll cycle of the live app.
func pollLive(t *testing.T, a *app) {
	t.Helper()
	for _, r := range a.poller.PollOnce(t.Context()) {
		if r.Err != "" {
			t.Fatalf("poll %s: %s", r.Lang, r.Err)
		}
	}
}

// inCI reports whether the tests run in CI, where a missing tool fails.
func inCI() bool { return os.Getenv("CI") == "true" }

// needTool returns the path of the program name, or skips the test with a
// message saying what to install (fails under CI=true).
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		msg := name + " not found: apt-get install -y --no-install-recommends " + pkg
		if inCI() {
			t.Fatal(msg + " (CI=true: real-client checks must run)")
		}
		t.Skip(msg)
	}
	return p
}

// command runs name with args (and env added to the test's) under a
// timeout and returns its standard output, failing the test with its
// standard error when it fails.
func command(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// httpGet fetches u and returns its status and body.
func httpGet(t *testing.T, u string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp.StatusCode, b
}

// A servedFeed is one feed sanafeed serves, with what it must hold: the
// stored articles its query selects, newest first.
type servedFeed struct {
	lang, tag string // "" for all editions / no tag
	want      []sanafeed.Article
}

// path returns the feed's path in format ext.
func (f servedFeed) path(ext string) string {
	lang := f.lang
	if lang == "" {
		lang = "all"
	}
	if f.tag == "" {
		return "/feeds/" + lang + "." + ext
	}
	return "/feeds/" + lang + "/tags/" + url.PathEscape(f.tag) + "." + ext
}

// servedFeeds returns every edition feed, the all-editions feed and every
// tag feed of the live app, with the articles each must hold.
func servedFeeds(t *testing.T, a *app) []servedFeed {
	t.Helper()
	ctx := t.Context()
	items := a.cfg.Feeds.Items
	latest := func(q sanafeed.Query) []sanafeed.Article {
		q.Limit = items
		arts, err := a.db.Latest(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return arts
	}
	feeds := []servedFeed{{want: latest(sanafeed.Query{})}}
	for _, e := range sanafeed.Editions {
		feeds = append(feeds, servedFeed{lang: e.Lang, want: latest(sanafeed.Query{Lang: e.Lang})})
		tags, err := a.db.Tags(ctx, e.Lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range tags {
			feeds = append(feeds, servedFeed{lang: e.Lang, tag: tc.Tag.Slug,
				want: latest(sanafeed.Query{Lang: e.Lang, Tag: tc.Tag.Slug})})
		}
	}
	return feeds
}
