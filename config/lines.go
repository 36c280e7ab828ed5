package config

import (
	"fmt"
	"strconv"
	"strings"
)

// keyLines maps each key of a TOML document, named as in error messages
// ("poll.interval", "source[2].lang", "webhook[1].events[3]"), to the
// line it is defined on. The TOML library keeps no positions per array
// element, so scanLines finds them itself.
type keyLines map[string]int

// find returns the line of key or, failing that, of the nearest table or
// array holding it (a missing "webhook[1].url" is reported on the line of
// its [[webhook]]); 0 when none is known.
func (l keyLines) find(key string) int {
	for ; key != ""; key = parentKey(key) {
		if n, ok := l[key]; ok {
			return n
		}
	}
	return 0
}

// onLine returns the outermost key defined on line n, or "".
func (l keyLines) onLine(n int) string {
	best := ""
	for k, line := range l {
		if line == n && (best == "" || len(k) < len(best) || len(k) == len(best) && k < best) {
			best = k
		}
	}
	return best
}

// parentKey returns key without its last part: "a.b[2]" → "a.b" → "a".
func parentKey(key string) string {
	if i := strings.LastIndexAny(key, ".["); i > 0 {
		return key[:i]
	}
	return ""
}

// joinKey appends the key part k to prefix, quoting k unless it is bare.
func joinKey(prefix, k string) string {
	if !isBareKey(k) {
		k = strconv.Quote(k)
	}
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// isBareKey reports whether k can be written unquoted in TOML.
func isBareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if !isBareByte(k[i]) {
			return false
		}
	}
	return true
}

// isBareByte reports whether c may appear in a bare key.
func isBareByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// scanLines finds the line of every key in src, which must be a TOML
// document the TOML library accepted: the scanner relies on that and does
// not check syntax, but it stops at the end of any input without panicking.
func scanLines(src string) keyLines {
	s := &lineScanner{src: src, line: 1, lines: keyLines{}, arrays: map[string]int{}}
	table := ""
	for s.pos < len(s.src) {
		start := s.pos
		s.skipSpace(true)
		switch s.peek() {
		case 0:
		case '[':
			table = s.header()
		default:
			s.keyValue(table)
		}
		if s.pos == start {
			s.next()
		}
	}
	return s.lines
}

// A lineScanner walks a TOML document keeping count of lines.
type lineScanner struct {
	src    string
	pos    int            // byte offset in src
	line   int            // 1-based line of pos
	lines  keyLines       // found so far
	arrays map[string]int // each array of tables ("source") → its elements seen so far
	depth  int            // nesting of arrays and inline tables at pos
}

// maxDepth is the nesting of arrays and inline tables beyond which keys
// are not recorded, so that deeply nested input costs linear time and
// bounded stack.
const maxDepth = 16

// peek returns the byte at pos, or 0 at the end.
func (s *lineScanner) peek() byte {
	if s.pos < len(s.src) {
		return s.src[s.pos]
	}
	return 0
}

// at reports whether the input continues with prefix.
func (s *lineScanner) at(prefix string) bool { return strings.HasPrefix(s.src[s.pos:], prefix) }

// next moves past one byte.
func (s *lineScanner) next() {
	if s.pos < len(s.src) {
		if s.src[s.pos] == '\n' {
			s.line++
		}
		s.pos++
	}
}

// record notes that key is defined on line, unless it already has a line.
func (s *lineScanner) record(key string, line int) {
	if _, ok := s.lines[key]; !ok {
		s.lines[key] = line
	}
}

// skipSpace moves past blanks and, when newlines, past line ends and comments.
func (s *lineScanner) skipSpace(newlines bool) {
	for {
		switch c := s.peek(); {
		case c == ' ' || c == '\t':
		case newlines && (c == '\n' || c == '\r'):
		case newlines && c == '#':
			s.skipLine()
			continue
		default:
			return
		}
		s.next()
	}
}

// skipLine moves past the rest of the line, its newline included.
func (s *lineScanner) skipLine() {
	for c := s.peek(); c != 0 && c != '\n'; c = s.peek() {
		s.next()
	}
	s.next()
}

// header reads a [table] or [[array]] header and returns the table's key.
func (s *lineScanner) header() string {
	line := s.line
	s.next()
	isArray := s.peek() == '['
	if isArray {
		s.next()
	}
	parts := s.key()
	s.skipLine()
	key := ""
	for i, p := range parts {
		key = joinKey(key, p)
		if i == len(parts)-1 && isArray {
			s.record(key, line) // the array itself, at its first table
			s.arrays[key]++
		}
		if n := s.arrays[key]; n > 0 {
			key = fmt.Sprintf("%s[%d]", key, n)
		}
		s.record(key, line)
	}
	return key
}

// keyValue reads one key = value pair in table.
func (s *lineScanner) keyValue(table string) {
	line := s.line
	parts := s.key()
	s.skipSpace(false)
	if s.peek() != '=' {
		s.skipLine()
		return
	}
	s.next()
	s.value(s.recordKey(table, parts, line))
	s.skipLine()
}

// recordKey records the dotted key parts within table, and every table
// they imply, on line, and returns the full key.
func (s *lineScanner) recordKey(table string, parts []string, line int) string {
	key := table
	for _, p := range parts {
		key = joinKey(key, p)
		s.record(key, line)
	}
	return key
}

// key reads a possibly dotted, possibly quoted key and returns its parts.
func (s *lineScanner) key() []string {
	var parts []string
	for {
		s.skipSpace(false)
		switch c := s.peek(); {
		case c == '"':
			parts = append(parts, s.basicString())
		case c == '\'':
			parts = append(parts, s.literalString())
		case isBareByte(c):
			start := s.pos
			for isBareByte(s.peek()) {
				s.next()
			}
			parts = append(parts, s.src[start:s.pos])
		default:
			return parts
		}
		s.skipSpace(false)
		if s.peek() != '.' {
			return parts
		}
		s.next()
	}
}

// value moves past one value; inline tables and arrays record their
// elements under key.
func (s *lineScanner) value(key string) {
	s.skipSpace(false)
	switch c := s.peek(); {
	case s.at(`"""`):
		s.multiline(`"""`)
	case s.at(`'''`):
		s.multiline(`'''`)
	case c == '"':
		s.basicString()
	case c == '\'':
		s.literalString()
	case (c == '[' || c == '{') && s.depth >= maxDepth:
		s.skipNested()
	case c == '[':
		s.array(key)
	case c == '{':
		s.inlineTable(key)
	default: // number, boolean, date: up to the next delimiter
		for c != 0 && !strings.ContainsRune(",]}#\r\n", rune(c)) {
			s.next()
			c = s.peek()
		}
	}
}

// array moves past an array, recording each element as key[1], key[2]….
func (s *lineScanner) array(key string) {
	s.next()
	s.depth++
	defer func() { s.depth-- }()
	for i := 1; ; i++ {
		s.skipSpace(true)
		switch s.peek() {
		case 0:
			return
		case ']':
			s.next()
			return
		}
		start := s.pos
		elem := fmt.Sprintf("%s[%d]", key, i)
		s.record(elem, s.line)
		s.value(elem)
		s.skipSpace(true)
		if s.peek() == ',' {
			s.next()
		}
		if s.pos == start {
			s.next()
		}
	}
}

// skipNested moves past an array or inline table without recording keys
// or recursing.
func (s *lineScanner) skipNested() {
	depth := 0
	for {
		switch c := s.peek(); {
		case c == 0:
			return
		case s.at(`"""`):
			s.multiline(`"""`)
		case s.at(`'''`):
			s.multiline(`'''`)
		case c == '"':
			s.basicString()
		case c == '\'':
			s.literalString()
		case c == '#':
			for c := s.peek(); c != 0 && c != '\n'; c = s.peek() {
				s.next()
			}
		case c == '[' || c == '{':
			depth++
			s.next()
		case c == ']' || c == '}':
			depth--
			s.next()
			if depth <= 0 {
				return
			}
		default:
			s.next()
		}
	}
}

// inlineTable moves past an inline table, recording its keys under key.
func (s *lineScanner) inlineTable(key string) {
	s.next()
	s.depth++
	defer func() { s.depth-- }()
	for {
		s.skipSpace(true)
		switch s.peek() {
		case 0:
			return
		case '}':
			s.next()
			return
		}
		start, line := s.pos, s.line
		parts := s.key()
		s.skipSpace(false)
		if s.peek() == '=' {
			s.next()
			s.value(s.recordKey(key, parts, line))
		}
		s.skipSpace(true)
		if s.peek() == ',' {
			s.next()
		}
		if s.pos == start {
			s.next()
		}
	}
}

// multiline moves past a multi-line string delimited by delim.
func (s *lineScanner) multiline(delim string) {
	s.pos += len(delim)
	for s.pos < len(s.src) {
		if s.at(delim) {
			s.pos += len(delim)
			for i := 0; i < 2 && s.peek() == delim[0]; i++ { // quotes just before the closing delimiter
				s.next()
			}
			return
		}
		if delim[0] == '"' && s.peek() == '\\' {
			s.next()
		}
		s.next()
	}
}

// basicString reads a "quoted" string and returns its value.
func (s *lineScanner) basicString() string {
	s.next()
	var b strings.Builder
	for c := s.peek(); c != 0 && c != '"' && c != '\n'; c = s.peek() {
		s.next()
		if c == '\\' {
			b.WriteString(s.escape())
		} else {
			b.WriteByte(c)
		}
	}
	if s.peek() == '"' {
		s.next()
	}
	return b.String()
}

// escape reads the escape sequence after a backslash and returns its value.
func (s *lineScanner) escape() string {
	c := s.peek()
	s.next()
	digits := 0
	switch c {
	case 'b':
		return "\b"
	case 't':
		return "\t"
	case 'n':
		return "\n"
	case 'f':
		return "\f"
	case 'r':
		return "\r"
	case 'e':
		return "\x1b"
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default: // \" and \\
		return string(c)
	}
	if s.pos+digits > len(s.src) {
		return string(c)
	}
	n, err := strconv.ParseUint(s.src[s.pos:s.pos+digits], 16, 32)
	if err != nil {
		return string(c)
	}
	s.pos += digits
	return string(rune(n))
}

// literalString reads a 'literal' string and returns its value.
func (s *lineScanner) literalString() string {
	s.next()
	start := s.pos
	for c := s.peek(); c != 0 && c != '\'' && c != '\n'; c = s.peek() {
		s.next()
	}
	v := s.src[start:s.pos]
	if s.peek() == '\'' {
		s.next()
	}
	return v
}
