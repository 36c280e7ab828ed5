package sanafeed

// A ChangeKind says what storing an observation did to an article.
type ChangeKind int

// The kinds of change.
const (
	Unchanged ChangeKind = iota
	Created
	Updated
)

// String returns "unchanged", "created" or "updated".
func (k ChangeKind) String() string {
	switch k {
	case Created:
		return "created"
	case Updated:
		return "updated"
	}
	return "unchanged"
}

// A Change is the outcome of storing one article observation: what
// happened, and the article as stored afterwards.
type Change struct {
	Kind    ChangeKind
	Article Article
}
