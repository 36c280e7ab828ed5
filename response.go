package sanafeed

import "net/http"

// DefaultUserAgent is the User-Agent sanafeed fetches with unless the
// config's poll.user_agent says otherwise. Its product token, "sanafeed",
// selects the robots.txt group that applies to it.
const DefaultUserAgent = "sanafeed/0.1 (+https://github.com/sanafeed/sanafeed)"

// A Response is what a polite GET of one URL received (fetch.Client.Get
// makes them). Body holds the raw bytes (decompressed from gzip, not decoded
// from their charset: ContentType names it).
type Response struct {
	URL         string      // final URL, after redirects
	Status      int         // HTTP status; 0 when no response was received
	Header      http.Header // the final response's header
	Body        []byte      // the body of a 2xx response; nil otherwise
	ContentType string      // the Content-Type header
	// State is the FetchState to store for the URL requested: validators,
	// Status and Fetched always; on success (2xx or 304) Succeeded is set
	// and Failures, LastError and NextAttempt are reset; on failure
	// Failures is incremented, LastError set and NextAttempt set from
	// Retry-After when there is one (the caller adds its own backoff).
	State FetchState
}
