package fetch

import (
	"fmt"
	"html"
	"maps"
	"slices"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/sanafeed/sanafeed/xmlrepair"
)

// maxSalvage bounds how many item chunks salvage parses one by one.
const maxSalvage = 2000

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
		chunk, _, _ := xmlrepair.Repair(s[st:pos])
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
	root, _, _ := xmlrepair.Repair(d.root) // well-formed, duplicates dropped
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
