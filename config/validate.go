package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// Limits checked by Validate.
const (
	minInterval     = time.Second
	minTimeout      = time.Second // poll.timeout
	minSiteInterval = time.Minute // an interval against a real site (not loopback or a private network)
	minLease        = time.Minute
	maxListingPages = 50
	maxItems        = 1000
	maxConnections  = 1000000
	maxNameLen      = 64
	minSecretBytes  = 24
	maxSecretBytes  = 64
	secretPrefix    = "whsec_"
)

// Limits of the [websub] table checked by Validate.
const (
	maxSubscriptions = 1000000
	maxDeliveryRate  = 1000
)

// langList is the six editions' codes, for messages.
const langList = "ar, en, tr, fr, es, ku"

// Validate reports every problem with c, joined with errors.Join, each an
// *Error whose message names the key, e.g.
//
//	source[2].lang: unknown language "de" (want one of ar, en, tr, fr, es, ku)
//
// Lines are not known here; Parse and Load add them.
func (c *Config) Validate() error { return join(c.validate()) }

// problems collects validation errors.
type problems []*Error

// add records a problem with key.
func (p *problems) add(key, format string, args ...any) {
	*p = append(*p, keyError(key, format, args...))
}

// validate returns every problem with c.
func (c *Config) validate() []*Error {
	var p problems
	if strings.TrimSpace(c.DataDir) == "" {
		p.add("data_dir", "must not be empty")
	}
	if err := checkListen(c.Listen); err != "" {
		p.add("listen", "%s", err)
	}
	if err := checkURL(c.PublicURL, false); err != "" {
		p.add("public_url", "%s", err)
	}
	if c.MetricsListen != "" {
		switch err := checkListen(c.MetricsListen); {
		case err != "":
			p.add("metrics_listen", "%s", err)
		case c.MetricsListen == c.Listen && !strings.HasSuffix(c.Listen, ":0"):
			p.add("metrics_listen", "%q is listen too (want another port, or leave it out to serve /metrics on listen)", c.MetricsListen)
		}
	}
	p.server(&c.Server)
	p.poll(&c.Poll)
	if c.Feeds.Items < 1 || c.Feeds.Items > maxItems {
		p.add("feeds.items", "%d is out of range (want 1 to %d)", c.Feeds.Items, maxItems)
	}
	if c.Feeds.OPMLMinItems < 1 {
		p.add("feeds.opml_min_items", "%d is out of range (want at least 1)", c.Feeds.OPMLMinItems)
	}
	p.websub(&c.WebSub)
	if !slices.Contains(LogFormats, c.Log.Format) {
		p.add("log.format", "unknown format %q (want one of %s)", c.Log.Format, strings.Join(LogFormats, ", "))
	}
	if !slices.Contains(LogLevels, c.Log.Level) {
		p.add("log.level", "unknown level %q (want one of %s)", c.Log.Level, strings.Join(LogLevels, ", "))
	}
	if k := c.Pages.Keep.Duration; k != 0 && k < time.Hour {
		p.add("pages.keep", "%s is too short (want at least 1h, or \"0s\" to keep no pages)", c.Pages.Keep)
	}
	p.stories(&c.Stories)
	p.sources(c.Sources, &c.Poll)
	names := map[string]int{}
	for i := range c.Webhooks {
		key := fmt.Sprintf("webhook[%d]", i+1)
		p.webhook(key, &c.Webhooks[i])
		if n := c.Webhooks[i].Label(); names[n] > 0 && c.Webhooks[i].URL != "" {
			p.add(key+".name", "duplicate name %q (already webhook[%d]'s)", n, names[n])
		} else {
			names[n] = i + 1
		}
	}
	return p
}

// server checks the [server] table.
func (p *problems) server(s *Server) {
	if s.MaxConnections < 1 || s.MaxConnections > maxConnections {
		p.add("server.max_connections", "%d is out of range (want 1 to %d)", s.MaxConnections, maxConnections)
	}
	if s.ReadTimeout.Duration <= 0 {
		p.add("server.read_timeout", "must be more than 0 (a request's headers and body must arrive within it)")
	}
	if s.WriteTimeout.Duration <= 0 {
		p.add("server.write_timeout", "must be more than 0 (a response must be sent within it)")
	}
}

// poll checks the [poll] table.
func (p *problems) poll(c *Poll) {
	if c.Interval.Duration < minInterval {
		p.add("poll.interval", "%s is too short (want at least %s)", c.Interval, Duration{minInterval})
	}
	if c.CrawlDelay != nil && c.CrawlDelay.Duration < 0 {
		p.add("poll.crawl_delay", "must not be negative")
	}
	if c.Timeout.Duration < minTimeout {
		p.add("poll.timeout", "%s is too short (want at least %s: a page takes longer than that to come from Damascus)", c.Timeout, Duration{minTimeout})
	}
	if c.MaxBytes <= 0 {
		p.add("poll.max_bytes", "%d is out of range (want more than 0)", c.MaxBytes)
	}
	switch {
	case strings.TrimSpace(c.UserAgent) == "":
		p.add("poll.user_agent", "must not be empty")
	case strings.ContainsFunc(c.UserAgent, isControl):
		p.add("poll.user_agent", "must not contain control characters")
	}
	if c.ListingPages < 0 || c.ListingPages > maxListingPages {
		p.add("poll.listing_pages", "%d is out of range (want 0 to %d)", c.ListingPages, maxListingPages)
	}
	if c.StaleAfter.Duration < 0 {
		p.add("poll.stale_after", "must not be negative")
	}
	if c.MaxInFlight < 1 || c.MaxInFlight > 8 {
		p.add("poll.max_in_flight", "%d is out of range (want 1 to 8)", c.MaxInFlight)
	}
	if c.FirstByteTimeout.Duration <= 0 {
		p.add("poll.first_byte_timeout", "must be more than 0")
	}
	if c.CatchUp.Duration < time.Hour {
		p.add("poll.catch_up", "%s is too short (want at least 1h: a gap is closed from the articles published within it)", c.CatchUp.Duration)
	}
	if c.MaxSilence.Duration < 0 {
		p.add("poll.max_silence", "must not be negative")
	}
}

// websub checks the [websub] table.
func (p *problems) websub(w *WebSub) {
	if w.Hub != "" {
		if err := checkURL(w.Hub, true); err != "" {
			p.add("websub.hub", "%s", err)
		}
	}
	if w.Lease.Duration < minLease {
		p.add("websub.lease", "%s is too short (want at least %s)", w.Lease, Duration{minLease})
	}
	switch {
	case w.MaxLease.Duration < minLease:
		p.add("websub.max_lease", "%s is too short (want at least %s)", w.MaxLease, Duration{minLease})
	case w.MaxLease.Duration < w.Lease.Duration:
		p.add("websub.max_lease", "%s is shorter than websub.lease (%s)", w.MaxLease, w.Lease)
	}
	if v := w.VerifyTimeout.Duration; v < time.Second || v > time.Minute {
		p.add("websub.verify_timeout", "%s is out of range (want 1s to 1m)", w.VerifyTimeout)
	}
	if w.MaxSubscriptions < 1 || w.MaxSubscriptions > maxSubscriptions {
		p.add("websub.max_subscriptions", "%d is out of range (want 1 to %d)", w.MaxSubscriptions, maxSubscriptions)
	}
	if w.MaxPerHost < 1 || w.MaxSubscriptions >= 1 && w.MaxPerHost > w.MaxSubscriptions {
		p.add("websub.max_per_host", "%d is out of range (want 1 to websub.max_subscriptions, %d)", w.MaxPerHost, w.MaxSubscriptions)
	}
	if w.DeliveryRate < 1 || w.DeliveryRate > maxDeliveryRate {
		p.add("websub.delivery_rate", "%d is out of range (want 1 to %d deliveries a second)", w.DeliveryRate, maxDeliveryRate)
	}
	for i, s := range w.AllowCallbacks {
		if _, ok := parseNetwork(s); !ok {
			p.add(fmt.Sprintf("websub.allow_callbacks[%d]", i+1), "%q is not a CIDR such as \"10.1.2.0/24\" or an IP address", s)
		}
	}
}

// sources checks the [[source]] tables.
func (p *problems) sources(srcs []Source, poll *Poll) {
	if len(srcs) == 0 {
		p.add("source", "no sources (want at least one [[source]])")
	}
	seen := map[string]int{}
	for i, s := range srcs {
		key := fmt.Sprintf("source[%d]", i+1)
		switch _, ok := sanafeed.EditionByLang(s.Lang); {
		case s.Lang == "":
			p.add(key+".lang", "required (want one of %s)", langList)
		case !ok:
			p.add(key+".lang", "unknown language %q (want one of %s)", s.Lang, langList)
		case seen[s.Lang] > 0:
			p.add(key+".lang", "duplicate language %q (already in source[%d])", s.Lang, seen[s.Lang])
		default:
			seen[s.Lang] = i + 1
		}
		if err := checkURL(s.URL, false); err != "" {
			p.add(key+".url", "%s", err)
		}
		if d := s.Interval.Duration; d != 0 && d < minInterval {
			p.add(key+".interval", "%s is too short (want at least %s, or leave it out for poll.interval)",
				s.Interval, Duration{minInterval})
		}
		p.siteInterval(key, s, poll)
		if checkURL(s.URL, false) == "" {
			p.rules(key, &s)
		}
	}
}

// siteInterval refuses an interval under minSiteInterval for a source on
// a real site: polling SANA more often than once a minute is not polite
// and brings nothing (it publishes a few articles an hour per edition).
// Loopback and private hosts (a replica, a test) may be polled faster.
func (p *problems) siteInterval(key string, s Source, poll *Poll) {
	u, err := url.Parse(s.URL)
	if err != nil || localHost(u.Hostname()) {
		return
	}
	switch {
	case s.Interval.Duration != 0 && s.Interval.Duration < minSiteInterval:
		p.add(key+".interval", "%s is too short for %s (want at least %s against a real site)", s.Interval, u.Host, Duration{minSiteInterval})
	case s.Interval.Duration == 0 && poll.Interval.Duration >= minInterval && poll.Interval.Duration < minSiteInterval && !p.has("poll.interval"):
		p.add("poll.interval", "%s is too short for %s, source[%s] (want at least %s against a real site)", poll.Interval, u.Host, s.Lang, Duration{minSiteInterval})
	}
}

// has reports whether a problem with key is recorded.
func (p *problems) has(key string) bool {
	for _, e := range *p {
		if e.Key == key {
			return true
		}
	}
	return false
}

// localHost reports whether host is loopback, private or link-local (a
// replica, a test server), by address or by the name localhost.
func localHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified())
}

// rules checks a source's rules: every selector and pattern compiles
// (extract.Compile), every feed, listing and sitemap resolves to an http(s)
// URL.
func (p *problems) rules(key string, s *Source) {
	if _, err := extract.Compile(s.Rules); err != nil {
		for _, e := range unjoin(err) {
			if re, ok := errors.AsType[*extract.RuleError](e); ok {
				p.add(key+"."+re.Key, "%s", re.Msg)
			} else {
				p.add(key, "%s", e)
			}
		}
	}
	src := sanafeed.Source{Lang: s.Lang, URL: s.URL}
	for _, l := range []struct {
		name string
		refs []string
	}{{"feeds", s.Rules.Feeds}, {"listings", s.Rules.Listings}, {"sitemaps", s.Rules.Sitemaps}} {
		for i, ref := range l.refs {
			k := key + "." + l.name
			if len(l.refs) > 1 {
				k = fmt.Sprintf("%s[%d]", k, i+1)
			}
			if u, err := url.Parse(src.Resolve(ref)); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
				p.add(k, "%q does not resolve to an http(s) URL against url %q", ref, s.URL)
			}
		}
	}
}

// unjoin returns the errors err joins, or err alone; nil for nil.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// webhook checks one [[webhook]] table, named key.
func (p *problems) webhook(key string, w *Webhook) {
	if err := checkURL(w.URL, true); err != "" {
		p.add(key+".url", "%s", err)
	}
	if w.Name != "" && !validName(w.Name) {
		p.add(key+".name", "%q is not a name (want 1 to %d letters, digits, '.', '_' or '-', starting with a letter or digit)", w.Name, maxNameLen)
	}
	if w.Secret == "" && len(w.Secrets) == 0 {
		p.add(key+".secret", "required (a Standard Webhooks secret, %q and base64)", secretPrefix)
	}
	if w.Secret != "" && !validSecret(w.Secret) {
		p.add(key+".secret", "%s", badSecret)
	}
	for i, s := range w.Secrets {
		if !validSecret(s) {
			p.add(fmt.Sprintf("%s.secrets[%d]", key, i+1), "%s", badSecret)
		}
	}
	for i, l := range w.Langs {
		if _, ok := sanafeed.EditionByLang(l); !ok {
			p.add(fmt.Sprintf("%s.langs[%d]", key, i+1), "unknown language %q (want one of %s)", l, langList)
		}
	}
	for i, t := range w.Tags {
		if strings.TrimSpace(t) == "" {
			p.add(fmt.Sprintf("%s.tags[%d]", key, i+1), "must not be empty")
		}
	}
	for i, e := range w.Events {
		if !slices.Contains(Events(), e) {
			p.add(fmt.Sprintf("%s.events[%d]", key, i+1), "unknown event %q (want one of %s)",
				e, strings.Join(Events(), ", "))
		}
	}
	p.match(key, w.Match)
}

// match checks a webhook's match list, named key.match.
func (p *problems) match(key string, terms []string) {
	if len(terms) > sanafeed.MaxQueryTerms {
		p.add(key+".match", "%d words; at most %d", len(terms), sanafeed.MaxQueryTerms)
		return
	}
	for i, t := range terms {
		if err := sanafeed.CheckTerms([]string{t}); err != nil {
			p.add(fmt.Sprintf("%s.match[%d]", key, i+1), "%s", err.Error())
		}
	}
}

// badSecret describes a malformed secret without showing it.
var badSecret = fmt.Sprintf("not a Standard Webhooks secret (want %q and the base64 of %d to %d bytes)",
	secretPrefix, minSecretBytes, maxSecretBytes)

// validSecret reports whether s is "whsec_" and the base64 of 24 to 64 bytes.
func validSecret(s string) bool {
	b64, ok := strings.CutPrefix(s, secretPrefix)
	if !ok {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(b64)
	}
	return err == nil && len(raw) >= minSecretBytes && len(raw) <= maxSecretBytes
}

// validName reports whether s can name a webhook endpoint: shown as a
// Prometheus label value and in logs, it is kept to a plain alphabet.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case i > 0 && (r == '.' || r == '_' || r == '-'):
		default:
			return false
		}
	}
	return true
}

// checkListen returns what is wrong with a listen address, or "".
func checkListen(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("%q is not host:port", addr)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Sprintf("%q has a bad host", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Sprintf("%q has a bad port (want a number, 0 to 65535)", addr)
	}
	return ""
}

// checkURL returns what is wrong with raw as an absolute http(s) URL, or "".
// A query is allowed only when allowQuery; a fragment never.
func checkURL(raw string, allowQuery bool) string {
	if raw == "" {
		return "required (an absolute http or https URL)"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") ||
		strings.ContainsFunc(raw, isControl) || strings.ContainsAny(raw, " ") {
		return fmt.Sprintf("%q is not an absolute http or https URL", raw)
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return fmt.Sprintf("%q must not have a fragment", raw)
	}
	if !allowQuery && (u.RawQuery != "" || u.ForceQuery) {
		return fmt.Sprintf("%q must not have a query", raw)
	}
	return ""
}

// isControl reports whether r is an ASCII control character.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
