package fetch_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanafeed/sanafeed/fetch"
)

// TestDamagedUTF8 checks a feed declared UTF-8 with broken bytes here and
// there is read as damaged UTF-8 (U+FFFD, which the poller refuses to
// store), not as windows-1252 mojibake that nobody could tell from text.
func TestDamagedUTF8(t *testing.T) {
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

func TestDecodeHTML(t *testing.T) {
	const title = "استئناف الرحلات في مطار حلب"
	enc := func(s string) []byte {
		b, err := charmap.Windows1256.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	page := func(meta string) []byte {
		return enc("<!DOCTYPE html><html><head>" + meta + "<title>" + title + "</title></head><body></body></html>")
	}
	tests := []struct {
		name, ctype, lang string
		body              []byte
	}{
		{"header", "text/html; charset=windows-1256", "", page("")},
		{"meta charset", "text/html", "", page(`<meta charset="windows-1256">`)},
		{"meta http-equiv", "text/html", "", page(`<meta http-equiv="Content-Type" content="text/html; charset=Windows-1256">`)},
		{"undeclared, Arabic edition", "text/html", "ar", page("")},
		{"utf-8 as it is", "text/html; charset=windows-1256", "", []byte("<title>" + title + "</title>")},
	}
	for _, tt := range tests {
		got := string(fetch.DecodeHTML(tt.body, tt.ctype, tt.lang))
		if !strings.Contains(got, "<title>"+title+"</title>") {
			t.Errorf("%s: DecodeHTML() = %q", tt.name, got)
		}
	}
}
