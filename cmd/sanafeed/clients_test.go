package main

import (
	"encoding/json"
	"encoding/xml"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

// These tests read sanafeed's feeds with real feed readers, as Debian
// packages them: Python's feedparser (python3-feedparser) and newsboat.
// They skip when a reader is missing, except under CI=true (.ci/run
// installs them), where that fails.

// feedparserScript reads each feed URL given and prints, as JSON, what
// feedparser made of it.
const feedparserScript = `import feedparser, json, sys
out = {}
for url in sys.argv[1:]:
    d = feedparser.parse(url)
    out[url] = {
        "status": d.get("status", 0),
        "bozo": int(bool(d.bozo)),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.get("version", ""),
        "language": d.feed.get("language", ""),
        "title": d.feed.get("title", ""),
        "entries": [{
            "id": e.get("id", ""),
            "title": e.get("title", ""),
            "link": e.get("link", ""),
            "language": e.get("language") or e.get("title_detail", {}).get("language") or "",
            "related": sorted(l.get("hreflang", "") for l in e.get("links", []) if l.get("rel") == "related"),
        } for e in d.entries],
    }
json.dump(out, sys.stdout)
`

// parsedFeed is feedparser's reading of one feed.
type parsedFeed struct {
	Status        int    `json:"status"`
	Bozo          int    `json:"bozo"`
	BozoException string `json:"bozo_exception"`
	Version       string `json:"version"`
	Language      string `json:"language"`
	Title         string `json:"title"`
	Entries       []struct {
		ID, Title, Link, Language string
		Related                   []string
	} `json:"entries"`
}

// feedparserPython returns a python3 that imports feedparser (Debian's
// /usr/bin/python3 first: another python3 may come earlier in PATH), or
// skips the test (fails under CI=true).
func feedparserPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import feedparser").Run() == nil {
			return py
		}
	}
	msg := "no python3 with feedparser: apt-get install -y --no-install-recommends python3-feedparser"
	if inCI() {
		t.Fatal(msg + " (CI=true: real-client checks must run)")
	}
	t.Skip(msg)
	return ""
}

func TestFeedparserReadsEveryFeed(t *testing.T) {
	t.Parallel()
	py := feedparserPython(t)
	w := newWorld(t)
	a, base := w.live()
	pollLive(t, a)
	script := filepath.Join(t.TempDir(), "read.py")
	if err := os.WriteFile(script, []byte(feedparserScript), 0o644); err != nil {
		t.Fatal(err)
	}
	feeds := servedFeeds(t, a)
	byURL := map[string]servedFeed{}
	for _, f := range feeds {
		for _, ext := range []string{"rss", "atom"} { // feedparser 6.0 reads no JSON Feed
			byURL[base+f.path(ext)] = f
		}
	}
	urls := slices.Sorted(maps.Keys(byURL))
	var got map[string]parsedFeed
	if err := json.Unmarshal([]byte(command(t, nil, py, append([]string{script}, urls...)...)), &got); err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, u := range urls {
		f, p := byURL[u], got[u]
		if p.Status != 200 || p.Bozo != 0 || p.Version == "" {
			t.Errorf("%s: status %d bozo %d (%s) version %q", u, p.Status, p.Bozo, p.BozoException, p.Version)
			continue
		}
		if f.lang != "" && p.Language != f.lang {
			t.Errorf("%s: language %q, want %q", u, p.Language, f.lang)
		}
		if len(p.Entries) != len(f.want) || len(f.want) == 0 {
			t.Errorf("%s: %d entries, want %d (and some)", u, len(p.Entries), len(f.want))
			continue
		}
		for i, e := range p.Entries {
			a := f.want[i]
			if e.ID != a.ID() || e.Title != a.Title || e.Link != a.URL || e.Language != a.Lang {
				t.Errorf("%s entry %d = %s %q %s %q, want %s %q %s %q", u, i, e.ID, e.Title, e.Link, e.Language,
					a.ID(), a.Title, a.URL, a.Lang)
			}
			if len(e.Related) != len(a.Translations) {
				t.Errorf("%s entry %s: related %q, want %d translations", u, e.ID, e.Related, len(a.Translations))
			}
			linked += len(e.Related)
		}
	}
	if linked == 0 {
		t.Error("no entry had a translation: the check of related links ran on nothing")
	}
	t.Logf("feedparser read %d feeds", len(urls))
}

// opmlFeeds returns the feed URLs and titles in an OPML document.
func opmlFeeds(t *testing.T, body []byte) map[string]string {
	t.Helper()
	type outline struct {
		Text     string    `xml:"text,attr"`
		XMLURL   string    `xml:"xmlUrl,attr"`
		Outlines []outline `xml:"outline"`
	}
	var doc struct {
		Body []outline `xml:"body>outline"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("OPML: %v", err)
	}
	out := map[string]string{}
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			if o.XMLURL != "" {
				if _, dup := out[o.XMLURL]; dup {
					t.Errorf("OPML lists %s twice", o.XMLURL)
				}
				out[o.XMLURL] = o.Text
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body)
	return out
}

func TestNewsboatImportsOPML(t *testing.T) {
	t.Parallel()
	nb := needTool(t, "newsboat", "newsboat")
	sqlite := needTool(t, "sqlite3", "sqlite3")
	w := newWorld(t)
	a, base := w.live()
	pollLive(t, a)
	code, body := httpGet(t, base+"/feeds.opml")
	if code != 200 {
		t.Fatalf("GET /feeds.opml = %d", code)
	}
	listed := opmlFeeds(t, body)
	want := map[string]sanafeed.Article{} // every article of every listed feed, by id
	for _, f := range servedFeeds(t, a) {
		if _, ok := listed[base+f.path("atom")]; ok {
			for _, art := range f.want {
				want[art.ID()] = art
			}
		}
	}
	if len(listed) < 1+len(sanafeed.Editions)+1 {
		t.Fatalf("OPML lists %d feeds: want all, every edition and some tags", len(listed))
	}

	dir := t.TempDir()
	opml, urls, cache, conf := filepath.Join(dir, "feeds.opml"), filepath.Join(dir, "urls"),
		filepath.Join(dir, "cache.db"), filepath.Join(dir, "config")
	for _, f := range []struct {
		name string
		data []byte
	}{{opml, body}, {urls, nil}, {conf, nil}} {
		if err := os.WriteFile(f.name, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "XDG_DATA_HOME=" + dir, "TERM=dumb"}
	args := []string{"-u", urls, "-c", cache, "-C", conf}
	command(t, env, nb, append(args, "-i", opml)...)
	imported, _ := os.ReadFile(urls)
	for u := range listed {
		if !strings.Contains(string(imported), u) {
			t.Errorf("newsboat did not import %s", u)
		}
	}
	command(t, env, nb, append(args, "-x", "reload")...)
	unread := command(t, env, nb, append(args, "-x", "print-unread")...)
	if !strings.HasPrefix(strings.TrimSpace(unread), strconv.Itoa(len(want))+" unread") {
		t.Errorf("newsboat print-unread = %q, want %d unread articles", unread, len(want))
	}

	// Every feed loaded under its title; newsboat keeps an article once
	// (by guid) however many feeds carry it.
	rows := command(t, nil, sqlite, "-separator", "\t", cache, "SELECT rssurl, title FROM rss_feed")
	loaded := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(rows), "\n") {
		u, title, _ := strings.Cut(l, "\t")
		loaded[u] = title
	}
	for u, title := range listed {
		if loaded[u] != title {
			t.Errorf("newsboat feed %s: title %q, want %q (not loaded?)", u, loaded[u], title)
		}
	}
	items := command(t, nil, sqlite, "-separator", "\t", cache, "SELECT guid, url, title FROM rss_item")
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(items), "\n") {
		f := strings.SplitN(l, "\t", 3)
		art, ok := want[f[0]]
		if len(f) != 3 || !ok || f[1] != art.URL || f[2] != art.Title {
			t.Errorf("newsboat item %q: want one of the feeds' articles with its link and title", l)
			continue
		}
		n++
	}
	if n != len(want) {
		t.Errorf("newsboat holds %d articles, want %d", n, len(want))
	}
}
