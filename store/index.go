package store

import (
	"slices"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// addIndex puts a's entries in idx_time, idx_lang and idx_tag and counts
// its tags.
func addIndex(tx *bbolt.Tx, a *sanafeed.Article) error {
	e := entriesOf(a)
	if err := tx.Bucket(timeIndex).Put(e.time, nil); err != nil {
		return err
	}
	if err := tx.Bucket(langIndex).Put(e.lang, nil); err != nil {
		return err
	}
	ti := tx.Bucket(tagIndex)
	for _, k := range e.tags {
		if err := ti.Put(k, nil); err != nil {
			return err
		}
	}
	for _, slug := range tagSlugs(a) {
		if err := countTag(tx, a.Lang, slug, tagName(a, slug), +1); err != nil {
			return err
		}
	}
	return nil
}

// removeIndex deletes a's entries from the indexes and uncounts its tags.
func removeIndex(tx *bbolt.Tx, a *sanafeed.Article) error {
	e := entriesOf(a)
	if err := tx.Bucket(timeIndex).Delete(e.time); err != nil {
		return err
	}
	if err := tx.Bucket(langIndex).Delete(e.lang); err != nil {
		return err
	}
	ti := tx.Bucket(tagIndex)
	for _, k := range e.tags {
		if err := ti.Delete(k); err != nil {
			return err
		}
	}
	for _, slug := range tagSlugs(a) {
		if err := countTag(tx, a.Lang, slug, "", -1); err != nil {
			return err
		}
	}
	return nil
}

// reindex moves a stored article's index entries from old to cur when
// its time, edition or tags changed.
func reindex(tx *bbolt.Tx, old, cur *sanafeed.Article) error {
	if entriesOf(old).equal(entriesOf(cur)) && slices.Equal(old.Tags, cur.Tags) {
		return nil
	}
	if err := removeIndex(tx, old); err != nil {
		return err
	}
	if old.Lang != cur.Lang {
		if err := countArticle(tx, old.Lang, -1); err != nil {
			return err
		}
		if err := countArticle(tx, cur.Lang, +1); err != nil {
			return err
		}
	}
	return addIndex(tx, cur)
}

// tagName returns the display name a gives the tag slug.
func tagName(a *sanafeed.Article, slug string) string {
	for _, t := range a.Tags {
		if t.Slug == slug && t.Name != "" {
			return t.Name
		}
	}
	return slug
}

// countTag adds delta to the count of lang's tag slug in the tags bucket,
// deleting the entry at zero. A non-empty name replaces the stored one.
func countTag(tx *bbolt.Tx, lang, slug, name string, delta int) error {
	b := tx.Bucket(tagsBucket)
	k := join([]byte(lang), sep, []byte(slug))
	v := b.Get(k)
	n := int64(getU64(v)) + int64(delta)
	if n <= 0 {
		return b.Delete(k)
	}
	if name == "" && len(v) > 8 {
		name = string(v[8:])
	}
	return b.Put(k, join(u64(uint64(n)), []byte(name)))
}

// countArticle adds delta to the number of articles stored for lang.
func countArticle(tx *bbolt.Tx, lang string, delta int) error {
	meta := tx.Bucket(metaBucket)
	k := join(countPrefix, []byte(lang))
	n := int64(getU64(meta.Get(k))) + int64(delta)
	if n <= 0 {
		return meta.Delete(k)
	}
	return meta.Put(k, u64(uint64(n)))
}
