package replica

import (
	"strings"

	"github.com/sanafeed/sanafeed"
)

// The replica knows what each of its tags means: a concept key, the same
// in every edition ("damascus" for دمشق, Damascus, Şam, Damas, Damasco).
// The generator's tags take theirs from the place and topic they were
// written from (cityKeys, topicTagConcepts); the hand-written stories'
// tags from handConcepts. A tag in neither means something no other
// edition has a tag for: its key is its own ("fr:patrimoine").

// topicTagConcepts names what each topic's tag means, in the order of
// topicKeys: the irrigation topic is tagged Agriculture, the health topic
// Hospitals in some editions and Health in others.
var topicTagConcepts = [...]string{"electricity", "water", "roads", "schools", "health", "agriculture", "housing", "cultural-centers"}

// handConcepts are the concepts of the hand-written stories' tags that
// the generator does not write, one line each: key|ar|en|tr|fr|es|ku,
// an empty column where the edition has no such tag.
var handConcepts = []string{
	"aviation|الطيران|Aviation|Havacılık|Aviation|Aviación|Firokevanî",
	"wheat|القمح|Wheat|Buğday|Blé|Trigo|Genim",
	"damascus-fair|معرض دمشق الدولي|Damascus International Fair|Şam Uluslararası Fuarı|Foire internationale de Damas|Feria Internacional de Damasco|Pêşangeha Navneteweyî ya Şamê",
	"trade|التجارة|Trade|Ticaret|||",
	"shaibani|الشيباني|Al-Shaibani|Şeybani|Chaibani|Al Shaibani|Şeybanî",
	"foreign-ministry|وزارة الخارجية|Foreign Ministry|Dışişleri Bakanlığı|Affaires étrangères||",
	"red-cross||Red Cross|||Cruz Roja|Xaça Sor",
	"reconstruction|إعادة الإعمار|Reconstruction|||Reconstrucción|",
	"football|كرة القدم|Football|Futbol||Fútbol|",
	"festivals|المهرجانات|Festivals||Festival||Festîval",
	"vaccination|حملة اللقاح|Vaccination|Aşı|||",
	"children|الأطفال|Children|Çocuklar|||",
	"universities|الجامعات|Universities|||Universidades|",
	"railways|السكك الحديدية||Demiryolu|Chemins de fer|Ferrocarril|Rêhesin",
}

// conceptLangs is the column order of handConcepts after the key.
var conceptLangs = []string{"ar", "en", "tr", "fr", "es", "ku"}

// concepts maps "lang|tag name" to the tag's concept; read only.
var concepts = buildConcepts()

func buildConcepts() map[string]string {
	m := map[string]string{}
	for lang, lt := range genTables() {
		for i, c := range lt.cities {
			m[lang+"|"+c] = cityKeys[i]
		}
		for i, tp := range lt.topics {
			m[lang+"|"+tp.tag] = topicTagConcepts[i]
		}
	}
	for _, line := range handConcepts {
		cols := strings.Split(line, "|")
		for i, name := range cols[1:] {
			if name != "" {
				m[conceptLangs[i]+"|"+name] = cols[0]
			}
		}
	}
	return m
}

// conceptOf returns the concept of the tag called name in edition lang.
func conceptOf(lang, name string) string {
	if c, ok := concepts[lang+"|"+name]; ok {
		return c
	}
	return lang + ":" + sanafeed.Slugify(name)
}
