package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// A member is one article of a translation cluster as the clusters bucket
// keeps it: enough to write its Link without decoding the article.
type member struct {
	Key   string
	Lang  string // from Key
	URL   string
	ID    string // from Key
	Title string
}

// storedMember is a member's JSON in the clusters bucket: its key, URL
// and title under short names (its lang and public id follow from its
// key). Records written before this form carry the long names, and the
// lang and id, which are ignored.
type storedMember struct {
	K     string `json:"k,omitempty"`
	U     string `json:"u,omitempty"`
	T     string `json:"t,omitempty"`
	Key   string `json:"key,omitempty"`
	URL   string `json:"url,omitempty"`
	Title string `json:"title,omitempty"`
}

// MarshalJSON writes m's stored form.
func (m member) MarshalJSON() ([]byte, error) {
	return json.Marshal(storedMember{K: m.Key, U: m.URL, T: m.Title})
}

// UnmarshalJSON reads a stored member, short or long form.
func (m *member) UnmarshalJSON(b []byte) error {
	var s storedMember
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	key := cmp.Or(s.K, s.Key)
	lang, id, err := sanafeed.SplitKey(key)
	if err != nil {
		return err
	}
	*m = member{Key: key, Lang: lang, URL: cmp.Or(s.U, s.URL), ID: sanafeed.ArticleID(lang, id), Title: cmp.Or(s.T, s.Title)}
	return nil
}

// memberOf returns a's entry in its cluster.
func memberOf(a *sanafeed.Article) member {
	return member{Key: a.Key(), Lang: a.Lang, URL: a.URL, ID: a.ID(), Title: a.Title}
}

// langRank orders languages as sanafeed.Editions does, unknown ones last.
func langRank(lang string) int {
	for i, e := range sanafeed.Editions {
		if e.Lang == lang {
			return i
		}
	}
	return len(sanafeed.Editions)
}

// sortMembers orders ms by edition, then key.
func sortMembers(ms []member) {
	slices.SortFunc(ms, func(a, b member) int {
		return cmp.Or(cmp.Compare(langRank(a.Lang), langRank(b.Lang)), cmp.Compare(a.Key, b.Key))
	})
}

// getCluster decodes the members of cluster id; none if it is not stored.
func getCluster(tx *bbolt.Tx, id string) ([]member, error) {
	v := tx.Bucket(clustersBucket).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var ms []member
	if err := json.Unmarshal(v, &ms); err != nil {
		return nil, fmt.Errorf("decode cluster %s: %w", id, err)
	}
	return ms, nil
}

// putCluster stores the members of cluster id, deleting it when empty.
func putCluster(tx *bbolt.Tx, id string, ms []member) error {
	b := tx.Bucket(clustersBucket)
	if len(ms) == 0 {
		return b.Delete([]byte(id))
	}
	sortMembers(ms)
	buf, err := json.Marshal(ms)
	if err != nil {
		return fmt.Errorf("encode cluster %s: %w", id, err)
	}
	return b.Put([]byte(id), buf)
}

// refreshMember rewrites a's entry in its cluster after its title or URL
// changed.
func refreshMember(tx *bbolt.Tx, a *sanafeed.Article) error {
	ms, err := getCluster(tx, a.Cluster)
	if err != nil {
		return err
	}
	k := a.Key()
	ms = slices.DeleteFunc(ms, func(m member) bool { return m.Key == k })
	return putCluster(tx, a.Cluster, append(ms, memberOf(a)))
}

// A reader fills in Translations within one read, decoding each cluster
// once.
type reader struct {
	tx       *bbolt.Tx
	clusters map[string][]member
	skip     func(bucket, key []byte, err error) error // told of a cluster that does not decode; nil for none
}

func newReader(tx *bbolt.Tx, skip func(bucket, key []byte, err error) error) *reader {
	return &reader{tx: tx, clusters: make(map[string][]member), skip: skip}
}

// fill sets a.Translations to the other members of a's cluster in
// edition order. A cluster that cannot be decoded gives none (and is
// told to r.skip).
func (r *reader) fill(a *sanafeed.Article) {
	a.Translations = nil
	if a.Cluster == "" {
		return
	}
	ms, ok := r.clusters[a.Cluster]
	if !ok {
		var err error
		ms, err = getCluster(r.tx, a.Cluster)
		if err != nil && r.skip != nil {
			r.skip(clustersBucket, []byte(a.Cluster), err)
		}
		r.clusters[a.Cluster] = ms
	}
	k := a.Key()
	for _, m := range ms {
		if m.Key != k {
			a.Translations = append(a.Translations, sanafeed.Link{Lang: m.Lang, URL: m.URL, ID: m.ID, Title: m.Title})
		}
	}
}

// SetClusters assigns articles to translation clusters: assign maps an
// article key to its cluster id, "" for none. It returns the keys whose
// cluster changed, sorted. All assignments commit in one transaction,
// which bumps Generation and LastChange if anything changed; the
// articles' Version and Updated stay as they are. Keys that are not stored
// are skipped and reported in the returned error (wrapping
// sanafeed.ErrNotFound) after the others are committed. The same
// transaction queues an article.translation_linked webhook event for every
// article whose set of translations changed and is not empty.
func (db *DB) SetClusters(ctx context.Context, assign map[string]string) (changed []string, err error) {
	keys := make([]string, 0, len(assign))
	for k := range assign {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	now := db.now()
	var missing []error
	var generation uint64
	err = db.update(ctx, func(tx *bbolt.Tx) error {
		changed, missing = nil, nil
		clusters := make(map[string][]member)
		for i, k := range keys {
			if i > 0 && i%releaseBatch == 0 {
				release(tx) // a window's articles lie all over the file
			}
			ok, err := setCluster(tx, clusters, k, assign[k])
			switch {
			case errors.Is(err, sanafeed.ErrNotFound):
				missing = append(missing, fmt.Errorf("store: set cluster of %s: %w", k, err))
			case err != nil:
				return fmt.Errorf("%s: %w", k, err)
			case ok:
				changed = append(changed, k)
			}
		}
		if len(changed) == 0 {
			return errNoChange
		}
		before := make(map[string][]member, len(clusters))
		for id := range clusters {
			ms, err := getCluster(tx, id)
			if err != nil {
				return err
			}
			before[id] = ms
		}
		for id, ms := range clusters {
			if err := putCluster(tx, id, ms); err != nil {
				return err
			}
		}
		// The events hold their articles in full: read only when some
		// webhook may want them.
		if hooked, err := anyEndpoint(tx); err != nil || hooked {
			evs, err := linkedEvents(tx, before, clusters)
			if err != nil {
				return err
			}
			if err := enqueue(tx, now, evs); err != nil {
				return fmt.Errorf("queue webhooks: %w", err)
			}
		}
		generation, err = bumpGeneration(tx, now)
		release(tx) // a bulk write: its reads touched pages all over the file
		return err
	})
	if len(keys) >= releaseBatch {
		db.releaseCommitted(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("store: set clusters: %w", err)
	}
	if generation > 0 {
		db.committed(generation, now)
	}
	return changed, errors.Join(missing...)
}

// setCluster moves the article key into cluster id, recording the
// clusters it touches in clusters (written by the caller), and reports
// whether the article's cluster changed.
func setCluster(tx *bbolt.Tx, clusters map[string][]member, key, id string) (bool, error) {
	v := tx.Bucket(articlesBucket).Get([]byte(key))
	if v == nil {
		return false, sanafeed.ErrNotFound
	}
	// Most of a window keep their cluster: only the head is read to know.
	if h, err := decodeHead(v); err != nil || h.Cluster == id {
		return false, err
	}
	a, err := decodeArticle(v)
	if err != nil {
		return false, err
	}
	load := func(id string) ([]member, error) {
		if ms, ok := clusters[id]; ok {
			return ms, nil
		}
		return getCluster(tx, id)
	}
	if a.Cluster != "" {
		ms, err := load(a.Cluster)
		if err != nil {
			return false, err
		}
		clusters[a.Cluster] = slices.DeleteFunc(ms, func(m member) bool { return m.Key == key })
	}
	if id != "" {
		ms, err := load(id)
		if err != nil {
			return false, err
		}
		clusters[id] = append(ms, memberOf(&a))
	}
	a.Cluster = id
	return true, putArticle(tx, &a)
}

// linkedEvents returns a translation_linked event for every article of the
// clusters SetClusters touched whose set of translations is different and
// not empty: before and after hold those clusters' members before and
// after, and tx already holds the new state.
func linkedEvents(tx *bbolt.Tx, before, after map[string][]member) ([]event, error) {
	oldOf, newOf := map[string]string{}, map[string]string{}
	for id, ms := range before {
		for _, m := range ms {
			oldOf[m.Key] = id
		}
	}
	var keys []string
	for id, ms := range after {
		for _, m := range ms {
			newOf[m.Key] = id
			keys = append(keys, m.Key)
		}
	}
	slices.Sort(keys)
	others := func(ms []member, k string) []string {
		var out []string
		for _, m := range ms {
			if m.Key != k {
				out = append(out, m.Key)
			}
		}
		slices.Sort(out)
		return out
	}
	r := newReader(tx, nil)
	var evs []event
	for i, k := range keys {
		if i > 0 && i%releaseBatch == 0 {
			release(tx)
		}
		cur := others(after[newOf[k]], k)
		var old []string
		if id, ok := oldOf[k]; ok {
			old = others(before[id], k)
		}
		if len(cur) == 0 || slices.Equal(old, cur) {
			continue
		}
		v := tx.Bucket(articlesBucket).Get([]byte(k))
		if v == nil {
			continue // cannot happen: clusters change with articles
		}
		a, err := decodeArticle(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		r.fill(&a)
		evs = append(evs, event{sanafeed.EventTranslationLinked, &a})
	}
	return evs, nil
}
