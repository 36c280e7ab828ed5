package store

import (
	"context"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// EditionBetween returns the articles of the edition lang published from
// from to to, both included (FirstSeen stands in for a missing
// Published), newest first, in full, with Translations filled in; at
// most limit of them (0 or less for all), the newest. It reads the
// edition's time index from to back to from and decodes only what it
// returns. It serves repost detection, which compares the text of a
// poll's new articles with what the edition published just before.
func (db *DB) EditionBetween(ctx context.Context, lang string, from, to time.Time, limit int) ([]sanafeed.Article, error) {
	if err := checkSpan(from, to); err != nil {
		return nil, fmt.Errorf("store: edition %s: %w", lang, err)
	}
	var out []sanafeed.Article
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		prefix := langPrefix(lang)
		s := &stream{c: tx.Bucket(langIndex).Cursor(), prefix: prefix}
		k, _ := s.c.Seek(join(prefix, invTime(to))) // the index runs newest first
		s.set(k)
		var err error
		out, err = db.collect(tx, []*stream{s}, sanafeed.Query{Limit: limit}, invTime(from), decodeArticle)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: edition %s between: %w", lang, err)
	}
	return out, nil
}
