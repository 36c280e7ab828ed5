package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
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

// decodeOPML parses an OPML document.
func decodeOPML(t *testing.T, body []byte) (title string, groups []opmlOutline) {
	t.Helper()
	var doc struct {
		XMLName xml.Name      `xml:"opml"`
		Version string        `xml:"version,attr"`
		Title   string        `xml:"head>title"`
		Body    []opmlOutline `xml:"body>outline"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("OPML does not parse: %v\n%s", err, body)
	}
	if doc.Version != "2.0" {
		t.Errorf("OPML version %q", doc.Version)
	}
	return doc.Title, doc.Body
}

func TestOPML(t *testing.T) {
	_, _, h := newTest(t)
	base := "http://feeds.test/feeds/"
	arTag := "ar/tags/" + url.PathEscape("دمشق")
	editions := []string{"ar", "en", "fr"}
	tags := []string{"ar", arTag, "en", "en/tags/damascus", "fr"} // aleppo and economy have fewer than 3 articles
	for _, tt := range []struct {
		query, file, ext string
		feeds            []string
		groups           []string
	}{
		{"", "/feeds.opml", ".atom", editions, nil},
		{"?format=atom", "/feeds.opml", ".atom", editions, nil},
		{"?format=rss", "/feeds-rss.opml", ".rss", editions, nil},
		{"?format=json", "/feeds-json.opml", ".json", editions, nil},
		{"?tags=0&all=0", "/feeds.opml", ".atom", editions, nil},
		{"?tags=1", "/feeds-tags.opml", ".atom", tags, nil},
		{"?all=1", "/feeds-all.opml", ".atom", append([]string{"all"}, editions...), []string{"SANA — all editions"}},
		{"?all=1&tags=1&format=json", "/feeds-tags-all-json.opml", ".json", append([]string{"all"}, tags...), []string{"SANA — all editions"}},
	} {
		t.Run(tt.file+tt.query, func(t *testing.T) {
			w := do(h, "GET", "/feeds.opml"+tt.query)
			if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/x-opml") {
				t.Fatalf("GET /feeds.opml%s = %d %s", tt.query, w.Code, w.Header().Get("Content-Type"))
			}
			// The static name serves the same document.
			if f := do(h, "GET", tt.file); f.Code != 200 || f.Body.String() != w.Body.String() || f.Header().Get("Content-Type") != w.Header().Get("Content-Type") {
				t.Errorf("GET %s = %d, not the document of /feeds.opml%s", tt.file, f.Code, tt.query)
			}
			title, groups := decodeOPML(t, w.Body.Bytes())
			if title == "" {
				t.Error("OPML without a title")
			}
			// Each feed once, in one format: a reader subscribes once.
			var want []string
			for _, f := range tt.feeds {
				want = append(want, base+f+tt.ext)
			}
			got := feedURLs(groups)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("OPML feeds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, u := range got {
				if c := do(h, "GET", strings.TrimPrefix(u, "http://feeds.test")).Code; c != 200 {
					t.Errorf("GET %s = %d", u, c)
				}
			}
			// Grouped by edition, titled in the edition's language, tags inside.
			var titles []string
			for _, o := range groups {
				titles = append(titles, o.Text)
			}
			if wantT := append(tt.groups, "سانا — العربية", "SANA — English", "SANA — Français"); !slices.Equal(titles, wantT) {
				t.Errorf("groups %q, want %q", titles, wantT)
			}
			en := groups[len(tt.groups)+1].Outlines
			if len(en) == 0 || en[0].XMLURL != base+"en"+tt.ext {
				t.Errorf("English group = %+v, want its feed first", en)
			}
			if slices.Contains(tt.feeds, "en/tags/damascus") && (len(en) != 2 || en[1].Text != "SANA — English: Damascus") {
				t.Errorf("English group = %+v, want its feed then the damascus tag feed", en)
			}
			for _, o := range groups[len(tt.groups)].Outlines {
				if o.Language != "ar" || o.Type != "rss" || !strings.HasPrefix(o.HTMLURL, "http://feeds.test/") {
					t.Errorf("Arabic outline %+v: want language ar, type rss and an absolute htmlUrl", o)
				}
			}
		})
	}
	for query, reason := range map[string]string{
		"?format=xml": `unknown format "xml"`,
		"?tags=yes":   `tags="yes": want 1 or 0`,
		"?all=2":      `all="2": want 1 or 0`,
	} {
		if w := do(h, "GET", "/feeds.opml"+query); w.Code != 400 || !strings.Contains(w.Body.String(), reason) {
			t.Errorf("%s: %d %q, want 400 saying %s", query, w.Code, w.Body.String(), reason)
		}
	}

	// A lower threshold lists the smaller tags too.
	_, _, h2 := newTest(t, func(s *Server) { s.OPMLMinItems = 1 })
	if body := do(h2, "GET", "/feeds-tags.opml").Body.String(); !strings.Contains(body, base+"en/tags/aleppo.atom") {
		t.Error("OPMLMinItems 1: aleppo missing")
	}
}

// parseHTML parses an HTML page, returning its sections by id and its
// links' hrefs.
func parseHTML(t *testing.T, body string) (sections map[string]*html.Node, links []string, root *html.Node) {
	t.Helper()
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sections = map[string]*html.Node{}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "section", "article":
			sections[attr(n, "id")] = n
		case "a":
			links = append(links, attr(n, "href"))
		}
	}
	return sections, links, root
}

func TestIndex(t *testing.T) {
	_, _, h := newTest(t, func(s *Server) { s.HubURL = "http://feeds.test/websub" })
	w := do(h, "GET", "/")
	body := w.Body.String()
	sections, links, root := parseHTML(t, body)
	ar := sections["ar"]
	if ar == nil || attr(ar, "dir") != "rtl" || attr(ar, "lang") != "ar" {
		t.Fatalf("Arabic section %v: want dir=rtl lang=ar", ar)
	}
	if en := sections["en"]; en == nil || attr(en, "dir") != "ltr" || attr(en, "lang") != "en" {
		t.Errorf("English section: want dir=ltr lang=en")
	}
	for _, id := range []string{"all", "latest", "ar", "en", "fr"} {
		if sections[id] == nil {
			t.Errorf("no section %q", id)
		}
	}
	for _, want := range []string{
		"http://feeds.test/feeds/all.rss", "http://feeds.test/feeds/all.atom", "http://feeds.test/feeds/en.atom",
		"http://feeds.test/feeds/fr.json", "http://feeds.test/feeds.opml", "http://feeds.test/feeds-rss.opml",
		"http://feeds.test/feeds-json.opml", "http://feeds.test/feeds-tags.opml", "http://feeds.test/feeds-all.opml",
		"http://feeds.test/feeds-tags-all.opml",
		"http://feeds.test/tags/en/damascus/", // a tag's page
		"http://feeds.test/tags/ar/" + url.PathEscape("دمشق") + "/",
		"https://sana.sy/en/news/103/",      // a story
		"https://sana.sy/news/203/",         // its translation
		"http://feeds.test/stories/en/103/", // its page
	} {
		if !slices.Contains(links, want) {
			t.Errorf("index lacks a link to %s", want)
		}
	}
	// A copyable URL per feed: the edition's Atom URL in a read-only field.
	var inputs []string
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.Data == "input" {
			inputs = append(inputs, attr(n, "value"))
		}
	}
	if !slices.Contains(inputs, "http://feeds.test/feeds/ar.atom") || !slices.Contains(inputs, "http://feeds.test/feeds/all.atom") {
		t.Errorf("copyable URLs %q lack ar.atom or all.atom", inputs)
	}
	// Translations side by side: the English and Arabic versions of the
	// newest Damascus story in one story, each in its language.
	latest := sections["latest"]
	var versions []string
	for n := range latest.Descendants() {
		if n.Type == html.ElementNode && n.Data == "div" && attr(n, "class") == "version" {
			versions = append(versions, attr(n, "lang")+"/"+attr(n, "dir"))
		}
	}
	if len(versions) < 4 || !slices.Contains(versions, "ar/rtl") || !slices.Contains(versions, "en/ltr") {
		t.Errorf("latest versions %q, want Arabic (rtl) and English side by side", versions)
	}
	for _, want := range []string{`hreflang="ar"`, `name="viewport"`, `<link rel="hub" href="http://feeds.test/websub">`, "دمشق ثلاثة"} {
		if !strings.Contains(body, want) {
			t.Errorf("index lacks %s", want)
		}
	}
	if strings.Contains(body, "<script") {
		t.Error("index has a script")
	}
}

func TestStory(t *testing.T) {
	_, st, h := newTest(t)
	for _, path := range []string{"/stories/en/103/", "/stories/en/103", "/stories/en%2F103"} {
		w := do(h, "GET", path)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s = %d %q", path, w.Code, w.Body.String())
		}
		sections, links, _ := parseHTML(t, w.Body.String())
		en, ar := sections["en"], sections["ar"]
		if en == nil || ar == nil || attr(ar, "dir") != "rtl" || attr(en, "dir") != "ltr" {
			t.Fatalf("GET %s: versions en %v ar %v, want both, Arabic rtl", path, en, ar)
		}
		body := w.Body.String()
		for _, want := range []string{"Damascus three", "دمشق ثلاثة", "العربية", "English", "2026-02-09T15:00:00Z"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", path, want)
			}
		}
		for _, want := range []string{"https://sana.sy/en/news/103/", "https://sana.sy/news/203/", "http://feeds.test/tags/en/damascus/"} {
			if !slices.Contains(links, want) {
				t.Errorf("GET %s lacks a link to %s", path, want)
			}
		}
	}
	// Summaries show.
	st.update(func(arts []sanafeed.Article) []sanafeed.Article {
		arts[2].Summary = "A summary of the third."
		return arts
	})
	if body := do(h, "GET", "/stories/en/103").Body.String(); !strings.Contains(body, "A summary of the third.") {
		t.Error("story page lacks the summary after an update")
	}
	for _, path := range []string{"/stories/en/999", "/stories/de/1", "/stories/en/x", "/stories/en/0103", "/stories/en"} {
		if w := do(h, "GET", path); w.Code != 404 {
			t.Errorf("GET %s = %d, want 404", path, w.Code)
		}
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

// HTML pages carry a strict Content-Security-Policy that allows their
// one <style> by its hash and nothing else to load but images of their
// own and the public URL's origin (the icon), and use no inline style attribute or script it would refuse;
// also nosniff, no Referer, no framing. Before, they had none of it.
func TestPageSecurityHeaders(t *testing.T) {
	_, _, h := newTest(t)
	styleRE := regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	for _, path := range []string{"/", "/stories/en/101", "/tags/en/damascus/"} {
		w := do(h, "GET", path)
		if w.Code != 200 {
			t.Fatalf("GET %s = %d", path, w.Code)
		}
		hdr, body := w.Header(), w.Body.String()
		csp := hdr.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "img-src 'self' http://feeds.test", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want+";") && !strings.HasSuffix(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %s", path, csp, want)
			}
		}
		styles := styleRE.FindAllStringSubmatch(body, -1)
		if len(styles) != 1 {
			t.Fatalf("%s: %d <style> elements, want 1", path, len(styles))
		}
		sum := sha256.Sum256([]byte(styles[0][1]))
		if hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, "style-src ") || !strings.Contains(csp, hash) {
			t.Errorf("%s: Content-Security-Policy %q does not allow the page's <style> (%s)", path, csp, hash)
		}
		for _, refused := range []string{" style=", "<script", " onclick=", " onload="} {
			if strings.Contains(body, refused) {
				t.Errorf("%s: the page holds %q, which its policy refuses", path, refused)
			}
		}
		for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if got := hdr.Get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", path, name, got, want)
			}
		}
	}
	if csp := do(h, "GET", "/feeds/en.atom").Header().Get("Content-Security-Policy"); csp != "" {
		t.Errorf("a feed carries the pages' policy %q", csp)
	}
}
