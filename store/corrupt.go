package store

import (
	"fmt"
	"log/slog"
)

// A recordError is a record that does not decode; it matches ErrCorrupt
// and wraps the decoding error.
type recordError struct {
	bucket, key string
	err         error
}

func (e *recordError) Error() string {
	return fmt.Sprintf("undecodable record %s in %s: %v", e.key, e.bucket, e.err)
}

func (e *recordError) Unwrap() []error { return []error{ErrCorrupt, e.err} }

// Corrupt returns how many distinct records (articles, clusters) that do
// not decode the DB's reads have met since New. Feeds skip them; each is
// logged once, when first met. It sees only what was read: `sanafeed
// check -store` reads every record.
func (db *DB) Corrupt() int {
	db.badMu.Lock()
	defer db.badMu.Unlock()
	return len(db.bad)
}

// skipRecord notes that the record under key in bucket did not decode
// (err), logging it the first time, and returns the error to report.
func (db *DB) skipRecord(bucket, key []byte, err error) error {
	e := &recordError{bucket: string(bucket), key: string(key), err: err}
	db.badMu.Lock()
	if db.bad == nil {
		db.bad = make(map[string]struct{})
	}
	id := e.bucket + "\x00" + e.key
	_, seen := db.bad[id]
	db.bad[id] = struct{}{}
	db.badMu.Unlock()
	if !seen {
		db.log().Error("skipped undecodable record", "path", db.Path, "bucket", e.bucket, "key", e.key, "err", err,
			"fix", "sanafeed check -store lists them all; restore the file from a backup")
	}
	return e
}

// log returns the DB's logger.
func (db *DB) log() *slog.Logger {
	if db.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return db.Logger
}
