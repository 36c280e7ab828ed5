package extract

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// maxClassBytes bounds a class attribute as extract reads it: longer ones
// are cut after the last whole class that fits. CSS matching reads an
// element's classes again for every element under it a selector tries,
// so a page with one huge class attribute above thousands of links would
// take time in their product. An article's classes, a hundred tags and
// categories included, take a few kilobytes.
const maxClassBytes = 8 << 10

// parseDoc parses an HTML page for extraction, its class attributes cut
// to maxClassBytes.
func parseDoc(body []byte) (*goquery.Document, error) {
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for n := range root.Descendants() {
		for i, a := range n.Attr {
			if a.Key == "class" && len(a.Val) > maxClassBytes {
				v := a.Val[:maxClassBytes]
				if j := strings.LastIndexAny(v, " \t\n\f\r"); j >= 0 {
					v = v[:j]
				}
				n.Attr[i].Val = v
			}
		}
	}
	return goquery.NewDocumentFromNode(root), nil
}

// label returns a title or a name as an article keeps it: without bidi
// controls (sanafeed.StripBidi), white space collapsed.
func label(s string) string { return sanafeed.CollapseSpace(sanafeed.StripBidi(s)) }

// text returns the selection's text with white space collapsed.
func text(s *goquery.Selection) string { return sanafeed.CollapseSpace(s.Text()) }

// classSet returns the space-separated tokens of a class attribute.
func classSet(class string) map[string]bool {
	m := make(map[string]bool)
	for _, c := range strings.Fields(class) {
		m[c] = true
	}
	return m
}

func hasPrefixClass(cls map[string]bool, prefix string) bool {
	for c := range cls {
		if strings.HasPrefix(c, prefix) {
			return true
		}
	}
	return false
}

// hasToken reports whether the space-separated list attr holds tok (ASCII
// case-insensitively), as rel="nofollow tag" holds "tag".
func hasToken(attr, tok string) bool {
	for _, t := range strings.Fields(attr) {
		if strings.EqualFold(t, tok) {
			return true
		}
	}
	return false
}

// attr returns n's attribute key, "" when absent.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasAttr reports whether n carries the attribute key.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// setAttr sets n's attribute key to val.
func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// delAttr removes n's attributes named key.
func delAttr(n *html.Node, key string) {
	attrs := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			attrs = append(attrs, a)
		}
	}
	n.Attr = attrs
}

// lazySrcAttrs are where lazy loaders keep an image's real address.
var lazySrcAttrs = []string{"data-src", "data-lazy-src", "data-original", "data-lazy", "data-orig-file"}

// imgSrc returns the real address of an <img>: its lazy data-src when it has
// one, else its src unless that is a data: placeholder.
func imgSrc(n *html.Node) string {
	for _, k := range lazySrcAttrs {
		if v := strings.TrimSpace(attr(n, k)); v != "" && !isDataURL(v) {
			return v
		}
	}
	if v := strings.TrimSpace(attr(n, "src")); v != "" && !isDataURL(v) {
		return v
	}
	return ""
}

func isDataURL(s string) bool {
	return len(s) >= 5 && strings.EqualFold(s[:5], "data:")
}

// nodeText returns the text under n, with blocks separated by spaces, collapsed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if isBlock(n.Data) {
				b.WriteByte(' ')
				defer b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sanafeed.CollapseSpace(b.String())
}

// isBlock reports whether elements named tag start a new line of text.
func isBlock(tag string) bool {
	switch tag {
	case "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "figure", "figcaption", "table", "tr", "td", "th", "section",
		"article", "header", "footer", "aside", "nav", "pre", "hr", "dl", "dt", "dd":
		return true
	}
	return false
}

// isBlank reports whether s has no visible character.
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\ufeff' && r != '\u200e' && r != '\u200f' {
			return false
		}
	}
	return true
}

// cloneNode returns a deep copy of n, detached.
func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	c.Attr = append([]html.Attribute(nil), n.Attr...)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneNode(ch))
	}
	return c
}

// removeNode detaches n from its parent, if any.
func removeNode(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// elements calls f on every element under root (root excluded) in document
// order. f returns false to skip the element's subtree, which it may have
// removed.
func elements(root *html.Node, f func(*html.Node) bool) {
	for c := root.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && f(c) && c.Parent != nil {
			elements(c, f)
		}
		c = next
	}
}

// find returns the first element under root for which match is true.
func find(root *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	elements(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if match(n) {
			found = n
			return false
		}
		return true
	})
	return found
}
