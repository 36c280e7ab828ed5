package store

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// urlIndex maps each stored article's URL (Article.URL, as stored) to its
// key, for themes whose permalinks do not carry the post id. Open fills
// it from the articles when a file lacks it; PutArticles keeps it.
var urlIndex = []byte("idx_url") // url → key

// indexURL moves the URL index entry of an article from old's URL to
// cur's; old is nil for a new article. The old URL's entry goes only if
// it still names this article.
func indexURL(tx *bbolt.Tx, old, cur *sanafeed.Article) error {
	if old != nil && old.URL == cur.URL {
		return nil
	}
	b := tx.Bucket(urlIndex)
	key := []byte(cur.Key())
	if old != nil && string(b.Get([]byte(old.URL))) == string(key) {
		if err := b.Delete([]byte(old.URL)); err != nil {
			return err
		}
	}
	return b.Put([]byte(cur.URL), key)
}

// fillURLIndex puts every stored article's URL in the URL index.
func fillURLIndex(tx *bbolt.Tx) error {
	b := tx.Bucket(urlIndex)
	return tx.Bucket(articlesBucket).ForEach(func(k, v []byte) error {
		a, err := decodeHead(v)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if a.URL == "" {
			return nil
		}
		return b.Put([]byte(a.URL), k)
	})
}

// KeysByURL returns the keys of the stored articles whose URL is one of
// urls, by URL. A URL matches only as stored (Article.URL, canonical);
// URLs of no stored article are absent from the map.
func (db *DB) KeysByURL(ctx context.Context, urls []string) (map[string]string, error) {
	m := make(map[string]string)
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(urlIndex)
		for _, u := range urls {
			if v := b.Get([]byte(u)); v != nil {
				m[u] = string(v)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: keys by url: %w", err)
	}
	return m, nil
}
