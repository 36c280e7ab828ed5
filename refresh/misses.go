package refresh

import (
	"fmt"

	"github.com/sanafeed/sanafeed/extract"
)

// Rules that find nothing are reported, not taken for success: a theme
// changed under the rules reads as "page.body found nothing on 12 of 12
// pages" in the poll summary, not as articles quietly read by readability
// or stored without tags.

// ruleMisses counts, over the article pages a poll read, those on which
// a page rule found nothing. A standard place standing in on a page
// (JSON-LD, og: or article: meta, the shortlink) is as good as the rule:
// it is reported only when the rule found nothing on every page of three
// or more, the mark of a changed theme. A weak stand-in (readability, <title>, the
// visible date) or nothing at all is reported from one page.
type ruleMisses struct {
	pages  int
	missed map[string]int    // field → pages on which its rule found nothing
	weak   map[string]int    // field → of those, pages where only a weak fallback or nothing gave it
	used   map[string]string // field → a fallback that gave it instead
}

// reported are the fields whose rule finding nothing on any page is
// reported, and the least number of pages read for it to be: a page may
// lack tags or an image, not a title, a body or a time.
var reported = []struct {
	field    string
	minPages int
	all      bool // reported only when the rule found nothing on every page
}{
	{"id", 1, false}, {"title", 1, false}, {"body", 1, false}, {"published", 1, false},
	{"tags", 3, true},
}

// note counts the trace of one page read.
func (m *ruleMisses) note(tr extract.Trace) {
	if m.missed == nil {
		m.missed, m.weak, m.used = map[string]int{}, map[string]int{}, map[string]string{}
	}
	m.pages++
	for _, st := range tr {
		if !st.Fallback {
			continue
		}
		m.missed[st.Field]++
		if st.Guess {
			m.weak[st.Field]++
		}
		if st.Rule != "" && m.used[st.Field] == "" {
			m.used[st.Field] = st.Rule
		}
	}
}

// report returns one error per reported field whose rule found nothing.
func (m *ruleMisses) report() []error {
	var errs []error
	for _, r := range reported {
		n := m.missed[r.field]
		// On every page of three or more: the theme changed.
		everywhere := n == m.pages && m.pages >= 3
		if n == 0 || m.pages < r.minPages || (r.all || m.weak[r.field] == 0) && !everywhere {
			continue
		}
		how := "nothing else found it either"
		if u := m.used[r.field]; u != "" {
			how = u + " gave it instead"
		}
		errs = append(errs, fmt.Errorf("rules: source.page.%s found nothing on %d of %d pages read (%s)", r.field, n, m.pages, how))
	}
	return errs
}
