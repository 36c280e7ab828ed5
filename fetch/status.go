package fetch

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// succeeded reports whether r is a 2xx answer, the only kind whose body
// is read.
func succeeded(r *http.Response) bool {
	return r.StatusCode >= 200 && r.StatusCode <= 299
}

// notModified reports whether r answers a conditional GET with "unchanged".
func notModified(r *http.Response) bool {
	return r.StatusCode == http.StatusNotModified
}

// retryAfter returns the delay r's Retry-After header asks for, at now
// (see parseRetryAfter); 0 without one.
func retryAfter(r *http.Response, now time.Time) time.Duration {
	return parseRetryAfter(r.Header.Get("Retry-After"), now)
}

// hostPause returns how long r asks its whole host to be left alone: the
// Retry-After of a 429 (too many requests) or a 503 (unavailable), at now;
// 0 for any other answer.
func hostPause(r *http.Response, now time.Time) time.Duration {
	if r.StatusCode != http.StatusTooManyRequests && r.StatusCode != http.StatusServiceUnavailable {
		return 0
	}
	return retryAfter(r, now)
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
// It returns 0 when v is empty, unreadable or in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(365*24*time.Hour/time.Second) {
			n = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d := t.Sub(now); d > 0 {
		return d.Round(time.Second)
	}
	return 0
}
