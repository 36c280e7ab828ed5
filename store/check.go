package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"go.etcd.io/bbolt"
)

// maxProblems is how many problems a CheckReport lists; it counts the
// others.
const maxProblems = 20

// A CheckReport is what Check found in a store file.
type CheckReport struct {
	Path      string
	Size      int64    // bytes
	PageSize  int64    // bytes; 0 if no meta page is valid
	Pages     uint64   // pages in use: the last commit's high-water mark
	Tx        uint64   // the last commit's transaction id
	Buckets   int      // buckets walked
	Records   int      // keys read in them
	Articles  int      // article records, decoded or not
	Clusters  int      // cluster records, decoded or not
	Opened    bool     // bbolt opened the file: the walk ran, maybe not to its end
	BoltCheck bool     // bbolt's consistency check ran (it does not on pages too damaged to walk)
	Problems  []string // what is wrong, the first maxProblems found
	More      int      // problems beyond those listed
}

// Clean reports whether Check found no problem.
func (r *CheckReport) Clean() bool { return len(r.Problems) == 0 }

// problem records a problem, listing the first maxProblems.
func (r *CheckReport) problem(format string, args ...any) {
	if len(r.Problems) == maxProblems {
		r.More++
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Check checks the store file at path and changes nothing: the checks
// Open makes before mapping it, then a walk visiting every key of every
// bucket and decoding every article and cluster, then bbolt's
// consistency check of every page (Tx.Check: each page reachable once or
// free, keys in order). bbolt's check runs in a goroutine of its own,
// where a fault on a page past the end of the file could not be caught,
// so it runs only when the walk, which reads the same pages here, passed.
//
// The file is opened read-only. Check waits at most a second for a
// process writing it (a running serve) and then returns an error
// wrapping ErrLocked; a missing file is an error wrapping fs.ErrNotExist.
// What is wrong with the file is in the report, not the error.
func Check(ctx context.Context, path string) (*CheckReport, error) {
	r := &CheckReport{Path: path}
	exists, m, err := inspect(path)
	switch {
	case !exists && err == nil:
		return nil, fmt.Errorf("store: %s: %w", path, fs.ErrNotExist)
	case errors.Is(err, ErrCorrupt) && inUse(path):
		return nil, &lockedError{path: path}
	case errors.Is(err, ErrCorrupt):
		r.problem("%s", detail(err))
		return r, r.size()
	case err != nil:
		return nil, fmt.Errorf("store: check %s: %w", path, err)
	}
	r.PageSize, r.Pages, r.Tx = m.pageSize, m.pgid, m.tx
	if err := r.size(); err != nil {
		return nil, err
	}
	b, err := openBolt(path, true)
	switch {
	case errors.Is(err, ErrCorrupt):
		r.problem("%s", detail(err))
		return r, nil
	case err != nil:
		return nil, err
	}
	defer b.Close()
	r.Opened = true
	err = guard(path, func() error {
		return b.View(func(tx *bbolt.Tx) error { return r.walk(ctx, tx) })
	})
	switch {
	case errors.Is(err, ErrCorrupt):
		r.problem("%s", detail(err))
		return r, nil
	case err != nil:
		return nil, fmt.Errorf("store: check %s: %w", path, err)
	}
	err = b.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			r.problem("bbolt: %v", err)
		}
		return nil
	})
	r.BoltCheck = err == nil
	return r, err
}

// detail says what a corruptError says is wrong with the file.
func detail(err error) string {
	var ce *corruptError
	if errors.As(err, &ce) {
		return ce.detail()
	}
	return err.Error()
}

// size records the file's size.
func (r *CheckReport) size() error {
	fi, err := os.Stat(r.Path)
	if err != nil {
		return err
	}
	r.Size = fi.Size()
	return nil
}

// walk visits every key of every bucket in tx, nested ones included,
// and decodes the articles, clusters and revisions, noting those that do
// not.
func (r *CheckReport) walk(ctx context.Context, tx *bbolt.Tx) error {
	return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
		return r.walkBucket(ctx, name, b, true)
	})
}

// walkBucket reads b, named name; top tells whether it is at the top
// level, where the articles and clusters buckets are.
func (r *CheckReport) walkBucket(ctx context.Context, name []byte, b *bbolt.Bucket, top bool) error {
	r.Buckets++
	articles := top && string(name) == string(articlesBucket)
	clusters := top && string(name) == string(clustersBucket)
	revisions := top && string(name) == string(revisionsBucket)
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			return r.walkBucket(ctx, k, b.Bucket(k), false)
		}
		r.Records++
		if r.Records%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch {
		case articles:
			r.Articles++
			if _, err := decodeArticle(v); err != nil {
				r.problem("article %s: %v", k, err)
			}
		case clusters:
			r.Clusters++
			var ms []member
			if err := json.Unmarshal(v, &ms); err != nil {
				r.problem("cluster %s: %v", k, err)
			}
		case revisions:
			if _, err := decodeRevision(v); err != nil {
				r.problem("revision %q: %v", k, err)
			}
		}
		return nil
	})
}
