package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestRequestHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		st       sanafeed.FetchState
		etag, lm string
	}{
		{"first fetch", sanafeed.FetchState{}, "", ""},
		{"etag", sanafeed.FetchState{ETag: `"v1"`}, `"v1"`, ""},
		{"both", sanafeed.FetchState{ETag: `W/"v2"`, LastModified: "Mon, 09 Feb 2026 13:20:11 GMT"}, `W/"v2"`, "Mon, 09 Feb 2026 13:20:11 GMT"},
	}
	for _, tt := range tests {
		h := requestHeader(tt.st)
		if h.Get("If-None-Match") != tt.etag || h.Get("If-Modified-Since") != tt.lm {
			t.Errorf("%s: If-None-Match %q, If-Modified-Since %q; want %q, %q", tt.name,
				h.Get("If-None-Match"), h.Get("If-Modified-Since"), tt.etag, tt.lm)
		}
		if h.Get("Accept-Encoding") != "gzip" || !strings.Contains(h.Get("Accept"), "application/rss+xml") {
			t.Errorf("%s: Accept-Encoding %q, Accept %q", tt.name, h.Get("Accept-Encoding"), h.Get("Accept"))
		}
	}
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	const u = "https://sana.sy/en/feed/"
	now := time.Date(2026, 2, 9, 14, 0, 0, 0, time.UTC)
	paused := &PausedError{Host: "sana.sy", Until: now.Add(time.Hour)}
	netErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name    string
		r       *http.Response
		err     error
		wantIs  error  // what errors.Is must find; nil for success
		wantMsg string // what the message says
		status  *StatusError
	}{
		{"ok", response(200), nil, nil, "", nil},
		{"not modified", response(304), nil, sanafeed.ErrNotModified, "not modified", nil},
		{"not found", response(404), nil, nil, "fetch " + u + ": 404 Not Found", &StatusError{URL: u, Code: 404}},
		{"unavailable", response(503, "Retry-After", "120"), nil, nil, "503 Service Unavailable (retry after 2m0s)", &StatusError{URL: u, Code: 503, RetryAfter: 2 * time.Minute}},
		{"redirect refused", response(302), errors.New("stopped after 5 redirects"), nil, "fetch " + u + ": stopped after 5 redirects", nil},
		{"timeout", nil, context.DeadlineExceeded, context.DeadlineExceeded, "fetch " + u + ": timed out after 30s", nil},
		{"too large", response(200), fmt.Errorf("%w (more than 10 bytes)", ErrTooLarge), ErrTooLarge, "fetch " + u + ": fetch: body too large", nil},
		{"disallowed", nil, ErrDisallowed, ErrDisallowed, "fetch " + u + ": fetch: disallowed", nil},
		{"paused", nil, paused, ErrPaused, "fetch " + u + ": fetch: host sana.sy paused until", nil},
		{"network", nil, netErr, nil, "fetch " + u + ": dial tcp: connection refused", nil},
	}
	c := &Client{}
	for _, tt := range tests {
		err := c.outcome(u, tt.r, tt.err, now)
		if tt.wantIs == nil && tt.wantMsg == "" {
			if err != nil {
				t.Errorf("%s: outcome() = %v, want nil", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantMsg) || (tt.wantIs != nil && !errors.Is(err, tt.wantIs)) {
			t.Errorf("%s: outcome() = %v, want an error saying %q (is %v)", tt.name, err, tt.wantMsg, tt.wantIs)
		}
		var se *StatusError
		if errors.As(err, &se) != (tt.status != nil) || (se != nil && *se != *tt.status) {
			t.Errorf("%s: outcome() = %#v, want StatusError %+v", tt.name, err, tt.status)
		}
	}
}

func TestNewResponse(t *testing.T) {
	t.Parallel()
	const asked = "https://sana.sy/en/?feed=rss2"
	final := response(200, "Content-Type", "application/rss+xml; charset=UTF-8")
	final.Request = &http.Request{URL: &url.URL{Scheme: "https", Host: "sana.sy", Path: "/en/feed/"}}
	got := newResponse(asked, final)
	if got.URL != "https://sana.sy/en/feed/" || got.Status != 200 || got.ContentType != "application/rss+xml; charset=UTF-8" || got.Header == nil {
		t.Errorf("newResponse(final) = %+v, want the final URL, status and header", got)
	}
	if got := newResponse(asked, nil); got.URL != asked || got.Status != 0 || got.Header != nil {
		t.Errorf("newResponse(nil) = %+v, want the URL asked for and status 0", got)
	}
}

func TestStateAfter(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)
	now := t0.Add(time.Hour)
	before := sanafeed.FetchState{URL: "https://sana.sy/en/feed/", ETag: `"old"`, LastModified: "old",
		Status: 500, Fetched: t0, Succeeded: t0.Add(-time.Hour), Failures: 2, LastError: "boom", NextAttempt: t0.Add(time.Minute)}
	succeeded := func(status int, etag, lm string) sanafeed.FetchState {
		st := before
		st.Status, st.Fetched, st.Succeeded, st.Failures, st.LastError, st.NextAttempt = status, now, now, 0, "", time.Time{}
		st.ETag, st.LastModified = etag, lm
		return st
	}
	failed := func(status int, msg string, next time.Time) sanafeed.FetchState {
		st := before
		st.Status, st.Fetched, st.Failures, st.LastError, st.NextAttempt = status, now, 3, msg, next
		return st
	}
	notFound := &StatusError{URL: before.URL, Code: 404}
	busy := &StatusError{URL: before.URL, Code: 503, RetryAfter: 2 * time.Minute}
	tooBusy := &StatusError{URL: before.URL, Code: 429, RetryAfter: 72 * time.Hour}
	netErr := errors.New("fetch https://sana.sy/en/feed/: connection refused")
	tooLarge := fmt.Errorf("fetch https://sana.sy/en/feed/: %w", ErrTooLarge)
	paused := fmt.Errorf("fetch https://sana.sy/en/feed/: %w", &PausedError{Host: "sana.sy", Until: now.Add(time.Hour)})
	pausedState := before
	pausedState.LastError, pausedState.NextAttempt = paused.Error(), now.Add(time.Hour)
	tests := []struct {
		name string
		r    *http.Response
		err  error
		want sanafeed.FetchState
	}{
		{"ok with validators", response(200, "ETag", `"new"`, "Last-Modified", "new"), nil, succeeded(200, `"new"`, "new")},
		{"ok without validators", response(200), nil, succeeded(200, "", "")},
		{"not modified, new etag", response(304, "ETag", `"new"`), sanafeed.ErrNotModified, succeeded(304, `"new"`, "old")},
		{"not modified, no validators", response(304), sanafeed.ErrNotModified, succeeded(304, `"old"`, "old")},
		{"not found", response(404), notFound, failed(404, notFound.Error(), time.Time{})},
		{"unavailable, retry after", response(503), busy, failed(503, busy.Error(), now.Add(2*time.Minute))},
		{"retry after capped", response(429), tooBusy, failed(429, tooBusy.Error(), now.Add(time.Hour))},
		{"no response", nil, netErr, failed(0, netErr.Error(), time.Time{})},
		{"too large", response(200, "ETag", `"new"`), tooLarge, failed(200, tooLarge.Error(), time.Time{})},
		{"paused: not sent", nil, paused, pausedState},
	}
	for _, tt := range tests {
		if got := stateAfter(before, tt.r, tt.err, now, time.Hour); got != tt.want {
			t.Errorf("%s: stateAfter()\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}
