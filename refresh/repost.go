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
	recent, err := sp.p.Store.EditionBetween(ctx, sp.src.Lang, from.Add(-sp.p.foldWindow()), to, maxFoldRecent)
	if err != nil {
		sp.p.log().Warn("reposts not sought", "lang", sp.src.Lang, "err", err)
		return
	}
	found := link.Reposts(news, recent, link.RepostOptions{Window: sp.p.foldWindow()})
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
