package fetch_test

import (
	"testing"

	"github.com/sanafeed/sanafeed/fetch"
)

// TestFeedImageURLs checks that an item's image is an absolute http or
// https URL, a relative one resolved against the item's link, and that
// javascript:, data: and other schemes are never taken, wherever in the
// item they are (media:content, media:thumbnail, an enclosure, an <img>
// of the content).
func TestFeedImageURLs(t *testing.T) {
	t.Parallel()
	const good = "https://sana.sy/en/wp-content/uploads/2026/02/p.jpg"
	tests := []struct {
		name, extra, want string
	}{
		{"media:content javascript", `<media:content url="javascript:alert(1)" medium="image"/>`, ""},
		{"media:content data", `<media:content url="data:image/svg+xml;base64,PHN2Zz4=" medium="image"/>`, ""},
		{"enclosure javascript", `<enclosure url="javascript:alert(1)" type="image/jpeg" length="1"/>`, ""},
		{"enclosure data", `<enclosure url="data:image/png;base64,AAAA" type="image/png" length="1"/>`, ""},
		{"thumbnail vbscript", `<media:thumbnail url="vbscript:msgbox(1)"/>`, ""},
		{"content img javascript", `<content:encoded><![CDATA[<p>x</p><img src="javascript:alert(1)">]]></content:encoded>`, ""},
		{"content img data", `<content:encoded><![CDATA[<img src="data:image/gif;base64,R0lGOD">]]></content:encoded>`, ""},
		{"bad then good", `<media:content url="javascript:alert(1)" medium="image"/><media:thumbnail url="` + good + `"/>`, good},
		{"good", `<media:content url="` + good + `" medium="image"/>`, good},
		{"relative", `<enclosure url="/en/wp-content/uploads/2026/02/p.jpg" type="image/jpeg" length="1"/>`, good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" ` +
				`xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>SANA</title>` +
				`<item><title>A story</title><link>https://sana.sy/en/syria/2289847/</link>` +
				`<guid>https://sana.sy/en/?p=2289847</guid><description>An excerpt.</description>` + tt.extra +
				`</item></channel></rss>`
			f, err := fetch.ParseFeed([]byte(feed), "application/rss+xml", srcEN)
			if err != nil || len(f.Articles) != 1 {
				t.Fatalf("ParseFeed() = %+v, %v; want one article", f, err)
			}
			if got := f.Articles[0].Image; got != tt.want {
				t.Errorf("Image = %q, want %q", got, tt.want)
			}
		})
	}
}
