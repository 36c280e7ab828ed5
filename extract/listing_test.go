package extract_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed/extract"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

func TestListingPage(t *testing.T) {
	tests := []struct {
		file, url, root string
		urls            []string
		titles          map[string]string
		times           map[string]string
		next            string
	}{
		{"listing-en", "https://sana.sy/en/syria/", "https://sana.sy/en/", []string{
			"https://sana.sy/en/politics/2290200/", // the Urgent ticker comes first in the page
			"https://sana.sy/en/syria/2290113/",
			"https://sana.sy/en/syria/2290100/",
			"https://sana.sy/en/syria/2290090/",
			"https://sana.sy/en/syria/2290080/",
			"https://sana.sy/en/economy/syrian-economy/2290070/",
			"https://sana.sy/en/?p=2290060",
			"https://sana.sy/en/culture/2280000/",
		}, map[string]string{
			"https://sana.sy/en/syria/2290113/":                  "Damascus water authority opens pumping station in Al-Mazzeh",
			"https://sana.sy/en/economy/syrian-economy/2290070/": "Nested category & ampersand",
		}, map[string]string{
			"https://sana.sy/en/syria/2290113/":                  "2026-02-09T16:15:21+03:00",
			"https://sana.sy/en/syria/2290090/":                  "2026-02-09T11:40:00+03:00",
			"https://sana.sy/en/economy/syrian-economy/2290070/": "2026-02-08T22:00:00Z",
			"https://sana.sy/en/syria/2290080/":                  "",
			"https://sana.sy/en/politics/2290200/":               "",
		}, "https://sana.sy/en/syria/page/2/"},
		{"listing-ar", "https://sana.sy/", "https://sana.sy/", []string{
			"https://sana.sy/politics/2519500/",
			"https://sana.sy/economy/syrian-economy/2519402/",
			"https://sana.sy/syria/2519390/",
			"https://sana.sy/culture/2519000/",
		}, map[string]string{
			"https://sana.sy/syria/2519390/": "توزيع مخصصات جديدة من الطحين على مخابز حلب",
		}, map[string]string{
			"https://sana.sy/syria/2519390/": "2026-02-09T12:00:00+03:00", // Eastern Arabic digits
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			l, err := extract.ListingPage(readFile(t, "testdata/"+tt.file+".html"), tt.url, tt.root)
			testkit.Check(t, err)
			var got []string
			byURL := make(map[string]extract.ListItem)
			for _, it := range l.Articles {
				got = append(got, it.URL)
				byURL[it.URL] = it
			}
			if strings.Join(got, "\n") != strings.Join(tt.urls, "\n") {
				t.Errorf("urls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.urls, "\n"))
			}
			for u, title := range tt.titles {
				if byURL[u].Title != title {
					t.Errorf("title of %s = %q, want %q", u, byURL[u].Title, title)
				}
			}
			for u, ts := range tt.times {
				want := time.Time{}
				if ts != "" {
					want = mustTime(ts)
				}
				if !byURL[u].Published.Equal(want) {
					t.Errorf("published of %s = %v, want %v", u, byURL[u].Published, want)
				}
			}
			if l.Next != tt.next {
				t.Errorf("next = %q, want %q", l.Next, tt.next)
			}
			golden(t, "testdata/"+tt.file+".golden.json", l)
		})
	}
}

func TestListingPageBadRoot(t *testing.T) {
	if _, err := extract.ListingPage([]byte("<html></html>"), "https://sana.sy/en/", "/en/"); err == nil {
		t.Error("ListingPage with a relative edition root: no error")
	}
}

func TestListingPageNextForms(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"rel next link", `<link rel="next" href="/en/syria/page/3/">`, "https://sana.sy/en/syria/page/3/"},
		{"a rel next", `<a rel="next" href="page/3/">Older</a>`, "https://sana.sy/en/syria/page/2/page/3/"},
		{"foxiz next", `<div class="pagination-nextprev"><a class="next" href="https://sana.sy/en/syria/page/3/">Next</a></div>`, "https://sana.sy/en/syria/page/3/"},
		{"older posts", `<div class="nav-previous"><a href="https://sana.sy/en/syria/page/3/">Older posts</a></div>`, "https://sana.sy/en/syria/page/3/"},
		{"load more only", `<div class="pagination-loadmore"><a href="#" class="loadmore-trigger next">More</a></div>`, ""},
		{"none", `<p>no pages</p>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := extract.ListingPage([]byte(tt.body), "https://sana.sy/en/syria/page/2/", "https://sana.sy/en/")
			testkit.Check(t, err)
			if l.Next != tt.want {
				t.Errorf("Next = %q, want %q", l.Next, tt.want)
			}
		})
	}
}
