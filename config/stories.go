package config

import "github.com/sanafeed/sanafeed"

// Stories is the [stories] table: how sanafeed follows a story beyond one
// post (its revisions, reposts and translations).
type Stories struct {
	// Revisions is how many past texts (title and body) of each edited
	// article are kept and shown on its /stories page; default 10
	// (sanafeed.DefaultRevisions), 0..maxRevisions; 0 keeps none.
	Revisions int `toml:"revisions"`
}

// maxRevisions bounds [stories] revisions: a story edited more often than
// that is better read from its latest text.
const maxRevisions = 1000

// defaultStories returns the defaults of the [stories] table.
func defaultStories() Stories {
	return Stories{Revisions: sanafeed.DefaultRevisions}
}

// stories records the problems of the [stories] table.
func (p *problems) stories(s *Stories) {
	if s.Revisions < 0 || s.Revisions > maxRevisions {
		p.add("stories.revisions", "%d is out of range (want 0 to %d)", s.Revisions, maxRevisions)
	}
}
