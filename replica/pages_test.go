package replica

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"net/http"
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
	itemRE  = regexp.MustCompile(`<div class="p-wrap p-grid p-grid-1" data-pid="(\d+)">`)
	timeRE  = regexp.MustCompile(`<time class="date published" datetime="([^"]+)">`)
	ldRE    = regexp.MustCompile(`<script type="application/ld\+json"[^>]*>(.*?)</script>`)
	metaRE  = regexp.MustCompile(`<meta property="article:published_time" content="([^"]+)">`)
	tagBarA = regexp.MustCompile(`<a href="([^"]+)" rel="tag">([^<]+)</a>`)
)

func listed(page []byte) []int64 {
	var ids []int64
	for _, m := range itemRE.FindAllSubmatch(page, -1) {
		id, _ := strconv.ParseInt(string(m[1]), 10, 64)
		ids = append(ids, id)
	}
	return ids
}

func TestEditionsAnswer(t *testing.T) {
	s, srv := serve(t, Options{})
	truth := s.Truth()
	for _, e := range sanafeed.Editions {
		home := string(mustGet(t, srv, e.Path, 200))
		entries := byLang(truth, e.Lang)
		ids := listed([]byte(home))
		if len(ids) != min(homeSize, len(entries)) || ids[0] != entries[0].PostID {
			t.Errorf("%s home lists %v", e.Lang, ids)
		}
		if m := timeRE.FindStringSubmatch(home); m == nil || m[1] != entries[0].Published.In(syria).Format(time.RFC3339) {
			t.Errorf("%s home: first <time datetime> %v", e.Lang, m)
		}
		if !strings.Contains(home, `<html lang="`) || (e.Lang == "ar") != strings.Contains(home, `dir="rtl"`) {
			t.Errorf("%s home: wrong html lang/dir", e.Lang)
		}
		for _, o := range sanafeed.Editions {
			if o.Lang != e.Lang && !strings.Contains(home, `<a href="`+srv.URL+o.Path+`" hreflang="`+o.Lang+`">`+strings.ToUpper(o.Lang)+"</a>") {
				t.Errorf("%s home: no header link to %s", e.Lang, o.Lang)
			}
		}
		mustGet(t, srv, e.Path+"feed/", 200)
		mustGet(t, srv, e.Path+"sitemap_index.xml", 200)
		mustGet(t, srv, e.Path+"no-such-thing/", 404)
	}
	resp, b := get(t, srv, "/en/no-such-thing/")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(string(b), "nothing was found") {
		t.Errorf("404 page: %q", ct)
	}
}

func TestTruthMatchesPages(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, Options{Synthetic: 60})
	s.Advance()
	for _, e := range s.Truth() {
		page := string(mustGet(t, srv, e.Path, 200))
		if !strings.Contains(page, `<h1 class="s-title">`+html.EscapeString(e.Title)+"</h1>") {
			t.Errorf("%s: title %q not in h1", e.Path, e.Title)
		}
		if !strings.Contains(page, `<link rel="canonical" href="`+srv.URL+e.Path+`">`) {
			t.Errorf("%s: canonical", e.Path)
		}
		if !strings.Contains(page, `<article id="post-`+strconv.FormatInt(e.PostID, 10)+`" class="post-`) ||
			!strings.Contains(page, " category-"+e.Category.Slug+" ") {
			t.Errorf("%s: article element", e.Path)
		}
		if got := bodyText(t, page); strings.Join(got, "\n") != strings.Join(e.Body, "\n") {
			t.Errorf("%s: body\n got %q\nwant %q", e.Path, got, e.Body)
		}
		var tags []sanafeed.Tag
		for _, m := range tagBarA.FindAllStringSubmatch(page, -1) {
			u, _ := url.Parse(m[1])
			seg := strings.Split(strings.Trim(u.Path, "/"), "/")
			tags = append(tags, sanafeed.Tag{Slug: seg[len(seg)-1], Name: html.UnescapeString(m[2])})
		}
		if len(tags) != len(e.Tags) {
			t.Errorf("%s: TAGGED %v, want %v", e.Path, tags, e.Tags)
		}
		for i := range tags {
			if tags[i] != e.Tags[i] {
				t.Errorf("%s: tag %v, want %v", e.Path, tags[i], e.Tags[i])
			}
		}
		if e.Image != "" && !strings.Contains(page, `<meta property="og:image" content="`+srv.URL+e.Image+`">`) {
			t.Errorf("%s: og:image", e.Path)
		}
		checkTimes(t, e, page)
	}
}

// checkTimes checks the machine-readable times of an article page.
func checkTimes(t *testing.T, e Entry, page string) {
	t.Helper()
	m := ldRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no JSON-LD", e.Path)
	}
	var ld struct {
		Type          string `json:"@type"`
		DatePublished string `json:"datePublished"`
		DateModified  string `json:"dateModified"`
		Graph         []struct {
			Type          string `json:"@type"`
			DatePublished string `json:"datePublished"`
			DateModified  string `json:"dateModified"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("%s: JSON-LD: %v", e.Path, err)
	}
	pub, mod := ld.DatePublished, ld.DateModified
	for _, g := range ld.Graph {
		if g.Type == "NewsArticle" {
			pub, mod = g.DatePublished, g.DateModified
		}
	}
	for _, c := range []struct {
		got  string
		want time.Time
	}{{pub, e.Published}, {mod, e.Modified}} {
		if tm, err := time.Parse(time.RFC3339, c.got); err != nil || !tm.Equal(c.want) {
			t.Errorf("%s: JSON-LD time %q, want %v", e.Path, c.got, c.want)
		}
	}
	if mm := metaRE.FindStringSubmatch(page); mm != nil {
		if tm, err := time.Parse(time.RFC3339, mm[1]); err != nil || !tm.Equal(e.Published) {
			t.Errorf("%s: article:published_time %q", e.Path, mm[1])
		}
	}
	vis := e.Published.In(syria).Format("2006/01/02 3:04")
	if !strings.Contains(page, vis) {
		t.Errorf("%s: visible date %s missing", e.Path, vis)
	}
}

func TestPageVariants(t *testing.T) {
	_, srv := serve(t, Options{})
	noMeta := string(mustGet(t, srv, "/en/culture/2289633/", 200))
	if strings.Contains(noMeta, "article:published_time") || !strings.Contains(noMeta, `"datePublished"`) {
		t.Error("2289633 should carry its times in JSON-LD only")
	}
	page := string(mustGet(t, srv, "/en/syria/2289847/", 200))
	for _, want := range []string{"By using this site, you agree to the", "Urgent:", "Reading:", "TAGGED:</span><a href=",
		`rel="tag">Aleppo</a><a href=`, "Share This Article", "Editors Choice", "Sign in to your account", "onclick=",
		`class="inline-post-wrap block-wrap`, `data-src="` + srv.URL + "/wp-content/uploads/2026/02/aleppo-airport-1024x683.jpg",
		"Published: 2026/02/09 2:15 PM", `<html lang="en-US" dir="ltr">`, `<div class="efoot`, `class="stats-pixel"`} {
		if !strings.Contains(page, want) {
			t.Errorf("en article page lacks %q", want)
		}
	}
	fr := string(mustGet(t, srv, "/fr/economie/31322", 200))
	for _, want := range []string{"Publié: 2026/02/09 1:00 PM", "Mis à jour: 2026/02/09 1:25 PM", `href="/fr/tag/`} {
		if !strings.Contains(fr, want) {
			t.Errorf("fr page lacks %q", want)
		}
	}
	ar := string(mustGet(t, srv, "/economy/syrian-economy/2519276/", 200))
	for _, want := range []string{`<html lang="ar" dir="rtl">`, "دمشق-سانا", "2026/02/09 10:00 ص", `href="/tag/%d8%`, " category-syrian-economy tag-"} {
		if !strings.Contains(ar, want) {
			t.Errorf("ar page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`class="post-2519276 [^"]* tag-\d+ `).MatchString(ar) {
		t.Error("Arabic tags should give term-id classes, as sanitize_html_class leaves nothing of them")
	}
	ku := string(mustGet(t, srv, "/ku/abori/14162/", 200))
	if !strings.Contains(ku, `"datePublished":"2026-02-09T11:55:00+00:00"`) {
		t.Error("ku pages give machine times in +00:00")
	}
}

func TestRedirects(t *testing.T) {
	_, srv := serve(t, Options{})
	for _, tt := range []struct{ from, to string }{
		{"/fr/syrie/31288/", "/fr/syrie/31288"},
		{"/en/syria/2289847", "/en/syria/2289847/"},
		{"/en/politics/2289847/", "/en/syria/2289847/"},
		{"/economy/2519276/", "/economy/syrian-economy/2519276/"},
		{"/fr/economie/31288", "/fr/syrie/31288"},
		{"/en/?p=2289847", "/en/syria/2289847/"},
		{"/?p=2519276", "/economy/syrian-economy/2519276/"},
		{"/fr/?p=31288", "/fr/syrie/31288"},
		{"/en", "/en/"},
		{"/en/page/1/", "/en/"},
		{"/en/economy", "/en/economy/"},
		{"/tr/tag/halep", "/tr/tag/halep/"},
		{"/en/syria/2289847?utm_source=x", "/en/syria/2289847/?utm_source=x"},
	} {
		resp, _ := get(t, srv, tt.from)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != srv.URL+tt.to {
			t.Errorf("%s: %d → %q, want 301 → %s", tt.from, resp.StatusCode, resp.Header.Get("Location"), tt.to)
		}
	}
	for _, p := range []string{"/en/?p=1", "/en/syria/1234/", "/fr/syrie/2289847", "/en/page/x/", "/en/economy/page/0/"} {
		mustGet(t, srv, p, 404)
	}
	mustGet(t, srv, "/en/syria/2289847/?utm_source=x", 200)
}

func TestListings(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, Options{})
	truth := s.Truth()
	en := byLang(truth, "en")
	if got, want := listed(mustGet(t, srv, "/en/page/2/", 200)), entryIDs(en[homeSize:]); !slices.Equal(got, want) {
		t.Errorf("/en/page/2/ lists %v, want %v", got, want)
	}
	mustGet(t, srv, "/en/page/3/", 404)
	if got := listed(mustGet(t, srv, "/page/2/", 200)); !slices.Equal(got, entryIDs(byLang(truth, "ar")[homeSize:])) {
		t.Errorf("/page/2/ lists %v", got)
	}
	sub := listed(mustGet(t, srv, "/economy/syrian-economy/", 200))
	all := listed(mustGet(t, srv, "/economy/", 200))
	if len(sub) == 0 || len(sub) >= len(all) || !slices.Contains(all, sub[0]) {
		t.Errorf("/economy/syrian-economy/ lists %v, /economy/ %v", sub, all)
	}

	// Categories page by ten, subcategories included; Arabic listings
	// stop at page 9 whatever the count, the others go on.
	bs, big := serve(t, Options{Synthetic: 3000})
	var econ []int64
	for _, e := range byLang(bs.Truth(), "ar") {
		if strings.HasPrefix(e.Path, "/economy/") {
			econ = append(econ, e.PostID)
		}
	}
	p1, p2 := listed(mustGet(t, big, "/economy/", 200)), listed(mustGet(t, big, "/economy/page/2/", 200))
	if len(econ) < 100 || !slices.Equal(append(p1, p2...), econ[:2*archiveSize]) {
		t.Errorf("/economy/ pages list %v + %v, want %v", p1, p2, econ[:2*archiveSize])
	}
	if page := string(mustGet(t, big, "/economy/", 200)); !strings.Contains(page, `<link rel="next" href="`+big.URL+`/economy/page/2/">`) {
		t.Error("no rel=next on /economy/")
	}
	for _, tt := range []struct {
		path string
		want int
	}{{"/page/9/", 200}, {"/page/10/", 404}, {"/economy/page/9/", 200}, {"/economy/page/10/", 404}, {"/en/page/10/", 200}} {
		mustGet(t, big, tt.path, tt.want)
	}
	if page := string(mustGet(t, big, "/page/9/", 200)); strings.Contains(page, "rel=\"next\"") {
		t.Error("/page/9/ links to a next page")
	}
}

func TestTags(t *testing.T) {
	s, srv := serve(t, Options{})
	count := map[string]int{}
	for _, e := range s.Truth() {
		for _, tg := range e.Tags {
			count[e.Lang+"/"+tg.Slug]++
		}
	}
	multi := 0
	for key, n := range count {
		lang, slug, _ := strings.Cut(key, "/")
		p := edPath(lang) + "tag/" + slug + "/"
		if got := len(listed(mustGet(t, srv, p, 200))); got != min(n, archiveSize) {
			t.Errorf("%s lists %d articles, want %d", p, got, n)
		}
		if n > 1 {
			multi++
		}
	}
	if multi < 10 {
		t.Errorf("%d tags carry more than one article", multi)
	}
	// Arabic tag links are lower-case percent-encoded, and any encoding is answered.
	page := string(mustGet(t, srv, "/economy/transport/2519377/", 200))
	enc := "/tag/%d8%ad%d9%84%d8%a8/"
	if !strings.Contains(page, `<a href="`+srv.URL+enc+`" rel="tag">حلب</a>`) {
		t.Error("Arabic tag link not percent-encoded as WordPress writes it")
	}
	mustGet(t, srv, "/tag/%D8%AD%D9%84%D8%A8/", 200)
	mustGet(t, srv, enc, 200)
	mustGet(t, srv, "/tag/حلب/page/9/", 404)
	mustGet(t, srv, "/en/tag/no-such-tag/", 404)
}

func TestSitemaps(t *testing.T) {
	s, srv := serve(t, Options{})
	s.Advance()
	truth := s.Truth()
	for _, e := range sanafeed.Editions {
		var index struct {
			Sitemaps []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"sitemap"`
		}
		if err := xml.Unmarshal(mustGet(t, srv, e.Path+"sitemap_index.xml", 200), &index); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		posts := 0
		for _, sm := range index.Sitemaps {
			if _, err := time.Parse(time.RFC3339, sm.LastMod); err != nil {
				t.Errorf("%s: lastmod %q", sm.Loc, sm.LastMod)
			}
			var set struct {
				URLs []struct {
					Loc string `xml:"loc"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(mustGet(t, srv, strings.TrimPrefix(sm.Loc, srv.URL), 200), &set); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(sm.Loc, "/post-sitemap") {
				posts++
				for _, u := range set.URLs {
					seen[strings.TrimPrefix(u.Loc, srv.URL)] = true
				}
			}
		}
		entries := byLang(truth, e.Lang)
		if posts < 2 || len(seen) != len(entries) {
			t.Errorf("%s: %d post sitemaps list %d URLs, want ≥2 listing %d", e.Lang, posts, len(seen), len(entries))
		}
		for _, en := range entries {
			if !seen[en.Path] {
				t.Errorf("%s: %s not in the sitemaps", e.Lang, en.Path)
			}
		}
		mustGet(t, srv, e.Path+"post-sitemap99.xml", 404)
	}
}
