package link

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

// tagWorld builds TagClusters from clusters given as lists of
// "lang:slug" tags; every cluster has articles of ar, en and fr.
func tagWorld(clusters [][]string) *sanafeed.TagClusters {
	tc := &sanafeed.TagClusters{Langs: []string{"ar", "en", "fr"}}
	num := map[string]int32{}
	for _, c := range clusters {
		var ids []int32
		for _, t := range c {
			n, ok := num[t]
			if !ok {
				lang, slug := t[:2], t[3:]
				n = int32(len(tc.Tags))
				num[t] = n
				tc.Tags = append(tc.Tags, sanafeed.TagRef{Lang: lang, Slug: slug, Name: slug})
			}
			ids = append(ids, n)
		}
		slices.Sort(ids)
		tc.Clusters = append(tc.Clusters, sanafeed.TagCluster{Langs: 0b111, Tags: slices.Compact(ids)})
	}
	return tc
}

func groupsOf(g *sanafeed.TagGroups) []string {
	var out []string
	for _, gr := range g.Groups {
		s := ""
		for i, t := range gr.Tags {
			if i > 0 {
				s += " "
			}
			s += t.Lang + ":" + t.Slug
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestLearnTags(t *testing.T) {
	var clusters [][]string
	// Three stories of Damascus, three of Aleppo; every English article
	// also carries "syria", a catch-all; one story pairs "water" and
	// "eau" only once.
	for i := range 3 {
		clusters = append(clusters,
			[]string{"ar:دمشق", "en:damascus", "fr:damas", "en:news", fmt.Sprintf("fr:x%d", i)},
			[]string{"ar:حلب", "en:aleppo", "fr:alep", "en:news"})
	}
	clusters = append(clusters, []string{"en:water", "fr:eau", "en:news"})
	// Two sports stories tagged in French only: the catch-all is all
	// the English side has to offer, and it must not stand in.
	clusters = append(clusters, []string{"fr:sport", "en:news"}, []string{"fr:sport", "en:news"})
	got := groupsOf(LearnTags(tagWorld(clusters), TagOptions{}))
	want := []string{"ar:حلب en:aleppo fr:alep", "ar:دمشق en:damascus fr:damas"}
	if !slices.Equal(got, want) {
		t.Errorf("groups = %q, want %q", got, want)
	}

	got = groupsOf(LearnTags(tagWorld(clusters), TagOptions{Support: 1}))
	if !slices.Contains(got, "en:water fr:eau") {
		t.Errorf("support 1: groups = %q, want water and eau linked", got)
	}
	if slices.ContainsFunc(got, func(g string) bool { return slices.Contains(strings.Fields(g), "en:news") }) {
		t.Errorf("support 1: groups = %q, want the catch-all tag in none", got)
	}
}

// TestLearnTagsGazetteer checks that two different places are never
// linked however often they meet, and that one edition gets one tag per
// group.
func TestLearnTagsGazetteer(t *testing.T) {
	var clusters [][]string
	for range 4 {
		// Every Damascus story is also tagged Aleppo in French: a
		// careless editor. Damas and Alep co-occur with Damascus alike.
		clusters = append(clusters, []string{"en:Damascus", "fr:Damas", "fr:Alep"})
	}
	got := groupsOf(LearnTags(tagWorld(clusters), TagOptions{}))
	want := []string{"en:Damascus fr:Damas"}
	if !slices.Equal(got, want) {
		t.Errorf("groups = %q, want %q", got, want)
	}
	g := LearnTags(tagWorld(clusters), TagOptions{})
	if eq := g.Equivalents("fr", "Damas"); len(eq) != 1 || eq[0].Slug != "Damascus" {
		t.Errorf("Equivalents(fr, Damas) = %v, want Damascus", eq)
	}
	if gr, ok := g.Group("en", "Damascus"); !ok || len(gr.Tags) != 2 || len(gr.Links) != 1 || gr.Links[0].Place != "damascus" {
		t.Errorf("Group(en, Damascus) = %+v, %v; want Damas and Damascus joined by the gazetteer", gr, ok)
	}
}

func TestTagPlace(t *testing.T) {
	for _, tt := range []struct{ lang, name, want string }{
		{"ar", "دمشق", "damascus"}, {"tr", "Şam", "damascus"}, {"ku", "Şam", "damascus"},
		{"es", "Damasco", "damascus"}, {"ar", "دير الزور", "deirezzor"}, {"en", "Deir ez-Zor", "deirezzor"},
		{"ar", "الحسكة", "hasakah"}, {"en", "Damascus International Fair", ""}, {"en", "Wheat", ""},
	} {
		if got := tagPlace(tt.lang, tt.name); got != tt.want {
			t.Errorf("tagPlace(%s, %q) = %q, want %q", tt.lang, tt.name, got, tt.want)
		}
	}
}

// TestLearnTagsCatchAll checks that two editions' catch-all tags, on
// every article, are not taken as equivalent though they always meet.
func TestLearnTagsCatchAll(t *testing.T) {
	var clusters [][]string
	for i := range 12 {
		place := [][2]string{{"en:damascus", "fr:damas"}, {"en:aleppo", "fr:alep"}, {"en:homs", "fr:homs"}}[i%3]
		clusters = append(clusters, []string{place[0], place[1], "en:news", "fr:actualites"})
	}
	got := groupsOf(LearnTags(tagWorld(clusters), TagOptions{}))
	want := []string{"en:aleppo fr:alep", "en:damascus fr:damas", "en:homs fr:homs"}
	if !slices.Equal(got, want) {
		t.Errorf("groups = %q, want %q", got, want)
	}
}
