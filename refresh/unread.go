package refresh

import "context"

// What a poll could not read is read again: when candidate pages were
// left unread, a marker makes the next poll read the lists that named
// them whole.

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
