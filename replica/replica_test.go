package replica

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/sanafeed/sanafeed"
)

// serve starts a replica built from opts behind an httptest server.
func serve(t *testing.T, opts Options) (*Site, *httptest.Server) {
	t.Helper()
	s := New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// get fetches path without following redirects; hdr holds header name,
// value pairs.
func get(t *testing.T, srv *httptest.Server, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := *srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// mustGet fetches path and fails unless it answers want.
func mustGet(t *testing.T, srv *httptest.Server, path string, want int) []byte {
	t.Helper()
	resp, b := get(t, srv, path)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d", path, resp.StatusCode, want)
	}
	return b
}

func byLang(entries []Entry, lang string) []Entry {
	var out []Entry
	for _, e := range entries {
		if e.Lang == lang {
			out = append(out, e)
		}
	}
	return out
}

func edPath(lang string) string {
	e, _ := sanafeed.EditionByLang(lang)
	return e.Path
}

// An rssDoc is what the tests read of an RSS feed.
type rssDoc struct {
	Channel struct {
		Title         string    `xml:"title"`
		LastBuildDate string    `xml:"lastBuildDate"`
		Language      string    `xml:"language"`
		Items         []rssItem `xml:"item"`
	} `xml:"channel"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        string   `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creator     string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description"`
	Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

func parseRSS(t *testing.T, b []byte) rssDoc {
	t.Helper()
	var d rssDoc
	if err := xml.Unmarshal(b, &d); err != nil {
		t.Fatalf("parse feed: %v", err)
	}
	return d
}

// wellFormed checks what encoding/xml does not: that no element repeats
// an attribute (XML 1.0, "Unique Att Spec").
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			seen := map[xml.Name]bool{}
			for _, a := range se.Attr {
				if seen[a.Name] {
					line, _ := d.InputPos()
					return fmt.Errorf("line %d: duplicate attribute %s on <%s>", line, a.Name.Local, se.Name.Local)
				}
				seen[a.Name] = true
			}
		}
	}
}

func itemIDs(t *testing.T, d rssDoc) []int64 {
	t.Helper()
	var ids []int64
	for _, it := range d.Channel.Items {
		id, err := sanafeed.PostID(it.GUID)
		if err != nil {
			t.Fatalf("guid %q: %v", it.GUID, err)
		}
		ids = append(ids, id)
	}
	return ids
}

func entryIDs(entries []Entry) []int64 {
	var ids []int64
	for _, e := range entries {
		ids = append(ids, e.PostID)
	}
	return ids
}

var (
	tagRE  = regexp.MustCompile(`<[^>]+>`)
	paraRE = regexp.MustCompile(`(?s)<p>(.*?)</p>`)
)

// bodyText returns the text of the <p>s of an article page's
// entry-content, as a reader would extract it.
func bodyText(t *testing.T, page string) []string {
	t.Helper()
	i := strings.Index(page, `<div class="entry-content rbct`)
	j := strings.Index(page, `<div class="efoot`)
	if i < 0 || j < i {
		t.Fatal("no entry-content")
	}
	var out []string
	for _, m := range paraRE.FindAllStringSubmatch(page[i:j], -1) {
		p := strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(m[1], "")))
		if strings.TrimFunc(p, unicode.IsSpace) != "" {
			out = append(out, p)
		}
	}
	return out
}

func TestStories(t *testing.T) {
	truth := New(Options{}).Truth()
	editions := map[string][]string{}
	for _, e := range truth {
		if e.Story != "" {
			editions[e.Story] = append(editions[e.Story], e.Lang)
		}
	}
	var six, arOnly, enOnly int
	for _, st := range handStories() {
		langs := map[string]bool{}
		for _, v := range st.versions {
			langs[v.lang] = true
		}
		switch {
		case len(langs) == 6:
			six++
		case len(langs) == 1 && langs["ar"]:
			arOnly++
		case len(langs) == 1 && langs["en"]:
			enOnly++
		}
	}
	if n := len(handStories()); n < 14 || six < 4 || arOnly < 4 || enOnly < 2 {
		t.Errorf("stories %d, in all six %d, Arabic-only %d, English-only %d; want ≥14, ≥4, ≥4, ≥2", n, six, arOnly, enOnly)
	}
	if got := editions["aleppo-airport"]; len(got) != 6 {
		t.Errorf("aleppo-airport in %v, want all six editions", got)
	}
	eastern := regexp.MustCompile(`[٠-٩]`)
	western := regexp.MustCompile(`[0-9]`)
	for _, e := range sanafeed.Editions {
		if n := len(byLang(truth, e.Lang)); n <= feedSize {
			t.Errorf("%s has %d articles, want more than %d", e.Lang, n, feedSize)
		}
	}
	for _, e := range truth {
		text := e.Title + " " + strings.Join(e.Body[:len(e.Body)-1], " ")
		if e.Lang == "ar" && western.MatchString(text) {
			t.Errorf("ar %d has Western digits: %q", e.PostID, western.FindString(text))
		}
		if e.Lang != "ar" && eastern.MatchString(text) {
			t.Errorf("%s %d has Eastern Arabic digits", e.Lang, e.PostID)
		}
		if n := len(e.Body) - 1; n < 3 || n > 6 {
			t.Errorf("%s %d has %d paragraphs, want 3-6 and initials", e.Lang, e.PostID, n)
		}
		if len(e.Tags) < 1 || len(e.Tags) > 4 {
			t.Errorf("%s %d has %d tags", e.Lang, e.PostID, len(e.Tags))
		}
		if !strings.HasPrefix(e.Body[0], e.Dateline+" ") {
			t.Errorf("%s %d: body does not start with its dateline %q", e.Lang, e.PostID, e.Dateline)
		}
	}
}

func TestSlugs(t *testing.T) {
	s := New(Options{Synthetic: 300})
	s.Advance()
	cats := map[string]bool{}
	for _, es := range s.eds {
		for _, c := range es.ed.cats {
			cats[c.slug] = true
		}
	}
	for lang, es := range s.eds {
		for slug, tg := range es.tags {
			if slug != sanafeed.Slugify(tg.name) {
				t.Errorf("%s tag %q: slug %q, want %q", lang, tg.name, slug, sanafeed.Slugify(tg.name))
			}
			if cats[slug] {
				t.Errorf("%s tag slug %q is also a category slug", lang, slug)
			}
		}
	}
}

func TestPostIDs(t *testing.T) {
	truth := New(Options{}).Truth()
	seen := map[int64]Entry{}
	overlap := false
	for _, e := range truth {
		if o, ok := seen[e.PostID]; ok && o.Lang != e.Lang && (o.Story != e.Story || o.Story == "") {
			overlap = true
		}
		seen[e.PostID] = e
	}
	if !overlap {
		t.Error("no post id names unrelated articles in two editions")
	}
	for _, e := range sanafeed.Editions {
		entries := byLang(truth, e.Lang)
		ids := map[int64]bool{}
		for i, en := range entries {
			if ids[en.PostID] {
				t.Errorf("%s: duplicate post id %d", e.Lang, en.PostID)
			}
			ids[en.PostID] = true
			if i > 0 && en.PostID > entries[i-1].PostID && en.Published.Before(entries[i-1].Published) {
				t.Errorf("%s: id %d is newer than %d but published earlier", e.Lang, en.PostID, entries[i-1].PostID)
			}
		}
	}
	lows := 0
	for _, e := range truth {
		if e.Lang == "en" && e.PostID < 1000000 || e.Lang == "ar" && e.PostID < 2000000 {
			lows++
		}
	}
	if lows < 2 {
		t.Errorf("%d imported posts with old-range ids, want ≥2", lows)
	}
}

func TestDeterminism(t *testing.T) {
	t.Parallel()
	a, b := New(Options{Synthetic: 500, CrawlDelay: 5}), New(Options{Synthetic: 500, CrawlDelay: 5})
	paths := []string{"/", "/en/", "/feed/", "/en/feed/", "/en/feed/?_cb=1", "/fr/feed/", "/ku/page/2/", "/economy/",
		"/tr/tag/halep/", "/sitemap_index.xml", "/fr/post-sitemap2.xml", "/robots.txt", "/en/syria/2289847/", "/fr/syrie/31288"}
	for round := 0; round < 3; round++ {
		for _, e := range a.Truth()[:40] {
			paths = append(paths, e.Path)
		}
		for _, p := range paths {
			ra, rb := httptest.NewRecorder(), httptest.NewRecorder()
			a.ServeHTTP(ra, httptest.NewRequest(http.MethodGet, p, nil))
			b.ServeHTTP(rb, httptest.NewRequest(http.MethodGet, p, nil))
			if ra.Code != rb.Code || !bytes.Equal(ra.Body.Bytes(), rb.Body.Bytes()) || ra.Header().Get("ETag") != rb.Header().Get("ETag") {
				t.Fatalf("round %d: %s differs between two replicas with the same options", round, p)
			}
		}
		ta, tb := a.Truth(), b.Truth()
		if len(ta) != len(tb) {
			t.Fatalf("round %d: truth has %d and %d entries", round, len(ta), len(tb))
		}
		for i := range ta {
			if fmt.Sprint(ta[i]) != fmt.Sprint(tb[i]) {
				t.Fatalf("round %d: truth differs at %d", round, i)
			}
		}
		a.Advance()
		b.Advance()
	}
}

func TestStart(t *testing.T) {
	start := New(Options{}).Now()
	if want := "2026-02-09T12:00:00Z"; start.UTC().Format("2006-01-02T15:04:05Z") != want {
		t.Errorf("default Now() = %v, want %s", start, want)
	}
	later := start.AddDate(0, 3, 0)
	s := New(Options{Start: later})
	if !s.Now().Equal(later) {
		t.Errorf("Now() = %v, want %v", s.Now(), later)
	}
	for _, e := range s.Truth() {
		if e.Published.After(later) {
			t.Errorf("%s %d published %v, after Start", e.Lang, e.PostID, e.Published)
		}
	}
	if e := s.Truth()[0]; later.Sub(e.Published) > 4*24*3600e9 {
		t.Errorf("newest article %v is far before Start %v", e.Published, later)
	}
}

func TestUploads(t *testing.T) {
	_, srv := serve(t, Options{})
	for _, p := range []string{"/wp-content/uploads/2026/02/aleppo-airport-1024x683.jpg", "/wp-content/uploads/2025/08/sana-logo.png", "/wp-content/uploads/x/y.gif"} {
		resp, b := get(t, srv, p)
		if resp.StatusCode != 200 || len(b) == 0 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "image/") {
			t.Errorf("%s: content type %q", p, ct)
		}
	}
	mustGet(t, srv, "/wp-content/uploads/2026/02/notes.txt", 404)
}

func TestRobots(t *testing.T) {
	for _, delay := range []int{0, 5} {
		_, srv := serve(t, Options{CrawlDelay: delay})
		b := string(mustGet(t, srv, "/robots.txt", 200))
		if !strings.Contains(b, "User-agent: *\nDisallow: /wp-admin/\n") || !strings.Contains(b, "Sitemap: "+srv.URL+"/fr/sitemap_index.xml\n") {
			t.Errorf("robots.txt:\n%s", b)
		}
		if has := strings.Contains(b, "Crawl-delay: 5\n"); has != (delay == 5) || delay == 0 && strings.Contains(b, "Crawl-delay") {
			t.Errorf("CrawlDelay %d, robots.txt:\n%s", delay, b)
		}
	}
}

func TestRequestLog(t *testing.T) {
	s, srv := serve(t, Options{})
	get(t, srv, "/en/feed/?_cb=1700000000")
	get(t, srv, "/nope/", "If-Modified-Since", "Mon, 09 Feb 2026 12:00:00 GMT")
	got := s.Requests()
	want := []Request{{"GET", "/en/feed/", "_cb=1700000000", false, 200}, {"GET", "/nope/", "", true, 404}}
	if !slices.Equal(got, want) {
		t.Errorf("Requests() = %v, want %v", got, want)
	}
	s.ResetRequests()
	if n := len(s.Requests()); n != 0 {
		t.Errorf("after ResetRequests, %d requests", n)
	}
	resp, _ := get(t, srv, "/en/")
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/en/", nil)
	r2, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", r2.StatusCode)
	}
	if resp.StatusCode != 200 || len(s.Requests()) != 2 {
		t.Errorf("requests after reset: %v", s.Requests())
	}
}

// TestRepostsPlanted checks the ground truth of Options.Reposts: every
// repost names an older article of its edition within three days, exact
// re-runs and updated versions in every edition (updated ones in Arabic
// and English among them, some published by the first Advance), every
// sibling an article of its edition the same day; and the replica
// without the option has none.
func TestRepostsPlanted(t *testing.T) {
	for _, e := range New(Options{}).Truth() {
		if e.RepostOf != 0 || e.SiblingOf != 0 {
			t.Fatalf("default replica plants %s/%d", e.Lang, e.PostID)
		}
	}
	s := New(Options{Reposts: true})
	before := map[string]bool{}
	for _, e := range s.Truth() {
		before[sanafeed.ArticleKey(e.Lang, e.PostID)] = true
	}
	s.Advance()
	byKey := map[string]Entry{}
	truth := s.Truth()
	for _, e := range truth {
		byKey[sanafeed.ArticleKey(e.Lang, e.PostID)] = e
	}
	reruns, updates, later := map[string]int{}, map[string]int{}, 0
	for _, e := range truth {
		key := sanafeed.ArticleKey(e.Lang, e.PostID)
		if e.RepostOf != 0 {
			o, ok := byKey[sanafeed.ArticleKey(e.Lang, e.RepostOf)]
			switch {
			case !ok:
				t.Errorf("%s reposts a missing article %d", key, e.RepostOf)
			case !o.Published.Before(e.Published) || e.Published.Sub(o.Published) > 72*time.Hour:
				t.Errorf("%s published %v, its original %v: want after, within 72h", key, e.Published, o.Published)
			case o.Title == e.Title && slices.Equal(o.Body, e.Body):
				reruns[e.Lang]++
			case e.Title != o.Title && len(e.Body) > len(o.Body):
				updates[e.Lang]++
			default:
				t.Errorf("%s is neither a re-run nor an updated version of %d: %q", key, e.RepostOf, e.Title)
			}
			if !before[key] {
				later++
			}
		}
		if e.SiblingOf != 0 {
			o, ok := byKey[sanafeed.ArticleKey(e.Lang, e.SiblingOf)]
			if !ok || o.Published.Sub(e.Published).Abs() > 24*time.Hour || o.Story == e.Story && e.Story != "" {
				t.Errorf("%s: sibling of %d (found %v) not a same-day other story", key, e.SiblingOf, ok)
			}
		}
	}
	for _, ed := range sanafeed.Editions {
		if reruns[ed.Lang] == 0 || updates[ed.Lang] == 0 {
			t.Errorf("edition %s: %d re-runs, %d updated versions; want some of each", ed.Lang, reruns[ed.Lang], updates[ed.Lang])
		}
	}
	if later == 0 {
		t.Error("the first Advance publishes no repost")
	}
}
