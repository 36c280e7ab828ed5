package fetch

import (
	"encoding/xml"
	"io"
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

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 2, 9, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"30", 30 * time.Second},
		{" 120 ", 2 * time.Minute},
		{"-5", 0},
		{"Mon, 09 Feb 2026 14:05:00 GMT", 5 * time.Minute},
		{"Mon, 09 Feb 2026 13:00:00 GMT", 0},
		{"tomorrow", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
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

// TestRepairLinear checks that hostile shapes do not take quadratic time.
func TestRepairLinear(t *testing.T) {
	n := 200000
	if raceEnabled {
		n = 20000
	}
	inputs := map[string]string{
		"deep nesting":      "<rss>" + strings.Repeat("<a>", n) + strings.Repeat("</b>", n),
		"unclosed items":    "<rss><channel>" + strings.Repeat("<item>", n),
		"many attributes":   "<rss" + strings.Repeat(` a="1"`, n) + ">",
		"many xml decls":    strings.Repeat("<?xml ?>", n),
		"ampersands":        "<rss>" + strings.Repeat("&", n) + "</rss>",
		"lone lt":           "<rss>" + strings.Repeat("< ", n) + "</rss>",
		"end tags mismatch": "<rss>" + strings.Repeat("<a><b></a>", n/3) + "</rss>",
		"junk in tag":       "<rss " + strings.Repeat("\"", n) + ">",
	}
	for name, in := range inputs {
		start := time.Now()
		out, _, _ := repair(in)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: repair took %v", name, d)
		}
		start = time.Now()
		salvage(&document{text: in, kind: kindRSS, root: "<rss>"})
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: salvage took %v", name, d)
		}
		_ = out
	}
}

func TestRepairOutput(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<rss a="1" a="2" b='x"y'><c/></rss>`, `<rss a="1" b="x&quot;y"><c/></rss>`},
		{`<rss><t>A & B &amp; &#233; &#x41; &eacute; &bogus;</t></rss>`, `<rss><t>A &amp; B &amp; &#233; &#65; &#233; &amp;bogus;</t></rss>`},
		{"<rss><t>x\x00y&#1;z</t></rss>", "<rss><t>xyz</t></rss>"},
		{`<rss><a><b></a></rss>`, `<rss><a><b></b></a></rss>`},
		{`<rss><channel><item><title>x</title></item><item><title>y`, `<rss><channel><item><title>x</title></item></channel></rss>`},
		{`<!DOCTYPE rss><rss checked x=1>a > b</rss>junk`, `<rss checked="" x="1">a &gt; b</rss>`},
	}
	for _, tt := range tests {
		got, _, _ := repair(tt.in)
		if got != tt.want {
			t.Errorf("repair(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// FuzzRepair checks that repair's output is well-formed XML, as a strict
// encoding/xml decoder sees it, whatever the input.
func FuzzRepair(f *testing.F) {
	f.Add(`<rss a="1" a="2"><channel><item><title>A & B</title></item></channel></rss>`)
	f.Add("<rss><t>x\x00y&#1;z&nbsp;</t><a><b></a></rss>")
	f.Add(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><feed><entry><title x=1 y>`)
	f.Fuzz(func(t *testing.T, in string) {
		out, _, _ := repair(in)
		d := xml.NewDecoder(strings.NewReader(out))
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("repair(%q) = %q: %v", in, out, err)
			}
		}
	})
}
