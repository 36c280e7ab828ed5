// Package store keeps sanafeed's state in one bbolt file: one record per
// SANA article (key "lang/postid") with the indexes that serve feeds
// newest-first, translation clusters, per-URL fetch state and poll results.
//
// It is the only package that imports bbolt; no bbolt type leaves it. A DB
// is safe for concurrent use by many goroutines. Every logical change is
// one bbolt transaction, so a crash at any moment leaves a file that opens
// and holds everything committed before it.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// SchemaVersion is the layout version this package writes. Open refuses a
// file written by a newer layout and brings an older one up to date.
//
//  1. the first
//  2. kept pages (pages, idx_page_fetch) and the URL index (idx_url):
//     a version 1 binary writing articles would leave idx_url stale
//  3. article records with the Content compressed (see articleFormat):
//     a version 2 binary would take them for damaged
const SchemaVersion = 3

// ErrLocked means another process (or another DB in this process) holds
// the database file open. Open wraps it in an error naming the path.
var ErrLocked = errors.New("store: database is locked")

// errClosed is returned by every method of a DB that is not open.
var errClosed = errors.New("store: database is not open")

// errNoChange makes an Update roll back instead of committing when it
// wrote nothing, which saves the fsync.
var errNoChange = errors.New("store: no change")

// Bucket names. Every bucket is created by Open.
var (
	articlesBucket = []byte("articles") // key → Article without Translations (see articleFormat)
	timeIndex      = []byte("idx_time") // inv(time) key → nil
	langIndex      = []byte("idx_lang") // lang 0 inv(time) key → nil
	tagIndex       = []byte("idx_tag")  // lang 0 slug 0 inv(time) key → nil
	tagsBucket     = []byte("tags")     // lang 0 slug → u64 count, name
	clustersBucket = []byte("clusters") // cluster id → JSON []member
	fetchBucket    = []byte("fetch")    // url → JSON FetchState
	pollsBucket    = []byte("polls")    // lang 0 inv(started) inv(seq) → JSON PollResult
	metaBucket     = []byte("meta")     // see the meta keys below

	allBuckets = [][]byte{articlesBucket, timeIndex, langIndex, tagIndex, tagsBucket,
		clustersBucket, fetchBucket, pollsBucket, metaBucket,
		webhooksBucket, outboxBucket, dueIndex, subscriptionsBucket,
		pagesBucket, pageTimeIndex, urlIndex, revisionsBucket, aliasesBucket}
)

// Webhook outbox buckets (see outbox.go), also created by Open.
var (
	webhooksBucket = []byte("webhooks")   // endpoint id → JSON endpoint: filters, counters
	outboxBucket   = []byte("outbox")     // endpoint id "/" hex(seq) → JSON delivery
	dueIndex       = []byte("outbox_due") // endpoint id "/" hex(next attempt) "/" hex(seq) → nil
)

// Keys in the meta bucket.
var (
	schemaKey     = []byte("schema")      // u64 SchemaVersion
	generationKey = []byte("generation")  // u64
	lastChangeKey = []byte("last_change") // u64 unix nanos
	pingKey       = []byte("ping")        // u64 unix nanos of the last Ping
	countPrefix   = []byte("count\x00")   // count 0 lang → u64 articles in the edition
)

// DB is the sanafeed store. Create it with New, set its fields, then Open.
type DB struct {
	Path string           // the bbolt file; its directory is created by Open
	Now  func() time.Time // the clock; time.Now when nil
	// Logger is told of each record that does not decode, once (see
	// Corrupt); nil means discard.
	Logger *slog.Logger
	// KeepRevisions is how many past texts of each edited article are kept
	// (see Revisions); 0 keeps none. New sets sanafeed.DefaultRevisions.
	KeepRevisions int

	mu   sync.RWMutex // guards bolt
	bolt *bbolt.DB    // nil until Open and after Close

	changeMu   sync.Mutex    // serialises updates of generation and lastChange
	generation atomic.Uint64 // mirrors meta/generation after each commit
	lastChange atomic.Int64  // mirrors meta/last_change (unix nanos, 0 = never)
	released   atomic.Int64  // when a transaction last released the map (monotonic nanos since released0)
	trailing   atomic.Bool   // a release is scheduled for the end of a burst

	badMu sync.Mutex          // guards bad
	bad   map[string]struct{} // bucket 0 key of each record met that did not decode
}

// releaseEvery is how often small transactions release the pages of the
// bbolt map they touched: each release makes the next reads fault their
// pages in again (about 45 µs for a one-article read), so lookups in
// quick succession share one. Bulk reads release every time.
var releaseEvery = time.Second // a variable for tests

// released0 is the origin of DB.released.
var released0 = time.Now()

// releaseSometimes releases the map pages touched through tx (see
// release) unless a transaction did within releaseEvery. Then it makes
// sure one more release follows: the last transactions of a burst (a
// poll's writes) would otherwise leave their pages resident until the
// next poll.
func (db *DB) releaseSometimes(tx *bbolt.Tx) {
	now := int64(time.Since(released0))
	last := db.released.Load()
	if now-last >= int64(releaseEvery) && db.released.CompareAndSwap(last, now) {
		release(tx)
		return
	}
	if db.trailing.CompareAndSwap(false, true) {
		time.AfterFunc(releaseEvery, func() {
			db.trailing.Store(false)
			db.released.Store(int64(time.Since(released0)))
			// A closed store answers errClosed: nothing to release.
			db.view0(context.Background(), func(tx *bbolt.Tx) error { release(tx); return nil })
		})
	}
}

// New returns a DB for the file at path. Call Open before using it.
func New(path string) *DB {
	return &DB{Path: path, Now: time.Now, KeepRevisions: sanafeed.DefaultRevisions}
}

// FileName is the store file's name in sanafeed's data_dir.
const FileName = "sanafeed.db"

// lockedError names the file another process holds; it matches ErrLocked.
type lockedError struct{ path string }

func (e *lockedError) Error() string {
	return "store: " + e.path + " is in use by another sanafeed process"
}

func (e *lockedError) Unwrap() error { return ErrLocked }

// Open creates the file's directory and the file if need be, creates every
// bucket and records the schema version. If another process holds the
// file, Open gives up after a second with an error wrapping ErrLocked.
//
// A damaged file is refused with an error wrapping ErrCorrupt that names
// it and what to do, before bbolt maps it: one shorter than the pages its
// last commit needs (truncated: reading them would fault), one whose size
// is not a whole number of pages, one without a valid meta page, one
// whose freelist or root page is not what the meta says, and one of 0
// bytes that was there before Open (a crash while creating it; only a
// file Open creates starts empty). A panic or a fault in bbolt while it
// opens the file is that error too.
func (db *DB) Open() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.bolt != nil {
		return fmt.Errorf("store: %s is already open", db.Path)
	}
	if db.Path == "" {
		return errors.New("store: path required")
	}
	if err := os.MkdirAll(filepath.Dir(db.Path), 0o755); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, _, err := inspect(db.Path); err != nil {
		if inUse(db.Path) { // a write in progress elsewhere, maybe
			return &lockedError{path: db.Path}
		}
		if errors.Is(err, ErrCorrupt) {
			return err
		}
		return fmt.Errorf("store: %w", err)
	}
	b, err := openBolt(db.Path, false)
	if err != nil {
		return err
	}
	var gen uint64
	var last int64
	err = guard(db.Path, func() error {
		return b.Update(func(tx *bbolt.Tx) error {
			if err := prepare(tx); err != nil {
				return err
			}
			meta := tx.Bucket(metaBucket)
			gen = getU64(meta.Get(generationKey))
			last = int64(getU64(meta.Get(lastChangeKey)))
			return nil
		})
	})
	if err != nil {
		b.Close()
		if errors.Is(err, ErrCorrupt) {
			return err
		}
		return fmt.Errorf("store: open %s: %w", db.Path, err)
	}
	db.generation.Store(gen)
	db.lastChange.Store(last)
	db.bolt = b
	return nil
}

// prepare creates the buckets a file lacks, fills a new URL index from
// the articles, and records the schema version, refusing a newer one.
func prepare(tx *bbolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta != nil {
		if v := getU64(meta.Get(schemaKey)); v > SchemaVersion {
			return fmt.Errorf("schema version %d is newer than this sanafeed's (%d)", v, SchemaVersion)
		}
	}
	fillURLs := tx.Bucket(urlIndex) == nil
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	if fillURLs {
		if err := fillURLIndex(tx); err != nil {
			return fmt.Errorf("fill url index: %w", err)
		}
	}
	meta = tx.Bucket(metaBucket)
	if getU64(meta.Get(schemaKey)) == SchemaVersion {
		return nil
	}
	return meta.Put(schemaKey, u64(SchemaVersion))
}

// Close closes the file, waiting for transactions in progress. Closing a
// DB that is not open does nothing.
func (db *DB) Close() error {
	db.mu.Lock()
	b := db.bolt
	db.bolt = nil
	db.mu.Unlock()
	if b == nil {
		return nil
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.Path, err)
	}
	return nil
}

// Generation returns a number that grows with every commit that changes
// an article or a cluster. It is persisted, so it keeps growing across
// restarts; servers can key cached feeds on it.
func (db *DB) Generation() uint64 { return db.generation.Load() }

// LastChange returns when an article or a cluster last changed (by the
// DB's clock), or the zero time if never. It is persisted.
func (db *DB) LastChange() time.Time {
	n := db.lastChange.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// Ping reports whether the file is open and writable by committing a tiny
// write transaction.
func (db *DB) Ping(ctx context.Context) error {
	ts := u64(uint64(db.now().UnixNano()))
	return db.update(ctx, func(tx *bbolt.Tx) error {
		return tx.Bucket(metaBucket).Put(pingKey, ts)
	})
}

// now returns the DB's clock reading in UTC without a monotonic reading.
func (db *DB) now() time.Time {
	if db.Now == nil {
		return time.Now().UTC()
	}
	return db.Now().UTC()
}

// handle returns the open bbolt DB.
func (db *DB) handle(ctx context.Context) (*bbolt.DB, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.bolt == nil {
		return nil, errClosed
	}
	return db.bolt, nil
}

// view runs fn in a read transaction, then releases the map pages fn
// touched, at most once every releaseEvery (see release).
func (db *DB) view(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	return db.view0(ctx, func(tx *bbolt.Tx) error {
		defer db.releaseSometimes(tx)
		return fn(tx)
	})
}

// view0 runs fn in a read transaction, with no release of its own. A
// panic or a fault in the map, which bbolt meets on a damaged page, ends
// the transaction with an error wrapping ErrCorrupt.
func (db *DB) view0(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	b, err := db.handle(ctx)
	if err != nil {
		return err
	}
	return guard(db.Path, func() error { return b.View(fn) })
}

// update runs fn in a write transaction. If fn returns errNoChange the
// transaction is rolled back and update returns nil. A panic or a fault
// rolls it back and is an error wrapping ErrCorrupt, as in view0.
func (db *DB) update(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	b, err := db.handle(ctx)
	if err != nil {
		return err
	}
	// Releasing inside fn, before Commit: only Commit may move the map.
	err = guard(db.Path, func() error {
		return b.Update(func(tx *bbolt.Tx) error {
			defer db.releaseSometimes(tx)
			return fn(tx)
		})
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return err
	}
	return nil
}

// bumpGeneration records, inside tx, that articles or clusters changed at
// now. Call committed with the result once tx has committed.
func bumpGeneration(tx *bbolt.Tx, now time.Time) (generation uint64, err error) {
	meta := tx.Bucket(metaBucket)
	generation = getU64(meta.Get(generationKey)) + 1
	if err := meta.Put(generationKey, u64(generation)); err != nil {
		return 0, err
	}
	return generation, meta.Put(lastChangeKey, u64(uint64(now.UnixNano())))
}

// committed publishes a generation and change time written by a commit.
// Writers are serialised by bbolt but may reach here out of order, so
// only a newer generation wins.
func (db *DB) committed(generation uint64, now time.Time) {
	db.changeMu.Lock()
	defer db.changeMu.Unlock()
	if generation > db.generation.Load() {
		db.generation.Store(generation)
		db.lastChange.Store(now.UnixNano())
	}
}
