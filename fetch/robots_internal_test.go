package fetch

import (
	"testing"
	"time"
)

func TestRobotsMatch(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
