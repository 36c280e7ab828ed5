package fetch

import (
	"strings"
	"testing"
)

// TestSalvageHostile salvages hostile shapes item by item: it gives up
// after maxSalvage item chunks, which bounds its work, and keeps only what
// parses.
func TestSalvageHostile(t *testing.T) {
	t.Parallel()
	n := 20000
	item := `<item><title>x</title><link>https://sana.sy/en/a/1/</link></item>`
	inputs := map[string]struct {
		text      string
		wantItems int
	}{
		"unclosed items":  {"<rss><channel>" + strings.Repeat("<item>", n), 0},
		"items no close":  {"<rss><channel>" + strings.Repeat("<item>", n) + "</channel></rss>", 0},
		"broken items":    {"<rss><chanel>" + strings.Repeat(`<item><title a="1" a="1">x</title>`+"\x01", n) + "</chanel></rss>", 0},
		"many items":      {"<rss><chanel>" + strings.Repeat(item, n) + "</chanel></rss>", maxSalvage},
		"deep nesting":    {"<rss>" + strings.Repeat("<a>", n) + strings.Repeat("</b>", n), 0},
		"many attributes": {"<rss" + strings.Repeat(` a="1"`, n) + ">", 0},
	}
	for name, in := range inputs {
		items, _, skipped := salvage(&document{text: in.text, kind: kindRSS, root: "<rss>"})
		if len(items) != in.wantItems || len(items)+skipped > maxSalvage {
			t.Errorf("%s: salvaged %d items, gave up on %d; want %d, and at most %d chunks tried",
				name, len(items), skipped, in.wantItems, maxSalvage)
		}
	}
}
