package fetch

import (
	"fmt"
	"html"
	"maps"
	"slices"
	"strings"

	"github.com/mmcdole/gofeed"
)

// Feed kinds, by root element.
const (
	kindRSS  = "rss"  // <rss>, RSS 0.9x and 2.0
	kindRDF  = "rdf"  // <rdf:RDF>, RSS 1.0
	kindAtom = "atom" // <feed>
	kindJSON = "json" // JSON Feed
)

// maxSalvage bounds how many item chunks salvage parses one by one.
const maxSalvage = 2000

// A document is a feed's text made ready for parsing.
type document struct {
	text   string  // UTF-8, from the XML declaration or root element on
	kind   string  // one of the kinds above
	root   string  // the root element's start tag, for salvage
	faults []fault // found while preparing; offsets into the text before cutting
}

// prepare finds the feed in text: it cuts junk before the XML declaration
// or root element, refuses a DOCTYPE that declares entities, tells HTML
// and other documents from feeds, and rewrites the XML declaration to say
// UTF-8 (text is UTF-8 by now).
func prepare(text string) (*document, error) {
	d := &document{}
	text = strings.TrimLeft(text, "\uFEFF \t\r\n")
	if text == "" {
		return nil, fmt.Errorf("%w: empty body", ErrNotAFeed)
	}
	if text[0] == '{' {
		d.text, d.kind = text, kindJSON
		return d, nil
	}
	if i := strings.Index(text, "<?xml"); i > 0 && findFeedRoot(text[:i]) < 0 {
		d.faults = append(d.faults, fault{off: i, msg: "junk before the XML declaration"})
		text = text[i:]
	} else if i != 0 {
		if j := strings.IndexByte(text, '<'); j > 0 {
			d.faults = append(d.faults, fault{off: j, msg: "junk before the root element"})
			text = text[j:]
		} else if j < 0 {
			return nil, fmt.Errorf("%w: no markup (starts %q)", ErrNotAFeed, clip(text, 40))
		}
	}
	p, err := readProlog(text)
	if err != nil {
		return nil, err
	}
	d.kind = feedKind(p.root)
	if d.kind == "" {
		at := findFeedRoot(text)
		if at < 0 {
			if p.html || strings.EqualFold(p.root, "html") {
				return nil, fmt.Errorf("%w: got an HTML page", ErrNotAFeed)
			}
			if p.root == "" {
				return nil, fmt.Errorf("%w: no root element", ErrNotAFeed)
			}
			return nil, fmt.Errorf("%w: root element <%s> is not rss, rdf:RDF or feed", ErrNotAFeed, p.root)
		}
		d.faults = append(d.faults, fault{off: at, msg: "junk before the root element"})
		text = text[at:]
		if p, err = readProlog(text); err != nil {
			return nil, err
		}
		d.kind = feedKind(p.root)
	}
	d.root = text[p.rootAt:]
	if end := strings.IndexByte(d.root, '>'); end >= 0 {
		d.root = d.root[:end+1]
	}
	d.text = rewriteDecl(text)
	return d, nil
}

// A prolog is what precedes the root element.
type prolog struct {
	root   string // the root element's name; "" if none was found
	rootAt int    // its offset
	html   bool   // a DOCTYPE named html
}

// readProlog reads the declaration, comments, processing instructions and
// DOCTYPE before the root element. It fails with ErrMalformed when the
// DOCTYPE declares entities: expanding them is how entity bombs work, and
// no feed needs them.
func readProlog(s string) (prolog, error) {
	var p prolog
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
				return p, nil
			}
			i += end + 2
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest, "-->")
			if end < 0 {
				return p, nil
			}
			i += end + 3
		case len(rest) >= 9 && strings.EqualFold(rest[:9], "<!DOCTYPE"):
			end, entities := scanDoctype(rest, true)
			if entities >= 0 {
				return p, fmt.Errorf("%w: DOCTYPE declares entities at line %d (refused: entity expansion)",
					ErrMalformed, lineAt(s, i+entities))
			}
			name := strings.Fields(rest[9:min(len(rest), 9+64)])
			p.html = len(name) > 0 && strings.EqualFold(strings.TrimRight(name[0], ">"), "html")
			if end < 0 {
				return p, nil
			}
			i += end
		case len(rest) > 1 && rest[0] == '<' && isNameStart(rest[1]):
			p.root, p.rootAt = rest[1:scanName(rest, 1)], i
			return p, nil
		default:
			return p, nil
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

// feedKind returns the kind of feed whose root element is name, or "".
func feedKind(name string) string {
	switch localName(name) {
	case "rss":
		return kindRSS
	case "RDF":
		return kindRDF
	case "feed":
		return kindAtom
	}
	return ""
}

// findFeedRoot returns the offset of the first <rss, <rdf:RDF or <feed
// start tag in s, or -1.
func findFeedRoot(s string) int {
	best := -1
	for _, open := range []string{"<rss", "<rdf:RDF", "<feed"} {
		if i := indexTag(s, 0, open); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

// indexTag returns the offset at or after from of open ("<name") followed
// by a space, '>' or '/', or -1.
func indexTag(s string, from int, open string) int {
	for from <= len(s) {
		i := strings.Index(s[from:], open)
		if i < 0 {
			return -1
		}
		at := from + i
		if k := at + len(open); k < len(s) && (isSpace(s[k]) || s[k] == '>' || s[k] == '/') {
			return at
		}
		from = at + 1
	}
	return -1
}

// rewriteDecl replaces the XML declaration s starts with, if any, by one
// that says UTF-8.
func rewriteDecl(s string) string {
	if !strings.HasPrefix(s, "<?xml") || len(s) < 6 || !(isSpace(s[5]) || s[5] == '?') {
		return s
	}
	end := strings.Index(s, "?>")
	if end < 0 {
		return s
	}
	return `<?xml version="1.0" encoding="UTF-8"?>` + s[end+2:]
}

// salvage parses each complete item (or Atom entry) of d on its own inside
// a minimal feed, keeping those that parse. It returns them with the
// feed's title, if found, and how many item chunks it gave up on.
func salvage(d *document) (items []*gofeed.Item, title string, skipped int) {
	open, close := "<"+itemName(d.kind), "</"+itemName(d.kind)+">"
	head, tail := wrapper(d)
	s := d.text
	nextClose := -2 // offset of the next close tag; -2 unknown, -1 none
	for pos, n := 0, 0; n < maxSalvage; n++ {
		st := indexTag(s, pos, open)
		if st < 0 {
			break
		}
		if n == 0 {
			title = findTitle(s[:st])
		}
		if nextClose != -1 && nextClose < st {
			if c := strings.Index(s[st:], close); c < 0 {
				nextClose = -1
			} else {
				nextClose = st + c
			}
		}
		nextOpen := indexTag(s, st+len(open), open)
		if nextClose < 0 || (nextOpen >= 0 && nextOpen < nextClose) {
			skipped++ // an item that never ends
			if nextOpen < 0 {
				break
			}
			pos = nextOpen
			continue
		}
		pos = nextClose + len(close)
		chunk, _, _ := repair(s[st:pos])
		f, err := parseGofeed(head + chunk + tail)
		if err != nil || len(f.Items) == 0 {
			skipped++
			continue
		}
		items = append(items, f.Items...)
	}
	return items, title, skipped
}

// Namespaces a salvaged item may use, when the root does not declare them.
var defaultNamespaces = map[string]string{
	"atom":    "http://www.w3.org/2005/Atom",
	"content": "http://purl.org/rss/1.0/modules/content/",
	"dc":      "http://purl.org/dc/elements/1.1/",
	"media":   "http://search.yahoo.com/mrss/",
	"rdf":     "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"slash":   "http://purl.org/rss/1.0/modules/slash/",
	"sy":      "http://purl.org/rss/1.0/modules/syndication/",
	"wfw":     "http://wellformedweb.org/CommentAPI/",
}

// wrapper returns the start and end of a minimal feed of d's kind that
// declares the namespaces d's root declares.
func wrapper(d *document) (head, tail string) {
	ns := map[string]string{}
	for k, v := range defaultNamespaces {
		ns[k] = v
	}
	root, _, _ := repair(d.root) // well-formed, duplicates dropped
	for rest := root; ; {
		i := strings.Index(rest, "xmlns:")
		if i < 0 {
			break
		}
		rest = rest[i+len("xmlns:"):]
		prefix, after, ok := strings.Cut(rest, `="`)
		uri, _, ok2 := strings.Cut(after, `"`)
		if ok && ok2 && prefix != "" && !strings.ContainsAny(prefix, ` "<>`) {
			ns[prefix] = uri
		}
	}
	var b strings.Builder
	if d.kind == kindAtom {
		b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"`)
		tail = `</feed>`
	} else {
		b.WriteString(`<rss version="2.0"`)
		tail = `</channel></rss>`
	}
	for _, k := range slices.Sorted(maps.Keys(ns)) {
		fmt.Fprintf(&b, ` xmlns:%s="%s"`, k, html.EscapeString(html.UnescapeString(ns[k])))
	}
	b.WriteString(">")
	if d.kind != kindAtom {
		b.WriteString("<channel>")
	}
	return b.String(), tail
}

// findTitle returns the text of the first <title> element in s.
func findTitle(s string) string {
	i := indexTag(s, 0, "<title")
	if i < 0 {
		return ""
	}
	gt := strings.IndexByte(s[i:], '>')
	if gt < 0 {
		return ""
	}
	s = s[i+gt+1:]
	end := strings.Index(s, "</title")
	if end < 0 {
		return ""
	}
	s = strings.TrimSpace(s[:end])
	if t, ok := strings.CutPrefix(s, "<![CDATA["); ok {
		return strings.TrimSuffix(t, "]]>")
	}
	return html.UnescapeString(s)
}

// lineAt returns the 1-based line of offset off in s.
func lineAt(s string, off int) int {
	return strings.Count(s[:min(max(off, 0), len(s))], "\n") + 1
}

// clip returns s cut to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
