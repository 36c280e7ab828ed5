package fetch

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A fault is one way a document was not well-formed XML.
type fault struct {
	off int    // byte offset in the text where it was found
	msg string // what was wrong
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
	faults  []fault
	nfaults int
	top     *elem             // innermost open element
	open    map[string]int    // how many elements of each name are open
	names   map[string]string // non-ASCII names seen, to their valid form
	seen    bool              // the root element has started
	closed  bool              // the root element has ended
}

// repair returns s rewritten as well-formed XML and the faults it fixed:
// duplicated attributes (the first is kept), unquoted or valueless
// attributes, & not starting a reference, undefined (HTML) entities, < in
// text or attribute values, characters illegal in XML, invalid UTF-8,
// mismatched or stray end tags, markup or text outside the root element,
// names that are not XML names, and truncation: an element left open at
// the end is closed, and an item or entry left open is cut off, its content
// being partial. Comments, processing instructions and DOCTYPEs are dropped
// (without a fault): they carry nothing a feed reader needs, and a DOCTYPE
// could declare entities.
func repair(s string) (string, []fault, int) {
	r := &repairer{s: s, out: make([]byte, 0, len(s)+len(s)/32+64), open: map[string]int{}}
	r.run()
	return string(r.out), r.faults, r.nfaults
}

func (r *repairer) fault(off int, format string, args ...any) {
	r.nfaults++
	if len(r.faults) < maxFaults {
		r.faults = append(r.faults, fault{off: off, msg: fmt.Sprintf(format, args...)})
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

// endTag handles "</name>" at i.
func (r *repairer) endTag(i int) int {
	s := r.s
	j := i + 2
	if j >= len(s) || !isNameStart(s[j]) {
		if j >= len(s) {
			return r.truncated(i, "end tag")
		}
		r.fault(i, "unescaped < in text")
		if r.top != nil {
			r.out = append(r.out, "&lt;"...)
		}
		return i + 1
	}
	k := scanName(s, j)
	name := r.xmlName(s[j:k], j)
	gt := strings.IndexByte(s[k:], '>')
	if gt < 0 {
		return r.truncated(i, "end tag")
	}
	if strings.TrimSpace(s[k:k+gt]) != "" {
		r.fault(k, "junk in end tag </%s>", name)
	}
	next := k + gt + 1
	if r.open[name] == 0 {
		r.fault(i, "end tag </%s> closes no open element", name)
		return next
	}
	for r.top.name != name {
		r.fault(i, "element <%s> closed by </%s>", r.top.name, name)
		r.pop()
	}
	r.pop()
	return next
}

// pop closes the innermost open element.
func (r *repairer) pop() {
	e := r.top
	r.out = append(r.out, "</"...)
	r.out = append(r.out, e.name...)
	r.out = append(r.out, '>')
	r.open[e.name]--
	r.top = e.parent
	if r.top == nil {
		r.closed = true
	}
}

// startTag handles "<name attr=...>" at i.
func (r *repairer) startTag(i int) int {
	s := r.s
	k := scanName(s, i+1)
	name := r.xmlName(s[i+1:k], i+1)
	if r.closed {
		r.fault(i, "content after the root element (cut)")
		return len(s)
	}
	if r.top != nil && r.top.depth >= maxDepth {
		r.fault(i, "elements nested deeper than %d (start tag <%s> dropped)", maxDepth, name)
		if gt := strings.IndexByte(s[k:], '>'); gt >= 0 {
			return k + gt + 1
		}
		return r.truncated(i, "start tag")
	}
	mark := len(r.out)
	r.out = append(r.out, '<')
	r.out = append(r.out, name...)
	var names []string          // attribute names so far, while few
	var nameSet map[string]bool // once many
	j := k
	for {
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			r.out = r.out[:mark]
			return r.truncated(i, "start tag")
		}
		switch c := s[j]; {
		case c == '>':
			r.out = append(r.out, '>')
			r.push(name, mark)
			return j + 1
		case c == '/' && j+1 < len(s) && s[j+1] == '>':
			r.out = append(r.out, "/>"...)
			if r.top == nil {
				r.seen, r.closed = true, true
			}
			return j + 2
		case isNameStart(c):
			am, at := len(r.out), j
			var ok bool
			var an string
			if j, an, ok = r.attribute(j, name); !ok {
				r.out = r.out[:mark]
				return r.truncated(i, "start tag")
			}
			dup := false
			if nameSet != nil {
				dup = nameSet[an]
				nameSet[an] = true
			} else {
				for _, n := range names {
					dup = dup || n == an
				}
				names = append(names, an)
				if len(names) > 16 {
					nameSet = make(map[string]bool, len(names))
					for _, n := range names {
						nameSet[n] = true
					}
				}
			}
			if dup {
				r.fault(at, "duplicated attribute %q in <%s> (first kept)", an, name)
				r.out = r.out[:am]
			}
		default:
			r.fault(j, "junk in start tag <%s>", name)
			_, n := utf8.DecodeRuneInString(s[j:])
			j += n
		}
	}
}

// push opens the element name whose start tag begins at out[mark].
func (r *repairer) push(name string, mark int) {
	depth := 1
	if r.top != nil {
		depth = r.top.depth + 1
	}
	r.top = &elem{name: name, outLen: mark, depth: depth, parent: r.top}
	r.open[name]++
	r.seen = true
}
