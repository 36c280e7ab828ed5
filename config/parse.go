package config

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"net"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/sanafeed/sanafeed"
)

// maxFileBytes bounds a configuration file: the TOML parser's time and
// memory grow fast on pathological input.
const maxFileBytes = 1 << 20

// Parse reads a TOML configuration from r over the defaults (Default) and
// validates it. Tables and keys the file leaves out keep their defaults,
// except that any [[source]] tables replace the default sources rather than
// add to them, and public_url defaults to "http://" + listen (with
// localhost for an unspecified host such as ":8080" or "0.0.0.0:8080").
//
// On error the returned Config is not to be used, and the error joins
// (errors.Join) one *Error per problem, in line order, each naming its line
// when known and its key, e.g. `line 7: unknown key "poll.intervall"`.
// Unknown keys, values of the wrong type and invalid values are all errors.
func Parse(r io.Reader) (Config, error) { return parse("", r) }

// Load reads and parses the file at path, as Parse does. Every error
// message starts with "PATH:LINE: ", or "PATH: " when no line applies (the
// file cannot be read).
func Load(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Default(), join([]*Error{ioError(path, err)})
	}
	defer f.Close()
	return parse(path, f)
}

// parse reads r, naming it file in errors.
func parse(file string, r io.Reader) (Config, error) {
	c := Default()
	src, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return c, join([]*Error{ioError(file, err)})
	}
	if len(src) > maxFileBytes {
		return c, join([]*Error{{File: file, Msg: "too large (more than 1 MiB)"}})
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		return c, join([]*Error{syntaxError(file, string(src), err)})
	}
	var d decoder
	d.config(raw, &c)
	if _, ok := raw["public_url"]; !ok {
		c.PublicURL = defaultPublicURL(c.Listen)
	}
	errs := d.errs
	failed := map[string]bool{}
	for _, e := range d.errs {
		failed[e.Key] = true
	}
	for _, e := range c.validate() {
		if !within(e.Key, failed) { // say only once what is wrong with a key
			errs = append(errs, e)
		}
	}
	if len(errs) == 0 {
		return c, nil
	}
	lines := scanLines(string(src))
	for _, e := range errs {
		e.File, e.Line = file, lines.find(e.Key)
	}
	slices.SortStableFunc(errs, func(a, b *Error) int { return cmp.Compare(sortLine(a.Line), sortLine(b.Line)) })
	return c, join(errs)
}

// sortLine orders errors without a line after those with one.
func sortLine(n int) int {
	if n == 0 {
		return math.MaxInt
	}
	return n
}

// ioError reports a file that cannot be read as "PATH: reason".
func ioError(file string, err error) *Error {
	msg := err.Error()
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		msg = pe.Err.Error()
	}
	return &Error{File: file, Msg: msg, Err: err}
}

// syntaxError converts the TOML parser's error, keeping its line and
// naming the key defined on that line when there is one.
func syntaxError(file, src string, err error) *Error {
	pe, ok := errors.AsType[toml.ParseError](err)
	if !ok {
		return &Error{File: file, Msg: err.Error(), Err: err}
	}
	e := &Error{File: file, Line: pe.Position.Line, Msg: "syntax error: " + pe.Message, Err: err}
	if key := scanLines(src).onLine(e.Line); key != "" {
		e.Key, e.Msg = key, key+": "+e.Msg
	}
	return e
}

// defaultPublicURL returns the URL sanafeed is reached at when it listens
// on listen: an unspecified host becomes localhost.
func defaultPublicURL(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://" + listen
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// A decoder fills a Config from the TOML parser's generic tree, checking
// every key and type and collecting every problem.
type decoder struct {
	errs []*Error
}

// fail records a problem with key.
func (d *decoder) fail(key, format string, args ...any) {
	d.errs = append(d.errs, keyError(key, format, args...))
}

// typeErr records a value of the wrong type.
func (d *decoder) typeErr(key, want string, v any) {
	d.fail(key, "want %s, got %s", want, describe(v))
}

// within reports whether key or a table or array holding it is in keys.
func within(key string, keys map[string]bool) bool {
	for ; key != ""; key = parentKey(key) {
		if keys[key] {
			return true
		}
	}
	return false
}

// A setter stores the value v found at key.
type setter func(key string, v any)

// table decodes the table m, named prefix, with one setter per known key;
// other keys are errors.
func (d *decoder) table(prefix string, m map[string]any, fields map[string]setter) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key := joinKey(prefix, k)
		if set, ok := fields[k]; ok {
			set(key, m[k])
		} else {
			d.errs = append(d.errs, &Error{Key: key, Msg: fmt.Sprintf("unknown key %q", key)})
		}
	}
}

// config decodes the whole file.
func (d *decoder) config(m map[string]any, c *Config) {
	d.table("", m, map[string]setter{
		"data_dir":       d.str(&c.DataDir),
		"listen":         d.str(&c.Listen),
		"public_url":     d.publicURL(&c.PublicURL),
		"metrics_listen": d.str(&c.MetricsListen),
		"server": d.sub(func(key string, t map[string]any) {
			d.table(key, t, map[string]setter{
				"max_connections": d.integer(&c.Server.MaxConnections),
				"read_timeout":    d.duration(&c.Server.ReadTimeout),
				"write_timeout":   d.duration(&c.Server.WriteTimeout),
			})
		}),
		"poll": d.sub(func(key string, t map[string]any) { d.poll(key, t, &c.Poll) }),
		"feeds": d.sub(func(key string, t map[string]any) {
			d.table(key, t, map[string]setter{
				"items":          d.integer(&c.Feeds.Items),
				"opml_min_items": d.integer(&c.Feeds.OPMLMinItems),
			})
		}),
		"log": d.sub(func(key string, t map[string]any) {
			d.table(key, t, map[string]setter{"format": d.str(&c.Log.Format), "level": d.str(&c.Log.Level)})
		}),
		"pages": d.sub(func(key string, t map[string]any) {
			d.table(key, t, map[string]setter{"keep": d.duration(&c.Pages.Keep)})
		}),
		"stories": d.sub(func(key string, t map[string]any) {
			d.table(key, t, map[string]setter{
				"revisions":   d.integer(&c.Stories.Revisions),
				"fold":        d.boolean(&c.Stories.Fold),
				"fold_window": d.duration(&c.Stories.FoldWindow),
				"tag_support": d.integer(&c.Stories.TagSupport),
			})
		}),
		"websub": d.sub(func(key string, t map[string]any) {
			d.table(key, t, map[string]setter{
				"enabled":   d.boolean(&c.WebSub.Enabled),
				"hub":       d.str(&c.WebSub.Hub),
				"lease":     d.duration(&c.WebSub.Lease),
				"max_lease": d.duration(&c.WebSub.MaxLease),

				"allow_callbacks": d.strings(&c.WebSub.AllowCallbacks),
				"verify_timeout":  d.duration(&c.WebSub.VerifyTimeout),

				"max_subscriptions": d.integer(&c.WebSub.MaxSubscriptions),
				"max_per_host":      d.integer(&c.WebSub.MaxPerHost),
				"delivery_rate":     d.integer(&c.WebSub.DeliveryRate),
			})
		}),
		"source": func(key string, v any) {
			c.Sources = []Source{} // replace the defaults, even with none
			d.array(key, v, func(key string, t map[string]any) { c.Sources = append(c.Sources, d.source(key, t)) })
		},
		"webhook": func(key string, v any) {
			c.Webhooks = nil
			d.array(key, v, func(key string, t map[string]any) { c.Webhooks = append(c.Webhooks, d.webhook(key, t)) })
		},
	})
}

// poll decodes the [poll] table.
func (d *decoder) poll(key string, t map[string]any, p *Poll) {
	d.table(key, t, map[string]setter{
		"interval":           d.duration(&p.Interval),
		"crawl_delay":        d.durationPtr(&p.CrawlDelay),
		"timeout":            d.duration(&p.Timeout),
		"first_byte_timeout": d.duration(&p.FirstByteTimeout),
		"max_in_flight":      d.integer(&p.MaxInFlight),
		"max_bytes":          d.int64(&p.MaxBytes),
		"user_agent":         d.str(&p.UserAgent),
		"listing_pages":      d.integer(&p.ListingPages),
		"robots":             d.boolean(&p.Robots),
		"catch_up":           d.duration(&p.CatchUp),
		"stale_after":        d.duration(&p.StaleAfter),
		"max_silence":        d.duration(&p.MaxSilence),
	})
}

// source decodes one [[source]] table. Its rules start as
// sanafeed.DefaultRules of its url; each rule key set replaces that rule.
func (d *decoder) source(key string, t map[string]any) Source {
	var s Source
	u, _ := t["url"].(string) // a url of the wrong type is reported below
	r := sanafeed.DefaultRules(u)
	page := func(key string, t map[string]any) {
		fields := map[string]setter{}
		for _, f := range r.Page.Fields() {
			fields[f.Key] = d.list(f.List)
		}
		d.table(key, t, fields)
	}
	listing := func(key string, t map[string]any) {
		d.table(key, t, map[string]setter{"item": d.list(&r.Listing.Item), "next": d.list(&r.Listing.Next)})
	}
	d.table(key, t, map[string]setter{
		"lang": d.str(&s.Lang),
		"url":  d.str(&s.URL),
		"interval": func(key string, v any) {
			n := len(d.errs)
			d.duration(&s.Interval)(key, v)
			if len(d.errs) == n && s.Interval.Duration == 0 {
				d.fail(key, "must be more than 0 (leave it out to use poll.interval)")
			}
		},
		"feeds":    d.list(&r.Feeds),
		"listings": d.list(&r.Listings),
		"sitemaps": d.list(&r.Sitemaps),
		"article":  d.str(&r.Article),
		"skip":     d.list(&r.Skip),
		"page":     d.sub(page),
		"listing":  d.sub(listing),
	})
	s.Rules = r
	return s
}

// webhook decodes one [[webhook]] table.
func (d *decoder) webhook(key string, t map[string]any) Webhook {
	var w Webhook
	d.table(key, t, map[string]setter{
		"url":     d.str(&w.URL),
		"name":    d.str(&w.Name),
		"secret":  d.str(&w.Secret),
		"secrets": d.strings(&w.Secrets),
		"langs":   d.strings(&w.Langs),
		"tags":    d.strings(&w.Tags),
		"events":  d.strings(&w.Events),
		"match":   d.strings(&w.Match),
	})
	return w
}

// sub returns a setter for a table, decoded by f.
func (d *decoder) sub(f func(key string, t map[string]any)) setter {
	return func(key string, v any) {
		t, ok := v.(map[string]any)
		if !ok {
			d.typeErr(key, "a table", v)
			return
		}
		f(key, t)
	}
}

// array decodes an array of tables ([[key]] or key = [{…}, …]), calling
// each with every element's key ("key[1]"…) and table; an element that is
// not a table is an error and passed on as an empty table, so that later
// elements keep their numbers.
func (d *decoder) array(key string, v any, each func(key string, t map[string]any)) {
	var elems []any
	switch a := v.(type) {
	case []map[string]any:
		for _, t := range a {
			elems = append(elems, t)
		}
	case []any:
		elems = a
	default:
		d.typeErr(key, "[["+key+"]] tables", v)
		return
	}
	for i, e := range elems {
		k := fmt.Sprintf("%s[%d]", key, i+1)
		t, ok := e.(map[string]any)
		if !ok {
			d.typeErr(k, "a table", e)
		}
		each(k, t)
	}
}

// str returns a setter for a string.
func (d *decoder) str(dst *string) setter {
	return func(key string, v any) {
		if s, ok := v.(string); ok {
			*dst = s
		} else {
			d.typeErr(key, "a string", v)
		}
	}
}

// publicURL returns a setter for public_url, which drops trailing slashes.
func (d *decoder) publicURL(dst *string) setter {
	set := d.str(dst)
	return func(key string, v any) {
		set(key, v)
		trimmed := strings.TrimRight(*dst, "/")
		if i := strings.Index(trimmed, "://"); i >= 0 && len(trimmed) > i+3 {
			*dst = trimmed
		}
	}
}

// integer returns a setter for an int.
func (d *decoder) integer(dst *int) setter {
	return func(key string, v any) {
		n, ok := v.(int64)
		if !ok || int64(int(n)) != n {
			d.typeErr(key, "an integer", v)
			return
		}
		*dst = int(n)
	}
}

// int64 returns a setter for an int64.
func (d *decoder) int64(dst *int64) setter {
	return func(key string, v any) {
		if n, ok := v.(int64); ok {
			*dst = n
		} else {
			d.typeErr(key, "an integer", v)
		}
	}
}

// boolean returns a setter for a bool.
func (d *decoder) boolean(dst *bool) setter {
	return func(key string, v any) {
		if b, ok := v.(bool); ok {
			*dst = b
		} else {
			d.typeErr(key, "true or false", v)
		}
	}
}

// duration returns a setter for a Duration written as a string.
func (d *decoder) duration(dst *Duration) setter {
	return func(key string, v any) {
		s, ok := v.(string)
		if !ok {
			d.typeErr(key, `a duration string like "10m"`, v)
			return
		}
		var x Duration
		if err := x.UnmarshalText([]byte(s)); err != nil {
			d.fail(key, "%s", err.Error())
			return
		}
		*dst = x
	}
}

// durationPtr returns a setter for an optional Duration.
func (d *decoder) durationPtr(dst **Duration) setter {
	return func(key string, v any) {
		x := new(Duration)
		n := len(d.errs)
		d.duration(x)(key, v)
		if len(d.errs) == n {
			*dst = x
		}
	}
}

// strings returns a setter for an array of strings. An empty array is nil;
// an element of the wrong type is an error and kept as "", so that later
// elements keep their numbers.
func (d *decoder) strings(dst *[]string) setter {
	return func(key string, v any) {
		arr, ok := v.([]any)
		if !ok {
			d.typeErr(key, "an array of strings", v)
			return
		}
		*dst = d.elements(key, arr)
	}
}

// list returns a setter for a rule that takes a list of strings or one
// string (a list of one). An empty array sets the rule to none (nil).
func (d *decoder) list(dst *[]string) setter {
	return func(key string, v any) {
		if s, ok := v.(string); ok {
			*dst = []string{s}
			return
		}
		arr, ok := v.([]any)
		if !ok {
			d.typeErr(key, "a string or an array of strings", v)
			return
		}
		*dst = d.elements(key, arr)
	}
}

// elements returns the strings of arr, an array at key; an element of the
// wrong type is an error and kept as "".
func (d *decoder) elements(key string, arr []any) []string {
	var out []string
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			d.typeErr(fmt.Sprintf("%s[%d]", key, i+1), "a string", e)
		}
		out = append(out, s)
	}
	return out
}

// describe names v's TOML type, with the value when it is short and plain.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return fmt.Sprintf("string %q", v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return fmt.Sprintf("float %v", v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return "a date or time"
}
