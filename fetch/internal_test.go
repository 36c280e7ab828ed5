package fetch

import (
	"strings"
	"testing"
	"time"
)

func TestRobotsMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/anything", true},
		{"/private/", "/private/x", true},
		{"/private/", "/privatex", false},
		{"/*.pdf$", "/a/b.pdf", true},
		{"/*.pdf$", "/a/b.pdf?x", false},
		{"/*.pdf", "/a/b.pdf?x", true},
		{"/a*b*c", "/axxbyyc", true},
		{"/a*b*c", "/axxcyyb", false},
		{"/exact$", "/exact", true},
		{"/exact$", "/exactly", false},
		{"/*/feed/$", "/en/feed/", true},
		{"*", "/x", true},
	}
	for _, tt := range tests {
		if got := robotsMatch(tt.pattern, tt.path); got != tt.want {
			t.Errorf("robotsMatch(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestParseRobots(t *testing.T) {
	const txt = "User-agent: Googlebot\nUser-agent: sanafeed\nDisallow: /tmp/\nCrawl-delay: 7\n\n" +
		"User-agent: *\nDisallow: /\nCrawl-delay: 5\n\nuser-agent: SANAFEED\nallow: /tmp/ok\n" +
		"Disallow: /%d8%b3\nDisallow: /س/\n"
	r := parseRobots([]byte(txt), "sanafeed")
	if !r.hasDelay || r.delay != 7*time.Second {
		t.Errorf("delay = %v %v, want 7s from our group", r.delay, r.hasDelay)
	}
	for path, want := range map[string]bool{
		"/":             true, // * does not apply: we have groups of our own
		"/tmp/x":        false,
		"/tmp/ok":       true,
		"/%D8%B3/":      false,
		"/%D8%B3%D8%A7": false,
	} {
		if got := r.allowed(path); got != want {
			t.Errorf("allowed(%q) = %v, want %v", path, got, want)
		}
	}
	other := parseRobots([]byte(txt), "otherbot")
	if other.allowed("/x") || other.delay != 5*time.Second {
		t.Errorf("otherbot: allowed(/x) = true or delay %v; want the * group", other.delay)
	}
}

func TestHostKey(t *testing.T) {
	c := &Client{}
	d := 3 * time.Second
	c.CrawlDelay = &d
	for _, h := range []string{"sana.sy", "www.sana.sy", "SANA.SY.", "https://www.sana.sy/en/feed/", "https://sana.sy:443/"} {
		if got := foldHost(h, ""); !strings.Contains(h, "://") && got != "sana.sy" {
			t.Errorf("foldHost(%q) = %q, want sana.sy", h, got)
		}
		if got := c.HostDelay(h); got != d {
			t.Errorf("HostDelay(%q) = %v", h, got)
		}
	}
	if n := len(c.hosts); n != 1 {
		t.Errorf("hosts = %d, want the variants folded into one", n)
	}
}

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
