package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// translationsAre fails the test unless the article key's Translations,
// as Article returns them, name want in order.
func translationsAre(t testing.TB, db *store.DB, key string, want ...string) {
	t.Helper()
	a, err := db.Article(t.Context(), key)
	testkit.Check(t, err)
	if got := linkKeys(a.Translations); !slices.Equal(got, want) {
		t.Errorf("Article(%s).Translations = %v, want %v", key, got, want)
	}
}

// linkKeys returns "lang/postid" for each link, checking each is complete.
func linkKeys(links []sanafeed.Link) []string {
	out := []string{}
	for _, l := range links {
		k := l.Lang + "/?"
		if l.URL != "" && l.Title != "" && len(l.ID) > len("tag:sana.sy,2025:") {
			k = l.ID[len("tag:sana.sy,2025:"):]
		}
		out = append(out, k)
	}
	return out
}

func TestClusters(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	testkit.Put(t, db, article("en", 1, 0), article("ar", 1, 1), article("fr", 1, 2), article("tr", 2, 3), article("es", 3, 4))
	gen := db.Generation()
	changed, err := db.SetClusters(ctx, map[string]string{"fr/1": "c1", "en/1": "c1", "ar/1": "c1", "tr/2": "c1", "es/3": ""})
	testkit.Check(t, err)
	if want := []string{"ar/1", "en/1", "fr/1", "tr/2"}; !slices.Equal(changed, want) {
		t.Errorf("SetClusters changed = %v, want %v", changed, want)
	}
	if db.Generation() != gen+1 {
		t.Errorf("Generation = %d after SetClusters, want %d", db.Generation(), gen+1)
	}
	translationsAre(t, db, "en/1", "ar/1", "tr/2", "fr/1") // edition order
	translationsAre(t, db, "ar/1", "en/1", "tr/2", "fr/1")
	translationsAre(t, db, "es/3")

	latest, err := db.Latest(ctx, sanafeed.Query{})
	testkit.Check(t, err)
	for _, a := range latest {
		if slices.Contains(linkKeys(a.Translations), a.Key()) {
			t.Errorf("Latest: %s lists itself as a translation", a.Key())
		}
		if a.Version != 1 {
			t.Errorf("Latest: %s has Version %d after clustering, want 1", a.Key(), a.Version)
		}
	}
	if got := linkKeys(latest[len(latest)-1].Translations); !slices.Equal(got, []string{"ar/1", "tr/2", "fr/1"}) {
		t.Errorf("Latest: en/1 translations = %v", got)
	}

	gen = db.Generation()
	changed, err = db.SetClusters(ctx, map[string]string{"en/1": "c1", "es/3": ""})
	testkit.Check(t, err)
	if len(changed) != 0 || db.Generation() != gen {
		t.Errorf("no-op SetClusters: changed %v, Generation %d → %d", changed, gen, db.Generation())
	}

	retitled := article("ar", 1, 1)
	retitled.Title = "عنوان جديد"
	ch := testkit.Put(t, db, retitled)
	if got := linkKeys(ch[0].Article.Translations); !slices.Equal(got, []string{"en/1", "tr/2", "fr/1"}) {
		t.Errorf("PutArticles change translations = %v", got)
	}
	en, err := db.Article(ctx, "en/1")
	testkit.Check(t, err)
	if en.Translations[0].Title != retitled.Title {
		t.Errorf("translation title = %q after retitling, want %q", en.Translations[0].Title, retitled.Title)
	}

	changed, err = db.SetClusters(ctx, map[string]string{"fr/1": "c2", "es/3": "c2", "tr/2": "", "ku/9": "c2"})
	if !errors.Is(err, sanafeed.ErrNotFound) {
		t.Errorf("SetClusters with an unknown key err = %v, want ErrNotFound", err)
	}
	if want := []string{"es/3", "fr/1", "tr/2"}; !slices.Equal(changed, want) {
		t.Errorf("SetClusters changed = %v, want %v", changed, want)
	}
	translationsAre(t, db, "en/1", "ar/1")
	translationsAre(t, db, "fr/1", "es/3")
	translationsAre(t, db, "tr/2")
	checkIndexes(t, db)
}
