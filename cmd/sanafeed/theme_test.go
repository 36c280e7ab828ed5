package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
)

// secondThemeRules returns the [[source]] keys that read the replica's
// second theme (a redesign: slug permalinks without the post id, its own
// classes, boilerplate boxes inside the body, no Kurdish feed) for the
// edition at path, with remove as the page.remove rule.
func secondThemeRules(lang, path string, remove []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "article = '^%s[0-9]{4}/[0-9]{2}/[0-9]{2}/[a-z0-9-]+/?$'\n", path)
	if lang == "ku" {
		b.WriteString("feeds = []\n")
	}
	b.WriteString(`
[source.page]
title = "h2.story-headline"
body = "section.story-text"
remove = ` + tomlList(remove) + `
tags = ".story-topics a"
categories = ".story-section a"
published = ".story-date@data-published"
modified = ".story-date@data-modified"
image = ".story-lead img"

[source.listing]
item = "a.card-link"
next = "a.older@href"
`)
	return b.String()
}

func tomlList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// writeThemeConfig writes w's config with the second theme's rules for
// every edition, page.remove set to remove.
func (w *world) writeThemeConfig(remove []string, extra string) {
	w.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\npublic_url = \"http://feeds.test\"\n%s\n[poll]\ncrawl_delay = \"0s\"\n\n", w.dataDir, extra)
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "[[source]]\nlang = %q\nurl = %q\n%s\n", e.Lang, w.origin.URL+e.Path, secondThemeRules(e.Lang, e.Path, remove))
	}
	if err := os.WriteFile(w.config, []byte(b.String()), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// storedArticles returns every stored article by key.
func storedArticles(t *testing.T, dataDir string) map[string]sanafeed.Article {
	t.Helper()
	db := testkit.OpenStore(t, filepath.Join(dataDir, "sanafeed.db"))
	defer db.Close() // now: sanafeed opens it next
	heads, err := db.Since(t.Context(), time.Time{})
	testkit.Check(t, err)
	out := map[string]sanafeed.Article{}
	for _, h := range heads {
		a, err := db.Article(t.Context(), h.Key())
		testkit.Check(t, err)
		out[a.Key()] = a
	}
	return out
}

// checkSecondTheme checks every article of the replica is stored once,
// under its (edition, post id), with a body clean of the theme's
// boilerplate, its tags and its publication time.
func checkSecondTheme(t *testing.T, w *world, when string) {
	t.Helper()
	stored := storedArticles(t, w.dataDir)
	truth := w.site.Truth()
	if len(stored) != len(truth) {
		t.Errorf("%s: %d articles stored, the replica has %d", when, len(stored), len(truth))
	}
	for _, e := range truth {
		a, ok := stored[key(e)]
		if !ok {
			t.Errorf("%s: %s (%s) not stored", when, key(e), e.Path)
			continue
		}
		for _, bad := range replica.SecondThemeBoilerplate {
			if strings.Contains(a.Content, bad) {
				t.Errorf("%s: %s body holds the boilerplate %q", when, key(e), bad)
			}
		}
		if len(e.Body) > 1 && !strings.Contains(sanafeed.PlainText(a.Content), e.Body[1][:min(len(e.Body[1]), 40)]) {
			t.Errorf("%s: %s body lacks its second paragraph %q", when, key(e), e.Body[1])
		}
		var want, got []string
		for _, tg := range e.Tags {
			want = append(want, tg.Slug)
		}
		for _, tg := range a.Tags {
			got = append(got, tg.Slug)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %s tags %v, want %v", when, key(e), got, want)
		}
		if !a.Published.Equal(e.Published) {
			t.Errorf("%s: %s published %v, want %v", when, key(e), a.Published, e.Published)
		}
		if a.From != sanafeed.FromPage {
			t.Errorf("%s: %s stored from %s, not from its page", when, key(e), a.From)
		}
	}
}

// Under a redesigned theme, changing only [[source]] keys (no code) gets
// every article of every edition stored once under its post id, clean,
// tagged and dated, translations linked; a second poll reads no article
// page again, slug permalinks and all.
func TestSecondThemeWithRules(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, replica.Options{SecondTheme: true})
	w.writeThemeConfig([]string{".xbox-live", ".xbox-app"}, "")
	code, out, errOut := w.pollCode()
	if code != 0 {
		t.Fatalf("poll exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(out, "rules:") || strings.Contains(out, "no article links") {
		t.Errorf("poll with the theme's rules reports rules finding nothing:\n%s", out)
	}
	checkSecondTheme(t, w, "first poll")
	checkTranslations(t, w, "second theme")

	w.site.ResetRequests()
	out = w.poll()
	pages := map[string]bool{}
	for _, e := range w.site.Truth() {
		pages[strings.TrimSuffix(e.Path, "/")] = true
	}
	for _, r := range w.site.Requests() {
		if pages[strings.TrimSuffix(r.Path, "/")] {
			t.Errorf("second poll fetched article page %s again", r.Path)
		}
	}
	checkNoChange(t, out)
}

// Without the keys the redesign breaks, and says so: the listings show no
// article link, the pages are read only by fallbacks, Kurdish has no feed;
// no edition's poll reads as ok.
func TestSecondThemeWithoutRules(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, replica.Options{SecondTheme: true})
	_, out, errOut := w.pollCode()
	for _, e := range sanafeed.Editions {
		if f := summaryRow(t, out, e.Lang); f[1] == sanafeed.PollOK {
			t.Errorf("%s polled ok under a theme its rules do not read:\n%s", e.Lang, out)
		}
	}
	for _, want := range []string{"no article links found (check source.article and source.listing.item)",
		"rules: source.page.title found nothing", "rules: source.page.body found nothing"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s\n%s", want, out, errOut)
		}
	}
	t.Logf("what breaks without the keys:\n%s", out)
}

// After a remove rule changes, reprocess fixes every stored article of
// the source from its kept page with no request to the site, the feeds
// change, and no article.updated webhook goes out (no title changed).
func TestReprocessAfterRuleChange(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, replica.Options{SecondTheme: true})
	var mu sync.Mutex
	var events []string
	hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var ev struct {
			Type string `json:"type"`
		}
		_ = json.NewDecoder(r.Body).Decode(&ev)
		mu.Lock()
		events = append(events, ev.Type)
		mu.Unlock()
	}))
	defer hook.Close()
	webhook := fmt.Sprintf("\n[[webhook]]\nurl = %q\nsecret = \"whsec_c2FuYWZlZWQtdGVzdC1zZWNyZXQtMjRi\"\n", hook.URL)
	w.writeThemeConfig([]string{".xbox-live"}, "") // the app box is missed
	w.poll()
	dirty := 0
	for _, a := range storedArticles(t, w.dataDir) {
		if strings.Contains(a.Content, replica.SecondThemeBoilerplate[1]) {
			dirty++
		}
	}
	if dirty != len(w.site.Truth()) {
		t.Fatalf("%d of %d stored bodies hold the app box before the rule changes; want all", dirty, len(w.site.Truth()))
	}
	w.served(func(srv *httptest.Server) {
		if body := getBody(t, srv.URL, "/feeds/en.json"); !strings.Contains(body, replica.SecondThemeBoilerplate[1]) {
			t.Fatal("the served English feed lacks the app box before the rule changes")
		}
	})

	w.writeThemeConfig([]string{".xbox-live", ".xbox-app"}, webhook)
	w.site.ResetRequests()
	var out, errOut bytes.Buffer
	if code := run([]string{"reprocess", "-config", w.config}, &out, &errOut); code != 0 {
		t.Fatalf("reprocess exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if n := len(w.site.Requests()); n != 0 {
		t.Errorf("reprocess sent %d requests to the site, want 0: %v", n, w.site.Requests())
	}
	changed := 0
	for _, e := range sanafeed.Editions {
		f := summaryRow(t, out.String(), e.Lang)
		var c, u, np, failed int
		fmt.Sscan(strings.Join(f[1:], " "), &c, &u, &np, &failed)
		if np != 0 || failed != 0 || c == 0 {
			t.Errorf("%s: reprocess row %v: want every article changed, none without a page or failed", e.Lang, f)
		}
		changed += c
	}
	if changed != len(w.site.Truth()) {
		t.Errorf("reprocess changed %d articles, want %d\n%s", changed, len(w.site.Truth()), out.String())
	}
	checkSecondTheme(t, w, "after reprocess")
	w.served(func(srv *httptest.Server) {
		if body := getBody(t, srv.URL, "/feeds/en.json"); strings.Contains(body, replica.SecondThemeBoilerplate[1]) {
			t.Error("the served English feed still holds the app box after reprocess")
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if slices.Contains(events, sanafeed.EventUpdated) {
		t.Errorf("reprocess sent article.updated webhooks with no title changed: %v", events)
	}
	t.Logf("reprocess:\n%s", out.String())
}

// getBody returns the body of path on the server at base, failing the
// test unless it answers 200.
func getBody(t *testing.T, base, path string) string {
	t.Helper()
	code, body := fetchBody(t, base+path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, code, body)
	}
	return body
}

// fetchBody returns the status and body of a GET of url.
func fetchBody(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	testkit.Check(t, err)
	return resp.StatusCode, string(b)
}

// runTry runs `sanafeed try -json` and returns its exit code and report.
func runTry(t *testing.T, args ...string) (int, tryReport) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"try", "-json"}, args...), &out, &errOut)
	var rep tryReport
	if code != 2 {
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("try output is not JSON (%v): %s%s", err, out.String(), errOut.String())
		}
	}
	return code, rep
}

// field returns the field name of rep.
func field(rep tryReport, name string) tryField {
	for _, f := range rep.Fields {
		if f.Field == name {
			return f
		}
	}
	return tryField{}
}

// try prints what the rules extract from a page of each theme, field by
// field with the rule behind it, and reads a listing's links; it fails
// on a page it cannot read at all.
func TestTry(t *testing.T) {
	t.Parallel()
	first := newWorld(t)
	var en replica.Entry
	for _, e := range first.site.Truth() {
		if e.Lang == "en" && len(e.Tags) > 0 {
			en = e
			break
		}
	}
	code, rep := runTry(t, "-config", first.config, first.origin.URL+en.Path)
	if code != 0 || rep.Kind != "article" || rep.Source != "en" {
		t.Fatalf("try on a first-theme page: exit %d, %+v", code, rep)
	}
	for name, want := range map[string]tryField{
		"id":    {Value: fmt.Sprint(en.PostID), From: "built-in"},
		"title": {Value: en.Title, Rule: "h1.s-title", From: "built-in"},
	} {
		if f := field(rep, name); f.Value != want.Value || f.From != want.From || (want.Rule != "" && f.Rule != want.Rule) {
			t.Errorf("first theme %s = %+v, want %+v", name, f, want)
		}
	}
	if f := field(rep, "body"); f.Rule != "div.entry-content" || !strings.Contains(f.Value, en.Body[0][:30]) {
		t.Errorf("first theme body = %+v", f)
	}

	second := newWorldWith(t, replica.Options{SecondTheme: true})
	var en2 replica.Entry
	for _, e := range second.site.Truth() {
		if e.Lang == "en" && e.PostID == en.PostID {
			en2 = e
		}
	}
	page := second.origin.URL + en2.Path
	// Without the theme's keys, only fallbacks read it.
	code, rep = runTry(t, "-config", second.config, page)
	if code != 0 || field(rep, "title").From != "fallback" || field(rep, "body").Rule != "fallback: readability" {
		t.Errorf("second theme, built-in rules: exit %d, title %+v, body %+v", code, field(rep, "title"), field(rep, "body"))
	}
	second.writeThemeConfig([]string{".xbox-live", ".xbox-app"}, "")
	code, rep = runTry(t, "-config", second.config, page)
	if code != 0 || rep.Kind != "article" {
		t.Fatalf("try on a second-theme page: exit %d, %+v", code, rep)
	}
	for name, want := range map[string]tryField{
		"id":        {Value: fmt.Sprint(en2.PostID), Rule: `link[rel~="shortlink"]@href`, From: "built-in"},
		"title":     {Value: en2.Title, Rule: "h2.story-headline", From: "config"},
		"published": {Value: en2.Published.Format(time.RFC3339), Rule: ".story-date@data-published", From: "config"},
	} {
		if f := field(rep, name); f.Value != want.Value || f.From != want.From || f.Rule != want.Rule {
			t.Errorf("second theme %s = %+v, want %+v", name, f, want)
		}
	}
	if f := field(rep, "body"); f.From != "config" || strings.Contains(f.Value, "SANA app") || strings.Contains(f.Value, "SANA TV") {
		t.Errorf("second theme body = %+v", f)
	}
	if f := field(rep, "tags"); f.From != "config" || !strings.Contains(f.Value, en2.Tags[0].Slug) {
		t.Errorf("second theme tags = %+v, want %s", f, en2.Tags[0].Slug)
	}

	// A listing: its article links, without ids, and its next page.
	code, rep = runTry(t, "-config", second.config, second.origin.URL+"/en/")
	if code != 0 || rep.Kind != "listing" || len(rep.Articles) == 0 || rep.Articles[0].PostID != 0 ||
		rep.Next != second.origin.URL+"/en/page/2/" {
		t.Errorf("try on a second-theme home: exit %d, kind %s, %d links, next %q", code, rep.Kind, len(rep.Articles), rep.Next)
	}
	// A page the rules read neither as an article nor as a listing: exit 1.
	code, rep = runTry(t, "-config", first.config, "-source", "en", "-file", filepath.Join("..", "..", "README.md"), first.origin.URL+"/en/about/")
	if code != 1 || rep.OK || len(rep.Problems) == 0 {
		t.Errorf("try on a page that is neither: exit %d, %+v; want 1 and a problem", code, rep)
	}
}
