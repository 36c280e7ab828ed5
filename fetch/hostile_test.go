package fetch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed/fetch"
)

// TestParseFeedHostile feeds ParseFeed shapes meant to make it slow.
func TestParseFeedHostile(t *testing.T) {
	n := 1 << 20
	if fetch.RaceEnabled {
		n = 64 << 10
	}
	item := `<item><title>x</title><link>https://sana.sy/en/a/1/</link></item>`
	inputs := map[string]string{
		"many items":          "<rss><channel>" + strings.Repeat(item, n/len(item)) + "</channel></rss>",
		"many items chanel":   "<rss><chanel>" + strings.Repeat(item, n/len(item)) + "</chanel></rss>",
		"many broken items":   "<rss><chanel>" + strings.Repeat(`<item><title a="1" a="1">x</title>`+"\x01", n/40) + "</chanel></rss>",
		"deep":                "<rss>" + strings.Repeat("<a>", n/3),
		"amps":                "<rss><channel><title>" + strings.Repeat("&", n) + "</title></channel></rss>",
		"cdata":               "<rss><channel><item><description><![CDATA[" + strings.Repeat("x", n),
		"attrs":               "<rss" + strings.Repeat(` a="1"`, n/6) + "><channel/></rss>",
		"items no close":      "<rss><channel>" + strings.Repeat("<item>", n/6) + "</channel></rss>",
		"entry no close atom": "<feed>" + strings.Repeat("<entry><title>", n/14) + "</feed>",
		"big content":         "<rss><channel><item><title>t</title><link>https://sana.sy/en/a/1/</link><description>" + strings.Repeat("&lt;p&gt;word ", n/14) + "</description></item></channel></rss>",
	}
	for name, in := range inputs {
		start := time.Now()
		fetch.ParseFeed([]byte(in), "", srcEN)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: ParseFeed took %v for %d bytes", name, d, len(in))
		}
	}
}
