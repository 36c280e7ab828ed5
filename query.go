package sanafeed

// A Query selects articles for a served feed, newest published first.
type Query struct {
	Lang  string // "" for every edition
	Tag   string // tag slug; "" for any
	Limit int    // at most this many; 0 for no limit
}

// A TagCount is a tag of one edition with how many stored articles carry it.
type TagCount struct {
	Lang  string `json:"lang"`
	Tag   Tag    `json:"tag"`
	Count int    `json:"count"`
}
