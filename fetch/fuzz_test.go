package fetch_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed/fetch"
)

func FuzzParseFeed(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "application/rss+xml")
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := fetch.ParseFeed(body, contentType, srcEN)
		if err != nil {
			if feed != nil {
				t.Errorf("ParseFeed() = %+v and %v", feed, err)
			}
			if !errors.Is(err, fetch.ErrNotAFeed) && !errors.Is(err, fetch.ErrMalformed) {
				t.Errorf("ParseFeed() err = %v, want ErrNotAFeed or ErrMalformed", err)
			}
			return
		}
		for _, a := range feed.Articles {
			if err := a.Validate(); err != nil {
				t.Errorf("article invalid: %v", err)
			}
			if n := utf8.RuneCountInString(a.Summary); n > 300 {
				t.Errorf("summary has %d runes", n)
			}
			if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Content) {
				t.Errorf("invalid UTF-8 in %q", a.Title)
			}
		}
	})
}

// tenItems is a WordPress-style feed of ten items.
func tenItems() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Syrian Arab News Agency</title><link>https://sana.sy/en</link>`)
	for i := range 10 {
		fmt.Fprintf(&b, `<item><title>Story number %d about Damascus&#8217;s economy</title>
<link>https://sana.sy/en/economy/%d/</link><dc:creator><![CDATA[SANA]]></dc:creator>
<pubDate>Mon, 09 Feb 2026 %02d:15:00 +0000</pubDate>
<category><![CDATA[Economy]]></category><category><![CDATA[Damascus]]></category><category><![CDATA[Trade]]></category>
<guid isPermaLink="false">https://sana.sy/en/?p=%d</guid>
<description><![CDATA[<p>Damascus, SANA &#8211; %s [&#8230;]</p>]]></description>
<content:encoded><![CDATA[%s<p>R.B</p>]]></content:encoded></item>
`, i, 2400000+i, i, 2400000+i, strings.Repeat("The minister said trade grew. ", 8),
			strings.Repeat("<p>DAMASCUS, Feb. 9 (SANA) &#8211; The minister said trade with neighbouring countries grew.</p>\n", 12))
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func BenchmarkParseFeed(b *testing.B) {
	body := tenItems()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		f, err := fetch.ParseFeed(body, "application/rss+xml; charset=UTF-8", srcEN)
		if err != nil || len(f.Articles) != 10 {
			b.Fatalf("ParseFeed() = %v, %v", f, err)
		}
	}
}

func BenchmarkParseFeedRepaired(b *testing.B) {
	body := []byte(strings.Replace(string(tenItems()), `<guid isPermaLink="false">`, `<guid isPermaLink="false" isPermaLink="false">`, -1))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		f, err := fetch.ParseFeed(body, "application/rss+xml; charset=UTF-8", srcEN)
		if err != nil || len(f.Articles) != 10 || !f.Repaired {
			b.Fatalf("ParseFeed() = %v, %v", f, err)
		}
	}
}
