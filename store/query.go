package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// Latest returns the newest articles matching q: of the edition q.Lang
// ("" for all), carrying the tag q.Tag ("" for any), accepted by q.Match
// (nil for all) among the newest q.Scan (0 for all), at most q.Limit (0
// or less for all). They come newest Published first (FirstSeen stands in for
// a missing Published), equal times in key order, with Translations filled
// in. Latest reads through the indexes: it decodes only what it returns.
func (db *DB) Latest(ctx context.Context, q sanafeed.Query) ([]sanafeed.Article, error) {
	var out []sanafeed.Article
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		var streams []*stream
		switch {
		case q.Lang == "" && q.Tag == "":
			streams = []*stream{newStream(tx.Bucket(timeIndex), nil)}
		case q.Tag == "":
			streams = []*stream{newStream(tx.Bucket(langIndex), langPrefix(q.Lang))}
		case q.Lang != "":
			streams = []*stream{newStream(tx.Bucket(tagIndex), tagPrefix(q.Lang, q.Tag))}
		default:
			b := tx.Bucket(tagIndex)
			for _, lang := range langsIn(b) {
				streams = append(streams, newStream(b, tagPrefix(lang, q.Tag)))
			}
		}
		var err error
		out, err = db.collect(tx, streams, q, nil, decodeArticle)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: latest: %w", err)
	}
	return out, nil
}

// Since returns the articles published at or after t (FirstSeen stands in
// for a missing Published), newest first, with Translations filled in. It
// serves incremental translation linking.
func (db *DB) Since(ctx context.Context, t time.Time) ([]sanafeed.Article, error) {
	var out []sanafeed.Article
	limit := invTime(t)
	if t.IsZero() {
		limit = nil // everything, undated or not
	}
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		var err error
		out, err = db.collect(tx, []*stream{newStream(tx.Bucket(timeIndex), nil)}, sanafeed.Query{}, limit, decodeArticle)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: since: %w", err)
	}
	return out, nil
}

// checkSpan rejects a stretch of time that is not two times, the first
// not after the second.
func checkSpan(from, to time.Time) error {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return fmt.Errorf("between %v and %v: want two times, the first not after the second", from, to)
	}
	return nil
}

// CountBetween returns how many articles BetweenHeads(from, to) would
// return, reading only the time index's keys.
func (db *DB) CountBetween(ctx context.Context, from, to time.Time) (int, error) {
	if err := checkSpan(from, to); err != nil {
		return 0, fmt.Errorf("store: count %w", err)
	}
	n := 0
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		c := tx.Bucket(timeIndex).Cursor()
		until := invTime(from)
		for k, _ := c.Seek(invTime(to)); len(k) >= timeLen && bytes.Compare(k[:timeLen], until) <= 0; k, _ = c.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: count between: %w", err)
	}
	return n, nil
}

// BetweenHeads returns the articles published from from to to, both
// included (FirstSeen stands in for a missing Published), newest first,
// with Translations filled in but without their Summary and Content,
// which are not even decompressed (see articleFormat): translation
// linking reads the stretch of time around what a poll stored, and needs
// the text of only the few it has no features for (Known reads those).
func (db *DB) BetweenHeads(ctx context.Context, from, to time.Time) ([]sanafeed.Article, error) {
	if err := checkSpan(from, to); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var out []sanafeed.Article
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		s := &stream{c: tx.Bucket(timeIndex).Cursor()}
		k, _ := s.c.Seek(invTime(to)) // the index runs newest first
		s.set(k)
		var err error
		out, err = db.collect(tx, []*stream{s}, sanafeed.Query{}, invTime(from), decodeHead)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: between: %w", err)
	}
	return out, nil
}

// collect decodes the articles the streams name, merged newest first,
// until q.Limit articles (0 for no limit) are kept, q.Scan were read (0
// for no bound) or an index time is after until (an inverted time; nil
// for no bound), each with decode; q.Match, when set, says which to keep
// (the others' translations are not read). An article that does not
// decode is skipped (see Corrupt), and so are the translations of a
// cluster that does not.
func (db *DB) collect(tx *bbolt.Tx, streams []*stream, q sanafeed.Query, until []byte, decode func([]byte) (sanafeed.Article, error)) ([]sanafeed.Article, error) {
	defer release(tx) // the items may lie far apart in the file: release now
	articles := tx.Bucket(articlesBucket)
	r := newReader(tx, db.skipRecord)
	out := []sanafeed.Article{}
	for read := 0; (q.Limit <= 0 || len(out) < q.Limit) && (q.Scan <= 0 || read < q.Scan); read++ {
		s := first(streams)
		if s == nil || len(s.k) < timeLen {
			break
		}
		if until != nil && bytes.Compare(s.k[:timeLen], until) > 0 {
			break
		}
		key := s.k[timeLen:]
		s.next()
		v := articles.Get(key)
		if v == nil {
			continue // cannot happen: indexes change with articles
		}
		a, err := decode(v)
		if err != nil {
			db.skipRecord(articlesBucket, key, err)
			continue
		}
		if (read+1)%releaseBatch == 0 {
			release(tx) // a long read keeps few pages resident at a time
		}
		if q.Match != nil && !q.Match(&a) {
			continue
		}
		r.fill(&a)
		out = append(out, a)
	}
	return out, nil
}

// releaseBatch is how many articles a bulk read decodes between releases
// of the map: each costs tens of microseconds, and each article's read
// maps up to 64 KB around it.
const releaseBatch = 64

// A stream walks the keys under one prefix of an index, forward.
type stream struct {
	c      *bbolt.Cursor
	prefix []byte
	k      []byte // the current key without the prefix; nil at the end
}

func newStream(b *bbolt.Bucket, prefix []byte) *stream {
	s := &stream{c: b.Cursor(), prefix: prefix}
	k, _ := s.c.Seek(prefix)
	s.set(k)
	return s
}

func (s *stream) set(k []byte) {
	if hasPrefix(k, s.prefix) {
		s.k = k[len(s.prefix):]
	} else {
		s.k = nil
	}
}

func (s *stream) next() {
	k, _ := s.c.Next()
	s.set(k)
}

// first returns the stream whose current key sorts first, nil if all ended.
func first(streams []*stream) *stream {
	var best *stream
	for _, s := range streams {
		if s.k != nil && (best == nil || bytes.Compare(s.k, best.k) < 0) {
			best = s
		}
	}
	return best
}

// hasPrefix reports whether k exists and starts with prefix.
func hasPrefix(k, prefix []byte) bool {
	return k != nil && bytes.HasPrefix(k, prefix)
}

// langsIn returns the editions present in a bucket whose keys start with
// "lang 0", skipping from one edition to the next.
func langsIn(b *bbolt.Bucket) []string {
	var langs []string
	c := b.Cursor()
	for k, _ := c.First(); k != nil; {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			k, _ = c.Next()
			continue
		}
		langs = append(langs, string(k[:i]))
		k, _ = c.Seek(join(k[:i], []byte{1}))
	}
	return langs
}

// Tags returns the tags of the edition lang ("" for every edition) with
// how many stored articles carry each, most used first, then by slug.
func (db *DB) Tags(ctx context.Context, lang string) ([]sanafeed.TagCount, error) {
	out := []sanafeed.TagCount{}
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		var prefix []byte
		if lang != "" {
			prefix = langPrefix(lang)
		}
		c := tx.Bucket(tagsBucket).Cursor()
		for k, v := c.Seek(prefix); hasPrefix(k, prefix); k, v = c.Next() {
			i := bytes.IndexByte(k, 0)
			if i < 0 || len(v) < 8 {
				continue
			}
			out = append(out, sanafeed.TagCount{
				Lang:  string(k[:i]),
				Tag:   sanafeed.Tag{Slug: string(k[i+1:]), Name: string(v[8:])},
				Count: int(getU64(v)),
			})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: tags: %w", err)
	}
	slices.SortFunc(out, func(a, b sanafeed.TagCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Tag.Slug, b.Tag.Slug),
			cmp.Compare(langRank(a.Lang), langRank(b.Lang)), cmp.Compare(a.Lang, b.Lang))
	})
	return out, nil
}
