package websub

import "testing"

func TestCanonicalTopic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://feeds.test/feeds/en.atom", "http://feeds.test/feeds/en.atom"},
		{"http://feeds.test/feeds/%65n.atom", "http://feeds.test/feeds/en.atom"},
		{"HTTP://Feeds.Test:80/feeds/en.atom", "http://feeds.test/feeds/en.atom"},
		{"https://feeds.test:443/feeds/en.atom", "https://feeds.test/feeds/en.atom"},
		{"https://feeds.test:8443/feeds/en.atom", "https://feeds.test:8443/feeds/en.atom"},
		{"http://feeds.test./feeds/en.atom", "http://feeds.test/feeds/en.atom"},
		{"http://feeds.test/feeds/./x/../en.atom", "http://feeds.test/feeds/en.atom"},
		{"http://feeds.test//feeds//en.atom", "http://feeds.test/feeds/en.atom"},
		{"http://feeds.test/feeds/%2e%2e/en.atom", "http://feeds.test/en.atom"},
		{"http://feeds.test/../../feeds/en.atom", "http://feeds.test/feeds/en.atom"},
		{"http://feeds.test/feeds/ar/tags/%d8%a5.atom", "http://feeds.test/feeds/ar/tags/%D8%A5.atom"},
		{"http://feeds.test/feeds/ar/tags/إ.atom", "http://feeds.test/feeds/ar/tags/%D8%A5.atom"},
		{"http://feeds.test/feeds/en/tags/a%2Fb.atom", "http://feeds.test/feeds/en/tags/a%2Fb.atom"},
		{"http://feeds.test/feeds/en.atom?x=%41", "http://feeds.test/feeds/en.atom?x=A"},
		{"http://[::1]:80/feeds/en.atom", "http://[::1]/feeds/en.atom"},
		{"http://feeds.test", "http://feeds.test/"},
		{"http://u@feeds.test/feeds/en.atom", ""},
		{"http://feeds.test/feeds/en.atom#x", ""},
		{"ftp://feeds.test/feeds/en.atom", ""},
		{"/feeds/en.atom", ""},
		{"http:///feeds/en.atom", ""},
		{"mailto:x@feeds.test", ""},
	}
	for _, tt := range tests {
		got, ok := canonicalTopic(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("canonicalTopic(%q) = %q, %t, want %q", tt.in, got, ok, tt.want)
		}
	}
}
