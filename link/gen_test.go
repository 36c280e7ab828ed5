package link_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A generated corpus: stories told in some of the six editions, written
// from templates, with names that transliterate (consonants shared by
// their Arabic and Latin spellings), numbers (Eastern Arabic digits in
// Arabic), dates, datelines and images.

// consonants pairs Arabic letters with their spelling in each Latin
// edition (en, fr, es, tr, ku).
var consonants = []struct {
	ar    string
	latin [5]string
}{
	{"ب", [5]string{"b", "b", "b", "b", "b"}},
	{"ت", [5]string{"t", "t", "t", "t", "t"}},
	{"د", [5]string{"d", "d", "d", "d", "d"}},
	{"ر", [5]string{"r", "r", "r", "r", "r"}},
	{"س", [5]string{"s", "s", "s", "s", "s"}},
	{"ش", [5]string{"sh", "ch", "sh", "ş", "ş"}},
	{"ف", [5]string{"f", "f", "f", "f", "f"}},
	{"ك", [5]string{"k", "k", "k", "k", "k"}},
	{"ل", [5]string{"l", "l", "l", "l", "l"}},
	{"م", [5]string{"m", "m", "m", "m", "m"}},
	{"ن", [5]string{"n", "n", "n", "n", "n"}},
	{"ح", [5]string{"h", "h", "h", "h", "h"}},
	{"خ", [5]string{"kh", "kh", "j", "h", "x"}},
	{"ج", [5]string{"j", "dj", "y", "c", "c"}},
}

var latinLangs = []string{"en", "fr", "es", "tr", "ku"}

// genName returns a name of three consonants in Arabic and in each Latin
// edition.
func genName(r *rand.Rand) (ar string, latin map[string]string) {
	cs := []int{r.IntN(len(consonants)), r.IntN(len(consonants)), r.IntN(len(consonants))}
	var b strings.Builder
	for i, c := range cs {
		b.WriteString(consonants[c].ar)
		if i == 0 {
			b.WriteString("ا")
		} else if i == 1 {
			b.WriteString("ي")
		}
	}
	latin = map[string]string{}
	for li, l := range latinLangs {
		var s strings.Builder
		for i, c := range cs {
			s.WriteString(consonants[c].latin[li])
			s.WriteString([]string{"a", "i", ""}[i])
		}
		w := s.String()
		latin[l] = strings.ToUpper(w[:1]) + w[1:]
	}
	return "ال" + b.String(), latin
}

var genCities = []map[string]string{
	{"ar": "دمشق", "en": "Damascus", "fr": "Damas", "es": "Damasco", "tr": "Şam", "ku": "Şam"},
	{"ar": "حلب", "en": "Aleppo", "fr": "Alep", "es": "Alepo", "tr": "Halep", "ku": "Helep"},
	{"ar": "حمص", "en": "Homs", "fr": "Homs", "es": "Homs", "tr": "Humus", "ku": "Humus"},
	{"ar": "اللاذقية", "en": "Latakia", "fr": "Lattaquié", "es": "Latakia", "tr": "Lazkiye", "ku": "Lazkiye"},
}

var genMonths = map[string][]string{
	"ar": {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"tr": {"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"},
	"ku": {"Çile", "Sibat", "Adar", "Nîsan", "Gulan", "Hezîran", "Tîrmeh", "Tebax", "Îlon", "Cotmeh", "Mijdar", "Berfanbar"},
}

// templates give each edition's title and body; %[1]s and %[2]s are
// names, %[3]s the city, %[4]d and %[5]d numbers, %[6]d a day and %[7]s a
// month.
var templates = map[string][2]string{
	"ar": {"%[1]s يبحث مع %[2]s في %[3]s", "%[3]s-سانا بحث الوزير %[1]s مع %[2]s في %[3]s مشروعاً بكلفة %[4]d مليون ليرة يخدم %[5]d ألف نسمة، على أن ينتهي في %[6]d %[7]s."},
	"en": {"%[1]s discusses with %[2]s in %[3]s", "%[3]s, SANA – Minister %[1]s discussed with %[2]s in %[3]s a project costing %[4]d million pounds that serves %[5]d,000 people, to be completed on %[7]s %[6]d."},
	"fr": {"%[1]s s'entretient avec %[2]s à %[3]s", "%[3]s, (SANA) – Le ministre %[1]s s'est entretenu avec %[2]s à %[3]s d'un projet de %[4]d millions de livres pour %[5]d 000 habitants, achevé le %[6]d %[7]s."},
	"es": {"%[1]s conversa con %[2]s en %[3]s", "%[3]s, (SANA) – El ministro %[1]s conversó con %[2]s en %[3]s sobre un proyecto de %[4]d millones de libras para %[5]d.000 habitantes, que terminará el %[6]d de %[7]s."},
	"tr": {"%[1]s, %[3]s'da %[2]s ile görüştü", "%[3]s, SANA – Bakan %[1]s, %[3]s'da %[2]s ile %[4]d milyon liralık, %[5]d bin kişiye hizmet edecek projeyi görüştü; proje %[6]d %[7]s'ta bitecek."},
	"ku": {"%[1]s li %[3]s bi %[2]s re civiya", "%[3]s, (SANA) – Wezîr %[1]s li %[3]s bi %[2]s re li ser projeyeke %[4]d mîlyon lîreyî ya ji bo %[5]d hezar kesan axivî, ku dê di %[6]dê %[7]sê de biqede."},
}

// eastern writes n in Eastern Arabic digits.
func eastern(n int) string {
	var b strings.Builder
	for _, c := range fmt.Sprint(n) {
		b.WriteRune('٠' + c - '0')
	}
	return b.String()
}

// A genStory is one generated story and the articles that tell it.
type genStory struct {
	id   string
	arts []sanafeed.Article
}

// generate returns n stories starting at start, a few hours apart, every
// one in Arabic and in each other edition with probability keep.
func generate(seed uint64, n int, start time.Time, keep float64) []genStory {
	r := rand.New(rand.NewPCG(seed, 7))
	next := map[string]int64{"ar": 1000, "en": 2000, "fr": 3000, "es": 4000, "tr": 5000, "ku": 6000}
	var out []genStory
	t := start
	for s := range n {
		t = t.Add(time.Duration(30+r.IntN(150)) * time.Minute)
		ar1, la1 := genName(r)
		ar2, la2 := genName(r)
		city := genCities[r.IntN(len(genCities))]
		cost, people, day, month := 10+r.IntN(900), 2+r.IntN(90), 1+r.IntN(28), r.IntN(12)
		image := fmt.Sprintf("https://sana.sy/wp-content/uploads/2026/02/photo-%d", s)
		st := genStory{id: fmt.Sprintf("story-%d", s)}
		for _, lang := range []string{"ar", "en", "fr", "es", "tr", "ku"} {
			if lang != "ar" && r.Float64() >= keep {
				continue
			}
			n1, n2, c := ar1, ar2, city[lang]
			if lang != "ar" {
				n1, n2 = la1[lang], la2[lang]
			}
			tpl := templates[lang]
			title := fmt.Sprintf(tpl[0], n1, n2, c)
			var body string
			if lang == "ar" {
				body = strings.NewReplacer("%[4]d", eastern(cost), "%[5]d", eastern(people), "%[6]d", eastern(day)).Replace(tpl[1])
				body = fmt.Sprintf(strings.ReplaceAll(body, "%[7]s", genMonths[lang][month]), n1, n2, c)
			} else {
				body = fmt.Sprintf(tpl[1], n1, n2, c, cost, people, day, genMonths[lang][month])
			}
			next[lang] += int64(1 + r.IntN(9))
			st.arts = append(st.arts, sanafeed.Article{
				Lang:      lang,
				PostID:    next[lang],
				URL:       fmt.Sprintf("https://sana.sy/%s/%d/", lang, next[lang]),
				Title:     title,
				Content:   "<p>" + body + "</p>",
				Image:     image + []string{"-scaled.jpg", "-1024x683.jpg", ".jpg"}[r.IntN(3)],
				Published: t.Add(time.Duration(r.IntN(240)) * time.Minute),
			})
		}
		out = append(out, st)
	}
	return out
}

// flatten returns the articles of stories and their story ids (empty for
// a story told only once).
func flatten(stories []genStory) ([]sanafeed.Article, map[string]string) {
	var arts []sanafeed.Article
	story := map[string]string{}
	for _, s := range stories {
		for _, a := range s.arts {
			arts = append(arts, a)
			if len(s.arts) > 1 {
				story[a.Key()] = s.id
			}
		}
	}
	return arts, story
}
