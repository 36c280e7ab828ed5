package fetch

import (
	"net/url"
	"testing"
)

// TestHostKey checks that the spellings of one host share one request
// budget: case, a trailing dot, "www." and the scheme's default port are
// folded away.
func TestHostKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ url, want string }{
		{"https://sana.sy/en/feed/", "sana.sy"},
		{"https://www.sana.sy/en/feed/", "sana.sy"},
		{"https://SANA.SY./", "sana.sy"},
		{"https://sana.sy:443/", "sana.sy"},
		{"http://sana.sy:80/", "sana.sy"},
		{"http://sana.sy:443/", "sana.sy:443"},
		{"http://127.0.0.1:8080/en/", "127.0.0.1:8080"},
		{"http://[::1]:80/", "::1"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := hostKey(u); got != tt.want {
			t.Errorf("hostKey(%s) = %q, want %q", tt.url, got, tt.want)
		}
	}
}
