package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Get does a polite conditional GET of rawURL. It waits for the host's turn
// (shared by every goroutine using c), checks robots.txt, sends st's ETag
// and Last-Modified as If-None-Match and If-Modified-Since, and reads the
// body under the size cap.
//
// Get returns a non-nil *Response whenever it tried: with the body on 2xx;
// with sanafeed.ErrNotModified on 304; with a *StatusError on any other
// status; with ErrTooLarge, ErrDisallowed, a timeout or a network error
// (Status 0 when no response came). A 429 or 503 with Retry-After pauses
// the host (see MaxPause); a request to a paused host is not sent and fails
// with a *PausedError, its State unchanged but for LastError and
// NextAttempt (the pause's end). Its State is always the one to store. The
// *Response is nil only when rawURL is not an absolute http(s) URL or ctx
// ended before the request completed: the caller gave up, which is no
// failure of the URL.
func (c *Client) Get(ctx context.Context, rawURL string, st sanafeed.FetchState) (*sanafeed.Response, error) {
	u, err := parseHTTPURL(rawURL)
	if err != nil {
		return nil, err
	}
	r, body, err := c.do(ctx, u, requestHeader(st), c.Robots, c.maxBytes(), false)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, ctx.Err())
	}
	if st.URL == "" {
		st.URL = rawURL
	}
	now := c.now()
	err = c.outcome(rawURL, r, err, now)
	resp := newResponse(rawURL, r)
	resp.State = stateAfter(st, r, err, now, c.maxPause())
	if err == nil {
		resp.Body = body
	}
	return resp, err
}

// parseHTTPURL parses rawURL, which must be an absolute http(s) URL.
func parseHTTPURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("fetch %s: not an absolute http(s) url", rawURL)
	}
	return u, nil
}

// requestHeader returns the header of a conditional GET of a URL whose
// stored state is st.
func requestHeader(st sanafeed.FetchState) http.Header {
	hdr := http.Header{}
	hdr.Set("Accept", acceptHeader)
	hdr.Set("Accept-Encoding", "gzip")
	if st.ETag != "" {
		hdr.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		hdr.Set("If-Modified-Since", st.LastModified)
	}
	return hdr
}

// outcome returns how the attempt at rawURL ended, at now, given the final
// response r (nil when none came) and err, why do failed: nil for a 2xx,
// sanafeed.ErrNotModified for a 304, a *StatusError for any other status,
// else err, with the URL (and, for a timeout, the time allowed) in its
// message.
func (c *Client) outcome(rawURL string, r *http.Response, err error, now time.Time) error {
	var stalled *StallError
	switch {
	case errors.As(err, &stalled):
		return fmt.Errorf("fetch %s: %w", rawURL, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("fetch %s: timed out after %s: %w", rawURL, c.timeout(), err)
	case err != nil:
		return fmt.Errorf("fetch %s: %w", rawURL, err)
	case notModified(r):
		return sanafeed.ErrNotModified
	case !succeeded(r):
		return &StatusError{URL: rawURL, Code: r.StatusCode, RetryAfter: retryAfter(r, now)}
	}
	return nil
}

// newResponse returns the Response to rawURL without its body or State:
// the final URL, status and header of r, the final response (nil when
// none came).
func newResponse(rawURL string, r *http.Response) *sanafeed.Response {
	resp := &sanafeed.Response{URL: rawURL}
	if r != nil {
		if r.Request != nil {
			resp.URL = r.Request.URL.String()
		}
		resp.Status, resp.Header = r.StatusCode, r.Header
		resp.ContentType = r.Header.Get("Content-Type")
	}
	return resp
}

// stateAfter returns st, the state of a URL, after an attempt at it at now
// that got the final response r (nil when none came) and ended with err
// (see outcome):
//
//   - a request not sent because its host is paused (a *PausedError) is
//     no attempt: st is kept but for LastError and NextAttempt, the
//     pause's end;
//   - a success (nil, or sanafeed.ErrNotModified) resets the failures and
//     takes r's validators (a 304 that leaves one out keeps the old);
//   - a failure counts, and sets NextAttempt from a *StatusError's
//     RetryAfter, at most maxPause ahead.
func stateAfter(st sanafeed.FetchState, r *http.Response, err error, now time.Time, maxPause time.Duration) sanafeed.FetchState {
	var paused *PausedError
	if errors.As(err, &paused) {
		st.LastError, st.NextAttempt = err.Error(), paused.Until
		return st
	}
	st.Fetched, st.Status = now, 0
	if r != nil {
		st.Status = r.StatusCode
	}
	if err != nil && !errors.Is(err, sanafeed.ErrNotModified) {
		st.Failures++
		st.LastError, st.NextAttempt = err.Error(), time.Time{}
		var serr *StatusError
		if errors.As(err, &serr) && serr.RetryAfter > 0 {
			st.NextAttempt = now.Add(min(serr.RetryAfter, maxPause))
		}
		return st
	}
	st.Succeeded, st.Failures, st.LastError, st.NextAttempt = now, 0, "", time.Time{}
	etag, lastMod := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
	if err == nil || etag != "" {
		st.ETag = etag
	}
	if err == nil || lastMod != "" {
		st.LastModified = lastMod
	}
	return st
}

// BustCache returns rawURL with the query parameter _cb set to now's Unix
// time. SANA's stale feed cache is bypassed by an unknown query parameter
// (Cache-Control request headers are not). rawURL is returned unchanged if
// it does not parse.
func BustCache(rawURL string, now time.Time) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	q := u.Query()
	q.Set("_cb", strconv.FormatInt(now.Unix(), 10))
	u.RawQuery = q.Encode()
	return u.String()
}
