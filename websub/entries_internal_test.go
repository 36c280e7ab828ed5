package websub

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
)

// ids returns the ids of the entries of a feed document of format ext.
func ids(t *testing.T, ext string, body []byte) []string {
	t.Helper()
	var f struct {
		Entries []struct {
			ID string `xml:"id" json:"id"`
		} `xml:"entry" json:"items"`
		Items []struct {
			ID string `xml:"guid"`
		} `xml:"channel>item"`
	}
	var err error
	if ext == ".json" {
		err = json.Unmarshal(body, &f)
	} else {
		err = xml.Unmarshal(body, &f)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	var out []string
	for _, e := range f.Entries {
		out = append(out, e.ID)
	}
	for _, e := range f.Items {
		out = append(out, e.ID)
	}
	return out
}

func TestCutFeed(t *testing.T) {
	// Feeds as the server renders them, with 5 entries each.
	for ext, ct := range map[string]string{
		".atom": "application/atom+xml; charset=utf-8",
		".rss":  "application/rss+xml; charset=utf-8",
		".json": "application/feed+json; charset=utf-8",
	} {
		t.Run(ext, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "damascus"+ext))
			if err != nil {
				t.Fatal(err)
			}
			all := ids(t, ext, body)
			d, ok := cutFeed(ct, body)
			if !ok || len(d.spans) != 5 || len(all) != 5 {
				t.Fatalf("cutFeed() = %d entries, %t; the feed has %d", len(d.spans), ok, len(all))
			}
			if got := d.only([]bool{true, true, true, true, true}); !bytes.Equal(got, body) {
				t.Error("only(every entry) is not the document")
			}
			for _, keep := range [][]bool{{false, true, false, true, false}, {true, false, false, false, false},
				{false, false, false, false, true}, {false, false, false, false, false}} {
				got := d.only(keep)
				var want []string
				for i, k := range keep {
					if k {
						want = append(want, all[i])
					}
				}
				if g := ids(t, ext, got); len(g) != len(want) || len(g) > 0 && g[0] != want[0] || len(g) > 1 && g[1] != want[1] {
					t.Errorf("only(%v) has entries %q, want %q", keep, g, want)
				}
				if ext == ".json" && !json.Valid(got) {
					t.Errorf("only(%v) is not JSON:\n%s", keep, got)
				}
			}
		})
	}
	for _, bad := range []struct{ ct, body string }{
		{"application/atom+xml", "<feed><entry>"},
		{"application/atom+xml", "not xml at all <"},
		{"application/feed+json", `{"items": [1, 2}`},
		{"application/feed+json", `{"items": []} trailing`},
		{"application/feed+json", `[]`},
		{"text/html", "<html></html>"},
		{"bad type", "<feed/>"},
	} {
		if _, ok := cutFeed(bad.ct, []byte(bad.body)); ok {
			t.Errorf("cutFeed(%q, %q) ok, want not a feed", bad.ct, bad.body)
		}
	}
}

// FuzzCutFeed checks that cutting any document never panics and that a
// document cut into entries is made of them: keeping them all gives it
// back, and entries are in order without overlapping.
func FuzzCutFeed(f *testing.F) {
	for _, ext := range []string{".atom", ".rss", ".json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "damascus"+ext))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(ext == ".json", string(b))
	}
	f.Add(false, `<rss><channel><item/><item>x</item></channel></rss>`)
	f.Add(true, `{"items":[{},{"a":[1,{"b":"]"}]}],"x":"items"}`)
	f.Fuzz(func(t *testing.T, isJSON bool, body string) {
		ct := "application/atom+xml"
		if isJSON {
			ct = "application/feed+json"
		}
		d, ok := cutFeed(ct, []byte(body))
		if !ok {
			return
		}
		keep := make([]bool, len(d.spans))
		at := 0
		for i, sp := range d.spans {
			if sp.cut < at || sp.start < sp.cut || sp.end <= sp.start || sp.end > len(body) {
				t.Fatalf("span %d = %+v after %d in %d bytes", i, sp, at, len(body))
			}
			at = sp.end
			keep[i] = true
		}
		if got := d.only(keep); string(got) != body {
			t.Fatalf("only(all) = %q, want %q", got, body)
		}
		if isJSON {
			for i := range keep {
				keep[i] = i%2 == 0
			}
			if got := d.only(keep); !json.Valid(got) {
				t.Fatalf("only(every other) of %q = %q, not JSON", body, got)
			}
		}
	})
}
