package main

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// editedPost is the English post the replica's first Advance edits: a new
// title and third paragraph.
const editedPost = 2289735

// TestStoryShowsRevisions polls the replica, lets it edit a post, polls
// again, and reads the post's /stories page with an HTML parser: both
// texts, newest first, the new words in <ins>, the old in <del>; the
// feeds count the revision.
func TestStoryShowsRevisions(t *testing.T) {
	w := newWorld(t)
	w.poll()
	old := entry(t, w.site.Truth(), "en", editedPost)
	w.site.Advance()
	w.poll()
	cur := entry(t, w.site.Truth(), "en", editedPost)
	if old.Title == cur.Title || old.Body[2] == cur.Body[2] {
		t.Fatalf("the replica's advance did not edit en %d's title and third paragraph", editedPost)
	}
	w.served(func(srv *httptest.Server) {
		root, err := html.Parse(strings.NewReader(getBody(t, srv.URL, "/stories/en/2289735")))
		if err != nil {
			t.Fatal(err)
		}
		revs := revisionsIn(root)
		if len(revs) != 2 {
			t.Fatalf("story page shows %d texts, want 2 (current and the one before): %+v", len(revs), revs)
		}
		now, before := revs[0], revs[1]
		if !strings.Contains(now.head, "(current)") || now.title != cur.Title || before.title != old.Title {
			t.Errorf("texts %q (%s) then %q; want the current %q, then %q", now.title, now.head, before.title, cur.Title, old.Title)
		}
		if len(before.ins)+len(before.del) != 0 || !strings.Contains(before.body, old.Body[2]) {
			t.Errorf("the oldest text: ins %q del %q, body %q; want no diff and the old third paragraph", before.ins, before.del, before.body)
		}
		// Without what <del> marks, the current text; without what <ins>
		// marks, the text before; the words only one of them has, marked.
		if !strings.Contains(now.body, cur.Body[2]) || strings.Contains(now.body, old.Body[2]) {
			t.Errorf("current text %q: want the new third paragraph %q, not the old", now.body, cur.Body[2])
		}
		if now.was != before.title+" "+before.body {
			t.Errorf("current text without <ins>:\n%s\nwant the text before:\n%s %s", now.was, before.title, before.body)
		}
		ins, del := strings.Join(now.ins, " "), strings.Join(now.del, " ")
		for _, w := range append(onlyIn(cur.Title, old.Title), onlyIn(cur.Body[2], old.Body[2])...) {
			if !strings.Contains(ins, w) {
				t.Errorf("the <ins> of the current text %q lack the new word %q", now.ins, w)
			}
		}
		for _, w := range append(onlyIn(old.Title, cur.Title), onlyIn(old.Body[2], cur.Body[2])...) {
			if !strings.Contains(del, w) {
				t.Errorf("the <del> of the current text %q lack the old word %q", now.del, w)
			}
		}

		var feed struct {
			Items []struct {
				ID       string `json:"id"`
				Sanafeed struct {
					Revisions int `json:"revisions"`
				} `json:"_sanafeed"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(getBody(t, srv.URL, "/feeds/en.json")), &feed); err != nil {
			t.Fatal(err)
		}
		counted := map[string]int{}
		for _, it := range feed.Items {
			counted[it.ID] = it.Sanafeed.Revisions
		}
		id := sanafeed.ArticleID("en", editedPost)
		if n, ok := counted[id]; !ok || n != 1 {
			t.Errorf("JSON Feed _sanafeed.revisions of %s = %d (listed %t), want 1", id, n, ok)
		}
		atom := getFeed(t, srv, "/feeds/en.atom")
		for _, it := range atom.Items {
			if it.GUID == id && (it.UpdatedParsed == nil || !it.UpdatedParsed.After(cur.Modified)) {
				t.Errorf("Atom updated of the edited post = %v; want when its new text was stored, after SANA's %v", it.UpdatedParsed, cur.Modified)
			}
		}
	})
}

// entry returns the replica's entry of the post id in lang.
func entry(t *testing.T, es []replica.Entry, lang string, id int64) replica.Entry {
	t.Helper()
	for _, e := range es {
		if e.Lang == lang && e.PostID == id {
			return e
		}
	}
	t.Fatalf("replica has no %s %d", lang, id)
	return replica.Entry{}
}

// A shownText is one text of an article on its story page.
type shownText struct {
	head        string
	title, body string   // the text as it is now: without what <del> marks
	was         string   // the title and body as they were: without what <ins> marks
	ins, del    []string // what each <ins> and <del> marks
}

// revisionsIn returns the texts the story page root shows, in order.
func revisionsIn(root *html.Node) []shownText {
	var out []shownText
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || n.Data != "article" || attrOf(n, "class") != "revision" {
			continue
		}
		var r shownText
		for c := range n.Descendants() {
			if c.Type != html.ElementNode {
				continue
			}
			switch {
			case c.Data == "h3":
				r.head = textIn(c, "")
			case c.Data == "p" && attrOf(c, "class") == "title":
				r.title, r.was = textIn(c, "del"), textIn(c, "ins")
			case c.Data == "div" && attrOf(c, "class") == "body":
				r.body, r.was = textIn(c, "del"), r.was+" "+textIn(c, "ins")
			case c.Data == "ins":
				r.ins = append(r.ins, textIn(c, ""))
			case c.Data == "del":
				r.del = append(r.del, textIn(c, ""))
			}
		}
		out = append(out, r)
	}
	return out
}

// textIn returns the text under n, white space collapsed, leaving out
// the elements named skip and block boundaries made spaces.
func textIn(n *html.Node, skip string) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := range n.ChildNodes() {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && c.Data == skip:
			case c.Type == html.ElementNode && c.Data == "p":
				b.WriteByte(' ')
				walk(c)
				b.WriteByte(' ')
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// onlyIn returns the words (runs of letters and digits) of a that b lacks.
func onlyIn(a, b string) []string {
	words := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	var out []string
	for _, w := range words(a) {
		if !slices.Contains(words(b), w) {
			out = append(out, w)
		}
	}
	return out
}
