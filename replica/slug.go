package replica

import (
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// slugWords is the most words of a title an article slug keeps.
const slugWords = 8

// unfolded are the Latin letters that lose their mark but do not
// decompose under NFD. Read only.
var unfolded = map[rune]string{'ı': "i", 'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d"}

// titleSlug returns the slug the second theme's WordPress gives a post
// titled title: the ASCII letters and digits of the title, lower-cased
// and stripped of their diacritics, in words joined by "-", at most
// slugWords of them. When that leaves fewer than two words (Arabic
// titles) it is "story-" and letters hashed from the story id and the
// edition, so that it holds neither the post id nor only digits.
func titleSlug(title, storyID, lang string) string {
	var b strings.Builder
	for _, r := range title {
		switch {
		case r < utf8.RuneSelf:
			b.WriteByte(asciiSlugByte(byte(r)))
		case r < 0x0250: // Latin-1 Supplement and Latin Extended-A and B
			if u, ok := unfolded[r]; ok {
				b.WriteString(u)
				continue
			}
			d := norm.NFD.String(string(unicode.ToLower(r)))
			if d[0] < utf8.RuneSelf { // a letter and its marks: é → e
				b.WriteByte(asciiSlugByte(d[0]))
			} else { // a sign such as « or ×
				b.WriteByte(' ')
			}
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	if len(words) < 2 {
		return "story-" + letterHash(storyID+"\x00"+lang)
	}
	return strings.Join(words[:min(len(words), slugWords)], "-")
}

// asciiSlugByte returns c lower-cased if it is a letter or digit, else a
// space.
func asciiSlugByte(c byte) byte {
	switch {
	case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		return c
	case c >= 'A' && c <= 'Z':
		return c + 'a' - 'A'
	}
	return ' '
}

// letterHash returns seven letters a-z hashed from s.
func letterHash(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	v := h.Sum32()
	out := make([]byte, 7)
	for i := range out {
		out[i] = byte('a' + v%26)
		v /= 26
	}
	return string(out)
}

// assignSlugs gives the articles that have none their slug, oldest
// first, as WordPress does when each is published: the title's slug, or
// with "-2", "-3"… when an older article of the edition has it. An
// edited article keeps the slug it was published with. Under the first
// theme (es.slugs nil) it does nothing.
func (es *edState) assignSlugs() {
	if es.slugs == nil {
		return
	}
	for i := len(es.arts) - 1; i >= 0; i-- {
		a := es.arts[i]
		if a.slug != "" {
			continue
		}
		base := titleSlug(a.title, a.story, a.lang)
		slug := base
		for n := 2; es.slugs[slug] != 0; n++ {
			slug = base + "-" + strconv.Itoa(n)
		}
		a.slug = slug
		es.slugs[slug] = a.id
	}
}

// bySlug returns the article with slug, or nil.
func (es *edState) bySlug(slug string) *article {
	if id, ok := es.slugs[slug]; ok {
		return es.byID[id]
	}
	return nil
}

// slugPath returns a's permalink path under the second theme:
// {edition}/{yyyy}/{mm}/{dd}/{slug}/ dated in Syria's time, French
// without the trailing slash as under the first theme.
func (a *article) slugPath(ed *edition) string {
	p := ed.root() + "/" + a.pub.In(syria).Format("2006/01/02") + "/" + a.slug
	if ed.slashless() {
		return p
	}
	return p + "/"
}

// permalink returns a's permalink path under the site's theme.
func (s *Site) permalink(es *edState, a *article) string {
	if s.opts.SecondTheme {
		return a.slugPath(es.ed)
	}
	return a.path(es.ed)
}

// PermalinkPath returns the permalink path of post id of the edition
// lang under the site's theme, and whether the post exists: with
// SecondTheme "/en/2026/02/09/water-station-restored-in-aleppo/", else
// "/en/syria/2289847/".
func (s *Site) PermalinkPath(lang string, id int64) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	es, ok := s.eds[lang]
	if !ok {
		return "", false
	}
	a := es.byID[id]
	if a == nil {
		return "", false
	}
	return s.permalink(es, a), true
}
