package sanafeed

import "time"

// A Feed is a parsed feed of one edition (fetch.ParseFeed makes them).
type Feed struct {
	Title string
	// Articles has one article per item that names a SANA post, in feed
	// order, with Lang the source's and From FromFeed.
	Articles []Article
	// Repaired reports that the feed was not well-formed XML and was
	// repaired, or salvaged item by item.
	Repaired bool
	// Repairs describes the first faults repaired ("line 3: duplicated
	// attribute …"), for logs; nil when Repaired is false.
	Repairs []string
	// Skipped counts items without a post id, without a title, or that
	// could not be salvaged.
	Skipped int
	// Newest is the newest article's Published time; zero without articles.
	Newest time.Time
}
