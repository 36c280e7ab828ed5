package feedgen

import (
	"cmp"
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
)

// alsoIn is the label of the translations line, per item language.
var alsoIn = map[string]string{
	"ar": "اقرأ أيضاً بـ:",
	"en": "Also in:",
	"fr": "Aussi en\u00a0:", // no-break space: French puts one before a colon
	"es": "También en:",
	"tr": "Diğer dillerde:",
	"ku": "Bi zimanên din:",
}

// alsoInLabel returns the translations line's label in lang, English when
// there is none.
func alsoInLabel(lang string) string {
	if s, ok := alsoIn[lang]; ok {
		return s
	}
	return alsoIn["en"]
}

// contentHTML returns the article's content as served in every format: its
// sanitised HTML (or, without any, its summary as a paragraph) in a <div>
// carrying its language and direction, then the line of links to the
// reposts folded into it (see writeReposts), ending with the line of links
// to its translations when it has any:
//
//	<div dir="ltr" lang="en">…<p class="sanafeed-translations" dir="ltr" lang="en">Also in:
//	<a href="…" hreflang="ar" lang="ar" dir="rtl">العربية</a> · <a …>Français</a></p></div>
func contentHTML(a *sanafeed.Article, trs []sanafeed.Link) string {
	var b strings.Builder
	b.Grow(len(a.Content) + 64 + 160*len(trs))
	b.WriteString("<div")
	writeDirLang(&b, a.Lang)
	b.WriteByte('>')
	switch {
	case a.Content != "":
		b.WriteString(a.Content)
	case a.Summary != "":
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(a.Summary))
		b.WriteString("</p>")
	}
	writeReposts(&b, a)
	if len(trs) > 0 {
		b.WriteString(`<p class="sanafeed-translations"`)
		writeDirLang(&b, a.Lang)
		b.WriteByte('>')
		b.WriteString(html.EscapeString(alsoInLabel(a.Lang)))
		for i, t := range trs {
			if i == 0 {
				b.WriteByte(' ')
			} else {
				b.WriteString(" · ")
			}
			b.WriteString(`<a href="`)
			b.WriteString(html.EscapeString(t.URL))
			b.WriteString(`" hreflang="`)
			b.WriteString(html.EscapeString(t.Lang))
			b.WriteByte('"')
			writeDirLang(&b, t.Lang)
			b.WriteByte('>')
			b.WriteString(html.EscapeString(sanafeed.LangName(t.Lang)))
			b.WriteString("</a>")
		}
		b.WriteString("</p>")
	}
	b.WriteString("</div>")
	return xmlText(b.String())
}

// writeDirLang writes the dir (when lang is a known edition) and lang
// attributes for lang, nothing for "".
func writeDirLang(b *strings.Builder, lang string) {
	if lang == "" {
		return
	}
	if e, ok := sanafeed.EditionByLang(lang); ok && e.Dir != "" {
		b.WriteString(` dir="`)
		b.WriteString(e.Dir)
		b.WriteByte('"')
	}
	b.WriteString(` lang="`)
	b.WriteString(html.EscapeString(lang))
	b.WriteByte('"')
}

// translations returns a's translations to show: those with a URL in
// another language, once each, in the order of sanafeed.Editions (unknown
// languages last, by code), so output does not depend on the store's order.
func translations(a *sanafeed.Article) []sanafeed.Link {
	if len(a.Translations) == 0 {
		return nil
	}
	out := make([]sanafeed.Link, 0, len(a.Translations))
	for _, t := range a.Translations {
		if t.URL == "" || t.Lang == "" || t.Lang == a.Lang {
			continue
		}
		if slices.ContainsFunc(out, func(o sanafeed.Link) bool { return o.Lang == t.Lang && o.URL == t.URL }) {
			continue
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(x, y sanafeed.Link) int {
		return cmp.Or(cmp.Compare(editionRank(x.Lang), editionRank(y.Lang)), cmp.Compare(x.Lang, y.Lang))
	})
	return out
}

// editionRank returns lang's position in sanafeed.Editions, or one past
// the end for a language that is not an edition.
func editionRank(lang string) int {
	for i, e := range sanafeed.Editions {
		if e.Lang == lang {
			return i
		}
	}
	return len(sanafeed.Editions)
}

// A category is one tag or category of an article as served.
type category struct {
	term   string // the slug; never empty
	label  string // the display name; never empty
	scheme string // the tag base URL for tags, "" for categories
}

// categories returns a's tags, then its categories, as served: each with
// a non-empty term (the slug, else the name slugified, else the name) and
// label, once per term and scheme. Tags carry the edition's tag base URL
// as their scheme (RSS domain): scheme + term is the tag's page.
func categories(a *sanafeed.Article) []category {
	if len(a.Tags)+len(a.Categories) == 0 {
		return nil
	}
	out := make([]category, 0, len(a.Tags)+len(a.Categories))
	add := func(t sanafeed.Tag, scheme string) {
		name, slug := xmlText(strings.TrimSpace(t.Name)), xmlText(strings.TrimSpace(t.Slug))
		if slug == "" {
			slug = sanafeed.Slugify(name)
		}
		if slug == "" {
			slug = name
		}
		if name == "" {
			name = slug
		}
		if slug == "" {
			return
		}
		c := category{term: slug, label: name, scheme: scheme}
		if !slices.ContainsFunc(out, func(o category) bool { return o.term == c.term && o.scheme == c.scheme }) {
			out = append(out, c)
		}
	}
	base := tagBase(a)
	for _, t := range a.Tags {
		add(t, base)
	}
	for _, t := range a.Categories {
		add(t, "")
	}
	return out
}

// tagBase returns the base URL of the tag pages of a's edition on the host
// a.URL names, e.g. "https://sana.sy/en/tag/" ("https://sana.sy/tag/" for
// Arabic), or "" when a's edition or URL is unknown.
func tagBase(a *sanafeed.Article) string {
	e, ok := sanafeed.EditionByLang(a.Lang)
	if !ok {
		return ""
	}
	u, err := url.Parse(a.URL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + e.Path + "tag/"
}

// labels returns the display names of cs, once each, for JSON Feed tags.
func labels(cs []category) []string {
	if len(cs) == 0 {
		return nil
	}
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		if !slices.Contains(out, c.label) {
			out = append(out, c.label)
		}
	}
	return out
}

// xmlText returns s with invalid UTF-8 and every character XML 1.0 does
// not allow (most C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD, as
// encoding/xml does for text but not for CDATA sections. All formats use
// it so that they carry the same text.
func xmlText(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || !isXMLChar(r) {
			return strings.Map(func(r rune) rune {
				if isXMLChar(r) {
					return r
				}
				return utf8.RuneError
			}, s)
		}
	}
	return s
}

// isXMLChar reports whether r matches XML 1.0's Char production.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
