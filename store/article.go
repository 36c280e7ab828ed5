package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// pending is one article key's state during PutArticles.
type pending struct {
	old     *sanafeed.Article // as stored before the call; nil if new
	cur     sanafeed.Article  // after merging the call's observations
	changed bool              // some observation changed cur
	// prior is the text to keep as a revision if cur's differs: old, or
	// for a new article its own text before a repost was folded into it.
	prior   *sanafeed.Article
	fold    bool               // a repost was folded into cur
	aliases []sanafeed.Article // the reposts newly folded into cur
}

// PutArticles merges each observation into the stored article with the
// same Key, all in one transaction (one fsync). A new key is stored with
// Version 1 and FirstSeen = Updated = Now(); an existing one gets
// old.Merge(new), and if that changed anything, Version+1 and Updated =
// Now(). Observations of one key within a call merge in order and give one
// Change; Changes follow the order in which keys first appear.
//
// The store owns FirstSeen, Updated, Version, Cluster, Translations,
// Revisions and Reposts: their values in arts are ignored (clusters are
// set with SetClusters).
//
// When a title or text changes (see sanafeed.TextChanged), the old one is
// kept as a revision (see Revisions), the last DB.KeepRevisions of them.
//
// An article whose RepostOf names a stored article of its edition (or one
// earlier in arts), and whose own key is not stored, is folded into that
// article instead of stored: its title and text become the original's
// (the original's become a revision), its URL joins the original's
// Reposts, and its key and URL become aliases of the original's key (see
// Article, Known, KeysByURL). The original is Updated (one article.updated
// event); nothing is created. Any later observation of the repost's key
// is folded again, changing the original only if its text changed. Once
// a repost's text is an article's, observations of the article's own
// post no longer change its title or text.
//
// Invalid articles are skipped, and so are observations of a stored
// article whose record does not decode (see Corrupt); the others are
// committed and the skipped ones reported in the returned error
// (errors.Join), alongside a non-nil Change slice. A failed commit
// returns no Changes.
func (db *DB) PutArticles(ctx context.Context, arts []sanafeed.Article) ([]sanafeed.Change, error) {
	var invalid []error
	valid := make([]sanafeed.Article, 0, len(arts))
	for _, a := range arts {
		if err := validate(&a); err != nil {
			invalid = append(invalid, fmt.Errorf("store: skipped: %w", err))
			continue
		}
		valid = append(valid, a)
	}
	if len(valid) == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return []sanafeed.Change{}, errors.Join(invalid...)
	}
	now := db.now()
	var changes []sanafeed.Change
	var generation uint64
	var skipped []error
	err := db.update(ctx, func(tx *bbolt.Tx) error {
		var err error
		skipped = nil
		changes, generation, err = putArticles(tx, valid, now, db.KeepRevisions, func(k string, err error) {
			err = db.skipRecord(articlesBucket, []byte(k), err)
			skipped = append(skipped, fmt.Errorf("store: skipped %s: %w", k, err))
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: put articles: %w", err)
	}
	if generation > 0 {
		db.committed(generation, now)
	}
	return changes, errors.Join(append(invalid, skipped...)...)
}

// stamp returns now as an article's FirstSeen or Updated is kept: to the
// second, as feeds show times (a nanosecond costs ten bytes a time in
// every record, for nothing).
func stamp(now time.Time) time.Time { return now.UTC().Truncate(time.Second) }

// validate checks a as sanafeed does, plus what index keys need.
func validate(a *sanafeed.Article) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if strings.ContainsAny(a.Lang, "\x00/") {
		return fmt.Errorf("article %s: bad lang %q", a.URL, a.Lang)
	}
	if len(a.URL) > bbolt.MaxKeySize {
		return fmt.Errorf("article %s: url of %d bytes is too long", a.Key(), len(a.URL))
	}
	if a.RepostOf != "" {
		lang, _, err := sanafeed.SplitKey(a.RepostOf)
		if err != nil || lang != a.Lang || a.RepostOf == a.Key() {
			return fmt.Errorf("article %s: repost of %q: not another article of its edition", a.Key(), a.RepostOf)
		}
	}
	return nil
}

// putArticles is PutArticles' transaction. It returns errNoChange when
// every article is unchanged, and the new generation otherwise. It queues
// the webhook events of the changes (see articleEvents) in tx. The
// observations of a stored article whose record does not decode are left
// out, and told to skip once. keep is how many revisions an article keeps.
func putArticles(tx *bbolt.Tx, arts []sanafeed.Article, now time.Time, keep int, skip func(key string, err error)) ([]sanafeed.Change, uint64, error) {
	byKey := make(map[string]*pending, len(arts))
	bad := map[string]bool{}
	var order []*pending
	// load returns the pending state of the key k, reading the stored
	// article; nil if k is not stored or its record does not decode.
	load := func(k string) *pending {
		if p := byKey[k]; p != nil || bad[k] {
			return p
		}
		v := tx.Bucket(articlesBucket).Get([]byte(k))
		if v == nil {
			return nil
		}
		old, err := decodeArticle(v)
		if err != nil {
			bad[k] = true
			skip(k, err)
			return nil
		}
		p := &pending{old: &old, cur: old, prior: &old}
		byKey[k] = p
		order = append(order, p)
		return p
	}
	for _, a := range arts {
		k := a.Key()
		if p := byKey[k]; p != nil {
			if p.cur.Key() == k {
				mergeOwn(p, a)
			} else {
				fold(p, a) // a repost met before in this call
			}
			continue
		}
		if t := foldTarget(tx, &a); t != "" {
			if p := load(t); p != nil {
				byKey[k] = p
				fold(p, a)
				continue
			}
		}
		if bad[k] {
			continue
		}
		if p := load(k); p != nil {
			mergeOwn(p, a)
			continue
		}
		if bad[k] {
			continue
		}
		p := &pending{cur: a}
		p.cur.FirstSeen, p.cur.Updated, p.cur.Version = stamp(now), stamp(now), 1
		p.cur.Cluster, p.cur.Translations, p.cur.RepostOf = "", nil, ""
		p.cur.Revisions, p.cur.Reposts = 0, nil
		byKey[k] = p
		order = append(order, p)
	}
	changes := make([]sanafeed.Change, len(order))
	dirty := false
	for i, p := range order {
		kind, err := storeMerged(tx, p, now, keep)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", p.cur.Key(), err)
		}
		dirty = dirty || kind != sanafeed.Unchanged
		changes[i] = sanafeed.Change{Kind: kind, Article: p.cur}
	}
	if !dirty {
		return fillChanges(tx, changes), 0, errNoChange
	}
	generation, err := bumpGeneration(tx, now)
	if err != nil {
		return nil, 0, err
	}
	changes = fillChanges(tx, changes)
	if err := enqueue(tx, now, articleEvents(order, changes)); err != nil {
		return nil, 0, fmt.Errorf("queue webhooks: %w", err)
	}
	return changes, generation, nil
}

// storeMerged writes p's article, index entries, revision and aliases if
// it is new or changed.
func storeMerged(tx *bbolt.Tx, p *pending, now time.Time, keep int) (sanafeed.ChangeKind, error) {
	switch {
	case p.old == nil:
		if p.prior != nil && textDiffers(p.prior, &p.cur) {
			p.cur.Version = 2 // its own text, then the repost's
		}
		if err := storeRevision(tx, p, keep); err != nil {
			return 0, err
		}
		if err := putArticle(tx, &p.cur); err != nil {
			return 0, err
		}
		if err := countArticle(tx, p.cur.Lang, +1); err != nil {
			return 0, err
		}
		if err := indexURL(tx, nil, &p.cur); err != nil {
			return 0, err
		}
		if err := storeAliases(tx, p); err != nil {
			return 0, err
		}
		return sanafeed.Created, addIndex(tx, &p.cur)
	case !p.changed:
		p.cur = *p.old // drop a new GUID: it is not a change
		return sanafeed.Unchanged, nil
	}
	p.cur.Version = p.old.Version + 1
	p.cur.Updated = stamp(now)
	if err := storeRevision(tx, p, keep); err != nil {
		return 0, err
	}
	if err := putArticle(tx, &p.cur); err != nil {
		return 0, err
	}
	if err := reindex(tx, p.old, &p.cur); err != nil {
		return 0, err
	}
	if err := indexURL(tx, p.old, &p.cur); err != nil {
		return 0, err
	}
	if err := storeAliases(tx, p); err != nil {
		return 0, err
	}
	if p.cur.Cluster != "" && (p.cur.Title != p.old.Title || p.cur.URL != p.old.URL) {
		return sanafeed.Updated, refreshMember(tx, &p.cur)
	}
	return sanafeed.Updated, nil
}

// fillChanges fills in the Translations of the changes' articles.
func fillChanges(tx *bbolt.Tx, changes []sanafeed.Change) []sanafeed.Change {
	r := newReader(tx, nil)
	for i := range changes {
		r.fill(&changes[i].Article)
	}
	return changes
}

// articleEvents returns the events of PutArticles' changes: created for a
// new key, updated for a real edit (sanafeed.Edited) or a newly folded
// repost; order[i] is the pending state behind changes[i].
func articleEvents(order []*pending, changes []sanafeed.Change) []event {
	var evs []event
	for i := range changes {
		switch c := &changes[i]; {
		case c.Kind == sanafeed.Created:
			evs = append(evs, event{sanafeed.EventCreated, &c.Article})
		case c.Kind == sanafeed.Updated && (len(order[i].aliases) > 0 || sanafeed.Edited(order[i].old, &order[i].cur)):
			evs = append(evs, event{sanafeed.EventUpdated, &c.Article})
		}
	}
	return evs
}

// putArticle encodes a without its Translations and stores it.
func putArticle(tx *bbolt.Tx, a *sanafeed.Article) error {
	buf, err := encodeArticle(a)
	if err != nil {
		return err
	}
	return tx.Bucket(articlesBucket).Put([]byte(a.Key()), buf)
}

// An article record is either of two formats. The first, which stores
// written before SchemaVersion 3 hold, is the article as JSON (it starts
// with '{'). The second, which encodeArticle writes, is, in this order:
// the format byte articleFormat; the head, which is the article without
// Summary and Content as JSON, with an unsigned varint length before it;
// the lengths of the Summary and of the Content, each an unsigned
// varint; one zstd frame of the Summary followed by the Content (none if
// both are empty). The head alone serves decodeHead, which so
// decompresses nothing. The Summary, most often the Content's opening
// words, costs next to nothing in the frame before it. A record of the
// first format is rewritten in the second when its article changes.
const articleFormat = 2

// encodeArticle returns the record of a (see articleFormat), without its
// Translations; JSON without escaping HTML keeps the head short.
func encodeArticle(a *sanafeed.Article) ([]byte, error) {
	c, err := pageCodec()
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	h := *a
	h.Summary, h.Content, h.Translations, h.RepostOf = "", "", nil, ""
	if strings.HasSuffix(h.GUID, "?p="+strconv.FormatInt(h.PostID, 10)) {
		h.GUID = "" // WordPress's shortlink of the post: informational, and it follows from the id
	}
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&h); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	hb := bytes.TrimSuffix(head.Bytes(), []byte("\n"))
	text := make([]byte, 0, len(a.Summary)+len(a.Content))
	text = append(append(text, a.Summary...), a.Content...)
	buf := make([]byte, 0, 1+3*binary.MaxVarintLen64+len(hb)+len(text)/2+32)
	buf = append(buf, articleFormat)
	buf = binary.AppendUvarint(buf, uint64(len(hb)))
	buf = append(buf, hb...)
	buf = binary.AppendUvarint(buf, uint64(len(a.Summary)))
	buf = binary.AppendUvarint(buf, uint64(len(a.Content)))
	return c.enc.EncodeAll(text, buf), nil
}

// A record is a record of the second format (see articleFormat) cut in
// its parts, all parts of the stored bytes.
type record struct {
	head          []byte // JSON
	summary, size uint64 // the Summary's length; that of the Summary and the Content
	z             []byte // the zstd frame
}

// splitArticle cuts a record of the second format (see articleFormat).
func splitArticle(v []byte) (record, error) {
	var r record
	rest := v[1:]
	n, w := binary.Uvarint(rest)
	if w <= 0 || n > uint64(len(rest)-w) {
		return r, fmt.Errorf("decode article: head: %w", errShort)
	}
	r.head, rest = rest[w:w+int(n)], rest[w+int(n):]
	var lens [2]uint64
	for i := range lens {
		if lens[i], w = binary.Uvarint(rest); w <= 0 || lens[i] > maxPageBytes {
			return r, errors.New("decode article: bad text length")
		}
		rest = rest[w:]
	}
	r.summary, r.size, r.z = lens[0], lens[0]+lens[1], rest
	return r, nil
}

// decodeArticle decodes a stored article. The result shares no memory
// with v, so it outlives the transaction.
func decodeArticle(v []byte) (sanafeed.Article, error) {
	var a sanafeed.Article
	if len(v) == 0 || v[0] != articleFormat {
		if err := json.Unmarshal(v, &a); err != nil {
			return a, fmt.Errorf("decode article: %w", err)
		}
		return a, nil
	}
	r, err := splitArticle(v)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(r.head, &a); err != nil {
		return a, fmt.Errorf("decode article: %w", err)
	}
	if r.size == 0 {
		return a, nil
	}
	c, err := pageCodec()
	if err != nil {
		return a, fmt.Errorf("decode article: %w", err)
	}
	out, err := c.dec.DecodeAll(r.z, make([]byte, 0, r.size))
	switch {
	case err != nil:
		return a, fmt.Errorf("decode article: text: %w", err)
	case uint64(len(out)) != r.size:
		return a, fmt.Errorf("decode article: text of %d bytes, record says %d", len(out), r.size)
	}
	text := string(out)
	a.Summary, a.Content = text[:r.summary], text[r.summary:]
	return a, nil
}

// decodeHead decodes a stored article without its Summary and Content,
// the bulk of it: their compressed frame is not read (in a record of the
// first format, they are scanned but not copied).
func decodeHead(v []byte) (sanafeed.Article, error) {
	if len(v) > 0 && v[0] == articleFormat {
		var a sanafeed.Article
		r, err := splitArticle(v)
		if err != nil {
			return a, err
		}
		if err := json.Unmarshal(r.head, &a); err != nil {
			return a, fmt.Errorf("decode article: %w", err)
		}
		return a, nil
	}
	var h struct {
		sanafeed.Article
		Summary skipped `json:"summary"` // shadows Article.Summary
		Content skipped `json:"content"` // and Article.Content
	}
	if err := json.Unmarshal(v, &h); err != nil {
		return h.Article, fmt.Errorf("decode article: %w", err)
	}
	return h.Article, nil
}

// skipped is a JSON value read and dropped.
type skipped struct{}

func (*skipped) UnmarshalJSON([]byte) error { return nil }

// Article returns the stored article with the key "lang/postid", its
// Translations filled in from its cluster; for the key of a folded
// repost, the article it was folded into (whose Key differs). It returns
// an error wrapping
// sanafeed.ErrNotFound if there is none, and one wrapping both that and
// ErrCorrupt if its record does not decode (see Corrupt).
func (db *DB) Article(ctx context.Context, key string) (sanafeed.Article, error) {
	var a sanafeed.Article
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		key := resolveKey(tx, key)
		v := tx.Bucket(articlesBucket).Get([]byte(key))
		if v == nil {
			return sanafeed.ErrNotFound
		}
		var err error
		if a, err = decodeArticle(v); err != nil {
			return fmt.Errorf("%w: %w", sanafeed.ErrNotFound, db.skipRecord(articlesBucket, []byte(key), err))
		}
		newReader(tx, db.skipRecord).fill(&a)
		return nil
	})
	if err != nil {
		return sanafeed.Article{}, fmt.Errorf("store: article %s: %w", key, err)
	}
	return a, nil
}

// Known returns the stored articles among keys, by key, without their
// Translations; the key of a folded repost gives the article it was
// folded into (whose Key differs). Keys not stored are absent from the
// map, and so are those whose record does not decode (see Corrupt).
func (db *DB) Known(ctx context.Context, keys []string) (map[string]sanafeed.Article, error) {
	m := make(map[string]sanafeed.Article)
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(articlesBucket)
		for _, k := range keys {
			stored := resolveKey(tx, k)
			v := b.Get([]byte(stored))
			if v == nil {
				continue
			}
			a, err := decodeArticle(v)
			if err != nil {
				db.skipRecord(articlesBucket, []byte(stored), err)
				continue
			}
			m[k] = a
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: known: %w", err)
	}
	return m, nil
}

// Count returns how many articles are stored for the edition lang, or in
// all editions when lang is "".
func (db *DB) Count(ctx context.Context, lang string) (int, error) {
	n := 0
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		meta := tx.Bucket(metaBucket)
		if lang != "" {
			n = int(getU64(meta.Get(join(countPrefix, []byte(lang)))))
			return nil
		}
		c := meta.Cursor()
		for k, v := c.Seek(countPrefix); hasPrefix(k, countPrefix); k, v = c.Next() {
			n += int(getU64(v))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}
