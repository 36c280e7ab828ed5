package config_test

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/sanafeed/sanafeed/config"
)

// examplePath is the sample configuration at the repository's root, which
// documents every key; these tests keep it in step with Encode.
const examplePath = "../sanafeed.example.toml"

// A keyLine is one key of a TOML text, set or commented out ("# key = v").
type keyLine struct {
	line      int    // 1-based
	table     string // "" for the top level, else e.g. "poll", "source.page", "webhook"
	index     int    // which [[table]] of its kind the key is in, from 1; 0 outside arrays of tables
	key       string // as written, e.g. "interval"
	value     string // the TOML after "=", a trailing comment included; "" for an "unset" note
	commented bool
}

// name returns the key's dotted name without array indexes, e.g. "source.page.id".
func (k keyLine) name() string {
	if k.table == "" {
		return k.key
	}
	return k.table + "." + k.key
}

var (
	// headerLine matches a table header, set or commented out.
	headerLine = regexp.MustCompile(`^(#\s?)?(\[\[?)\s*([A-Za-z0-9_.]+)\s*\]\]?\s*(#.*)?$`)
	// keyValueLine matches "key = value", set or commented out.
	keyValueLine = regexp.MustCompile(`^(#\s?)?([A-Za-z0-9_]+)\s*=\s*(.*)$`)
	// unsetLine matches Encode's note for an optional key left unset,
	// e.g. "# crawl_delay unset: the host's robots.txt Crawl-delay, else 1s".
	unsetLine = regexp.MustCompile(`^#\s*([A-Za-z0-9_]+) unset\b`)
)

// scanKeys returns every key of text, in order: set, commented out, or
// named by an "unset" note.
func scanKeys(text string) []keyLine {
	var out []keyLine
	table, index := "", 0
	arrays := map[string]int{} // [[table]] → how many so far
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if m := headerLine.FindStringSubmatch(l); m != nil {
			table = m[3]
			top, _, _ := strings.Cut(table, ".")
			if m[2] == "[[" {
				arrays[table]++
			}
			index = arrays[top]
			continue
		}
		k := keyLine{line: i + 1, table: table, index: index}
		if m := keyValueLine.FindStringSubmatch(l); m != nil {
			k.key, k.value, k.commented = m[2], m[3], m[1] != ""
		} else if m := unsetLine.FindStringSubmatch(l); m != nil {
			k.key, k.commented = m[1], true
		} else {
			continue
		}
		out = append(out, k)
	}
	return out
}

// readExample returns the sample configuration's text.
func readExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// encodeText returns c as `sanafeed check` prints it.
func encodeText(t *testing.T, c config.Config) string {
	t.Helper()
	var b strings.Builder
	if err := c.Encode(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// everyKey returns a config that Encode writes with every key it knows:
// the optional ones set, one source, and a webhook with every field.
func everyKey() config.Config {
	c := config.Default()
	crawl := config.Duration{Duration: 5 * time.Second}
	c.Poll.CrawlDelay = &crawl
	c.WebSub.Hub = "https://hub.example.org/"
	c.Sources = c.Sources[:1]
	c.Sources[0].Interval = config.Duration{Duration: 5 * time.Minute}
	c.Webhooks = []config.Webhook{{
		URL: "https://example.org/hooks/sana", Secret: secret1, Secrets: []string{secret2},
		Langs: []string{"en"}, Tags: []string{"damascus"}, Events: config.Events(),
	}}
	return c
}

// The sample, as it is, loads and configures exactly the defaults, so
// that copying it changes nothing until a key is changed.
func TestExampleIsDefault(t *testing.T) {
	c, err := config.Load(examplePath)
	if err != nil {
		t.Fatalf("Load(%s) err = %v", examplePath, err)
	}
	if got, want := encodeText(t, c), encodeText(t, config.Default()); got != want {
		t.Errorf("%s does not configure the defaults; sanafeed check -config %s prints\n%s\nwant (sanafeed check with no file)\n%s",
			examplePath, examplePath, got, want)
	}
}

// Every key `sanafeed check` prints is in the sample, set or commented
// out: a key added to Encode must be documented there.
func TestExampleHasEveryKey(t *testing.T) {
	inExample := map[string]bool{}
	for _, k := range scanKeys(readExample(t)) {
		inExample[k.name()] = true
	}
	seen := map[string]bool{}
	for _, c := range []config.Config{everyKey(), config.Default()} {
		for _, k := range scanKeys(encodeText(t, c)) {
			name := k.name()
			if seen[name] {
				continue
			}
			seen[name] = true
			if !inExample[name] {
				t.Errorf("%s lacks %s, which sanafeed check prints: add it as %q with what it does, its default and its range",
					examplePath, name, "# "+k.key+" = …")
			}
		}
	}
	if len(seen) < 40 {
		t.Errorf("Encode wrote %d distinct keys, want at least 40: is scanKeys reading its output?", len(seen))
	}
}

// Every key in the sample is a real one: with every "# key = value" line
// and commented-out table header uncommented, the sample parses without
// an unknown key or a bad value, except the webhook's placeholder secrets.
func TestExampleKeysAreReal(t *testing.T) {
	text := readExample(t)
	lines := strings.Split(text, "\n")
	uncommented := 0
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") && (headerLine.MatchString(l) || keyValueLine.MatchString(l)) {
			lines[i] = strings.TrimPrefix(strings.TrimPrefix(l, "#"), " ")
			uncommented++
		}
	}
	if uncommented < 30 {
		t.Errorf("uncommented %d lines of %s, want at least 30 (every key but a few is commented out)", uncommented, examplePath)
	}
	_, err := config.Parse(strings.NewReader(strings.Join(lines, "\n")))
	for _, e := range splitErrors(err) {
		var ce *config.Error
		if errors.As(e, &ce) && strings.HasPrefix(ce.Key, "webhook[1].secret") {
			continue // the placeholders, which must not be a usable secret
		}
		t.Errorf("%s with its keys uncommented: %v", examplePath, e)
	}
}

// Every value the sample shows for a key that has a default is that
// default, so that a changed default is a changed sample.
func TestExampleShowsDefaults(t *testing.T) {
	type at struct {
		table string
		index int
		key   string
	}
	defaults := map[at]string{}
	for _, k := range scanKeys(encodeText(t, config.Default())) {
		if k.value != "" {
			defaults[at{k.table, k.index, k.key}] = k.value
		}
	}
	checked := 0
	for _, k := range scanKeys(readExample(t)) {
		want, ok := defaults[at{k.table, k.index, k.key}]
		if !ok {
			continue // no default: an example of an optional key
		}
		checked++
		if got := tomlValue(t, k.value); !reflect.DeepEqual(got, tomlValue(t, want)) {
			t.Errorf("%s:%d: %s = %s, want the default %s", examplePath, k.line, k.name(), k.value, want)
		}
	}
	if checked < 40 {
		t.Errorf("checked %d values of %s against the defaults, want at least 40", checked, examplePath)
	}
}

// tomlValue decodes one TOML value, a trailing comment allowed.
func tomlValue(t *testing.T, v string) any {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode("v = "+v, &m); err != nil {
		t.Fatalf("value %s: %v", v, err)
	}
	return m["v"]
}

// splitErrors returns the errors err joins (errors.Join), or err alone; none for nil.
func splitErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// scanKeys reads the keys of Encode's output, commented notes included.
func TestScanKeys(t *testing.T) {
	text := "a = 1\n# b unset: why\n\n[poll]\n# c = \"x\" # note\n[[source]]\nd = []\n[source.page]\ne = 'f'\n[[source]]\nd = 2\n# [[webhook]]\n# url = \"u\"\n"
	var got []string
	for _, k := range scanKeys(text) {
		got = append(got, fmt.Sprintf("%s[%d] %q %t", k.name(), k.index, k.value, k.commented))
	}
	want := []string{
		`a[0] "1" false`, `b[0] "" true`, `poll.c[0] "\"x\" # note" true`, `source.d[1] "[]" false`,
		`source.page.e[1] "'f'" false`, `source.d[2] "2" false`, `webhook.url[1] "\"u\"" true`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scanKeys() = %q, want %q", got, want)
	}
}
