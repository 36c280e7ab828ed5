package sanafeed

import "time"

// A KeptPage is an article page as a poll read it, kept in the store so
// that the extraction rules can be applied again later (sanafeed
// reprocess) without asking the site.
type KeptPage struct {
	Key         string    // the article's key (ArticleKey)
	URL         string    // the URL the page was read from, after redirects
	ContentType string    // as the server sent it
	Fetched     time.Time // when it was read
	Body        []byte    // the page as UTF-8 HTML
}
