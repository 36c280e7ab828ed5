package replica

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// crawlHTML fetches every HTML page reachable from the edition homes
// through links on the replica's own host (feeds, sitemaps and uploads
// left out) and returns their bodies by path.
func crawlHTML(t *testing.T, srv *httptest.Server) map[string]string {
	t.Helper()
	pages := map[string]string{}
	var queue []string
	for _, e := range sanafeed.Editions {
		queue = append(queue, e.Path)
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if _, ok := pages[p]; ok {
			continue
		}
		resp, b := get(t, srv, p)
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			pages[p] = ""
			queue = append(queue, strings.TrimPrefix(resp.Header.Get("Location"), srv.URL))
			continue
		}
		pages[p] = string(b)
		for _, m := range hrefRE.FindAllStringSubmatch(pages[p], -1) {
			u := html.UnescapeString(m[1])
			if strings.HasPrefix(u, srv.URL+"/") {
				u = strings.TrimPrefix(u, srv.URL)
			}
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.ContainsAny(u, "?#") ||
				strings.Contains(u, "/feed/") || strings.HasSuffix(u, ".xml") || strings.HasPrefix(u, "/wp-") {
				continue
			}
			queue = append(queue, u)
		}
	}
	for p, b := range pages {
		if b == "" {
			delete(pages, p)
		}
	}
	return pages
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// balanced returns an error unless every element of page that needs an
// end tag has its own, properly nested.
func balanced(page string) error {
	z := xhtml.NewTokenizer(strings.NewReader(page))
	var open []string
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			if len(open) > 0 {
				return fmt.Errorf("unclosed %v", open)
			}
			return nil
		case xhtml.StartTagToken:
			if name, _ := z.TagName(); !voidElements[string(name)] {
				open = append(open, string(name))
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return fmt.Errorf("</%s> closes %v", name, open)
			}
			open = open[:len(open)-1]
		}
	}
}

// classRE finds class attributes.
var classRE = regexp.MustCompile(`class="([^"]*)"`)

// categoryMarks returns what on page reveals a link or page as a category
// by markup rather than by URL.
func categoryMarks(page string) []string {
	var found []string
	for _, s := range []string{"menu-item-object-category", "menu-item-type-taxonomy", "p-category", "category-id-",
		`rel="category"`, "article:section", "articleSection", "rank-math-breadcrumb", "breadcrumb-"} {
		if strings.Contains(page, s) {
			found = append(found, s)
		}
	}
	for _, m := range classRE.FindAllStringSubmatch(page, -1) {
		for c := range strings.FieldsSeq(m[1]) {
			if strings.Contains(c, "categor") || strings.HasPrefix(c, "cat-") || strings.HasPrefix(c, "tag-") && c != "tag-bar" {
				found = append(found, "class "+c)
			}
		}
	}
	return found
}

func TestPlainMarkup(t *testing.T) {
	_, def := serve(t, Options{})
	if marks := categoryMarks(string(mustGet(t, def, "/economy/transport/2519377/", 200))); len(marks) < 5 {
		t.Fatalf("the default replica shows only %v: the check below proves nothing", marks)
	}

	s, srv := serve(t, Options{PlainMarkup: true, Synthetic: 40})
	s.Advance()
	pages := crawlHTML(t, srv)
	for p, page := range pages {
		if marks := categoryMarks(page); len(marks) > 0 {
			t.Errorf("%s shows %v", p, marks)
		}
		if err := balanced(page); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, e := range sanafeed.Editions {
		home := pages[e.Path]
		if len(listed([]byte(home))) != min(homeSize, len(byLang(s.Truth(), e.Lang))) {
			t.Errorf("%s home lists %v", e.Lang, listed([]byte(home)))
		}
		ed := s.eds[e.Lang].ed
		for _, c := range ed.cats {
			if strings.Contains(c.path, "/") {
				continue
			}
			if !strings.Contains(home, `<li class="menu-item"><a href="`+srv.URL+catPath(ed, c)+`"><span>`+html.EscapeString(c.name)+"</span></a>") {
				t.Errorf("%s home: no plain menu link to %s", e.Lang, c.path)
			}
		}
	}
	for _, e := range s.Truth() {
		page, ok := pages[e.Path]
		if !ok {
			t.Errorf("%s not reachable by links", e.Path)
			continue
		}
		if !strings.Contains(page, `<h1 class="s-title">`+html.EscapeString(e.Title)+"</h1>") {
			t.Errorf("%s: title %q not in h1", e.Path, e.Title)
		}
		if got := bodyText(t, page); !slices.Equal(got, e.Body) {
			t.Errorf("%s: body\n got %q\nwant %q", e.Path, got, e.Body)
		}
		if !strings.Contains(page, `<article id="post-`+strconv.FormatInt(e.PostID, 10)+`" class="post-`) {
			t.Errorf("%s: no <article id=post-N>", e.Path)
		}
		m := ldRE.FindStringSubmatch(page)
		var ld map[string]any
		if m == nil || json.Unmarshal([]byte(m[1]), &ld) != nil {
			t.Errorf("%s: JSON-LD", e.Path)
		}
		cat := srv.URL + catOf(e)
		if !strings.Contains(page, `<div class="s-top"><a href="`+cat+`">`+html.EscapeString(e.Category.Name)+"</a></div>") ||
			!strings.Contains(page, `<a href="`+cat+`">`+html.EscapeString(e.Category.Name)+"</a> &gt; ") {
			t.Errorf("%s: no plain category link or breadcrumb to %s", e.Path, cat)
		}
		checkTimes(t, e, page)
	}
}

// catOf returns the path of the listing of e's category.
func catOf(e Entry) string {
	p := strings.TrimSuffix(e.Path, "/")
	return p[:strings.LastIndexByte(p, '/')+1]
}

// listingIDs walks the listing at base, page 1 then base+"page/N/" until
// one answers 404, and returns the post ids each page lists.
func listingIDs(t *testing.T, srv *httptest.Server, base string) [][]int64 {
	t.Helper()
	pages := [][]int64{listed(mustGet(t, srv, base, 200))}
	for n := 2; ; n++ {
		resp, b := get(t, srv, base+"page/"+strconv.Itoa(n)+"/")
		if resp.StatusCode == 404 {
			return pages
		}
		if resp.StatusCode != 200 {
			t.Fatalf("%spage/%d/: status %d", base, n, resp.StatusCode)
		}
		pages = append(pages, listed(b))
	}
}

func TestNoNextLink(t *testing.T) {
	for _, items := range []int{0, 4} {
		t.Run(fmt.Sprintf("HomeItems=%d", items), func(t *testing.T) {
			s, srv := serve(t, Options{NoNextLink: true, HomeItems: items})
			truth := s.Truth()
			per := s.perPage(listingHome)
			ar := byLang(truth, "ar")
			listings := []string{"/", "/page/2/", "/economy/", "/en/", "/fr/syrie/", "/tag/حلب/"}
			for _, p := range listings {
				page := string(mustGet(t, srv, p, 200))
				for _, bad := range []string{"page-numbers", `rel="next"`, `rel="prev"`, "pagination"} {
					if strings.Contains(page, bad) {
						t.Errorf("%s has %s", p, bad)
					}
				}
			}
			p1, p2 := listed(mustGet(t, srv, "/", 200)), listed(mustGet(t, srv, "/page/2/", 200))
			if !slices.Equal(p1, entryIDs(ar[:per])) || !slices.Equal(p2, entryIDs(ar[per:min(2*per, len(ar))])) {
				t.Errorf("/ lists %v, /page/2/ %v", p1, p2)
			}
			pages := listingIDs(t, srv, "/")
			if len(pages) != (len(ar)+per-1)/per || !slices.Equal(slices.Concat(pages...), entryIDs(ar)) {
				t.Errorf("the Arabic home pages list %v, want %v", pages, entryIDs(ar))
			}
			mustGet(t, srv, "/page/"+strconv.Itoa(len(pages)+1)+"/", 404)
		})
	}
}

func TestHomeItems(t *testing.T) {
	s, srv := serve(t, Options{HomeItems: 5, Synthetic: 3000})
	truth := s.Truth()
	en := byLang(truth, "en")
	if got := listed(mustGet(t, srv, "/en/", 200)); !slices.Equal(got, entryIDs(en[:5])) {
		t.Errorf("/en/ lists %v", got)
	}
	if got := listed(mustGet(t, srv, "/en/page/3/", 200)); !slices.Equal(got, entryIDs(en[10:15])) {
		t.Errorf("/en/page/3/ lists %v", got)
	}
	page := string(mustGet(t, srv, "/en/page/3/", 200))
	for _, want := range []string{`<link rel="next" href="` + srv.URL + `/en/page/4/">`, `<link rel="prev" href="` + srv.URL + `/en/page/2/">`,
		`<a class="next page-numbers" href="` + srv.URL + `/en/page/4/">`} {
		if !strings.Contains(page, want) {
			t.Errorf("/en/page/3/ lacks %s", want)
		}
	}
	var econ []int64
	for _, e := range byLang(truth, "ar") {
		if strings.HasPrefix(e.Path, "/economy/") {
			econ = append(econ, e.PostID)
		}
	}
	pages := listingIDs(t, srv, "/economy/")
	if len(pages) != 9 || !slices.Equal(slices.Concat(pages...), econ[:45]) {
		t.Errorf("/economy/ pages list %v, want the newest 45 of %d in 9 pages", pages, len(econ))
	}
	if got := listed(mustGet(t, srv, "/en/tag/damascus/", 200)); len(got) != 5 {
		t.Errorf("/en/tag/damascus/ lists %v", got)
	}
}

// sitemapPaths returns the post paths the edition's sitemaps list, with
// their lastmod.
func sitemapPaths(t *testing.T, srv *httptest.Server, lang string) map[string]string {
	t.Helper()
	var index struct {
		Locs []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(mustGet(t, srv, edPath(lang)+"sitemap_index.xml", 200), &index); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, loc := range index.Locs {
		if !strings.Contains(loc, "/post-sitemap") {
			continue
		}
		var set struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(mustGet(t, srv, strings.TrimPrefix(loc, srv.URL), 200), &set); err != nil {
			t.Fatal(err)
		}
		for _, u := range set.URLs {
			out[strings.TrimPrefix(u.Loc, srv.URL)] = u.LastMod
		}
	}
	return out
}

func TestPublish(t *testing.T) {
	for _, tt := range []struct {
		lang, feed string
		n          int
	}{{"ar", "/feed/", 40}, {"en", "/en/feed/?_cb=1", 12}, {"fr", "/fr/feed/", 8}, {"ku", "/ku/feed/", 3}} {
		t.Run(tt.lang, func(t *testing.T) {
			s, srv := serve(t, Options{HomeItems: 5})
			s.Advance()
			before, now := byLang(s.Truth(), tt.lang), s.Now()
			top := slices.Max(entryIDs(before))
			added := s.Publish(tt.lang, tt.n)
			after := byLang(s.Truth(), tt.lang)
			if len(added) != tt.n || len(after) != len(before)+tt.n || !slices.EqualFunc(added, after[:tt.n], sameEntry) {
				t.Fatalf("Publish returned %d entries; Truth went from %d to %d", len(added), len(before), len(after))
			}
			if !s.Now().Equal(now.Add(time.Duration(tt.n)*time.Minute)) || !added[0].Published.Equal(s.Now()) {
				t.Errorf("clock %v → %v, newest published %v", now, s.Now(), added[0].Published)
			}
			checkDistinct(t, after, added)
			sm := sitemapPaths(t, srv, tt.lang)
			cats, catPages, tagPages := map[string]bool{}, map[string][][]int64{}, map[string][][]int64{}
			for i, e := range added {
				if i > 0 && !e.Published.Equal(added[i-1].Published.Add(-time.Minute)) || e.PostID <= top || e.Story != "" {
					t.Errorf("entry %d: %+v", i, e)
				}
				page := string(mustGet(t, srv, e.Path, 200))
				if got := bodyText(t, page); !slices.Equal(got, e.Body) {
					t.Errorf("%s: body\n got %q\nwant %q", e.Path, got, e.Body)
				}
				if mod := sm[e.Path]; mod != e.Modified.In(syria).Format(time.RFC3339) {
					t.Errorf("%s: sitemap lastmod %q", e.Path, mod)
				}
				cats[catOf(e)] = true
				if catPages[catOf(e)] == nil {
					catPages[catOf(e)] = listingIDs(t, srv, catOf(e))
				}
				if !slices.Contains(slices.Concat(catPages[catOf(e)]...), e.PostID) {
					t.Errorf("%s not on its category listing %s", e.Path, catOf(e))
				}
				for _, tg := range e.Tags {
					p := edPath(e.Lang) + "tag/" + tg.Slug + "/"
					if tagPages[p] == nil {
						tagPages[p] = listingIDs(t, srv, p)
					}
					if !slices.Contains(slices.Concat(tagPages[p]...), e.PostID) {
						t.Errorf("%s not on its tag listing %s", e.Path, p)
					}
				}
			}
			want := map[string]bool{}
			for _, tp := range s.gen[tt.lang].topics[:min(tt.n, len(topicKeys))] {
				want[tp.cat] = true
			}
			if len(cats) != len(want) {
				t.Errorf("published in %v, want the categories of %d topics: %v", cats, min(tt.n, len(topicKeys)), want)
			}
			if home := listed(mustGet(t, srv, edPath(tt.lang), 200)); !slices.Equal(home, entryIDs(after[:5])) {
				t.Errorf("home lists %v, want the newest 5", home)
			}
			newest := entryIDs(after[:10])
			if got := itemIDs(t, parseRSS(t, mustGet(t, srv, tt.feed, 200))); !slices.Equal(got, newest) {
				t.Errorf("%s carries %v, want %v", tt.feed, got, newest)
			}
			if tt.lang != "en" && !slices.Equal(s.FeedPostIDs(tt.lang), newest) {
				t.Errorf("FeedPostIDs = %v, want %v", s.FeedPostIDs(tt.lang), newest)
			}
		})
	}
}

func sameEntry(a, b Entry) bool {
	return a.Path == b.Path && a.Title == b.Title && a.Published.Equal(b.Published) && slices.Equal(a.Body, b.Body)
}

// checkDistinct fails unless each of some has a title and a body that no
// other of all has.
func checkDistinct(t *testing.T, all, some []Entry) {
	t.Helper()
	titles, bodies := map[string]int{}, map[string]int{}
	key := func(e Entry) string { return strings.Join(e.Body[1:], "\n") } // past the dateline
	for _, e := range all {
		titles[e.Title]++
		bodies[key(e)]++
	}
	for _, e := range some {
		if titles[e.Title] > 1 {
			t.Errorf("%s: %d articles have the title %q", e.Path, titles[e.Title], e.Title)
		}
		if bodies[key(e)] > 1 {
			t.Errorf("%s: %d articles have its body", e.Path, bodies[key(e)])
		}
	}
}

func TestPublishMore(t *testing.T) {
	build := func(check bool) *Site {
		s := New(Options{Synthetic: 200})
		publish := func(lang string, n int) {
			added := s.Publish(lang, n)
			if check { // against what the edition had then: Advance's articles may repeat a title
				checkDistinct(t, byLang(s.Truth(), lang), added)
			}
		}
		publish("ar", 300)
		publish("ku", 2)
		s.Advance()
		publish("ar", 5)
		s.Advance()
		return s
	}
	s := build(true)
	if !slices.EqualFunc(s.Truth(), build(false).Truth(), sameEntry) {
		t.Error("Publish is not deterministic")
	}
	if s.Publish("xx", 3) != nil || s.Publish("ar", 0) != nil {
		t.Error("Publish of nothing returned entries")
	}
	// The first Advance publishes at fixed offsets from Start; a burst
	// longer than its three hours must not send the clock back.
	b := New(Options{})
	b.Publish("es", 200)
	now := b.Now()
	b.Advance()
	if b.Now().Before(now) {
		t.Errorf("Advance moved the clock back from %v to %v", now, b.Now())
	}
	// Tags are made as needed and none is left without an article.
	srv := httptest.NewServer(s)
	defer srv.Close()
	var tags struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(mustGet(t, srv, "/post_tag-sitemap.xml", 200), &tags); err != nil {
		t.Fatal(err)
	}
	for _, u := range tags.URLs {
		if u.LastMod == "" {
			t.Errorf("tag %s has no article", u.Loc)
		}
	}
}

func TestSyntheticSpan(t *testing.T) {
	const n, span = 300, 5 * 24 * time.Hour
	recent := refTime().Add(-30 * 24 * time.Hour)
	oldest := func(entries []Entry) time.Time {
		o := refTime()
		for _, e := range entries {
			if e.Published.After(recent) && e.Published.Before(o) {
				o = e.Published
			}
		}
		return o
	}
	base := oldest(New(Options{}).Truth()).Add(-10 * time.Minute) // the newest generated story
	plain := New(Options{Synthetic: n}).Truth()
	spread := New(Options{Synthetic: n, SyntheticSpan: span}).Truth()
	if len(spread) != len(plain) {
		t.Fatalf("%d articles, want %d", len(spread), len(plain))
	}
	if got := base.Sub(oldest(spread)); got < span-time.Second || got > span {
		t.Errorf("with SyntheticSpan %v the generated stories span %v", span, got)
	}
	if got := base.Sub(oldest(plain)); got > 24*time.Hour {
		t.Errorf("without SyntheticSpan %d generated articles span %v", n, got)
	}
}

// The first poll's window (say the last 7 days) holds more than the home
// page shows: some articles are only on category listings, page 1 or
// deeper, and some, past Arabic's 9 listing pages, only in the sitemaps
// (and on tag listings).
func TestWindowExceedsHome(t *testing.T) {
	s, srv := serve(t, Options{HomeItems: 5, NoNextLink: true, PlainMarkup: true, Synthetic: 1200, SyntheticSpan: 5 * 24 * time.Hour})
	ar := byLang(s.Truth(), "ar")
	window := s.Now().Add(-7 * 24 * time.Hour)
	onHome := map[int64]bool{}
	for _, id := range listed(mustGet(t, srv, "/", 200)) {
		onHome[id] = true
	}
	catPage := map[int64]int{} // post id → first page of a category listing that lists it
	for _, c := range s.eds["ar"].ed.cats {
		for i, ids := range listingIDs(t, srv, "/"+c.path+"/") {
			for _, id := range ids {
				if catPage[id] == 0 || catPage[id] > i+1 {
					catPage[id] = i + 1
				}
			}
		}
	}
	var homePages int
	homeDeep := map[int64]bool{}
	for i, ids := range listingIDs(t, srv, "/") {
		homePages = i + 1
		for _, id := range ids {
			homeDeep[id] = true
		}
	}
	sm := sitemapPaths(t, srv, "ar")
	var inWindow, firstPage, deeper, sitemapOnly, older int
	for _, e := range ar {
		if e.Published.Before(window) {
			older++
			continue
		}
		inWindow++
		if _, ok := sm[e.Path]; !ok {
			t.Errorf("%s not in the sitemaps", e.Path)
		}
		switch p := catPage[e.PostID]; {
		case onHome[e.PostID]:
		case p == 1:
			firstPage++
		case p > 1:
			deeper++
		case !homeDeep[e.PostID]:
			sitemapOnly++
		}
	}
	t.Logf("%d Arabic articles in the window, %d older; off the home page: %d on a category's first page, %d deeper, %d in no home or category listing",
		inWindow, older, firstPage, deeper, sitemapOnly)
	if homePages != 9 || firstPage == 0 || deeper == 0 || sitemapOnly == 0 || older == 0 {
		t.Errorf("home pages %d; want articles of the window on category first pages, deeper, in sitemaps only, and some older", homePages)
	}
}

func TestRobotsVariants(t *testing.T) {
	for _, opts := range []Options{{}, {PlainMarkup: true, NoNextLink: true, HomeItems: 5}} {
		_, srv := serve(t, opts)
		var maps []string
		for line := range strings.Lines(string(mustGet(t, srv, "/robots.txt", 200))) {
			if loc, ok := strings.CutPrefix(strings.TrimSpace(line), "Sitemap: "); ok {
				maps = append(maps, loc)
			}
		}
		if len(maps) != len(sanafeed.Editions) {
			t.Errorf("%+v: robots.txt names %v", opts, maps)
		}
		for _, e := range sanafeed.Editions {
			loc := srv.URL + e.Path + "sitemap_index.xml"
			if !slices.Contains(maps, loc) {
				t.Errorf("%+v: robots.txt lacks %s", opts, loc)
			}
			mustGet(t, srv, strings.TrimPrefix(loc, srv.URL), 200)
		}
	}
}

func TestPublishConcurrent(t *testing.T) {
	s, srv := serve(t, Options{HomeItems: 5})
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, p := range []string{"/", "/feed/", "/sitemap_index.xml", "/economy/"} {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				resp, err := srv.Client().Get(srv.URL + p)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		})
	}
	for range 5 {
		s.Publish("ar", 20)
		s.Truth()
	}
	close(done)
	wg.Wait()
	if n := len(byLang(s.Truth(), "ar")); n != len(byLang(New(Options{}).Truth(), "ar"))+100 {
		t.Errorf("%d Arabic articles after five bursts of 20", n)
	}
}
