// Package extract turns SANA pages into values: an article page into a
// sanafeed.Article, a listing page into links to articles, a sitemap into
// URLs, and any untrusted HTML into HTML that is safe to republish.
//
// It is pure: bytes in, values out, no I/O and no clock. Every function is
// safe for concurrent use.
package extract

import "errors"

// ErrNotArticle is returned by Page when the page holds no single article:
// a listing, a home page, a 404 page, or a page naming no post.
var ErrNotArticle = errors.New("extract: not an article page")
