// Package testkit holds the helpers that tests of several packages share:
// failing on an error, waiting for a condition, building test articles and
// opening a real store in a temporary directory. Only tests import it.
package testkit

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/store"
)

// T0 is when test articles are published: Article's post id n is
// published n minutes after it.
var T0 = time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)

// Check fails the test at once on a non-nil err.
func Check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// WaitTimeout is how long WaitFor waits before it fails the test: long
// enough that only a condition that never comes reaches it.
const WaitTimeout = 10 * time.Second

// WaitFor waits until cond holds, checking it whenever a short ticker
// fires, and fails the test, naming what, when it has not held within
// WaitTimeout. Use it where the code under test gives no signal to wait
// on; it never passes for a condition that does not hold.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if cond() {
		return
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(WaitTimeout)
	defer deadline.Stop()
	for {
		select {
		case <-tick.C:
			if cond() {
				return
			}
		case <-deadline.C:
			t.Fatalf("still waiting for %s after %v", what, WaitTimeout)
		}
	}
}

// Article returns a feed observation of the post id in lang, published
// id minutes after T0, with a URL, GUID, title and summary derived from
// them and the tags given by slug (their names the slugs upper-cased).
func Article(lang string, id int64, tags ...string) sanafeed.Article {
	n := strconv.FormatInt(id, 10)
	a := sanafeed.Article{
		Lang:      lang,
		PostID:    id,
		URL:       "https://sana.sy/" + lang + "/syria/" + n + "/",
		GUID:      "https://sana.sy/" + lang + "/?p=" + n,
		Title:     "Story " + lang + " " + n,
		Summary:   "An excerpt.",
		From:      sanafeed.FromFeed,
		Published: T0.Add(time.Duration(id) * time.Minute),
	}
	for _, s := range tags {
		a.Tags = append(a.Tags, sanafeed.Tag{Slug: s, Name: strings.ToUpper(s)})
	}
	return a
}

// OpenStore opens the store at path (a new one in the test's temporary
// directory when path is "") and closes it when the test ends.
func OpenStore(t testing.TB, path string) *store.DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), store.FileName)
	}
	db := store.New(path)
	Check(t, db.Open())
	t.Cleanup(func() { db.Close() })
	return db
}

// Put stores arts in db, failing the test on error, and returns what
// changed.
func Put(t testing.TB, db *store.DB, arts ...sanafeed.Article) []sanafeed.Change {
	t.Helper()
	ch, err := db.PutArticles(t.Context(), arts)
	Check(t, err)
	return ch
}

// A SyncBuffer is a bytes.Buffer that goroutines may write while a test
// reads it (a logger's or a server's output).
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
