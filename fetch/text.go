package fetch

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// cleanTitle returns a title as plain text: entities decoded (WordPress
// often escapes twice), tags dropped, whitespace collapsed.
func cleanTitle(s string) string {
	if strings.ContainsRune(s, '<') {
		return plainText(s)
	}
	return collapseSpace(html.UnescapeString(s))
}

// plainText returns the text of an HTML fragment, entities decoded, tags
// dropped (script and style with their content), whitespace collapsed.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapseSpace(s)
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return collapseSpace(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if n := string(name); n == "script" || n == "style" {
				skip++
			}
			b.WriteByte(' ')
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if n := string(name); (n == "script" || n == "style") && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		case xhtml.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

// collapseSpace trims s and turns each run of white space into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// summarize cuts plain text to at most summaryRunes runes, at a word
// boundary when there is one, marking the cut with "…". WordPress's
// "[…]" excerpt marker is dropped.
func summarize(s string) string {
	s = strings.TrimSpace(s)
	for _, marker := range []string{"[…]", "[&hellip;]", "[...]"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, marker))
	}
	if utf8.RuneCountInString(s) <= summaryRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == summaryRunes-1 {
			cut := s[:i]
			if j := strings.LastIndexByte(cut, ' '); j > len(cut)/2 {
				cut = cut[:j]
			}
			return strings.TrimRight(cut, " ,;:.-–—") + "…"
		}
		n++
	}
	return s
}

// firstImage returns the src of the first <img> in an HTML fragment.
func firstImage(s string) string {
	if !strings.Contains(s, "<img") && !strings.Contains(s, "<IMG") {
		return ""
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "img" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "src" && len(v) > 0 {
					return strings.TrimSpace(string(v))
				}
			}
		}
	}
}
