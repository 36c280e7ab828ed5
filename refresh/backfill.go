package refresh

import (
	"context"
	"fmt"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// BackfillBatch is how many article pages are stored per transaction
// during a backfill: an interrupted backfill loses at most one batch of
// fetching, never a stored article.
const BackfillBatch = 20

// maxBackfillListingPages bounds the listing walk of an edition without
// sitemaps (SANA's Arabic listings end at page 9 anyway).
const maxBackfillListingPages = 200

// Progress is the state of a running backfill, or of one source's poll,
// reported after every article page. A backfill's counts run over all
// editions so far; a poll's are the source's own.
type Progress struct {
	Lang    string    // the edition being walked
	Found   int       // article URLs found (a backfill: since the date; a poll: candidates)
	Missing int       // of those, the pages to read
	Fetched int       // pages fetched
	Stored  int       // articles stored (a backfill)
	Failed  int       // pages that could not be fetched or read
	Started time.Time // when the backfill, or the source's poll, began
}

// Backfill walks every source's sitemaps (and, where there are none, its
// listing pages) back to since and fetches the article pages not stored
// yet, storing them in batches. It is resumable: run again after an
// interruption, it skips what was stored. It ends, interrupted or not, by
// linking the translations of what it stored. progress, when set, is
// called after every page; it must be quick.
func (p *Poller) Backfill(ctx context.Context, since time.Time, progress func(Progress)) (Progress, error) {
	defer p.linkNow(ctx)
	pr := Progress{Started: p.now()}
	report := func() {
		if progress != nil {
			progress(pr)
		}
	}
	var unlisted []error
	srcs := p.sources()
	for _, src := range srcs {
		pr.Lang = src.Lang
		report()
		items, err := p.backfillURLs(ctx, src, since)
		if err != nil {
			p.log().Warn("backfill: no article list", "lang", src.Lang, "err", err)
			pr.Failed++
			unlisted = append(unlisted, fmt.Errorf("%s: %w", src.Lang, err))
			continue
		}
		if err := p.backfillPages(ctx, src, items, &pr, report); err != nil {
			return pr, err
		}
	}
	report()
	if err := ctx.Err(); err != nil {
		return pr, err
	}
	if len(unlisted) == len(srcs) && len(unlisted) > 0 {
		return pr, fmt.Errorf("no edition could be listed: %s", oneLine(unlisted))
	}
	return pr, nil
}

// backfillURLs returns the edition's articles modified at or after
// since, newest last as the sitemaps list them, each with its link as the
// site gives it.
func (p *Poller) backfillURLs(ctx context.Context, src sanafeed.Source, since time.Time) ([]extract.ListItem, error) {
	items, err := p.sitemapItems(ctx, src, since)
	if err == nil && len(items) > 0 {
		return items, nil
	}
	p.log().Info("backfill: walking listing pages", "lang", src.Lang, "sitemap_err", err)
	return p.listingItems(ctx, src, since)
}

// sitemapItems returns the edition's articles its sitemaps list as
// modified at or after since, reading every sitemap whole.
func (p *Poller) sitemapItems(ctx context.Context, src sanafeed.Source, since time.Time) ([]extract.ListItem, error) {
	sp := p.newSourcePoll(src)
	urls, err := sp.sitemapURLs(ctx, since, true, 0)
	p.storeStates(ctx, sp)
	var items []extract.ListItem
	for _, u := range urls {
		if canon, id, ok := sp.rules.Article(src.URL, u); ok {
			items = append(items, extract.ListItem{URL: canon, Link: u, PostID: id})
		}
	}
	return items, err
}

// listingItems walks the edition's home pages until they show only
// articles published before since.
func (p *Poller) listingItems(ctx context.Context, src sanafeed.Source, since time.Time) ([]extract.ListItem, error) {
	sp := p.newSourcePoll(src)
	var items []extract.ListItem
	seen := map[string]bool{}
	next := src.URL
	for i := 0; next != "" && i < maxBackfillListingPages; i++ {
		doc, err := sp.getFresh(ctx, next)
		if err != nil {
			if len(items) > 0 {
				break // the end of a listing is often a 404
			}
			return nil, err
		}
		l, err := sp.rules.Listing(p.html(doc, src.Lang), doc.URL, src.URL)
		if err != nil {
			return items, err
		}
		older := 0
		for _, it := range l.Articles {
			if !it.Published.IsZero() && it.Published.Before(since) {
				older++
				continue
			}
			if !seen[it.URL] {
				seen[it.URL] = true
				items = append(items, it)
			}
		}
		if len(l.Articles) > 0 && older == len(l.Articles) {
			break
		}
		next = l.Next
	}
	p.storeStates(ctx, sp)
	return items, nil
}

// articleURL returns u canonicalised when it names an article of the
// source by its rules.
func (sp *sourcePoll) articleURL(u string) (string, bool) {
	c, _, ok := sp.rules.Article(sp.src.URL, u)
	return c, ok
}

// backfillPages fetches the pages of items that are not stored, storing
// them BackfillBatch at a time.
func (p *Poller) backfillPages(ctx context.Context, src sanafeed.Source, items []extract.ListItem, pr *Progress, report func()) error {
	look := p.newSourcePoll(src)
	if err := look.resolveURLs(ctx, items); err != nil {
		return fmt.Errorf("backfill %s: %w", src.Lang, err)
	}
	keys := make([]string, 0, len(items))
	byKey := map[string]extract.ListItem{}
	for _, it := range items {
		if it.PostID == 0 {
			it.PostID = look.byURL[it.URL]
		}
		k := urlKey(it.URL)
		if it.PostID > 0 {
			k = sanafeed.ArticleKey(src.Lang, it.PostID)
		}
		if _, dup := byKey[k]; !dup {
			keys = append(keys, k)
			byKey[k] = it
		}
	}
	known, err := p.Store.Known(ctx, keys)
	if err != nil {
		return fmt.Errorf("backfill %s: %w", src.Lang, err)
	}
	pr.Found += len(keys)
	var missing []string
	for _, k := range keys {
		if a, ok := known[k]; !ok || a.From != sanafeed.FromPage {
			missing = append(missing, k)
		}
	}
	pr.Missing += len(missing)
	report()
	for start := 0; start < len(missing); start += BackfillBatch {
		sp := p.newSourcePoll(src)
		batch := missing[start:min(start+BackfillBatch, len(missing))]
		sp.readEach(ctx, len(batch),
			func(i int) (string, int64) { it := byKey[batch[i]]; return it.Link, it.PostID },
			func(int) bool { return ctx.Err() != nil }, // interrupted: what was fetched is stored below
			func(_ int, a sanafeed.Article, ok bool) {
				if ok {
					sp.obs = append(sp.obs, a)
					pr.Fetched++
				} else if ctx.Err() == nil {
					pr.Failed++
				}
				report()
			})
		sp.store(ctx)
		pr.Stored += sp.res.New + sp.res.Updated
		p.log().Info("backfill batch stored", "lang", src.Lang, "stored", pr.Stored,
			"fetched", pr.Fetched, "missing", pr.Missing, "failed", pr.Failed)
		report()
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// newSourcePoll returns an empty working state for one pass over src.
func (p *Poller) newSourcePoll(src sanafeed.Source) *sourcePoll {
	return &sourcePoll{
		p: p, src: src,
		res:   sanafeed.PollResult{Lang: src.Lang, Started: p.now()},
		seen:  map[string]sanafeed.Article{},
		want:  map[string]string{},
		lists: map[string]bool{},
		rules: p.rulesOf(src),
		byURL: map[string]int64{},
	}
}

// rulesOf returns src's rules compiled. Rules that do not compile (the
// config checks them, so only a caller that skipped it) are logged and
// the built-in ones used.
func (p *Poller) rulesOf(src sanafeed.Source) *extract.Rules {
	r, err := extract.Compile(src.EffectiveRules())
	if err != nil {
		p.log().Error("source rules do not compile; using the built-in ones", "lang", src.Lang, "err", err)
		return extract.Default(src.URL)
	}
	return r
}
