package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// t0 is the fake clock's start, when testkit.Article's post 0 is published.
var t0 = testkit.T0

// A clock is a fake time source that moves only when told.
type clock struct{ t time.Time }

func newClock() *clock                   { return &clock{t: t0} }
func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// path returns a store path in a directory that does not exist yet.
func path(t testing.TB) string { return filepath.Join(t.TempDir(), "data", "sanafeed.db") }

// openClock opens the store at p with the clock c and closes it when the
// test ends.
func openClock(t testing.TB, p string, c *clock) *store.DB {
	t.Helper()
	db := testkit.OpenStore(t, p)
	db.Now = c.now
	return db
}

// mustOpen opens a fresh store with a fake clock.
func mustOpen(t testing.TB) (*store.DB, *clock) {
	t.Helper()
	c := newClock()
	return openClock(t, path(t), c), c
}

// article returns testkit.Article(lang, id, tags...) published min
// minutes after t0 (rather than id minutes).
func article(lang string, id int64, min int, tags ...string) sanafeed.Article {
	a := testkit.Article(lang, id, tags...)
	a.Published = t0.Add(time.Duration(min) * time.Minute)
	return a
}

// checkIndexes fails the test if any index disagrees with the articles.
func checkIndexes(t testing.TB, db *store.DB) {
	t.Helper()
	if err := db.CheckIndexes(); err != nil {
		t.Fatalf("index check: %v", err)
	}
}

// keys returns the keys of arts.
func keys(arts []sanafeed.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.Key()
	}
	return out
}

func TestOpenCreatesDirAndFile(t *testing.T) {
	p := path(t)
	db := testkit.OpenStore(t, p)
	if err := db.Ping(t.Context()); err != nil {
		t.Fatalf("Ping() = %v", err)
	}
	if n, err := db.Count(t.Context(), ""); err != nil || n != 0 {
		t.Fatalf("Count() = %d, %v; want 0, nil", n, err)
	}
	if err := db.Open(); err == nil {
		t.Fatal("second Open of an open DB succeeded")
	}
}

// TestOpenLockedFailsFast runs in a synctest bubble: Open's wait for the
// lock is measured on the bubble's clock.
func TestOpenLockedFailsFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := path(t)
		testkit.OpenStore(t, p)
		second := store.New(p)
		start := time.Now() // the bubble's clock
		err := second.Open()
		took := time.Since(start)
		if err == nil {
			second.Close()
			t.Fatal("second Open of a locked file succeeded")
		}
		if !errors.Is(err, store.ErrLocked) {
			t.Fatalf("Open() err = %v, want ErrLocked", err)
		}
		if want := p + " is in use by another sanafeed process"; !strings.Contains(err.Error(), want) {
			t.Errorf("Open() err = %q, want it to say %q", err, want)
		}
		if took < 900*time.Millisecond || took > 1100*time.Millisecond {
			t.Errorf("Open() took %v to give up, want a second", took)
		}
	})
}

func TestClosedAndCancelled(t *testing.T) {
	db, _ := mustOpen(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := db.PutArticles(ctx, []sanafeed.Article{article("en", 1, 0)}); !errors.Is(err, context.Canceled) {
		t.Errorf("PutArticles(cancelled) err = %v, want context.Canceled", err)
	}
	if _, err := db.Latest(ctx, sanafeed.Query{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Latest(cancelled) err = %v, want context.Canceled", err)
	}
	testkit.Check(t, db.Close())
	testkit.Check(t, db.Close()) // twice is fine
	if _, err := db.Article(t.Context(), "en/1"); err == nil {
		t.Error("Article() on a closed DB succeeded")
	}
	if err := db.Ping(t.Context()); err == nil {
		t.Error("Ping() on a closed DB succeeded")
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	p := path(t)
	c := newClock()
	db := store.New(p)
	db.Now = c.now
	testkit.Check(t, db.Open())
	ctx := t.Context()
	testkit.Put(t, db, article("en", 1, 0, "damascus"), article("ar", 7, 5, "دمشق"))
	_, err := db.SetClusters(ctx, map[string]string{"en/1": "c1", "ar/7": "c1"})
	testkit.Check(t, err)
	testkit.Check(t, db.PutFetchState(ctx, sanafeed.FetchState{URL: "https://sana.sy/en/feed/", ETag: `"v1"`}))
	testkit.Check(t, db.PutPollResult(ctx, sanafeed.PollResult{Lang: "en", Started: t0, New: 1}))
	gen, last := db.Generation(), db.LastChange()
	testkit.Check(t, db.Close())

	db = openClock(t, p, c)
	if db.Generation() != gen || !db.LastChange().Equal(last) {
		t.Errorf("after reopen Generation, LastChange = %d, %v; want %d, %v", db.Generation(), db.LastChange(), gen, last)
	}
	a, err := db.Article(ctx, "en/1")
	testkit.Check(t, err)
	if len(a.Translations) != 1 || a.Translations[0].Lang != "ar" {
		t.Errorf("after reopen Translations = %+v, want the ar article", a.Translations)
	}
	got, err := db.Latest(ctx, sanafeed.Query{})
	testkit.Check(t, err)
	if !slices.Equal(keys(got), []string{"ar/7", "en/1"}) {
		t.Errorf("after reopen Latest = %v", keys(got))
	}
	fs, err := db.FetchState(ctx, "https://sana.sy/en/feed/")
	testkit.Check(t, err)
	if fs.ETag != `"v1"` {
		t.Errorf("after reopen ETag = %q", fs.ETag)
	}
	lp, err := db.LastPoll(ctx)
	testkit.Check(t, err)
	if lp["en"].New != 1 {
		t.Errorf("after reopen LastPoll = %+v", lp)
	}
	checkIndexes(t, db)
}

func TestPing(t *testing.T) {
	db, _ := mustOpen(t)
	gen := db.Generation()
	testkit.Check(t, db.Ping(t.Context()))
	if db.Generation() != gen {
		t.Errorf("Ping bumped Generation to %d", db.Generation())
	}
}

func TestFetchStateRoundTrip(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	const u = "https://sana.sy/en/feed/"
	got, err := db.FetchState(ctx, u)
	testkit.Check(t, err)
	if want := (sanafeed.FetchState{URL: u}); got != want {
		t.Fatalf("FetchState(unknown) = %+v, want %+v", got, want)
	}
	states := []sanafeed.FetchState{
		{URL: u, ETag: `W/"abc"`, LastModified: "Mon, 09 Feb 2026 13:00:00 GMT", Status: 200,
			Fetched: t0, Succeeded: t0},
		{URL: "https://sana.sy/feed/", Status: 503, Fetched: t0, Failures: 3,
			LastError: "503 Service Unavailable", NextAttempt: t0.Add(time.Hour)},
	}
	testkit.Check(t, db.PutFetchState(ctx, states...))
	for _, want := range states {
		got, err := db.FetchState(ctx, want.URL)
		testkit.Check(t, err)
		if !got.Fetched.Equal(want.Fetched) || !got.NextAttempt.Equal(want.NextAttempt) {
			t.Errorf("FetchState(%s) times = %v, %v; want %v, %v", want.URL, got.Fetched, got.NextAttempt, want.Fetched, want.NextAttempt)
		}
		got.Fetched, got.Succeeded, got.NextAttempt = want.Fetched, want.Succeeded, want.NextAttempt
		if got != want {
			t.Errorf("FetchState(%s) = %+v, want %+v", want.URL, got, want)
		}
	}
	if err := db.PutFetchState(ctx, sanafeed.FetchState{}); err == nil {
		t.Error("PutFetchState without URL succeeded")
	}
}

func TestPollResults(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	for i := range 120 {
		testkit.Check(t, db.PutPollResult(ctx, sanafeed.PollResult{Lang: "en", Started: t0.Add(time.Duration(i) * time.Minute), New: i}))
	}
	for i := range 3 {
		testkit.Check(t, db.PutPollResult(ctx, sanafeed.PollResult{Lang: "ar", Started: t0.Add(time.Duration(i)*time.Minute + 30*time.Second), New: 1000 + i}))
	}
	got, err := db.PollResults(ctx, "en", 0)
	testkit.Check(t, err)
	if len(got) != store.KeepPolls || got[0].New != 119 || got[len(got)-1].New != 20 {
		t.Fatalf("PollResults(en) = %d results, first %d, last %d; want 100, 119, 20", len(got), got[0].New, got[len(got)-1].New)
	}
	got, err = db.PollResults(ctx, "", 4)
	testkit.Check(t, err)
	var news []int
	for _, r := range got {
		news = append(news, r.New)
	}
	if want := []int{119, 118, 117, 116}; !slices.Equal(news, want) {
		t.Errorf("PollResults(all, 4) = %v, want %v", news, want)
	}
	got, err = db.PollResults(ctx, "ar", 2)
	testkit.Check(t, err)
	if len(got) != 2 || got[0].New != 1002 {
		t.Errorf("PollResults(ar, 2) = %+v", got)
	}
	last, err := db.LastPoll(ctx)
	testkit.Check(t, err)
	if len(last) != 2 || last["en"].New != 119 || last["ar"].New != 1002 {
		t.Errorf("LastPoll() = %+v", last)
	}
	if err := db.PutPollResult(ctx, sanafeed.PollResult{}); err == nil {
		t.Error("PutPollResult without lang succeeded")
	}
}
