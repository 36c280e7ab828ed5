package sanafeed_test

import (
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/sanafeed/sanafeed"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/hooks/sana", "https://example.org/hooks/sana"},
		{"https://example.org/hooks/sana?token=abc", "https://example.org/hooks/sana?…"},
		{"https://user:pw@example.org:8443/hook?token=abc&x=1#frag", "https://example.org:8443/hook?…"},
		{"https://user@example.org/", "https://example.org/"},
		{"http://127.0.0.1:9999/hook?", "http://127.0.0.1:9999/hook?…"},
		{"http://example.org/a%20b/c", "http://example.org/a%20b/c"},
		{"https://example.org/hook#secret", "https://example.org/hook"},
		{"example.org/hook?token=abc", "example.org/hook?…"},
		{"http://[::1]:80/x?y", "http://[::1]:80/x?…"},
		{"http://user:pw@exa mple.org/?token=abc", "(unparsable URL)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := sanafeed.RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactError(t *testing.T) {
	ue := &url.Error{Op: "Post", URL: "http://user:***@hooks.test/hook?token=s3cret", Err: errors.New("connection refused")}
	got := sanafeed.RedactError(fmt.Errorf("deliver: %w", ue))
	if want := `deliver: Post "http://hooks.test/hook?…": connection refused`; got != want {
		t.Errorf("RedactError = %q, want %q", got, want)
	}
	if got := sanafeed.RedactError(errors.New("plain")); got != "plain" {
		t.Errorf("RedactError(plain) = %q", got)
	}
	if got := sanafeed.RedactError(nil); got != "" {
		t.Errorf("RedactError(nil) = %q", got)
	}
}
