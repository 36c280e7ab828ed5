package config

import (
	"fmt"
	"io"
	"strings"

	"github.com/sanafeed/sanafeed"
)

// Encode writes c as TOML, every default filled in, for `sanafeed check`.
// Webhook secrets are redacted to their first six characters and "…"
// ("whsec_…"), and webhook URLs lose their userinfo and query
// (sanafeed.RedactURL), where tokens travel; apart from them, Parse reads
// the output back to c.
// Unset optional values (poll.crawl_delay, a source's interval) are shown
// as comments.
func (c Config) Encode(w io.Writer) error {
	_, err := io.WriteString(w, c.encode(true))
	return err
}

// encode returns c as TOML, with webhook secrets redacted when redact.
func (c Config) encode(redact bool) string {
	var e encoder
	e.line("# sanafeed configuration, defaults filled in")
	e.str("data_dir", c.DataDir)
	e.str("listen", c.Listen)
	e.str("public_url", c.PublicURL)
	if c.MetricsListen != "" {
		e.str("metrics_listen", c.MetricsListen)
	} else {
		e.line("# metrics_listen unset: /metrics is served on listen")
	}
	if len(c.Sources) == 0 {
		e.line("source = []") // before any table, or it would land in one
	}

	sv := c.Server
	e.line("\n[server]")
	e.line("max_connections = %d", sv.MaxConnections)
	e.dur("read_timeout", sv.ReadTimeout)
	e.dur("write_timeout", sv.WriteTimeout)

	p := c.Poll
	e.line("\n[poll]")
	e.dur("interval", p.Interval)
	if p.CrawlDelay != nil {
		e.dur("crawl_delay", *p.CrawlDelay)
	} else {
		e.line("# crawl_delay unset: the host's robots.txt Crawl-delay, else 1s")
	}
	e.dur("timeout", p.Timeout)
	e.dur("first_byte_timeout", p.FirstByteTimeout)
	e.line("max_in_flight = %d", p.MaxInFlight)
	e.line("max_bytes = %d", p.MaxBytes)
	e.str("user_agent", p.UserAgent)
	e.line("listing_pages = %d", p.ListingPages)
	e.line("robots = %t", p.Robots)
	e.dur("catch_up", p.CatchUp)
	e.dur("stale_after", p.StaleAfter)
	e.dur("max_silence", p.MaxSilence)

	e.line("\n[feeds]")
	e.line("items = %d", c.Feeds.Items)
	e.line("opml_min_items = %d", c.Feeds.OPMLMinItems)

	e.line("\n[log]")
	e.str("format", c.Log.Format)
	e.str("level", c.Log.Level)

	e.line("\n[pages]")
	e.dur("keep", c.Pages.Keep)

	e.line("\n[stories]")
	e.line("revisions = %d", c.Stories.Revisions)
	e.line("fold = %t", c.Stories.Fold)
	e.dur("fold_window", c.Stories.FoldWindow)
	e.line("tag_support = %d", c.Stories.TagSupport)

	ws := c.WebSub
	e.line("\n[websub]")
	e.line("enabled = %t", ws.Enabled)
	if ws.Hub != "" {
		e.str("hub", ws.Hub)
	} else {
		e.line("# hub unset: the built-in hub at %s/websub", c.PublicURL)
	}
	e.dur("lease", ws.Lease)
	e.dur("max_lease", ws.MaxLease)
	if len(ws.AllowCallbacks) == 0 {
		e.line("# allow_callbacks unset: the built-in hub calls back public addresses only")
	}
	e.list("allow_callbacks", ws.AllowCallbacks)
	e.dur("verify_timeout", ws.VerifyTimeout)
	e.line("max_subscriptions = %d", ws.MaxSubscriptions)
	e.line("max_per_host = %d", ws.MaxPerHost)
	e.line("delivery_rate = %d", ws.DeliveryRate)

	for _, s := range c.Sources {
		e.line("\n[[source]]")
		e.str("lang", s.Lang)
		e.str("url", s.URL)
		if s.Interval.Duration != 0 {
			e.dur("interval", s.Interval)
		} else {
			e.line("# interval unset: poll.interval (%s)", p.Interval)
		}
		e.rules(s.Rules)
	}

	for _, h := range c.Webhooks {
		e.line("\n[[webhook]]")
		if redact {
			e.str("url", sanafeed.RedactURL(h.URL))
		} else {
			e.str("url", h.URL)
		}
		if h.Name != "" {
			e.str("name", h.Name)
		} else {
			e.line("# name unset: %s (a hash of the url)", h.Label())
		}
		secrets := h.Secrets
		if redact {
			secrets = make([]string, len(h.Secrets))
			for i, s := range h.Secrets {
				secrets[i] = redactSecret(s)
			}
		}
		if h.Secret != "" {
			if redact {
				e.str("secret", redactSecret(h.Secret))
			} else {
				e.str("secret", h.Secret)
			}
		}
		e.list("secrets", secrets)
		e.list("langs", h.Langs)
		e.list("tags", h.Tags)
		if len(h.Events) == 0 {
			e.line("# events unset: all")
		}
		e.list("events", h.Events)
		if len(h.Match) == 0 {
			e.line("# match unset: every article")
		}
		e.list("match", h.Match)
	}
	return e.b.String()
}

// rules writes a source's rules, every one as in force (docs/tuning.md).
func (e *encoder) rules(r sanafeed.Rules) {
	e.rules0("feeds", r.Feeds, "none: the source is read from its pages only")
	e.rules0("listings", r.Listings, "none besides those discovered")
	e.rules0("sitemaps", r.Sitemaps, "discovered: robots.txt's Sitemap lines, else sitemap_index.xml, else wp-sitemap.xml")
	e.line("article = %s", literal(r.Article))
	e.rules0("skip", r.Skip, "")
	e.line("\n[source.page]")
	for _, f := range r.Page.Fields() {
		e.rules0(f.Key, *f.List, "")
	}
	e.line("\n[source.listing]")
	e.rules0("item", r.Listing.Item, "")
	e.rules0("next", r.Listing.Next, "")
}

// rules0 writes key = [...], [] included, with a comment saying what
// an empty list means when it is empty and note says.
func (e *encoder) rules0(key string, list []string, note string) {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = literal(s)
	}
	if len(list) == 0 && note != "" {
		e.line("%s = [] # %s", key, note)
		return
	}
	e.line("%s = [%s]", key, strings.Join(q, ", "))
}

// literal returns s as a TOML literal string ('…', no escapes: easier
// to read for selectors and regular expressions) when it can be one,
// else as a basic string.
func literal(s string) string {
	if strings.ContainsAny(s, "'\n\r") || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return quote(s)
	}
	return "'" + s + "'"
}

// redactSecret returns the first six characters of s (the "whsec_"
// prefix) and "…".
func redactSecret(s string) string {
	r := []rune(s)
	if len(r) > 6 {
		r = r[:6]
	}
	return string(r) + "…"
}

// An encoder builds TOML text.
type encoder struct {
	b strings.Builder
}

// line writes one formatted line.
func (e *encoder) line(format string, args ...any) {
	fmt.Fprintf(&e.b, format, args...)
	e.b.WriteByte('\n')
}

// str writes key = "s".
func (e *encoder) str(key, s string) { e.line("%s = %s", key, quote(s)) }

// dur writes key = "10m".
func (e *encoder) dur(key string, d Duration) { e.str(key, d.String()) }

// list writes key = ["a", "b"], or nothing when list is empty.
func (e *encoder) list(key string, list []string) {
	if len(list) == 0 {
		return
	}
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = quote(s)
	}
	e.line("%s = [%s]", key, strings.Join(q, ", "))
}

// quote returns s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
