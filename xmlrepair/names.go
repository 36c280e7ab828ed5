package xmlrepair

import (
	"encoding/xml"
	"strings"
)

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

// isNameStart reports whether c may start an XML name (any non-ASCII byte
// is let through: names are not checked beyond that).
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func localName(name string) string {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}
