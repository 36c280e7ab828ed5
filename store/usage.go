package store

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"
)

// Usage is how many bytes of the file the store's data uses, by part:
// what bbolt's pages hold in use (not the file's size, which bbolt grows
// ahead and never shrinks).
type Usage struct {
	Articles int   // stored articles
	Total    int64 // every bucket
	Pages    int64 // the kept pages and their index
	// Buckets is the bytes in use by each bucket, by name.
	Buckets map[string]int64
}

// Usage returns the bytes the store's buckets use.
func (db *DB) Usage(ctx context.Context) (Usage, error) {
	u := Usage{Buckets: make(map[string]int64, len(allBuckets))}
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		for _, name := range allBuckets {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			st := b.Stats()
			n := int64(st.BranchInuse + st.LeafInuse)
			u.Total += n
			u.Buckets[string(name)] = n
			switch string(name) {
			case string(pagesBucket), string(pageTimeIndex):
				u.Pages += n
			case string(articlesBucket):
				u.Articles = st.KeyN
			}
		}
		return nil
	})
	if err != nil {
		return Usage{}, fmt.Errorf("store: usage: %w", err)
	}
	return u, nil
}
