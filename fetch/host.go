package fetch

import (
	"context"
	"net"
	"net/url"
	"strings"
	"time"
)

// hostState is the politeness state of one host. Its fields other than the
// channels are guarded by Client.mu.
type hostState struct {
	key  string
	turn chan struct{} // holds a token per request to the host in flight, MaxInFlight at most
	last time.Time     // by Client.gapNow: when the last request started (or will, once its wait is over)
	sent time.Time     // by Client.gapNow: when the last request was let go, its wait over
	// paused is set from a 429 or 503 with Retry-After (by Client.gapNow):
	// no request to the host starts before it.
	paused time.Time

	robotsLock    chan struct{} // holds a token while robots.txt is being fetched
	robots        *robotsRules  // nil until fetched
	robotsExpires time.Time     // by Client.Now
}

// host returns the state of the host key, creating it.
func (c *Client) host(key string) *hostState {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hosts == nil {
		c.hosts = make(map[string]*hostState)
	}
	h := c.hosts[key]
	if h == nil {
		h = &hostState{key: key, turn: make(chan struct{}, c.inFlight()), robotsLock: make(chan struct{}, 1)}
		c.hosts[key] = h
	}
	return h
}

// acquire waits until it is the turn of the host key: fewer than
// MaxInFlight requests to it in flight, CrawlDelay passed since the start
// of the last one, and any pause the host asked for over. A pause longer
// than the client's Timeout is not waited for: acquire fails at once with
// a *PausedError. The caller must pass the result to release.
func (c *Client) acquire(ctx context.Context, key string) (*hostState, error) {
	h := c.host(key)
	if err := c.checkPause(h); err != nil {
		return nil, err
	}
	select {
	case h.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := c.checkPause(h); err != nil { // set while we waited for the turn
		<-h.turn
		return nil, err
	}
	// Take the next start: a gap after the last one, whether or not that
	// request has ended by then. The gap is the one in force now (a
	// robots.txt read meanwhile may have set it).
	c.mu.Lock()
	now := c.gapNow()
	start := now
	if !h.last.IsZero() {
		start = later(start, h.last.Add(c.delayLocked(h)))
	}
	start = later(start, h.paused)
	h.last = start
	c.mu.Unlock()
	for {
		if wait := start.Sub(now); wait > 0 {
			select {
			case <-c.after(wait):
			case <-ctx.Done():
				<-h.turn
				return nil, ctx.Err()
			}
		}
		// The gap is kept between requests as sent, not only as planned:
		// a waiter woken late (a busy machine) must not be followed
		// within the gap by the next, woken on time.
		c.mu.Lock()
		now = c.gapNow()
		if next := h.sent.Add(c.delayLocked(h)); !h.sent.IsZero() && now.Before(next) {
			start = next
			c.mu.Unlock()
			continue
		}
		h.sent = now
		h.last = later(h.last, now)
		c.mu.Unlock()
		return h, nil
	}
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// release ends h's turn, freeing its slot; the next start is already
// spaced (see acquire). It does nothing when h is nil.
func (c *Client) release(h *hostState) {
	if h == nil {
		return
	}
	<-h.turn
}

// checkPause returns a *PausedError when h is paused for longer than a
// request may take.
func (c *Client) checkPause(h *hostState) error {
	c.mu.Lock()
	left := h.paused.Sub(c.gapNow())
	c.mu.Unlock()
	if left <= c.timeout() {
		return nil
	}
	return &PausedError{Host: h.key, Until: c.now().Add(left).Round(time.Second)}
}

// pause stops requests to the host key for d (at most MaxPause) from now,
// unless it is paused for longer already.
func (c *Client) pause(key string, d time.Duration) {
	d = min(d, c.maxPause())
	if d <= 0 {
		return
	}
	h := c.host(key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if until := c.gapNow().Add(d); until.After(h.paused) {
		h.paused = until
	}
}

// delayLocked returns h's gap. c.mu must be held.
func (c *Client) delayLocked(h *hostState) time.Duration {
	switch {
	case c.CrawlDelay != nil:
		return max(*c.CrawlDelay, 0)
	case h.robots != nil && h.robots.hasDelay:
		return h.robots.delay
	}
	return defaultCrawlDelay
}

// Host returns the key of the host of rawURL, the one its requests are
// spaced under (sana.sy, www.sana.sy and sana.sy. share one), and the gap
// kept between the starts of two requests there now: CrawlDelay, else the
// host's robots.txt Crawl-delay once read, else 1s. The gap is on the
// clock of Now when After is set, else on the real clock. It returns ""
// and 0 for a URL that does not parse.
func (c *Client) Host(rawURL string) (key string, gap time.Duration) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "", 0
	}
	h := c.host(hostKey(u))
	c.mu.Lock()
	defer c.mu.Unlock()
	return h.key, c.delayLocked(h)
}

// hostKey names the host of u for politeness: lower case, without a
// trailing dot, "www." or the scheme's default port, so that sana.sy,
// www.sana.sy and sana.sy. share one budget.
func hostKey(u *url.URL) string {
	return foldHost(u.Host, u.Scheme)
}

func foldHost(hostport, scheme string) string {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	host = strings.TrimPrefix(host, "www.")
	if port == "" || (port == "80" && scheme == "http") || (port == "443" && scheme == "https") {
		return host
	}
	return net.JoinHostPort(host, port)
}
