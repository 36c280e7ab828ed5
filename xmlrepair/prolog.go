package xmlrepair

import "strings"

// A Prolog is what precedes a document's root element: the XML
// declaration, comments, processing instructions and a DOCTYPE.
type Prolog struct {
	Root   string // the root element's name; "" if none was found
	RootAt int    // its offset
	HTML   bool   // a DOCTYPE named html
	// Entities is the offset of an <!ENTITY declaration in the DOCTYPE,
	// where reading stopped; -1 if there is none. Expanding entities is
	// how entity bombs work, and no feed needs them: a caller refuses
	// such a document before any parser sees it.
	Entities int
}

// ReadProlog reads the prolog that s, UTF-8 text, starts with, up to the
// root element's start tag. It stops early, with Root "", at markup it
// cannot read and at an entity declaration.
func ReadProlog(s string) Prolog {
	p := Prolog{Entities: -1}
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<?"):
			end := strings.Index(rest, "?>")
			if end < 0 {
				return p
			}
			i += end + 2
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest, "-->")
			if end < 0 {
				return p
			}
			i += end + 3
		case len(rest) >= 9 && strings.EqualFold(rest[:9], "<!DOCTYPE"):
			end, entities := scanDoctype(rest, true)
			if entities >= 0 {
				p.Entities = i + entities
				return p
			}
			name := strings.Fields(rest[9:min(len(rest), 9+64)])
			p.HTML = len(name) > 0 && strings.EqualFold(strings.TrimRight(name[0], ">"), "html")
			if end < 0 {
				return p
			}
			i += end
		case len(rest) > 1 && rest[0] == '<' && isNameStart(rest[1]):
			p.Root, p.RootAt = rest[1:scanName(rest, 1)], i
			return p
		default:
			return p
		}
	}
}

// scanDoctype returns the length of the DOCTYPE that s starts with (-1 if
// it does not end) and, when stopAtEntity, the offset of an <!ENTITY
// declaration in it, where it stops (-1 if none).
func scanDoctype(s string, stopAtEntity bool) (end, entity int) {
	var quote byte
	depth := 0
	for j := 2; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case stopAtEntity && c == '<' && depth > 0 && strings.HasPrefix(s[j:], "<!ENTITY"):
			return -1, j
		case c == '>' && depth <= 0:
			return j + 1, -1
		}
	}
	return -1, -1
}
