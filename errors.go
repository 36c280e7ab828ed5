package sanafeed

import "errors"

// Sentinel errors shared across packages.
var (
	// ErrNotFound means the requested record does not exist.
	ErrNotFound = errors.New("sanafeed: not found")
	// ErrNoPostID means a URL or GUID names no SANA post.
	ErrNoPostID = errors.New("sanafeed: no post id")
)
