package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed/internal/testkit"
)

// TestEditionBetween: one edition's articles of a stretch of time, newest
// first, in full, bounded; other editions and times left out.
func TestEditionBetween(t *testing.T) {
	db, _ := mustOpen(t)
	for i := range 30 {
		lang := []string{"ar", "en", "fr"}[i%3]
		a := article(lang, int64(i+1), i)
		a.Content = "<p>text " + a.Key() + "</p>"
		testkit.Put(t, db, a)
	}
	got, err := db.EditionBetween(t.Context(), "en", t0.Add(4*time.Minute), t0.Add(13*time.Minute), 0)
	testkit.Check(t, err)
	if want := []string{"en/14", "en/11", "en/8", "en/5"}; !slices.Equal(keys(got), want) {
		t.Errorf("EditionBetween(en, t0+4m, t0+13m) = %v, want %v", keys(got), want)
	}
	for _, a := range got {
		if a.Content != "<p>text "+a.Key()+"</p>" {
			t.Errorf("%s: content %q, want its text", a.Key(), a.Content)
		}
	}
	got, err = db.EditionBetween(t.Context(), "en", t0, t0.Add(time.Hour), 2)
	testkit.Check(t, err)
	if want := []string{"en/29", "en/26"}; !slices.Equal(keys(got), want) {
		t.Errorf("EditionBetween(en, limit 2) = %v, want the newest two %v", keys(got), want)
	}
	for _, lang := range []string{"es", "e"} {
		got, err = db.EditionBetween(t.Context(), lang, t0, t0.Add(time.Hour), 0)
		if err != nil || len(got) != 0 {
			t.Errorf("EditionBetween(%s) = %v, %v; want none", lang, keys(got), err)
		}
	}
	if _, err := db.EditionBetween(t.Context(), "en", t0.Add(time.Minute), t0, 0); err == nil {
		t.Error("EditionBetween(to before from): no error")
	}
}
