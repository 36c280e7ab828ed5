package feedgen_test

import (
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/feedgen"
)

// TestStories checks a story item takes its story's id and the latest
// updated time of its versions, in every format, and an item without a
// story keeps its article's.
func TestStories(t *testing.T) {
	t0 := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	en, ar, fr := article("en", 1), article("ar", 2), article("fr", 3)
	en.Published, ar.Published, fr.Published = t0, t0.Add(-time.Hour), t0.Add(3*time.Hour)
	lone := article("es", 4)
	lone.Published = t0.Add(time.Hour)
	f := &feedgen.Feed{Title: "stories", SelfURL: "http://feeds.test/feeds/stories.atom",
		Articles: []sanafeed.Article{en, lone},
		Stories:  []feedgen.Story{{ID: sanafeed.StoryID(ar.Key()), Versions: []sanafeed.Article{en, ar, fr}}, {}}}
	for _, format := range []string{feedgen.Atom, feedgen.RSS, feedgen.JSON} {
		b, err := feedgen.Render(f, format)
		if err != nil {
			t.Fatal(err)
		}
		pf := parse(t, b)
		if len(pf.Items) != 2 {
			t.Fatalf("%s: %d items, want 2", format, len(pf.Items))
		}
		story, alone := pf.Items[0], pf.Items[1]
		if story.GUID != "tag:sana.sy,2025:stories/ar/2" || story.Link != en.URL {
			t.Errorf("%s: story item %s links %s, want the story's id and the English version", format, story.GUID, story.Link)
		}
		if alone.GUID != lone.ID() {
			t.Errorf("%s: lone item id %s, want %s", format, alone.GUID, lone.ID())
		}
		if format != feedgen.RSS && (story.UpdatedParsed == nil || !story.UpdatedParsed.Equal(fr.Published)) {
			t.Errorf("%s: story updated %v, want its latest version's %v", format, story.UpdatedParsed, fr.Published)
		}
	}
}
