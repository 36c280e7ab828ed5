package fetch

import (
	"log/slog"
	"net"
	"net/http"
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
	defaultInFlight   = 2
	maxRedirects      = 5
	acceptHeader      = "application/rss+xml, application/atom+xml, application/feed+json, " +
		"application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)

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
	// FirstByteTimeout bounds the wait for the response's header, apart
	// from the whole request's Timeout: a server that accepts and never
	// answers is given up on sooner than one sending a long body. 0, or
	// more than Timeout, means Timeout. The error says the server stalled.
	FirstByteTimeout time.Duration
	// MaxInFlight is how many requests to one host may be in flight at
	// once; 0 means 2. CrawlDelay spaces their starts: a request that
	// stalls holds one slot, not the host, so the others go on.
	MaxInFlight int
	// MaxBytes caps a body, measured after gzip decompression; 0 means
	// 10 MiB. A longer body fails with ErrTooLarge; at most MaxBytes+1 bytes
	// are read.
	MaxBytes int64
	// CrawlDelay is the minimum gap between the starts of two requests to
	// a host. nil means the host's robots.txt Crawl-delay
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
	// robots.txt cache; nil means time.Now. The per-host gap and pauses are
	// measured on the real clock, since they are waited for, unless After
	// is set.
	Now func() time.Time
	// After, when set, waits on the clock of Now as time.After does on the
	// real one, and the per-host gap and pauses are then kept on that
	// clock: set both to run the client on a clock of another pace (the
	// freshness benchmark compresses a day of SANA). nil means the real
	// clock.
	After func(d time.Duration) <-chan time.Time
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

func (c *Client) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// gapNow returns the time on the clock the per-host gap is kept on (see
// After).
func (c *Client) gapNow() time.Time {
	if c.After == nil {
		return time.Now()
	}
	return c.now()
}

// after waits d on the clock the per-host gap is kept on.
func (c *Client) after(d time.Duration) <-chan time.Time {
	if c.After == nil {
		return time.After(d)
	}
	return c.After(d)
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

// inFlight returns MaxInFlight, or its default.
func (c *Client) inFlight() int {
	if c.MaxInFlight <= 0 {
		return defaultInFlight
	}
	return c.MaxInFlight
}

// firstByte returns the wait allowed for a response's header.
func (c *Client) firstByte() time.Duration {
	if c.FirstByteTimeout <= 0 || c.FirstByteTimeout > c.timeout() {
		return c.timeout()
	}
	return c.FirstByteTimeout
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
