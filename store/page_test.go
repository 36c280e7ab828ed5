package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// seedPage is the text of one real SANA article page (see its README).
const seedPage = "../../shared/data/seed/sana-en-article-page.txt"

// kept returns a kept page of key, fetched at t, with body.
func kept(key string, t time.Time, body string) sanafeed.KeptPage {
	return sanafeed.KeptPage{Key: key, URL: "https://sana.sy/" + key + "/", ContentType: "text/html; charset=UTF-8",
		Fetched: t, Body: []byte(body)}
}

// checkPage fails the test unless db keeps want under want.Key.
func checkPage(t *testing.T, db *store.DB, want sanafeed.KeptPage) {
	t.Helper()
	got, ok, err := db.Page(t.Context(), want.Key)
	if err != nil || !ok {
		t.Fatalf("Page(%s) = _, %v, %v; want the page", want.Key, ok, err)
	}
	samePage(t, got, want)
}

// samePage fails the test unless got and want are the same page.
func samePage(t *testing.T, got, want sanafeed.KeptPage) {
	t.Helper()
	if got.Key != want.Key || got.URL != want.URL || got.ContentType != want.ContentType || !got.Fetched.Equal(want.Fetched) {
		t.Errorf("page = %q %q %q %v, want %q %q %q %v", got.Key, got.URL, got.ContentType, got.Fetched,
			want.Key, want.URL, want.ContentType, want.Fetched)
	}
	if !bytes.Equal(got.Body, want.Body) {
		t.Errorf("page %s: body of %d bytes differs from the %d kept", want.Key, len(got.Body), len(want.Body))
	}
}

// pageKeys calls Pages and returns the keys it was called with.
func pageKeys(t *testing.T, db *store.DB, lang string) []string {
	t.Helper()
	var got []string
	testkit.Check(t, db.Pages(t.Context(), lang, func(p sanafeed.KeptPage) error {
		got = append(got, p.Key)
		return nil
	}))
	return got
}

func TestPageRoundTrip(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	seed, err := os.ReadFile(seedPage)
	testkit.Check(t, err)
	random := make([]byte, 10000)
	rand.Read(random)
	beirut := time.FixedZone("EET", 2*60*60)
	pages := []sanafeed.KeptPage{
		kept("en/2289847", t0.Add(1234567*time.Nanosecond).In(beirut), string(seed)),
		kept("ar/9", t0, "\x00\xff not UTF-8 \xc3"),
		kept("fr/10", time.Time{}, ""),
		{Key: "ku/11", Fetched: t0, Body: random}, // no URL or content type
	}
	testkit.Check(t, db.PutPages(ctx, pages...))
	for _, p := range pages {
		checkPage(t, db, p)
	}
	if got, _, _ := db.Page(ctx, "en/2289847"); got.Fetched.Location() != time.UTC {
		t.Errorf("Fetched in %v, want UTC", got.Fetched.Location())
	}
	if got, ok, err := db.Page(ctx, "en/1"); ok || err != nil || got.Key != "" {
		t.Errorf("Page(unknown) = %+v, %v, %v; want nothing", got, ok, err)
	}
	if n, _ := db.Count(ctx, ""); n != 0 {
		t.Errorf("Count() = %d: keeping pages stored articles", n)
	}
	checkIndexes(t, db)
}

func TestPutPagesReplaces(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	testkit.Put(t, db, article("en", 5, 0))
	gen := db.Generation()
	testkit.Check(t, db.PutPages(ctx, kept("en/5", t0, "first"), kept("en/6", t0, "other")))
	second := kept("en/5", t0.Add(time.Hour), "second")
	second.URL = "https://sana.sy/en/?p=5"
	testkit.Check(t, db.PutPages(ctx, second))
	checkPage(t, db, second)
	checkPage(t, db, kept("en/6", t0, "other"))
	// Twice in one call: the later wins.
	third, fourth := kept("en/5", t0.Add(2*time.Hour), "third"), kept("en/5", t0.Add(90*time.Minute), "fourth")
	testkit.Check(t, db.PutPages(ctx, third, fourth))
	checkPage(t, db, fourth)
	if got := pageKeys(t, db, ""); !slices.Equal(got, []string{"en/5", "en/6"}) {
		t.Errorf("Pages() = %v", got)
	}
	if db.Generation() != gen {
		t.Errorf("PutPages bumped Generation from %d to %d", gen, db.Generation())
	}
	checkIndexes(t, db)
}

func TestPutPagesInvalid(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	good := kept("en/1", t0, "fine")
	for _, key := range []string{"", "en", "en/", "/1", "en/0", "en/-1", "en/01", "en/x", "en/1/2", "e\x00n/1"} {
		if err := db.PutPages(ctx, good, kept(key, t0, "body")); err == nil || !strings.Contains(err.Error(), strconv.Quote(key)) {
			t.Errorf("PutPages(key %q) err = %v, want one quoting the key", key, err)
		}
	}
	if err := db.PutPages(ctx, good, kept("en/2", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), "body")); err == nil {
		t.Error("PutPages(fetched in 3000) succeeded")
	}
	huge := sanafeed.KeptPage{Key: "en/3", Body: make([]byte, store.MaxPageBytes+1)}
	if err := db.PutPages(ctx, good, huge); err == nil || !strings.Contains(err.Error(), "en/3") {
		t.Errorf("PutPages(%d bytes) err = %v, want one naming en/3", len(huge.Body), err)
	}
	if got := pageKeys(t, db, ""); len(got) != 0 {
		t.Errorf("after failed puts, pages %v are kept", got)
	}
	testkit.Check(t, db.PutPages(ctx)) // nothing is fine
}

func TestPages(t *testing.T) {
	db, _ := mustOpen(t)
	var pages []sanafeed.KeptPage
	var en []string
	for i := range store.PageBatch*2 + 3 { // three batches
		k := sanafeed.ArticleKey("en", int64(i+1))
		pages = append(pages, kept(k, t0, "page "+k))
		en = append(en, k)
	}
	pages = append(pages, kept("ar/2", t0, "ar"), kept("ar/10", t0, "ar"), kept("fr/1", t0, "fr"), kept("e/1", t0, "e"))
	testkit.Check(t, db.PutPages(t.Context(), pages...))
	slices.Sort(en) // key order: "en/10" before "en/9"
	all := append(append([]string{"ar/10", "ar/2", "e/1"}, en...), "fr/1")
	got := pageKeys(t, db, "en")
	if !slices.Equal(got, en) {
		t.Errorf("Pages(en) = %d pages, want %d in key order; first %v", len(got), len(en), got[:min(5, len(got))])
	}
	if got := pageKeys(t, db, ""); !slices.Equal(got, all) {
		t.Errorf("Pages(all) = %d pages, want %d in key order", len(got), len(all))
	}
	if got := pageKeys(t, db, "ar"); !slices.Equal(got, []string{"ar/10", "ar/2"}) {
		t.Errorf("Pages(ar) = %v", got)
	}
	if got := pageKeys(t, db, "de"); len(got) != 0 {
		t.Errorf("Pages(de) = %v, want none", got)
	}
	err := db.Pages(t.Context(), "fr", func(p sanafeed.KeptPage) error {
		samePage(t, p, kept("fr/1", t0, "fr"))
		return nil
	})
	testkit.Check(t, err)
}

func TestPagesStopsAtError(t *testing.T) {
	db, _ := mustOpen(t)
	var pages []sanafeed.KeptPage
	for i := range store.PageBatch + 10 {
		pages = append(pages, kept(sanafeed.ArticleKey("en", int64(i+1)), t0, "body"))
	}
	testkit.Check(t, db.PutPages(t.Context(), pages...))
	stop := errors.New("enough")
	calls := 0
	err := db.Pages(t.Context(), "", func(sanafeed.KeptPage) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("Pages() = %v after %d calls; want fn's error after 3", err, calls)
	}
	ctx, cancel := context.WithCancel(t.Context())
	calls = 0
	err = db.Pages(ctx, "", func(sanafeed.KeptPage) error {
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("Pages(cancelled in fn) = %v after %d calls; want context.Canceled after 1", err, calls)
	}
}

// TestPagesWritesInside writes from fn, as reprocessing does: articles,
// the page being read, a page further on, and a page big enough that
// the commit must grow the file's map, which bbolt cannot do while a read
// transaction is open. Pages must not hold one while fn runs.
func TestPagesWritesInside(t *testing.T) {
	// Not testkit.OpenStore: after a deadlock its Close would hang too.
	db := store.New(path(t))
	db.Now = newClock().now
	testkit.Check(t, db.Open())
	var pages []sanafeed.KeptPage
	for i := range store.PageBatch + 10 {
		pages = append(pages, kept(sanafeed.ArticleKey("en", int64(i+1)), t0, "old"))
	}
	testkit.Check(t, db.PutPages(t.Context(), pages...))
	big := make([]byte, 8<<20) // incompressible: 8 MB more file
	rand.Read(big)
	ctx, cancel := context.WithTimeout(t.Context(), testkit.WaitTimeout)
	defer cancel()
	var seen []string
	done := make(chan error, 1)
	go func() {
		done <- db.Pages(ctx, "en", func(p sanafeed.KeptPage) error {
			seen = append(seen, p.Key)
			id, _ := strconv.Atoi(strings.TrimPrefix(p.Key, "en/"))
			if _, err := db.PutArticles(ctx, []sanafeed.Article{article("en", int64(id), id)}); err != nil {
				return err
			}
			re := kept(p.Key, t0.Add(time.Hour), "new")
			if len(seen) == 1 {
				re.Body = big
			}
			if err := db.PutPages(ctx, re); err != nil {
				return err
			}
			if len(seen) == 2 {
				return db.PutPages(ctx, kept("en/999999", t0, "added"))
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		testkit.Check(t, err)
	case <-ctx.Done():
		t.Fatalf("Pages with writes in fn did not return within %v: deadlock", testkit.WaitTimeout)
	}
	defer db.Close()
	if len(seen) != len(pages)+1 || !slices.Contains(seen, "en/999999") {
		t.Errorf("Pages() called fn with %d pages, want %d including the one added", len(seen), len(pages)+1)
	}
	if n, _ := db.Count(t.Context(), "en"); n != len(seen) {
		t.Errorf("Count(en) = %d, want %d", n, len(seen))
	}
	checkPage(t, db, kept("en/2", t0.Add(time.Hour), "new"))
	checkIndexes(t, db)
}

func TestPrunePages(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	testkit.Check(t, db.PutPages(ctx,
		kept("en/1", t0, "old"),
		kept("en/2", t0.Add(time.Hour), "at the bound"),
		kept("en/3", t0.Add(2*time.Hour), "new"),
		kept("en/4", time.Time{}, "never fetched"),
		kept("en/5", t0, "replaced"),
	))
	testkit.Check(t, db.PutPages(ctx, kept("en/5", t0.Add(3*time.Hour), "replacement")))
	n, err := db.PrunePages(ctx, t0.Add(time.Hour))
	if err != nil || n != 2 {
		t.Errorf("PrunePages() = %d, %v; want 2, nil", n, err)
	}
	if got := pageKeys(t, db, ""); !slices.Equal(got, []string{"en/2", "en/3", "en/5"}) {
		t.Errorf("after PrunePages, pages %v", got)
	}
	checkIndexes(t, db)
	if n, err := db.PrunePages(ctx, t0.Add(time.Hour)); n != 0 || err != nil {
		t.Errorf("PrunePages() again = %d, %v; want 0, nil", n, err)
	}
	if n, err := db.PrunePages(ctx, time.Time{}); n != 0 || err != nil {
		t.Errorf("PrunePages(zero time) = %d, %v; want 0, nil", n, err)
	}

	// More than one transaction's worth.
	var many []sanafeed.KeptPage
	for i := range store.PruneBatch + 7 {
		many = append(many, kept(sanafeed.ArticleKey("ar", int64(i+1)), t0.Add(time.Duration(i)*time.Second), "x"))
	}
	testkit.Check(t, db.PutPages(ctx, many...))
	n, err = db.PrunePages(ctx, t0.Add(24*time.Hour))
	if err != nil || n != len(many)+3 {
		t.Errorf("PrunePages(all) = %d, %v; want %d, nil", n, err, len(many)+3)
	}
	if got := pageKeys(t, db, ""); len(got) != 0 {
		t.Errorf("after pruning everything, %d pages are kept", len(got))
	}
	checkIndexes(t, db)
}

// TestPageCorrupt damages records: reading them is an error naming the
// key, never a panic, and Pages stops at it.
func TestPageCorrupt(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	seed, err := os.ReadFile(seedPage)
	testkit.Check(t, err)
	testkit.Check(t, db.PutPages(ctx, kept("en/7", t0, string(seed))))
	rec := db.RawPage("en/7")
	flip := func(i int) []byte {
		r := bytes.Clone(rec)
		r[i] ^= 0x55
		return r
	}
	damaged := map[string][]byte{
		"empty":          {},
		"format only":    {1},
		"unknown format": flip(0),
		"cut in header":  rec[:12],
		"cut in body":    rec[:len(rec)-40],
		"body flipped":   flip(len(rec) - 100),
		"crc flipped":    flip(len(rec) - 1),
		"url too long":   append(append(bytes.Clone(rec[:9]), 0xff, 0xff, 0xff, 0xff, 0x0f), rec[10:]...),
		"size too big":   append(append(bytes.Clone(rec[:9]), 0, 0), 0xff, 0xff, 0xff, 0xff, 0x0f),
		"size wrong":     fixSize(rec, len(seed)-1),
		"size zero":      fixSize(rec, 0),
		"no body":        fixSize(rec, 10)[:bodyAt(rec)],
	}
	for name, r := range damaged {
		t.Run(name, func(t *testing.T) {
			testkit.Check(t, db.SetRawPage("en/7", r))
			if _, ok, err := db.Page(ctx, "en/7"); err == nil || ok || !strings.Contains(err.Error(), "en/7") {
				t.Errorf("Page() = _, %v, %v; want an error naming en/7", ok, err)
			}
			err := db.Pages(ctx, "", func(sanafeed.KeptPage) error { return nil })
			if err == nil || !strings.Contains(err.Error(), "en/7") {
				t.Errorf("Pages() = %v; want an error naming en/7", err)
			}
		})
	}
}

// bodyAt returns where the compressed body starts in a record whose URL
// and content type lengths take one byte each, as kept()'s do.
func bodyAt(rec []byte) int {
	i := 9
	for range 2 {
		i += 1 + int(rec[i])
	}
	for rec[i]&0x80 != 0 {
		i++
	}
	return i + 1
}

// fixSize returns rec with its body length field set to n.
func fixSize(rec []byte, n int) []byte {
	i := 9
	for range 2 {
		i += 1 + int(rec[i])
	}
	j := i
	for rec[j]&0x80 != 0 {
		j++
	}
	out := binary.AppendUvarint(bytes.Clone(rec[:i]), uint64(n))
	return append(out, rec[j+1:]...)
}

// Usage counts the articles and the bytes in use, the kept pages apart;
// pruning the pages takes their bytes off.
func TestUsage(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	seed, err := os.ReadFile(seedPage)
	testkit.Check(t, err)
	var arts []sanafeed.Article
	var pages []sanafeed.KeptPage
	for i := range 20 {
		a := testkit.Article("en", int64(100+i))
		arts = append(arts, a)
		pages = append(pages, kept(a.Key(), t0, string(seed)+strconv.Itoa(i)))
	}
	_, err = db.PutArticles(ctx, arts)
	testkit.Check(t, err)
	before, err := db.Usage(ctx)
	testkit.Check(t, err)
	testkit.Check(t, db.PutPages(ctx, pages...))
	after, err := db.Usage(ctx)
	testkit.Check(t, err)
	if before.Articles != 20 || before.Pages != 0 || after.Pages <= 0 || after.Total-before.Total < after.Pages/2 {
		t.Errorf("usage before pages %+v, after %+v", before, after)
	}
	if per := after.Pages / 20; per > int64(len(seed)) {
		t.Errorf("a kept page uses %d bytes, more than its %d raw: not compressed?", per, len(seed))
	}
	_, err = db.PrunePages(ctx, t0.Add(time.Second))
	testkit.Check(t, err)
	if pruned, _ := db.Usage(ctx); pruned.Pages != 0 {
		t.Errorf("usage after pruning every page: %+v", pruned)
	}
}
