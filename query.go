package sanafeed

// A Query selects articles for a served feed, newest published first.
type Query struct {
	Lang  string // "" for every edition
	Tag   string // tag slug; "" for any
	Limit int    // at most this many; 0 for no limit
	// Match, when set, keeps only the articles it accepts (a search); it
	// may read the article but must not keep it.
	Match func(*Article) bool
	// Scan bounds how many articles, newest first, a query with Match
	// reads; 0 for no bound.
	Scan int
}

// A TagCount is a tag of one edition with how many stored articles carry it.
type TagCount struct {
	Lang  string `json:"lang"`
	Tag   Tag    `json:"tag"`
	Count int    `json:"count"`
}
