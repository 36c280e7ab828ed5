package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// atomNS is the Atom 1.0 namespace.
const atomNS = "http://www.w3.org/2005/Atom"

// atomSchema lists, for atom:feed and atom:entry, the Atom children that
// RFC 4287's schema (appendix B) allows and how many of each: at most 1,
// exactly 1, or any number (-1). Elements of other namespaces are
// extensions, allowed anywhere.
var atomSchema = map[string]map[string]int{
	"feed": {"author": -1, "category": -1, "contributor": -1, "generator": 1, "icon": 1, "id": 1, "link": -1,
		"logo": 1, "rights": 1, "subtitle": 1, "title": 1, "updated": 1, "entry": -1},
	"entry": {"author": -1, "category": -1, "content": 1, "contributor": -1, "id": 1, "link": -1, "published": 1,
		"rights": 1, "source": 1, "summary": 1, "title": 1, "updated": 1},
}

// atomRequired are the children of atom:feed and atom:entry that must
// appear exactly once.
var atomRequired = []string{"id", "title", "updated"}

// atomElem is an element of an Atom document, as much as the check reads.
type atomElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []atomElem `xml:",any"`
}

func (e *atomElem) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// checkAtomSchema checks an Atom document against the rules of RFC 4287
// its schema and text state: the root is atom:feed; feed and entries hold
// only the children the schema allows, as many as it allows, id, title
// and updated exactly once; dates are RFC 3339; ids and hrefs are IRIs,
// ids absolute; text constructs have a known type; each link has an href,
// and at most one alternate link per type and hreflang; an entry without
// content has an alternate link; every entry has an author, its own or the
// feed's; entry ids are unique. It returns the problems found.
func checkAtomSchema(doc []byte) []string {
	var feed atomElem
	dec := xml.NewDecoder(bytes.NewReader(doc))
	if err := dec.Decode(&feed); err != nil {
		return []string{"not well-formed XML: " + err.Error()}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if cd, ok := tok.(xml.CharData); err != nil || !ok || len(bytes.TrimSpace(cd)) > 0 {
			return []string{"content after the root element"}
		}
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if feed.XMLName.Space != atomNS || feed.XMLName.Local != "feed" {
		add("root is %v, want atom:feed", feed.XMLName)
		return problems
	}
	feedAuthor := checkAtomElem(&feed, "feed", add)
	ids := map[string]bool{}
	for i := range feed.Children {
		e := &feed.Children[i]
		if e.XMLName.Space != atomNS || e.XMLName.Local != "entry" {
			continue
		}
		hasAuthor := checkAtomElem(e, "entry", add)
		id := strings.TrimSpace(childText(e, "id"))
		if ids[id] {
			add("entry id %s appears twice", id)
		}
		ids[id] = true
		if !feedAuthor && !hasAuthor {
			add("entry %s has no author, nor has the feed", id)
		}
	}
	return problems
}

// checkAtomElem checks the children of a feed or an entry (kind) and
// reports whether it has an author.
func checkAtomElem(e *atomElem, kind string, add func(string, ...any)) bool {
	allowed := atomSchema[kind]
	count := map[string]int{}
	alternates := map[string]bool{}
	for i := range e.Children {
		c := &e.Children[i]
		if c.XMLName.Space != atomNS {
			continue // an extension element
		}
		name := c.XMLName.Local
		n, ok := allowed[name]
		if !ok {
			add("%s holds atom:%s, which the schema does not allow there", kind, name)
			continue
		}
		count[name]++
		if n == 1 && count[name] > 1 {
			add("%s holds atom:%s %d times, at most once allowed", kind, name, count[name])
		}
		checkAtomChild(c, kind, add, alternates)
	}
	for _, r := range atomRequired {
		if count[r] != 1 {
			add("%s holds atom:%s %d times, want exactly once", kind, r, count[r])
		}
	}
	if kind == "entry" && count["content"] == 0 && len(alternates) == 0 {
		add("entry %s has neither content nor an alternate link", childText(e, "id"))
	}
	return count["author"] > 0
}

// checkAtomChild checks one Atom child element of a feed or an entry.
func checkAtomChild(c *atomElem, kind string, add func(string, ...any), alternates map[string]bool) {
	name := c.XMLName.Local
	switch name {
	case "updated", "published":
		if _, err := time.Parse(time.RFC3339, strings.TrimSpace(c.Text)); err != nil {
			add("%s atom:%s %q is not an RFC 3339 date", kind, name, c.Text)
		}
	case "id":
		if u, err := url.Parse(strings.TrimSpace(c.Text)); err != nil || u.Scheme == "" {
			add("%s atom:id %q is not an absolute IRI", kind, c.Text)
		}
	case "title", "subtitle", "summary", "rights":
		if t := c.attr("type"); t != "" && t != "text" && t != "html" && t != "xhtml" {
			add("%s atom:%s has type %q", kind, name, t)
		}
	case "content":
		if t := c.attr("type"); t != "" && t != "text" && t != "html" && t != "xhtml" && !strings.Contains(t, "/") {
			add("%s atom:content has type %q", kind, t)
		}
	case "author", "contributor":
		if strings.TrimSpace(childText(c, "name")) == "" {
			add("%s atom:%s has no name", kind, name)
		}
	case "category":
		if c.attr("term") == "" {
			add("%s atom:category has no term", kind)
		}
	case "link":
		href := c.attr("href")
		if _, err := url.Parse(href); href == "" || err != nil {
			add("%s atom:link href %q is not an IRI", kind, href)
		}
		if rel := c.attr("rel"); rel == "" || rel == "alternate" {
			k := c.attr("type") + " " + c.attr("hreflang")
			if alternates[k] {
				add("%s has two alternate links of type and hreflang %q", kind, k)
			}
			alternates[k] = true
		}
	}
}

// childText returns the text of e's first Atom child called name.
func childText(e *atomElem, name string) string {
	i := slices.IndexFunc(e.Children, func(c atomElem) bool { return c.XMLName.Space == atomNS && c.XMLName.Local == name })
	if i < 0 {
		return ""
	}
	return e.Children[i].Text
}

// TestAtomSchemaCheck checks checkAtomSchema finds what it is for.
func TestAtomSchemaCheck(t *testing.T) {
	entry := func(s string) string {
		return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>tag:x,2025:f</id><title>f</title>` +
			`<updated>2026-02-09T12:00:00Z</updated><author><name>a</name></author>` + s + `</feed>`
	}
	good := `<entry><id>tag:x,2025:1</id><title>t</title><updated>2026-02-09T12:00:00Z</updated><link href="https://x/1"/></entry>`
	if p := checkAtomSchema([]byte(entry(good))); len(p) > 0 {
		t.Fatalf("a valid feed: %v", p)
	}
	for _, c := range []struct{ doc, want string }{
		{entry(`<entry><title>t</title><updated>2026-02-09T12:00:00Z</updated><link href="https://x/1"/></entry>`), "atom:id 0 times"},
		{entry(strings.Replace(good, "2026-02-09T12:00:00Z", "9 Feb 2026", 1)), "not an RFC 3339 date"},
		{entry(strings.Replace(good, `<link href="https://x/1"/>`, `<link href="https://x/1"/><link rel="alternate" href="https://x/2"/>`, 1)), "two alternate links"},
		{entry(good + good), "appears twice"},
		{entry(strings.Replace(good, "<title>t</title>", "<title>t</title><subtitle>s</subtitle>", 1)), "does not allow"},
		{`<rss/>`, "want atom:feed"},
	} {
		p := checkAtomSchema([]byte(c.doc))
		if !slices.ContainsFunc(p, func(s string) bool { return strings.Contains(s, c.want) }) {
			t.Errorf("%s: problems %q, want one saying %q", c.doc, p, c.want)
		}
	}
}
