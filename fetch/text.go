package fetch

import (
	"html"
	"strings"

	xhtml "golang.org/x/net/html"

	"github.com/sanafeed/sanafeed"
)

// cleanTitle returns a title (or a category's name) as plain text:
// entities decoded (WordPress often escapes twice), tags dropped, bidi
// controls dropped (sanafeed.StripBidi), whitespace collapsed.
func cleanTitle(s string) string {
	if strings.ContainsRune(s, '<') {
		s = sanafeed.PlainText(s)
	} else {
		s = html.UnescapeString(s)
	}
	return sanafeed.CollapseSpace(sanafeed.StripBidi(s))
}

// summarize returns a feed's excerpt, plain text, as an Article.Summary:
// WordPress's "[…]" excerpt marker dropped, cut by sanafeed.Summarize.
func summarize(s string) string {
	s = strings.TrimSpace(s)
	for _, marker := range []string{"[…]", "[&hellip;]", "[...]"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, marker))
	}
	return sanafeed.Summarize(s)
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
