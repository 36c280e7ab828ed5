package sanafeed

import (
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// summaryRunes is the longest Article.Summary, in runes.
const summaryRunes = 300

// Summarize returns plain text s as an Article.Summary: trimmed and, when
// longer than 300 runes, cut to at most 300 with the cut marked by "…"
// (which counts). The cut falls at the end of the last whole word when
// that keeps more than half the text, and a space, comma, semicolon, colon
// or dash left dangling before the "…" is dropped; a full stop is kept, as
// the end of a whole sentence.
func Summarize(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= summaryRunes {
		return s
	}
	cut, rest := s, ""
	n := 0
	for i := range s {
		if n == summaryRunes-1 { // the "…" takes the last rune
			cut, rest = s[:i], s[i:]
			break
		}
		n++
	}
	if !strings.HasPrefix(rest, " ") { // the cut splits a word: drop it
		if j := strings.LastIndexByte(cut, ' '); j > len(cut)/2 {
			cut = cut[:j]
		}
	}
	return strings.TrimRight(cut, " ,;:-–—") + "…"
}

// CollapseSpace returns s trimmed, with each run of white space turned into
// one space and the invisible marks pages scatter in text dropped: zero
// width space, byte order mark, left-to-right and right-to-left marks.
func CollapseSpace(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\ufeff', '\u200e', '\u200f':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// StripBidi returns s without the bidi embedding, override and isolate
// controls (U+202A–U+202E, U+2066–U+2069). A title, a tag's or an
// author's name holding them is shown reversed, or spills its direction
// onto what follows it in a feed reader's list ("gpj.exe" shown for
// "exe.jpg"); SANA's own titles need none (the left-to-right and
// right-to-left marks, which do not override, CollapseSpace drops).
// extract and fetch apply it to the titles and names of pages and feeds.
func StripBidi(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// PlainText returns the text of an HTML fragment, entities decoded, tags
// dropped (script and style with their content), whitespace collapsed.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return CollapseSpace(s)
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return CollapseSpace(b.String())
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
