package link_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
)

func TestStripUpdated(t *testing.T) {
	for _, tt := range []struct {
		title, want string
		updated     bool
	}{
		{"Updated-Al-Jaafari: Syria will not accept", "Al-Jaafari: Syria will not accept", true},
		{"UPDATED: Area sown with wheat", "Area sown with wheat", true},
		{"Update - Talks resume in Geneva", "Talks resume in Geneva", true},
		{"(Updated) Talks resume", "Talks resume", true},
		{"محدث- استئناف الرحلات التجارية", "استئناف الرحلات التجارية", true},
		{"مُحدّث: استئناف الرحلات", "استئناف الرحلات", true},
		{"تحديث | الشيباني يبحث", "الشيباني يبحث", true},
		{"Mis à jour : Deir ez-Zor : 24 écoles", "Deir ez-Zor : 24 écoles", true},
		{"MàJ - Le train Damas-Alep", "Le train Damas-Alep", true},
		{"Actualizado: Treinta países", "Treinta países", true},
		{"Actualización - El canciller sirio", "El canciller sirio", true},
		{"Güncellendi: Rakka'da çiftçilere", "Rakka'da çiftçilere", true},
		{"GÜNCELLEME - Şeybani", "Şeybani", true},
		{"Nûkirî: Festîvala Çandî", "Festîvala Çandî", true},
		{"Hate nûkirin: Şeybanî", "Şeybanî", true},
		// Not markers: other words starting the same, or no marker at all.
		{"Updates on the Damascus fair", "Updates on the Damascus fair", false},
		{"Update", "Update", false},
		{"Updated figures show wheat up", "Updated figures show wheat up", false},
		{"Actualidad siria", "Actualidad siria", false},
		{"محدثون سوريون", "محدثون سوريون", false},
		{"First commercial flight lands", "First commercial flight lands", false},
	} {
		got, updated := link.StripUpdated(tt.title)
		if updated != tt.updated || (updated && got != tt.want) {
			t.Errorf("StripUpdated(%q) = %q, %v; want %q, %v", tt.title, got, updated, tt.want, tt.updated)
		}
	}
}

// repostArt returns an article of lang with paragraphs, published at.
func repostArt(lang string, id int64, at time.Time, title string, paras ...string) sanafeed.Article {
	a := sanafeed.Article{Lang: lang, PostID: id, Title: title, Published: at, URL: "https://sana.sy/x/" + title}
	for _, p := range paras {
		a.Content += "<p>" + p + "</p>\n"
	}
	return a
}

var (
	roadsA = []string{
		"DAMASCUS, Feb. 8 (SANA) – Damascus Governorate has completed the rehabilitation of the Mezzeh highway, resurfacing 6 kilometers of road and renewing its lighting and traffic signals.",
		"The governorate's director of roads said the works cost 4 billion Syrian pounds and were carried out by local companies over three months.",
		"The works were done at night to limit traffic congestion in the capital, he added.",
	}
	roadsB = []string{
		"DAMASCUS, Feb. 8 (SANA) – Damascus Governorate has begun the rehabilitation of roads in the Kafr Sousa neighborhood, where 9 kilometers of road will be resurfaced and sidewalks renewed.",
		"The governorate's director of roads said the works will cost 2.5 billion Syrian pounds and should be completed within four months by local companies.",
		"Traffic will be diverted to side streets during the works, he added.",
	}
	// roadsAUpdated is roadsA with its last paragraph changed and one added.
	roadsAUpdated = []string{
		roadsA[0], roadsA[1],
		"The works were done at night over 90 nights to limit traffic congestion in the capital, the director added.",
		"The governor inaugurated the highway on Sunday in the presence of local officials.",
	}
)

func TestRepostsFoldRerunsAndUpdatesNotSiblings(t *testing.T) {
	at := time.Date(2026, 2, 8, 8, 0, 0, 0, time.UTC)
	orig := repostArt("en", 100, at, "Damascus Governorate completes rehabilitation of Mezzeh highway", roadsA...)
	sibling := repostArt("en", 104, at.Add(5*time.Hour), "Damascus Governorate begins rehabilitating roads in Kafr Sousa", roadsB...)
	rerun := repostArt("en", 110, at.Add(9*time.Hour), orig.Title, roadsA...)
	updated := repostArt("en", 120, at.Add(30*time.Hour), "Updated-"+orig.Title, roadsAUpdated...)
	otherEdition := repostArt("fr", 100, at.Add(time.Hour), orig.Title, roadsA...)
	late := repostArt("en", 130, at.Add(80*time.Hour), orig.Title, roadsA...)
	want := map[string]string{"en/110": "en/100", "en/120": "en/100"}

	// All in one batch, in any order: the late re-run is within the
	// window of the first re-run, and a repost of a repost folds into the
	// first post. Or the original stored and the rest new.
	batch := maps.Clone(want)
	batch["en/130"] = "en/100"
	all := []sanafeed.Article{updated, sibling, orig, rerun, otherEdition, late}
	if got := link.Reposts(all, nil, link.RepostOptions{}); !maps.Equal(got, batch) {
		t.Errorf("one batch: Reposts = %v, want %v", got, batch)
	}
	slices.Reverse(all)
	if got := link.Reposts(all, nil, link.RepostOptions{}); !maps.Equal(got, batch) {
		t.Errorf("one batch, reversed: Reposts = %v, want %v", got, batch)
	}
	news := []sanafeed.Article{updated, sibling, rerun, otherEdition}
	if got := link.Reposts(news, []sanafeed.Article{orig}, link.RepostOptions{}); !maps.Equal(got, want) {
		t.Errorf("original stored: Reposts = %v, want %v", got, want)
	}
	// A stored article is never a repost, even given as new too.
	if got := link.Reposts([]sanafeed.Article{rerun}, []sanafeed.Article{orig, rerun}, link.RepostOptions{}); len(got) != 0 {
		t.Errorf("stored rerun given again: Reposts = %v, want none", got)
	}
	// Past the window nothing folds: the late re-run alone with the
	// original is 80 h away.
	if got := link.Reposts([]sanafeed.Article{late}, []sanafeed.Article{orig}, link.RepostOptions{}); len(got) != 0 {
		t.Errorf("past the window: Reposts = %v, want none", got)
	}
	if got := link.Reposts([]sanafeed.Article{late}, []sanafeed.Article{orig}, link.RepostOptions{Window: 96 * time.Hour}); got["en/130"] != "en/100" {
		t.Errorf("window 96h: Reposts = %v, want en/130 → en/100", got)
	}
}

// TestRepostsNeedText: posts whose body is a few words of boilerplate
// (photo and video posts) are never reposts of each other, however alike.
func TestRepostsNeedText(t *testing.T) {
	at := time.Date(2026, 2, 8, 8, 0, 0, 0, time.UTC)
	a := repostArt("en", 1, at, "In pictures: Damascus", "Photos by SANA photographers.")
	b := repostArt("en", 2, at.Add(time.Hour), "In pictures: Aleppo", "Photos by SANA photographers.")
	if got := link.Reposts([]sanafeed.Article{a, b}, nil, link.RepostOptions{}); len(got) != 0 {
		t.Errorf("Reposts of two photo posts = %v, want none", got)
	}
}

func TestRepostScoreNumbersTellSiblingsApart(t *testing.T) {
	at := time.Date(2026, 2, 8, 8, 0, 0, 0, time.UTC)
	// Same words, other numbers: two reports of one kind.
	a := repostArt("ar", 1, at, "افتتاح محطة لضخ المياه في حماة",
		"حماة-سانا أنجزت المؤسسة العامة لمياه الشرب محطة لضخ مياه الشرب في حماة، بكلفة إجمالية بلغت ٤٧٠ مليون ليرة سورية.",
		"وأوضح مدير المشروع أن الأعمال تخدم نحو ٤٧ ألف نسمة من سكان المدينة والقرى المحيطة بها.")
	b := repostArt("ar", 2, at.Add(3*time.Hour), "افتتاح محطة لضخ المياه في حماة",
		"حماة-سانا أنجزت المؤسسة العامة لمياه الشرب محطة لضخ مياه الشرب في حماة، بكلفة إجمالية بلغت ٩١٢ مليون ليرة سورية.",
		"وأوضح مدير المشروع أن الأعمال تخدم نحو ٢٣ ألف نسمة من سكان المدينة والقرى المحيطة بها.")
	if s := link.RepostScore(&a, &b); s >= link.DefaultRepostThreshold {
		t.Errorf("RepostScore of two stories with other numbers = %.3f, want < %.2f", s, link.DefaultRepostThreshold)
	}
	// The same text in Western digits is the same text.
	c := b
	c.Content = "<p>حماة-سانا أنجزت المؤسسة العامة لمياه الشرب محطة لضخ مياه الشرب في حماة، بكلفة إجمالية بلغت 470 مليون ليرة سورية.</p><p>وأوضح مدير المشروع أن الأعمال تخدم نحو 47 ألف نسمة من سكان المدينة والقرى المحيطة بها.</p>"
	if s := link.RepostScore(&a, &c); s < 0.9 {
		t.Errorf("RepostScore of one text in Eastern and Western digits = %.3f, want ≥ 0.9", s)
	}
}
