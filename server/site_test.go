package server

import (
	"encoding/json"
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// exportAll runs Export and returns every document by path.
func exportAll(t *testing.T, s *Server) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := s.Export(t.Context(), func(p string, body []byte) error {
		if _, dup := files[p]; dup {
			t.Errorf("Export wrote %s twice", p)
		}
		files[p] = body
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFavicon(t *testing.T) {
	s, _, h := newTest(t)
	w := do(h, "GET", "/favicon.svg")
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/svg+xml" || w.Header().Get("ETag") == "" {
		t.Fatalf("GET /favicon.svg = %d %q, ETag %q", w.Code, w.Header().Get("Content-Type"), w.Header().Get("ETag"))
	}
	var svg struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &svg); err != nil || svg.XMLName.Local != "svg" || svg.ViewBox == "" {
		t.Errorf("favicon: %v %+v, want an <svg> with a viewBox", err, svg)
	}
	if n := w.Body.Len(); n > 1024 {
		t.Errorf("favicon is %d bytes, want a small one", n)
	}
	if c := do(h, "GET", "/favicon.svg", "If-None-Match", w.Header().Get("ETag")).Code; c != 304 {
		t.Errorf("conditional GET /favicon.svg = %d, want 304", c)
	}
	link := `<link rel="icon" type="image/svg+xml" href="http://feeds.test/favicon.svg">`
	for _, path := range []string{"/", "/stories/en/103"} {
		if body := do(h, "GET", path).Body.String(); !strings.Contains(body, link) {
			t.Errorf("GET %s lacks %s", path, link)
		}
	}
	if got := exportAll(t, s)["/favicon.svg"]; string(got) != w.Body.String() {
		t.Errorf("exported favicon %q, want the served one", got)
	}
}

func TestTagPage(t *testing.T) {
	_, st, h := newTest(t)
	st.update(func(arts []sanafeed.Article) []sanafeed.Article {
		arts[1].Summary = "The second, summed up."
		return arts
	})
	for _, path := range []string{"/tags/en/damascus/", "/tags/en/damascus"} {
		w := do(h, "GET", path)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") || w.Header().Get("ETag") == "" {
			t.Fatalf("GET %s = %d %q", path, w.Code, w.Header().Get("Content-Type"))
		}
		body := w.Body.String()
		_, links, root := parseHTML(t, body)
		if html := root.FirstChild.NextSibling; attr(html, "lang") != "en" || attr(html, "dir") != "ltr" {
			t.Errorf("GET %s: <html> %v, want lang en, ltr", path, html.Attr)
		}
		// Its subscribe links: the tag feed in every format, each a feed.
		for _, ext := range []string{"atom", "rss", "json"} {
			u := "http://feeds.test/feeds/en/tags/damascus." + ext
			if !slices.Contains(links, u) {
				t.Errorf("GET %s lacks a link to %s", path, u)
			}
		}
		var feed struct {
			Title string `json:"title"`
			Items []struct {
				ID, URL, Title string
			} `json:"items"`
		}
		if err := json.Unmarshal(do(h, "GET", "/feeds/en/tags/damascus.json").Body.Bytes(), &feed); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, "<title>"+feed.Title+" — SANA feeds</title>") || !strings.Contains(body, "<h2>"+feed.Title+"</h2>") {
			t.Errorf("GET %s: want the feed's title %q as title and heading", path, feed.Title)
		}
		// Every story the feed carries, newest first, with its page and SANA link.
		var stories []string
		for _, l := range links {
			if strings.HasPrefix(l, "https://sana.sy/en/") {
				stories = append(stories, l)
			}
		}
		var want []string
		for _, it := range feed.Items {
			want = append(want, it.URL)
			if !strings.Contains(body, ">"+it.Title+"</a>") {
				t.Errorf("GET %s lacks the story %q", path, it.Title)
			}
		}
		if len(want) != 3 || !slices.Equal(stories, want) {
			t.Errorf("GET %s: stories %q, want the feed's %q", path, stories, want)
		}
		for _, want := range []string{"http://feeds.test/stories/en/103/", "https://sana.sy/news/203/", "http://feeds.test/favicon.svg", "http://feeds.test/"} {
			if !slices.Contains(links, want) && !strings.Contains(body, `href="`+want+`"`) {
				t.Errorf("GET %s lacks a link to %s", path, want)
			}
		}
		for _, want := range []string{"The second, summed up.", `title="SANA — English: Damascus (Atom)" href="http://feeds.test/feeds/en/tags/damascus.atom"`, "3 stories"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", path, want)
			}
		}
	}
	// An Arabic tag: its slug percent-encoded, the page right-to-left.
	ar := "/tags/ar/" + url.PathEscape("دمشق") + "/"
	w := do(h, "GET", ar)
	if _, _, root := parseHTML(t, w.Body.String()); w.Code != 200 || attr(root.FirstChild.NextSibling, "dir") != "rtl" {
		t.Errorf("GET %s = %d, want a right-to-left page", ar, w.Code)
	}
	for _, path := range []string{"/tags/en/nope/", "/tags/de/damascus/", "/tags/fr/damascus/", "/tags/en/", "/tags/en/damascus/x"} {
		if w := do(h, "GET", path); w.Code != 404 {
			t.Errorf("GET %s = %d, want 404", path, w.Code)
		}
	}
	if w := do(h, "GET", "/tags/en/nope/"); !strings.Contains(w.Body.String(), `unknown tag "nope"`) {
		t.Errorf("unknown tag: %q, want the reason", w.Body.String())
	}
}

// TestIndexOPML checks the index's OPML line: the default and its variants
// at their static names, each an OPML the server answers, and why the
// default holds what it holds.
func TestIndexOPML(t *testing.T) {
	_, _, h := newTest(t)
	body := do(h, "GET", "/").Body.String()
	sections, _, _ := parseHTML(t, body)
	var line *html.Node
	for n := range sections["all"].Descendants() {
		if n.Type == html.ElementNode && attr(n, "id") == "opml" {
			line = n
		}
	}
	if line == nil {
		t.Fatal("no OPML line in the All editions section")
	}
	var links []string
	var text strings.Builder
	for n := range line.Descendants() {
		switch {
		case n.Type == html.ElementNode && n.Data == "a":
			links = append(links, attr(n, "href"))
		case n.Type == html.TextNode:
			text.WriteString(n.Data)
		}
	}
	var want []string
	for _, name := range []string{"feeds", "feeds-rss", "feeds-json", "feeds-tags", "feeds-all", "feeds-tags-all"} {
		want = append(want, "http://feeds.test/"+name+".opml")
	}
	if !slices.Equal(links, want) {
		t.Errorf("OPML links %q, want %q", links, want)
	}
	for _, l := range links {
		w := do(h, "GET", strings.TrimPrefix(l, "http://feeds.test"))
		if _, groups := decodeOPML(t, w.Body.Bytes()); w.Code != 200 || len(groups) == 0 {
			t.Errorf("GET %s = %d, %d groups", l, w.Code, len(groups))
		}
	}
	for _, want := range []string{"3 edition feeds", "one row per article", "newsboat", "repeat the editions' articles"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("OPML line %q lacks %q", text.String(), want)
		}
	}
}

// TestExportSite checks Export writes every page and document the index
// links to, each the bytes served at its URL, and no story page of an
// edition the server does not serve.
func TestExportSite(t *testing.T) {
	s, _, h := newTest(t)
	files := exportAll(t, s)
	dimashq := "/tags/ar/دمشق/index.html"
	for _, p := range []string{
		"/index.html", "/favicon.svg", "/feeds.opml", "/feeds-rss.opml", "/feeds-json.opml",
		"/feeds-tags.opml", "/feeds-all.opml", "/feeds-tags-all.opml", "/feeds-tags-all-rss.opml", "/feeds-all-json.opml",
		"/tags/en/damascus/index.html", "/tags/en/aleppo/index.html", "/tags/en/economy/index.html", dimashq,
		"/stories/en/101/index.html", "/stories/en/104/index.html", "/stories/ar/203/index.html", "/stories/fr/301/index.html",
	} {
		if files[p] == nil {
			t.Errorf("%s not exported", p)
		}
	}
	for p, body := range files {
		u := strings.TrimSuffix(p, "index.html")
		if p == dimashq {
			u = "/tags/ar/" + url.PathEscape("دمشق") + "/"
		}
		if w := do(h, "GET", u); w.Code != 200 || w.Body.String() != string(body) {
			t.Errorf("%s: exported %d bytes, GET %s = %d with %d bytes", p, len(body), u, w.Code, w.Body.Len())
		}
	}

	// Serving English alone: no Arabic story page, nor a link to one.
	s, _, h = newTest(t, func(s *Server) { s.Langs = []string{"en"} })
	for p := range exportAll(t, s) {
		if strings.HasPrefix(p, "/stories/") && !strings.HasPrefix(p, "/stories/en/") {
			t.Errorf("%s exported, its edition not served", p)
		}
	}
	if body := do(h, "GET", "/stories/en/103/").Body.String(); strings.Contains(body, "/stories/ar/") {
		t.Error("an English story page links an Arabic story page, which is not served")
	}
}
