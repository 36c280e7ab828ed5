package server

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// A pageRevision is one text on a story page as an HTML parser reads it.
type pageRevision struct {
	id, lang, dir string
	current       bool
	title, body   string   // all the text, deleted words too; paragraphs joined by a space
	ins, del      []string // the text of each <ins> and <del>
}

// pageRevisions returns the revisions of the story page body, in order.
func pageRevisions(t *testing.T, body string) []pageRevision {
	t.Helper()
	_, _, root := parseHTML(t, body)
	var out []pageRevision
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || n.Data != "article" || attr(n, "class") != "revision" {
			continue
		}
		r := pageRevision{id: attr(n, "id"), lang: attr(n, "lang"), dir: attr(n, "dir")}
		for c := range n.Descendants() {
			if c.Type != html.ElementNode {
				continue
			}
			switch {
			case c.Data == "h3":
				r.current = strings.Contains(textOf(c), "(current)")
			case c.Data == "p" && attr(c, "class") == "title":
				r.title = textOf(c)
			case c.Data == "p" && c.Parent != nil && attr(c.Parent, "class") == "body":
				r.body = strings.TrimSpace(r.body + " " + textOf(c))
			case c.Data == "ins":
				r.ins = append(r.ins, textOf(c))
			case c.Data == "del":
				r.del = append(r.del, textOf(c))
			}
		}
		out = append(out, r)
	}
	return out
}

// textOf returns the text under n, white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestStoryRevisions: a story page shows the article's texts newest first,
// each with what changed from the one before marked <ins> and <del>, in
// the article's language and direction; one never edited shows none.
func TestStoryRevisions(t *testing.T) {
	_, st, h := newTest(t)
	at := t0.Add(5 * time.Hour)
	st.update(func(arts []sanafeed.Article) []sanafeed.Article {
		en, ar := &arts[2], &arts[6] // en/103, ar/203
		en.Title, en.Content, en.Version, en.Revisions = "Damascus three, updated", "<p>Damascus three, now longer.</p><p>Second.</p>", 3, 2
		en.Updated, en.Reposts = at.Add(time.Hour), []string{"https://sana.sy/en/news/107/"}
		ar.Title, ar.Content, ar.Version, ar.Revisions = "دمشق ثلاثة محدث", "<p>افتتاح الطريق في حلب</p>", 2, 1
		st.revs = map[string][]sanafeed.Revision{
			"en/103": {
				{Version: 1, At: t0, URL: en.URL, Title: "Damascus three", Content: "<p>Damascus three.</p><p>Second.</p>"},
				{Version: 2, At: at, URL: en.URL, Title: "Damascus three", Content: "<p>Damascus three, longer.</p><p>Second.</p>"},
			},
			"ar/203": {{Version: 1, At: t0, URL: ar.URL, Title: "دمشق ثلاثة", Content: "<p>افتتاح الطريق في دمشق</p>"}},
		}
		return arts
	})
	resp := do(h, "GET", "/stories/en/103")
	body := resp.Body.String()
	checkStyles(t, body, resp.Header().Get("Content-Security-Policy"), 2)
	got := pageRevisions(t, body)
	want := []pageRevision{
		{id: "v3", lang: "en", dir: "ltr", current: true, title: "Damascus three, updated", body: "Damascus three, now longer. Second.",
			ins: []string{", updated", "now"}},
		{id: "v2", lang: "en", dir: "ltr", title: "Damascus three", body: "Damascus three, longer. Second.", ins: []string{", longer"}},
		{id: "v1", lang: "en", dir: "ltr", title: "Damascus three", body: "Damascus three. Second."},
	}
	if !slices.EqualFunc(got, want, samePageRevision) {
		t.Errorf("en/103 revisions:\n%+v\nwant\n%+v", got, want)
	}
	_, links, _ := parseHTML(t, body)
	if !slices.Contains(links, "https://sana.sy/en/news/107/") {
		t.Error("story page does not link the folded repost")
	}

	got = pageRevisions(t, do(h, "GET", "/stories/ar/203").Body.String())
	want = []pageRevision{
		{id: "v2", lang: "ar", dir: "rtl", current: true, title: "دمشق ثلاثة محدث", body: "افتتاح الطريق في دمشق حلب",
			ins: []string{"محدث", "حلب"}, del: []string{"دمشق"}},
		{id: "v1", lang: "ar", dir: "rtl", title: "دمشق ثلاثة", body: "افتتاح الطريق في دمشق"},
	}
	if !slices.EqualFunc(got, want, samePageRevision) {
		t.Errorf("ar/203 revisions:\n%+v\nwant\n%+v", got, want)
	}
	plain := do(h, "GET", "/stories/en/101")
	if got := pageRevisions(t, plain.Body.String()); len(got) != 0 {
		t.Errorf("en/101, never edited: revisions %+v, want none", got)
	}
	checkStyles(t, plain.Body.String(), plain.Header().Get("Content-Security-Policy"), 1)
}

// checkStyles checks that the page body has n <style> elements and that
// the policy csp allows each by its hash.
func checkStyles(t *testing.T, body, csp string, n int) {
	t.Helper()
	styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(body, -1)
	if len(styles) != n {
		t.Errorf("%d <style> elements, want %d", len(styles), n)
	}
	for _, st := range styles {
		sum := sha256.Sum256([]byte(st[1]))
		if hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, hash) {
			t.Errorf("Content-Security-Policy %q does not allow a <style> (%s)", csp, hash)
		}
	}
}

func samePageRevision(a, b pageRevision) bool {
	return a.id == b.id && a.lang == b.lang && a.dir == b.dir && a.current == b.current && a.title == b.title &&
		a.body == b.body && slices.Equal(a.ins, b.ins) && slices.Equal(a.del, b.del)
}
