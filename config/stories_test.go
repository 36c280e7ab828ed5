package config_test

import (
	"testing"
	"time"

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

// TestStoriesFold: [stories] fold defaults to on with a 72h window, and
// both can be set.
func TestStoriesFold(t *testing.T) {
	for _, tt := range []struct {
		text   string
		fold   bool
		window time.Duration
	}{
		{"", true, sanafeed.DefaultFoldWindow},
		{"[stories]\nfold = false\n", false, sanafeed.DefaultFoldWindow},
		{"[stories]\nfold_window = \"24h\"\n", true, 24 * time.Hour},
	} {
		c, _, err := load(t, tt.text)
		if err != nil || c.Stories.Fold != tt.fold || c.Stories.FoldWindow.Duration != tt.window {
			t.Errorf("load(%q): fold = %v, window %v, %v; want %v, %v", tt.text, c.Stories.Fold, c.Stories.FoldWindow, err, tt.fold, tt.window)
		}
	}
}
