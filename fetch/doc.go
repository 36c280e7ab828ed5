// Package fetch does polite HTTP for sanafeed and turns feeds into articles.
//
// A Client makes conditional GETs (ETag, Last-Modified) with an honest
// User-Agent, a size cap, a timeout, a minimum gap between two requests to
// one host shared by every goroutine using it, and robots.txt obeyed. All of
// SANA's editions live on one host, so they share one budget. A 429 or 503
// with Retry-After pauses every request to its host until then (at most
// an hour).
//
// ParseFeed reads RSS 2.0, RSS 1.0, Atom or JSON Feed bytes in any common
// charset (decoded by package charset), repairs (with package xmlrepair)
// or salvages feeds that are not well-formed XML (SANA's Arabic feed had a
// duplicated attribute), and maps each item that names a SANA post to a
// sanafeed.Article. gofeed types never leave the package.
package fetch
