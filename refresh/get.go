package refresh

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"syscall"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Fetching for a poll: each request with the URL's stored validators, its
// new state recorded for the store, a host's Retry-After honoured for the
// rest of the poll and across runs.

// get fetches url with its stored state and records the new state.
// It returns (nil, nil) when the document is unchanged.
func (sp *sourcePoll) get(ctx context.Context, url string) (*sanafeed.Response, error) {
	st, err := sp.p.Store.FetchState(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("fetch state %s: %w", url, err)
	}
	if st.URL == "" {
		st.URL = url
	}
	return sp.getWith(ctx, url, st)
}

func (sp *sourcePoll) getWith(ctx context.Context, url string, st sanafeed.FetchState) (*sanafeed.Response, error) {
	if sp.halted != nil {
		return nil, sp.halted
	}
	sp.res.Requests++
	doc, err := sp.p.Fetcher.Get(ctx, url, st)
	if ctx.Err() != nil {
		return nil, ctx.Err() // shutting down: not the server's failure
	}
	if now := sp.p.now(); err != nil && doc != nil && doc.State.NextAttempt.After(now) {
		// 429 or 503 with Retry-After, or the host is paused: the
		// host's other URLs would be refused too; ask nothing more.
		if doc.State.NextAttempt.After(sp.retryAt) {
			sp.retryAt = doc.State.NextAttempt
		}
		sp.halted = fmt.Errorf("host asked to wait until %s: %w", sp.retryAt.UTC().Format(time.RFC3339), err)
	}
	if err != nil && (doc == nil || doc.Status == 0) && unreachable(err) {
		// No answer at all (a stall, a refused or dropped connection): the
		// edition is not asked again in this poll, so that it holds up
		// neither its own poll nor, on a shared host, the others'.
		sp.halted = fmt.Errorf("not asked again this poll after %s: %w", url, err)
	}
	if doc != nil {
		doc.State.URL = st.URL
		sp.st = append(sp.st, doc.State)
	} else {
		st.Fetched = sp.p.now()
		st.Failures++
		if err != nil {
			st.LastError = err.Error()
		}
		sp.st = append(sp.st, st)
	}
	if errors.Is(err, sanafeed.ErrNotModified) {
		sp.res.NotModified++
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// stateOf returns the state recorded in this poll for url, if any.
func (sp *sourcePoll) stateOf(url string) *sanafeed.FetchState {
	for i := len(sp.st) - 1; i >= 0; i-- {
		if sp.st[i].URL == url {
			return &sp.st[i]
		}
	}
	return nil
}

// dropState forgets the state recorded in this poll for url: it is not
// stored.
func (sp *sourcePoll) dropState(url string) {
	sp.st = slices.DeleteFunc(sp.st, func(st sanafeed.FetchState) bool { return st.URL == url })
}

// getList is get, without validators when whole is set.
func (sp *sourcePoll) getList(ctx context.Context, url string, whole bool) (*sanafeed.Response, error) {
	if !whole {
		return sp.get(ctx, url)
	}
	st, err := sp.p.Store.FetchState(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("fetch state %s: %w", url, err)
	}
	st.URL, st.ETag, st.LastModified = url, "", ""
	return sp.getWith(ctx, url, st)
}

// forget drops the validators recorded in this poll for url, so that the
// next poll reads it whole.
func (sp *sourcePoll) forget(url string) {
	if st := sp.stateOf(url); st != nil {
		st.ETag, st.LastModified = "", ""
	}
}

// waitAsked reports whether the host asked (429 or 503 with Retry-After,
// remembered in the feed's state) not to be polled yet, recording the
// skipped poll in the result. A Retry-After is so honoured across
// restarts, by `sanafeed poll` run from cron too.
func (sp *sourcePoll) waitAsked(ctx context.Context) bool {
	st, err := sp.p.Store.FetchState(ctx, sp.anchor())
	if err != nil || !st.NextAttempt.After(sp.res.Started) {
		return false
	}
	sp.retryAt = st.NextAttempt
	sp.res.Err = fmt.Sprintf("host asked to wait until %s", st.NextAttempt.UTC().Format(time.RFC3339))
	if err := sp.p.Store.PutPollResult(context.WithoutCancel(ctx), sp.res); err != nil {
		sp.p.log().Error("store poll result", "lang", sp.src.Lang, "err", err)
	}
	return true
}

// anchor returns the URL whose fetch state remembers a host's
// Retry-After for the source: its first feed, else its home.
func (sp *sourcePoll) anchor() string {
	if f := sp.feeds(); len(f) > 0 {
		return f[0]
	}
	return sp.src.URL
}

// getFresh fetches url, unconditionally when the stored copy is not
// needed: a backfill must read the document even if a poll saw it.
func (sp *sourcePoll) getFresh(ctx context.Context, url string) (*sanafeed.Response, error) {
	st, err := sp.p.Store.FetchState(ctx, url)
	if err != nil {
		return nil, err
	}
	st.URL, st.ETag, st.LastModified = url, "", ""
	doc, err := sp.getWith(ctx, url, st)
	if err == nil && doc == nil {
		err = fmt.Errorf("%s: not modified to an unconditional request", url)
	}
	return doc, err
}

// unreachable reports whether err says the server gave no answer: a
// timeout, or a connection refused, reset or closed before a response.
func unreachable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET)
}
