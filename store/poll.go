package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// KeepPolls is how many poll results PutPollResult keeps per edition.
const KeepPolls = 100

// PutPollResult records the summary of one poll of the edition r.Lang,
// dropping that edition's results beyond the newest KeepPolls.
func (db *DB) PutPollResult(ctx context.Context, r sanafeed.PollResult) error {
	if r.Lang == "" || strings.ContainsRune(r.Lang, 0) {
		return fmt.Errorf("store: put poll result: bad lang %q", r.Lang)
	}
	buf, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: put poll result: %w", err)
	}
	prefix := langPrefix(r.Lang)
	err = db.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(pollsBucket)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		// Newest Started first; of equal ones, the last recorded first.
		if err := b.Put(join(prefix, invTime(r.Started), u64(^seq)), buf); err != nil {
			return err
		}
		var old [][]byte
		c := b.Cursor()
		n := 0
		for k, _ := c.Seek(prefix); hasPrefix(k, prefix); k, _ = c.Next() {
			if n++; n > KeepPolls {
				old = append(old, bytes.Clone(k))
			}
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: put poll result: %w", err)
	}
	return nil
}

// PollResults returns the newest n poll results of the edition lang ("" for
// every edition), newest Started first. n of 0 or less means all kept.
func (db *DB) PollResults(ctx context.Context, lang string, n int) ([]sanafeed.PollResult, error) {
	out := []sanafeed.PollResult{}
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(pollsBucket)
		langs := []string{lang}
		if lang == "" {
			langs = langsIn(b)
		}
		for _, l := range langs {
			prefix := langPrefix(l)
			c := b.Cursor()
			m := 0
			for k, v := c.Seek(prefix); hasPrefix(k, prefix) && (n <= 0 || m < n); k, v = c.Next() {
				var r sanafeed.PollResult
				if err := json.Unmarshal(v, &r); err != nil {
					return fmt.Errorf("decode %q: %w", k, err)
				}
				out = append(out, r)
				m++
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: poll results: %w", err)
	}
	if lang == "" {
		slices.SortStableFunc(out, func(a, b sanafeed.PollResult) int {
			return b.Started.Compare(a.Started)
		})
		if n > 0 && len(out) > n {
			out = out[:n]
		}
	}
	return out, nil
}

// LastPoll returns the newest poll result of each edition that has one.
func (db *DB) LastPoll(ctx context.Context) (map[string]sanafeed.PollResult, error) {
	m := make(map[string]sanafeed.PollResult)
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(pollsBucket)
		var errs []error
		for _, lang := range langsIn(b) {
			_, v := b.Cursor().Seek(langPrefix(lang))
			var r sanafeed.PollResult
			if err := json.Unmarshal(v, &r); err != nil {
				errs = append(errs, fmt.Errorf("decode %s: %w", lang, err))
				continue
			}
			m[lang] = r
		}
		return errors.Join(errs...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: last poll: %w", err)
	}
	return m, nil
}

// LastSuccess returns the newest kept poll result of the edition lang
// that did not fail as a whole; ok is false when none of the kept ones
// (the last KeepPolls) succeeded.
func (db *DB) LastSuccess(ctx context.Context, lang string) (r sanafeed.PollResult, ok bool, err error) {
	hist, err := db.PollResults(ctx, lang, 0)
	if err != nil {
		return r, false, err
	}
	for _, h := range hist {
		if h.Err == "" {
			return h, true, nil
		}
	}
	return r, false, nil
}
