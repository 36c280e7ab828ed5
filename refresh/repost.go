package refresh

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
)

// maxFoldRecent bounds how many stored articles of an edition one poll
// reads to find what its new articles repost: three days of Arabic,
// SANA's busiest edition, are about a thousand.
const maxFoldRecent = 4000

// foldWindow returns how far before a new article its original may lie.
func (p *Poller) foldWindow() time.Duration {
	if p.FoldWindow <= 0 {
		return link.DefaultRepostWindow
	}
	return p.FoldWindow
}

// markReposts sets RepostOf on the observations of the articles new to
// the store that repost an older article of the edition published within
// FoldWindow, stored or new in this poll (see link.Reposts), and moves
// them after the others, so that the store meets their originals first
// and folds them in (see Store.PutArticles). When the store cannot be
// read, nothing is marked: the articles are stored as themselves.
func (sp *sourcePoll) markReposts(ctx context.Context) {
	if !sp.p.FoldReposts {
		return
	}
	news := sp.newArticles()
	if len(news) == 0 {
		return
	}
	from, to := timeSpan(news, sp.p.now())
	finder := link.NewRepostFinder(news, link.RepostOptions{Window: sp.p.foldWindow()})
	if err := sp.eachRecent(ctx, from.Add(-sp.p.foldWindow()), to, finder.Add); err != nil {
		sp.p.log().Warn("reposts not sought", "lang", sp.src.Lang, "err", err)
		return
	}
	found := finder.Reposts()
	if len(found) == 0 {
		return
	}
	for i := range sp.obs {
		sp.obs[i].RepostOf = found[sp.obs[i].Key()]
	}
	slices.SortStableFunc(sp.obs, func(a, b sanafeed.Article) int {
		return boolInt(a.RepostOf != "") - boolInt(b.RepostOf != "")
	})
	for _, k := range slices.Sorted(maps.Keys(found)) {
		sp.p.log().Info("repost to fold", "lang", sp.src.Lang, "key", k, "into", found[k])
	}
}

// foldBatch is how many stored articles markReposts reads at a time: the
// window's text is never held whole (a poll of each edition runs at once,
// and 4,000 decoded articles are about 30 MB).
const foldBatch = 64

// eachRecent gives fn the edition's stored articles published from from
// to to, newest first, foldBatch at a time, at most maxFoldRecent in all.
// Each batch ends where the next begins (inclusive, by time), so articles
// sharing the boundary second are given twice, which the finder ignores.
func (sp *sourcePoll) eachRecent(ctx context.Context, from, to time.Time, fn func([]sanafeed.Article)) error {
	read := 0
	seen := map[string]bool{}
	for read < maxFoldRecent {
		batch, err := sp.p.Store.EditionBetween(ctx, sp.src.Lang, from, to, foldBatch)
		if err != nil {
			return err
		}
		fresh := 0
		for _, a := range batch {
			if !seen[a.Key()] {
				seen[a.Key()] = true
				fresh++
			}
		}
		read += fresh
		fn(batch)
		if len(batch) < foldBatch || fresh == 0 {
			return nil
		}
		to = batch[len(batch)-1].Time()
	}
	return nil
}

// newArticles returns the articles the observations would create: one
// per key not stored, its observations merged in order.
func (sp *sourcePoll) newArticles() []sanafeed.Article {
	byKey := map[string]int{}
	var news []sanafeed.Article
	for _, o := range sp.obs {
		k := o.Key()
		if _, stored := sp.known[k]; stored {
			continue
		}
		if i, ok := byKey[k]; ok {
			news[i].Merge(o)
			continue
		}
		byKey[k] = len(news)
		news = append(news, o)
	}
	return news
}

// timeSpan returns the earliest and latest publish time of arts; now for
// either when none has one.
func timeSpan(arts []sanafeed.Article, now time.Time) (from, to time.Time) {
	for _, a := range arts {
		t := a.Published
		if t.IsZero() {
			t = now
		}
		if from.IsZero() || t.Before(from) {
			from = t
		}
		if t.After(to) {
			to = t
		}
	}
	return from, to
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
