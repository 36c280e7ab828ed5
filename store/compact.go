package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.etcd.io/bbolt"
)

// compactTxSize is how many bytes Compact copies per write transaction
// of the new file.
const compactTxSize = 4 << 20

// A CompactResult is what Compact did.
type CompactResult struct {
	Before, After int64 // the file's size, in bytes
}

// Compact rewrites the store file at path without its free pages: bbolt
// never gives back to the file system the pages that deleted data (pruned
// kept pages, dropped outbox deliveries) freed. It opens the store as
// Open does (so it refuses, with an error wrapping ErrLocked, a file
// another process holds, and with one wrapping ErrCorrupt a damaged one),
// copies every bucket into path+".compact" next to it, syncs that file
// and renames it over path, then syncs the directory.
//
// The rename is atomic: at every moment path names either the old file
// or the whole new one, so no backup copy is kept; a crash before it
// leaves path+".compact" behind, which the next Compact replaces. The old
// file stays locked until the new one is in place, but a process that
// opened path just before the rename would go on with the old file once
// Compact exits: stop every sanafeed using the store first. ctx is
// checked before the copy and before the rename, not during the copy.
func Compact(ctx context.Context, path string) (CompactResult, error) {
	var r CompactResult
	if err := ctx.Err(); err != nil {
		return r, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return r, fmt.Errorf("store: compact: %w", err)
	}
	r.Before = fi.Size()
	src := New(path)
	if err := src.Open(); err != nil {
		return r, err
	}
	defer src.Close()
	tmp := path + ".compact"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return r, fmt.Errorf("store: compact: %w", err)
	}
	if err := copyCompact(ctx, src, tmp); err != nil {
		os.Remove(tmp)
		return r, fmt.Errorf("store: compact %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return r, fmt.Errorf("store: compact: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return r, fmt.Errorf("store: compact: %w", err)
	}
	if fi, err = os.Stat(path); err != nil {
		return r, fmt.Errorf("store: compact: %w", err)
	}
	r.After = fi.Size()
	return r, src.Close()
}

// copyCompact copies the open store src into a new bbolt file at dst,
// synced and closed.
func copyCompact(ctx context.Context, src *DB, dst string) error {
	from, err := src.handle(ctx)
	if err != nil {
		return err
	}
	// One sync at the end instead of one per transaction.
	to, err := bbolt.Open(dst, 0o600, &bbolt.Options{Timeout: lockWait, NoSync: true})
	if err != nil {
		return err
	}
	err = guard(src.Path, func() error { return bbolt.Compact(to, from, compactTxSize) })
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = to.Sync()
	}
	return errors.Join(err, to.Close())
}

// syncDir flushes the directory at dir, so that a rename in it survives
// a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
