package link

import (
	"strings"
	"unicode/utf8"
)

// Name keys reduce a name to a consonant skeleton that its Arabic and Latin
// spellings share: vowels, semivowels and ʿayn/hamza go, letters that
// transliteration systems confuse fall into one class, doubled classes
// collapse. الشيباني, al-Shaibani, Şeybani and Chaibani all become "XBN".
//
// Classes: B (b p), F (f v ph), T (t th ط ث), D (d dh ض ذ), S (s z ص ز ظ),
// X (sh ch ş ç ش تش), G (g gh ğ j dj, c in Turkish, غ ج: Arabic writes a
// foreign g as either), K (k q c ck ق ك), H (h kh, x in Kurmanji, ح خ ه),
// L, M, N, R.

// maxVariants bounds the skeletons one ambiguous spelling may produce.
const maxVariants = 4

// arabicClass maps Arabic letters (normalised) to skeleton classes; letters
// absent from it are vowels or carriers and are dropped.
var arabicClass = map[rune]string{
	'ب': "B", 'پ': "B", 'ت': "T", 'ث': "T", 'ط': "T", 'ج': "G", 'ح': "H", 'خ': "H",
	'د': "D", 'ذ': "D", 'ض': "D", 'ر': "R", 'ز': "S", 'س': "S", 'ص': "S", 'ظ': "S",
	'ش': "X", 'غ': "G", 'ف': "F", 'ڤ': "F", 'ق': "K", 'ك': "K", 'گ': "G",
	'ل': "L", 'م': "M", 'ن': "N", 'ه': "H",
}

// arabicTable is arabicClass indexed by rune - 0x0600, for speed.
var arabicTable = func() (t [256]byte) {
	for r, c := range arabicClass {
		t[r-0x0600] = c[0]
	}
	return t
}()

// arabicSkeleton returns the skeleton of a normalised Arabic word.
func arabicSkeleton(w string) string {
	var buf [32]byte
	b := buf[:0]
	var prev rune
	n := utf8.RuneCountInString(w)
	i := 0
	for _, r := range w {
		i++
		switch {
		case r == 'ش' && prev == 'ت': // تشيلسي: Chelsea
			if len(b) > 0 && b[len(b)-1] == 'T' {
				b = b[:len(b)-1]
			}
			b = append(b, 'X')
		case r == 'ه' && i == n: // final ta marbuta or silent h
		case r >= 0x0600 && r <= 0x06FF && arabicTable[r-0x0600] != 0:
			b = append(b, arabicTable[r-0x0600])
		}
		prev = r
	}
	return collapse(string(b))
}

// arabicStemsTo appends to dst the forms of a normalised Arabic word to
// take skeletons of: the word, and the word without its clitics (و ف,
// then ب ل ك, then the article ال). Stripping stops short of 3 letters.
func arabicStemsTo(dst []string, w string) []string {
	dst = append(dst, w)
	rest, n := w, utf8.RuneCountInString(w)
	strip := func(prefix string) bool {
		k := utf8.RuneCountInString(prefix)
		if n > k+2 && strings.HasPrefix(rest, prefix) {
			rest, n = rest[len(prefix):], n-k
			return true
		}
		return false
	}
	changed := strip("و") || strip("ف")
	if strip("لل") { // lil-: للرئيس
		changed = true
	} else if strip("ب") || strip("ل") || strip("ك") {
		changed = true
	}
	if strip("ال") {
		changed = true
	}
	if changed {
		dst = append(dst, rest)
	}
	return dst
}

// latinSkeletons returns the skeletons of a Latin-script word (as written,
// any case) in the edition lang; ambiguous letters give more than one.
func latinSkeletons(w, lang string) []string {
	w = strings.ToLower(strings.ReplaceAll(w, "İ", "i"))
	rs := []rune(w)
	out := []string{""}
	add := func(alts ...string) {
		if len(alts) == 1 || len(out)*len(alts) > maxVariants {
			for i := range out {
				out[i] += alts[0]
			}
			return
		}
		var next []string
		for _, o := range out {
			for _, a := range alts {
				next = append(next, o+a)
			}
		}
		out = next
	}
	for i := 0; i < len(rs); {
		cls, n := latinClass(rs, i, lang)
		add(cls...)
		i += n
	}
	for i := range out {
		out[i] = collapse(out[i])
	}
	return dedupe(out)
}

// latinClass returns the classes the letters of rs at i may stand for and
// how many letters it read.
func latinClass(rs []rune, i int, lang string) ([]string, int) {
	at := func(k int) rune {
		if i+k < len(rs) && i+k >= 0 {
			return rs[i+k]
		}
		return 0
	}
	r, next := rs[i], at(1)
	front := func(c rune) bool {
		return c == 'e' || c == 'i' || c == 'y' || c == 'é' || c == 'è' || c == 'ê' || c == 'î'
	}
	switch {
	case r == 's' && next == 'c' && at(2) == 'h':
		return one("X"), 3
	case r == 't' && next == 'c' && at(2) == 'h':
		return one("X"), 3
	case r == 's' && next == 'h', r == 'c' && next == 'h' && lang != "tr" && lang != "ku":
		return one("X"), 2
	case r == 'k' && next == 'h', r == 'g' && next == 'h':
		if r == 'k' {
			return one("H"), 2
		}
		return one("G"), 2
	case r == 't' && next == 'h':
		return one("T"), 2
	case r == 'd' && next == 'h':
		return one("D"), 2
	case r == 'p' && next == 'h':
		return one("F"), 2
	case r == 'd' && (next == 'j' || next == 'g' && front(at(2))):
		return one("G"), 2
	case r == 'c' && next == 'k', r == 'q' && next == 'u':
		return one("K"), 2
	}
	switch r {
	case 'b', 'p':
		return one("B"), 1
	case 'f':
		return one("F"), 1
	case 'v':
		if lang == "tr" || lang == "ku" {
			return []string{"F", ""}, 1 // Velid (وليد) or Vladimir
		}
		return one("F"), 1
	case 't', 'ţ':
		return one("T"), 1
	case 'd':
		return one("D"), 1
	case 's', 'z', 'ß':
		return one("S"), 1
	case 'ş', 'ç', 'š', 'č':
		return one("X"), 1
	case 'c':
		switch {
		case lang == "tr" || lang == "ku":
			return one("G"), 1
		case front(next):
			return one("S"), 1
		}
		return one("K"), 1
	case 'j':
		if lang == "es" {
			return one("H"), 1
		}
		return one("G"), 1
	case 'k', 'q':
		return one("K"), 1
	case 'g':
		if front(next) && lang == "es" {
			return one("H"), 1
		}
		return one("G"), 1
	case 'ğ':
		return one("G"), 1
	case 'h':
		if lang == "es" || lang == "fr" || next == 0 {
			return one(""), 1 // silent, or word-final
		}
		return one("H"), 1
	case 'x':
		if lang == "ku" {
			return one("H"), 1
		}
		return one("KS"), 1
	case 'l', 'm', 'n', 'r':
		return one(strings.ToUpper(string(r))), 1
	case 'ñ':
		return one("N"), 1
	}
	return one(""), 1 // vowels, w, y, apostrophes, digits
}

func one(s string) []string { return []string{s} }

// collapse merges runs of one class: "SSRR" becomes "SR".
func collapse(s string) string {
	if len(s) < 2 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if len(b) > 0 && b[len(b)-1] == s[i] {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func dedupe(ss []string) []string {
	out := ss[:0]
	for i, s := range ss {
		dup := false
		for _, t := range ss[:i] {
			if s == t {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// latinNameWord strips what Turkish, Kurmanji and French attach to a name
// with an apostrophe (Şam'da, Welsh’ê, l'Assemblée, d'Alep) and returns
// the name.
func latinNameWord(w string) string {
	i := strings.IndexAny(w, "'’‘")
	if i < 0 {
		return w
	}
	head, tail := w[:i], strings.TrimLeft(w[i:], "'’‘")
	if len([]rune(head)) <= 2 || strings.EqualFold(head, "qu") { // l', d', qu'
		return tail
	}
	return head
}
