package refresh

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// PollOnce polls every source once, concurrently (the Fetcher keeps each
// host's request budget), and returns one result per source in the order
// of p.Sources. A failing source never stops the others.
func (p *Poller) PollOnce(ctx context.Context) []sanafeed.PollResult {
	results := make([]sanafeed.PollResult, len(p.Sources))
	var wg sync.WaitGroup
	for i, src := range p.Sources {
		wg.Go(func() { results[i] = p.PollSource(ctx, src) })
	}
	wg.Wait()
	return results
}

// a sourcePoll is the working state of one poll of one source.
type sourcePoll struct {
	p     *Poller
	src   sanafeed.Source
	res   sanafeed.PollResult
	obs   []sanafeed.Article          // observations to store, in order
	seen  map[string]sanafeed.Article // key → latest observation from feed or listing
	want  map[string]string           // key → page URL to fetch
	st    []sanafeed.FetchState       // states to store
	errs  []error                     // what failed, for the log and summary
	known map[string]sanafeed.Article // stored articles among the candidates
}

// PollSource polls one source: feed, listing pages, then the article
// pages it needs, and stores the result. Errors are reported in the
// result, never returned: the poller decides what they mean.
func (p *Poller) PollSource(ctx context.Context, src sanafeed.Source) sanafeed.PollResult {
	sp := &sourcePoll{
		p: p, src: src,
		res:  sanafeed.PollResult{Lang: src.Lang, Started: p.now()},
		seen: map[string]sanafeed.Article{},
		want: map[string]string{},
	}
	feedOK := sp.readFeed(ctx)
	listOK := sp.readListings(ctx)
	if !feedOK && !listOK {
		sp.res.Err = errors.Join(sp.errs...).Error()
	}
	if err := sp.readPages(ctx); err != nil {
		sp.errs = append(sp.errs, err)
		if sp.res.Err == "" && ctx.Err() != nil {
			sp.res.Err = err.Error()
		}
	}
	sp.store(ctx)
	sp.res.Duration = p.now().Sub(sp.res.Started)
	if err := p.Store.PutPollResult(context.WithoutCancel(ctx), sp.res); err != nil {
		p.log().Error("store poll result", "lang", src.Lang, "err", err)
	}
	for _, err := range sp.errs {
		p.log().Warn("poll", "lang", src.Lang, "err", err)
	}
	return sp.res
}

// get fetches url with its stored state and records the new state.
// It returns (nil, nil) when the document is unchanged.
func (sp *sourcePoll) get(ctx context.Context, url string) (*Doc, error) {
	st, err := sp.p.Store.FetchState(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("fetch state %s: %w", url, err)
	}
	if st.URL == "" {
		st.URL = url
	}
	return sp.getWith(ctx, url, st)
}

func (sp *sourcePoll) getWith(ctx context.Context, url string, st sanafeed.FetchState) (*Doc, error) {
	sp.res.Requests++
	doc, err := sp.p.Fetcher.Get(ctx, url, st)
	if ctx.Err() != nil {
		return nil, ctx.Err() // shutting down: not the server's failure
	}
	if doc != nil {
		doc.State.URL = st.URL
		sp.st = append(sp.st, doc.State)
	} else {
		st.Fetched = sp.p.now()
		st.Failures++
		if err != nil {
			st.LastError = err.Error()
		}
		sp.st = append(sp.st, st)
	}
	if errors.Is(err, ErrNotModified) {
		sp.res.NotModified++
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// stateOf returns the state recorded in this poll for url, if any.
func (sp *sourcePoll) stateOf(url string) *sanafeed.FetchState {
	for i := len(sp.st) - 1; i >= 0; i-- {
		if sp.st[i].URL == url {
			return &sp.st[i]
		}
	}
	return nil
}

// readFeed reads the edition's feed, retrying past a stale cache when the
// listing (read later) shows newer articles. It reports whether the feed
// answered usefully (200 or 304).
func (sp *sourcePoll) readFeed(ctx context.Context) bool {
	url := sp.src.FeedURL()
	doc, err := sp.get(ctx, url)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("feed: %w", err))
		return false
	}
	if doc == nil {
		return true // unchanged
	}
	feed, err := sp.p.ParseFeed(doc.Body, doc.ContentType, sp.src)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("feed %s: %w", url, err))
		sp.res.Failed++
		return false
	}
	if st := sp.stateOf(url); st != nil {
		st.Newest = feed.Newest
	}
	sp.res.FeedRepaired = feed.Repaired
	sp.res.Failed += feed.Skipped
	sp.addFeedArticles(feed.Articles)
	return true
}

func (sp *sourcePoll) addFeedArticles(arts []sanafeed.Article) {
	for _, a := range arts {
		a.Lang = sp.src.Lang
		a.Content = extract.Sanitize(a.Content, a.URL)
		a.From = sanafeed.FromFeed
		sp.observe(a)
	}
}

// observe records an observation to store and the article's page URL as
// a candidate to fetch.
func (sp *sourcePoll) observe(a sanafeed.Article) {
	if a.PostID <= 0 || a.URL == "" {
		sp.res.Failed++
		return
	}
	k := a.Key()
	if prev, ok := sp.seen[k]; ok {
		prev.Merge(a)
		a = prev
	}
	sp.seen[k] = a
	sp.want[k] = a.URL
	sp.obs = append(sp.obs, a)
}

// readListings reads the edition's home page and the pages that follow it
// (up to ListingPages), adds their articles as candidates and checks the
// feed for staleness against the listing's newest article. When the home
// shows articles not stored yet, the category listings it links to are
// read too, each only as deep as it keeps showing unknown articles, so a
// steady-state poll costs one conditional request.
func (sp *sourcePoll) readListings(ctx context.Context) bool {
	home, ok, fresh, newest := sp.readListing(ctx, sp.src.URL)
	if fresh > 0 && home != nil {
		sections, err := extract.Sections(home.Body, home.URL, sp.src.URL)
		if err != nil {
			sp.errs = append(sp.errs, err)
		}
		for _, u := range sections {
			if ctx.Err() != nil {
				break
			}
			_, _, _, n := sp.readListing(ctx, u)
			if n.After(newest) {
				newest = n
			}
		}
	}
	sp.checkStale(ctx, newest)
	return ok
}

// readListing reads the listing at url and its next pages, up to
// ListingPages and only while a page shows articles not stored yet. It
// returns the first page (nil when unchanged or failed), whether the
// first page answered, how many unknown articles it saw, and the newest
// article time it saw.
func (sp *sourcePoll) readListing(ctx context.Context, url string) (first *Doc, ok bool, fresh int, newest time.Time) {
	n := max(sp.p.ListingPages, 1)
	for i := 0; i < n && url != ""; i++ {
		doc, err := sp.get(ctx, url)
		if err != nil {
			sp.errs = append(sp.errs, fmt.Errorf("listing: %w", err))
			return first, ok, fresh, newest
		}
		if i == 0 {
			ok, first = true, doc
		}
		if doc == nil {
			// Unchanged: its articles are stored already; its newest
			// item is remembered in its state.
			if st := sp.stateOf(url); st != nil && st.Newest.After(newest) {
				newest = st.Newest
			}
			return first, ok, fresh, newest
		}
		l, err := extract.ListingPage(doc.Body, doc.URL, sp.src.URL)
		if err != nil {
			sp.errs = append(sp.errs, fmt.Errorf("listing %s: %w", url, err))
			return first, ok, fresh, newest
		}
		var pageNewest time.Time
		keys := make([]string, 0, len(l.Articles))
		for _, it := range l.Articles {
			if it.Published.After(pageNewest) {
				pageNewest = it.Published
			}
			if k := sp.addListItem(it); k != "" {
				keys = append(keys, k)
			}
		}
		if st := sp.stateOf(url); st != nil {
			st.Newest = pageNewest
		}
		if pageNewest.After(newest) {
			newest = pageNewest
		}
		known, err := sp.p.Store.Known(ctx, keys)
		if err != nil {
			sp.errs = append(sp.errs, err)
			return first, ok, fresh, newest
		}
		unknown := len(keys) - len(known)
		fresh += unknown
		if unknown == 0 {
			break
		}
		url = l.Next
	}
	return first, ok, fresh, newest
}

// addListItem records a listing's article as a candidate and returns its
// key, or "" when it names no article of this edition.
func (sp *sourcePoll) addListItem(it extract.ListItem) string {
	id, err := sanafeed.PostID(it.URL)
	if err != nil {
		return ""
	}
	canon, err := sanafeed.CanonicalURL(it.URL)
	if err != nil || !sanafeed.InEdition(sp.src.URL, canon) {
		return ""
	}
	k := sanafeed.ArticleKey(sp.src.Lang, id)
	if _, ok := sp.seen[k]; !ok {
		sp.seen[k] = sanafeed.Article{Lang: sp.src.Lang, PostID: id, URL: canon, Title: it.Title, Published: it.Published}
	}
	sp.want[k] = canon
	return k
}

// checkStale compares the feed's newest item with the listing's and, when
// the feed is stale, reads it again past its cache.
func (sp *sourcePoll) checkStale(ctx context.Context, listNewest time.Time) {
	feedURL := sp.src.FeedURL()
	st := sp.stateOf(feedURL)
	if st == nil || listNewest.IsZero() || st.Newest.IsZero() {
		return
	}
	if listNewest.Sub(st.Newest) <= sp.p.StaleAfter {
		return
	}
	sp.res.FeedStale = true
	if sp.p.BustCache == nil {
		return
	}
	// The cache-busted URL changes every time; remember its validators
	// under one fixed key so the fresh copy can still answer 304.
	key := feedURL + "#fresh"
	prev, err := sp.p.Store.FetchState(ctx, key)
	if err != nil {
		sp.errs = append(sp.errs, err)
		return
	}
	prev.URL = key
	doc, err := sp.getWith(ctx, sp.p.BustCache(feedURL, sp.p.now()), prev)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("fresh feed: %w", err))
		return
	}
	if doc == nil {
		return
	}
	feed, err := sp.p.ParseFeed(doc.Body, doc.ContentType, sp.src)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("fresh feed: %w", err))
		return
	}
	if feed.Repaired {
		sp.res.FeedRepaired = true
	}
	sp.addFeedArticles(feed.Articles)
}

// readPages fetches the article pages that are new, known only from a
// feed, or whose feed or listing observation differs from what is stored.
func (sp *sourcePoll) readPages(ctx context.Context) error {
	keys := make([]string, 0, len(sp.want))
	for k := range sp.want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	known, err := sp.p.Store.Known(ctx, keys)
	if err != nil {
		return fmt.Errorf("known articles: %w", err)
	}
	sp.known = known
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		old, stored := known[k]
		if stored && old.From == sanafeed.FromPage && !differs(old, sp.seen[k]) {
			continue
		}
		if a, ok := sp.fetchPage(ctx, sp.want[k]); ok {
			if a.PostID == 0 {
				a.PostID = sp.seen[k].PostID
			}
			sp.obs = append(sp.obs, a)
		}
	}
	return nil
}

// fetchPage fetches and extracts one article page. It reports false when
// the page is unchanged since last read or could not be read (counted
// and logged).
func (sp *sourcePoll) fetchPage(ctx context.Context, url string) (sanafeed.Article, bool) {
	doc, err := sp.get(ctx, url)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("page: %w", err))
		sp.res.Failed++
		return sanafeed.Article{}, false
	}
	if doc == nil {
		return sanafeed.Article{}, false
	}
	a, err := extract.Page(doc.Body, doc.URL, sp.src.Lang)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("page %s: %w", url, err))
		sp.res.Failed++
		return sanafeed.Article{}, false
	}
	a.Lang = sp.src.Lang
	return a, true
}

// differs reports whether an observation from a feed or listing shows an
// article changed since it was stored from its page.
func differs(stored, seen sanafeed.Article) bool {
	if seen.Title != "" && seen.Title != stored.Title {
		return true
	}
	return seen.Modified.After(stored.Modified)
}

// store writes the observations and fetch states and counts the outcome.
func (sp *sourcePoll) store(ctx context.Context) {
	ctx = context.WithoutCancel(ctx) // what was fetched is kept even on shutdown
	changes, err := sp.p.Store.PutArticles(ctx, sp.obs)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("store: %w", err))
	}
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
	if err := sp.p.Store.PutFetchState(ctx, sp.st...); err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("store fetch state: %w", err))
	}
	if len(changed) > 0 && sp.p.OnChange != nil {
		sp.p.OnChange(ctx, changed)
	}
}
