package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// world is one end-to-end setup: a replica of SANA on httptest and a
// config pointing sanafeed at it, with its data in a temp dir.
type world struct {
	t       *testing.T
	site    *replica.Site
	origin  *httptest.Server
	config  string
	dataDir string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldWith(t, replica.Options{})
}

// newWorldWith is newWorld with a replica built from opts.
func newWorldWith(t *testing.T, opts replica.Options) *world {
	t.Helper()
	site := replica.New(opts)
	origin := httptest.NewServer(site)
	t.Cleanup(origin.Close)
	dir := t.TempDir()
	w := &world{t: t, site: site, origin: origin, dataDir: filepath.Join(dir, "data"),
		config: filepath.Join(dir, "sanafeed.toml")}
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\npublic_url = \"http://feeds.test\"\n\n[poll]\ncrawl_delay = \"0s\"\nlisting_pages = 1\n\n", w.dataDir)
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "[[source]]\nlang = %q\nurl = %q\n\n", e.Lang, origin.URL+e.Path)
	}
	if err := os.WriteFile(w.config, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return w
}

// poll runs `sanafeed poll` in-process and returns its summary.
func (w *world) poll() string {
	w.t.Helper()
	var out, errOut bytes.Buffer
	if code := run([]string{"poll", "-config", w.config}, &out, &errOut); code != 0 {
		w.t.Fatalf("poll exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	return out.String()
}

// served opens the store read-only for the duration of fn with the HTTP
// server on top of it.
func (w *world) served(fn func(srv *httptest.Server)) {
	w.t.Helper()
	cfg, err := loadConfig(w.config)
	if err != nil {
		w.t.Fatal(err)
	}
	a, err := openApp(cfg, newLogger(io.Discard, cfg.Log))
	if err != nil {
		w.t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.server().Handler())
	defer srv.Close()
	fn(srv)
}

// get fetches path and parses it with gofeed.
func getFeed(t *testing.T, srv *httptest.Server, path string) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(getBody(t, srv.URL, path))
	if err != nil {
		t.Fatalf("GET %s: parse: %v", path, err)
	}
	return f
}

func itemIDs(f *gofeed.Feed) []string {
	ids := make([]string, len(f.Items))
	for i, it := range f.Items {
		ids[i] = it.GUID
	}
	return ids
}

// countIDs returns how often each id occurs.
func countIDs(ids []string) map[string]int {
	m := map[string]int{}
	for _, id := range ids {
		m[id]++
	}
	return m
}

func TestEndToEnd(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	summary := w.poll()
	for _, e := range sanafeed.Editions {
		if !strings.Contains(summary, "\n"+e.Lang+" ") {
			t.Errorf("summary lacks edition %s:\n%s", e.Lang, summary)
		}
	}
	truth := w.site.Truth()
	known := map[string]bool{}
	for _, a := range truth {
		known[sanafeed.ArticleID(a.Lang, a.PostID)] = true
	}
	w.served(func(srv *httptest.Server) {
		for _, e := range sanafeed.Editions {
			for _, format := range []string{"rss", "atom", "json"} {
				f := getFeed(t, srv, "/feeds/"+e.Lang+"."+format)
				if f.Language != "" && !strings.HasPrefix(f.Language, e.Lang) {
					t.Errorf("%s.%s language = %q", e.Lang, format, f.Language)
				}
				counts := countIDs(itemIDs(f))
				// Every article the replica's feed carries, exactly once.
				for _, id := range w.site.FeedPostIDs(e.Lang) {
					if n := counts[sanafeed.ArticleID(e.Lang, id)]; n != 1 {
						t.Errorf("%s.%s: post %d present %d times", e.Lang, format, id, n)
					}
				}
				// Every article on the site too (pages are read), once.
				for _, a := range truth {
					if a.Lang == e.Lang {
						if n := counts[sanafeed.ArticleID(a.Lang, a.PostID)]; n != 1 {
							t.Errorf("%s.%s: article %d %q present %d times", e.Lang, format, a.PostID, a.Title, n)
						}
					}
				}
				for id, n := range counts {
					if n != 1 {
						t.Errorf("%s.%s: id %s appears %d times", e.Lang, format, id, n)
					}
					if !known[id] {
						t.Errorf("%s.%s: item %s is no article of the replica's %s edition", e.Lang, format, id, e.Lang)
					}
				}
			}
		}
		checkTagFeeds(t, srv, truth)
		checkHealthSources(t, srv)
	})

	// A second poll of the unchanged replica: conditional requests, no change.
	w.site.ResetRequests()
	summary = w.poll()
	pages := map[string]bool{}
	for _, a := range truth {
		pages[a.Path] = true
	}
	for _, r := range w.site.Requests() {
		if strings.HasSuffix(r.Path, "/feed/") && !r.Conditional {
			t.Errorf("second poll: unconditional request for %s", r.Path)
		}
		if pages[r.Path] || pages[r.Path+"/"] {
			t.Errorf("second poll of an unchanged replica fetched article page %s again", r.Path)
		}
		if r.Status != http.StatusNotModified && r.Path != "/robots.txt" {
			t.Errorf("second poll: %s answered %d, want 304", r.Path, r.Status)
		}
	}
	checkNoChange(t, summary)
	t.Logf("second poll of the unchanged replica: %d requests, 0 article pages\n%s", len(w.site.Requests()), summary)

	// The replica moves forward: new articles, an edit, a changed GUID.
	before := byKey(truth)
	w.site.Advance()
	summary = w.poll()
	after := w.site.Truth()
	w.served(func(srv *httptest.Server) {
		for _, e := range sanafeed.Editions {
			f := getFeed(t, srv, "/feeds/"+e.Lang+".atom")
			counts := countIDs(itemIDs(f))
			items := map[string]*gofeed.Item{}
			for _, it := range f.Items {
				items[it.GUID] = it
			}
			for _, a := range after {
				if a.Lang != e.Lang {
					continue
				}
				id := sanafeed.ArticleID(a.Lang, a.PostID)
				if counts[id] != 1 {
					t.Errorf("after advance %s: article %d %q present %d times", e.Lang, a.PostID, a.Title, counts[id])
					continue
				}
				if it := items[id]; it.Title != a.Title {
					t.Errorf("after advance %s: article %d title %q, want %q", e.Lang, a.PostID, it.Title, a.Title)
				}
			}
			for id, n := range counts {
				if n != 1 {
					t.Errorf("after advance %s: id %s appears %d times", e.Lang, id, n)
				}
			}
		}
	})
	edited := 0
	for _, a := range after {
		if b, ok := before[key(a)]; ok && b.Title != a.Title {
			edited++
		}
	}
	if edited == 0 {
		t.Fatalf("replica advance edited no article title; test cannot check updates")
	}
	t.Logf("summary after advance:\n%s", summary)
}

func key(e replica.Entry) string { return sanafeed.ArticleKey(e.Lang, e.PostID) }

func byKey(es []replica.Entry) map[string]replica.Entry {
	m := map[string]replica.Entry{}
	for _, e := range es {
		m[key(e)] = e
	}
	return m
}

// checkTagFeeds checks that each tag feed holds exactly the tagged articles.
func checkTagFeeds(t *testing.T, srv *httptest.Server, truth []replica.Entry) {
	t.Helper()
	want := map[[2]string][]string{}
	for _, a := range truth {
		for _, tag := range a.Tags {
			k := [2]string{a.Lang, tag.Slug}
			want[k] = append(want[k], sanafeed.ArticleID(a.Lang, a.PostID))
		}
	}
	for k, ids := range want {
		for _, format := range []string{"rss", "atom", "json"} {
			f := getFeed(t, srv, "/feeds/"+k[0]+"/tags/"+url.PathEscape(k[1])+"."+format)
			got := itemIDs(f)
			slices.Sort(got)
			slices.Sort(ids)
			if !slices.Equal(got, ids) {
				t.Errorf("tag feed %s/%s.%s = %v, want %v", k[0], k[1], format, got, ids)
			}
		}
	}
}

// checkNoChange checks a poll summary reports nothing new or updated.
func checkNoChange(t *testing.T, summary string) {
	t.Helper()
	table, _, _ := strings.Cut(strings.TrimSpace(summary), "\n\n") // the problems block follows
	lines := strings.Split(table, "\n")
	for _, l := range lines[1:] {
		f := strings.Fields(l) // lang state new updated …
		if len(f) < 4 || f[1] != "ok" || f[2] != "0" || f[3] != "0" {
			t.Errorf("unchanged replica, yet: %s\n%s", l, summary)
		}
	}
}

// checkHealthSources checks /healthz reports every edition's last poll and
// flags the replica's stale English feed and repaired Arabic feed.
// healthSources returns the last poll of each source /healthz reports.
func healthSources(t *testing.T, base string) []sanafeed.PollResult {
	t.Helper()
	var rep struct {
		Sources []sanafeed.PollResult `json:"sources"`
	}
	_, body := fetchBody(t, base+"/healthz?format=json") // 503 too: unhealthy says which sources
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Sources
}

func checkHealthSources(t *testing.T, srv *httptest.Server) {
	t.Helper()
	got := map[string]sanafeed.PollResult{}
	for _, s := range healthSources(t, srv.URL) {
		got[s.Lang] = s
	}
	if len(got) != len(sanafeed.Editions) {
		t.Errorf("/healthz sources = %d editions, want %d", len(got), len(sanafeed.Editions))
	}
	if !got["en"].FeedStale || !got["tr"].FeedStale || got["fr"].FeedStale {
		t.Errorf("/healthz stale flags: en %v tr %v fr %v; want true true false", got["en"].FeedStale, got["tr"].FeedStale, got["fr"].FeedStale)
	}
	if !got["ar"].FeedRepaired {
		t.Errorf("/healthz: the Arabic feed's repair is not reported")
	}
}
