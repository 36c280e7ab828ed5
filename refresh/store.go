package refresh

import (
	"context"
	"fmt"
	"time"

	"github.com/sanafeed/sanafeed"
)

// store ends a poll (or a backfill batch): it writes the observations,
// settles and writes the fetch states, counts the outcome in the result,
// and hands what changed to linking and Notify. New articles that repost
// one of their edition are folded into it (see markReposts). What was
// fetched is kept even when ctx is cancelled (shutdown). A published or modified time
// more than a day ahead is not believed (sanafeed.Article.ClampFuture).
func (sp *sourcePoll) store(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	now := sp.p.now()
	for i := range sp.obs {
		sp.obs[i].ClampFuture(now)
	}
	sp.markReposts(ctx)
	changes, err := sp.p.Store.PutArticles(ctx, sp.obs)
	if err != nil {
		sp.storeFailed(err)
	}
	sp.flushPages(ctx)
	sp.settleStates()
	changed := sp.count(changes)
	sp.found = changeTimes(changed, now)
	if err := sp.p.Store.PutFetchState(ctx, sp.st...); err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("store fetch state: %w", err))
	}
	if len(changed) > 0 {
		sp.p.linker().note(changed)
		sp.p.notify(ctx, Notice{Step: Stored, Changes: changed})
	}
}

// changeTimes returns when each article of changes was published, for
// one created, or edited, for one updated (zero when the page does not
// say, now when it says later), once per article.
func changeTimes(changes []sanafeed.Change, now time.Time) []time.Time {
	seen := map[string]bool{}
	var out []time.Time
	for _, c := range changes {
		k := c.Article.Key()
		if seen[k] {
			continue
		}
		seen[k] = true
		t := c.Article.Published
		if c.Kind != sanafeed.Created {
			t = c.Article.Modified
		}
		if t.After(now) {
			t = now
		}
		out = append(out, t)
	}
	return out
}

// storeFailurePrefix starts a poll result's Err when the poll failed
// because its observations could not be stored (see Schedule.record).
const storeFailurePrefix = "store: "

// storeFailed records that the observations could not be stored: nothing
// read in this poll was kept, so no validator may say it was.
func (sp *sourcePoll) storeFailed(err error) {
	sp.errs = append(sp.errs, fmt.Errorf("store: %w", err))
	if sp.res.Err == "" {
		sp.res.Err = storeFailurePrefix + err.Error()
	}
	for i := range sp.st {
		sp.st[i].ETag, sp.st[i].LastModified = "", ""
	}
}

// settleStates readies the fetch states for the next poll: when a
// candidate page could not be read, the lists that named it lose their
// validators (see unread.go); a host's Retry-After is remembered in the
// feed's state, for the next poll in this process or another.
func (sp *sourcePoll) settleStates() {
	if sp.pageFailed {
		for url := range sp.lists {
			sp.forget(url)
		}
	}
	sp.markUnread()
	if st := sp.stateOf(sp.anchor()); st != nil && sp.retryAt.After(st.NextAttempt) {
		st.NextAttempt = sp.retryAt
	}
}

// count adds to the result how many articles were created, updated and
// left unchanged (each article once, whatever number of observations it
// had; a candidate stored before and not observed again is unchanged),
// and returns the changes that created or updated one.
func (sp *sourcePoll) count(changes []sanafeed.Change) []sanafeed.Change {
	outcome := map[string]sanafeed.ChangeKind{}
	var changed []sanafeed.Change
	for _, c := range changes {
		k := c.Article.Key()
		if prev, ok := outcome[k]; !ok || prev == sanafeed.Unchanged || c.Kind == sanafeed.Created {
			outcome[k] = c.Kind
		}
		if c.Kind != sanafeed.Unchanged {
			changed = append(changed, c)
		}
	}
	for k := range sp.known {
		if _, ok := outcome[k]; !ok {
			outcome[k] = sanafeed.Unchanged
		}
	}
	for _, kind := range outcome {
		switch kind {
		case sanafeed.Created:
			sp.res.New++
		case sanafeed.Updated:
			sp.res.Updated++
		default:
			sp.res.Unchanged++
		}
	}
	return changed
}

// storeStates saves the fetch states recorded by sp.
func (p *Poller) storeStates(ctx context.Context, sp *sourcePoll) {
	if err := p.Store.PutFetchState(context.WithoutCancel(ctx), sp.st...); err != nil {
		p.log().Warn("store fetch state", "err", err)
	}
}
