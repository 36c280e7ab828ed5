package replica

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

var (
	// slugPathRE is the shape of a second-theme permalink path.
	slugPathRE = regexp.MustCompile(`^(/[a-z]{2})?/(\d{4})/(\d{2})/(\d{2})/([a-z0-9]+(?:-[a-z0-9]+)+)/?$`)
	headlineRE = regexp.MustCompile(`<h2 class="story-headline">([^<]*)</h2>`)
	shortRE    = regexp.MustCompile(`<link rel="shortlink" href="([^"]*)">`)
	dateRE     = regexp.MustCompile(`<span class="story-date" data-published="([^"]*)" data-modified="([^"]*)">`)
	sectionRE  = regexp.MustCompile(`<span class="story-section"><a href="([^"]*)">([^<]*)</a></span>`)
	leadRE     = regexp.MustCompile(`<figure class="story-lead"><img src="([^"]*)" alt=""></figure>`)
	topicsRE   = regexp.MustCompile(`<ul class="story-topics">(.*?)</ul>`)
	liRE       = regexp.MustCompile(`<li><a href="([^"]*)">([^<]*)</a></li>`)
	storyRE    = regexp.MustCompile(`(?s)<section class="story-text">(.*?)</section>`)
	xboxRE     = regexp.MustCompile(`<div class="xbox-[a-z]+">.*?</div>`)
	cardRE     = regexp.MustCompile(`<div class="card"><a class="card-link" href="([^"]*)">[^<]*</a> <span class="card-when" data-when="([^"]*)">`)
	olderRE    = regexp.MustCompile(`<a class="older" href="([^"]*)">Older posts</a>`)
)

// foxizMarks are what of the first theme's markup a second-theme page
// must not carry.
var foxizMarks = []string{`class="s-title`, "entry-content", "rbct", `itemprop="articleBody"`, "<article", "postid-",
	"single-post", `"single `, " single ", "<time", "og:", `property="article:`, "application/ld+json",
	`name="author"`, "entry-title", "page-numbers", `rel="next"`, `rel="prev"`, "breadcrumb", "sticky-title", "editors-choice",
	"wp-theme-foxiz", "p-wrap", `rel="tag"`, "/tag/"}

// serve2 starts a second-theme replica moved as a poller would see it.
func serve2(t *testing.T, opts Options) (*Site, *httptest.Server) {
	t.Helper()
	opts.SecondTheme = true
	s, srv := serve(t, opts)
	s.Advance()
	s.Advance()
	s.Publish("fr", 3)
	return s, srv
}

// storyBody returns the paragraphs of a second-theme article page's
// section.story-text with its xbox boxes removed, as a configured
// extractor would read them.
func storyBody(t *testing.T, page string) []string {
	t.Helper()
	m := storyRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no section.story-text")
	}
	return paragraphs(xboxRE.ReplaceAllString(m[1], ""))
}

// paragraphs returns the non-blank text of the <p>s of s.
func paragraphs(s string) []string {
	var out []string
	for _, m := range paraRE.FindAllStringSubmatch(s, -1) {
		if p := strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(m[1], ""))); strings.TrimSpace(strings.ReplaceAll(p, "\u00a0", "")) != "" {
			out = append(out, p)
		}
	}
	return out
}

func TestSecondThemeArticles(t *testing.T) {
	t.Parallel()
	s, srv := serve2(t, Options{Synthetic: 40})
	for _, e := range s.Truth() {
		checkSlugPath(t, e)
		page := string(mustGet(t, srv, e.Path, 200))
		id := strconv.FormatInt(e.PostID, 10)
		if m := headlineRE.FindStringSubmatch(page); m == nil || html.UnescapeString(m[1]) != e.Title {
			t.Errorf("%s: headline %q, want %q", e.Path, m, e.Title)
		}
		if !strings.Contains(page, "<title>"+html.EscapeString(e.Title)+" | ") {
			t.Errorf("%s: <title>", e.Path)
		}
		if m := shortRE.FindStringSubmatch(page); m == nil || m[1] != srv.URL+edPath(e.Lang)+"?p="+id {
			t.Errorf("%s: shortlink %q, want ?p=%s", e.Path, m, id)
		}
		if n := len(regexp.MustCompile(`[^0-9]`+id+`[^0-9]`).FindAllString(page, -1)); n != 1 {
			t.Errorf("%s: the post id appears %d times, want once (the shortlink)", e.Path, n)
		}
		if !strings.Contains(page, `<link rel="canonical" href="`+srv.URL+e.Path+`">`) {
			t.Errorf("%s: canonical", e.Path)
		}
		for _, mark := range foxizMarks {
			if strings.Contains(page, mark) {
				t.Errorf("%s: carries %q", e.Path, mark)
			}
		}
		if strings.Count(page, "<h1") != 1 || !strings.Contains(page, `<body class="story-page `) || !strings.Contains(page, `<main class="story">`) {
			t.Errorf("%s: not one h1, or no body.story-page or main.story", e.Path)
		}
		if got := storyBody(t, page); !slices.Equal(got, e.Body) {
			t.Errorf("%s: body\n got %q\nwant %q", e.Path, got, e.Body)
		}
		sec := storyRE.FindString(page)
		for _, text := range SecondThemeBoilerplate {
			if !strings.Contains(sec, text) {
				t.Errorf("%s: no %q in section.story-text", e.Path, text)
			}
		}
		checkStoryMeta(t, srv, e, page)
		if err := balanced(page); err != nil {
			t.Errorf("%s: %v", e.Path, err)
		}
	}
}

// checkSlugPath checks the shape of e's second-theme permalink.
func checkSlugPath(t *testing.T, e Entry) {
	t.Helper()
	m := slugPathRE.FindStringSubmatch(e.Path)
	switch {
	case m == nil || m[1]+"/" != edPath(e.Lang):
		t.Errorf("%s: not a slug permalink of %s", e.Path, e.Lang)
		return
	case m[2]+"/"+m[3]+"/"+m[4] != e.Published.In(syria).Format("2006/01/02"):
		t.Errorf("%s: not dated %v", e.Path, e.Published.In(syria))
	case strings.HasSuffix(e.Path, "/") == (e.Lang == "fr"):
		t.Errorf("%s: trailing slash", e.Path)
	case strings.Contains(m[5], strconv.FormatInt(e.PostID, 10)):
		t.Errorf("%s: the slug holds the post id", e.Path)
	}
}

// checkStoryMeta checks the category, dates, image and tags of e's page.
func checkStoryMeta(t *testing.T, srv *httptest.Server, e Entry, page string) {
	t.Helper()
	ed := edPath(e.Lang)
	if m := sectionRE.FindStringSubmatch(page); m == nil || m[1] != srv.URL+ed+"section/"+e.Category.Slug+"/" || html.UnescapeString(m[2]) != e.Category.Name {
		t.Errorf("%s: section %q, want %s", e.Path, m, e.Category.Slug)
	}
	m := dateRE.FindStringSubmatch(page)
	if m == nil || m[1] != e.Published.In(syria).Format(time.RFC3339) || m[2] != e.Modified.In(syria).Format(time.RFC3339) {
		t.Errorf("%s: story-date %q, want %v, %v", e.Path, m, e.Published, e.Modified)
	}
	if m := leadRE.FindStringSubmatch(page); (m == nil) != (e.Image == "") || m != nil && m[1] != srv.URL+e.Image {
		t.Errorf("%s: story-lead %q, want %q", e.Path, m, e.Image)
	}
	var tags []sanafeed.Tag
	if ul := topicsRE.FindStringSubmatch(page); ul != nil {
		for _, li := range liRE.FindAllStringSubmatch(ul[1], -1) {
			u, err := url.Parse(li[1])
			if err != nil || !strings.HasPrefix(li[1], srv.URL+ed+"topic/") || !strings.HasSuffix(u.Path, "/") {
				t.Errorf("%s: topic link %q", e.Path, li[1])
				continue
			}
			seg := strings.Split(strings.Trim(u.Path, "/"), "/")
			tags = append(tags, sanafeed.Tag{Slug: seg[len(seg)-1], Name: html.UnescapeString(li[2])})
		}
	}
	if !slices.Equal(tags, e.Tags) {
		t.Errorf("%s: topics %v, want %v", e.Path, tags, e.Tags)
	}
}

func TestSecondThemeURLs(t *testing.T) {
	t.Parallel()
	s, srv := serve2(t, Options{})
	first := New(Options{})
	first.Advance()
	first.Advance()
	first.Publish("fr", 3)
	old := map[string]string{}
	for _, e := range first.Truth() {
		old[e.Lang+strconv.FormatInt(e.PostID, 10)] = e.Path
	}
	slugs := map[string]bool{}
	for _, e := range s.Truth() {
		id := strconv.FormatInt(e.PostID, 10)
		if slugs[e.Path[len(edPath(e.Lang)):][11:]] {
			t.Errorf("%s: slug used twice in %s", e.Path, e.Lang)
		}
		slugs[e.Path[len(edPath(e.Lang)):][11:]] = true
		if p, ok := s.PermalinkPath(e.Lang, e.PostID); !ok || p != e.Path {
			t.Errorf("PermalinkPath(%s, %d) = %q, want %q", e.Lang, e.PostID, p, e.Path)
		}
		for _, from := range []string{edPath(e.Lang) + "?p=" + id, old[e.Lang+id]} {
			resp, _ := get(t, srv, from)
			if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != srv.URL+e.Path {
				t.Errorf("%s: %d → %q, want 301 → %s", from, resp.StatusCode, resp.Header.Get("Location"), e.Path)
			}
		}
	}
	fr, _ := s.PermalinkPath("fr", 31349)
	en, _ := s.PermalinkPath("en", 2289847)
	edited, _ := s.PermalinkPath("en", editedPostEN)
	for _, tt := range []struct{ from, to string }{
		{fr + "/", fr},
		{strings.TrimSuffix(en, "/"), en},
		{strings.Replace(en, "/2026/02/09/", "/2026/02/08/", 1), en},
		{en + "?utm_source=x", ""},
		{"/en/section/economy", "/en/section/economy/"},
		{"/en/section/economy/page/1/", "/en/section/economy/"},
		{"/tr/topic/halep", "/tr/topic/halep/"},
	} {
		resp, _ := get(t, srv, tt.from)
		if tt.to == "" {
			if resp.StatusCode != 200 {
				t.Errorf("%s: status %d", tt.from, resp.StatusCode)
			}
		} else if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != srv.URL+tt.to {
			t.Errorf("%s: %d → %q, want 301 → %s", tt.from, resp.StatusCode, resp.Header.Get("Location"), tt.to)
		}
	}
	before, _ := New(Options{SecondTheme: true}).PermalinkPath("en", editedPostEN)
	if edited != before || strings.Contains(edited, "jandar") {
		t.Errorf("edited post %s, was %s: the slug should stay that of its first title", edited, before)
	}
	for _, p := range []string{"/en/2026/02/09/no-such-story/", "/2026/02/09/story-zzzzzzz/", "/en/?p=1", "/en/syria/1234/",
		"/en/economy/", "/en/tag/aleppo/", "/en/sitemap_index.xml", "/en/post-sitemap1.xml", "/en/section/no-such/", "/en/topic/no-such/"} {
		mustGet(t, srv, p, 404)
	}
}

func TestSecondThemeListings(t *testing.T) {
	t.Parallel()
	s, srv := serve2(t, Options{Synthetic: 40, HomeItems: 7})
	truth := s.Truth()
	for _, e := range sanafeed.Editions {
		entries := byLang(truth, e.Lang)
		if got := walkOlder(t, srv, e.Path); !slices.Equal(got, pathsOf(entries)) {
			t.Errorf("%s: home and its older pages list %d articles, want all %d", e.Lang, len(got), len(entries))
		}
		home := string(mustGet(t, srv, e.Path, 200))
		for _, en := range entries {
			if !strings.Contains(home, `<a href="`+srv.URL+e.Path+"section/"+en.Category.Slug+`/">`) {
				t.Errorf("%s: no topnav link to section %s", e.Lang, en.Category.Slug)
			}
			var inTopic []Entry
			for _, o := range entries {
				if slices.Contains(o.Tags, en.Tags[0]) {
					inTopic = append(inTopic, o)
				}
			}
			base := e.Path + "topic/" + (&url.URL{Path: en.Tags[0].Slug}).EscapedPath() + "/"
			if got := walkOlder(t, srv, base); !slices.Equal(got, pathsOf(inTopic)) {
				t.Errorf("%s lists %v, want %v", base, got, pathsOf(inTopic))
			}
		}
		for _, p := range []string{e.Path, e.Path + "section/" + entries[0].Category.Slug + "/"} {
			page := string(mustGet(t, srv, p, 200))
			for _, mark := range foxizMarks {
				if strings.Contains(page, mark) {
					t.Errorf("%s: carries %q", p, mark)
				}
			}
		}
	}
	sub := walkOlder(t, srv, "/section/syrian-economy/")
	all := walkOlder(t, srv, "/section/economy/")
	if len(sub) == 0 || len(sub) >= len(all) || !slices.Contains(all, sub[0]) {
		t.Errorf("/section/syrian-economy/ lists %v, /section/economy/ %v", sub, all)
	}
	_, plain := serve2(t, Options{NoNextLink: true})
	if page := string(mustGet(t, plain, "/", 200)); strings.Contains(page, `class="older"`) {
		t.Error("NoNextLink: an older link")
	}
	mustGet(t, plain, "/page/2/", 200)
}

// walkOlder returns the article paths the listing at base lists, from
// its first page through its a.older links, and checks that the page
// after the last answers 404.
func walkOlder(t *testing.T, srv *httptest.Server, base string) []string {
	t.Helper()
	var got []string
	p, n := base, 1
	for {
		page := string(mustGet(t, srv, p, 200))
		for _, m := range cardRE.FindAllStringSubmatch(page, -1) {
			if _, err := time.Parse(time.RFC3339, m[2]); err != nil || !strings.HasSuffix(m[2], "+03:00") {
				t.Errorf("%s: data-when %q", p, m[2])
			}
			got = append(got, strings.TrimPrefix(m[1], srv.URL))
		}
		m := olderRE.FindStringSubmatch(page)
		if m == nil {
			break
		}
		n++
		if want := srv.URL + base + "page/" + strconv.Itoa(n) + "/"; m[1] != want {
			t.Fatalf("%s: older %q, want %q", p, m[1], want)
		}
		p = strings.TrimPrefix(m[1], srv.URL)
	}
	mustGet(t, srv, base+"page/"+strconv.Itoa(n+1)+"/", 404)
	return got
}

func pathsOf(entries []Entry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Path)
	}
	return out
}

func TestSecondThemeFeeds(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, Options{SecondTheme: true})
	truth := s.Truth()
	for _, p := range []string{"/ku/feed/", "/ku/feed/?_cb=1", "/ku/section/abori/feed/", "/ku/topic/heleb/feed/", "/ku/?feed=rss2"} {
		mustGet(t, srv, p, 404)
	}
	if s.FeedPostIDs("ku") != nil {
		t.Error("FeedPostIDs(ku) is not nil")
	}
	ku, _ := s.PermalinkPath("ku", 14162)
	for _, p := range []string{"/ku/", ku} {
		if strings.Contains(string(mustGet(t, srv, p, 200)), "application/rss+xml") {
			t.Errorf("%s links a feed", p)
		}
	}
	for _, e := range sanafeed.Editions {
		if e.Lang == "ku" {
			continue
		}
		d := parseRSS(t, mustGet(t, srv, e.Path+"feed/", 200))
		ids := itemIDs(t, d)
		if want := s.FeedPostIDs(e.Lang); len(ids) == 0 || !slices.Equal(ids, want) {
			t.Errorf("%s: feed carries %v, FeedPostIDs says %v", e.Lang, ids, want)
		}
		for i, it := range d.Channel.Items {
			en := find(truth, e.Lang, ids[i])
			if it.Link != srv.URL+en.Path || it.GUID != srv.URL+e.Path+"?p="+strconv.FormatInt(ids[i], 10) {
				t.Errorf("%s: item %q %q, want the slug permalink and ?p=", e.Lang, it.Link, it.GUID)
			}
			if len(it.Categories) != 1+len(en.Tags) || it.Categories[0] != en.Category.Name {
				t.Errorf("%s: categories %q", e.Lang, it.Categories)
			}
		}
	}
	if resp, _ := get(t, srv, "/en/feed/"); resp.Header.Get("X-Cache") != "HIT" {
		t.Error("the English feed is no longer served from a stale cache")
	}
	if err := wellFormed(mustGet(t, srv, "/feed/", 200)); err == nil {
		t.Error("the Arabic feed is well-formed")
	}
	mustGet(t, srv, "/en/section/economy/feed/", 200)
	mustGet(t, srv, "/tr/topic/halep/feed/", 200)
	s.SetFault("fr", "/fr/20", Fault{Kind: Fault503, Times: 1})
	fr, _ := s.PermalinkPath("fr", 31349)
	mustGet(t, srv, fr, 503)
	mustGet(t, srv, fr, 200)
}

// TestSecondThemeSameSite checks that the second theme serves the same
// site: the same truth but for the paths, through Advance and Publish.
func TestSecondThemeSameSite(t *testing.T) {
	t.Parallel()
	one, two := New(Options{Synthetic: 30}), New(Options{Synthetic: 30, SecondTheme: true})
	for _, s := range []*Site{one, two} {
		s.Advance()
		s.Publish("ar", 4)
		s.Advance()
	}
	a, b := one.Truth(), two.Truth()
	if len(a) != len(b) {
		t.Fatalf("%d entries, %d under the second theme", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		x.Path, y.Path = "", ""
		if !sameEntry(x, y) || !slices.Equal(x.Body, y.Body) {
			t.Errorf("entry %d differs:\n%+v\n%+v", i, a[i], b[i])
		}
	}
	for _, e := range sanafeed.Editions {
		if e.Lang != "ku" && !slices.Equal(one.FeedPostIDs(e.Lang), two.FeedPostIDs(e.Lang)) {
			t.Errorf("%s: feeds carry different posts", e.Lang)
		}
	}
	if !one.Now().Equal(two.Now()) {
		t.Error("clocks differ")
	}
}

// TestSecondThemeCrawl crawls the second-theme site from the edition
// homes: every article is reached by links, every page is balanced and
// free of Foxiz's markup, and two sites built alike answer alike.
func TestSecondThemeCrawl(t *testing.T) {
	t.Parallel()
	s, srv := serve2(t, Options{Synthetic: 40})
	pages := crawlHTML(t, srv)
	for p, page := range pages {
		for _, mark := range foxizMarks {
			if strings.Contains(page, mark) {
				t.Errorf("%s: carries %q", p, mark)
			}
		}
		if err := balanced(page); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, e := range s.Truth() {
		if _, ok := pages[e.Path]; !ok {
			t.Errorf("%s not reachable by links", e.Path)
		}
	}
	build := func() *Site {
		s := New(Options{Synthetic: 40, SecondTheme: true})
		s.Advance()
		s.Publish("es", 2)
		return s
	}
	a, b := pinCrawl(build()), pinCrawl(build())
	if !slices.Equal(a, b) {
		diffLines(t, strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if len(a) < 300 {
		t.Errorf("the crawl reached only %d paths", len(a))
	}
}
