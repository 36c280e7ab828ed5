package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"go.etcd.io/bbolt"
)

// CheckIndexes rebuilds every derived record (indexes, tag counts, article
// counts, cluster members, the URL index) from the articles bucket, and
// the fetch time index from the pages, and reports the first difference
// from what is stored. Tests only: it scans everything.
func (db *DB) CheckIndexes() error {
	b, err := db.handle(context.Background())
	if err != nil {
		return err
	}
	return b.View(func(tx *bbolt.Tx) error {
		want := map[string]map[string]string{
			string(timeIndex): {}, string(langIndex): {}, string(tagIndex): {},
			string(tagsBucket): {}, string(clustersBucket): {},
		}
		counts := map[string]uint64{}
		tagCounts := map[string]uint64{}
		clusters := map[string][]member{}
		err := tx.Bucket(articlesBucket).ForEach(func(k, v []byte) error {
			a, err := decodeArticle(v)
			if err != nil {
				return err
			}
			if a.Key() != string(k) {
				return fmt.Errorf("article under %q has key %q", k, a.Key())
			}
			if len(a.Translations) > 0 {
				return fmt.Errorf("article %s stored with translations", k)
			}
			e := entriesOf(&a)
			want[string(timeIndex)][string(e.time)] = ""
			want[string(langIndex)][string(e.lang)] = ""
			for _, t := range e.tags {
				want[string(tagIndex)][string(t)] = ""
			}
			for _, slug := range tagSlugs(&a) {
				tagCounts[a.Lang+"\x00"+slug]++
			}
			counts[a.Lang]++
			if a.Cluster != "" {
				clusters[a.Cluster] = append(clusters[a.Cluster], memberOf(&a))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for k, n := range tagCounts {
			want[string(tagsBucket)][k] = string(u64(n))
		}
		for id, ms := range clusters {
			sortMembers(ms)
			buf, _ := json.Marshal(ms)
			want[string(clustersBucket)][id] = string(buf)
		}
		for name, w := range want {
			got := map[string]string{}
			tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
				if name == string(tagsBucket) {
					v = v[:8] // the count; the name is whatever was written last
				}
				got[string(k)] = string(v)
				return nil
			})
			if !maps.Equal(got, w) {
				return fmt.Errorf("bucket %s: got %q, want %q", name, sortedKeys(got), sortedKeys(w))
			}
		}
		c := tx.Bucket(metaBucket).Cursor()
		gotCounts := map[string]uint64{}
		for k, v := c.Seek(countPrefix); k != nil && bytes.HasPrefix(k, countPrefix); k, v = c.Next() {
			gotCounts[string(k[len(countPrefix):])] = getU64(v)
		}
		if !maps.Equal(gotCounts, counts) {
			return fmt.Errorf("counts: got %v, want %v", gotCounts, counts)
		}
		if err := checkURLIndex(tx); err != nil {
			return err
		}
		return checkPageIndex(tx)
	})
}

// checkURLIndex reports the first URL index entry that does not name an
// article of its URL (its own, or a folded repost's), or URL of an article that has no entry.
func checkURLIndex(tx *bbolt.Tx) error {
	idx := tx.Bucket(urlIndex)
	arts := tx.Bucket(articlesBucket)
	err := idx.ForEach(func(u, k []byte) error {
		v := arts.Get(k)
		if v == nil {
			return fmt.Errorf("idx_url: %s names %s, which is not stored", u, k)
		}
		a, err := decodeArticle(v)
		if err != nil {
			return err
		}
		if a.URL != string(u) && !slices.Contains(a.Reposts, string(u)) {
			return fmt.Errorf("idx_url: %s names %s, whose urls are %s", u, k, a.URLs())
		}
		return nil
	})
	if err != nil {
		return err
	}
	return arts.ForEach(func(k, v []byte) error {
		a, err := decodeArticle(v)
		if err != nil {
			return err
		}
		if idx.Get([]byte(a.URL)) == nil {
			return fmt.Errorf("idx_url: no entry for %s of %s", a.URL, k)
		}
		return nil
	})
}

// checkPageIndex reports the first difference between the fetch time
// index and the pages' records.
func checkPageIndex(tx *bbolt.Tx) error {
	want := map[string]string{}
	err := tx.Bucket(pagesBucket).ForEach(func(k, v []byte) error {
		t, err := recordFetched(v)
		if err != nil {
			return fmt.Errorf("page %s: %w", k, err)
		}
		want[string(join(invTime(t), k))] = ""
		return nil
	})
	if err != nil {
		return err
	}
	got := map[string]string{}
	tx.Bucket(pageTimeIndex).ForEach(func(k, _ []byte) error {
		got[string(k)] = ""
		return nil
	})
	if !maps.Equal(got, want) {
		return fmt.Errorf("bucket %s: got %q, want %q", pageTimeIndex, sortedKeys(got), sortedKeys(want))
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// MaxPageBytes is the largest page body PutPages keeps.
const MaxPageBytes = maxPageBytes

// PageBatch is how many pages Pages reads per read transaction.
const PageBatch = pageBatch

// PruneBatch is how many pages PrunePages deletes per write transaction.
const PruneBatch = pruneBatch

// SetReleaseEvery sets how often small transactions release the map and
// returns a func restoring it.
func SetReleaseEvery(d time.Duration) (restore func()) {
	old := releaseEvery
	releaseEvery = d
	return func() { releaseEvery = old }
}

// RawPage returns a copy of the record kept under key, nil if none.
func (db *DB) RawPage(key string) []byte {
	var rec []byte
	db.view0(context.Background(), func(tx *bbolt.Tx) error {
		rec = bytes.Clone(tx.Bucket(pagesBucket).Get([]byte(key)))
		return nil
	})
	return rec
}

// SetRawPage stores rec as the record of key, as is.
func (db *DB) SetRawPage(key string, rec []byte) error {
	return db.update(context.Background(), func(tx *bbolt.Tx) error {
		return tx.Bucket(pagesBucket).Put([]byte(key), rec)
	})
}

// StoredSchema returns the schema version recorded in the file.
func (db *DB) StoredSchema() uint64 {
	var v uint64
	db.view0(context.Background(), func(tx *bbolt.Tx) error {
		v = getU64(tx.Bucket(metaBucket).Get(schemaKey))
		return nil
	})
	return v
}

// RewriteFile opens the closed store file at path with bbolt alone,
// records the schema version v in it and deletes the buckets named drop,
// as a file written by an older or newer sanafeed would be.
func RewriteFile(path string, v uint64, drop ...string) error {
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer b.Close()
	return b.Update(func(tx *bbolt.Tx) error {
		for _, name := range drop {
			if err := tx.DeleteBucket([]byte(name)); err != nil {
				return fmt.Errorf("delete bucket %s: %w", name, err)
			}
		}
		return tx.Bucket(metaBucket).Put(schemaKey, u64(v))
	})
}

// Sizes returns the bytes the file's pages up to the high-water mark
// take (what bbolt has allocated, free pages included) and the bytes
// allocated to the pages bucket (its leaves and branches).
func (db *DB) Sizes() (data, pages int64) {
	db.view0(context.Background(), func(tx *bbolt.Tx) error {
		s := tx.Bucket(pagesBucket).Stats()
		data, pages = tx.Size(), int64(s.BranchAlloc+s.LeafAlloc)
		return nil
	})
	return data, pages
}

// DamageFreelist makes the freelist page of the closed store file at path
// claim far more free pages than the file has, as damage to that page
// would: reading them runs past the end of the map.
func DamageFreelist(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	m, ok := readMeta(f, fi.Size())
	if !ok || m.freelist == noFreelist {
		return fmt.Errorf("%s: no valid meta or no freelist", path)
	}
	off := int64(m.freelist) * m.pageSize
	var count [2]byte
	binary.NativeEndian.PutUint16(count[:], 0xFFFF) // the count is the first id
	if _, err := f.WriteAt(count[:], off+10); err != nil {
		return err
	}
	var n [8]byte
	binary.NativeEndian.PutUint64(n[:], 1<<22) // 32 MB of ids
	_, err = f.WriteAt(n[:], off+pageHeaderSize)
	return err
}

// SpoilPage sets to 0 the flags of the root page (which "root") or of the
// freelist page ("freelist") of the closed store file at path, as a
// damaged page header would.
func SpoilPage(path, which string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	m, ok := readMeta(f, fi.Size())
	if !ok {
		return fmt.Errorf("%s: no valid meta", path)
	}
	id := m.root
	if which == "freelist" {
		id = m.freelist
	}
	_, err = f.WriteAt([]byte{0, 0}, int64(id)*m.pageSize+8)
	return err
}

// ZeroPagesWith overwrites with zeros every page of the closed store
// file at path that holds the bytes b, except the meta, root and freelist
// pages, as a disk that lost them would, and returns how many it zeroed.
func ZeroPagesWith(path string, b []byte) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	m, ok := readMeta(bytes.NewReader(data), int64(len(data)))
	if !ok {
		return 0, fmt.Errorf("%s: no valid meta", path)
	}
	n := 0
	for id := uint64(2); id < m.pgid; id++ {
		p := data[int64(id)*m.pageSize : int64(id+1)*m.pageSize]
		if id == m.root || id == m.freelist || !bytes.Contains(p, b) {
			continue
		}
		clear(p)
		n++
	}
	return n, os.WriteFile(path, data, 0o600)
}

// SetRawArticle stores rec as the record of the article key, as is,
// leaving the indexes alone: rec may be bytes no article decodes from.
func (db *DB) SetRawArticle(key string, rec []byte) error {
	return db.update(context.Background(), func(tx *bbolt.Tx) error {
		return tx.Bucket(articlesBucket).Put([]byte(key), rec)
	})
}

// SetRawRevision stores rec as the record of the revision version of the
// article key, as is.
func (db *DB) SetRawRevision(key string, version int, rec []byte) error {
	return db.update(context.Background(), func(tx *bbolt.Tx) error {
		return tx.Bucket(revisionsBucket).Put(join(revisionPrefix(key), u64(uint64(version))), rec)
	})
}

// SetRawCluster stores rec as the record of the cluster id, as is.
func (db *DB) SetRawCluster(id string, rec []byte) error {
	return db.update(context.Background(), func(tx *bbolt.Tx) error {
		return tx.Bucket(clustersBucket).Put([]byte(id), rec)
	})
}

// RawArticle returns a copy of the record of the article key, nil if none.
func (db *DB) RawArticle(key string) []byte {
	var rec []byte
	db.view0(context.Background(), func(tx *bbolt.Tx) error {
		rec = bytes.Clone(tx.Bucket(articlesBucket).Get([]byte(key)))
		return nil
	})
	return rec
}

// RewriteFirstFormat opens the closed store file at path with bbolt
// alone and rewrites it as sanafeed wrote it at SchemaVersion 2: every
// article record as JSON (see articleFormat), schema version 2.
func RewriteFirstFormat(path string) error {
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer b.Close()
	return b.Update(func(tx *bbolt.Tx) error {
		arts := tx.Bucket(articlesBucket)
		recs := map[string][]byte{}
		err := arts.ForEach(func(k, v []byte) error {
			a, err := decodeArticle(v)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(&a); err != nil {
				return err
			}
			recs[string(k)] = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
			return nil
		})
		if err != nil {
			return err
		}
		for k, v := range recs {
			if err := arts.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return tx.Bucket(metaBucket).Put(schemaKey, u64(2))
	})
}
