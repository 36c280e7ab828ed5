package store_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// noise returns n bytes that do not compress, from the seed i.
func noise(i, n int) string {
	rng := rand.New(rand.NewPCG(uint64(i), 1))
	b := make([]byte, n)
	for j := range b {
		b[j] = byte(rng.Uint32())
	}
	return string(b)
}

// TestCompact compacts a store whose kept pages were pruned: the file
// shrinks, every article is still there, record for record, and the
// file checks clean.
func TestCompact(t *testing.T) {
	p := path(t)
	db := store.New(p)
	testkit.Check(t, db.Open())
	var arts []sanafeed.Article
	var pages []sanafeed.KeptPage
	for i := range 200 {
		a := page(article("en", int64(i+1), i, "syria"))
		arts = append(arts, a)
		pages = append(pages, kept(a.Key(), t0, noise(i, 16<<10)))
	}
	testkit.Put(t, db, arts...)
	testkit.Check(t, db.PutPages(t.Context(), pages...))
	n, err := db.PrunePages(t.Context(), t0.Add(1))
	if err != nil || n != len(pages) {
		t.Fatalf("PrunePages() = %d, %v; want %d", n, err, len(pages))
	}
	want, err := db.Since(t.Context(), t0.Add(-1))
	testkit.Check(t, err)
	testkit.Check(t, db.Close())

	r, err := store.Compact(t.Context(), p)
	testkit.Check(t, err)
	t.Logf("Compact() = %+v", r)
	fi, err := os.Stat(p)
	testkit.Check(t, err)
	if r.After != fi.Size() || r.Before < 3<<20 || r.After > r.Before/8 {
		t.Errorf("Compact() = %+v, file now %d bytes; want 3 MB and more before, an eighth of it after", r, fi.Size())
	}
	if _, err := os.Stat(p + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the new file's temporary name is left: %v", err)
	}
	rep, err := store.Check(t.Context(), p)
	testkit.Check(t, err)
	if !rep.Clean() || rep.Articles != len(arts) {
		t.Errorf("Check() after Compact: %d articles, problems %v; want %d, none", rep.Articles, rep.Problems, len(arts))
	}
	db = testkit.OpenStore(t, p)
	got, err := db.Since(t.Context(), t0.Add(-1))
	testkit.Check(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("articles after Compact differ from before:\n%v\nwant %v", keys(got), keys(want))
	}
	testkit.Check(t, db.CheckIndexes())
	testkit.Put(t, db, article("en", 1000, 0)) // writable
}

// TestCompactLocked refuses a store another DB holds, leaving it as it
// was.
func TestCompactLocked(t *testing.T) {
	p := path(t)
	db := testkit.OpenStore(t, p)
	testkit.Put(t, db, article("en", 1, 0))
	before, err := os.ReadFile(p)
	testkit.Check(t, err)
	_, err = store.Compact(t.Context(), p)
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("Compact() of a store in use: err = %v, want ErrLocked", err)
	}
	after, err := os.ReadFile(p)
	testkit.Check(t, err)
	if string(after) != string(before) {
		t.Error("Compact() of a store in use changed the file")
	}
	if _, err := os.Stat(p + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Compact() of a store in use left a file: %v", err)
	}
}

// TestCompactMissing does not create a store.
func TestCompactMissing(t *testing.T) {
	p := path(t)
	if _, err := store.Compact(t.Context(), p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Compact() of no file: err = %v, want ErrNotExist", err)
	}
}
