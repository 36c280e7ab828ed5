package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// Reprocess stores articles extracted again from their kept pages
// (sanafeed reprocess), all in one transaction. Unlike PutArticles, what
// the page now yields replaces what is stored, empty fields included
// (a rule that now drops a boilerplate box, or no longer finds a wrong
// tag, must show), except the times: a publication time the page no
// longer gives is kept, and the modification time never goes back. An
// article not stored is skipped, not created. It queues
// article.updated only when a title changed: reprocessing is not news.
// A changed title or text keeps the old one as a revision, as
// PutArticles does; an article a repost's text was folded into keeps
// that text (its kept page is of the older post).
func (db *DB) Reprocess(ctx context.Context, arts []sanafeed.Article) ([]sanafeed.Change, error) {
	now := db.now()
	var changes []sanafeed.Change
	var generation uint64
	err := db.update(ctx, func(tx *bbolt.Tx) error {
		changes = changes[:0]
		var retitled []bool
		for _, a := range arts {
			c, titled, err := reprocessOne(tx, a, now, db.KeepRevisions)
			if err != nil {
				return err
			}
			if c.Kind == 0 {
				continue
			}
			changes = append(changes, c)
			retitled = append(retitled, titled)
		}
		dirty := false
		for i := range changes {
			dirty = dirty || changes[i].Kind != sanafeed.Unchanged
		}
		if !dirty {
			return errNoChange
		}
		var err error
		if generation, err = bumpGeneration(tx, now); err != nil {
			return err
		}
		changes = fillChanges(tx, changes)
		var evs []event
		for i := range changes {
			if changes[i].Kind == sanafeed.Updated && retitled[i] {
				evs = append(evs, event{sanafeed.EventUpdated, &changes[i].Article})
			}
		}
		return enqueue(tx, now, evs)
	})
	if err != nil {
		return nil, fmt.Errorf("store: reprocess: %w", err)
	}
	if generation > 0 {
		db.committed(generation, now)
	}
	return changes, nil
}

// reprocessOne stores the re-extracted a over the stored article of its
// key, and reports whether its title changed; a zero Kind means there is
// no such article.
func reprocessOne(tx *bbolt.Tx, a sanafeed.Article, now time.Time, keep int) (sanafeed.Change, bool, error) {
	if err := validate(&a); err != nil {
		return sanafeed.Change{}, false, err
	}
	v := tx.Bucket(articlesBucket).Get([]byte(a.Key()))
	if v == nil {
		return sanafeed.Change{}, false, nil
	}
	old, err := decodeArticle(v)
	if err != nil {
		return sanafeed.Change{}, false, fmt.Errorf("%s: %w", a.Key(), err)
	}
	cur := old
	if len(old.Reposts) > 0 {
		a.Title, a.Content, a.Summary = old.Title, old.Content, old.Summary
	}
	cur.Title, cur.URL, cur.Content, cur.Summary, cur.Dateline = a.Title, a.URL, a.Content, a.Summary, a.Dateline
	cur.Author, cur.Image, cur.Tags, cur.Categories, cur.From = a.Author, a.Image, a.Tags, a.Categories, sanafeed.FromPage
	if !a.Published.IsZero() {
		cur.Published = a.Published
	}
	if a.Modified.After(cur.Modified) {
		cur.Modified = a.Modified
	}
	if sameArticle(&old, &cur) {
		return sanafeed.Change{Kind: sanafeed.Unchanged, Article: old}, false, nil
	}
	cur.Version, cur.Updated = old.Version+1, stamp(now)
	p := &pending{old: &old, cur: cur, prior: &old}
	if err := storeRevision(tx, p, keep); err != nil {
		return sanafeed.Change{}, false, err
	}
	cur = p.cur
	if err := putArticle(tx, &cur); err != nil {
		return sanafeed.Change{}, false, err
	}
	if err := reindex(tx, &old, &cur); err != nil {
		return sanafeed.Change{}, false, err
	}
	if err := indexURL(tx, &old, &cur); err != nil {
		return sanafeed.Change{}, false, err
	}
	if cur.Cluster != "" && (cur.Title != old.Title || cur.URL != old.URL) {
		if err := refreshMember(tx, &cur); err != nil {
			return sanafeed.Change{}, false, err
		}
	}
	return sanafeed.Change{Kind: sanafeed.Updated, Article: cur}, cur.Title != old.Title, nil
}

// sameArticle reports whether the fields reprocessing sets are equal.
func sameArticle(a, b *sanafeed.Article) bool {
	return a.Title == b.Title && a.URL == b.URL && a.Content == b.Content && a.Summary == b.Summary &&
		a.Dateline == b.Dateline && a.Author == b.Author && a.Image == b.Image && a.From == b.From &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Categories, b.Categories) &&
		a.Published.Equal(b.Published) && a.Modified.Equal(b.Modified)
}
