package fetch_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed/fetch"
)

// TestParseFeedHostile feeds ParseFeed shapes meant to make it slow or
// deep and checks what it made of each: all the items of a big feed; at
// most 2000 salvaged from a feed that needs salvage; a cut-off or broken
// item dropped; the rest repaired or refused as malformed, never another
// error. (BenchmarkRepairHostile in xmlrepair measures the repairer's
// speed on such shapes.)
func TestParseFeedHostile(t *testing.T) {
	t.Parallel()
	n := 256 << 10
	if fetch.RaceEnabled {
		n = 64 << 10
	}
	item := `<item><title>x</title><link>https://sana.sy/en/a/1/</link></item>`
	items := n / len(item)
	tests := []struct {
		name         string
		in           string
		wantArticles int
		wantRepaired bool
		wantErr      error
	}{
		{"many items", "<rss><channel>" + strings.Repeat(item, items) + "</channel></rss>", items, false, nil},
		{"many items chanel", "<rss><chanel>" + strings.Repeat(item, items) + "</chanel></rss>", min(items, 2000), true, nil},
		{"many broken items", "<rss><chanel>" + strings.Repeat(`<item><title a="1" a="1">x</title>`+"\x01", n/40) + "</chanel></rss>", 0, false, fetch.ErrMalformed},
		{"deep", "<rss>" + strings.Repeat("<a>", n/3), 0, true, nil},
		{"amps", "<rss><channel><title>" + strings.Repeat("&", n) + "</title></channel></rss>", 0, true, nil},
		{"cdata", "<rss><channel><item><description><![CDATA[" + strings.Repeat("x", n), 0, false, fetch.ErrMalformed},
		{"attrs", "<rss" + strings.Repeat(` a="1"`, n/6) + "><channel/></rss>", 0, true, nil},
		{"items no close", "<rss><channel>" + strings.Repeat("<item>", n/6) + "</channel></rss>", 0, true, nil},
		{"entry no close atom", "<feed>" + strings.Repeat("<entry><title>", n/14) + "</feed>", 0, true, nil},
		{"big content", "<rss><channel><item><title>t</title><link>https://sana.sy/en/a/1/</link><description>" + strings.Repeat("&lt;p&gt;word ", n/14) + "</description></item></channel></rss>", 1, false, nil},
	}
	for _, tt := range tests {
		f, err := fetch.ParseFeed([]byte(tt.in), "", srcEN)
		if tt.wantErr != nil || err != nil {
			if !errors.Is(err, tt.wantErr) || f != nil {
				t.Errorf("%s: ParseFeed() = %v, %v; want error %v", tt.name, f, err, tt.wantErr)
			}
			continue
		}
		if len(f.Articles) != tt.wantArticles || f.Repaired != tt.wantRepaired {
			t.Errorf("%s: %d articles, repaired %v; want %d, %v", tt.name, len(f.Articles), f.Repaired, tt.wantArticles, tt.wantRepaired)
		}
		for _, a := range f.Articles {
			if n := utf8.RuneCountInString(a.Summary); n > 300 {
				t.Errorf("%s: summary of %d runes", tt.name, n)
			}
		}
	}
}
