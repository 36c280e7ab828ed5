package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"
	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// Kept pages: the article pages a poll read, each under its article's
// key, the body compressed with zstd.
//
// A record is, in this order: the format byte pageFormat; the fetch time
// as 8 bytes big-endian (sortTime); the URL and the content type, each an
// unsigned varint length and the bytes; the body's length as an unsigned
// varint; one zstd frame of the body (none for an empty body).

// Page buckets, created by Open.
var (
	pagesBucket   = []byte("pages")          // key → page record
	pageTimeIndex = []byte("idx_page_fetch") // inv(fetched) key → nil
)

// pageFormat is the first byte of every page record.
const pageFormat = 1

// maxPageBytes is the largest page body PutPages keeps. It bounds what
// reading a damaged record can allocate.
const maxPageBytes = 64 << 20

// pageLevel is the zstd level of kept pages: the fastest. Against
// SpeedDefault it compresses the real SANA page 2.4 times as fast and 200
// replica article pages 1.3 times as fast, into records 4% and 5% larger,
// with an encoder of 0.3 MB instead of 1.6 MB (go test -run X -bench
// BenchmarkPageLevels ./store); a first poll spent 9% of its CPU
// compressing pages at SpeedDefault. Kept pages age out; the records of
// articles and revisions, kept for ever, stay at recordLevel.
const pageLevel = zstd.SpeedFastest

// recordLevel is the zstd level of article and revision records.
const recordLevel = zstd.SpeedDefault

// pageBatch is how many pages Pages reads per read transaction.
const pageBatch = 256

// pruneBatch is how many pages PrunePages deletes per write transaction,
// so that a large prune does not hold up a poll's writes for long.
const pruneBatch = 1024

// A codec compresses and decompresses page bodies and the text of
// article and revision records. Its encoders and decoder are safe for
// concurrent EncodeAll and DecodeAll.
type codec struct {
	enc  *zstd.Encoder // records, at recordLevel
	page *zstd.Encoder // kept pages, at pageLevel
	dec  *zstd.Decoder
}

// pageCodec returns the codec every DB shares: an encoder's tables take
// more than a megabyte, so one set serves the process. Two page encoders
// and two decoders let two writers and two readers work at once; more
// wait their turn, a fraction of a millisecond a page.
func pageCodec() (*codec, error) { return sharedCodec, sharedCodecErr }

// sharedCodec is built, its pools filled, when the package is initialised
// rather than on first use: the pools are channels, and a channel made
// inside a testing/synctest bubble belongs to it, so a codec first used
// by a test in a bubble crashed the process as soon as anything outside
// used it ("receive on synctest channel from outside bubble" in
// EncodeAll, in `go test -run x -bench FirstPoll ./refresh`).
var sharedCodec, sharedCodecErr = newCodec()

// newCodec builds the codec pageCodec returns, its pools filled.
func newCodec() (*codec, error) {
	// Records are compressed inside write transactions, one at a time:
	// a second encoder (1.6 MB) would never be used. Pages are compressed
	// before theirs, by several polls at once.
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(recordLevel), zstd.WithEncoderConcurrency(1),
		zstd.WithZeroFrames(false)) // no frame for an empty body
	if err != nil {
		return nil, err
	}
	page, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(pageLevel), zstd.WithEncoderConcurrency(2),
		zstd.WithZeroFrames(false))
	if err != nil {
		return nil, err
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(2),
		zstd.WithDecoderMaxMemory(maxPageBytes), zstd.WithDecodeAllCapLimit(true))
	if err != nil {
		return nil, err
	}
	enc.EncodeAll(nil, nil) // fills the encoder pools now
	page.EncodeAll(nil, nil)
	if _, err := dec.DecodeAll(nil, nil); err != nil {
		return nil, err
	}
	return &codec{enc: enc, page: page, dec: dec}, nil
}

// checkPage returns an error naming what makes p unfit to keep.
func checkPage(p *sanafeed.KeptPage) error {
	lang, id, ok := strings.Cut(p.Key, "/")
	n, err := strconv.ParseInt(id, 10, 64)
	switch {
	case !ok || lang == "" || strings.ContainsRune(lang, 0) || err != nil || n <= 0 ||
		sanafeed.ArticleKey(lang, n) != p.Key || len(p.Key) > bbolt.MaxKeySize-timeLen:
		return fmt.Errorf("page %q: key is not lang/postid", p.Key)
	case len(p.Body) > maxPageBytes:
		return fmt.Errorf("page %s: body of %d bytes is over %d", p.Key, len(p.Body), maxPageBytes)
	case !p.Fetched.IsZero() && (p.Fetched.Before(minNanos) || p.Fetched.After(maxNanos)):
		return fmt.Errorf("page %s: fetch time %v out of range", p.Key, p.Fetched)
	}
	return nil
}

// encodePage returns the record of p.
func (c *codec) encodePage(p *sanafeed.KeptPage) []byte {
	buf := make([]byte, 0, 1+8+3*binary.MaxVarintLen64+len(p.URL)+len(p.ContentType)+len(p.Body)/3+64)
	buf = append(buf, pageFormat)
	buf = binary.BigEndian.AppendUint64(buf, sortTime(p.Fetched))
	buf = binary.AppendUvarint(buf, uint64(len(p.URL)))
	buf = append(buf, p.URL...)
	buf = binary.AppendUvarint(buf, uint64(len(p.ContentType)))
	buf = append(buf, p.ContentType...)
	buf = binary.AppendUvarint(buf, uint64(len(p.Body)))
	return c.page.EncodeAll(p.Body, buf)
}

// pageHead is a decoded record without its body.
type pageHead struct {
	page sanafeed.KeptPage // all but Body
	size uint64            // the body's length
	z    []byte            // the compressed body, in the record
}

var errShort = errors.New("record too short")

// recordFetched returns the fetch time of a record.
func recordFetched(v []byte) (time.Time, error) {
	if len(v) < 9 || v[0] != pageFormat {
		return time.Time{}, errShort
	}
	return timeOf(binary.BigEndian.Uint64(v[1:9])), nil
}

// decodePageHead decodes the record v of key up to its body. The strings
// are copies; z is part of v.
func decodePageHead(key string, v []byte) (pageHead, error) {
	h := pageHead{page: sanafeed.KeptPage{Key: key}}
	if len(v) > 0 && v[0] != pageFormat {
		return h, fmt.Errorf("page %s: unknown record format %d", key, v[0])
	}
	fetched, err := recordFetched(v)
	if err != nil {
		return h, fmt.Errorf("page %s: %w", key, err)
	}
	h.page.Fetched = fetched
	rest := v[9:]
	var s [2]string
	for i := range s {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return h, fmt.Errorf("page %s: %w", key, errShort)
		}
		s[i], rest = string(rest[w:w+int(n)]), rest[w+int(n):]
	}
	h.page.URL, h.page.ContentType = s[0], s[1]
	size, w := binary.Uvarint(rest)
	if w <= 0 || size > maxPageBytes {
		return h, fmt.Errorf("page %s: bad body length", key)
	}
	h.size, h.z = size, rest[w:]
	return h, nil
}

// body decompresses the body of h into a new slice.
func (c *codec) body(h *pageHead) ([]byte, error) {
	out, err := c.dec.DecodeAll(h.z, make([]byte, 0, h.size))
	switch {
	case err != nil:
		return nil, fmt.Errorf("page %s: body: %w", h.page.Key, err)
	case uint64(len(out)) != h.size:
		return nil, fmt.Errorf("page %s: body of %d bytes, record says %d", h.page.Key, len(out), h.size)
	}
	return out, nil
}

// PutPages keeps pages, each under its Key, replacing the page kept
// before under that key, in one transaction. A page needs a Key of the
// form "lang/postid" (sanafeed.ArticleKey), a body of at most 64 MiB,
// and a Fetched time that is zero or within the years 1678 to 2262; if
// any page lacks one, PutPages keeps none and returns an error naming it.
// No article needs to be stored under the key, and keeping pages changes
// no article: Generation stays.
func (db *DB) PutPages(ctx context.Context, pages ...sanafeed.KeptPage) error {
	for i := range pages {
		if err := checkPage(&pages[i]); err != nil {
			return fmt.Errorf("store: put pages: %w", err)
		}
	}
	if len(pages) == 0 {
		return ctx.Err()
	}
	c, err := pageCodec()
	if err != nil {
		return fmt.Errorf("store: put pages: %w", err)
	}
	recs := make([][]byte, len(pages))
	for i := range pages {
		recs[i] = c.encodePage(&pages[i]) // outside the transaction: keep writes short
	}
	err = db.update(ctx, func(tx *bbolt.Tx) error {
		for i := range pages {
			if err := putPage(tx, []byte(pages[i].Key), recs[i]); err != nil {
				return fmt.Errorf("%s: %w", pages[i].Key, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: put pages: %w", err)
	}
	return nil
}

// putPage stores rec under key and moves the key's entry in the fetch
// time index. An entry of a replaced record that cannot be read stays:
// PrunePages passes over it.
func putPage(tx *bbolt.Tx, key, rec []byte) error {
	b, idx := tx.Bucket(pagesBucket), tx.Bucket(pageTimeIndex)
	if old := b.Get(key); old != nil {
		if t, err := recordFetched(old); err == nil {
			if err := idx.Delete(join(invTime(t), key)); err != nil {
				return err
			}
		}
	}
	t, _ := recordFetched(rec)
	if err := idx.Put(join(invTime(t), key), nil); err != nil {
		return err
	}
	return b.Put(key, rec)
}

// Page returns the page kept under key; ok is false when there is none.
// A record that cannot be decoded is an error naming key.
func (db *DB) Page(ctx context.Context, key string) (p sanafeed.KeptPage, ok bool, err error) {
	c, err := pageCodec()
	if err != nil {
		return p, false, fmt.Errorf("store: page: %w", err)
	}
	err = db.view(ctx, func(tx *bbolt.Tx) error {
		v := tx.Bucket(pagesBucket).Get([]byte(key))
		if v == nil {
			return nil
		}
		h, err := decodePageHead(key, v)
		if err != nil {
			return err
		}
		if h.page.Body, err = c.body(&h); err != nil {
			return err
		}
		p, ok = h.page, true
		return nil
	})
	if err != nil {
		return sanafeed.KeptPage{}, false, fmt.Errorf("store: %w", err)
	}
	return p, ok, nil
}

// Pages calls fn with every kept page of the edition lang ("" for every
// edition), in key order, and stops at the first error fn returns,
// returning it unwrapped. It reads pageBatch pages per read transaction
// and calls fn outside any, so fn may write to the store: a page fn
// keeps under a key not yet reached is among those it is called with
// later. A record that cannot be decoded stops Pages with an error naming
// its key.
func (db *DB) Pages(ctx context.Context, lang string, fn func(sanafeed.KeptPage) error) error {
	c, err := pageCodec()
	if err != nil {
		return fmt.Errorf("store: pages: %w", err)
	}
	var prefix []byte
	if lang != "" {
		prefix = []byte(lang + "/")
	}
	var after []byte // the last key read; nil before the first batch
	for {
		batch, err := db.pageBatch(ctx, prefix, after)
		if err != nil {
			return fmt.Errorf("store: pages: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		for i := range batch {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("store: pages: %w", err)
			}
			h := &batch[i]
			if h.page.Body, err = c.body(h); err != nil {
				return fmt.Errorf("store: pages: %w", err)
			}
			h.z = nil
			if err := fn(h.page); err != nil {
				return err
			}
		}
		after = []byte(batch[len(batch)-1].page.Key)
	}
}

// pageBatch reads up to pageBatch records under prefix whose keys sort
// after after (from the first when nil), copying their compressed bodies
// out of the transaction: they decompress one at a time outside it.
func (db *DB) pageBatch(ctx context.Context, prefix, after []byte) ([]pageHead, error) {
	var batch []pageHead
	err := db.view0(ctx, func(tx *bbolt.Tx) error {
		defer release(tx) // a bulk read: release now
		c := tx.Bucket(pagesBucket).Cursor()
		k, v := c.Seek(prefix)
		if after != nil {
			if k, v = c.Seek(after); bytes.Equal(k, after) {
				k, v = c.Next()
			}
		}
		for ; hasPrefix(k, prefix) && len(batch) < pageBatch; k, v = c.Next() {
			h, err := decodePageHead(string(k), v)
			if err != nil {
				return err
			}
			h.z = bytes.Clone(h.z)
			batch = append(batch, h)
		}
		return nil
	})
	return batch, err
}

// PrunePages deletes the kept pages fetched before before (a zero
// Fetched counts as before everything) and returns how many it deleted.
// It deletes pruneBatch pages per transaction, so an error may come after
// some were deleted; the count says how many.
func (db *DB) PrunePages(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for {
		n, more, err := db.prunePages(ctx, before)
		total += n
		if err != nil {
			return total, fmt.Errorf("store: prune pages: %w", err)
		}
		if !more {
			return total, nil
		}
	}
}

// prunePages deletes up to pruneBatch of the pages PrunePages deletes,
// in one transaction, and reports whether there may be more.
func (db *DB) prunePages(ctx context.Context, before time.Time) (n int, more bool, err error) {
	from := invTime(before)
	err = db.update(ctx, func(tx *bbolt.Tx) error {
		n, more = 0, false
		b, idx := tx.Bucket(pagesBucket), tx.Bucket(pageTimeIndex)
		var entries [][]byte
		c := idx.Cursor()
		k, _ := c.Seek(from) // the index runs newest first: older entries follow
		for ; k != nil && bytes.HasPrefix(k, from); k, _ = c.Next() {
		}
		for ; k != nil && len(entries) < pruneBatch; k, _ = c.Next() {
			entries = append(entries, bytes.Clone(k))
		}
		more = len(entries) == pruneBatch
		for _, e := range entries {
			if len(e) < timeLen {
				continue
			}
			if err := idx.Delete(e); err != nil {
				return err
			}
			key := e[timeLen:]
			t, err := recordFetched(b.Get(key))
			if err != nil || !t.Before(before) {
				continue // the entry of a replaced or unreadable record
			}
			if err := b.Delete(key); err != nil {
				return err
			}
			n++
		}
		if len(entries) == 0 {
			return errNoChange
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	return n, more, nil
}
