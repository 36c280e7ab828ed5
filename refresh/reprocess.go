package refresh

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Reprocessing applies the rules in force to what is stored: each stored
// article is extracted again from its kept page, with no request to the
// site, and stored when the result differs. It is not news: the store
// queues no article.updated event unless a title changed.

// A ReprocessStore is what Reprocess needs beyond Store; *store.DB
// satisfies it.
type ReprocessStore interface {
	// BetweenHeads returns the articles published from from to to,
	// without their content.
	BetweenHeads(ctx context.Context, from, to time.Time) ([]sanafeed.Article, error)
	// Page returns the kept page of the article key, and whether there is one.
	Page(ctx context.Context, key string) (sanafeed.KeptPage, bool, error)
	// Reprocess stores articles extracted again from their kept pages,
	// queueing article.updated only for a changed title.
	Reprocess(ctx context.Context, arts []sanafeed.Article) ([]sanafeed.Change, error)
}

// A ReprocessResult counts what Reprocess did, per source.
type ReprocessResult struct {
	Lang      string
	Changed   int      // articles whose extraction changed, stored
	Unchanged int      // articles extracted the same
	NoPage    int      // stored articles without a kept page (read before pages were kept, or aged out)
	Failed    int      // kept pages the rules no longer read as the article
	Errors    []string // why, once each
}

// reprocessBatch is how many re-extracted articles are stored per
// transaction.
const reprocessBatch = 64

// Reprocess re-extracts with the current rules, from their kept pages,
// the stored articles of the sources (of lang only, unless lang is "")
// published at or after since (zero: all), stores those whose result
// changed, and links translations afterwards. It sends no request.
func (p *Poller) Reprocess(ctx context.Context, rs ReprocessStore, lang string, since time.Time) ([]ReprocessResult, error) {
	defer p.linkNow(ctx)
	if since.IsZero() {
		since = time.Unix(0, 0)
	}
	heads, err := rs.BetweenHeads(ctx, since, p.now().Add(100*365*24*time.Hour))
	if err != nil {
		return nil, err
	}
	var out []ReprocessResult
	matched := lang == ""
	for _, src := range p.sources() {
		if lang != "" && src.Lang != lang {
			continue
		}
		matched = true
		res, err := p.reprocessSource(ctx, rs, src, heads)
		out = append(out, res)
		if err != nil {
			return out, err
		}
	}
	if !matched {
		return nil, fmt.Errorf("no source with lang %q", lang)
	}
	return out, nil
}

// reprocessSource reprocesses the articles of src among heads.
func (p *Poller) reprocessSource(ctx context.Context, rs ReprocessStore, src sanafeed.Source, heads []sanafeed.Article) (ReprocessResult, error) {
	res := ReprocessResult{Lang: src.Lang}
	rules := p.rulesOf(src)
	var errs []error
	var batch []sanafeed.Article
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		changes, err := rs.Reprocess(ctx, batch)
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("store %s: %w", src.Lang, err)
		}
		var changed []sanafeed.Change
		for _, c := range changes {
			if c.Kind == sanafeed.Unchanged {
				res.Unchanged++
			} else {
				res.Changed++
				changed = append(changed, c)
			}
		}
		if len(changed) > 0 {
			p.linker().note(changed)
			p.notify(ctx, Notice{Step: Stored, Changes: changed})
		}
		return nil
	}
	for _, h := range heads {
		if h.Lang != src.Lang {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		pg, ok, err := rs.Page(ctx, h.Key())
		if err != nil {
			return res, err
		}
		if !ok {
			res.NoPage++
			continue
		}
		a, err := rules.Page(pg.Body, pg.URL, src.Lang)
		if err == nil && a.PostID != h.PostID {
			err = fmt.Errorf("the page names post %d", a.PostID)
		}
		if err == nil && rules.Skipped(a.URL) {
			err = errors.New("source.skip now skips it (left as stored)")
		}
		if err != nil {
			res.Failed++
			errs = append(errs, fmt.Errorf("%s: %w", h.Key(), err))
			continue
		}
		a.Lang = src.Lang
		a.ClampFuture(p.now()) // as a poll does before storing
		batch = append(batch, a)
		if len(batch) >= reprocessBatch {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	res.Errors = distinct(errs)
	return res, flush()
}
