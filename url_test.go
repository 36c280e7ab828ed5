package sanafeed_test

import (
	"errors"
	"testing"

	"github.com/sanafeed/sanafeed"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://sana.sy/en/syria/2289847/", "https://sana.sy/en/syria/2289847/"},
		{"https://www.sana.sy/en/syria/2289847", "https://sana.sy/en/syria/2289847/"},
		{"https://SANA.SY./en/syria/2289847/?utm_source=x#top", "https://sana.sy/en/syria/2289847/"},
		{"https://sana.sy/en/?p=2289847&utm_medium=rss", "https://sana.sy/en/?p=2289847"},
		{"https://sana.sy:443/fr/syrie/31234", "https://sana.sy/fr/syrie/31234/"},
		{"http://127.0.0.1:8123/en/syria/5/", "http://127.0.0.1:8123/en/syria/5/"},
		{"https://sana.sy/economy//syrian-economy/2519276", "https://sana.sy/economy/syrian-economy/2519276/"},
	}
	for _, tt := range tests {
		got, err := sanafeed.CanonicalURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "/en/syria/1/", "ftp://sana.sy/x", "javascript:alert(1)"} {
		if _, err := sanafeed.CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q): no error", bad)
		}
	}
}

func TestPostID(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"https://sana.sy/en/syria/2289847/", 2289847},
		{"https://sana.sy/en/?p=2289847", 2289847},
		{"http://sana.sy/fr/syrie/31234", 31234},
		{"https://sana.sy/economy/syrian-economy/2519276/", 2519276},
		{"https://sana.sy/en/syria/page/2/", 0},
		{"https://sana.sy/en/tag/2025/", 0},
		{"https://sana.sy/en/syria/", 0},
		{"https://sana.sy/en/?p=abc", 0},
		{"https://sana.sy/en/", 0},
	}
	for _, tt := range tests {
		got, err := sanafeed.PostID(tt.in)
		if got != tt.want {
			t.Errorf("PostID(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		if tt.want == 0 && !errors.Is(err, sanafeed.ErrNoPostID) {
			t.Errorf("PostID(%q) err = %v, want ErrNoPostID", tt.in, err)
		}
	}
}

func TestInEdition(t *testing.T) {
	tests := []struct {
		root, u string
		want    bool
	}{
		{"https://sana.sy/", "https://sana.sy/economy/syrian-economy/2519276/", true},
		{"https://sana.sy/", "https://sana.sy/en/syria/2289847/", false},
		{"https://sana.sy/", "http://www.sana.sy/politics/2519000/", true},
		{"https://sana.sy/en/", "https://sana.sy/en/syria/2289847/", true},
		{"https://sana.sy/en/", "https://sana.sy/fr/syrie/31234", false},
		{"https://sana.sy/en/", "https://example.org/en/syria/1/", false},
		{"http://127.0.0.1:9/", "http://127.0.0.1:9/tr/x/1/", false},
		{"http://127.0.0.1:9/mirror/", "http://127.0.0.1:9/mirror/en/x/1/", true},
	}
	for _, tt := range tests {
		if got := sanafeed.InEdition(tt.root, tt.u); got != tt.want {
			t.Errorf("InEdition(%q, %q) = %v, want %v", tt.root, tt.u, got, tt.want)
		}
	}
}

func TestMergeKeepsPageContent(t *testing.T) {
	page := sanafeed.Article{Lang: "en", PostID: 1, URL: "u", Title: "T", Content: "<p>full</p>", From: sanafeed.FromPage,
		Tags: []sanafeed.Tag{{Slug: "damascus", Name: "Damascus"}}}
	feed := sanafeed.Article{Lang: "en", PostID: 1, URL: "u", Title: "T", Content: "<p>excerpt</p>", From: sanafeed.FromFeed,
		Tags: []sanafeed.Tag{{Slug: "syria", Name: "Syria"}}, GUID: "https://sana.sy/en/?p=1"}
	a := page
	if a.Merge(feed) {
		t.Errorf("Merge(feed after page) reported a change")
	}
	if a.Content != "<p>full</p>" || a.Tags[0].Slug != "damascus" || a.GUID != feed.GUID {
		t.Errorf("Merge(feed after page) = %+v", a)
	}
	edited := page
	edited.Title = "T2"
	if !a.Merge(edited) || a.Title != "T2" {
		t.Errorf("Merge(edited page) did not take the new title: %+v", a)
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Damascus":               "damascus",
		"Ahmad Al-Sharaa":        "ahmad-al-sharaa",
		"Économie syrienne":      "economie-syrienne",
		"Şam Uluslararası Fuarı": "sam-uluslararasi-fuari",
		"دمشق الدولي":            "دمشق-الدولي",
		"  --Foo!!bar  ":         "foo-bar",
	}
	for in, want := range tests {
		if got := sanafeed.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHTTPURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://sana.sy/p.jpg":      "https://sana.sy/p.jpg",
		" http://sana.sy/p.jpg ":     "http://sana.sy/p.jpg",
		"HTTPS://sana.sy/p.jpg":      "HTTPS://sana.sy/p.jpg",
		"javascript:alert(1)":        "",
		"JavaScript:alert(1)":        "",
		"data:image/png;base64,AAAA": "",
		"/wp-content/p.jpg":          "",
		"//sana.sy/p.jpg":            "",
		"https:///p.jpg":             "",
		"ftp://sana.sy/p.jpg":        "",
		"https://sana.sy/\x00.jpg":   "",
		"":                           "",
	} {
		if got := sanafeed.HTTPURL(in); got != want {
			t.Errorf("HTTPURL(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tt := range []struct{ base, ref, want string }{
		{"https://sana.sy/en/syria/1/", "/en/p.jpg", "https://sana.sy/en/p.jpg"},
		{"https://sana.sy/en/syria/1/", "//cdn.sana.sy/p.jpg", "https://cdn.sana.sy/p.jpg"},
		{"https://sana.sy/en/syria/1/", "javascript:alert(1)", ""},
		{"", "/en/p.jpg", ""},
		{"javascript:x", "/en/p.jpg", ""},
	} {
		if got := sanafeed.ResolveHTTPURL(tt.base, tt.ref); got != tt.want {
			t.Errorf("ResolveHTTPURL(%q, %q) = %q, want %q", tt.base, tt.ref, got, tt.want)
		}
	}
}
