package replica

// A story is one piece of news and its versions in the editions that ran it.
// The versions are written for each audience, not translated one to one.
type story struct {
	id       string
	versions []version
}

// A version is one edition's article of a story.
type version struct {
	lang  string
	id    int64    // post id; 0 = the edition's next id (articles added by Advance)
	cat   string   // category path
	tags  []string // tag names in the edition's language
	at    string   // published, "2006-01-02 15:04" at +03:00, before the shift to Options.Start
	img   string   // featured image file in that month's upload folder; "" for none
	city  string   // dateline place in the edition's language
	title string
	body  []string // paragraphs; the first follows the dateline
	by    string   // editor initials, the last paragraph
	// edited is how many minutes after publication the article was last
	// updated; 0 = never.
	edited int
	quirk  quirk
}

// A quirk makes one article page differ from the usual markup, so that
// extraction is tested on more than one shape.
type quirk uint8

const (
	qNoArticleMeta  quirk = 1 << iota // no article:* meta: only JSON-LD gives the times
	qStrongDateline                   // the dateline is wrapped in <strong>
	qEmptyPara                        // an empty <p>&nbsp;</p> after the first paragraph
	qGIFPlaceholder                   // the lazy image's src is a 1x1 GIF rather than an SVG
)

// handStories returns the replica's hand-written stories as they stand at
// creation.
func handStories() []story {
	var s []story
	s = append(s, storiesA()...)
	s = append(s, storiesB()...)
	s = append(s, storiesC()...)
	s = append(s, storiesD()...)
	return s
}
