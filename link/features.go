package link

import (
	"hash/fnv"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
)

// Kinds of evidence key; a key's hash includes its kind so one index holds
// them all.
const (
	kindNumber byte = 'n'
	kindDate   byte = 'd'
	kindName   byte = 'k'
	kindPlace  byte = 'g'
	kindGram   byte = 'c'
	kindImage  byte = 'i'
	kindWord   byte = 'w'
)

// features is what linking needs of one article, computed once from its
// text and cached by Linker: sets of hashed keys, sorted and unique.
type features struct {
	key    string // article key, lang/postid
	lang   string
	latin  bool   // written in the Latin script
	unix   int64  // publish time, Unix seconds; 0 when unknown
	image  string // featured image stem, WordPress size suffixes stripped; "" when none
	loose  string // image stem without its upload counter (-1, -2) as well
	city   string // dateline city, a gazetteer id; "" when unknown
	nums   []uint64
	dates  []uint64
	names  []uint64 // name skeletons (and, in Latin editions, acronyms)
	places []uint64 // gazetteer ids
	words  []uint64 // lexicon concepts
	grams  []uint64 // character 4-grams, Latin editions only
	finger uint64   // hash of the fields the features were computed from
}

// fingerprint hashes the fields of a that features depend on, so a cache
// can tell a changed article from an unchanged one.
func fingerprint(a *sanafeed.Article) uint64 {
	h := fnv.New64a()
	if a.Version > 0 {
		// A stored article: the store moves Version on every change, so
		// key and Version name its text, and an article read without its
		// Content (store.BetweenHeads) still finds its cached features.
		h.Write([]byte(a.Key()))
		h.Write([]byte{0, 'v'})
		h.Write([]byte(strconv.Itoa(a.Version)))
		return h.Sum64()
	}
	return textFingerprint(a)
}

// textFingerprint is the fingerprint of a as if it were not stored: of
// the fields its features are computed from.
func textFingerprint(a *sanafeed.Article) uint64 {
	h := fnv.New64a()
	for _, s := range []string{a.Lang, a.Title, a.Content, a.Summary, a.Dateline, a.Image, a.Published.UTC().String()} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, t := range a.Tags {
		h.Write([]byte(t.Name))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// extract computes the features of a.
func extract(a *sanafeed.Article) *features {
	f := &features{
		key:    a.Key(),
		lang:   a.Lang,
		latin:  isLatinLang(a.Lang),
		image:  imageStem(a.Image),
		finger: fingerprint(a),
	}
	f.loose = looseStem(f.image)
	if !a.Published.IsZero() {
		f.unix = a.Published.Unix()
	}
	body := stripTags(a.Content)
	if strings.TrimSpace(body) == "" {
		body = a.Summary
	}
	place, body := splitDateline(body)
	if a.Dateline != "" {
		place = a.Dateline
	}
	text := a.Title + "\n" + body
	titleToks, bodyToks := tokenize(a.Title), tokenize(body+"\n"+tagNames(a.Tags))
	prepare(a.Lang, titleToks)
	prepare(a.Lang, bodyToks)
	toks := append(slices.Clip(titleToks), bodyToks...)

	f.nums = hashAll(kindNumber, numberKeys(digitText(text)))
	f.dates = hashAll(kindDate, dateKeys(a.Lang, toks))
	f.places = hashAll(kindPlace, places.entities(a.Lang, toks))
	f.words = hashAll(kindWord, words.concepts(a.Lang, toks))
	f.city = datelineCity(a.Lang, place)
	if f.latin {
		f.names = hashAll(kindName, latinNames(a.Lang, titleToks, bodyToks))
		f.grams = charGrams(toks)
	} else {
		f.names = hashAll(kindName, arabicNames(toks))
	}
	return f
}

// tagNames returns the names of tags, one a line: SANA's tags name the
// people and places a story is about.
func tagNames(tags []sanafeed.Tag) string {
	var b strings.Builder
	for _, t := range tags {
		b.WriteString(t.Name)
		b.WriteString(".\n")
	}
	return b.String()
}

// digitText returns s reduced to what numberKeys reads: digits (Eastern
// Arabic and Persian made Western), the separators '.' and ',' (Arabic
// ones too) and spaces; every other rune becomes 'x'.
func digitText(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
		case c >= '0' && c <= '9', c == '.', c == ',', c == ' ':
			b = append(b, c)
			continue
		case c == '\n' || c == '\t':
			b = append(b, ' ')
			continue
		default:
			b = append(b, 'x')
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		switch n := normRune(r); {
		case n >= '0' && n <= '9', n == '.', n == ',':
			b = append(b, byte(n))
		case n == ' ' || n == '\u00a0' || n == '\u202f' || n == '\u2009' || n == '\n' || n == '\t':
			b = append(b, ' ')
		default:
			b = append(b, 'x')
		}
	}
	return string(b)
}

// latinNames returns the name keys of a Latin-script article: skeletons of
// capitalised words, and acronyms as written. Capitalised sentence starts
// are kept: common words among them are discounted by their frequency.
// A title in Title Case gives no names of its own.
func latinNames(lang string, title, body []token) []string {
	titleCase := isTitleCase(title)
	all := append(slices.Clip(title), body...)
	var keys []string
	for i, t := range all {
		if !t.upper || titleCase && i < len(title) {
			continue
		}
		w := latinNameWord(t.orig)
		if utf8.RuneCountInString(w) < 3 || isNumeric(w) {
			continue
		}
		if isAcronym(w) {
			keys = append(keys, "a:"+w)
			continue
		}
		for _, s := range latinSkeletons(w, lang) {
			if len(s) >= minSkeleton {
				keys = append(keys, s)
			}
		}
	}
	return keys
}

// minSkeleton is the shortest skeleton used as a name key: two consonant
// classes match too many words.
const minSkeleton = 2

// isTitleCase reports whether most words of a title are capitalised.
func isTitleCase(title []token) bool {
	long, upper := 0, 0
	for _, t := range title {
		if utf8.RuneCountInString(t.text) >= 4 {
			long++
			if t.upper {
				upper++
			}
		}
	}
	return long >= 3 && upper*3 >= long*2
}

// arabicNames returns the skeletons of every Arabic word (Arabic has no
// capitals to tell names by); common words are discounted later by their
// document frequency among Arabic articles.
func arabicNames(toks []token) []string {
	var keys []string
	for _, t := range toks {
		if utf8.RuneCountInString(t.text) < 3 || isNumeric(t.text) {
			continue
		}
		for _, s := range t.forms {
			if k := arabicSkeleton(s); len(k) >= minSkeleton {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// charGrams returns a sample of the hashed character 4-grams of the words
// of four letters or more, each word marked at its start: the grams whose
// hash is even, half of them, which keeps the cosine between two articles
// close to that over all grams at half the cost.
func charGrams(toks []token) []uint64 {
	var out []uint64
	var buf []rune
	for _, t := range toks {
		if utf8.RuneCountInString(t.text) < 4 || isNumeric(t.text) {
			continue
		}
		buf = append(buf[:0], '_')
		for _, r := range t.text {
			if r != '\'' {
				buf = append(buf, r)
			}
		}
		for i := 0; i+4 <= len(buf); i++ {
			if h := hashRunes(kindGram, buf[i:i+4]); h&1 == 0 {
				out = append(out, h)
			}
		}
	}
	return sortUnique(out)
}

// hashRunes is hashKey of string(rs), without building the string.
func hashRunes(kind byte, rs []rune) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	h = (h ^ uint64(kind)) * prime
	var b [4]byte
	for _, r := range rs {
		n := utf8.EncodeRune(b[:], r)
		for _, c := range b[:n] {
			h = (h ^ uint64(c)) * prime
		}
	}
	return h
}

// datelineRe finds a dateline at the start of a body: a place, then the
// agency's name within a few words ("Damascus, SANA –", "DAMASCUS, Feb. 9
// (SANA) –", "دمشق-سانا", "Şam, SANA –"), and what closes it.
var datelineRe = regexp.MustCompile(`^\s*([^,()\-–—/\n]{2,40}?)\s*[,(\-–—/]\s*(?:[^\n]{0,30}?)(?:SANA|Sana|sana|سانا)\s*\)?\s*[-–—/:]?\s*`)

// splitDateline returns the place of the dateline that opens body and
// the body without it; the dateline's date is the publish date, which
// the time signal weighs, so it must not count as a shared date.
func splitDateline(body string) (place, rest string) {
	m := datelineRe.FindStringSubmatchIndex(body)
	if m == nil {
		return "", body
	}
	return body[m[2]:m[3]], body[m[1]:]
}

// datelineCity returns the gazetteer id of a dateline's place ("DAMASCUS,
// Feb. 9 (SANA) –" or just "Damascus"); "" when it names none.
func datelineCity(lang, dateline string) string {
	place := dateline
	if i := strings.IndexAny(place, ",(-–—/"); i > 0 {
		place = place[:i]
	}
	toks := tokenize(place)
	prepare(lang, toks)
	for _, id := range places.entities(lang, toks) {
		return id
	}
	return ""
}

// imageSuffix matches what WordPress appends to an uploaded image's name
// for its sizes and edits: -1024x683, -scaled, -rotated, -e1700000000.
var imageSuffix = regexp.MustCompile(`(-\d{2,5}x\d{2,5}|-scaled|-rotated|-e\d{9,})$`)

// counterSuffix matches the counter WordPress appends to a name uploaded
// twice (-1, -2). Each edition is its own WordPress, so the same photo may
// carry a counter in one edition and not in another; but a counter may
// also tell two different photos apart, so it is stripped only for a
// weaker match (looseStem).
var counterSuffix = regexp.MustCompile(`-\d{1,2}$`)

// imageStem returns the featured image's file name without directory,
// extension or WordPress size suffixes, lower-cased; "" when there is
// none.
func imageStem(raw string) string {
	if raw == "" {
		return ""
	}
	p := raw
	if u, err := url.Parse(raw); err == nil {
		p = u.Path
	}
	base := strings.ToLower(path.Base(p))
	if base == "." || base == "/" {
		return ""
	}
	base = strings.TrimSuffix(base, path.Ext(base))
	for {
		s := imageSuffix.ReplaceAllString(base, "")
		if s == base || s == "" {
			break
		}
		base = s
	}
	return base
}

// looseStem returns stem without its upload counter.
func looseStem(stem string) string {
	if s := counterSuffix.ReplaceAllString(stem, ""); s != "" {
		return s
	}
	return stem
}

// hashKey returns the 64-bit FNV-1a hash of a key of the given kind.
func hashKey(kind byte, s string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	h = (h ^ uint64(kind)) * prime
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * prime
	}
	return h
}

func hashAll(kind byte, keys []string) []uint64 {
	out := make([]uint64, len(keys))
	for i, k := range keys {
		out[i] = hashKey(kind, k)
	}
	return sortUnique(out)
}

// sortUnique sorts s and drops repeats, in place.
func sortUnique(s []uint64) []uint64 {
	slices.Sort(s)
	s = slices.Compact(s)
	if cap(s)-len(s) > 16 {
		// Features stay cached for the whole window: copy out of the
		// array append grew, most of it duplicates now gone (a 4 KB
		// article's keys took 3.6 KB with it, 0.9 KB without).
		s = slices.Clone(s)
	}
	return s
}

// isNumeric reports whether w starts with a digit.
func isNumeric(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }
