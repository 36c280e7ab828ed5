package xmlrepair

import (
	"fmt"
	"strings"
)

// A Fault is one way a document was not well-formed XML.
type Fault struct {
	Offset int    // byte offset in the text where it was found
	Msg    string // what was wrong
}

// maxFaults bounds how many faults are described; more are only counted.
const maxFaults = 20

// An elem is an open element; elems form a persistent stack, so a position
// in the stack can be remembered in O(1).
type elem struct {
	name   string
	outLen int // length of the output before its start tag
	depth  int // 1 for the root
	parent *elem
}

// maxDepth bounds element nesting; feeds need a handful of levels, and
// deeper start tags are dropped (their end tags then close nothing).
const maxDepth = 256

// A repairer rewrites a UTF-8 document into well-formed XML in one pass,
// in time linear in its length. It never fails: what cannot be fixed is
// dropped, and every change is recorded as a fault.
type repairer struct {
	s       string
	out     []byte
	faults  []Fault
	nfaults int
	top     *elem             // innermost open element
	open    map[string]int    // how many elements of each name are open
	names   map[string]string // non-ASCII names seen, to their valid form
	seen    bool              // the root element has started
	closed  bool              // the root element has ended
}

// Repair returns s, UTF-8 text, rewritten as well-formed XML, the first 20
// faults it fixed and how many it fixed in all. It fixes duplicated
// attributes (the first is kept), unquoted or valueless attributes, & not
// starting a reference, undefined (HTML) entities, < in text or attribute
// values, characters illegal in XML, invalid UTF-8, mismatched or stray end
// tags, markup or text outside the root element, names that are not XML
// names, elements nested deeper than 256 (their start tags are dropped), and
// truncation: an element left open at the end is closed, and an RSS item or
// Atom entry left open is cut off, its content being partial. Comments,
// processing instructions and DOCTYPEs are dropped (without a fault): they
// carry nothing a feed reader needs, and a DOCTYPE could declare entities.
//
// Repair never fails and runs in time linear in len(s).
func Repair(s string) (fixed string, faults []Fault, n int) {
	r := &repairer{s: s, out: make([]byte, 0, len(s)+len(s)/32+64), open: map[string]int{}}
	r.run()
	return string(r.out), r.faults, r.nfaults
}

func (r *repairer) fault(off int, format string, args ...any) {
	r.nfaults++
	if len(r.faults) < maxFaults {
		r.faults = append(r.faults, Fault{Offset: off, Msg: fmt.Sprintf(format, args...)})
	}
}

func (r *repairer) run() {
	s := r.s
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			i = r.markup(i)
		case '&':
			if r.top == nil {
				r.fault(i, "text outside the root element")
				i++
				continue
			}
			i = r.reference(i)
		default:
			j := i
			for j < len(s) && s[j] != '<' && s[j] != '&' {
				j++
			}
			if r.top == nil {
				if strings.TrimSpace(s[i:j]) != "" {
					r.fault(i, "text outside the root element")
				}
			} else {
				r.chars(s[i:j], i, false)
			}
			i = j
		}
	}
	r.finish(len(s))
}

// markup handles the construct starting with '<' at i and returns where
// the next one starts.
func (r *repairer) markup(i int) int {
	s := r.s
	rest := s[i:]
	switch {
	case strings.HasPrefix(rest, "<!--"):
		return r.skipTo(i, i+4, "-->", "comment")
	case strings.HasPrefix(rest, "<![CDATA["):
		end := strings.Index(s[i+9:], "]]>")
		if end < 0 {
			return r.truncated(i, "CDATA section")
		}
		if r.top == nil {
			r.fault(i, "CDATA outside the root element")
		} else {
			r.out = append(r.out, "<![CDATA["...)
			r.chars(s[i+9:i+9+end], i+9, true)
			r.out = append(r.out, "]]>"...)
		}
		return i + 9 + end + 3
	case strings.HasPrefix(rest, "<?"):
		end := strings.Index(s[i+2:], "?>")
		if end < 0 {
			return r.truncated(i, "processing instruction")
		}
		next := i + 2 + end + 2
		pi := s[i:next]
		if strings.HasPrefix(pi, "<?xml") && (len(pi) == 7 || isSpace(pi[5])) {
			if len(r.out) > 0 || i > 0 {
				r.fault(i, "XML declaration not at the start")
			} else {
				r.out = append(r.out, `<?xml version="1.0" encoding="UTF-8"?>`...)
			}
		}
		return next // other processing instructions are dropped, like comments
	case strings.HasPrefix(rest, "<!DOCTYPE") || strings.HasPrefix(rest, "<!doctype"):
		if r.seen {
			r.fault(i, "DOCTYPE inside the document")
		}
		return r.skipDoctype(i)
	case strings.HasPrefix(rest, "<!"):
		r.fault(i, "unknown markup declaration")
		return r.skipTo(i, i+2, ">", "declaration")
	case strings.HasPrefix(rest, "</"):
		return r.endTag(i)
	case len(rest) > 1 && isNameStart(rest[1]):
		return r.startTag(i)
	}
	if r.top == nil {
		r.fault(i, "text outside the root element")
	} else {
		r.fault(i, "unescaped < in text")
		r.out = append(r.out, "&lt;"...)
	}
	return i + 1
}

// skipTo drops everything from i to the end of the next sep at or after
// from, and returns where it ends.
func (r *repairer) skipTo(i, from int, sep, what string) int {
	end := strings.Index(r.s[from:], sep)
	if end < 0 {
		return r.truncated(i, what)
	}
	return from + end + len(sep)
}

// skipDoctype drops the DOCTYPE at i, internal subset and all.
func (r *repairer) skipDoctype(i int) int {
	end, _ := scanDoctype(r.s[i:], false)
	if end < 0 {
		return r.truncated(i, "DOCTYPE")
	}
	return i + end
}

// truncated records that the document ends inside what starts at i and
// returns the end of the text.
func (r *repairer) truncated(i int, what string) int {
	r.fault(i, "document ends inside a %s", what)
	return len(r.s)
}

// finish closes what is still open at the end of the text. An item or
// entry still open is cut off, since its content may be partial.
func (r *repairer) finish(end int) {
	if r.top == nil {
		return
	}
	var cut *elem
	for e := r.top; e != nil; e = e.parent {
		if l := localName(e.name); l == "item" || l == "entry" {
			cut = e
		}
	}
	if cut != nil {
		r.fault(end, "document ends inside <%s> (partial item dropped)", cut.name)
		r.out = r.out[:cut.outLen]
		r.top = cut.parent
	} else {
		r.fault(end, "document ends with <%s> open", r.top.name)
	}
	for r.top != nil {
		r.pop()
	}
}
