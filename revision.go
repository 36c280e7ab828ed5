package sanafeed

import "time"

// DefaultRevisions is how many past revisions of an article the store
// keeps unless told otherwise ([stories] revisions).
const DefaultRevisions = 10

// A Revision is one past text of an article: what it said before an edit
// (or before a folded repost's text replaced it).
type Revision struct {
	Version int       `json:"version"` // the article's Version while it had this text
	At      time.Time `json:"at"`      // when sanafeed stored this text
	URL     string    `json:"url"`     // the SANA URL the text was read from
	Title   string    `json:"title"`
	Content string    `json:"content,omitempty"` // sanitised HTML
}

// TextURL returns the SANA URL a's current title and content were read
// from: the last of its Reposts when a repost's text was folded into it,
// else its URL.
func (a *Article) TextURL() string {
	if n := len(a.Reposts); n > 0 {
		return a.Reposts[n-1]
	}
	return a.URL
}

// URLs returns every SANA URL of a: its own, then those of the reposts
// folded into it.
func (a *Article) URLs() []string {
	return append([]string{a.URL}, a.Reposts...)
}

// TextChanged reports whether cur, the article after new observations,
// has another title or content than old: a text worth keeping old's as a
// Revision. A first page read replacing a feed's excerpt is not one (see
// Edited).
func TextChanged(old, cur *Article) bool {
	if old.Title == cur.Title && old.Content == cur.Content {
		return false
	}
	return normTitle(cur.Title) != normTitle(old.Title) ||
		old.From == cur.From && cur.Content != old.Content
}
