package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Errors returned by Get, besides sanafeed.ErrNotModified. Check them
// with errors.Is.
var (
	// ErrTooLarge means the body (after gzip decompression) exceeded
	// Client.MaxBytes.
	ErrTooLarge = errors.New("fetch: body too large")
	// ErrDisallowed means the host's robots.txt forbids the URL to us.
	ErrDisallowed = errors.New("fetch: disallowed by robots.txt")
	// ErrPaused means no request was sent because the host asked us to
	// wait (a 429 or 503 with Retry-After). The error is a *PausedError
	// telling until when.
	ErrPaused = errors.New("fetch: host paused")
	// ErrRedirectLoop means a redirect led back to a URL already visited;
	// the error names the loop.
	ErrRedirectLoop = errors.New("redirect loop")
)

// A StallError reports a server that sent no response header within
// Client.FirstByteTimeout: it accepted the request and did not answer.
// It is a timeout (errors.Is(err, context.DeadlineExceeded) and a
// net.Error whose Timeout is true).
type StallError struct {
	After time.Duration // the wait allowed
}

// Error implements error.
func (e *StallError) Error() string {
	return fmt.Sprintf("stalled: no response within %s", e.After)
}

// Timeout reports true: a stall is a timeout.
func (e *StallError) Timeout() bool { return true }

// Temporary reports true, as net.Error asks.
func (e *StallError) Temporary() bool { return true }

// Unwrap returns context.DeadlineExceeded.
func (e *StallError) Unwrap() error { return context.DeadlineExceeded }

// A PausedError reports a request not sent because its host answered an
// earlier one with 429 or 503 and a Retry-After that has not passed yet.
// errors.Is(err, ErrPaused) reports it too.
type PausedError struct {
	Host  string    // the host, as it shares its request budget
	Until time.Time // by Client.Now: requests to the host resume then
}

// Error implements error.
func (e *PausedError) Error() string {
	return fmt.Sprintf("fetch: host %s paused until %s (Retry-After)", e.Host, e.Until.UTC().Format(time.RFC3339))
}

// Unwrap returns ErrPaused.
func (e *PausedError) Unwrap() error { return ErrPaused }

// A StatusError reports an HTTP response other than 2xx or 304.
type StatusError struct {
	URL        string        // the URL requested
	Code       int           // the HTTP status code
	RetryAfter time.Duration // from a Retry-After header (seconds or HTTP date); 0 if none
}

// Error implements error.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("fetch %s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}
