package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// FetchState returns what is remembered of url for conditional GET and
// backoff: the zero state with URL set when nothing is.
func (db *DB) FetchState(ctx context.Context, url string) (sanafeed.FetchState, error) {
	s := sanafeed.FetchState{URL: url}
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		v := tx.Bucket(fetchBucket).Get([]byte(url))
		if v == nil {
			return nil
		}
		return json.Unmarshal(v, &s)
	})
	if err != nil {
		return sanafeed.FetchState{URL: url}, fmt.Errorf("store: fetch state %s: %w", url, err)
	}
	s.URL = url
	return s, nil
}

// PutFetchState stores states, replacing what was remembered of their
// URLs, in one transaction. Every state needs a URL.
func (db *DB) PutFetchState(ctx context.Context, states ...sanafeed.FetchState) error {
	bufs := make([][]byte, len(states))
	for i, s := range states {
		if s.URL == "" {
			return errors.New("store: put fetch state: url required")
		}
		buf, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("store: put fetch state %s: %w", s.URL, err)
		}
		bufs[i] = buf
	}
	if len(states) == 0 {
		return ctx.Err()
	}
	err := db.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(fetchBucket)
		for i, s := range states {
			if err := b.Put([]byte(s.URL), bufs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: put fetch state: %w", err)
	}
	return nil
}
