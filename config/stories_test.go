package config_test

import (
	"testing"

	"github.com/sanafeed/sanafeed"
)

// TestStoriesRevisions: [stories] revisions defaults to 10 and takes 0
// (keep none) and any value in range.
func TestStoriesRevisions(t *testing.T) {
	for _, tt := range []struct {
		text string
		want int
	}{
		{"", sanafeed.DefaultRevisions},
		{"[stories]\nrevisions = 0\n", 0},
		{"[stories]\nrevisions = 3\n", 3},
	} {
		c, _, err := load(t, tt.text)
		if err != nil || c.Stories.Revisions != tt.want {
			t.Errorf("load(%q): revisions = %d, %v; want %d", tt.text, c.Stories.Revisions, err, tt.want)
		}
	}
}
