package link_test

import (
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
)

// art returns an article of the edition lang whose body is text.
func art(lang, text string) *sanafeed.Article {
	return &sanafeed.Article{Lang: lang, PostID: 1, Title: "t", Content: "<p>" + text + "</p>"}
}

func TestQueryMatch(t *testing.T) {
	tests := []struct {
		terms []string
		lang  string
		text  string
		want  bool
	}{
		// A gazetteer place, in every edition and script.
		{[]string{"Aleppo"}, "ar", "وأكد محافظ حلب أن العمل مستمر", true},
		{[]string{"Aleppo"}, "ar", "هطولات في الحسكة والرقة وحلب، ما ينعكس", true},
		{[]string{"Aleppo"}, "tr", "Şam-Halep karayolu", true},
		{[]string{"Aleppo"}, "tr", "Halep'te ticari uçuşlar", true},
		{[]string{"Aleppo"}, "ku", "li Firokexaneya Navneteweyî ya Helebê daket", true},
		{[]string{"Aleppo"}, "fr", "l'aéroport international d'Alep", true},
		{[]string{"Aleppo"}, "es", "en la periferia de Damasco, Deraa y Alepo.", true},
		{[]string{"aleppo"}, "en", "ALEPPO, Feb. 9 (SANA) – The first flight", true},
		{[]string{"حلب"}, "fr", "Le vol a atterri à Alep.", true},
		{[]string{"Halep"}, "en", "in Aleppo province", true},
		{[]string{"Aleppo"}, "en", "in Damascus province", false},
		{[]string{"Aleppo"}, "ar", "في محافظة دمشق", false},
		// A name, through its consonant skeleton and shape.
		{[]string{"Shaibani"}, "ar", "بحث وزير الخارجية أسعد حسن الشيباني مع وفد", true},
		{[]string{"Shaibani"}, "tr", "Bakanı Esad Hasan Şeybani, heyetle görüştü", true},
		{[]string{"Shaibani"}, "ku", "Esad Hesen Şeybanî şandeyeke pêşwazî kir", true},
		{[]string{"Shaibani"}, "fr", "Assaad Hassan al-Chaibani, a reçu", true},
		{[]string{"al-Shaibani"}, "es", "Al Shaibani subrayó el interés", true},
		{[]string{"الشيباني"}, "en", "Foreign Minister al-Shaibani said", true},
		{[]string{"Şeybani"}, "fr", "M. al-Chaibani a souligné", true},
		{[]string{"Shaibani"}, "ar", "شارك عدد من الشبان في المبادرة", false},
		{[]string{"Shaibani"}, "ar", "في شهر شعبان", false},
		{[]string{"Shaibani"}, "en", "Shaaban said", false},
		// Whole words, case and accents folded, digits alike.
		{[]string{"ministère"}, "fr", "Le MINISTERE de la Santé", true},
		{[]string{"minister"}, "en", "the ministers met", false},
		{[]string{"2026"}, "ar", "في عام ٢٠٢٦ بدأ", true},
		{[]string{"٢٠٢٦"}, "en", "in 2026 work began", true},
		{[]string{"146"}, "en", "carrying 1460 passengers", false},
		{[]string{"Deir ez-Zor"}, "ar", "في محافظة دير الزور", true},
		{[]string{"Red Crescent"}, "en", "the Syrian Arab Red Crescent said", true},
		{[]string{"Red Crescent"}, "en", "a red flag and a crescent", false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.terms, "+")+"/"+tt.lang, func(t *testing.T) {
			q, err := link.CompileQuery(tt.terms)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(art(tt.lang, tt.text)); got != tt.want {
				t.Errorf("%v.Match(%s %q) = %v, want %v", tt.terms, tt.lang, tt.text, got, tt.want)
			}
		})
	}
}

func TestQueryAllAny(t *testing.T) {
	q, err := link.CompileQuery([]string{"Aleppo", "Shaibani"})
	if err != nil {
		t.Fatal(err)
	}
	both := art("fr", "M. al-Chaibani a évoqué Alep.")
	one := art("fr", "Le vol a atterri à Alep.")
	none := art("fr", "Le vol a atterri à Damas.")
	for _, c := range []struct {
		a         *sanafeed.Article
		all, some bool
	}{{both, true, true}, {one, false, true}, {none, false, false}} {
		if got := q.Match(c.a); got != c.all {
			t.Errorf("Match(%q) = %v, want %v", c.a.Content, got, c.all)
		}
		if got := q.MatchAny(c.a); got != c.some {
			t.Errorf("MatchAny(%q) = %v, want %v", c.a.Content, got, c.some)
		}
	}
	// The tag names count: a story tagged Aleppo mentions it.
	tagged := art("en", "The first flight landed.")
	tagged.Tags = []sanafeed.Tag{{Slug: "aleppo", Name: "Aleppo"}}
	if q1, _ := link.CompileQuery([]string{"Halep"}); !q1.Match(tagged) {
		t.Error("an article tagged Aleppo does not match Halep")
	}
}

func TestQueryString(t *testing.T) {
	a, err := link.CompileQuery([]string{"ALEPPO", "Şeybani", "Deir  ez-Zor"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := link.CompileQuery([]string{"deir ez-zor", "şeybani", "aleppo", "Aleppo"})
	if err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("equivalent queries have normal forms %q and %q", a.String(), b.String())
	}
	if want := `"deir ez zor" aleppo şeybani`; a.String() != want {
		t.Errorf("String() = %q, want %q", a.String(), want)
	}
	// The normal form compiles to a query matching as the original does.
	c, err := link.ParseQuery(a.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*sanafeed.Article{art("ar", "الشيباني في دير الزور وحلب"), art("fr", "Chaibani à Deir ez-Zor"), art("es", "Alepo")} {
		if a.Match(x) != c.Match(x) || !c.MatchAny(x) {
			t.Errorf("%q and its normal form %q disagree on %q", a, c, x.Content)
		}
	}
}

func TestCompileQueryRefuses(t *testing.T) {
	for _, terms := range [][]string{
		nil,
		{"a"},
		{"--"},
		{"Aleppo", "x"},
		strings.Fields("one two three four five six seven eight nine"),
		{strings.Repeat("long", 60)},
	} {
		if _, err := link.CompileQuery(terms); err == nil {
			t.Errorf("CompileQuery(%q) = nil error", terms)
		}
	}
}

func TestQueryAcronym(t *testing.T) {
	us, err := link.CompileQuery([]string{"US"})
	if err != nil {
		t.Fatal(err)
	}
	if !us.Match(art("fr", "les États-Unis ont annoncé")) {
		t.Error("US does not match États-Unis")
	}
	if us.Match(art("en", "they told us so")) {
		t.Error("US matches the word us")
	}
}
