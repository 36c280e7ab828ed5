package sanafeed

import "errors"

// Sentinel errors shared across packages.
var (
	// ErrNotFound means the requested record does not exist.
	ErrNotFound = errors.New("sanafeed: not found")
	// ErrNoPostID means a URL or GUID names no SANA post.
	ErrNoPostID = errors.New("sanafeed: no post id")
	// ErrNotModified means a server answered 304 to a conditional GET: the
	// resource is unchanged since the validators in the FetchState sent.
	// The *Response returned with it is non-nil and carries the updated
	// State.
	ErrNotModified = errors.New("sanafeed: not modified")
)
