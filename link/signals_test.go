package link

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Hand-made cases for each signal: what the articles of two editions
// write differently must reduce to the same keys.

func TestNumberKeys(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"١٬٥٠٠ شاحنة", []string{"1500"}},
		{"1,500 trucks", []string{"1500"}},
		{"1.500 camions", []string{"1500"}},
		{"1 500 camions", []string{"1500"}},
		{"٧٫٥ درجات", []string{"7.5"}},
		{"7,5 şiddetinde", []string{"7.5"}},
		{"magnitude 7.5", []string{"7.5"}},
		{"۲۰۲۶", []string{"2026"}},
		{"1,234,567.5", []string{"1234567.5"}},
		{"1.234.567,5", []string{"1234567.5"}},
		{"at 07 and 1-0", []string{"7", "1", "0"}},
	}
	for _, tt := range tests {
		got := numberKeys(digitText(tt.text))
		if !slices.Equal(got, tt.want) {
			t.Errorf("numberKeys(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDateKeys(t *testing.T) {
	tests := []struct{ lang, text string }{
		{"ar", "وصل في 9 شباط 2026"},
		{"ar", "وصل في ٩ شباط ٢٠٢٦"},
		{"ar", "وصل في 9 فبراير 2026"},
		{"en", "arrived on February 9, 2026"},
		{"en", "arrived on 9 February 2026"},
		{"fr", "arrivé le 9 février 2026"},
		{"es", "llegó el 9 de febrero de 2026"},
		{"tr", "9 Şubat 2026 tarihinde geldi"},
		{"ku", "di 9ê Sibata 2026an de hat"},
	}
	for _, tt := range tests {
		toks := tokenize(normalizeDigits(tt.text))
		prepare(tt.lang, toks)
		got := dateKeys(tt.lang, toks)
		if !slices.Contains(got, "d:2-9") || !slices.Contains(got, "y:2026-2") {
			t.Errorf("dateKeys(%s, %q) = %q, want d:2-9 and y:2026-2", tt.lang, tt.text, got)
		}
	}
	// Levantine months that are two words, and an ambiguous one.
	for _, tt := range []struct {
		lang, text, want string
	}{
		{"ar", "في 3 تشرين الأول", "d:10-3"},
		{"ar", "في 3 كانون الثاني", "d:1-3"},
		{"ar", "في 3 كانون الأول", "d:12-3"},
		{"ar", "في 15 آب", "d:8-15"},
		{"ku", "di 3ê Çiriya Pêşîn de", "d:10-3"},
	} {
		toks := tokenize(tt.text)
		prepare(tt.lang, toks)
		if got := dateKeys(tt.lang, toks); !slices.Contains(got, tt.want) {
			t.Errorf("dateKeys(%s, %q) = %q, want %s", tt.lang, tt.text, got, tt.want)
		}
	}
	for _, tt := range []struct{ lang, text string }{
		{"ar", "قال الأب إن"}, // آب (August) spelled like "father", no number
		{"en", "it may rain"},
		{"tr", "ekim alanı"}, // "sowing", not October
	} {
		toks := tokenize(tt.text)
		prepare(tt.lang, toks)
		if got := dateKeys(tt.lang, toks); len(got) != 0 {
			t.Errorf("dateKeys(%s, %q) = %q, want none", tt.lang, tt.text, got)
		}
	}
}

// normalizeDigits writes Eastern Arabic digits as Western, as tokens see
// them after normalisation.
func normalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '٠' && r <= '٩' {
			return '0' + r - '٠'
		}
		return r
	}, s)
}

func TestDatelines(t *testing.T) {
	tests := []struct{ lang, body string }{
		{"ar", "دمشق-سانا بحث وزير الخارجية"},
		{"en", "DAMASCUS, Feb. 9 (SANA) – Foreign Minister"},
		{"en", "Damascus, SANA – Foreign Minister"},
		{"fr", "Damas – SANA / Le ministre"},
		{"fr", "Damas, (SANA) – Le ministre"},
		{"es", "Damasco, 9 feb (SANA) – El ministro"},
		{"tr", "Şam, SANA – Dışişleri Bakanı"},
		{"ku", "Şam, (SANA) – Wezîrê Derve"},
	}
	for _, tt := range tests {
		place, rest := splitDateline(tt.body)
		if got := datelineCity(tt.lang, place); got != "damascus" {
			t.Errorf("dateline of %q = %q (place %q), want damascus", tt.body, got, place)
		}
		if strings.Contains(rest, "SANA") || strings.Contains(rest, "سانا") {
			t.Errorf("splitDateline(%q) left %q", tt.body, rest)
		}
	}
	if got := datelineCity("en", "ALEPPO, Feb. 9 (SANA) –"); got != "aleppo" {
		t.Errorf("datelineCity(ALEPPO…) = %q, want aleppo", got)
	}
	if place, _ := splitDateline("The minister said on Monday"); place != "" {
		t.Errorf("splitDateline found %q in a body without a dateline", place)
	}
}

// nameKeys returns the name keys of one word as an article in lang would.
func nameKeys(lang, word string) []string {
	if lang == "ar" {
		toks := tokenize(word)
		prepare("ar", toks)
		return arabicNames(toks)
	}
	return latinNames(lang, nil, tokenize("Le "+word))
}

func TestNameKeys(t *testing.T) {
	groups := [][][2]string{
		{{"ar", "الشيباني"}, {"en", "al-Shaibani"}, {"tr", "Şeybani"}, {"fr", "Chaibani"}, {"ku", "Şeybanî"}, {"es", "Al Shaibani"}},
		{{"ar", "الشرع"}, {"en", "al-Sharaa"}, {"tr", "Şara"}, {"fr", "al-Chareh"}, {"ku", "Şara'yê"}},
		{{"ar", "ترامب"}, {"en", "Trump"}, {"tr", "Trump'ın"}, {"ku", "Trump"}},
		{{"ar", "وليد"}, {"en", "Walid"}, {"tr", "Velid"}, {"fr", "Walid"}},
		{{"ar", "ليفربول"}, {"en", "Liverpool"}, {"tr", "Liverpool'un"}},
		{{"ar", "تشيلسي"}, {"en", "Chelsea"}},
		{{"ar", "جوجل"}, {"en", "Google"}},
	}
	for _, g := range groups {
		base := nameKeys(g[0][0], g[0][1])
		for _, w := range g[1:] {
			keys := nameKeys(w[0], w[1])
			if !slices.ContainsFunc(keys, func(k string) bool { return slices.Contains(base, k) }) {
				t.Errorf("%s %q keys %q share none with %s %q keys %q", w[0], w[1], keys, g[0][0], g[0][1], base)
			}
		}
	}
	if a, b := nameKeys("en", "Shaibani"), nameKeys("en", "Mikdad"); slices.ContainsFunc(a, func(k string) bool { return slices.Contains(b, k) }) {
		t.Errorf("Shaibani %q and Mikdad %q share a key", a, b)
	}
}

func TestGazetteer(t *testing.T) {
	groups := []struct {
		id    string
		forms [][2]string
	}{
		{"damascus", [][2]string{{"ar", "دمشق"}, {"ar", "بدمشق"}, {"en", "Damascus"}, {"fr", "Damas"}, {"es", "Damasco"}, {"tr", "Şam'da"}, {"ku", "Şamê"}}},
		{"aleppo", [][2]string{{"ar", "حلب"}, {"en", "Aleppo"}, {"fr", "Alep"}, {"fr", "d'Alep"}, {"tr", "Halep"}, {"ku", "Helep"}, {"es", "Alepo"}}},
		{"homs", [][2]string{{"ar", "حمص"}, {"en", "Homs"}, {"tr", "Humus"}}},
		{"latakia", [][2]string{{"ar", "اللاذقية"}, {"en", "Latakia"}, {"fr", "Lattaquié"}, {"tr", "Lazkiye"}}},
		{"syria", [][2]string{{"ar", "سوريا"}, {"ar", "سورية"}, {"ar", "السورية"}, {"en", "Syria"}, {"fr", "Syrie"}, {"es", "Siria"}, {"tr", "Suriye'nin"}, {"ku", "Sûriye"}, {"ku", "Sûriyeyê"}}},
		{"usa", [][2]string{{"ar", "الولايات المتحدة"}, {"en", "United States"}, {"en", "US"}, {"fr", "États-Unis"}, {"es", "Estados Unidos"}, {"tr", "ABD'nin"}}},
	}
	for _, g := range groups {
		for _, f := range g.forms {
			toks := tokenize(f[1])
			prepare(f[0], toks)
			if got := places.entities(f[0], toks); !slices.Equal(got, []string{g.id}) {
				t.Errorf("entities(%s, %q) = %q, want [%s]", f[0], f[1], got, g.id)
			}
		}
	}
	toks := tokenize("tell us about it")
	prepare("en", toks)
	if got := places.entities("en", toks); len(got) != 0 {
		t.Errorf("entities(\"tell us about it\") = %q, want none (us is not US)", got)
	}
}

func TestImageStem(t *testing.T) {
	tests := []struct{ url, stem, loose string }{
		{"https://sana.sy/wp-content/uploads/2026/02/shaibani-icrc-1024x683.jpg", "shaibani-icrc", "shaibani-icrc"},
		{"https://sana.sy/wp-content/uploads/2026/02/shaibani-icrc-scaled.jpg", "shaibani-icrc", "shaibani-icrc"},
		{"/wp-content/uploads/2026/02/Shaibani-ICRC.JPG", "shaibani-icrc", "shaibani-icrc"},
		{"/wp-content/uploads/2026/02/shaibani-icrc-1-scaled.jpg", "shaibani-icrc-1", "shaibani-icrc"},
		{"/wp-content/uploads/2026/02/shaibani-icrc-1-300x200.webp", "shaibani-icrc-1", "shaibani-icrc"},
		{"", "", ""},
	}
	for _, tt := range tests {
		stem := imageStem(tt.url)
		if stem != tt.stem || looseStem(stem) != tt.loose {
			t.Errorf("imageStem(%q) = %q, %q; want %q, %q", tt.url, stem, looseStem(stem), tt.stem, tt.loose)
		}
	}
}

func TestLexicon(t *testing.T) {
	for _, g := range [][][2]string{
		{{"ar", "المستشفى"}, {"ar", "والمستشفيات"}, {"en", "hospitals"}, {"fr", "l'hôpital"}, {"es", "hospital"}, {"tr", "hastaneye"}, {"ku", "nexweşxaneyê"}},
		{{"ar", "زلزال"}, {"en", "earthquake"}, {"fr", "séisme"}, {"es", "terremoto"}, {"tr", "depremde"}, {"ku", "erdhejê"}},
	} {
		var want []string
		for _, f := range g {
			toks := tokenize(f[1])
			prepare(f[0], toks)
			got := words.concepts(f[0], toks)
			if len(got) != 1 || want != nil && got[0] != want[0] {
				t.Errorf("concepts(%s, %q) = %q, want %q", f[0], f[1], got, want)
			}
			if want == nil {
				want = got
			}
		}
	}
}

// pair builds a two-article run and returns the features of the pair.
func pairOf(t *testing.T, a, b sanafeed.Article, opts Options) [NFeatures]float64 {
	t.Helper()
	r := newRun([]*features{extract(&a), extract(&b)}, opts.withDefaults())
	return r.pairFeatures(r.items[0], r.items[1])
}

func TestPairSignals(t *testing.T) {
	pub := time.Date(2026, 2, 9, 10, 0, 0, 0, time.UTC)
	ar := sanafeed.Article{Lang: "ar", PostID: 1, Title: "الشيباني يبحث مع وفد الصليب الأحمر في دمشق",
		Content:   "<p>دمشق-سانا بحث وزير الخارجية أسعد الشيباني اليوم مع وفد من اللجنة الدولية للصليب الأحمر ملف ١٢٥ مفقوداً، على أن يعقد اجتماع في ٩ شباط.</p>",
		Image:     "/wp-content/uploads/2026/02/shaibani-icrc-scaled.jpg",
		Published: pub}
	en := sanafeed.Article{Lang: "en", PostID: 2, Title: "Al-Shaibani discusses missing persons with ICRC delegation",
		Content:   "<p>DAMASCUS, Feb. 9 (SANA) – Foreign Minister Asaad al-Shaibani discussed with a delegation of the International Committee of the Red Cross the file of 125 missing persons, with a meeting due on February 9.</p>",
		Image:     "/wp-content/uploads/2026/02/shaibani-icrc-1024x683.jpg",
		Published: pub.Add(3 * time.Hour)}
	x := pairOf(t, ar, en, Options{})
	for _, f := range []int{xNumber, xDate, xName, xPlace, xWord, xImage, xCitySame} {
		if x[f] <= 0 {
			t.Errorf("feature %s = %v, want > 0 (x = %v)", FeatureName(f), x[f], x)
		}
	}
	if x[xTime] <= 0 {
		t.Errorf("time feature for 3 hours apart = %v, want > 0", x[xTime])
	}
	// Each signal switched off zeroes its features.
	for sig, fs := range map[string][]int{
		SignalNumber: {xNumber, xNumberSum}, SignalDate: {xDate}, SignalName: {xName, xNameSum},
		SignalPlace: {xPlace}, SignalLexicon: {xWord}, SignalImage: {xImage}, SignalDateline: {xCitySame}, SignalTime: {xTime},
	} {
		x := pairOf(t, ar, en, Options{Disable: []string{sig}})
		for _, f := range fs {
			if x[f] != 0 {
				t.Errorf("with %s disabled, %s = %v, want 0", sig, FeatureName(f), x[f])
			}
		}
	}
	// Different dateline cities count against; n-grams only between Latin
	// editions.
	fr := sanafeed.Article{Lang: "fr", PostID: 3, Title: "Al-Chaibani reçoit une délégation du CICR",
		Content: "<p>Alep, (SANA) – Le ministre des Affaires étrangères, Assaad al-Chaibani, a discuté avec une délégation du Comité international de la Croix-Rouge du dossier de 125 disparus.</p>", Published: pub}
	if x := pairOf(t, en, fr, Options{}); x[xCityDiff] != 1 || x[xGram] <= 0 {
		t.Errorf("en-fr: cityDiff %v, ngram %v; want 1 and > 0", x[xCityDiff], x[xGram])
	}
	if x := pairOf(t, ar, fr, Options{}); x[xGram] != 0 {
		t.Errorf("ar-fr ngram = %v, want 0", x[xGram])
	}
}

func TestImageReuse(t *testing.T) {
	pub := time.Date(2026, 2, 9, 10, 0, 0, 0, time.UTC)
	mk := func(lang string, id int64, image string) *features {
		a := sanafeed.Article{Lang: lang, PostID: id, Title: "x", Image: image, Published: pub}
		return extract(&a)
	}
	one := newRun([]*features{mk("ar", 1, "/u/flag.jpg"), mk("en", 2, "/u/flag-scaled.jpg")}, Options{}.withDefaults())
	many := newRun([]*features{mk("ar", 1, "/u/flag.jpg"), mk("en", 2, "/u/flag-scaled.jpg"),
		mk("ar", 3, "/u/flag.jpg"), mk("ar", 4, "/u/flag-1024x683.jpg"), mk("ar", 5, "/u/flag.jpg")}, Options{}.withDefaults())
	counter := newRun([]*features{mk("ar", 1, "/u/flag.jpg"), mk("en", 2, "/u/flag-1.jpg")}, Options{}.withDefaults())
	x1 := one.pairFeatures(one.items[0], one.items[1])[xImage]
	x4 := many.pairFeatures(many.items[0], many.items[1])[xImage]
	xc := counter.pairFeatures(counter.items[0], counter.items[1])[xImage]
	if x1 != 1 || x4 >= x1 || x4 <= 0 || xc != 0.5 {
		t.Errorf("image evidence: once %v, reused by 4 stories %v, counter only %v; want 1, in (0,1), 0.5", x1, x4, xc)
	}
}

// Add uses the features Prepare computed instead of computing them again.
func TestAddReusesPrepared(t *testing.T) {
	a := sanafeed.Article{Lang: "en", PostID: 7, Title: "Minister meets delegation in Damascus",
		Content: "<p>The minister met a delegation in Damascus on Sunday.</p>"}
	b := a
	b.PostID, b.Title = 8, "Governor opens water station in Homs"
	c := b
	c.PostID, c.Title = 9, "Council discusses trade agreements"
	l := NewLinker(Options{})
	l.Prepare([]sanafeed.Article{a, b, c})
	before := l.prepared[a.Key()]
	if before == nil || l.prepared[b.Key()] == nil {
		t.Fatal("Prepare cached nothing")
	}
	// An Add without c keeps c's prepared features for a later Add.
	l.Add([]sanafeed.Article{a}, []sanafeed.Article{b})
	if l.prepared[c.Key()] == nil || l.prepared[a.Key()] != nil {
		t.Error("Add dropped features prepared for a later Add, or kept used ones twice")
	}
	if l.cache[a.Key()] != before {
		t.Error("Add computed the features of a prepared, unchanged article again")
	}
	a.Title += " again"
	l.Add([]sanafeed.Article{a}, []sanafeed.Article{b})
	if l.cache[a.Key()] == before {
		t.Error("Add reused features of an article that changed since Prepare")
	}
}

// A stored article read without its text (same key and Version) finds the
// features computed from its full text; a new Version does not.
func TestMissingByVersion(t *testing.T) {
	a := sanafeed.Article{Lang: "en", PostID: 7, Version: 3, Title: "Minister meets delegation in Damascus",
		Content: "<p>The minister met a delegation in Damascus on Sunday.</p>"}
	b := sanafeed.Article{Lang: "fr", PostID: 8, Version: 1, Title: "Le ministre reçoit une délégation à Damas",
		Content: "<p>Le ministre a reçu une délégation à Damas dimanche.</p>"}
	l := NewLinker(Options{})
	if got := l.Missing([]sanafeed.Article{a, b}); len(got) != 2 {
		t.Fatalf("Missing before any Add = %v, want both", got)
	}
	l.Add([]sanafeed.Article{a}, []sanafeed.Article{b})
	ha, hb := a, b
	ha.Content, hb.Content = "", ""
	if got := l.Missing([]sanafeed.Article{ha, hb}); len(got) != 0 {
		t.Errorf("Missing of the same versions without text = %v, want none", got)
	}
	hb.Version++
	if got := l.Missing([]sanafeed.Article{ha, hb}); len(got) != 1 || got[0] != 1 {
		t.Errorf("Missing after b changed = %v, want [1]", got)
	}
}

// Features prepared from a page before it was stored serve the stored
// version once adopted, when the store kept the text as read; from
// another text they are computed again.
func TestAdoptPreparedBeforeStored(t *testing.T) {
	read := sanafeed.Article{Lang: "en", PostID: 7, Title: "Minister meets delegation in Damascus",
		Content: "<p>The minister met a delegation in Damascus on Sunday.</p>"}
	other := read
	other.PostID, other.Title = 8, "Governor opens water station in Homs"
	l := NewLinker(Options{})
	l.Prepare([]sanafeed.Article{read, other})
	stored, storedOther := read, other
	stored.Version, storedOther.Version = 1, 1
	storedOther.Title += " (updated)" // the store kept another text
	head, headOther := stored, storedOther
	head.Content, headOther.Content = "", ""
	if got := l.Missing([]sanafeed.Article{head, headOther}); len(got) != 2 {
		t.Fatalf("Missing before Adopt = %v, want both: a stored version is not the text prepared", got)
	}
	f := l.prepared[read.Key()]
	l.Adopt([]sanafeed.Article{stored, storedOther})
	if got := l.Missing([]sanafeed.Article{head, headOther}); len(got) != 1 || got[0] != 1 {
		t.Errorf("Missing after Adopt = %v, want [1] (only the article stored with another text)", got)
	}
	l.Add([]sanafeed.Article{head}, nil)
	if l.cache[read.Key()] != f {
		t.Error("Add computed the features of an adopted article again")
	}
}
