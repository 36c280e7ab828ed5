package refresh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
)

// What a poll does so that a hostile or failing site costs nothing that
// was stored and loses nothing it could not read: it honours Retry-After,
// refuses what is not an article, and sees that what could not be read is
// read again.

// waitAsked reports whether the host asked (429 or 503 with Retry-After,
// remembered in the feed's state) not to be polled yet, recording the
// skipped poll in the result. A Retry-After is so honoured across
// restarts, by `sanafeed poll` run from cron too.
func (sp *sourcePoll) waitAsked(ctx context.Context) bool {
	st, err := sp.p.Store.FetchState(ctx, sp.src.FeedURL())
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

// unreadKey returns the key of the fetch state that remembers, for the
// next poll, that this one left candidate pages unread (Failures > 0):
// the lists that named them must then be read whole, for the home may no
// longer show anything unknown that would lead to the category listings
// they were found on.
func (sp *sourcePoll) unreadKey() string { return sp.src.URL + "#unread" }

// loadUnread reads the unread marker and reports whether it is set.
func (sp *sourcePoll) loadUnread(ctx context.Context) bool {
	st, err := sp.p.Store.FetchState(ctx, sp.unreadKey())
	if err != nil {
		return false
	}
	sp.unread = st
	return st.Failures > 0
}

// markUnread records the unread marker's new state with the others.
func (sp *sourcePoll) markUnread() {
	st := sp.unread
	switch {
	case sp.pageFailed:
		st.Failures++
		st.LastError = "article pages left unread"
	case st.Failures > 0 && sp.listsRead:
		st.Failures, st.LastError = 0, ""
	default:
		return
	}
	st.URL, st.Fetched = sp.unreadKey(), sp.p.now()
	sp.st = append(sp.st, st)
}

// forget drops the validators recorded in this poll for url, so that the
// next poll reads it whole.
func (sp *sourcePoll) forget(url string) {
	if st := sp.stateOf(url); st != nil {
		st.ETag, st.LastModified = "", ""
	}
}

// garbled reports whether s holds text that did not decode (U+FFFD):
// SANA's own text never does, so such an observation is a transport or
// encoding fault and is not stored.
func garbled(s string) bool { return strings.ContainsRune(s, utf8.RuneError) }

// Errors checkPage returns.
var (
	errTruncated = errors.New("page is cut short (no </html>)")
	errNotPost   = errors.New("not the article's page (its post id is nowhere in it): an error or maintenance page?")
	errGarbled   = errors.New("title or text does not decode")
)

// checkPage rejects what extract may take for an article but is not one:
// a page cut short (a complete page ends with </html>), a page that does
// not name post id anywhere (every SANA article page names its own id in
// its permalink, shortlink and classes; a maintenance or error page does
// not), and text that did not decode.
func checkPage(body []byte, a sanafeed.Article, id int64) error {
	if !closesHTML(body[max(0, len(body)-16<<10):]) {
		return errTruncated
	}
	if id > 0 && !bytes.Contains(body, []byte(strconv.FormatInt(id, 10))) {
		return errNotPost
	}
	if garbled(a.Title) || garbled(a.Content) {
		return errGarbled
	}
	return nil
}

// closesHTML reports whether b holds "</html>" in any letter case. It
// looks only at each "</", without lowering a copy of b: every page read
// passes through here.
func closesHTML(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("</"))
		if i < 0 {
			return false
		}
		b = b[i+2:]
		if len(b) >= 5 && b[4] == '>' && bytes.EqualFold(b[:4], []byte("html")) {
			return true
		}
	}
}
