package store

import (
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// aliasesBucket maps the key of each repost folded into an article (see
// sanafeed.Article.RepostOf) to that article's key; the repost's URL maps
// to it in idx_url. A later observation of the repost is folded again,
// never stored as an article of its own.
var aliasesBucket = []byte("aliases") // repost key → original key

// resolveKey returns the key of the article key names: key itself, or
// the original a folded repost's key is an alias of.
func resolveKey(tx *bbolt.Tx, key string) string {
	if v := tx.Bucket(aliasesBucket).Get([]byte(key)); v != nil {
		return string(v)
	}
	return key
}

// foldTarget returns the key of the article the observation a is to be
// folded into, or "" if a is stored as itself: a's key is an alias (a
// repost seen again), or a is new and its RepostOf names an article.
func foldTarget(tx *bbolt.Tx, a *sanafeed.Article) string {
	k := a.Key()
	if v := tx.Bucket(aliasesBucket).Get([]byte(k)); v != nil {
		return string(v)
	}
	if a.RepostOf == "" || tx.Bucket(articlesBucket).Get([]byte(k)) != nil {
		return "" // a repost stored before as an article stays one: ids never change
	}
	return resolveKey(tx, a.RepostOf)
}

// fold merges the observation a of a repost into p, the article it is a
// repost of: the repost's title, text, tags and times become p's (as
// Article.Merge takes them), p keeps its own URL, GUID and publish time,
// and the repost's URL joins p's Reposts, last when its text is now p's.
func fold(p *pending, a sanafeed.Article) {
	if p.prior == nil { // new in this call: its own text is the one to keep
		prior := p.cur
		p.prior = &prior
	}
	p.fold = true
	n := a
	n.URL, n.GUID, n.Published, n.RepostOf = "", "", time.Time{}, ""
	title, content := p.cur.Title, p.cur.Content
	changed := p.cur.Merge(n)
	texted := p.cur.Title != title || p.cur.Content != content
	i := slices.Index(p.cur.Reposts, a.URL)
	switch {
	case i < 0:
		p.cur.Reposts = append(slices.Clip(p.cur.Reposts), a.URL)
		p.aliases = append(p.aliases, a)
		changed = true
	case texted && i != len(p.cur.Reposts)-1:
		p.cur.Reposts = append(slices.Delete(slices.Clone(p.cur.Reposts), i, i+1), a.URL)
	}
	p.changed = p.changed || changed
}

// mergeOwn merges the observation a of p's own post into p. Once a
// repost's text is p's, the original post's title and text no longer
// replace it: that post is older, not an edit.
func mergeOwn(p *pending, a sanafeed.Article) {
	if len(p.cur.Reposts) > 0 {
		a.Title, a.Content, a.Summary = "", "", ""
	}
	p.changed = p.cur.Merge(a) || p.changed
}

// storeAliases records the reposts folded into p by this call.
func storeAliases(tx *bbolt.Tx, p *pending) error {
	key := []byte(p.cur.Key())
	for _, a := range p.aliases {
		if err := tx.Bucket(aliasesBucket).Put([]byte(a.Key()), key); err != nil {
			return err
		}
		if err := tx.Bucket(urlIndex).Put([]byte(a.URL), key); err != nil {
			return err
		}
	}
	return nil
}

// storeRevision keeps p's prior text as a revision if cur's differs: any
// difference when a repost was folded in, an edit (see
// sanafeed.TextChanged) otherwise. It sets cur.Revisions.
func storeRevision(tx *bbolt.Tx, p *pending, keep int) error {
	if p.prior == nil || !(p.fold && textDiffers(p.prior, &p.cur) || sanafeed.TextChanged(p.prior, &p.cur)) {
		return nil
	}
	r := sanafeed.Revision{Version: p.prior.Version, At: p.prior.Updated, URL: p.prior.TextURL(),
		Title: p.prior.Title, Content: p.prior.Content}
	n, err := keepRevision(tx, p.cur.Key(), r, keep)
	p.cur.Revisions = n
	return err
}

// textDiffers reports whether a and b have another title or content.
func textDiffers(a, b *sanafeed.Article) bool {
	return a.Title != b.Title || a.Content != b.Content
}
