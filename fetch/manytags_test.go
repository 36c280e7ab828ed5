package fetch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/fetch"
)

// TestFeedItemTagsBounded checks that a feed item with 20,000 <category>
// elements keeps the first sanafeed.MaxTags tags and categories.
func TestFeedItemTagsBounded(t *testing.T) {
	t.Parallel()
	var cats strings.Builder
	cats.WriteString("<category>Syria</category>") // the permalink's category segment
	for i := range 20000 {
		fmt.Fprintf(&cats, "<category>Tag %d</category>", i)
	}
	feed := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>SANA</title>` +
		`<item><title>A story</title><link>https://sana.sy/en/syria/2289847/</link>` +
		`<guid>https://sana.sy/en/?p=2289847</guid>` + cats.String() + `</item></channel></rss>`
	f, err := fetch.ParseFeed([]byte(feed), "application/rss+xml", srcEN)
	if err != nil || len(f.Articles) != 1 {
		t.Fatalf("ParseFeed() = %+v, %v; want one article", f, err)
	}
	a := f.Articles[0]
	if len(a.Tags) != sanafeed.MaxTags || a.Tags[0].Slug != "tag-0" || a.Tags[sanafeed.MaxTags-1].Slug != "tag-99" {
		t.Errorf("%d tags, from %v; want the first %d", len(a.Tags), a.Tags[:min(2, len(a.Tags))], sanafeed.MaxTags)
	}
	if len(a.Categories) != 1 || a.Categories[0].Slug != "syria" {
		t.Errorf("categories = %v, want [syria]", a.Categories)
	}
}
