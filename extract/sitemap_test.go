package extract_test

import (
	"slices"
	"testing"

	"github.com/sanafeed/sanafeed/extract"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

func TestSitemapIndex(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="//sana.sy/en/main-sitemap.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
	<sitemap><loc>https://sana.sy/en/post-sitemap.xml</loc><lastmod>2026-02-09T17:32:10+00:00</lastmod></sitemap>
	<sitemap><loc> https://sana.sy/en/post-sitemap2.xml </loc><lastmod>2026-02-10</lastmod></sitemap>
	<sitemap><loc>https://sana.sy/en/category-sitemap.xml</loc></sitemap>
	<sitemap><lastmod>2026-02-10</lastmod></sitemap>
</sitemapindex>`
	doc, err := extract.Sitemap([]byte(body))
	testkit.Check(t, err)
	if len(doc.URLs) != 0 || len(doc.Sitemaps) != 3 {
		t.Fatalf("got %d sitemaps %d urls, want 3 and 0", len(doc.Sitemaps), len(doc.URLs))
	}
	s := doc.Sitemaps
	if s[1].Loc != "https://sana.sy/en/post-sitemap2.xml" || !s[0].LastMod.Equal(mustTime("2026-02-09T17:32:10Z")) ||
		!s[1].LastMod.Equal(mustTime("2026-02-10T00:00:00+03:00")) || !s[2].LastMod.IsZero() {
		t.Errorf("sitemaps = %+v", s)
	}
}

func TestSitemapURLSet(t *testing.T) {
	body := "\xef\xbb\xbf" + `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
	xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
	<url><loc>https://sana.sy/en/syria/2290113/</loc><lastmod>2026-02-09T20:32:10+03:00</lastmod>
		<image:image><image:loc>https://sana.sy/en/wp-content/uploads/2026/02/a.jpg</image:loc></image:image></url>
	<url><loc>https://sana.sy/economy/syrian-economy/2519402/</loc><lastmod>2026-02-09T14:05:00.000Z</lastmod></url>
	<url><loc>https://sana.sy/en/politics/2290200/</loc>
		<news:news><news:publication_date>2026-02-09T18:00:00+03:00</news:publication_date></news:news></url>
	<url><loc>https://sana.sy/en/syria/2290100/?a=1&amp;b=2</loc><lastmod>not a date</lastmod></url>
</urlset>`
	doc, err := extract.Sitemap([]byte(body))
	testkit.Check(t, err)
	want := []struct{ loc, mod string }{
		{"https://sana.sy/en/syria/2290113/", "2026-02-09T20:32:10+03:00"},
		{"https://sana.sy/economy/syrian-economy/2519402/", "2026-02-09T14:05:00Z"},
		{"https://sana.sy/en/politics/2290200/", "2026-02-09T18:00:00+03:00"},
		{"https://sana.sy/en/syria/2290100/?a=1&b=2", ""},
	}
	if len(doc.URLs) != len(want) || len(doc.Sitemaps) != 0 {
		t.Fatalf("got %+v", doc)
	}
	for i, w := range want {
		u := doc.URLs[i]
		if u.Loc != w.loc || (w.mod == "" && !u.LastMod.IsZero()) || (w.mod != "" && !u.LastMod.Equal(mustTime(w.mod))) {
			t.Errorf("url %d = %+v, want %s %s", i, u, w.loc, w.mod)
		}
	}
}

func TestSitemapNotSitemap(t *testing.T) {
	for _, body := range []string{"", "<html><body>x</body></html>", "<rss><channel></channel></rss>", "\x00\x01"} {
		if _, err := extract.Sitemap([]byte(body)); err == nil {
			t.Errorf("Sitemap(%q): no error", body)
		}
	}
}

func TestRobotsSitemaps(t *testing.T) {
	body := []byte("User-agent: *\nCrawl-delay: 5\nSitemap: https://sana.sy/sitemap_index.xml\n" +
		"sitemap:https://sana.sy/en/sitemap_index.xml # English\nSITEMAP: https://sana.sy/sitemap_index.xml\nDisallow: /wp-admin/\n")
	got := extract.RobotsSitemaps(body)
	want := []string{"https://sana.sy/sitemap_index.xml", "https://sana.sy/en/sitemap_index.xml"}
	if !slices.Equal(got, want) {
		t.Errorf("RobotsSitemaps = %q, want %q", got, want)
	}
}

func TestIsPostSitemap(t *testing.T) {
	for loc, want := range map[string]bool{
		"https://sana.sy/post-sitemap3.xml":                       true,
		"https://sana.sy/en/wp-sitemap-posts-post-2.xml":          true,
		"https://sana.sy/en/news-sitemap.xml":                     true,
		"https://sana.sy/category-sitemap.xml":                    false,
		"https://sana.sy/post_tag-sitemap.xml":                    false,
		"https://sana.sy/en/wp-sitemap-taxonomies-category-1.xml": false,
		"https://sana.sy/en/wp-sitemap-posts-page-1.xml":          false,
		"https://sana.sy/en/wp-sitemap-users-1.xml":               false,
		"https://sana.sy/page-sitemap.xml":                        false,
		"https://sana.sy/author-sitemap.xml":                      false,
	} {
		if got := extract.IsPostSitemap(loc); got != want {
			t.Errorf("IsPostSitemap(%q) = %v, want %v", loc, got, want)
		}
	}
}
