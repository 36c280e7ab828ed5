package config_test

import (
	"bytes"
	"errors"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
)

const (
	secret1 = "whsec_c2FuYWZlZWQtdGVzdC1zZWNyZXQtMjRi"
	secret2 = "whsec_YW5vdGhlci1yb3RhdGlvbi1zZWNyZXQtMzItYnl0ZXM="
)

// load writes text to sanafeed.toml in a temporary directory and loads it.
func load(t *testing.T, text string) (config.Config, string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sanafeed.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(path)
	return c, path, err
}

// mustParse parses text and fails the test on error.
func mustParse(t *testing.T, text string) config.Config {
	t.Helper()
	c, err := config.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatalf("Parse() err = %v", err)
	}
	return c
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		key        string // as it must appear in the message
		msg        string // part of the message
	}{
		{"unknown key", "[poll]\ninterval = \"5m\"\nintervall = \"5m\"\n",
			3, "poll.intervall", `unknown key "poll.intervall"`},
		{"unknown dotted key", "listen = \"127.0.0.1:1\"\npoll.intervall = \"5m\"\n",
			2, "poll.intervall", `unknown key "poll.intervall"`},
		{"unknown table", "[poll]\n\n[extra]\nx = 1\n", 3, "extra", `unknown key "extra"`},
		{"unknown key in second source", srcs("en", "ar") + "langg = \"x\"\n",
			8, "source[2].langg", `unknown key "source[2].langg"`},
		{"bad duration", "[poll]\ninterval = \"ten minutes\"\n", 2, "poll.interval", `bad duration "ten minutes"`},
		{"negative duration", "[poll]\n\ntimeout = \"-5s\"\n", 3, "poll.timeout", `negative duration "-5s"`},
		{"negative max_silence", "[poll]\nmax_silence = \"-1h\"\n", 2, "poll.max_silence", `negative duration "-1h"`},
		{"duration not a string", "[poll]\nstale_after = 30\n", 2, "poll.stale_after", `want a duration string like "10m", got integer 30`},
		{"too short interval", "[poll]\ninterval = \"500ms\"\n", 2, "poll.interval", "too short"},
		{"max_in_flight out of range", "[poll]\nmax_in_flight = 0\n", 2, "poll.max_in_flight", "0 is out of range (want 1 to 8)"},
		{"first_byte_timeout zero", "[poll]\n\nfirst_byte_timeout = \"0s\"\n", 3, "poll.first_byte_timeout", "must be more than 0"},
		{"first_byte_timeout not a duration", "[poll]\nfirst_byte_timeout = 15\n", 2, "poll.first_byte_timeout", `want a duration string like "10m", got integer 15`},
		{"too short catch_up", "[poll]\n\ncatch_up = \"10m\"\n", 3, "poll.catch_up", "too short"},
		{"catch_up not a duration", "[poll]\ncatch_up = 7\n", 2, "poll.catch_up", `want a duration string like "10m", got integer 7`},
		{"zero source interval", srcs("en") + "interval = \"0s\"\n", 4, "source[1].interval", "must be more than 0"},
		{"wrong type", "[feeds]\nitems = \"fifty\"\n", 2, "feeds.items", `want an integer, got string "fifty"`},
		{"wrong type bool", "[poll]\nrobots = \"yes\"\n", 2, "poll.robots", `want true or false`},
		{"table expected", "poll = 5\n", 1, "poll", "want a table, got integer 5"},
		{"items out of range", "[feeds]\nitems = 5000\n", 2, "feeds.items", "5000 is out of range (want 1 to 1000)"},
		{"listing pages out of range", "[poll]\nlisting_pages = 51\n", 2, "poll.listing_pages", "out of range"},
		{"max bytes zero", "[poll]\nmax_bytes = 0\n", 2, "poll.max_bytes", "out of range"},
		{"listen not host:port", "listen = \"8080\"\n", 1, "listen", `"8080" is not host:port`},
		{"public url with query", "\npublic_url = \"https://x.org/?a=1\"\n", 2, "public_url", "must not have a query"},
		{"bad source url", srcs("en") + "\n[[source]]\nlang = \"ar\"\nurl = \"ftp://sana.sy/\"\n",
			7, "source[2].url", `"ftp://sana.sy/" is not an absolute http or https URL`},
		{"unknown language", srcs("en") + "\n[[source]]\nlang = \"de\"\nurl = \"https://sana.sy/de/\"\n",
			6, "source[2].lang", `unknown language "de" (want one of ar, en, tr, fr, es, ku)`},
		{"duplicate language", srcs("en", "ar", "en"), 10, "source[3].lang", `duplicate language "en" (already in source[1])`},
		{"no sources", "source = []\n", 1, "source", "no sources"},
		{"source not an array", "[source]\nlang = \"en\"\n", 1, "source", "want [[source]] tables, got a table"},
		{"inline sources", "source = [\n  {lang = \"en\", url = \"https://sana.sy/en/\"},\n  {lang = \"xx\", url = \"https://sana.sy/\"},\n]\n",
			3, "source[2].lang", `unknown language "xx"`},
		{"webhook without url", "[[webhook]]\nsecret = \"" + secret1 + "\"\n", 1, "webhook[1].url", "required"},
		{"webhook without secret", "[[webhook]]\nurl = \"https://example.org/\"\n\n[[webhook]]\nurl = \"https://example.org/\"\n",
			1, "webhook[1].secret", "required"},
		{"bad secret", hook("secret = \"whsec_dG9vIHNob3J0\""), 3, "webhook[1].secret", "not a Standard Webhooks secret"},
		{"bad rotation secret", hook("secrets = [\n  \"" + secret2 + "\",\n  \"hunter2\",\n]"), 5, "webhook[1].secrets[2]", "not a Standard Webhooks secret"},
		{"unknown event", hook("events = [\"article.created\", \"article.deleted\"]"),
			3, "webhook[1].events[2]", `unknown event "article.deleted" (want one of article.created, article.updated, article.translation_linked)`},
		{"match word too short", hook("match = [\"Aleppo\", \"x\"]"), 3, "webhook[1].match[2]", `term "x" has fewer than 2 letters or digits`},
		{"match too many words", hook("match = [\"a1\", \"a2\", \"a3\", \"a4\", \"a5\", \"a6\", \"a7\", \"a8\", \"a9\"]"), 3, "webhook[1].match", "9 words; at most 8"},
		{"match not a list", hook("match = \"Aleppo\""), 3, "webhook[1].match", "want an array of strings"},
		{"webhook unknown language", hook("langs = [\"en\", \"de\"]"), 3, "webhook[1].langs[2]", `unknown language "de"`},
		{"string list of wrong type", hook("tags = [\"a\", 7]"), 3, "webhook[1].tags[2]", "want a string, got integer 7"},
		{"after multi-line string", "data_dir = \"\"\"a\nb = 1\n[x]\n\"\"\"\n[poll]\nrobots = 1\n", 6, "poll.robots", "want true or false"},
		{"websub bad hub", "[websub]\nhub = \"ftp://hub.example.org/\"\n", 2, "websub.hub", "not an absolute http or https URL"},
		{"websub hub fragment", "[websub]\n\nhub = \"https://hub.example.org/#x\"\n", 3, "websub.hub", "must not have a fragment"},
		{"websub lease too short", "[websub]\nlease = \"10s\"\n", 2, "websub.lease", "10s is too short (want at least 1m)"},
		{"websub max lease below lease", "[websub]\nlease = \"48h\"\nmax_lease = \"24h\"\n", 3, "websub.max_lease", "24h is shorter than websub.lease (48h)"},
		{"websub enabled not bool", "[websub]\nenabled = \"yes\"\n", 2, "websub.enabled", "want true or false"},
		{"websub unknown key", "[websub]\nenabled = true\nhubb = \"x\"\n", 3, "websub.hubb", `unknown key "websub.hubb"`},
		{"websub bad lease", "[websub]\nlease = \"ten days\"\n", 2, "websub.lease", `bad duration "ten days"`},
		{"websub allow_callbacks not a list", "[websub]\nallow_callbacks = \"10.0.0.0/8\"\n", 2, "websub.allow_callbacks", "want an array of strings"},
		{"websub allow_callbacks bad cidr", "[websub]\nallow_callbacks = [\n  \"127.0.0.0/8\",\n  \"10.1.2.0/33\",\n]\n", 4, "websub.allow_callbacks[2]",
			`"10.1.2.0/33" is not a CIDR such as "10.1.2.0/24" or an IP address`},
		{"websub verify_timeout too long", "[websub]\nverify_timeout = \"5m\"\n", 2, "websub.verify_timeout", "5m is out of range (want 1s to 1m)"},
		{"websub verify_timeout zero", "[websub]\n\nverify_timeout = \"0s\"\n", 3, "websub.verify_timeout", "0s is out of range (want 1s to 1m)"},
		{"websub verify_timeout not a duration", "[websub]\nverify_timeout = 5\n", 2, "websub.verify_timeout", `want a duration string like "10m", got integer 5`},
		{"websub max_subscriptions zero", "[websub]\nmax_subscriptions = 0\n", 2, "websub.max_subscriptions", "0 is out of range (want 1 to 1000000)"},
		{"websub max_subscriptions not an integer", "[websub]\nmax_subscriptions = \"many\"\n", 2, "websub.max_subscriptions", `want an integer, got string "many"`},
		{"websub max_per_host over max_subscriptions", "[websub]\nmax_subscriptions = 10\n\nmax_per_host = 20\n", 4, "websub.max_per_host",
			"20 is out of range (want 1 to websub.max_subscriptions, 10)"},
		{"websub max_per_host negative", "[websub]\nmax_per_host = -1\n", 2, "websub.max_per_host", "-1 is out of range"},
		{"websub delivery_rate zero", "[websub]\ndelivery_rate = 0\n", 2, "websub.delivery_rate", "0 is out of range (want 1 to 1000 deliveries a second)"},
		{"websub delivery_rate not an integer", "[websub]\n\ndelivery_rate = 1.5\n", 3, "websub.delivery_rate", "want an integer, got float 1.5"},
		{"websub allow_callbacks name", "[websub]\nallow_callbacks = [\"localhost\"]\n", 2, "websub.allow_callbacks[1]", `"localhost" is not a CIDR`},
		// The rule keys of [[source]], [source.page] and [source.listing].
		{"feeds not a list", srcs("en") + "feeds = 3\n", 4, "source[1].feeds", "want a string or an array of strings, got integer 3"},
		{"feeds bad url", srcs("en") + "feeds = [\"feed/\", \"ftp://x.org/feed\"]\n", 4, "source[1].feeds[2]", "does not resolve to an http(s) URL"},
		{"listings wrong element", srcs("en") + "listings = [\"\", 2]\n", 4, "source[1].listings[2]", "want a string, got integer 2"},
		{"sitemaps bad url", srcs("en") + "sitemaps = \"ftp://x.org/sitemap.xml\"\n", 4, "source[1].sitemaps", "does not resolve"},
		{"article bad regexp", srcs("en") + "article = '^/en/(?P<id>[0-9]+'\n", 4, "source[1].article", "bad regular expression"},
		{"article empty", srcs("en") + "article = ''\n", 4, "source[1].article", "empty"},
		{"article without id and no page.id", srcs("en") + "article = '^/en/[0-9]{4}/[^/]+/$'\n\n[source.page]\nid = []\n", 4,
			"source[1].article", "has no group named id, and page.id is empty"},
		{"skip bad regexp", srcs("en") + "skip = ['^/en/video/', '(']\n", 4, "source[1].skip[2]", "bad regular expression"},
		{"page not a table", srcs("en") + "page = \"h1\"\n", 4, "source[1].page", "want a table"},
		{"page unknown key", srcs("en") + "\n[source.page]\ntitel = \"h1\"\n", 6, "source[1].page.titel", `unknown key "source[1].page.titel"`},
		{"page.id bad selector", srcs("en") + "[source.page]\nid = \"link[rel=\"\n", 5, "source[1].page.id", "bad CSS selector"},
		{"page.title bad selector", srcs("en", "ar") + "[source.page]\ntitle = [\"h1\", \"h2..x\"]\n", 9, "source[2].page.title[2]", "bad CSS selector"},
		{"page.body takes no attr", srcs("en") + "[source.page]\nbody = \"div.story@class\"\n", 5, "source[1].page.body", "takes no @class"},
		{"page.cut bad selector", srcs("en") + "[source.page]\ncut = \"::\"\n", 5, "source[1].page.cut", "bad CSS selector"},
		{"page.remove bad selector", srcs("en") + "[source.page]\nremove = [\".a\", \"[class*=\"]\n", 5, "source[1].page.remove[2]", "bad CSS selector"},
		{"page.tags takes no attr", srcs("en") + "[source.page]\ntags = \"a@href\"\n", 5, "source[1].page.tags", "takes no @href"},
		{"page.categories bad selector", srcs("en") + "[source.page]\ncategories = \"a[\"\n", 5, "source[1].page.categories", "bad CSS selector"},
		{"page.author wrong type", srcs("en") + "[source.page]\nauthor = true\n", 5, "source[1].page.author", "want a string or an array of strings"},
		{"page.published bad selector", srcs("en") + "[source.page]\npublished = \"span[data-x=@data-x\"\n", 5, "source[1].page.published", "bad CSS selector"},
		{"page.modified bad selector", srcs("en") + "[source.page]\nmodified = \">\"\n", 5, "source[1].page.modified", "bad CSS selector"},
		{"page.image bad selector", srcs("en") + "[source.page]\nimage = \"img(\"\n", 5, "source[1].page.image", "bad CSS selector"},
		{"page.strip bad regexp", srcs("en") + "[source.page]\nstrip = \"[a-\"\n", 5, "source[1].page.strip", "bad regular expression"},
		{"listing unknown key", srcs("en") + "[source.listing]\nitems = \"a\"\n", 5, "source[1].listing.items", `unknown key "source[1].listing.items"`},
		{"listing.item bad selector", srcs("en") + "[source.listing]\nitem = \"a[\"\n", 5, "source[1].listing.item", "bad CSS selector"},
		{"listing.next bad selector", srcs("en") + "[source.listing]\nnext = \"a..older@href\"\n", 5, "source[1].listing.next", "bad CSS selector"},
		{"pages.keep too short", "[pages]\nkeep = \"10m\"\n", 2, "pages.keep", "too short"},
		{"pages.keep not a duration", "[pages]\nkeep = 30\n", 2, "pages.keep", "want a duration string"},
		{"pages unknown key", "[pages]\nkeep = \"48h\"\nmax = 3\n", 3, "pages.max", `unknown key "pages.max"`},
		{"stories.revisions negative", "[stories]\nrevisions = -1\n", 2, "stories.revisions", "-1 is out of range (want 0 to 1000)"},
		{"stories.revisions too many", "\n[stories]\nrevisions = 1001\n", 3, "stories.revisions", "out of range"},
		{"stories.revisions not an integer", "[stories]\nrevisions = \"ten\"\n", 2, "stories.revisions", `want an integer, got string "ten"`},
		{"stories.fold not a bool", "[stories]\nfold = \"yes\"\n", 2, "stories.fold", `want true or false, got string "yes"`},
		{"stories.fold_window too short", "[stories]\nfold = true\nfold_window = \"30m\"\n", 3, "stories.fold_window", "30m is out of range (want 1h to 720h)"},
		{"stories.fold_window too long", "\n[stories]\nfold_window = \"1000h\"\n", 3, "stories.fold_window", "out of range"},
		{"stories.fold_window not a duration", "[stories]\nfold_window = 72\n", 2, "stories.fold_window", "want a duration string"},
		{"stories.tag_support zero", "[stories]\ntag_support = 0\n", 2, "stories.tag_support", "0 is out of range (want 1 to 1000)"},
		{"stories.tag_support not a number", "\n[stories]\ntag_support = \"2\"\n", 3, "stories.tag_support", "want an integer"},
		{"stories unknown key", "[stories]\ntag_support = 2\ntags = 3\n", 3, "stories.tags", `unknown key "stories.tags"`},
		// [server], metrics_listen and webhook names.
		{"max_connections zero", "[server]\nmax_connections = 0\n", 2, "server.max_connections", "0 is out of range (want 1 to 1000000)"},
		{"max_connections not an integer", "[server]\n\nmax_connections = \"many\"\n", 3, "server.max_connections", `want an integer, got string "many"`},
		{"read_timeout zero", "[server]\nread_timeout = \"0s\"\n", 2, "server.read_timeout", "must be more than 0"},
		{"read_timeout not a duration", "[server]\nread_timeout = 30\n", 2, "server.read_timeout", `want a duration string like "10m", got integer 30`},
		{"write_timeout zero", "[server]\nmax_connections = 8\nwrite_timeout = \"0s\"\n", 3, "server.write_timeout", "must be more than 0"},
		{"server unknown key", "[server]\nmax_conns = 8\n", 2, "server.max_conns", `unknown key "server.max_conns"`},
		{"metrics_listen not host:port", "\nmetrics_listen = \"9090\"\n", 2, "metrics_listen", `"9090" is not host:port`},
		{"metrics_listen is listen", "listen = \"127.0.0.1:8080\"\nmetrics_listen = \"127.0.0.1:8080\"\n", 2, "metrics_listen", `"127.0.0.1:8080" is listen too`},
		{"webhook bad name", hook("name = \"my hook\""), 3, "webhook[1].name", `"my hook" is not a name`},
		{"webhook name not a string", hook("name = 7"), 3, "webhook[1].name", "want a string, got integer 7"},
		{"webhook duplicate name", hook("name = \"a\"") + "\n[[webhook]]\nurl = \"https://example.org/2\"\nname = \"a\"\nsecret = \"" + secret1 + "\"\n",
			8, "webhook[2].name", `duplicate name "a" (already webhook[1]'s)`},
		{"timeout under a second", "[poll]\ntimeout = \"500ms\"\n", 2, "poll.timeout", "500ms is too short (want at least 1s"},
		{"source interval too short for sana.sy", srcs("en") + "interval = \"30s\"\n", 4, "source[1].interval", "30s is too short for sana.sy (want at least 1m against a real site)"},
		{"poll interval too short for sana.sy", "[poll]\ninterval = \"20s\"\n", 2, "poll.interval", "20s is too short for sana.sy, source[ar]"},
		{"log format unknown", "[log]\nformat = \"xml\"\n", 2, "log.format", `unknown format "xml" (want one of auto, text, json)`},
		{"log level unknown", "[log]\nformat = \"json\"\nlevel = \"loud\"\n", 3, "log.level", `unknown level "loud"`},
		{"syntax error", "[poll]\ninterval = \"10m\"\ntimeout = \n", 3, "", "syntax error"},
		{"duplicate key", "[poll]\ninterval = \"10m\"\ninterval = \"5m\"\n", 3, "", "already been defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, path, err := load(t, tt.text)
			if err == nil {
				t.Fatal("Load() err = nil, want an error")
			}
			msg := err.Error()
			if want := path + ":" + strconv.Itoa(tt.line) + ": "; !strings.HasPrefix(msg, want) {
				t.Errorf("Load() err = %q, want it to start with %q", msg, want)
			}
			if !strings.Contains(msg, tt.key) || !strings.Contains(msg, tt.msg) {
				t.Errorf("Load() err = %q, want key %q and %q", msg, tt.key, tt.msg)
			}
			ce, ok := errors.AsType[*config.Error](err)
			if !ok {
				t.Fatalf("Load() err = %T, want a *config.Error", err)
			}
			if ce.File != path || ce.Line != tt.line || (tt.key != "" && ce.Key != tt.key) {
				t.Errorf("Error = {%q %d %q}, want {%q %d %q}", ce.File, ce.Line, ce.Key, path, tt.line, tt.key)
			}
			if strings.Contains(msg, secret1[7:]) || strings.Contains(msg, "hunter2") {
				t.Errorf("Load() err = %q shows a secret", msg)
			}
		})
	}
}

// srcs returns [[source]] tables for langs, each three lines and a blank.
func srcs(langs ...string) string {
	var b strings.Builder
	for i, l := range langs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("[[source]]\nlang = \"" + l + "\"\nurl = \"https://sana.sy/" + l + "/\"\n")
	}
	return b.String()
}

// hook returns a [[webhook]] table with a url, a secret and extra on line 3.
func hook(extra string) string {
	s := "secret = \"" + secret1 + "\""
	if strings.HasPrefix(extra, "secret ") {
		s = "# no secret"
	}
	return "[[webhook]]\nurl = \"https://example.org/\"\n" + extra + "\n" + s + "\n"
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, path, err := load(t, "[feeds]\nitems = 0\n\n[poll]\ninterval = \"x\"\nbogus = 1\n")
	if err == nil {
		t.Fatal("Load() err = nil")
	}
	want := path + `:2: feeds.items: 0 is out of range (want 1 to 1000)` + "\n" +
		path + `:5: poll.interval: bad duration "x" (want a number and a unit, e.g. "90s", "10m", "1h30m")` + "\n" +
		path + `:6: unknown key "poll.bogus"`
	if got := err.Error(); got != want {
		t.Errorf("Load() err =\n%s\nwant\n%s", got, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.toml")
	_, err := config.Load(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load() err = %v, want fs.ErrNotExist", err)
	}
	if want := path + ": no such file or directory"; err.Error() != want {
		t.Errorf("Load() err = %q, want %q", err, want)
	}
}

func TestParseErrorWithoutFile(t *testing.T) {
	_, err := config.Parse(strings.NewReader("\n\n[feeds]\nitems = -1\n"))
	if want := "line 4: feeds.items: -1 is out of range (want 1 to 1000)"; err == nil || err.Error() != want {
		t.Errorf("Parse() err = %v, want %q", err, want)
	}
}

func TestDefault(t *testing.T) {
	c := config.Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	if c.DataDir != "sanafeed-data" || c.Listen != "127.0.0.1:8080" || c.PublicURL != "http://127.0.0.1:8080" {
		t.Errorf("Default() top = %q %q %q", c.DataDir, c.Listen, c.PublicURL)
	}
	p := c.Poll
	if p.Interval.Duration != 10*time.Minute || p.CrawlDelay != nil || p.Timeout.Duration != 30*time.Second ||
		p.MaxBytes != 10<<20 || p.UserAgent != sanafeed.DefaultUserAgent || p.ListingPages != 2 || !p.Robots ||
		p.StaleAfter.Duration != 30*time.Minute {
		t.Errorf("Default().Poll = %+v", p)
	}
	if w := c.WebSub; !w.Enabled || w.Hub != "" || w.Lease.Duration != 240*time.Hour || w.MaxLease.Duration != 720*time.Hour ||
		w.AllowCallbacks != nil || w.VerifyTimeout.Duration != 5*time.Second || w.MaxSubscriptions != 1000 || w.MaxPerHost != 20 ||
		w.DeliveryRate != 2 {
		t.Errorf("Default().WebSub = %+v", w)
	}
	if s := c.Server; s.MaxConnections != 1024 || s.ReadTimeout.Duration != 30*time.Second || s.WriteTimeout.Duration != time.Minute || c.MetricsListen != "" {
		t.Errorf("Default().Server = %+v, MetricsListen = %q", s, c.MetricsListen)
	}
	if c.Feeds.Items != 50 || c.Feeds.OPMLMinItems != 3 || len(c.Webhooks) != 0 {
		t.Errorf("Default() feeds = %+v, webhooks = %v", c.Feeds, c.Webhooks)
	}
	want := []sanafeed.Source{
		{Lang: "ar", URL: "https://sana.sy/", Interval: 10 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/")},
		{Lang: "en", URL: "https://sana.sy/en/", Interval: 10 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/en/")},
		{Lang: "tr", URL: "https://sana.sy/tr/", Interval: 10 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/tr/")},
		{Lang: "fr", URL: "https://sana.sy/fr/", Interval: 10 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/fr/")},
		{Lang: "es", URL: "https://sana.sy/es/", Interval: 10 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/es/")},
		{Lang: "ku", URL: "https://sana.sy/ku/", Interval: 10 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/ku/")},
	}
	if got := c.Sanafeed(); !reflect.DeepEqual(got, want) {
		t.Errorf("Default().Sanafeed() = %+v, want %+v", got, want)
	}
	if got := mustParse(t, "# nothing\n"); !reflect.DeepEqual(got, c) {
		t.Errorf("Parse(empty) = %+v, want the defaults %+v", got, c)
	}
}

func TestSourcesReplaceDefaults(t *testing.T) {
	c := mustParse(t, "[poll]\ninterval = \"20m\"\n\n"+srcs("fr")+"interval = \"2m\"\n\n"+srcs("en"))
	want := []sanafeed.Source{
		{Lang: "fr", URL: "https://sana.sy/fr/", Interval: 2 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/fr/")},
		{Lang: "en", URL: "https://sana.sy/en/", Interval: 20 * time.Minute, Rules: sanafeed.DefaultRules("https://sana.sy/en/")},
	}
	if got := c.Sanafeed(); !reflect.DeepEqual(got, want) {
		t.Errorf("Sanafeed() = %+v, want %+v", got, want)
	}
	if len(c.Sources) != 2 || c.Sources[1].Interval.Duration != 0 {
		t.Errorf("Sources = %+v, want two, the second without interval", c.Sources)
	}
}

func TestPublicURLFollowsListen(t *testing.T) {
	for listen, want := range map[string]string{
		"127.0.0.1:9000": "http://127.0.0.1:9000",
		":9000":          "http://localhost:9000",
		"0.0.0.0:80":     "http://localhost:80",
		"[::1]:8080":     "http://[::1]:8080",
	} {
		c := mustParse(t, "listen = \""+listen+"\"\n")
		if c.PublicURL != want {
			t.Errorf("listen %q: PublicURL = %q, want %q", listen, c.PublicURL, want)
		}
	}
	if c := mustParse(t, "public_url = \"https://x.org/feeds/\""); c.PublicURL != "https://x.org/feeds" {
		t.Errorf("PublicURL = %q, want the trailing slash dropped", c.PublicURL)
	}
}

func TestExamples(t *testing.T) {
	for _, name := range []string{"contract.toml", "full.toml"} {
		t.Run(name, func(t *testing.T) {
			c, err := config.Load(filepath.Join("testdata", name))
			if err != nil {
				t.Fatalf("Load() err = %v", err)
			}
			if len(c.Sources) == 0 || len(c.Webhooks) == 0 || c.Webhooks[0].Secret != secret1 {
				t.Errorf("Load() = %+v", c)
			}
		})
	}
	c, _ := config.Load(filepath.Join("testdata", "full.toml"))
	if got := c.Webhooks[0].SigningSecrets(); !reflect.DeepEqual(got, []string{secret1, secret2}) {
		t.Errorf("SigningSecrets() = %q", got)
	}
	want := sanafeed.Endpoint{URL: "https://example.org/hooks/sana?token=abc", Name: "sana-hooks", Secrets: []string{secret1, secret2},
		Langs: []string{"ar", "ku"}, Tags: []string{"دمشق", "damascus"}, Events: []string{sanafeed.EventTranslationLinked}}
	if got := c.Webhooks[0].Endpoint(); !reflect.DeepEqual(got, want) {
		t.Errorf("Endpoint() = %+v, want %+v", got, want)
	}
	if w := c.WebSub; w.Enabled || w.Hub != "https://hub.example.org/?via=sanafeed" || w.Lease.Duration != 48*time.Hour || w.MaxLease.Duration != 96*time.Hour ||
		w.VerifyTimeout.Duration != 3*time.Second || w.MaxSubscriptions != 500 || w.MaxPerHost != 5 ||
		w.DeliveryRate != 7 {
		t.Errorf("WebSub = %+v", w)
	}
	if c.Poll.CrawlDelay == nil || c.Poll.CrawlDelay.Duration != 0 || c.Poll.UserAgent != "sanafeed-test/1 (+https://example.org)" {
		t.Errorf("Poll = %+v", c.Poll)
	}
	if c.MetricsListen != "127.0.0.1:9091" || c.Server.MaxConnections != 256 || c.Server.ReadTimeout.Duration != 10*time.Second ||
		c.Server.WriteTimeout.Duration != 2*time.Minute {
		t.Errorf("MetricsListen = %q, Server = %+v", c.MetricsListen, c.Server)
	}
	if got, want := c.Webhooks[1].Label(), sanafeed.WebhookID("http://127.0.0.1:9999/hook"); got != want {
		t.Errorf("unnamed webhook's Label() = %q, want its id %q", got, want)
	}
	want2 := []netip.Prefix{netip.MustParsePrefix("10.1.2.0/24"), netip.MustParsePrefix("fd00:1::/64"), netip.MustParsePrefix("192.168.7.7/32")}
	if got := c.WebSub.AllowedCallbacks(); !reflect.DeepEqual(got, want2) {
		t.Errorf("AllowedCallbacks() = %v, want %v", got, want2)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, name := range []string{"", "contract.toml", "full.toml"} {
		t.Run(name, func(t *testing.T) {
			c := config.Default()
			if name != "" {
				var err error
				if c, err = config.Load(filepath.Join("testdata", name)); err != nil {
					t.Fatal(err)
				}
			}
			c.Webhooks = nil // secrets are redacted; see TestEncodeSecrets
			var buf bytes.Buffer
			if err := c.Encode(&buf); err != nil {
				t.Fatal(err)
			}
			got, err := config.Parse(&buf)
			if err != nil {
				t.Fatalf("Parse(Encode()) err = %v\n%s", err, buf.String())
			}
			if !reflect.DeepEqual(got, c) {
				t.Errorf("Parse(Encode(c)) = %+v\nwant %+v", got, c)
			}
		})
	}
}

func TestEncodeRedactsSecrets(t *testing.T) {
	c, err := config.Load(filepath.Join("testdata", "full.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, secret1[6:]) || strings.Contains(out, secret2[6:]) {
		t.Errorf("Encode() shows a secret:\n%s", out)
	}
	if !strings.Contains(out, `secret = "whsec_…"`) || !strings.Contains(out, `secrets = ["whsec_…"]`) {
		t.Errorf("Encode() = \n%s\nwant secrets as \"whsec_…\"", out)
	}
	if strings.Contains(out, "token=abc") || !strings.Contains(out, `url = "https://example.org/hooks/sana?…"`) {
		t.Errorf("Encode() shows a webhook URL's query:\n%s", out)
	}
	if !strings.Contains(out, `name = "sana-hooks"`) || !strings.Contains(out, "# name unset: "+sanafeed.WebhookID("http://127.0.0.1:9999/hook")) {
		t.Errorf("Encode() = \n%s\nwant each webhook's name", out)
	}
	if !strings.Contains(out, `crawl_delay = "0s"`) || !strings.Contains(out, `interval = "15m"`) {
		t.Errorf("Encode() = \n%s", out)
	}
}

func TestDuration(t *testing.T) {
	for in, want := range map[string]string{"10m": "10m", "90s": "1m30s", "1h0m0s": "1h", "1.5s": "1.5s", "0": "0s", "250ms": "250ms"} {
		var d config.Duration
		if err := d.UnmarshalText([]byte(in)); err != nil {
			t.Errorf("UnmarshalText(%q) err = %v", in, err)
			continue
		}
		if got, _ := d.MarshalText(); string(got) != want {
			t.Errorf("MarshalText(UnmarshalText(%q)) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"", "10", "ten minutes", "-1s"} {
		var d config.Duration
		if err := d.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want an error", in, d)
		}
	}
}

func TestValidateWithoutLines(t *testing.T) {
	c := config.Default()
	c.Sources[1].Lang = "de"
	c.Webhooks = []config.Webhook{{URL: "https://example.org/", Secret: secret1, Events: []string{"x"}}}
	err := c.Validate()
	want := `source[2].lang: unknown language "de" (want one of ar, en, tr, fr, es, ku)` + "\n" +
		`webhook[1].events[1]: unknown event "x" (want one of article.created, article.updated, article.translation_linked)`
	if err == nil || err.Error() != want {
		t.Errorf("Validate() = %v, want\n%s", err, want)
	}
}
