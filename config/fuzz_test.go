package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// FuzzParse checks that Parse never panics, that the key scanner finds
// every key, that every error it returns
// is an *Error on a line of the input, and that whatever it accepts
// encodes (secrets unredacted) to TOML it reads back unchanged.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.toml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		"",
		"[poll]\ninterval = \"5m\"\nintervall = 1\n",
		"source = [{lang = \"en\", url = \"https://sana.sy/en/\", interval = \"1m\"}]\n",
		"[[source]]\nlang = \"de\"\n[source.x]\ny = 1\n[[source]]\n",
		"a.\"b.c\".d = '''x\ny'''\n[t]\nk = [1, [2, {x = 3}], \"\"\"\n]\"\"\"]\n",
		"[[webhook]]\nurl = \"https://e.org\"\nsecrets = [\"whsec_\", 1]\nevents = [\"x\"]\n",
		"data_dir = \"\\u00e9\\t\\\"q\\\"\\x41\\e\"\npublic_url = \"http://h/\"\n",
		"[poll]\ncrawl_delay = \"0s\"\nmax_bytes = 9223372036854775807\n",
		"x = {\n  a = 1, # comment\n  b = [\n 2,\n ],\n}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkScan(t, text)
		c, err := Parse(strings.NewReader(text))
		lines := strings.Count(text, "\n") + 1
		for _, e := range unjoin(err) {
			ce, ok := e.(*Error)
			if !ok {
				t.Fatalf("Parse() error %T %v, want *Error", e, e)
			}
			if ce.Line < 0 || ce.Line > lines {
				t.Fatalf("Parse() error %q on line %d of %d", ce, ce.Line, lines)
			}
		}
		if err != nil {
			return
		}
		out := c.encode(false)
		c2, err := Parse(strings.NewReader(out))
		if err != nil {
			t.Fatalf("Parse(encode(c)) err = %v\n%s", err, out)
		}
		if !reflect.DeepEqual(c2, c) {
			t.Fatalf("Parse(encode(c)) = %+v\nwant %+v\n%s", c2, c, out)
		}
	})
}

// checkScan checks that scanLines, which must not panic or hang on any
// input, finds every key the TOML library finds in a document it accepts.
func checkScan(t *testing.T, text string) {
	lines := scanLines(text)
	var raw map[string]any
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return
	}
	found := map[string]bool{}
	for k := range lines {
		found[index.ReplaceAllString(k, "")] = true
	}
	for _, k := range md.Keys() {
		key := ""
		for _, part := range k {
			key = joinKey(key, part)
		}
		if !found[index.ReplaceAllString(key, "")] {
			t.Fatalf("scanLines() misses key %s; found %v", key, lines)
		}
	}
}

// index matches the array indices in a key.
var index = regexp.MustCompile(`\[[0-9]+\]`)

func TestEncodeRoundTripWithSecrets(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "full.toml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(strings.NewReader(c.encode(false)))
	if err != nil || !reflect.DeepEqual(got, c) {
		t.Errorf("Parse(encode(c)) = %+v, %v\nwant %+v", got, err, c)
	}
}
