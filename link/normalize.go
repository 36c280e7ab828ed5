package link

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// stripTags returns the text of an HTML fragment: tags removed (block
// tags become line breaks), entities decoded, script and style dropped.
func stripTags(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(tagName(s[1:j]))
		s = s[j+1:]
		switch tag {
		case "script", "style":
			if k := strings.Index(strings.ToLower(s), "</"+tag); k >= 0 {
				s = s[k:]
			}
		case "p", "/p", "br", "div", "/div", "li", "h1", "h2", "h3", "h4", "/h1", "/h2", "/h3", "/h4", "tr", "blockquote":
			b.WriteString("\n")
		default:
			b.WriteByte(' ')
		}
	}
	return html.UnescapeString(b.String())
}

// tagName returns the name of the tag whose inside (between < and >) is s,
// with a leading slash for a closing tag.
func tagName(s string) string {
	closing := strings.HasPrefix(s, "/")
	if closing {
		s = s[1:]
	}
	if k := strings.IndexAny(s, " \t\r\n/"); k >= 0 {
		s = s[:k]
	}
	if closing {
		return "/" + s
	}
	return s
}

// normRune maps r to its normal form for matching: Arabic diacritics and
// tatweel go (0), alef, ya, ta marbuta and hamza carriers are unified,
// Eastern Arabic and Persian digits and separators become Western, Latin
// letters are lower-cased and their accents folded (Turkish dotless ı
// becomes i).
func normRune(r rune) rune {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
		return 0 // harakat, superscript alef, tatweel
	case r >= 0x0660 && r <= 0x0669:
		return '0' + r - 0x0660
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + r - 0x06F0
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ئ', 'ی':
		return 'ي'
	case 'ة':
		return 'ه'
	case 'ؤ':
		return 'و'
	case 'ک':
		return 'ك'
	case '٫':
		return '.'
	case '٬', '،':
		return ','
	case '٪':
		return '%'
	case '\u00a0', '\u202f', '\u2009':
		return ' '
	case '’', '‘', 'ʼ', '`', '´':
		return '\''
	case '–', '—', '−':
		return '-'
	}
	if r >= 0x0600 && r <= 0x06FF {
		return r
	}
	if r < 0x0250 {
		if f, ok := latinFold[r]; ok {
			return f
		}
	}
	return unicode.ToLower(r)
}

// latinFold folds the accented Latin letters of SANA's editions.
var latinFold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'À': 'a', 'Á': 'a', 'Â': 'a', 'Ä': 'a',
	'ç': 'c', 'Ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'È': 'e', 'É': 'e', 'Ê': 'e', 'Ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ı': 'i', 'İ': 'i', 'Ì': 'i', 'Í': 'i', 'Î': 'i', 'Ï': 'i',
	'ñ': 'n', 'Ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'Ò': 'o', 'Ó': 'o', 'Ô': 'o', 'Ö': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'Ù': 'u', 'Ú': 'u', 'Û': 'u', 'Ü': 'u', 'ý': 'y', 'ÿ': 'y',
	'ğ': 'g', 'Ğ': 'g', 'ş': 's', 'Ş': 's', 'œ': 'o', 'Œ': 'o', 'æ': 'a', 'ß': 's',
}

// normalize returns s with every rune passed through normRune. Runs of
// space collapse to one.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = normRune(r)
		if r == 0 {
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// An arena holds the normal forms of the words of one text in one buffer,
// so that normalising a text allocates a few times, not once a word.
type arena struct {
	b strings.Builder
}

// word returns the normal form of w (see normalize), without allocating
// for a word already in normal form.
func (a *arena) word(w string) string {
	plain := true
	for i := 0; i < len(w) && plain; i++ {
		c := w[i]
		plain = c < 0x80 && !(c >= 'A' && c <= 'Z') && c != ' '
	}
	if plain {
		return w
	}
	if a.b.Cap()-a.b.Len() < len(w) {
		a.b = strings.Builder{} // earlier words keep the old buffer
		a.b.Grow(max(4096, len(w)))
	}
	start := a.b.Len()
	space := false
	for _, r := range w {
		r = normRune(r)
		switch {
		case r == 0:
		case unicode.IsSpace(r):
			space = true
		default:
			if space && a.b.Len() > start {
				a.b.WriteByte(' ')
			}
			space = false
			a.b.WriteRune(r)
		}
	}
	return a.b.String()[start:]
}

// A token is one word of an article's text.
type token struct {
	text  string // normalised (lower case, folded, Arabic unified)
	orig  string // as written, apostrophe suffixes included
	upper bool   // the word starts with an upper-case letter
	first bool   // the word starts a sentence or line
	// forms are the normalised forms to look the word up by (see
	// prepare): Arabic without its clitics, Latin without what an
	// apostrophe attaches. Empty until prepare runs.
	forms []string
}

// prepare fills the forms of toks, the words of an article in lang.
func prepare(lang string, toks []token) {
	all := make([]string, 0, 2*len(toks)) // one backing array for all forms
	for i := range toks {
		t := &toks[i]
		start := len(all)
		switch {
		case lang == "ar":
			all = arabicStemsTo(all, t.text)
		case strings.ContainsRune(t.text, '\''):
			all = append(all, normalize(latinNameWord(t.orig)), t.text)
		default:
			all = append(all, t.text)
		}
		t.forms = all[start:len(all):len(all)]
	}
}

// eachCut calls fn with w less its last 1, 2, … max runes, keeping at
// least keep runes, until fn returns true: the stems a Turkish or
// Kurmanji word may have. It reports whether fn did.
func eachCut(w string, max, keep int, fn func(string) bool) bool {
	n := utf8.RuneCountInString(w)
	for k := 0; k < max && n-k-1 >= keep; k++ {
		_, size := utf8.DecodeLastRuneInString(w)
		w = w[:len(w)-size]
		if fn(w) {
			return true
		}
	}
	return false
}

// tokenize splits raw text into words: runs of letters, digits and inner
// apostrophes. Numbers are read separately (see numberKeys).
func tokenize(raw string) []token {
	toks := make([]token, 0, len(raw)/6)
	var norm arena
	first := true
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.Trim(raw[start:end], "'’‘")
		start = -1
		if w == "" {
			return
		}
		r, _ := utf8.DecodeRuneInString(w)
		toks = append(toks, token{text: norm.word(w), orig: w, upper: unicode.IsUpper(r), first: first})
		first = false
	}
	for i, r := range raw {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 0x0640:
			if start < 0 {
				start = i
			}
		case (r == '\'' || r == '’' || r == '‘') && start >= 0:
			// inner apostrophe: l'Assemblée, Şam'da, Welsh’ê
		default:
			flush(i)
			switch r {
			case '.', '!', '?', '\n', ':', '؟', '"', '“', '”', '«', '»', '(', '–', '—':
				first = true
			}
		}
	}
	flush(len(raw))
	return toks
}

// isLatinLang reports whether an edition is written in the Latin script.
func isLatinLang(lang string) bool { return lang != "ar" }
