package fetch_test

import (
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed/fetch"
)

// TestFeedBidiControlsStripped checks that a feed item's title, author
// and category names carry no bidi embedding, override or isolate
// controls (U+202A–U+202E, U+2066–U+2069).
func TestFeedBidiControlsStripped(t *testing.T) {
	t.Parallel()
	feed := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<channel><title>SANA</title><item><title>Minister ` + "\u202e" + `receives` + "\u202c" + ` envoy</title>` +
		`<link>https://sana.sy/en/syria/2289847/</link><guid>https://sana.sy/en/?p=2289847</guid>` +
		`<dc:creator>` + "\u2067" + `SANA` + "\u2069" + `</dc:creator>` +
		`<category>` + "\u202d" + `Damascus` + "\u202c" + `</category><category>&#x202E;Syria&#x202C;</category></item></channel></rss>`
	f, err := fetch.ParseFeed([]byte(feed), "application/rss+xml", srcEN)
	if err != nil || len(f.Articles) != 1 {
		t.Fatalf("ParseFeed() = %+v, %v; want one article", f, err)
	}
	a := f.Articles[0]
	got := []string{a.Title, a.Author}
	for _, tg := range append(a.Categories, a.Tags...) {
		got = append(got, tg.Name)
	}
	want := []string{"Minister receives envoy", "SANA", "Syria", "Damascus"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("title, author, categories, tags = %q, want %q", got, want)
	}
}
