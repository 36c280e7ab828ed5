package xmlrepair

import (
	"slices"
	"strings"
	"unicode/utf8"
)

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
		return r.dropTooDeep(i, k, name)
	}
	mark := len(r.out)
	r.out = append(r.out, '<')
	r.out = append(r.out, name...)
	var names attrNames
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
			if names.seen(an) {
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

// dropTooDeep drops the start tag of name at i, its name ending at k,
// which would nest deeper than maxDepth, and returns where the text
// continues.
func (r *repairer) dropTooDeep(i, k int, name string) int {
	r.fault(i, "elements nested deeper than %d (start tag <%s> dropped)", maxDepth, name)
	if gt := strings.IndexByte(r.s[k:], '>'); gt >= 0 {
		return k + gt + 1
	}
	return r.truncated(i, "start tag")
}

// attrNames are the attribute names of one start tag: a slice while they
// are few, a set once they are many, so that a tag with thousands of
// attributes is still read in linear time.
type attrNames struct {
	list []string
	set  map[string]bool // nil while list is short
}

// seen records name and reports whether it was recorded before.
func (a *attrNames) seen(name string) bool {
	if a.set != nil {
		dup := a.set[name]
		a.set[name] = true
		return dup
	}
	dup := slices.Contains(a.list, name)
	a.list = append(a.list, name)
	if len(a.list) > 16 {
		a.set = make(map[string]bool, len(a.list))
		for _, n := range a.list {
			a.set[n] = true
		}
	}
	return dup
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

// attribute copies the attribute at j of the start tag of elem, quoted and
// escaped, and returns where the tag continues, the attribute's name, and
// false when the document ends inside it.
func (r *repairer) attribute(j int, elem string) (int, string, bool) {
	s := r.s
	k := scanName(s, j)
	name := r.xmlName(s[j:k], j)
	p := k
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	if p >= len(s) {
		return p, name, false
	}
	var vstart, vend, next int
	switch {
	case s[p] != '=':
		r.fault(j, "attribute %q in <%s> has no value", name, elem)
		r.out = append(r.out, ' ')
		r.out = append(r.out, name...)
		r.out = append(r.out, `=""`...)
		return k, name, true
	default:
		p++
		for p < len(s) && isSpace(s[p]) {
			p++
		}
		if p >= len(s) {
			return p, name, false
		}
		if q := s[p]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[p+1:], q)
			if end < 0 {
				return len(s), name, false
			}
			vstart, vend, next = p+1, p+1+end, p+1+end+1
		} else {
			e := p
			for e < len(s) && !isSpace(s[e]) && s[e] != '>' && !(s[e] == '/' && e+1 < len(s) && s[e+1] == '>') {
				e++
			}
			r.fault(p, "attribute %q in <%s> has an unquoted value", name, elem)
			vstart, vend, next = p, e, e
		}
	}
	r.out = append(r.out, ' ')
	r.out = append(r.out, name...)
	r.out = append(r.out, `="`...)
	r.attrValue(vstart, vend)
	r.out = append(r.out, '"')
	return next, name, true
}

// attrValue copies s[i:end], an attribute value, escaped for "…" quotes.
func (r *repairer) attrValue(i, end int) {
	s := r.s
	for i < end {
		switch s[i] {
		case '&':
			i = r.reference(i)
		case '<':
			r.fault(i, "unescaped < in attribute value")
			r.out = append(r.out, "&lt;"...)
			i++
		case '"':
			r.out = append(r.out, "&quot;"...)
			i++
		default:
			j := i
			for j < end && s[j] != '&' && s[j] != '<' && s[j] != '"' {
				j++
			}
			r.chars(s[i:j], i, false)
			i = j
		}
	}
}
