// Package config reads sanafeed's TOML configuration: the sources to poll
// (by default the six sana.sy editions), how to poll them politely, what to
// serve and which webhooks to call.
//
// Parse and Load report every problem at once, each as an *Error naming the
// file, the line and the key, in the form "FILE:LINE: key: message".
package config

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Defaults that are not obvious from Default itself.
const (
	// defaultListen is where sanafeed serves HTTP unless listen says otherwise.
	defaultListen = "127.0.0.1:8080"
)

// Events lists every webhook event type (sanafeed.EventCreated, ...), in
// the order the docs give them.
func Events() []string {
	return []string{sanafeed.EventCreated, sanafeed.EventUpdated, sanafeed.EventTranslationLinked}
}

// A Config is sanafeed's whole configuration. The zero value is not useful:
// start from Default, Parse or Load.
type Config struct {
	DataDir   string `toml:"data_dir"`   // the directory holding the bbolt file; default "sanafeed-data"
	Listen    string `toml:"listen"`     // host:port to serve HTTP on; default "127.0.0.1:8080"
	PublicURL string `toml:"public_url"` // absolute http(s) URL for self links, no trailing slash; default "http://" + Listen
	// MetricsListen, when set, is a host:port of its own for /metrics
	// (e.g. "127.0.0.1:9090"), which Listen then does not serve; "" (the
	// default) serves /metrics on Listen with everything else.
	MetricsListen string `toml:"metrics_listen"`

	Server   Server    `toml:"server"`  // how HTTP clients are held to account
	Poll     Poll      `toml:"poll"`    // how to poll
	Feeds    Feeds     `toml:"feeds"`   // what to serve
	Pages    Pages     `toml:"pages"`   // what is kept of the pages read
	Stories  Stories   `toml:"stories"` // how stories are followed: revisions
	Log      Log       `toml:"log"`     // how sanafeed logs
	WebSub   WebSub    `toml:"websub"`  // how feed readers are told of changes
	Sources  []Source  `toml:"source"`  // the editions to poll; a file's [[source]] tables replace the defaults
	Webhooks []Webhook `toml:"webhook"` // endpoints to notify; none by default
}

// Server is the [server] table: the limits that keep one client from
// taking the HTTP server from everyone else (docs/security.md).
type Server struct {
	// MaxConnections is how many connections each listener holds at once;
	// more wait, unaccepted, until one closes. Default 1024, 1..1000000.
	// Keep it well under the process's open-file limit (ulimit -n).
	MaxConnections int `toml:"max_connections"`
	// ReadTimeout: a request whose headers and body have not all arrived
	// by then is cut off and its connection closed; default 30s.
	ReadTimeout Duration `toml:"read_timeout"`
	// WriteTimeout: a response not sent in full by then (a client reading
	// slowly or not at all) is cut off; default 1m.
	WriteTimeout Duration `toml:"write_timeout"`
	// MemoryLimit is the Go runtime's soft memory limit for serve, not
	// for the one-shot commands such as poll (debug.SetMemoryLimit): as
	// the heap nears it, garbage is collected sooner, which keeps a
	// poll's linking from doubling the heap. The binary and bbolt's map come on top of it in the RSS.
	// Default DefaultMemoryLimit; 0 ("off") sets none. GOMEMLIMIT in the
	// environment overrides it.
	MemoryLimit Bytes `toml:"memory_limit"`
}

// DefaultMemoryLimit is the default [server] memory_limit: what keeps
// serve under 64 MB of RSS over a 100,000-article store while it polls
// and links some 400 new articles (docs/benchmarks.md), with the binary
// and the store's map taking some 15 MB besides.
const DefaultMemoryLimit = 40 << 20

// minMemoryLimit is the least memory_limit other than 0: below it the
// collector would run without pause over serve's own working set.
const minMemoryLimit = 16 << 20

// Bytes is a size in bytes, written "40MiB" (B, KiB, MiB or GiB; a plain
// number is bytes) or "off" for 0.
type Bytes int64

var byteUnits = []struct {
	suffix string
	n      int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// UnmarshalText parses a size such as "40MiB".
func (b *Bytes) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	if s == "off" {
		*b = 0
		return nil
	}
	num, mult := s, int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.n
			break
		}
	}
	v, err := strconv.ParseInt(num, 10, 64)
	if err != nil || v < 0 || v > math.MaxInt64/mult {
		return fmt.Errorf("bad size %q (want a whole number and a unit, e.g. \"40MiB\", \"1GiB\", or \"off\")", text)
	}
	*b = Bytes(v * mult)
	return nil
}

// String writes b in its largest whole unit ("40MiB"), or "off" for 0.
func (b Bytes) String() string {
	if b == 0 {
		return "off"
	}
	for _, u := range byteUnits {
		if int64(b)%u.n == 0 {
			return strconv.FormatInt(int64(b)/u.n, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}

// Poll is the [poll] table: how sources are fetched.
type Poll struct {
	Interval Duration `toml:"interval"` // default time between polls of a source; default 10m, at least 1s
	// CrawlDelay is the minimum gap between two requests to one host. Nil
	// means unset: the host's robots.txt Crawl-delay, else 1s. Zero means no gap.
	CrawlDelay *Duration `toml:"crawl_delay"`
	Timeout    Duration  `toml:"timeout"` // per request; default 30s
	// FirstByteTimeout: a request whose response header has not come by
	// then is given up as stalled; default 15s (at most Timeout).
	FirstByteTimeout Duration `toml:"first_byte_timeout"`
	// MaxInFlight is how many requests to one host may be in flight at
	// once, their starts spaced by the crawl delay; default 2, 1..8.
	MaxInFlight int    `toml:"max_in_flight"`
	MaxBytes    int64  `toml:"max_bytes"`  // response body cap; default 10 MiB
	UserAgent   string `toml:"user_agent"` // default sanafeed.DefaultUserAgent
	// ListingPages is accepted for compatibility and has no effect:
	// listings are read back while they show new articles, within CatchUp.
	ListingPages int      `toml:"listing_pages"`
	Robots       bool     `toml:"robots"`   // whether to respect robots.txt; default true
	CatchUp      Duration `toml:"catch_up"` // how far back a poll reads to close a gap (first poll, downtime); default 168h
	// StaleAfter: a feed whose newest item is older than the listing's
	// newest by more than this is stale. Default 30m.
	StaleAfter Duration `toml:"stale_after"`
	// MaxSilence: /healthz turns unhealthy when no edition has been polled
	// successfully for this long. Zero (the default) means automatic: the
	// longer of 1h and five times the longest poll interval.
	MaxSilence Duration `toml:"max_silence"`
}

// Feeds is the [feeds] table: what sanafeed serves.
type Feeds struct {
	Items        int `toml:"items"`          // newest articles per served feed, 1..1000; default 50
	OPMLMinItems int `toml:"opml_min_items"` // a tag feed is listed in the OPML with tag feeds (/feeds-tags.opml) from this many articles; default 3
}

// Pages is the [pages] table: the article pages a poll reads are kept,
// compressed, so that `sanafeed reprocess` can apply changed rules to
// stored articles without asking the site again.
type Pages struct {
	// Keep is how long a page is kept after it was read; default 720h
	// (30 days); "0s" keeps none.
	Keep Duration `toml:"keep"`
}

// Log is the [log] table: how sanafeed logs (to stderr). The flags
// -log-format and -log-level override it.
type Log struct {
	// Format is "auto" (the default: text on a terminal, JSON otherwise),
	// "text" or "json".
	Format string `toml:"format"`
	// Level is the least level logged: "debug", "info" (the default),
	// "warn" or "error".
	Level string `toml:"level"`
}

// LogFormats and LogLevels are the values Log takes.
var (
	LogFormats = []string{"auto", "text", "json"}
	LogLevels  = []string{"debug", "info", "warn", "error"}
)

// WebSub is the [websub] table: the WebSub hub the feeds advertise.
type WebSub struct {
	Enabled bool `toml:"enabled"` // whether feeds advertise a hub at all; default true
	// Hub is an external hub's URL. When set, sanafeed runs no hub of its
	// own, its feeds advertise this one, and it pings it (hub.mode=publish)
	// when a feed changes. "" (the default) means the built-in hub at
	// public_url + "/websub".
	Hub      string   `toml:"hub"`
	Lease    Duration `toml:"lease"`     // the built-in hub's lease when a subscriber asks for none; default 240h
	MaxLease Duration `toml:"max_lease"` // the longest lease the built-in hub grants; default 720h
	// AllowCallbacks lists the networks (CIDRs such as "10.1.2.0/24", or
	// single addresses) besides the public internet that the built-in
	// hub's callbacks may resolve to. None by default: loopback,
	// link-local, private and other special addresses are refused.
	AllowCallbacks []string `toml:"allow_callbacks"`
	// VerifyTimeout is how long the built-in hub waits for a callback to
	// answer a verification of intent; default 5s, 1s to 1m.
	VerifyTimeout Duration `toml:"verify_timeout"`
	// MaxSubscriptions bounds the built-in hub's active subscriptions;
	// default 1000, 1 to 1000000.
	MaxSubscriptions int `toml:"max_subscriptions"`
	// MaxPerHost bounds those whose callback is at one host; default 20,
	// 1 to MaxSubscriptions.
	MaxPerHost int `toml:"max_per_host"`
	// DeliveryRate is how many deliveries a second the built-in hub makes
	// to one callback host; default 2, 1 to 1000.
	DeliveryRate int `toml:"delivery_rate"`
}

// AllowedCallbacks returns AllowCallbacks as prefixes, a single address
// as a prefix of its full length. It leaves out entries that Validate
// reports.
func (w WebSub) AllowedCallbacks() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range w.AllowCallbacks {
		if p, ok := parseNetwork(s); ok {
			out = append(out, p)
		}
	}
	return out
}

// parseNetwork parses a CIDR prefix or a single address.
func parseNetwork(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

// A Source is one [[source]] table: a SANA edition to poll, and how to
// read it.
type Source struct {
	Lang     string   `toml:"lang"`     // one of ar, en, tr, fr, es, ku; each at most once
	URL      string   `toml:"url"`      // the edition's root, absolute http(s)
	Interval Duration `toml:"interval"` // time between polls; zero means poll.interval
	// Rules are the source's rules as in force: each key the table sets
	// replaces that one rule of sanafeed.DefaultRules(URL); the others
	// keep it (the keys: feeds, listings, sitemaps, article, skip, and
	// those of [source.page] and [source.listing]; docs/tuning.md).
	Rules sanafeed.Rules `toml:"-"`
}

// A Webhook is one [[webhook]] table: an endpoint notified of new and
// changed articles, signed the Standard Webhooks way.
type Webhook struct {
	URL string `toml:"url"` // absolute http(s); required; never shown, as it may carry a token
	// Name is what logs, /metrics and `sanafeed webhooks` call the
	// endpoint: letters, digits, '.', '_' and '-', at most 64, unique.
	// "" (the default) means sanafeed.WebhookID(URL), a short hash.
	Name string `toml:"name"`
	// Secret and Secrets are the signing secrets, each "whsec_" and the
	// base64 of 24 to 64 bytes. At least one is required; while a secret
	// is being rotated, list both and every one signs (see SigningSecrets).
	Secret  string   `toml:"secret"`
	Secrets []string `toml:"secrets"`
	Langs   []string `toml:"langs"`  // only articles in these languages; empty means all
	Tags    []string `toml:"tags"`   // only articles with one of these tag slugs; empty means all
	Events  []string `toml:"events"` // only these event types (see Events); empty means all
	// Match lists words or phrases: only articles mentioning one of them,
	// in any edition and script (Aleppo: حلب, Halep, Alep). At most
	// sanafeed.MaxQueryTerms, each checked by sanafeed.CheckTerms; empty
	// means all.
	Match []string `toml:"match"`
}

// SigningSecrets returns Secret followed by Secrets, without empties and
// repeats: the secrets that sign each delivery.
func (w Webhook) SigningSecrets() []string {
	var out []string
	for _, s := range append([]string{w.Secret}, w.Secrets...) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Endpoint returns the endpoint w configures, signed by its
// SigningSecrets.
func (w Webhook) Endpoint() sanafeed.Endpoint {
	return sanafeed.Endpoint{URL: w.URL, Name: w.Name, Secrets: w.SigningSecrets(), Langs: w.Langs, Tags: w.Tags, Events: w.Events, Match: w.Match}
}

// Label returns the endpoint's Name, or when it has none
// sanafeed.WebhookID(URL).
func (w Webhook) Label() string {
	if w.Name != "" {
		return w.Name
	}
	return sanafeed.WebhookID(w.URL)
}

// Default returns the built-in configuration: the six sana.sy editions,
// polled every ten minutes, served on 127.0.0.1:8080, no webhooks.
func Default() Config {
	c := Config{
		DataDir:   "sanafeed-data",
		Listen:    defaultListen,
		PublicURL: "http://" + defaultListen,
		Server: Server{MaxConnections: 1024, ReadTimeout: Duration{30 * time.Second}, WriteTimeout: Duration{time.Minute},
			MemoryLimit: DefaultMemoryLimit},
		Poll: Poll{
			Interval:         Duration{10 * time.Minute},
			Timeout:          Duration{30 * time.Second},
			FirstByteTimeout: Duration{15 * time.Second},
			MaxInFlight:      2,
			MaxBytes:         10 << 20,
			UserAgent:        sanafeed.DefaultUserAgent,
			ListingPages:     2,
			Robots:           true,
			CatchUp:          Duration{7 * 24 * time.Hour},
			StaleAfter:       Duration{30 * time.Minute},
		},
		Feeds:   Feeds{Items: 50, OPMLMinItems: 3},
		Pages:   Pages{Keep: Duration{30 * 24 * time.Hour}},
		Stories: defaultStories(),
		Log:     Log{Format: "auto", Level: "info"},
		WebSub:  defaultWebSub(),
	}
	for _, e := range sanafeed.Editions {
		u := "https://sana.sy" + e.Path
		c.Sources = append(c.Sources, Source{Lang: e.Lang, URL: u, Rules: sanafeed.DefaultRules(u)})
	}
	return c
}

// defaultWebSub returns the defaults of the [websub] table.
func defaultWebSub() WebSub {
	return WebSub{
		Enabled:          true,
		Lease:            Duration{240 * time.Hour},
		MaxLease:         Duration{720 * time.Hour},
		VerifyTimeout:    Duration{5 * time.Second},
		MaxSubscriptions: 1000,
		MaxPerHost:       20,
		DeliveryRate:     2,
	}
}

// Sanafeed returns the configured sources as sanafeed.Sources, each with its
// interval filled in (poll.interval when the source sets none).
func (c Config) Sanafeed() []sanafeed.Source {
	out := make([]sanafeed.Source, 0, len(c.Sources))
	for _, s := range c.Sources {
		iv := s.Interval.Duration
		if iv == 0 {
			iv = c.Poll.Interval.Duration
		}
		out = append(out, sanafeed.Source{Lang: s.Lang, URL: s.URL, Interval: iv, Rules: s.Rules})
	}
	return out
}

// A Duration is a time.Duration written in TOML as a string such as "10m",
// "90s" or "1h30m". Negative durations are an error.
type Duration struct{ time.Duration }

// UnmarshalText parses a duration string such as "10m".
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(text)))
	if err != nil {
		return fmt.Errorf("bad duration %q (want a number and a unit, e.g. \"90s\", \"10m\", \"1h30m\")", text)
	}
	if v < 0 {
		return fmt.Errorf("negative duration %q", text)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration in its shortest form: "10m", "1h30m", "1.5s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String returns the duration in its shortest form, e.g. "10m" rather than "10m0s".
func (d Duration) String() string {
	v := d.Duration
	if v == 0 {
		return "0s"
	}
	if v < 0 || v%time.Second != 0 {
		return v.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := v / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			v -= n * u.unit
		}
	}
	return b.String()
}

// An Error is one problem with a configuration. Parse and Load return
// every problem found, joined with errors.Join; use errors.As to get at
// the first one.
type Error struct {
	File string // the file's path; "" when parsed from a reader
	Line int    // 1-based; 0 when not known
	Key  string // the key, e.g. "source[2].lang" ([[source]] tables count from 1); "" when none
	Msg  string // what is wrong; names the key when there is one
	Err  error  // the underlying error, if any
}

// Error returns "FILE:LINE: MSG", leaving out the parts that are not known
// ("line LINE: MSG" without a file).
func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return e.File + ": " + e.Msg
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// keyError returns an *Error for key, its message prefixed with the key.
func keyError(key, format string, args ...any) *Error {
	return &Error{Key: key, Msg: key + ": " + fmt.Sprintf(format, args...)}
}

// join returns errs joined, or nil when there are none.
func join(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}
