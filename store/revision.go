package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// revisionsBucket keeps the past texts of edited articles (see
// sanafeed.Revision), each JSON in one zstd frame: an article never
// edited has none and costs nothing here. A value is the length of the
// JSON as an unsigned varint, then the zstd frame of it.
var revisionsBucket = []byte("revisions") // key 0 u64 version → uvarint length, zstd(JSON Revision)

// revisionPrefix returns "key 0", the prefix of an article's revisions.
func revisionPrefix(key string) []byte { return join([]byte(key), sep) }

// keepRevision stores r as a past text of the article key and drops the
// oldest beyond keep (all of them when keep is 0, r too). It returns how
// many the article keeps.
func keepRevision(tx *bbolt.Tx, key string, r sanafeed.Revision, keep int) (int, error) {
	b := tx.Bucket(revisionsBucket)
	prefix := revisionPrefix(key)
	if keep > 0 {
		c, err := pageCodec()
		if err != nil {
			return 0, fmt.Errorf("revision: %w", err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // HTML content as it is, not \u003c
		if err := enc.Encode(r); err != nil {
			return 0, fmt.Errorf("revision: %w", err)
		}
		js := buf.Bytes()
		v := c.enc.EncodeAll(js, binary.AppendUvarint(nil, uint64(len(js))))
		if err := b.Put(join(prefix, u64(uint64(r.Version))), v); err != nil {
			return 0, err
		}
	}
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	drop := max(len(keys)-keep, 0)
	for _, k := range keys[:drop] {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(keys) - drop, nil
}

// decodeRevision decodes a stored revision.
func decodeRevision(v []byte) (sanafeed.Revision, error) {
	var r sanafeed.Revision
	c, err := pageCodec()
	if err != nil {
		return r, fmt.Errorf("decode revision: %w", err)
	}
	n, w := binary.Uvarint(v)
	if w <= 0 || n > 2*maxPageBytes {
		return r, errors.New("decode revision: bad length")
	}
	js, err := c.dec.DecodeAll(v[w:], make([]byte, 0, n))
	if err != nil {
		return r, fmt.Errorf("decode revision: %w", err)
	}
	if err := json.Unmarshal(js, &r); err != nil {
		return r, fmt.Errorf("decode revision: %w", err)
	}
	return r, nil
}

// Revisions returns the past texts the store keeps of the article with
// the key "lang/postid" (or of the article a folded repost's key names),
// oldest first; its current text is not one of them. An article never
// edited has none. It returns an error wrapping sanafeed.ErrNotFound if
// there is no such article. A revision whose record does not decode is
// left out (see Corrupt).
func (db *DB) Revisions(ctx context.Context, key string) ([]sanafeed.Revision, error) {
	var revs []sanafeed.Revision
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		key = resolveKey(tx, key)
		if tx.Bucket(articlesBucket).Get([]byte(key)) == nil {
			return sanafeed.ErrNotFound
		}
		prefix := revisionPrefix(key)
		c := tx.Bucket(revisionsBucket).Cursor()
		for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
			r, err := decodeRevision(v)
			if err != nil {
				db.skipRecord(revisionsBucket, k, err) // a page with one text less, not no page
				continue
			}
			revs = append(revs, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: revisions of %s: %w", key, err)
	}
	return revs, nil
}
