package config

import (
	"time"

	"github.com/sanafeed/sanafeed"
)

// Stories is the [stories] table: how sanafeed follows a story beyond one
// post (its revisions, reposts and translations).
type Stories struct {
	// Revisions is how many past texts (title and body) of each edited
	// article are kept and shown on its /stories page; default 10
	// (sanafeed.DefaultRevisions), 0..maxRevisions; 0 keeps none.
	Revisions int `toml:"revisions"`
	// Fold folds reposts within an edition: a post that re-runs or
	// updates an article of its edition published within FoldWindow
	// before it becomes that article's latest revision instead of an item
	// of its own. Default true.
	Fold bool `toml:"fold"`
	// FoldWindow is how long after an article a repost of it may be
	// published and still be folded; default 72h
	// (sanafeed.DefaultFoldWindow), 1h..maxFoldWindow.
	FoldWindow Duration `toml:"fold_window"`
	// TagSupport is how many translation clusters two tags of different
	// editions must share before they can be taken as the same tag
	// (/feeds/tags/{slug}, link.LearnTags); default 2
	// (link.DefaultTagSupport), 1..maxTagSupport.
	TagSupport int `toml:"tag_support"`
}

// maxFoldWindow bounds [stories] fold_window: each poll compares its new
// articles with all its edition published within the window.
const maxFoldWindow = 30 * 24 * time.Hour

// maxRevisions bounds [stories] revisions: a story edited more often than
// that is better read from its latest text.
const maxRevisions = 1000

// maxTagSupport bounds [stories] tag_support: past it no pair of tags
// would ever be taken as equivalent.
const maxTagSupport = 1000

// defaultStories returns the defaults of the [stories] table.
func defaultStories() Stories {
	return Stories{Revisions: sanafeed.DefaultRevisions, Fold: true, FoldWindow: Duration{sanafeed.DefaultFoldWindow}, TagSupport: 2}
}

// stories records the problems of the [stories] table.
func (p *problems) stories(s *Stories) {
	if s.Revisions < 0 || s.Revisions > maxRevisions {
		p.add("stories.revisions", "%d is out of range (want 0 to %d)", s.Revisions, maxRevisions)
	}
	if w := s.FoldWindow.Duration; w < time.Hour || w > maxFoldWindow {
		p.add("stories.fold_window", "%s is out of range (want 1h to %s)", s.FoldWindow, Duration{maxFoldWindow})
	}
	if n := s.TagSupport; n < 1 || n > maxTagSupport {
		p.add("stories.tag_support", "%d is out of range (want 1 to %d)", n, maxTagSupport)
	}
}
