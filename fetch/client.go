package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Defaults used by NewClient and by a zero Client.
const (
	defaultTimeout    = 30 * time.Second
	defaultMaxBytes   = 10 << 20
	defaultCrawlDelay = time.Second
	defaultMaxPause   = time.Hour
	maxRedirects      = 5
	acceptHeader      = "application/rss+xml, application/atom+xml, application/feed+json, " +
		"application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)

// Errors returned by Get, besides sanafeed.ErrNotModified. Check them
// with errors.Is.
var (
	// ErrTooLarge means the body (after gzip decompression) exceeded
	// Client.MaxBytes.
	ErrTooLarge = errors.New("fetch: body too large")
	// ErrDisallowed means the host's robots.txt forbids the URL to us.
	ErrDisallowed = errors.New("fetch: disallowed by robots.txt")
	// ErrPaused means no request was sent because the host asked us to
	// wait (a 429 or 503 with Retry-After). The error is a *PausedError
	// telling until when.
	ErrPaused = errors.New("fetch: host paused")
)

// A PausedError reports a request not sent because its host answered an
// earlier one with 429 or 503 and a Retry-After that has not passed yet.
// errors.Is(err, ErrPaused) reports it too.
type PausedError struct {
	Host  string    // the host, as it shares its request budget
	Until time.Time // by Client.Now: requests to the host resume then
}

// Error implements error.
func (e *PausedError) Error() string {
	return fmt.Sprintf("fetch: host %s paused until %s (Retry-After)", e.Host, e.Until.UTC().Format(time.RFC3339))
}

// Unwrap returns ErrPaused.
func (e *PausedError) Unwrap() error { return ErrPaused }

// A StatusError reports an HTTP response other than 2xx or 304.
type StatusError struct {
	URL        string        // the URL requested
	Code       int           // the HTTP status code
	RetryAfter time.Duration // from a Retry-After header (seconds or HTTP date); 0 if none
}

// Error implements error.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("fetch %s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// A Client makes polite HTTP requests. Set its fields before the first
// request and do not change them afterwards. A Client is safe for concurrent
// use by many goroutines, which then share its per-host budget; it must not
// be copied after first use. The zero Client works with the defaults below,
// except that it does not read robots.txt (NewClient turns Robots on).
type Client struct {
	// HTTP does the requests. nil means a client with sane transport
	// timeouts and no cookie jar. Redirects are followed, at most 5 unless
	// HTTP.CheckRedirect decides otherwise; every hop waits for its host's
	// turn and is checked against robots.txt.
	HTTP *http.Client
	// UserAgent identifies sanafeed honestly; "" means
	// sanafeed.DefaultUserAgent. Its product token (up to the first "/")
	// selects the robots.txt group.
	UserAgent string
	// Timeout bounds one request, redirects and body included, from the
	// moment it gets its host's turn; 0 means 30s.
	Timeout time.Duration
	// MaxBytes caps a body, measured after gzip decompression; 0 means
	// 10 MiB. A longer body fails with ErrTooLarge; at most MaxBytes+1 bytes
	// are read.
	MaxBytes int64
	// CrawlDelay is the minimum gap between the end of one request to a host
	// and the start of the next. nil means the host's robots.txt Crawl-delay
	// (capped at one minute) or, without one, 1s; a pointer to 0 means none.
	CrawlDelay *time.Duration
	// MaxPause caps how long a host is paused after it answered 429 or 503
	// with Retry-After (and how far NextAttempt is set); 0 means 1h. While
	// a host is paused, a request to it waits when the pause ends within
	// Timeout, and fails at once with a *PausedError otherwise.
	MaxPause time.Duration
	// Robots makes the client fetch /robots.txt once per host (cached 24h,
	// 1h after a failure) and refuse what it disallows to us or to *.
	Robots bool
	// Now is the clock used for FetchState times, Retry-After dates and the
	// robots.txt cache; nil means time.Now. The per-host gap is measured on
	// the real clock, since it is waited for.
	Now func() time.Time
	// Logger receives robots.txt problems; nil means discard.
	Logger *slog.Logger

	mu    sync.Mutex            // guards hosts and every hostState's fields
	hosts map[string]*hostState // by hostKey
}

// NewClient returns a Client with the defaults filled in and Robots on.
func NewClient() *Client {
	return &Client{
		HTTP:      newHTTPClient(),
		UserAgent: sanafeed.DefaultUserAgent,
		Timeout:   defaultTimeout,
		MaxBytes:  defaultMaxBytes,
		Robots:    true,
		Now:       time.Now,
	}
}

// defaultHTTP is shared by Clients whose HTTP field is nil.
var defaultHTTP = newHTTPClient()

func newHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   2,
		ForceAttemptHTTP2:     true,
		DisableCompression:    true, // Get asks for gzip and decompresses under the cap itself
	}}
}

// Get does a polite conditional GET of rawURL. It waits for the host's turn
// (shared by every goroutine using c), checks robots.txt, sends st's ETag
// and Last-Modified as If-None-Match and If-Modified-Since, and reads the
// body under the size cap.
//
// Get returns a non-nil *Response whenever it tried: with the body on 2xx;
// with sanafeed.ErrNotModified on 304; with a *StatusError on any other status; with
// ErrTooLarge, ErrDisallowed, a timeout or a network error (Status 0 when
// no response came). A 429 or 503 with Retry-After pauses the host (see
// MaxPause); a request to a paused host is not sent and fails with a
// *PausedError, its State unchanged but for LastError and NextAttempt (the
// pause's end). Its State is always the one to store. The *Response is
// nil only when rawURL is not an absolute http(s) URL or ctx ended before
// the request completed: the caller gave up, which is no failure of the URL.
func (c *Client) Get(ctx context.Context, rawURL string, st sanafeed.FetchState) (*sanafeed.Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("fetch %s: not an absolute http(s) url", rawURL)
	}
	hdr := http.Header{}
	hdr.Set("Accept", acceptHeader)
	hdr.Set("Accept-Encoding", "gzip")
	if st.ETag != "" {
		hdr.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		hdr.Set("If-Modified-Since", st.LastModified)
	}
	raw, err := c.do(ctx, u, hdr, c.Robots, c.maxBytes(), false)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, ctx.Err())
	}
	resp := &sanafeed.Response{URL: rawURL, State: st}
	if resp.State.URL == "" {
		resp.State.URL = rawURL
	}
	resp.State.Fetched = c.now()
	if raw != nil {
		resp.URL, resp.Status, resp.Header = raw.url, raw.status, raw.header
		resp.ContentType = raw.header.Get("Content-Type")
		resp.State.Status = raw.status
	} else {
		resp.State.Status = 0
	}
	var paused *PausedError
	switch {
	case errors.As(err, &paused):
		resp.State = st // nothing was sent: no attempt to count
		if resp.State.URL == "" {
			resp.State.URL = rawURL
		}
		err = fmt.Errorf("fetch %s: %w", rawURL, err)
		resp.State.LastError = err.Error()
		resp.State.NextAttempt = paused.Until
		return resp, err
	case err != nil:
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("timed out after %s: %w", c.timeout(), err)
		}
		return resp, c.fail(resp, fmt.Errorf("fetch %s: %w", rawURL, err), 0)
	case raw.status == http.StatusNotModified:
		c.succeed(resp)
		if v := raw.header.Get("ETag"); v != "" {
			resp.State.ETag = v
		}
		if v := raw.header.Get("Last-Modified"); v != "" {
			resp.State.LastModified = v
		}
		return resp, sanafeed.ErrNotModified
	case raw.status < 200 || raw.status > 299:
		serr := &StatusError{URL: rawURL, Code: raw.status}
		if raw.status == http.StatusTooManyRequests || raw.status == http.StatusServiceUnavailable ||
			raw.header.Get("Retry-After") != "" {
			serr.RetryAfter = parseRetryAfter(raw.header.Get("Retry-After"), c.now())
		}
		return resp, c.fail(resp, serr, min(serr.RetryAfter, c.maxPause()))
	}
	resp.Body = raw.body
	c.succeed(resp)
	resp.State.ETag = raw.header.Get("ETag")
	resp.State.LastModified = raw.header.Get("Last-Modified")
	return resp, nil
}

// succeed records a successful attempt in resp.State.
func (c *Client) succeed(resp *sanafeed.Response) {
	resp.State.Succeeded = resp.State.Fetched
	resp.State.Failures = 0
	resp.State.LastError = ""
	resp.State.NextAttempt = time.Time{}
}

// fail records a failed attempt in resp.State and returns err.
func (c *Client) fail(resp *sanafeed.Response, err error, retryAfter time.Duration) error {
	resp.State.Failures++
	resp.State.LastError = err.Error()
	resp.State.NextAttempt = time.Time{}
	if retryAfter > 0 {
		resp.State.NextAttempt = resp.State.Fetched.Add(retryAfter)
	}
	return err
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

func (c *Client) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c *Client) log() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}

func (c *Client) userAgent() string {
	if c.UserAgent == "" {
		return sanafeed.DefaultUserAgent
	}
	return c.UserAgent
}

func (c *Client) timeout() time.Duration {
	if c.Timeout <= 0 {
		return defaultTimeout
	}
	return c.Timeout
}

func (c *Client) maxPause() time.Duration {
	if c.MaxPause <= 0 {
		return defaultMaxPause
	}
	return c.MaxPause
}

func (c *Client) maxBytes() int64 {
	if c.MaxBytes <= 0 {
		return defaultMaxBytes
	}
	return c.MaxBytes
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP == nil {
		return defaultHTTP
	}
	return c.HTTP
}
