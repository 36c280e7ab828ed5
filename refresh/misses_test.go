package refresh

import (
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed/extract"
)

// A rule that finds nothing is reported when only a guess or nothing
// stood in, or when it found nothing on every page; a standard place
// standing in on some pages is not a problem.
func TestRuleMissesReport(t *testing.T) {
	ok := extract.Trace{{Field: "title", Rule: "h1.s-title"}, {Field: "body", Rule: "div.entry-content"},
		{Field: "published", Rule: "meta"}, {Field: "tags", Rule: ".tag-bar a"}}
	ld := extract.Trace{{Field: "title", Rule: "h1.s-title"}, {Field: "body", Rule: "div.entry-content"},
		{Field: "published", Rule: "fallback: JSON-LD datePublished", Fallback: true}, {Field: "tags", Rule: ".tag-bar a"}}
	guess := extract.Trace{{Field: "title", Rule: "fallback: <title>", Fallback: true, Guess: true},
		{Field: "body", Rule: "fallback: readability", Fallback: true, Guess: true}, {Field: "tags", Fallback: true, Guess: true}}
	for _, tt := range []struct {
		name   string
		traces []extract.Trace
		want   []string
	}{
		{"all rules found", []extract.Trace{ok, ok, ok}, nil},
		{"a standard place on one page", []extract.Trace{ok, ld, ok}, nil},
		{"a standard place on every page", []extract.Trace{ld, ld, ld}, []string{"source.page.published found nothing on 3 of 3 pages read (fallback: JSON-LD datePublished gave it instead)"}},
		{"a guess on one page", []extract.Trace{ok, guess, ok, ok}, []string{
			"source.page.title found nothing on 1 of 4", "source.page.body found nothing on 1 of 4 pages read (fallback: readability gave it instead)"}},
		{"no tags on one page", []extract.Trace{ok, guess, ok}, []string{"page.title", "page.body"}},
		{"no tags anywhere", []extract.Trace{guess, guess, guess}, []string{"page.title", "page.body",
			"source.page.tags found nothing on 3 of 3 pages read (nothing else found it either)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var m ruleMisses
			for _, tr := range tt.traces {
				m.note(tr)
			}
			var got []string
			for _, err := range m.report() {
				got = append(got, err.Error())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("report = %q, want %d lines like %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("report[%d] = %q, want it to hold %q", i, got[i], w)
				}
			}
		})
	}
}
