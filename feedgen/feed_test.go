package feedgen_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

var formats = []string{feedgen.RSS, feedgen.Atom, feedgen.JSON}

// loadFeed reads a Feed fixture: a JSON object with Feed's field names
// and sanafeed.Article's JSON encoding for the articles. Times are fixed.
func loadFeed(t testing.TB, path string) *feedgen.Feed {
	t.Helper()
	b, err := os.ReadFile(path)
	testkit.Check(t, err)
	var f feedgen.Feed
	testkit.Check(t, json.Unmarshal(b, &f))
	return &f
}

// twoEditions returns the golden fixture: Arabic and English articles with
// translations and tags, in the all-editions feed.
func twoEditions(t testing.TB) *feedgen.Feed {
	return loadFeed(t, "testdata/two_editions.json")
}

// render calls feedgen.Render and fails the test on error.
func render(t testing.TB, f *feedgen.Feed, format string) []byte {
	t.Helper()
	b, err := feedgen.Render(f, format)
	if err != nil {
		t.Fatalf("Render(%s): %v", format, err)
	}
	return b
}

func TestGolden(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			f := twoEditions(t)
			f.SelfURL = strings.TrimSuffix(f.SelfURL, ".atom") + "." + format
			got := render(t, f, format)
			golden := "testdata/two_editions.golden." + format
			if *update {
				testkit.Check(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			testkit.Check(t, err)
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s; run go test -update and review the diff", golden)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, format := range formats {
		f := twoEditions(t)
		first := render(t, f, format)
		// Translations in another order give the same bytes.
		for i := range f.Articles {
			tr := f.Articles[i].Translations
			for l, r := 0, len(tr)-1; l < r; l, r = l+1, r-1 {
				tr[l], tr[r] = tr[r], tr[l]
			}
		}
		for range 3 {
			if got := render(t, f, format); !bytes.Equal(got, first) {
				t.Fatalf("%s: two renders of the same feed differ", format)
			}
		}
	}
}

func TestRenderDoesNotModifyFeed(t *testing.T) {
	f := twoEditions(t)
	before, err := json.Marshal(f)
	testkit.Check(t, err)
	for _, format := range formats {
		render(t, f, format)
	}
	after, err := json.Marshal(f)
	testkit.Check(t, err)
	if !bytes.Equal(after, before) {
		t.Errorf("Render modified the feed:\n%s\nwant\n%s", after, before)
	}
}

func TestRenderErrors(t *testing.T) {
	ok := &feedgen.Feed{Title: "t", SelfURL: "https://example.org/f"}
	tests := []struct {
		name   string
		f      *feedgen.Feed
		format string
	}{
		{"nil feed", nil, feedgen.RSS},
		{"unknown format", ok, "html"},
		{"empty format", ok, ""},
		{"no title", &feedgen.Feed{SelfURL: "https://example.org/f"}, feedgen.Atom},
		{"no self url", &feedgen.Feed{Title: "t"}, feedgen.JSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := feedgen.Render(tt.f, tt.format)
			if err == nil || b != nil {
				t.Fatalf("Render() = %q, %v; want nil and an error", b, err)
			}
			if !strings.HasPrefix(err.Error(), "feedgen: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestContentType(t *testing.T) {
	tests := map[string]string{
		feedgen.RSS:  "application/rss+xml; charset=utf-8",
		feedgen.Atom: "application/atom+xml; charset=utf-8",
		feedgen.JSON: "application/feed+json; charset=utf-8",
		"xml":        "",
	}
	for format, want := range tests {
		if got := feedgen.ContentType(format); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", format, got, want)
		}
	}
}

// article returns a minimal valid article in lang with the post id.
func article(lang string, id int64) sanafeed.Article {
	a := sanafeed.Article{
		Lang:    lang,
		PostID:  id,
		URL:     "https://sana.sy/" + lang + "/syria/" + itoa(id) + "/",
		Title:   "Story " + itoa(id),
		Content: "<p>Body of story " + itoa(id) + ".</p>",
	}
	return a
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
