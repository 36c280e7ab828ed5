package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	robotsTTL      = 24 * time.Hour // how long a read robots.txt is trusted
	robotsErrTTL   = time.Hour      // how long to wait before retrying a failed one
	robotsMaxBytes = 512 << 10      // RFC 9309 asks for at least 500 KiB to be parsed
	maxCrawlDelay  = time.Minute    // a larger Crawl-delay is capped to this
)

// robotsRules is what a robots.txt says to us.
type robotsRules struct {
	rules    []robotsRule // from our group, or *'s when we have none
	delay    time.Duration
	hasDelay bool
}

// A robotsRule is one Allow or Disallow line.
type robotsRule struct {
	pattern string // percent-encoded path pattern, with * and a final $
	allow   bool
}

// checkRobots returns ErrDisallowed if the robots.txt of u's host forbids u,
// fetching robots.txt through the host's budget when it is not cached.
func (c *Client) checkRobots(ctx context.Context, u *url.URL) error {
	if u.Path == "/robots.txt" {
		return nil
	}
	rules, err := c.robotsFor(ctx, u)
	if err != nil {
		return err
	}
	if !rules.allowed(robotsTarget(u)) {
		return ErrDisallowed
	}
	return nil
}

// robotsFor returns the cached rules of u's host, fetching them if stale.
// Only one goroutine fetches a host's robots.txt at a time.
func (c *Client) robotsFor(ctx context.Context, u *url.URL) (*robotsRules, error) {
	h := c.host(hostKey(u))
	select {
	case h.robotsLock <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.robotsLock }()
	c.mu.Lock()
	rules, expires := h.robots, h.robotsExpires
	c.mu.Unlock()
	if rules != nil && c.now().Before(expires) {
		return rules, nil
	}
	rules, ttl, err := c.fetchRobots(ctx, u)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	h.robots, h.robotsExpires = rules, c.now().Add(ttl)
	c.mu.Unlock()
	return rules, nil
}

// fetchRobots fetches and parses the robots.txt of u's host. A 4xx answer
// allows everything; a 5xx, a 429 or a network failure allows everything
// too, is logged and is retried sooner. It fails only when ctx ends or the
// host is paused.
func (c *Client) fetchRobots(ctx context.Context, u *url.URL) (*robotsRules, time.Duration, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	hdr := http.Header{"Accept": {"text/plain, */*;q=0.5"}, "Accept-Encoding": {"gzip"}}
	res, body, err := c.do(ctx, ru, hdr, false, robotsMaxBytes, true)
	switch {
	case ctx.Err() != nil:
		return nil, 0, ctx.Err()
	case errors.Is(err, ErrPaused):
		return nil, 0, err // not read: ask again when the pause is over
	case err != nil:
		c.log().Warn("robots.txt unreadable, allowing all", "url", ru.String(), "err", err)
		return &robotsRules{}, robotsErrTTL, nil
	case succeeded(res):
		rules := parseRobots(body, productToken(c.userAgent()))
		if rules.delay > maxCrawlDelay {
			c.log().Warn("robots.txt crawl-delay capped", "url", ru.String(),
				"crawl_delay", rules.delay, "cap", maxCrawlDelay)
			rules.delay = maxCrawlDelay
		}
		return rules, robotsTTL, nil
	case res.StatusCode >= 400 && res.StatusCode <= 499 && res.StatusCode != http.StatusTooManyRequests:
		return &robotsRules{}, robotsTTL, nil
	}
	c.log().Warn("robots.txt unavailable, allowing all", "url", ru.String(), "status", res.StatusCode)
	return &robotsRules{}, robotsErrTTL, nil
}

// productToken returns the robots.txt name in a User-Agent: what comes
// before the first "/" or space, in lower case.
func productToken(ua string) string {
	if i := strings.IndexAny(ua, "/ "); i >= 0 {
		ua = ua[:i]
	}
	return strings.ToLower(ua)
}

// robotsTarget returns the part of u that robots.txt rules match.
func robotsTarget(u *url.URL) string { return upperEscapes(u.RequestURI()) }

// upperEscapes writes the hex digits of s's percent escapes in upper case,
// so that /%d8%b3 and /%D8%B3 compare alike.
func upperEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = upperHex(b[i+1]), upperHex(b[i+2])
		}
	}
	return string(b)
}

func upperHex(c byte) byte {
	if c >= 'a' && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// A robotsGroup is one User-agent group as read.
type robotsGroup struct {
	agents   []string
	rules    []robotsRule
	delay    time.Duration
	hasDelay bool
}

// parseRobots reads a robots.txt (RFC 9309, with Crawl-delay) and returns
// the rules for the product token agent: those of every group naming it,
// else those of every group naming *.
func parseRobots(body []byte, agent string) *robotsRules {
	var groups []*robotsGroup
	var g *robotsGroup
	inAgents := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), robotsMaxBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents {
				g = &robotsGroup{}
				groups = append(groups, g)
			}
			inAgents = true
			g.agents = append(g.agents, strings.ToLower(val))
			continue
		case "allow", "disallow":
			if g != nil {
				g.rules = append(g.rules, robotsRule{pattern: normalizePattern(val), allow: key == "allow"})
			}
		case "crawl-delay":
			if f, err := strconv.ParseFloat(val, 64); g != nil && err == nil && f >= 0 && f < 1e6 {
				g.delay, g.hasDelay = time.Duration(f*float64(time.Second)), true
			}
		default:
			continue // Sitemap and unknown lines belong to no group
		}
		inAgents = false
	}
	out := merge(groups, func(a string) bool {
		name, _, _ := strings.Cut(a, "/")
		return agent != "" && name == agent
	})
	if out == nil {
		out = merge(groups, func(a string) bool { return a == "*" })
	}
	if out == nil {
		out = &robotsRules{}
	}
	return out
}

// merge returns the rules of the groups with an agent that match accepts,
// or nil when there is none.
func merge(groups []*robotsGroup, match func(string) bool) *robotsRules {
	var out *robotsRules
	for _, g := range groups {
		for _, a := range g.agents {
			if !match(a) {
				continue
			}
			if out == nil {
				out = &robotsRules{}
			}
			out.rules = append(out.rules, g.rules...)
			if g.hasDelay && !out.hasDelay {
				out.delay, out.hasDelay = g.delay, true
			}
			break
		}
	}
	return out
}

// normalizePattern percent-encodes the bytes of a rule that a URL path
// would carry encoded, so that rules and EscapedPath compare alike.
func normalizePattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch >= 0x80 || ch == ' ' {
			fmt.Fprintf(&b, "%%%02X", ch)
			continue
		}
		b.WriteByte(ch)
	}
	return upperEscapes(b.String())
}

// allowed reports whether target (path and query) may be fetched: the
// longest matching rule decides, Allow winning a tie; no match allows.
func (r *robotsRules) allowed(target string) bool {
	best, allow := -1, true
	for _, rule := range r.rules {
		if rule.pattern == "" || !robotsMatch(rule.pattern, target) {
			continue
		}
		if n := len(rule.pattern); n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch reports whether pattern (a path prefix with * wildcards and an
// optional final $ anchor) matches s.
func robotsMatch(pattern, s string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	pos := len(parts[0])
	for i, part := range parts[1:] {
		if anchored && i == len(parts)-2 {
			return strings.HasSuffix(s[pos:], part)
		}
		j := strings.Index(s[pos:], part)
		if j < 0 {
			return false
		}
		pos += j + len(part)
	}
	return !anchored || pos == len(s)
}
