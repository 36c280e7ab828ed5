package fetch

import (
	"encoding/xml"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

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

// reference copies the reference starting with '&' at i, or escapes the
// '&' when it starts none, and returns where the text continues. Character
// references to characters illegal in XML are dropped; HTML entities that
// XML does not define become character references.
func (r *repairer) reference(i int) int {
	s := r.s
	j := i + 1
	if j < len(s) && s[j] == '#' {
		k, base := j+1, 10
		if k < len(s) && (s[k] == 'x' || s[k] == 'X') {
			k, base = k+1, 16
		}
		d := k
		for k < len(s) && k-d < 8 && isDigit(s[k], base) {
			k++
		}
		if k > d && k < len(s) && s[k] == ';' {
			n, err := strconv.ParseUint(s[d:k], base, 32)
			if err != nil || !legalChar(rune(n)) {
				r.fault(i, "reference to a character illegal in XML: %s", s[i:k+1])
				return k + 1
			}
			r.out = append(r.out, "&#"...)
			r.out = strconv.AppendUint(r.out, n, 10)
			r.out = append(r.out, ';')
			return k + 1
		}
		r.fault(i, "unescaped &")
		r.out = append(r.out, "&amp;"...)
		return i + 1
	}
	k := j
	for k < len(s) && k-j < 32 && isNameByte(s[k]) && s[k] < 0x80 {
		k++
	}
	if k > j && k < len(s) && s[k] == ';' && isNameStart(s[j]) {
		switch ref := s[i : k+1]; s[j:k] {
		case "amp", "lt", "gt", "quot", "apos":
			r.out = append(r.out, ref...)
			return k + 1
		default:
			if u := html.UnescapeString(ref); u != ref {
				r.fault(i, "entity %s is not defined in XML", ref)
				for _, c := range u {
					r.out = append(r.out, "&#"...)
					r.out = strconv.AppendInt(r.out, int64(c), 10)
					r.out = append(r.out, ';')
				}
				return k + 1
			}
			r.fault(i, "unknown entity %s", ref)
		}
	} else {
		r.fault(i, "unescaped &")
	}
	r.out = append(r.out, "&amp;"...)
	return i + 1
}

// chars copies seg, found at offset off, dropping characters illegal in
// XML and replacing invalid UTF-8. Unless verbatim (CDATA, processing
// instructions), '>' is escaped, so that "]]>" cannot appear in text.
func (r *repairer) chars(seg string, off int, verbatim bool) {
	start := 0
	flush := func(i int) { r.out = append(r.out, seg[start:i]...) }
	for i := 0; i < len(seg); {
		c := seg[i]
		switch {
		case c == '>' && !verbatim:
			flush(i)
			r.out = append(r.out, "&gt;"...)
			i++
			start = i
		case c >= 0x20 && c < 0x80 || c == '\t' || c == '\n' || c == '\r':
			i++
		case c < 0x20:
			flush(i)
			r.fault(off+i, "control character U+%04X", c)
			i++
			start = i
		default:
			ru, n := utf8.DecodeRuneInString(seg[i:])
			switch {
			case ru == utf8.RuneError && n == 1:
				flush(i)
				r.fault(off+i, "invalid UTF-8")
				r.out = append(r.out, "\uFFFD"...)
				start = i + n
			case !legalChar(ru):
				flush(i)
				r.fault(off+i, "character U+%04X is illegal in XML", ru)
				start = i + n
			}
			i += n
		}
	}
	flush(len(seg))
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

func localName(name string) string {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// legalChar reports whether c may appear in an XML 1.0 document.
func legalChar(c rune) bool {
	return c == 0x9 || c == 0xA || c == 0xD ||
		c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isNameStart reports whether c may start an XML name (any non-ASCII byte
// is let through: names are not checked beyond that).
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// xmlName returns name, found at off, as a name encoding/xml accepts:
// ASCII names need at most one colon; names with other characters are
// checked by encoding/xml itself, once per distinct name. What is invalid
// becomes '_'.
func (r *repairer) xmlName(name string, off int) string {
	ascii, colons := true, 0
	for i := 0; i < len(name); i++ {
		ascii = ascii && name[i] < 0x80
		if name[i] == ':' {
			colons++
		}
	}
	if ascii && colons <= 1 {
		return name
	}
	if v, ok := r.names[name]; ok {
		return v
	}
	fixed := name
	if colons > 1 || !validName(name) {
		r.fault(off, "invalid name %q", name)
		var b strings.Builder
		colon := false
		for _, c := range name {
			switch {
			case c == ':' && !colon:
				colon = true
				b.WriteRune(c)
			case c < 0x80 && isNameByte(byte(c)) && c != ':':
				b.WriteRune(c)
			default:
				b.WriteByte('_')
			}
		}
		fixed = b.String()
	}
	if r.names == nil {
		r.names = map[string]string{}
	}
	r.names[name] = fixed
	return fixed
}

// validName reports whether encoding/xml accepts name as an element name.
func validName(name string) bool {
	_, err := xml.NewDecoder(strings.NewReader("<" + name + "/>")).Token()
	return err == nil
}

// scanName returns the end of the name starting at j.
func scanName(s string, j int) int {
	for j < len(s) && isNameByte(s[j]) {
		j++
	}
	return j
}

func isDigit(c byte, base int) bool {
	if c >= '0' && c <= '9' {
		return true
	}
	return base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
}
