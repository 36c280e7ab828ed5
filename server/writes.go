package server

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"
)

// A writeWatch remembers the store writes that failed and have not
// succeeded since: a full disk or a broken file keeps nothing of what is
// polled while the store still answers reads, so Ping alone calls it
// healthy. Its zero value is ready; it is safe for concurrent use.
type writeWatch struct {
	mu     sync.Mutex               // guards failed
	failed map[writeKey]failedWrite // by what failed to be written
}

// A writeKey names one kind of write: what was written, for which
// edition ("" when it is not an edition's).
type writeKey struct{ what, lang string }

// A failedWrite is a write that failed and has not succeeded since.
type failedWrite struct {
	What  string    `json:"what"`           // "articles", "poll result", ...
	Lang  string    `json:"lang,omitempty"` // the edition, if the write was one's
	Error string    `json:"error"`          // the last failure
	Since time.Time `json:"since"`          // the first failure in a row
}

// observe records how the write what for lang went at now.
func (ww *writeWatch) observe(what, lang string, err error, now time.Time) {
	k := writeKey{what, lang}
	ww.mu.Lock()
	defer ww.mu.Unlock()
	if err == nil {
		delete(ww.failed, k)
		return
	}
	if ww.failed == nil {
		ww.failed = map[writeKey]failedWrite{}
	}
	f, ok := ww.failed[k]
	if !ok {
		f = failedWrite{What: what, Lang: lang, Since: now.UTC()}
	}
	f.Error = err.Error()
	ww.failed[k] = f
}

// list returns the failed writes, ordered by what and edition.
func (ww *writeWatch) list() []failedWrite {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	out := make([]failedWrite, 0, len(ww.failed))
	for _, f := range ww.failed {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b failedWrite) int {
		return cmp.Or(cmp.Compare(a.What, b.What), cmp.Compare(a.Lang, b.Lang))
	})
	return out
}

// reason says what f is, on one line, for /healthz.
func (f failedWrite) reason() string {
	what := f.What
	if f.Lang != "" {
		what += " (" + f.Lang + ")"
	}
	return fmt.Sprintf("writing %s failed since %s: %s", what, f.Since.Format(time.RFC3339), f.Error)
}

// ObserveWrite records how a store write went: what was written
// ("articles", "poll result", "fetch state"...) and for which edition
// ("" when not one's). A failed write makes /healthz unhealthy, showing
// err, until the same write (what and lang) succeeds again: a success of
// another edition's write does not hide that one edition keeps nothing.
// cmd calls it for every write of the poller. It is safe for concurrent
// use.
func (s *Server) ObserveWrite(what, lang string, err error) {
	s.writes.observe(what, lang, err, s.now())
}
