package refresh

import (
	"context"
	"fmt"
	"slices"
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
	for _, src := range p.Sources {
		pr.Lang = src.Lang
		report()
		urls, err := p.backfillURLs(ctx, src, since)
		if err != nil {
			p.log().Warn("backfill: no article list", "lang", src.Lang, "err", err)
			pr.Failed++
			unlisted = append(unlisted, fmt.Errorf("%s: %w", src.Lang, err))
			continue
		}
		if err := p.backfillPages(ctx, src, urls, &pr, report); err != nil {
			return pr, err
		}
	}
	report()
	if err := ctx.Err(); err != nil {
		return pr, err
	}
	if len(unlisted) == len(p.Sources) && len(unlisted) > 0 {
		return pr, fmt.Errorf("no edition could be listed: %s", oneLine(unlisted))
	}
	return pr, nil
}

// backfillURLs returns the URLs, as the site gives them, of the edition's articles
// modified at or after since, newest last as the sitemaps list them.
func (p *Poller) backfillURLs(ctx context.Context, src sanafeed.Source, since time.Time) ([]string, error) {
	urls, err := p.sitemapURLs(ctx, src, since)
	if err == nil && len(urls) > 0 {
		return urls, nil
	}
	p.log().Info("backfill: walking listing pages", "lang", src.Lang, "sitemap_err", err)
	return p.listingURLs(ctx, src, since)
}

// sitemapURLs returns the canonical URLs of the edition's articles its
// sitemaps list as modified at or after since, reading every sitemap
// whole.
func (p *Poller) sitemapURLs(ctx context.Context, src sanafeed.Source, since time.Time) ([]string, error) {
	sp := p.newSourcePoll(src)
	urls, err := sp.sitemapURLs(ctx, since, true, 0)
	p.storeStates(ctx, sp)
	return urls, err
}

// listingURLs walks the edition's home pages until they show only
// articles published before since.
func (p *Poller) listingURLs(ctx context.Context, src sanafeed.Source, since time.Time) ([]string, error) {
	sp := p.newSourcePoll(src)
	var urls []string
	next := src.URL
	for i := 0; next != "" && i < maxBackfillListingPages; i++ {
		doc, err := sp.getFresh(ctx, next)
		if err != nil {
			if len(urls) > 0 {
				break // the end of a listing is often a 404
			}
			return nil, err
		}
		l, err := extract.ListingPage(p.html(doc, src.Lang), doc.URL, src.URL)
		if err != nil {
			return urls, err
		}
		older := 0
		for _, it := range l.Articles {
			if !it.Published.IsZero() && it.Published.Before(since) {
				older++
				continue
			}
			if _, ok := articleURL(src, it.URL); ok && !slices.Contains(urls, it.Link) {
				urls = append(urls, it.Link) // as the page gives it: the canonical form may redirect
			}
		}
		if len(l.Articles) > 0 && older == len(l.Articles) {
			break
		}
		next = l.Next
	}
	p.storeStates(ctx, sp)
	return urls, nil
}

// articleURL returns u canonicalised when it names an article of src.
func articleURL(src sanafeed.Source, u string) (string, bool) {
	c, err := sanafeed.CanonicalURL(u)
	if err != nil || !sanafeed.InEdition(src.URL, c) {
		return "", false
	}
	if _, err := sanafeed.PostID(c); err != nil {
		return "", false
	}
	return c, true
}

// backfillPages fetches the pages among urls that are not stored, storing
// them BackfillBatch at a time.
func (p *Poller) backfillPages(ctx context.Context, src sanafeed.Source, urls []string, pr *Progress, report func()) error {
	keys := make([]string, 0, len(urls))
	byKey := map[string]string{}
	for _, u := range urls {
		id, _ := sanafeed.PostID(u)
		k := sanafeed.ArticleKey(src.Lang, id)
		if _, dup := byKey[k]; !dup {
			keys = append(keys, k)
			byKey[k] = u
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
		for _, k := range missing[start:min(start+BackfillBatch, len(missing))] {
			if err := ctx.Err(); err != nil {
				return err
			}
			id, _ := sanafeed.PostID(byKey[k])
			if a, ok := sp.fetchPage(ctx, byKey[k], id); ok {
				sp.obs = append(sp.obs, a)
				pr.Fetched++
			} else {
				pr.Failed++
			}
			report()
		}
		sp.store(ctx)
		pr.Stored += sp.res.New + sp.res.Updated
		p.log().Info("backfill batch stored", "lang", src.Lang, "stored", pr.Stored,
			"fetched", pr.Fetched, "missing", pr.Missing, "failed", pr.Failed)
		report()
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
	}
}
