package fetch_test

import (
	"testing"

	"github.com/sanafeed/sanafeed/fetch"
)

// TestDamagedUTF8 checks a feed declared UTF-8 with broken bytes here and
// there is read as damaged UTF-8 (U+FFFD, which the poller refuses to
// store), not as windows-1252 mojibake that nobody could tell from text.
func TestDamagedUTF8(t *testing.T) {
	t.Parallel()
	feed := "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>SANA</title>" +
		"<item><title>Minister\u2019s visit to Aleppo\xc3\x28\xff</title><link>https://sana.sy/en/syria/2289847/</link>" +
		"<guid isPermaLink=\"false\">https://sana.sy/en/?p=2289847</guid><description>Damascus \u2013 SANA\xe2\x82</description></item>" +
		"</channel></rss>"
	f, err := fetch.ParseFeed([]byte(feed), "application/rss+xml; charset=UTF-8", srcEN)
	if err != nil || len(f.Articles) != 1 {
		t.Fatalf("ParseFeed() = %v, %v", f, err)
	}
	if got := f.Articles[0].Title; got != "Minister\u2019s visit to Aleppo\ufffd(\ufffd" {
		t.Errorf("title = %q, want the damage as U+FFFD", got)
	}
}
