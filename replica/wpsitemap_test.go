package replica

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestSecondThemeSitemaps(t *testing.T) {
	t.Parallel()
	s, srv := serve2(t, Options{Synthetic: 40})
	robots := string(mustGet(t, srv, "/robots.txt", 200))
	if strings.Contains(robots, "Sitemap") || !strings.HasPrefix(robots, "User-agent: *\n") {
		t.Errorf("robots.txt:\n%s", robots)
	}
	truth := s.Truth()
	for _, e := range sanafeed.Editions {
		var index struct {
			Locs []string `xml:"sitemap>loc"`
		}
		if err := xml.Unmarshal(mustGet(t, srv, e.Path+"wp-sitemap.xml", 200), &index); err != nil {
			t.Fatal(err)
		}
		listed := map[string]string{}
		posts := 0
		for _, loc := range index.Locs {
			if !strings.HasPrefix(loc, srv.URL+e.Path+"wp-sitemap-") || strings.Count(strings.TrimPrefix(loc, srv.URL+e.Path), "/") != 0 {
				t.Errorf("%s: sitemap %s is not the edition's", e.Lang, loc)
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
			if !strings.Contains(loc, "/wp-sitemap-posts-post-") {
				continue
			}
			posts++
			for _, u := range set.URLs {
				listed[strings.TrimPrefix(u.Loc, srv.URL)] = u.LastMod
			}
		}
		entries := byLang(truth, e.Lang)
		if posts < 2 || len(listed) != len(entries) {
			t.Errorf("%s: %d post sitemaps list %d URLs, want ≥2 listing %d", e.Lang, posts, len(listed), len(entries))
		}
		for _, en := range entries {
			mod, err := time.Parse(time.RFC3339, listed[en.Path])
			if err != nil || !mod.Equal(en.Modified) {
				t.Errorf("%s: lastmod %q, want %v", en.Path, listed[en.Path], en.Modified)
			}
		}
		for _, p := range []string{"sitemap_index.xml", "post-sitemap1.xml", "wp-sitemap-posts-post-99.xml"} {
			mustGet(t, srv, e.Path+p, 404)
		}
	}
}
