package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/replica"
)

// An eventLog is a webhook receiver on httptest that checks signatures
// and keeps every event it is sent.
type eventLog struct {
	mu     sync.Mutex
	events []sanafeed.Event
}

func newEventLog(t *testing.T) (*eventLog, *httptest.Server) {
	t.Helper()
	verifier, err := standardwebhooks.NewWebhook(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	l := &eventLog{}
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := verifier.Verify(body, r.Header); err != nil {
			t.Errorf("signature: %v", err)
			rw.WriteHeader(http.StatusBadRequest)
			return
		}
		var ev sanafeed.Event
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("body: %v", err)
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		l.events = append(l.events, ev)
	}))
	t.Cleanup(recv.Close)
	return l, recv
}

// of returns the events of type typ about the article id, since the
// first n events.
func (l *eventLog) of(typ, id string, n int) []sanafeed.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []sanafeed.Event
	for _, ev := range l.events[n:] {
		if ev.Type == typ && ev.Data.ID == id {
			out = append(out, ev)
		}
	}
	return out
}

func (l *eventLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}

// TestRepostsFolded polls the replica with planted reposts and siblings
// (replica.Options.Reposts) with sanafeed's command, twice: the first
// poll meets originals and reposts in one batch; the second, after the
// replica's first Advance, meets new reposts of articles stored by the
// first. Every repost must be folded into its original and no sibling
// into anything: the store leads the repost's key to the original, the
// served feeds hold one item per story with the repost's (newer) text and
// both SANA URLs, and the webhook receiver gets no article.created for a
// repost, and one article.updated for an original a later repost was
// folded into, whose /stories page shows both texts and links both posts.
func TestRepostsFolded(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, replica.Options{Reposts: true})
	hooks, recv := newEventLog(t)
	cfg, _ := os.ReadFile(w.config)
	cfg = append(cfg, []byte("[[webhook]]\nurl = \""+recv.URL+"\"\nsecret = \""+testSecret+"\"\n")...)
	if err := os.WriteFile(w.config, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	w.poll()
	first := hooks.len()
	if first == 0 {
		t.Fatal("first poll sent no webhook")
	}
	before := map[string]bool{}
	for _, e := range w.site.Truth() {
		before[sanafeed.ArticleKey(e.Lang, e.PostID)] = true
	}
	w.site.Advance()
	w.poll()
	second := hooks.len()
	w.poll() // seeing the reposts again changes nothing
	if n := hooks.len() - second; n != 0 {
		t.Errorf("a third poll of an unchanged replica sent %d events", n)
	}
	truth := w.site.Truth()
	byKey := map[string]replica.Entry{}
	for _, e := range truth {
		byKey[sanafeed.ArticleKey(e.Lang, e.PostID)] = e
	}
	// The newest repost of each original is the text it must show.
	newest := map[string]replica.Entry{}
	for _, e := range truth {
		if e.RepostOf == 0 {
			continue
		}
		orig := sanafeed.ArticleKey(e.Lang, e.RepostOf)
		if n, ok := newest[orig]; !ok || e.Published.After(n.Published) {
			newest[orig] = e
		}
	}
	if len(newest) < 20 {
		t.Fatalf("only %d originals reposted in the replica's truth", len(newest))
	}
	cfgv, err := loadConfig(w.config)
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(cfgv, newLogger(io.Discard, cfgv.Log))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.server().Handler())
	defer srv.Close()
	items := servedItems(t, srv)

	later := 0
	for _, e := range truth {
		key := sanafeed.ArticleKey(e.Lang, e.PostID)
		id := sanafeed.ArticleID(e.Lang, e.PostID)
		got, err := a.db.Article(t.Context(), key)
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		if e.RepostOf == 0 {
			if got.Key() != key || len(got.Reposts) == 0 && got.Title != e.Title {
				t.Errorf("%s (sibling of %d): stored as %s %q, want itself", key, e.SiblingOf, got.Key(), got.Title)
			}
			if _, ok := items[id]; !ok {
				t.Errorf("%s: no item in its edition's feed", key)
			}
			continue
		}
		orig := sanafeed.ArticleKey(e.Lang, e.RepostOf)
		if got.Key() != orig {
			t.Errorf("repost %s: stored as %s, want folded into %s", key, got.Key(), orig)
			continue
		}
		if !slices.ContainsFunc(got.Reposts, pathOf(e)) {
			t.Errorf("repost %s: original %s keeps URLs %v, want the repost's %s among them", key, orig, got.Reposts, e.Path)
		}
		if _, ok := items[id]; ok {
			t.Errorf("repost %s has an item of its own", key)
		}
		if n := hooks.of(sanafeed.EventCreated, id, 0); len(n) != 0 {
			t.Errorf("repost %s: %d article.created events, want none", key, len(n))
		}
		origID := sanafeed.ArticleID(e.Lang, e.RepostOf)
		it, ok := items[origID]
		switch {
		case !ok:
			t.Errorf("original %s of %s: no item", orig, key)
		case newest[orig].PostID == e.PostID && it.Title != e.Title:
			t.Errorf("original %s: item title %q, want its newest repost's %q", orig, it.Title, e.Title)
		case !strings.Contains(it.all, e.Path) || !strings.Contains(it.all, byKey[orig].Path):
			t.Errorf("original %s: item lacks the URL of %s or its own:\n%s", orig, key, it.all)
		}
		if before[key] {
			continue
		}
		// A repost the second poll met: it gave its original, stored by
		// the first poll, one article.updated, with both URLs.
		later++
		ups := hooks.of(sanafeed.EventUpdated, origID, first)
		if len(ups) != 1 || !before[orig] {
			t.Errorf("original %s of the later repost %d: %d article.updated events, want 1", orig, e.PostID, len(ups))
			continue
		}
		if !slices.ContainsFunc(ups[0].Data.URLs, pathOf(e)) {
			t.Errorf("article.updated of %s: urls %v lack the repost's %s", orig, ups[0].Data.URLs, e.Path)
		}
		checkStoryPage(t, srv, byKey[orig], e)
	}
	if later == 0 {
		t.Error("no repost published after the first poll: the second poll's folding is untested")
	}
}

// checkStoryPage reads the /stories page of orig, into which the repost
// e was folded, with an HTML parser: the repost's text current, the
// original's before it (no revision for an exact re-run), and a link to
// the repost.
func checkStoryPage(t *testing.T, srv *httptest.Server, orig, e replica.Entry) {
	t.Helper()
	path := fmt.Sprintf("/stories/%s/%d/", orig.Lang, orig.PostID)
	root, err := html.Parse(strings.NewReader(getBody(t, srv.URL, path)))
	if err != nil {
		t.Fatal(err)
	}
	revs := revisionsIn(root)
	switch rerun := e.Title == orig.Title && slices.Equal(e.Body, orig.Body); {
	case rerun && len(revs) != 0:
		t.Errorf("%s: an exact re-run folded in shows texts %+v, want none: nothing changed", path, revs)
	case !rerun && (len(revs) < 2 || revs[0].title != e.Title || revs[1].title != orig.Title):
		t.Errorf("%s: texts %+v; want the repost's %q current, then the original's %q", path, revs, e.Title, orig.Title)
	}
	linked := false
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.Data == "a" && pathOf(e)(attrOf(n, "href")) {
			linked = true
		}
	}
	if !linked {
		t.Errorf("%s: no link to the repost %s", path, e.Path)
	}
}

// pathOf returns a function reporting whether a URL is e's permalink
// (French permalinks lack the trailing slash sanafeed's canonical URLs
// have).
func pathOf(e replica.Entry) func(string) bool {
	return func(u string) bool {
		return strings.HasSuffix(strings.TrimSuffix(u, "/"), strings.TrimSuffix(e.Path, "/"))
	}
}

// A servedItem is what TestRepostsFolded reads of a JSON Feed item.
type servedItem struct {
	Title string
	all   string // the item's JSON, for finding URLs in it
}

// servedItems returns the items of every edition's JSON Feed by id.
func servedItems(t *testing.T, srv *httptest.Server) map[string]servedItem {
	t.Helper()
	out := map[string]servedItem{}
	for _, e := range sanafeed.Editions {
		var f struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal([]byte(getBody(t, srv.URL, "/feeds/"+e.Lang+".json")), &f); err != nil {
			t.Fatal(err)
		}
		for _, raw := range f.Items {
			var it struct{ ID, Title string }
			if err := json.Unmarshal(raw, &it); err != nil {
				t.Fatal(err)
			}
			if _, dup := out[it.ID]; dup {
				t.Errorf("item %s served twice", it.ID)
			}
			out[it.ID] = servedItem{Title: it.Title, all: string(raw)}
		}
	}
	return out
}

// TestReloadTellsStoriesNeedRestart: a reload does not change how the
// running poller folds reposts, and says so.
func TestReloadTellsStoriesNeedRestart(t *testing.T) {
	old, cur := config.Default(), config.Default()
	cur.Stories.Fold = false
	if got := restartKeys(old, cur); !slices.Equal(got, []string{"stories"}) {
		t.Errorf("restartKeys after [stories] fold changed = %q, want [stories]", got)
	}
}
