package store

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Index keys put an 8-byte inverted time before the article key, so a
// forward cursor walks newest first and equal times in ascending key
// order. The time is sortable: the zero time sorts oldest of all.

const timeLen = 8

// u64 encodes v big-endian.
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// getU64 decodes a big-endian uint64; nil or short input gives 0.
func getU64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

var (
	minNanos = time.Unix(0, math.MinInt64+1)
	maxNanos = time.Unix(0, math.MaxInt64)
)

// invTime returns t as 8 bytes that sort newest first. The zero time
// sorts after every other time.
func invTime(t time.Time) []byte { return u64(^sortTime(t)) }

// sortTime returns t as a number that sorts oldest first: 0 for the zero
// time, 1 and MaxUint64 for times before minNanos and after maxNanos,
// and for the times between, which it keeps to the nanosecond, neither.
func sortTime(t time.Time) uint64 {
	switch {
	case t.IsZero():
		return 0
	case t.Before(minNanos):
		return 1
	case t.After(maxNanos):
		return math.MaxUint64
	}
	return uint64(t.UnixNano()) ^ 1<<63
}

// timeOf returns the time whose sortTime is v, in UTC: exact for the
// zero time and the times between minNanos and maxNanos.
func timeOf(v uint64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(v^1<<63)).UTC()
}

// join concatenates parts into a new slice.
func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

var sep = []byte{0}

// langPrefix returns "lang 0", the prefix of an edition in idx_lang,
// idx_tag, tags and polls.
func langPrefix(lang string) []byte { return join([]byte(lang), sep) }

// tagPrefix returns "lang 0 slug 0", the prefix of a tag in idx_tag.
func tagPrefix(lang, slug string) []byte {
	return join([]byte(lang), sep, []byte(slug), sep)
}

// indexEntries are the keys an article occupies in the three indexes.
type indexEntries struct {
	time, lang []byte
	tags       [][]byte
}

// entriesOf returns the index keys of a.
func entriesOf(a *sanafeed.Article) indexEntries {
	t, key := invTime(a.Time()), []byte(a.Key())
	e := indexEntries{
		time: join(t, key),
		lang: join(langPrefix(a.Lang), t, key),
	}
	for _, slug := range tagSlugs(a) {
		e.tags = append(e.tags, join(tagPrefix(a.Lang, slug), t, key))
	}
	return e
}

// equal reports whether e and f name the same index keys.
func (e indexEntries) equal(f indexEntries) bool {
	if !bytes.Equal(e.time, f.time) || !bytes.Equal(e.lang, f.lang) || len(e.tags) != len(f.tags) {
		return false
	}
	for i := range e.tags {
		if !bytes.Equal(e.tags[i], f.tags[i]) {
			return false
		}
	}
	return true
}

// tagSlugs returns a's distinct usable tag slugs in order of appearance.
func tagSlugs(a *sanafeed.Article) []string {
	var out []string
	for _, t := range a.Tags {
		if validSlug(t.Slug) && !slices.Contains(out, t.Slug) {
			out = append(out, t.Slug)
		}
	}
	return out
}

// validSlug reports whether slug can be part of an index key.
func validSlug(slug string) bool {
	return slug != "" && !strings.ContainsRune(slug, 0)
}
