package link

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
)

// A Query is a compiled word search: the search feed's terms, or a
// webhook's match list. A term matches an article that mentions it as
// whole words, case, accents and Arabic spelling variants folded,
// Eastern and Western digits alike, in any edition and script:
//
//   - a place, people or body the gazetteer knows matches its name in
//     every edition (Aleppo: حلب, Halep, Alep, Heleb);
//   - a name, one word that is no common word of the lexicon, also
//     matches the words of every edition that share its consonant
//     skeleton (see translit.go) and its shape, a vowel or not at each
//     end (Shaibani: الشيباني, Şeybani, Chaibani, but not شبان);
//   - anything else matches its own words, Arabic clitics (و ب ل ال)
//     and Latin apostrophe suffixes (Şam'da, d'Alep) aside.
//
// An article's text is its title, body (else summary), dateline and tag
// names. A Query is safe for concurrent use.
type Query struct {
	terms []*term
}

// A term is one compiled word or phrase.
type term struct {
	text   string          // normalised, words joined by spaces
	key    string          // its part of Query.String
	first  map[string]bool // forms the phrase's first word may take
	rest   []string        // the phrase's other words, normalised
	places map[string]bool // gazetteer ids it names; nil if none
	skels  map[string]bool // name skeletons; nil when it is no name
	shape  shape           // of the name, when skels is set
	arabic bool            // written in the Arabic script
	acro   bool            // an acronym of the gazetteer: matches words in capitals only
	// needles are strings one of which the normalised text of an
	// article mentioning the term holds, if it is to be found by the
	// gazetteer or its own words: a cheap test before the words are
	// read. Nil for a name, which its skeleton may find spelled any way.
	needles []string
}

// CompileQuery compiles terms (checked by sanafeed.CheckTerms) into a
// Query. It returns the error CheckTerms gives, which says what is wrong.
func CompileQuery(terms []string) (*Query, error) {
	if err := sanafeed.CheckTerms(terms); err != nil {
		return nil, err
	}
	q := &Query{}
	seen := map[string]bool{}
	for _, s := range terms {
		t := compileTerm(s)
		if t == nil {
			return nil, fmt.Errorf("term %q has no words", s)
		}
		if !seen[t.key] {
			seen[t.key] = true
			q.terms = append(q.terms, t)
		}
	}
	return q, nil
}

// String returns the query's normal form, which ParseQuery compiles to
// the same query: its terms sorted, without repeats, their words split
// at punctuation and joined by single spaces, phrases in double quotes,
// Latin words in lower case (but acronyms: US is not "us"), Arabic ones
// without diacritics. It keys caches.
func (q *Query) String() string {
	s := make([]string, len(q.terms))
	for i, t := range q.terms {
		s[i] = t.key
		if strings.Contains(t.key, " ") {
			s[i] = `"` + t.key + `"`
		}
	}
	slices.Sort(s)
	return strings.Join(s, " ")
}

// ParseQuery compiles a search box query: its terms as
// sanafeed.QueryTerms splits them, every one to be mentioned. It does
// not bound q's length (sanafeed.SplitQuery does); the terms are bounded
// as in CompileQuery.
func ParseQuery(q string) (*Query, error) {
	return CompileQuery(sanafeed.QueryTerms(q))
}

// Match reports whether a mentions every term of q.
func (q *Query) Match(a *sanafeed.Article) bool {
	d := newDoc(a)
	for _, t := range q.terms {
		if !d.has(t) {
			return false
		}
	}
	return true
}

// MatchAny reports whether a mentions some term of q.
func (q *Query) MatchAny(a *sanafeed.Article) bool {
	d := newDoc(a)
	return slices.ContainsFunc(q.terms, d.has)
}

// nameArticles are the Latin forms of the article "al" that a
// Latin spelling of a name starts with (al-Shaibani, el Assad).
var nameArticles = map[string]bool{"al": true, "el": true}

// compileTerm compiles one term; nil when it has no words.
func compileTerm(s string) *term {
	toks := tokenize(s)
	if len(toks) == 0 {
		return nil
	}
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = tk.text
	}
	text := strings.Join(words, " ")
	acro := isAcronym(s) && isGazetteerAcronym(text) // US, not "us"; but ALEPPO is Aleppo
	t := &term{text: text, key: termKey(toks, acro), arabic: isArabic(s), acro: acro}
	t.places = gazetteerIDs(text, acro)
	if len(toks) > 1 && nameArticles[words[0]] {
		toks, words = toks[1:], words[1:]
	}
	t.first = map[string]bool{words[0]: true}
	t.rest = words[1:]
	if t.arabic {
		for _, f := range arabicStemsTo(nil, words[0]) {
			t.first[f] = true
		}
	} else if strings.ContainsRune(words[0], '\'') {
		t.first[normalize(latinNameWord(toks[0].orig))] = true
	}
	if t.places == nil && len(words) == 1 && isName(toks[0]) {
		t.nameKeys(toks[0])
	}
	if t.skels == nil {
		t.needles = t.needlesOf()
	}
	return t
}

// needlesOf returns the needles of t: the forms its first word may take,
// and the first word of every name of the places it names.
func (t *term) needlesOf() []string {
	set := map[string]bool{}
	for f := range t.first {
		set[f] = true
	}
	for l := range places.forms {
		for _, m := range []map[string]string{places.forms[l], places.acro[l]} {
			for p, id := range m {
				if t.places[id] {
					w, _, _ := strings.Cut(p, " ")
					set[w] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// termKey returns the normal form of a term's words: Arabic ones
// normalised, Latin ones in lower case unless acro, keeping what
// compileTerm reads of them (accents tell ş from s in a name).
func termKey(toks []token, acro bool) string {
	ws := make([]string, len(toks))
	for i, tk := range toks {
		switch lower := strings.ToLower(tk.orig); {
		case isArabic(tk.orig):
			ws[i] = tk.text
		case acro || len(lower) != len(tk.orig):
			ws[i] = tk.orig
		default:
			ws[i] = lower
		}
	}
	return strings.Join(ws, " ")
}

// isGazetteerAcronym reports whether the normalised p is an acronym of
// the gazetteer in some edition.
func isGazetteerAcronym(p string) bool {
	for _, l := range langOrder {
		if _, ok := places.acro[l][p]; ok {
			return true
		}
	}
	return false
}

// gazetteerIDs returns the gazetteer ids that the normalised phrase p
// names in any edition, nil if none; acro says p was written in capitals.
func gazetteerIDs(p string, acro bool) map[string]bool {
	var ids map[string]bool
	add := func(id string, ok bool) {
		if ok {
			if ids == nil {
				ids = map[string]bool{}
			}
			ids[id] = true
		}
	}
	for _, l := range langOrder {
		id, ok := places.forms[l][p]
		add(id, ok)
		if acro {
			id, ok := places.acro[l][p]
			add(id, ok)
		}
	}
	return ids
}

// isName reports whether the word tk may be a name: three letters or
// more, no number, and no common word of the lexicon in any edition.
func isName(tk token) bool {
	if utf8.RuneCountInString(tk.text) < 3 || isNumeric(tk.text) {
		return false
	}
	for _, l := range langOrder {
		toks := []token{tk}
		prepare(l, toks)
		if len(words.concepts(l, toks)) > 0 {
			return false
		}
	}
	return true
}

// nameKeys sets the skeletons and shape of the one-word name tk.
func (t *term) nameKeys(tk token) {
	t.skels = map[string]bool{}
	if t.arabic {
		stems := arabicStemsTo(nil, tk.text)
		w := stems[len(stems)-1] // without clitics and article
		if k := arabicSkeleton(w); len(k) >= minSkeleton {
			t.skels[k] = true
		}
		t.shape = arabicShape(w)
	} else {
		w := latinNameWord(tk.orig)
		for _, l := range langOrder[1:] {
			for _, k := range latinSkeletons(w, l) {
				if len(k) >= minSkeleton {
					t.skels[k] = true
				}
			}
		}
		t.shape = latinShape(normalize(w))
	}
	if len(t.skels) == 0 {
		t.skels = nil
	}
}

// A shape tells whether a name starts and ends with a vowel: a consonant
// skeleton alone matches too many words (شبان, youths, is XBN as
// الشيباني is), and Arabic writes the vowels that open and close a
// name (شيباني, أسعد) as Latin does.
type shape struct{ initial, final bool }

// latinShape returns the shape of a normalised Latin word. A final h
// after a vowel (Hamah, Jableh) stands for a vowel, as ه does.
func latinShape(w string) shape {
	rs := []rune(w)
	if len(rs) == 0 {
		return shape{}
	}
	n := len(rs)
	final := latinVowel(rs[n-1]) || n > 1 && rs[n-1] == 'h' && latinVowel(rs[n-2])
	return shape{initial: latinVowel(rs[0]), final: final}
}

func latinVowel(r rune) bool { return strings.ContainsRune("aeiouyw", r) }

// arabicShape returns the shape of a normalised Arabic word without its
// clitics: alef, ʿayn, hamza, waw and ya open with a vowel (أسعد: Asaad,
// عمر: Omar); alef, waw, ya and ha close with one.
func arabicShape(w string) shape {
	if w == "" {
		return shape{}
	}
	first, _ := utf8.DecodeRuneInString(w)
	last, _ := utf8.DecodeLastRuneInString(w)
	return shape{initial: strings.ContainsRune("اعءوي", first), final: strings.ContainsRune("اويهء", last)}
}

// isArabic reports whether s holds a letter of the Arabic script.
func isArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// A doc is an article's text prepared for matching, each form of it made
// when first needed.
type doc struct {
	lang   string
	text   string
	norm   string          // text normalised; "" until needed
	toks   []token         // prepared; nil until needed
	places map[string]bool // gazetteer ids named; nil until needed
}

// newDoc returns the text of a to match.
func newDoc(a *sanafeed.Article) *doc {
	body := stripTags(a.Content)
	if strings.TrimSpace(body) == "" {
		body = a.Summary
	}
	return &doc{lang: a.Lang, text: a.Title + "\n" + a.Dateline + "\n" + body + "\n" + tagNames(a.Tags)}
}

// words returns the document's words, prepared.
func (d *doc) words() []token {
	if d.toks == nil {
		d.toks = tokenize(d.text)
		prepare(d.lang, d.toks)
	}
	return d.toks
}

// mayHave reports whether the document's normalised text holds one of
// t's needles, or t has none.
func (d *doc) mayHave(t *term) bool {
	if t.needles == nil {
		return true
	}
	if d.norm == "" {
		d.norm = fold(d.text)
	}
	return slices.ContainsFunc(t.needles, func(n string) bool { return strings.Contains(d.norm, n) })
}

// fold returns s with every rune passed through normRune, as the words
// of s are (spaces are not collapsed: no needle holds one).
func fold(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r = normRune(r); r != 0 {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// has reports whether the document mentions t.
func (d *doc) has(t *term) bool {
	if !d.mayHave(t) {
		return false
	}
	if t.places != nil {
		if d.places == nil {
			d.places = map[string]bool{}
			for _, id := range places.entities(d.lang, d.words()) {
				d.places[id] = true
			}
		}
		for id := range t.places {
			if d.places[id] {
				return true
			}
		}
	}
	for i := range d.words() {
		if d.phraseAt(t, i) {
			return true
		}
	}
	if t.skels == nil {
		return false
	}
	if isLatinLang(d.lang) {
		return d.latinName(t)
	}
	return !t.arabic && d.arabicName(t)
}

// phraseAt reports whether t's words start at the document's word i.
func (d *doc) phraseAt(t *term, i int) bool {
	tk := &d.toks[i]
	if len(d.toks)-i <= len(t.rest) || !slices.ContainsFunc(tk.forms, func(f string) bool { return t.first[f] }) {
		return false
	}
	if t.acro && !(tk.upper && isAcronym(latinNameWord(tk.orig))) {
		return false
	}
	for k, w := range t.rest {
		if d.toks[i+1+k].text != w {
			return false
		}
	}
	return true
}

// latinName reports whether a capitalised word of a Latin-script document
// spells the name t.
func (d *doc) latinName(t *term) bool {
	for i := range d.words() {
		tk := &d.toks[i]
		if !tk.upper {
			continue
		}
		w := latinNameWord(tk.orig)
		if utf8.RuneCountInString(w) < 3 || isNumeric(w) || latinShape(normalize(w)) != t.shape {
			continue
		}
		for _, k := range latinSkeletons(w, d.lang) {
			if t.skels[k] {
				return true
			}
		}
	}
	return false
}

// arabicName reports whether a word of an Arabic document, its clitics
// and article aside, spells the name t.
func (d *doc) arabicName(t *term) bool {
	for i := range d.words() {
		forms := d.toks[i].forms
		w := forms[len(forms)-1]
		if utf8.RuneCountInString(w) < 3 || isNumeric(w) {
			continue
		}
		if t.skels[arabicSkeleton(w)] && arabicShape(w) == t.shape {
			return true
		}
	}
	return false
}
