package fetch

import (
	"net/http"
	"testing"
	"time"
)

// response returns a hand-built response with status code and the header
// given as name, value pairs.
func response(code int, header ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return &http.Response{StatusCode: code, Header: h}
}

func TestStatusPredicates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 2, 9, 14, 0, 0, 0, time.UTC)
	date := now.Add(90 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name                   string
		r                      *http.Response
		succeeded, notModified bool
		retryAfter, hostPause  time.Duration
	}{
		{"ok", response(200), true, false, 0, 0},
		{"no content", response(204), true, false, 0, 0},
		{"last 2xx", response(299), true, false, 0, 0},
		{"informational", response(199), false, false, 0, 0},
		{"redirect", response(301, "Location", "/en/"), false, false, 0, 0},
		{"not modified", response(304, "ETag", `"v1"`), false, true, 0, 0},
		{"not found", response(404), false, false, 0, 0},
		{"not found, retry after", response(404, "Retry-After", "120"), false, false, 2 * time.Minute, 0},
		{"too many, seconds", response(429, "Retry-After", "120"), false, false, 2 * time.Minute, 2 * time.Minute},
		{"too many, junk", response(429, "Retry-After", "soon"), false, false, 0, 0},
		{"unavailable, date", response(503, "Retry-After", date), false, false, 90 * time.Second, 90 * time.Second},
		{"unavailable, none", response(503), false, false, 0, 0},
		{"server error, retry after", response(500, "Retry-After", "60"), false, false, time.Minute, 0},
	}
	for _, tt := range tests {
		if got := succeeded(tt.r); got != tt.succeeded {
			t.Errorf("%s: succeeded() = %v, want %v", tt.name, got, tt.succeeded)
		}
		if got := notModified(tt.r); got != tt.notModified {
			t.Errorf("%s: notModified() = %v, want %v", tt.name, got, tt.notModified)
		}
		if got := retryAfter(tt.r, now); got != tt.retryAfter {
			t.Errorf("%s: retryAfter() = %v, want %v", tt.name, got, tt.retryAfter)
		}
		if got := hostPause(tt.r, now); got != tt.hostPause {
			t.Errorf("%s: hostPause() = %v, want %v", tt.name, got, tt.hostPause)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
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
		{"99999999999", 365 * 24 * time.Hour},
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
