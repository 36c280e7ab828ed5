package fetch

import (
	"fmt"
	"strings"

	"github.com/sanafeed/sanafeed/xmlrepair"
)

// Feed kinds, by root element.
const (
	kindRSS  = "rss"  // <rss>, RSS 0.9x and 2.0
	kindRDF  = "rdf"  // <rdf:RDF>, RSS 1.0
	kindAtom = "atom" // <feed>
	kindJSON = "json" // JSON Feed
)

// A document is a feed's text made ready for parsing.
type document struct {
	text   string            // UTF-8, from the XML declaration or root element on
	kind   string            // one of the kinds above
	root   string            // the root element's start tag, for salvage
	faults []xmlrepair.Fault // found while preparing; offsets into the text before cutting
}

// prepare finds the feed in text: it cuts junk before the XML declaration
// or root element, refuses a DOCTYPE that declares entities, tells HTML
// and other documents from feeds, and rewrites the XML declaration to say
// UTF-8 (text is UTF-8 by now). It fails with ErrNotAFeed or ErrMalformed.
func prepare(text string) (*document, error) {
	text = strings.TrimLeft(text, "\uFEFF \t\r\n")
	if text == "" {
		return nil, fmt.Errorf("%w: empty body", ErrNotAFeed)
	}
	if text[0] == '{' {
		return &document{text: text, kind: kindJSON}, nil
	}
	d := &document{}
	text, err := d.skipJunk(text)
	if err != nil {
		return nil, err
	}
	text, p, err := d.findRoot(text)
	if err != nil {
		return nil, err
	}
	d.root = text[p.RootAt:]
	if end := strings.IndexByte(d.root, '>'); end >= 0 {
		d.root = d.root[:end+1]
	}
	d.text = rewriteDecl(text)
	return d, nil
}

// skipJunk returns text from its XML declaration on or, when junk precedes
// no declaration, from its first markup on, noting what it cut as a fault
// (PHP warnings are printed before feeds). It fails when text has no
// markup at all.
func (d *document) skipJunk(text string) (string, error) {
	i := strings.Index(text, "<?xml")
	switch {
	case i == 0:
		return text, nil
	case i > 0 && findFeedRoot(text[:i]) < 0:
		d.faults = append(d.faults, xmlrepair.Fault{Offset: i, Msg: "junk before the XML declaration"})
		return text[i:], nil
	}
	j := strings.IndexByte(text, '<')
	switch {
	case j < 0:
		return "", fmt.Errorf("%w: no markup (starts %q)", ErrNotAFeed, clip(text, 40))
	case j > 0:
		d.faults = append(d.faults, xmlrepair.Fault{Offset: j, Msg: "junk before the root element"})
		return text[j:], nil
	}
	return text, nil
}

// findRoot reads text's prolog and sets d.kind from its root element.
// When that is no feed's, text is cut to the first feed root element in it,
// noting the cut as a fault; the text and prolog read are returned. It
// fails with ErrNotAFeed when text holds no feed and with ErrMalformed when
// its DOCTYPE declares entities.
func (d *document) findRoot(text string) (string, xmlrepair.Prolog, error) {
	p, err := readProlog(text)
	if err != nil {
		return "", p, err
	}
	if d.kind = feedKind(p.Root); d.kind != "" {
		return text, p, nil
	}
	at := findFeedRoot(text)
	switch {
	case at >= 0:
	case p.HTML || strings.EqualFold(p.Root, "html"):
		return "", p, fmt.Errorf("%w: got an HTML page", ErrNotAFeed)
	case p.Root == "":
		return "", p, fmt.Errorf("%w: no root element", ErrNotAFeed)
	default:
		return "", p, fmt.Errorf("%w: root element <%s> is not rss, rdf:RDF or feed", ErrNotAFeed, p.Root)
	}
	d.faults = append(d.faults, xmlrepair.Fault{Offset: at, Msg: "junk before the root element"})
	text = text[at:]
	if p, err = readProlog(text); err != nil {
		return "", p, err
	}
	d.kind = feedKind(p.Root)
	return text, p, nil
}

// readProlog reads text's prolog, failing with ErrMalformed when its
// DOCTYPE declares entities: refused before any parser expands them
// (entity bombs).
func readProlog(text string) (xmlrepair.Prolog, error) {
	p := xmlrepair.ReadProlog(text)
	if p.Entities >= 0 {
		return p, fmt.Errorf("%w: DOCTYPE declares entities at line %d (refused: entity expansion)",
			ErrMalformed, lineAt(text, p.Entities))
	}
	return p, nil
}

// feedKind returns the kind of feed whose root element is name, or "".
func feedKind(name string) string {
	switch name[strings.LastIndexByte(name, ':')+1:] { // the local name
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
		if k := at + len(open); k < len(s) && strings.IndexByte(" \t\r\n>/", s[k]) >= 0 {
			return at
		}
		from = at + 1
	}
	return -1
}

// itemName returns the name of the item element in a feed of kind.
func itemName(kind string) string {
	if kind == kindAtom {
		return "entry"
	}
	return "item"
}

// hasItems reports whether d's text has an item start tag.
func hasItems(d *document) bool {
	return indexTag(d.text, 0, "<"+itemName(d.kind)) >= 0
}

// rewriteDecl replaces the XML declaration s starts with, if any, by one
// that says UTF-8.
func rewriteDecl(s string) string {
	if !strings.HasPrefix(s, "<?xml") || len(s) < 6 || strings.IndexByte(" \t\r\n?", s[5]) < 0 {
		return s
	}
	end := strings.Index(s, "?>")
	if end < 0 {
		return s
	}
	return `<?xml version="1.0" encoding="UTF-8"?>` + s[end+2:]
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
