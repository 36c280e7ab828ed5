package replica

import (
	"strings"
	"testing"
)

// TestHandConceptsUsed checks that every tag name handConcepts gives a
// concept is the name of a tag of a hand-written story in that edition:
// a misspelt name would leave the real tag a concept of its own.
func TestHandConceptsUsed(t *testing.T) {
	used := map[string]bool{}
	for _, st := range handStories() {
		for _, v := range st.versions {
			for _, name := range v.tags {
				used[v.lang+"|"+name] = true
			}
		}
	}
	for _, line := range handConcepts {
		cols := strings.Split(line, "|")
		for i, name := range cols[1:] {
			if name != "" && !used[conceptLangs[i]+"|"+name] {
				t.Errorf("concept %s: no %s story is tagged %q", cols[0], conceptLangs[i], name)
			}
		}
	}
}

// TestConceptsInTruth checks that Truth tells each tag's concept, the
// same for the Damascus tags of every edition and of generated stories.
func TestConceptsInTruth(t *testing.T) {
	s := New(Options{Synthetic: 1000})
	names := map[string]map[string]bool{} // lang → names of its damascus tags
	for _, e := range s.Truth() {
		if len(e.Concepts) != len(e.Tags) {
			t.Fatalf("%s/%d: %d concepts for %d tags", e.Lang, e.PostID, len(e.Concepts), len(e.Tags))
		}
		for i, c := range e.Concepts {
			if c == "damascus" {
				if names[e.Lang] == nil {
					names[e.Lang] = map[string]bool{}
				}
				names[e.Lang][e.Tags[i].Name] = true
			}
		}
	}
	want := map[string]string{"ar": "دمشق", "en": "Damascus", "tr": "Şam", "fr": "Damas", "es": "Damasco", "ku": "Şam"}
	for lang, name := range want {
		if len(names[lang]) != 1 || !names[lang][name] {
			t.Errorf("damascus tags of %s = %v, want only %q", lang, names[lang], name)
		}
	}
}
