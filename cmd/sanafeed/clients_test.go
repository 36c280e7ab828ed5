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

// TestNewsboatImportsOPML imports the default OPML into newsboat as a
// subscriber would, reloads every feed, and checks what newsboat then
// shows: every listed feed under its title with every item it carries.
// newsboat keeps one row per item id across all feeds, so a feed whose
// items are also in another listed feed (a tag feed, the all-editions
// feed) would show short or empty: the default OPML must not list such
// feeds together.
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
	feeds := map[string][]sanafeed.Article{} // what each listed feed carries, by URL
	want := map[string]sanafeed.Article{}    // every article of every listed feed, by id
	for _, f := range servedFeeds(t, a) {
		if _, ok := listed[base+f.path("atom")]; ok {
			feeds[base+f.path("atom")] = f.want
			for _, art := range f.want {
				want[art.ID()] = art
			}
		}
	}
	if len(feeds) != len(listed) || len(listed) < len(sanafeed.Editions) {
		t.Fatalf("OPML lists %d feeds, %d of them served: want every edition's at least", len(listed), len(feeds))
	}

	nbr := importNewsboat(t, nb, body)
	imported, _ := os.ReadFile(nbr.urls)
	for u := range listed {
		if !strings.Contains(string(imported), u) {
			t.Errorf("newsboat did not import %s", u)
		}
	}
	nbr.run(t, "-x", "reload")
	unread := nbr.run(t, "-x", "print-unread")
	if !strings.HasPrefix(strings.TrimSpace(unread), strconv.Itoa(len(want))+" unread") {
		t.Errorf("newsboat print-unread = %q, want %d unread articles", unread, len(want))
	}

	// Every feed loaded under its title.
	rows := command(t, nil, sqlite, "-separator", "\t", nbr.cache, "SELECT rssurl, title FROM rss_feed")
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
	// Every feed shows every item it carries, with its link and title:
	// newsboat lists a feed's items from the rows holding its URL.
	items := command(t, nil, sqlite, "-separator", "\t", nbr.cache,
		"SELECT feedurl, guid, url, title FROM rss_item WHERE deleted = 0")
	shown := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(items), "\n") {
		f := strings.SplitN(l, "\t", 4)
		art, ok := want[f[1]]
		if len(f) != 4 || !ok || f[2] != art.URL || f[3] != art.Title {
			t.Errorf("newsboat item %q: want one of the feeds' articles with its link and title", l)
			continue
		}
		shown[f[0]]++
	}
	for _, u := range slices.Sorted(maps.Keys(feeds)) {
		if shown[u] != len(feeds[u]) {
			t.Errorf("newsboat shows %d items in %s (%s), want %d", shown[u], listed[u], u, len(feeds[u]))
		}
	}
}

// A newsboatRun is newsboat with its own HOME, urls file, cache and
// config, all in a temporary directory.
type newsboatRun struct {
	nb, urls, cache string
	env, args       []string
}

// importNewsboat imports the OPML document opml into a fresh newsboat.
func importNewsboat(t *testing.T, nb string, opml []byte) *newsboatRun {
	t.Helper()
	dir := t.TempDir()
	file, conf := filepath.Join(dir, "feeds.opml"), filepath.Join(dir, "config")
	r := &newsboatRun{nb: nb, urls: filepath.Join(dir, "urls"), cache: filepath.Join(dir, "cache.db"),
		env: []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "XDG_DATA_HOME=" + dir, "TERM=dumb"}}
	r.args = []string{"-u", r.urls, "-c", r.cache, "-C", conf}
	for _, f := range []struct {
		name string
		data []byte
	}{{file, opml}, {r.urls, nil}, {conf, nil}} {
		if err := os.WriteFile(f.name, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r.run(t, "-i", file)
	return r
}

// run runs newsboat with args and returns its standard output.
func (r *newsboatRun) run(t *testing.T, args ...string) string {
	t.Helper()
	return command(t, r.env, r.nb, append(slices.Clone(r.args), args...)...)
}
