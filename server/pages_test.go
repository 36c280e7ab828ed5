package server

import (
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// opmlOutline is an OPML outline as a reader would decode it.
type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Type     string        `xml:"type,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	HTMLURL  string        `xml:"htmlUrl,attr"`
	Language string        `xml:"language,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

// feedURLs returns the xmlUrl of every outline under os, depth first.
func feedURLs(os []opmlOutline) []string {
	var out []string
	for _, o := range os {
		if o.XMLURL != "" {
			out = append(out, o.XMLURL)
		}
		out = append(out, feedURLs(o.Outlines)...)
	}
	return out
}

func TestOPML(t *testing.T) {
	_, _, h := newTest(t)
	w := do(h, "GET", "/feeds.opml")
	var doc struct {
		XMLName xml.Name      `xml:"opml"`
		Version string        `xml:"version,attr"`
		Title   string        `xml:"head>title"`
		Body    []opmlOutline `xml:"body>outline"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("OPML does not parse: %v\n%s", err, w.Body.String())
	}
	if doc.Version != "2.0" || doc.Title == "" {
		t.Errorf("version %q title %q", doc.Version, doc.Title)
	}
	base := "http://feeds.test/feeds/"
	arTag := base + "ar/tags/" + url.PathEscape("دمشق")
	var want []string
	for _, f := range []string{"all", "ar", arTag[len(base):], "en", "en/tags/damascus", "fr"} {
		for _, ext := range []string{".rss", ".atom", ".json"} {
			want = append(want, base+f+ext)
		}
	}
	got := feedURLs(doc.Body)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) { // aleppo and economy have fewer than 3 articles
		t.Errorf("OPML feeds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every listed feed is served.
	for _, u := range got {
		if c := do(h, "GET", strings.TrimPrefix(u, "http://feeds.test")).Code; c != 200 {
			t.Errorf("GET %s = %d", u, c)
		}
	}
	// Grouped by edition, titled in the edition's language.
	var titles []string
	for _, o := range doc.Body {
		titles = append(titles, o.Text)
	}
	if wantT := []string{"SANA — all editions", "سانا — العربية", "SANA — English", "SANA — Français"}; !slices.Equal(titles, wantT) {
		t.Errorf("groups %q, want %q", titles, wantT)
	}
	var walk func(os []opmlOutline)
	walk = func(os []opmlOutline) {
		for _, o := range os {
			if o.Language != "ar" || o.XMLURL != "" && !strings.HasPrefix(o.HTMLURL, "http://feeds.test/") {
				t.Errorf("Arabic outline %+v: want language ar and an absolute htmlUrl", o)
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body[1].Outlines)

	// A lower threshold lists the smaller tags too.
	_, _, h2 := newTest(t, func(s *Server) { s.OPMLMinItems = 1 })
	if body := do(h2, "GET", "/feeds.opml").Body.String(); !strings.Contains(body, base+"en/tags/aleppo.json") {
		t.Error("OPMLMinItems 1: aleppo missing")
	}
}

func TestIndex(t *testing.T) {
	_, _, h := newTest(t)
	w := do(h, "GET", "/")
	root, err := html.Parse(strings.NewReader(w.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]*html.Node{}
	var links []string
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "section":
			sections[attr(n, "id")] = n
		case "a":
			links = append(links, attr(n, "href"))
		}
	}
	ar := sections["ar"]
	if ar == nil || attr(ar, "dir") != "rtl" || attr(ar, "lang") != "ar" {
		t.Fatalf("Arabic section %v: want dir=rtl lang=ar", ar)
	}
	if en := sections["en"]; en == nil || attr(en, "dir") != "ltr" {
		t.Errorf("English section: want dir=ltr")
	}
	if len(sections) != 3 {
		t.Errorf("%d sections, want 3", len(sections))
	}
	for _, want := range []string{
		"http://feeds.test/feeds/all.rss", "http://feeds.test/feeds/en.atom", "http://feeds.test/feeds/fr.json",
		"http://feeds.test/feeds.opml", "http://feeds.test/feeds/en/tags/damascus.rss",
		"http://feeds.test/feeds/ar/tags/" + url.PathEscape("دمشق") + ".json",
		"https://sana.sy/en/news/103/", // a story
		"https://sana.sy/news/203/",    // its translation, linked from the English story
	} {
		if !slices.Contains(links, want) {
			t.Errorf("index lacks a link to %s", want)
		}
	}
	if !strings.Contains(w.Body.String(), `hreflang="ar"`) {
		t.Error("translation links lack hreflang")
	}
	if strings.Contains(w.Body.String(), "<script") {
		t.Error("index has a script")
	}
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
