package replica

import (
	"regexp"
	"testing"
	"time"
)

func TestTitleSlug(t *testing.T) {
	for _, tt := range []struct{ title, lang, want string }{
		{"Halep Havalimanı'nda ticari uçuşlar yeniden başladı", "tr", "halep-havalimani-nda-ticari-ucuslar-yeniden-basladi"},
		{"Şanoya Romayî ya Bosrayê dê bi 60 muzîkjenan konserekê pêşwazî bike", "ku", "sanoya-romayi-ya-bosraye-de-bi-60-muzikjenan"},
		{"Reprise des vols commerciaux à l'aéroport international d'Alep", "fr", "reprise-des-vols-commerciaux-a-l-aeroport-international"},
		{"Año nuevo: España", "es", "ano-nuevo-espana"},
		{"«Œuvre» d'Ørsted × 2", "fr", "oeuvre-d-orsted-2"},
		{"Water station restored in Aleppo", "en", "water-station-restored-in-aleppo"},
	} {
		if got := titleSlug(tt.title, "x", tt.lang); got != tt.want {
			t.Errorf("titleSlug(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
	ar := titleSlug("مرفأ طرطوس يستقبل أكبر سفينة حاويات", "tartus-port", "ar")
	if !regexp.MustCompile(`^story-[a-z]+$`).MatchString(ar) || ar == titleSlug("مرفأ", "tartus-port", "ku") ||
		ar != titleSlug("عنوان آخر", "tartus-port", "ar") {
		t.Errorf("Arabic slug %q: want story- and letters stable for the story and edition", ar)
	}
	es := newEdState(newEditions()["en"])
	es.slugs = map[string]int64{}
	for id := int64(1); id <= 3; id++ {
		es.put(&article{id: id, lang: "en", cat: es.ed.cats[0], title: "Same title here", pub: refTime().Add(time.Duration(id) * time.Minute)})
	}
	es.reindex()
	for id, want := range map[int64]string{1: "same-title-here", 2: "same-title-here-2", 3: "same-title-here-3"} {
		if es.byID[id].slug != want {
			t.Errorf("post %d: slug %q, want %q (oldest first)", id, es.byID[id].slug, want)
		}
	}
	if a := es.bySlug("same-title-here-2"); a == nil || a.id != 2 || es.bySlug("same-title") != nil {
		t.Errorf("bySlug: %v", a)
	}
	eds := newEditions()
	late := &article{slug: "late-story", pub: time.Date(2026, 2, 9, 22, 30, 0, 0, time.UTC)} // the 10th in Damascus
	for lang, want := range map[string]string{"ar": "/2026/02/10/late-story/", "en": "/en/2026/02/10/late-story/", "fr": "/fr/2026/02/10/late-story"} {
		if got := late.slugPath(eds[lang]); got != want {
			t.Errorf("%s: slugPath %q, want %q", lang, got, want)
		}
	}
}
