package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// ClusterTags returns the tags the articles of every translation cluster
// of two editions or more carry: the evidence for learning which tags of
// different editions mean the same thing (link.LearnTags). It reads the
// clusters bucket and the tag index, never an article record, in one read
// transaction; a cluster that does not decode is skipped (see Corrupt).
// Memory is proportional to the clustered articles and their tags.
func (db *DB) ClusterTags(ctx context.Context) (*sanafeed.TagClusters, error) {
	out := &sanafeed.TagClusters{}
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		defer release(tx) // a walk over two whole buckets
		of, err := db.clusterOf(tx, out)
		if err != nil {
			return err
		}
		return tagsOfClusters(tx, out, of)
	})
	if err != nil {
		return nil, fmt.Errorf("store: cluster tags: %w", err)
	}
	return out, nil
}

// clusterOf numbers the clusters of two editions or more into
// out.Clusters (their Langs set, their Tags empty) and returns the
// cluster number of each of their articles, by key.
func (db *DB) clusterOf(tx *bbolt.Tx, out *sanafeed.TagClusters) (map[string]int32, error) {
	langBit := map[string]uint64{}
	bit := func(lang string) uint64 {
		if b, ok := langBit[lang]; ok {
			return b
		}
		if len(out.Langs) == 64 {
			return 0 // more editions than bits: the rest are not told apart
		}
		b := uint64(1) << len(out.Langs)
		out.Langs = append(out.Langs, lang)
		langBit[lang] = b
		return b
	}
	of := map[string]int32{}
	var ms []memberKey
	walked := 0
	err := tx.Bucket(clustersBucket).ForEach(func(k, v []byte) error {
		if walked++; walked%walkRelease == 0 {
			release(tx) // a whole bucket: keep few of its pages resident
		}
		ms = ms[:0]
		if err := json.Unmarshal(v, &ms); err != nil {
			db.skipRecord(clustersBucket, k, err)
			return nil
		}
		var langs uint64
		editions := 0
		for _, m := range ms {
			lang, _, ok := strings.Cut(cmp.Or(m.K, m.Key), "/")
			if !ok {
				continue
			}
			if b := bit(lang); langs&b == 0 {
				langs |= b
				editions++
			}
		}
		if editions < 2 {
			return nil
		}
		n := int32(len(out.Clusters))
		out.Clusters = append(out.Clusters, sanafeed.TagCluster{Langs: langs})
		for _, m := range ms {
			of[cmp.Or(m.K, m.Key)] = n
		}
		return nil
	})
	return of, err
}

// walkRelease is how many entries ClusterTags's walks read between two
// releases of the map (see release): without them a learning over
// 100,000 articles left both buckets resident, and serve's peak RSS on
// its first index page went from 45 to 120 MB (sanabench -only memory).
const walkRelease = 4096

// tagsOfClusters walks the tag index and adds each tag of an article of
// a numbered cluster to that cluster, numbering the tags into out.Tags
// with their names from the tags bucket.
func tagsOfClusters(tx *bbolt.Tx, out *sanafeed.TagClusters, of map[string]int32) error {
	names := tx.Bucket(tagsBucket)
	var prefix []byte // the current tag's "lang 0 slug 0"
	cur := int32(-1)  // its number; -1 until one of its articles is clustered
	c := tx.Bucket(tagIndex).Cursor()
	walked := 0
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if walked++; walked%walkRelease == 0 {
			release(tx) // the whole tag index: keep few of its pages resident
		}
		if prefix == nil || !bytes.HasPrefix(k, prefix) {
			i := bytes.IndexByte(k, 0)
			j := -1
			if i >= 0 {
				j = bytes.IndexByte(k[i+1:], 0)
			}
			if j < 0 {
				prefix = nil
				continue
			}
			prefix = slices.Clone(k[:i+1+j+1])
			cur = -1
		}
		rest := k[len(prefix):]
		if len(rest) <= timeLen {
			continue
		}
		n, ok := of[string(rest[timeLen:])]
		if !ok {
			continue
		}
		if cur < 0 {
			i := bytes.IndexByte(prefix, 0)
			lang, slug := string(prefix[:i]), string(prefix[i+1:len(prefix)-1])
			name := slug
			if v := names.Get(prefix[:len(prefix)-1]); len(v) > 8 {
				name = string(v[8:])
			}
			cur = int32(len(out.Tags))
			out.Tags = append(out.Tags, sanafeed.TagRef{Lang: lang, Slug: slug, Name: name})
		}
		cl := &out.Clusters[n]
		if m := len(cl.Tags); m == 0 || cl.Tags[m-1] != cur {
			cl.Tags = append(cl.Tags, cur) // tags are numbered in walk order: ascending already
		}
	}
	return nil
}

// memberKey is the key of a member in the clusters bucket, short or long
// form (see storedMember): decoding it alone skips the URL and title.
type memberKey struct {
	K   string `json:"k,omitempty"`
	Key string `json:"key,omitempty"`
}
