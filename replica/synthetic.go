package replica

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
)

// An rng is a small deterministic generator (SplitMix64).
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// genFacts are what the versions of one generated story share, so that
// its translations agree on place, numbers and month.
type genFacts struct {
	seed               uint64
	no                 int // story number, for the image file name
	topic, city, month int
	n, m, k, k2        int
	title              int // title template offset
	noImage            bool
}

func newFacts(seed uint64, no int) *genFacts {
	r := rng{seed}
	return &genFacts{seed: seed, no: no, topic: r.intn(len(topicKeys)), city: r.intn(len(cityKeys)), month: r.intn(12),
		n: 5 + r.intn(945), m: 3 + r.intn(88), k: 10 + r.intn(390), k2: 2 + r.intn(39), title: r.intn(4), noImage: r.intn(17) == 0}
}

// A genSpec says how to write a generated article's body on demand.
type genSpec struct {
	facts *genFacts
	lt    *langText
	count int    // sentences
	by    string // editor initials
}

// langSalt gives each language its own stream from a story's seed.
func langSalt(lang string) uint64 { return uint64(lang[0])<<8 | uint64(lang[1]) }

// genArticle returns the lang version of the generated story f, without
// its post id and dateline, which the caller sets.
func (s *Site) genArticle(f *genFacts, lang, storyID string, pub time.Time) *article {
	lt, es := s.gen[lang], s.eds[lang]
	tp := lt.topics[f.topic]
	r := rng{f.seed ^ langSalt(lang)<<32}
	li := slices.IndexFunc(sanafeed.Editions, func(e sanafeed.Edition) bool { return e.Lang == lang })
	a := &article{lang: lang, story: storyID, cat: es.ed.byPath[tp.cat], pub: pub, mod: pub,
		title: fill(lt, f, lt.titles[(f.title+li)%len(lt.titles)])}
	a.tags = []*tag{es.tag(tp.tag), es.tag(lt.cities[f.city])}
	if !f.noImage {
		a.image = uploadPath(pub, topicKeys[f.topic]+"-"+cityKeys[f.city]+"-"+strconv.Itoa(f.no)+lt.imgSuffix+".jpg")
	}
	count := 18 + r.intn(12) // about 300 to 500 words in English
	switch lang {
	case "tr": // shorter words per sentence
		count = count * 3 / 2
	case "ar", "ku":
		count = count * 5 / 4
	}
	a.gen = &genSpec{facts: f, lt: lt, count: count, by: lt.initials[r.intn(len(lt.initials))]}
	return a
}

// body writes the paragraphs of a generated article.
func (g *genSpec) body(a *article) []string {
	lt, f := g.lt, g.facts
	r := rng{f.seed ^ langSalt(lt.lang)<<40 ^ 0xB0D1}
	rest := len(lt.sentences) - 1
	order := make([]int, rest)
	for i := range order {
		order[i] = i + 1
	}
	for i := len(order) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		order[i], order[j] = order[j], order[i]
	}
	sents := []string{fill(lt, f, lt.sentences[0])}
	for i := 0; len(sents) < g.count; i++ {
		sents = append(sents, fill(lt, f, lt.sentences[order[i%rest]]))
	}
	var paras []string
	for len(sents) > 0 {
		n := min(2+r.intn(3), len(sents))
		paras = append(paras, strings.Join(sents[:n], " "))
		sents = sents[n:]
	}
	paras[0] = a.dateline + " " + paras[0]
	return append(paras, g.by)
}

// fill replaces the {slots} of a template with the story's facts.
func fill(lt *langText, f *genFacts, tmpl string) string {
	tp := lt.topics[f.topic]
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		b.WriteString(tmpl[:i])
		slot := tmpl[i+1 : i+j]
		tmpl = tmpl[i+j+1:]
		switch slot {
		case "city":
			b.WriteString(lt.cities[f.city])
		case "cityLoc":
			b.WriteString(lt.cityLoc[f.city])
		case "min":
			b.WriteString(tp.min)
		case "Min":
			b.WriteString(upperFirst(tp.min))
		case "proj":
			b.WriteString(tp.proj)
		case "month":
			b.WriteString(lt.months[f.month])
		case "n":
			b.WriteString(lt.num(f.n))
		case "m":
			b.WriteString(lt.num(f.m))
		case "k":
			b.WriteString(lt.num(f.k))
		case "k2":
			b.WriteString(lt.num(f.k2))
		default:
			panic("replica: unknown template slot " + slot)
		}
	}
}

// num writes v in the language's digits.
func (lt *langText) num(v int) string {
	s := strconv.Itoa(v)
	if !lt.digits {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		b.WriteRune('٠' + (c - '0'))
	}
	return b.String()
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// synthShare returns an edition's chance in 100 of running a generated
// story.
func synthShare(lang string) int {
	switch lang {
	case "ar":
		return 80
	case "en":
		return 40
	case "fr":
		return 30
	case "ku":
		return 12
	}
	return 20
}

// synthLangs returns the editions that run generated story i (counting
// from 0) and the generator, past those draws, to draw its facts from.
func synthLangs(i int) ([]string, rng) {
	r := rng{uint64(i)*0x2545F4914F6CDD1D + 0x5A5A}
	var langs []string
	for _, e := range sanafeed.Editions {
		if r.intn(100) < synthShare(e.Lang) {
			langs = append(langs, e.Lang)
		}
	}
	if len(langs) == 0 {
		langs = []string{sanafeed.Editions[i%len(sanafeed.Editions)].Lang}
	}
	return langs, r
}

// synthInterval returns the time between two of the n generated
// articles' stories: seven minutes, or with span set what spreads them
// evenly over span.
func synthInterval(n int, span time.Duration) time.Duration {
	if span <= 0 {
		return 7 * time.Minute
	}
	stories := 0
	for count := 0; count < n; stories++ {
		langs, _ := synthLangs(stories)
		count += len(langs)
	}
	return span / time.Duration(max(1, stories-1))
}

// addSynthetic adds n generated articles, older than the hand-written
// stories, one story every synthInterval going back in time, translations
// up to ten hours after the first version. Their post ids count down from
// each edition's hand-written ids, staying above its imported ones.
func (s *Site) addSynthetic(n int) {
	recent := s.start.Add(-30 * 24 * time.Hour)
	base := s.start
	for _, es := range s.eds {
		for _, a := range es.arts {
			if a.pub.After(recent) && a.pub.Before(base) {
				base = a.pub
			}
		}
	}
	base = base.Add(-10 * time.Minute)
	every := synthInterval(n, s.opts.SyntheticSpan)
	pending := map[string][]*article{}
	for i, count := 0, 0; count < n; i++ {
		langs, r := synthLangs(i)
		f := newFacts(r.next(), i+1)
		t0 := base.Add(-time.Duration(i) * every)
		for j, lang := range langs {
			if count == n {
				break
			}
			pub := t0
			if j > 0 {
				pub = t0.Add(time.Duration(5+r.intn(600)) * time.Minute)
			}
			if pub.After(base) {
				pub = base
			}
			pending[lang] = append(pending[lang], s.genArticle(f, lang, fmt.Sprintf("syn-%05d", i+1), pub))
			count++
		}
	}
	for _, e := range sanafeed.Editions {
		s.numberSynthetic(s.eds[e.Lang], pending[e.Lang], recent)
	}
}

// numberSynthetic gives arts post ids below the edition's recent ones and
// above its imported ones, newest highest, and adds them.
func (s *Site) numberSynthetic(es *edState, arts []*article, recent time.Time) {
	if len(arts) == 0 {
		return
	}
	var top, floor int64 = 0, 0
	for _, a := range es.arts {
		if a.pub.After(recent) {
			if top == 0 || a.id < top {
				top = a.id
			}
		} else {
			floor = max(floor, a.id)
		}
	}
	maxGap := min(5, max(1, int((top-floor)/int64(len(arts)+1))))
	slices.SortStableFunc(arts, func(x, y *article) int { return y.pub.Compare(x.pub) })
	r := rng{langSalt(es.ed.Lang)}
	id := top
	for _, a := range arts {
		id -= int64(1 + r.intn(maxGap))
		a.id = id
		a.dateline = dateline(a.lang, a.gen.lt.cities[a.gen.facts.city], a.pub, a.id)
		es.put(a)
	}
}
