package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/store"
)

// t0 is the fake clock's start.
var t0 = time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)

// A clock is a fake time source that moves only when told.
type clock struct{ t time.Time }

func newClock() *clock                   { return &clock{t: t0} }
func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// check fails the test on a non-nil err.
func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// path returns a store path in a directory that does not exist yet.
func path(t testing.TB) string { return filepath.Join(t.TempDir(), "data", "sanafeed.db") }

// open opens the store at p with the real clock.
func open(t testing.TB, p string) *store.DB {
	t.Helper()
	return openClock(t, p, nil)
}

// openClock opens the store at p with the clock c (time.Now if nil) and
// closes it when the test ends.
func openClock(t testing.TB, p string, c *clock) *store.DB {
	t.Helper()
	db := store.New(p)
	if c != nil {
		db.Now = c.now
	}
	check(t, db.Open())
	t.Cleanup(func() { db.Close() })
	return db
}

// mustOpen opens a fresh store with a fake clock.
func mustOpen(t testing.TB) (*store.DB, *clock) {
	t.Helper()
	c := newClock()
	return openClock(t, path(t), c), c
}

// article returns a feed observation of the post id in lang, published
// min minutes after t0, with tags given by slug.
func article(lang string, id int64, min int, tags ...string) sanafeed.Article {
	a := sanafeed.Article{
		Lang:      lang,
		PostID:    id,
		URL:       "https://sana.sy/" + lang + "/syria/" + strconv.FormatInt(id, 10) + "/",
		GUID:      "https://sana.sy/" + lang + "/?p=" + strconv.FormatInt(id, 10),
		Title:     "Story " + lang + " " + strconv.FormatInt(id, 10),
		Summary:   "An excerpt.",
		From:      sanafeed.FromFeed,
		Published: t0.Add(time.Duration(min) * time.Minute),
	}
	for _, s := range tags {
		a.Tags = append(a.Tags, sanafeed.Tag{Slug: s, Name: strings.ToUpper(s)})
	}
	return a
}

// put stores arts and fails the test on any error.
func put(t testing.TB, db *store.DB, arts ...sanafeed.Article) []sanafeed.Change {
	t.Helper()
	ch, err := db.PutArticles(context.Background(), arts)
	check(t, err)
	return ch
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
	db := open(t, p)
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

func TestOpenLockedFailsFast(t *testing.T) {
	p := path(t)
	open(t, p)
	second := store.New(p)
	start := time.Now()
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
	if took > 2500*time.Millisecond {
		t.Errorf("Open() took %v to give up, want about a second", took)
	}
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
	check(t, db.Close())
	check(t, db.Close()) // twice is fine
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
	check(t, db.Open())
	ctx := t.Context()
	put(t, db, article("en", 1, 0, "damascus"), article("ar", 7, 5, "دمشق"))
	_, err := db.SetClusters(ctx, map[string]string{"en/1": "c1", "ar/7": "c1"})
	check(t, err)
	check(t, db.PutFetchState(ctx, sanafeed.FetchState{URL: "https://sana.sy/en/feed/", ETag: `"v1"`}))
	check(t, db.PutPollResult(ctx, sanafeed.PollResult{Lang: "en", Started: t0, New: 1}))
	gen, last := db.Generation(), db.LastChange()
	check(t, db.Close())

	db = openClock(t, p, c)
	if db.Generation() != gen || !db.LastChange().Equal(last) {
		t.Errorf("after reopen Generation, LastChange = %d, %v; want %d, %v", db.Generation(), db.LastChange(), gen, last)
	}
	a, err := db.Article(ctx, "en/1")
	check(t, err)
	if len(a.Translations) != 1 || a.Translations[0].Lang != "ar" {
		t.Errorf("after reopen Translations = %+v, want the ar article", a.Translations)
	}
	got, err := db.Latest(ctx, sanafeed.Query{})
	check(t, err)
	if !slices.Equal(keys(got), []string{"ar/7", "en/1"}) {
		t.Errorf("after reopen Latest = %v", keys(got))
	}
	fs, err := db.FetchState(ctx, "https://sana.sy/en/feed/")
	check(t, err)
	if fs.ETag != `"v1"` {
		t.Errorf("after reopen ETag = %q", fs.ETag)
	}
	lp, err := db.LastPoll(ctx)
	check(t, err)
	if lp["en"].New != 1 {
		t.Errorf("after reopen LastPoll = %+v", lp)
	}
	checkIndexes(t, db)
}

func TestPing(t *testing.T) {
	db, _ := mustOpen(t)
	gen := db.Generation()
	check(t, db.Ping(t.Context()))
	if db.Generation() != gen {
		t.Errorf("Ping bumped Generation to %d", db.Generation())
	}
}

func TestFetchStateRoundTrip(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := t.Context()
	const u = "https://sana.sy/en/feed/"
	got, err := db.FetchState(ctx, u)
	check(t, err)
	if want := (sanafeed.FetchState{URL: u}); got != want {
		t.Fatalf("FetchState(unknown) = %+v, want %+v", got, want)
	}
	states := []sanafeed.FetchState{
		{URL: u, ETag: `W/"abc"`, LastModified: "Mon, 09 Feb 2026 13:00:00 GMT", Status: 200,
			Fetched: t0, Succeeded: t0},
		{URL: "https://sana.sy/feed/", Status: 503, Fetched: t0, Failures: 3,
			LastError: "503 Service Unavailable", NextAttempt: t0.Add(time.Hour)},
	}
	check(t, db.PutFetchState(ctx, states...))
	for _, want := range states {
		got, err := db.FetchState(ctx, want.URL)
		check(t, err)
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
		check(t, db.PutPollResult(ctx, sanafeed.PollResult{Lang: "en", Started: t0.Add(time.Duration(i) * time.Minute), New: i}))
	}
	for i := range 3 {
		check(t, db.PutPollResult(ctx, sanafeed.PollResult{Lang: "ar", Started: t0.Add(time.Duration(i)*time.Minute + 30*time.Second), New: 1000 + i}))
	}
	got, err := db.PollResults(ctx, "en", 0)
	check(t, err)
	if len(got) != store.KeepPolls || got[0].New != 119 || got[len(got)-1].New != 20 {
		t.Fatalf("PollResults(en) = %d results, first %d, last %d; want 100, 119, 20", len(got), got[0].New, got[len(got)-1].New)
	}
	got, err = db.PollResults(ctx, "", 4)
	check(t, err)
	var news []int
	for _, r := range got {
		news = append(news, r.New)
	}
	if want := []int{119, 118, 117, 116}; !slices.Equal(news, want) {
		t.Errorf("PollResults(all, 4) = %v, want %v", news, want)
	}
	got, err = db.PollResults(ctx, "ar", 2)
	check(t, err)
	if len(got) != 2 || got[0].New != 1002 {
		t.Errorf("PollResults(ar, 2) = %+v", got)
	}
	last, err := db.LastPoll(ctx)
	check(t, err)
	if len(last) != 2 || last["en"].New != 119 || last["ar"].New != 1002 {
		t.Errorf("LastPoll() = %+v", last)
	}
	if err := db.PutPollResult(ctx, sanafeed.PollResult{}); err == nil {
		t.Error("PutPollResult without lang succeeded")
	}
}
