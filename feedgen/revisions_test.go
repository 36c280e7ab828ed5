package feedgen_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed/feedgen"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// TestRevisedItems reads back, with gofeed, the items of an article
// edited twice with a repost folded into it, and of one never edited:
// the first's updated time is when its last revision was stored, its
// JSON _sanafeed counts the revisions and lists both URLs, its content
// links the repost; the second shows none of it.
func TestRevisedItems(t *testing.T) {
	pub := time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)
	edited := article("en", 1)
	edited.Published, edited.Modified = pub, pub.Add(time.Hour)
	edited.Updated, edited.Revisions = pub.Add(5*time.Hour), 2
	edited.Reposts = []string{"https://sana.sy/en/syria/7/"}
	plain := article("en", 2)
	plain.Published, plain.Modified, plain.Updated = pub, pub.Add(time.Hour), pub.Add(5*time.Hour)
	f := feedOf(edited, plain)
	for _, format := range formats {
		pf := parse(t, render(t, f, format))
		if len(pf.Items) != 2 {
			t.Fatalf("%s: %d items, want 2", format, len(pf.Items))
		}
		if format != feedgen.RSS { // RSS has no updated time
			for i, want := range []time.Time{edited.Updated, plain.Modified} {
				if got := pf.Items[i].UpdatedParsed; got == nil || !got.Equal(want) {
					t.Errorf("%s item %d: updated %v, want %v", format, i, got, want)
				}
			}
		}
		content := pf.Items[0].Content
		if !strings.Contains(content, `class="sanafeed-reposts"`) || !strings.Contains(content, `href="`+edited.Reposts[0]+`"`) {
			t.Errorf("%s: content %q lacks the line linking the repost", format, content)
		}
		if strings.Contains(pf.Items[1].Content, "sanafeed-reposts") {
			t.Errorf("%s: content of an article with no repost %q links reposts", format, pf.Items[1].Content)
		}
	}
	var x struct {
		Items []struct {
			Sanafeed map[string]json.RawMessage `json:"_sanafeed"`
		} `json:"items"`
	}
	testkit.Check(t, json.Unmarshal(render(t, f, feedgen.JSON), &x))
	var revs int
	var urls []string
	testkit.Check(t, json.Unmarshal(x.Items[0].Sanafeed["revisions"], &revs))
	testkit.Check(t, json.Unmarshal(x.Items[0].Sanafeed["urls"], &urls))
	if want := []string{edited.URL, edited.Reposts[0]}; revs != 2 || !slices.Equal(urls, want) {
		t.Errorf("_sanafeed revisions %d, urls %q; want 2, %q", revs, urls, want)
	}
	if _, ok := x.Items[1].Sanafeed["revisions"]; ok {
		t.Errorf("_sanafeed of an article never edited: %v, want no revisions", x.Items[1].Sanafeed)
	}
}
