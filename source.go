package sanafeed

import (
	"fmt"
	"net/url"
	"time"
)

// A Source is one SANA edition to poll: its language and its root URL, from
// which its feed, listing pages and sitemaps are found.
type Source struct {
	Lang     string        // one of the Editions' codes
	URL      string        // the edition's root, e.g. https://sana.sy/en/
	Interval time.Duration // how often to poll
	// Rules tell how to read the source; the zero value means
	// DefaultRules(URL) (see EffectiveRules).
	Rules Rules
}

// EffectiveRules returns the source's rules: Rules, or DefaultRules when
// they are unset.
func (s *Source) EffectiveRules() Rules {
	if s.Rules.Article == "" {
		return DefaultRules(s.URL)
	}
	return s.Rules
}

// Validate returns an error describing the first invalid field.
func (s *Source) Validate() error {
	if _, ok := EditionByLang(s.Lang); !ok {
		return fmt.Errorf("source: unknown lang %q (want one of ar, en, tr, fr, es, ku)", s.Lang)
	}
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("source %s: url %q is not an absolute http(s) url", s.Lang, s.URL)
	}
	return nil
}

// FeedURL returns the URL of the source's first feed (its rules'
// Feeds), or "" when it has none.
func (s *Source) FeedURL() string {
	if f := s.EffectiveRules().Feeds; len(f) > 0 {
		return s.resolve(f[0])
	}
	return ""
}

// resolve returns ref resolved against the source's root (with one slash).
func (s *Source) resolve(ref string) string {
	base, err := url.Parse(s.URL)
	if err != nil {
		return s.URL + ref
	}
	if base.Path == "" || base.Path[len(base.Path)-1] != '/' {
		base.Path += "/"
	}
	r, err := url.Parse(ref)
	if err != nil {
		return s.URL + ref
	}
	return base.ResolveReference(r).String()
}

// Resolve returns ref (e.g. "feed/", "sitemap_index.xml") resolved against
// the source's root.
func (s *Source) Resolve(ref string) string { return s.resolve(ref) }

// FetchState is what sanafeed remembers of one URL between polls, for
// conditional GET and backoff.
type FetchState struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Status       int       `json:"status,omitempty"` // last HTTP status, 0 on transport error
	Fetched      time.Time `json:"fetched,omitzero"` // last attempt
	Succeeded    time.Time `json:"succeeded,omitzero"`
	Failures     int       `json:"failures,omitempty"` // consecutive
	LastError    string    `json:"last_error,omitempty"`
	NextAttempt  time.Time `json:"next_attempt,omitzero"` // backoff: not before this
	// Newest is the newest item a feed or listing page carried when last
	// read, so staleness can be judged when it answers 304.
	Newest time.Time `json:"newest,omitzero"`
}

// A PollResult summarises one poll of one source.
type PollResult struct {
	Lang      string        `json:"lang"`
	Started   time.Time     `json:"started"`
	Duration  time.Duration `json:"duration"`
	New       int           `json:"new"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Failed    int           `json:"failed"` // items or pages that could not be read
	// Unread counts the article pages left unread (failed, or not
	// reached when the poll had to stop): they are retried soon.
	Unread       int  `json:"unread,omitempty"`
	Requests     int  `json:"requests"`
	NotModified  int  `json:"not_modified"` // requests answered 304
	FeedStale    bool `json:"feed_stale,omitempty"`
	FeedRepaired bool `json:"feed_repaired,omitempty"`
	// FeedErr says why the feed could not be read, when it could not
	// (the poll may still have succeeded from the pages).
	FeedErr string `json:"feed_error,omitempty"`
	Err     string `json:"error,omitempty"` // why the source failed as a whole
	// Errors lists, once each, what went wrong in the poll, whether or
	// not it failed as a whole: a feed, a listing, a page.
	Errors []string `json:"errors,omitempty"`
}

// The states of a poll of one source, as PollResult.State gives them.
const (
	PollOK      = "ok"      // everything it needed was read
	PollPartial = "partial" // it stored what it could; something is to be retried soon
	PollFailed  = "failed"  // nothing could be polled (Err says why)
)

// State returns how the poll went: PollFailed when the source failed as
// a whole, PollPartial when something could not be read (a page, the
// feed, a listing), else PollOK.
func (r *PollResult) State() string {
	switch {
	case r.Err != "":
		return PollFailed
	case r.Unread > 0 || r.FeedErr != "" || len(r.Errors) > 0:
		return PollPartial
	}
	return PollOK
}

// A SourceStatus is what the poller knows of one source, for health
// checks, metrics and summaries.
type SourceStatus struct {
	Lang string
	// Last is the result of the last poll; its Started is zero before the
	// first one.
	Last PollResult
	// LastSuccess is when the last poll that did not fail as a whole
	// ended; the start of the poller's Run until one has (zero when Run
	// never ran and no poll succeeded).
	LastSuccess time.Time
	// LastError and LastErrorAt tell the last poll that failed as a whole.
	LastError   string
	LastErrorAt time.Time
	// Failures counts the polls in a row that failed as a whole.
	Failures int
	// Next is when the source is due again (zero: at once).
	Next time.Time
	// Interval is the check interval in force after a success: planned
	// with the other sources on its host from how often each publishes
	// (see refresh.RequestCost), at most the source's Interval.
	Interval time.Duration
	// RetryAfter is when the host said it may be asked again (429 or 503
	// with Retry-After); zero when it did not or that time has passed.
	RetryAfter time.Time
}
