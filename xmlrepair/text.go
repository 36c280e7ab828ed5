package xmlrepair

import (
	"html"
	"strconv"
	"unicode/utf8"
)

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

// legalChar reports whether c may appear in an XML 1.0 document.
func legalChar(c rune) bool {
	return c == 0x9 || c == 0xA || c == 0xD ||
		c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF
}

func isDigit(c byte, base int) bool {
	if c >= '0' && c <= '9' {
		return true
	}
	return base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
}
