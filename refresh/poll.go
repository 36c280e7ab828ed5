package refresh

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// PollOnce runs one whole cycle: it polls every source once, concurrently
// (the Fetcher keeps each host's request budget), then links the
// translations of what was stored, and returns one result per source in
// the order of p.Sources. A failing source never stops the others; a
// linking failure is logged, and what it did not link is linked by the
// next cycle.
//
// PollOnce records the results in the schedule Status reports, as Run
// does, so that a single cycle also says when each source is next due.
func (p *Poller) PollOnce(ctx context.Context) []sanafeed.PollResult {
	// One fetch at a time per host leaves the CPU idle: translation
	// features are computed while the poll waits on the network.
	stop := p.linker().prepareWhile(ctx)
	results := p.pollAll(ctx)
	stop()
	p.linkNow(ctx)
	p.prunePages(ctx, true)
	return results
}

// linkNow links what was stored and not linked yet, logging a failure.
func (p *Poller) linkNow(ctx context.Context) {
	if ctx.Err() != nil {
		return // interrupted: the next cycle links what was stored
	}
	if err := p.linker().flush(ctx); err != nil {
		p.log().Error("link translations", "err", err)
	}
}

// pollAll polls every source once, concurrently.
func (p *Poller) pollAll(ctx context.Context) []sanafeed.PollResult {
	srcs := p.sources()
	results := make([]sanafeed.PollResult, len(srcs))
	var wg sync.WaitGroup
	for i, src := range srcs {
		wg.Go(func() {
			sp := p.pollSource(ctx, src)
			results[i] = sp.res
			if ctx.Err() == nil {
				p.record(src, sp)
			}
		})
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

	// lists are the URLs (feed, listing pages) this poll found its
	// candidates in: when a candidate could not be read, their validators
	// are not kept, so the next poll reads them whole and finds it again.
	lists      map[string]bool
	pageFailed bool                // some candidate page could not be read or was rejected
	listsRead  bool                // the home listing answered
	unread     sanafeed.FetchState // the unread marker as stored (see unreadKey)
	retryAt    time.Time           // the host asked not to be asked again before this
	checks     int                 // requests before the article pages: what checking the source cost
	found      []time.Time         // when each article the poll created or updated was published (or edited)
	horizon    time.Time           // catching up stops at articles older than this (see walk)
	halted     error               // set once the host asked to wait: no more requests

	rules  *extract.Rules      // the source's rules, compiled
	byURL  map[string]int64    // canonical URL → post id, of id-less links looked up in the store (0: not stored)
	misses ruleMisses          // the page rules that found nothing, for the summary
	pages  []sanafeed.KeptPage // the article pages read, kept for reprocessing

	// dropped holds the URLs of the feed items dropped as not of the
	// edition, so that each is counted and reported once; nil until one is.
	dropped map[string]bool
}

// pollSource polls one source: feed, listing pages, then the article pages
// it needs, and stores the result. Errors are reported in the result,
// never returned: the poller decides what they mean.
func (p *Poller) pollSource(ctx context.Context, src sanafeed.Source) *sourcePoll {
	sp := p.newSourcePoll(src)
	if sp.waitAsked(ctx) {
		return sp
	}
	feedOK := sp.readFeeds(ctx)
	listOK := sp.readListings(ctx)
	sp.checks = sp.res.Requests
	if !feedOK && !listOK {
		sp.res.Err = oneLine(sp.errs)
		if sp.res.Err == "" {
			sp.res.Err = "no feed and no listing to read (source.feeds and source.listings are both empty)"
		}
	}
	if err := sp.readPages(ctx); err != nil {
		sp.errs = append(sp.errs, err)
		if sp.res.Err == "" && ctx.Err() != nil {
			sp.res.Err = err.Error()
		}
	}
	sp.store(ctx)
	sp.errs = append(sp.errs, sp.misses.report()...)
	sp.res.Duration = p.now().Sub(sp.res.Started)
	sp.res.Errors = distinct(sp.errs)
	if err := p.Store.PutPollResult(context.WithoutCancel(ctx), sp.res); err != nil {
		p.log().Error("store poll result", "lang", src.Lang, "err", err)
	}
	p.notify(context.WithoutCancel(ctx), Notice{Step: Polled, Result: sp.res})
	return sp
}

// oneLine joins the messages of errs on one line: a summary cell or log
// field must not break into lines.
func oneLine(errs []error) string {
	return strings.Join(distinct(errs), "; ")
}

// distinct returns the messages of errs, once each, in order, each on
// one line.
func distinct(errs []error) []string {
	var out []string
	for _, err := range errs {
		m := strings.Join(strings.Fields(err.Error()), " ")
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// readFeeds reads the source's feeds (source.feeds), the first of them
// retried past a stale cache when the listing (read later) shows newer
// articles. It reports whether a feed answered usefully (200 or 304).
func (sp *sourcePoll) readFeeds(ctx context.Context) bool {
	ok := false
	for _, url := range sp.feeds() {
		if sp.readFeed(ctx, url) {
			ok = true
		}
	}
	return ok
}

// feeds returns the URLs of the source's feeds.
func (sp *sourcePoll) feeds() []string {
	var out []string
	for _, ref := range sp.rules.Source().Feeds {
		out = append(out, sp.src.Resolve(ref))
	}
	return out
}

// readFeed reads the feed at url and reports whether it answered
// usefully.
func (sp *sourcePoll) readFeed(ctx context.Context, url string) bool {
	sp.lists[url] = true
	doc, err := sp.get(ctx, url)
	if err != nil {
		sp.feedFailed(fmt.Errorf("feed: %w", err))
		return false
	}
	if doc == nil {
		return true // unchanged
	}
	feed, err := sp.p.ParseFeed(doc.Body, doc.ContentType, sp.src)
	if err != nil {
		sp.feedFailed(fmt.Errorf("feed %s: %w", url, err))
		sp.forget(url) // read it whole next time: it may be mended
		return false
	}
	if st := sp.stateOf(url); st != nil {
		st.Newest = feed.Newest
	}
	if feed.Repaired {
		sp.res.FeedRepaired = true
	}
	sp.res.Failed += feed.Skipped
	sp.addFeedArticles(url, feed.Articles)
	return true
}

// feedFailed records that the feed could not be read.
func (sp *sourcePoll) feedFailed(err error) {
	sp.errs = append(sp.errs, err)
	sp.res.FeedErr = err.Error()
	sp.res.Failed++
}

// addFeedArticles adds the articles of the feed read from url. An item
// that is not an article of the edition (see ofEdition) is left out,
// counted as failed and reported, once however many times a poll reads
// it. An item whose title or content did not decode (U+FFFD) is left
// out, and the feed is read whole next time.
func (sp *sourcePoll) addFeedArticles(url string, arts []sanafeed.Article) {
	for _, a := range arts {
		if !sp.ofEdition(a) {
			sp.dropItem(a)
			continue
		}
		if garbled(a.Title) || garbled(a.Content) {
			sp.errs = append(sp.errs, fmt.Errorf("feed %s: item %q does not decode (invalid UTF-8, or another charset's bytes): U+FFFD in it", url, a.URL))
			sp.res.Failed++
			sp.forget(url)
			continue
		}
		if sp.rules.Skipped(a.URL) {
			continue
		}
		a.Lang = sp.src.Lang
		a.Content = extract.Sanitize(a.Content, a.URL)
		a.From = sanafeed.FromFeed
		sp.observe(a)
	}
}

// ofEdition reports whether the feed item a is an article of the
// edition: its link is one the source's rules take for an article, or,
// since a feed may give a slug permalink and the post id only in its ?p=
// GUID, its link lies in the edition (sanafeed.InEdition) and the item
// names a post id. An item linking to another host or edition is not:
// sanafeed would fetch that host and publish a link off the site.
func (sp *sourcePoll) ofEdition(a sanafeed.Article) bool {
	if _, _, ok := sp.rules.Article(sp.src.URL, a.URL); ok {
		return true
	}
	return a.PostID > 0 && sanafeed.InEdition(sp.src.URL, a.URL)
}

// dropItem counts and reports the feed item a, not of the edition, the
// first time the poll meets it.
func (sp *sourcePoll) dropItem(a sanafeed.Article) {
	if sp.dropped[a.URL] {
		return
	}
	if sp.dropped == nil {
		sp.dropped = map[string]bool{}
	}
	sp.dropped[a.URL] = true
	sp.errs = append(sp.errs, fmt.Errorf("feed item %s: not an article of the edition %s, dropped", a.URL, sp.src.URL))
	sp.res.Failed++
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

// readListings reads the source's listings (source.listings: the home
// first) and, while they show new articles, the pages that follow each,
// adds their articles as candidates and checks the feed for staleness
// against the listings' newest article. When the home pages run out
// before reaching what was had (a first poll, downtime, a burst of news),
// the edition's sitemaps are read, and when those cannot be, its category
// listings (see catchup.go). A steady-state poll costs one conditional
// request per listing.
//
// When the last poll left candidate pages unread (see unreadKey), the
// listings and the category listings are all read whole, so those are
// found again. It reports whether a listing answered.
func (sp *sourcePoll) readListings(ctx context.Context) bool {
	unread := sp.loadUnread(ctx)
	var first *sanafeed.Response
	var newest time.Time
	ok, closed := false, true
	for _, ref := range sp.rules.Source().Listings {
		if sp.halted != nil || ctx.Err() != nil {
			break
		}
		w := sp.walk(ctx, sp.src.Resolve(ref), unread, true)
		ok = ok || w.ok
		closed = closed && w.closed
		if first == nil {
			first = w.first
		}
		if w.newest.After(newest) {
			newest = w.newest
		}
	}
	sp.listsRead = ok
	if !closed && sp.halted == nil && ctx.Err() == nil {
		closed = sp.readSitemaps(ctx)
	}
	if (!closed || unread) && first != nil && sp.halted == nil {
		if n := sp.readSections(ctx, first, unread); n.After(newest) {
			newest = n
		}
	}
	sp.checkStale(ctx, newest)
	return ok
}

// addListItem records a listing's article as a candidate and returns its
// key, or "" when it names no article of this edition. An article whose
// link holds no post id (and that the store does not know by its URL) is
// a candidate by its URL: its page tells its id.
func (sp *sourcePoll) addListItem(it extract.ListItem) string {
	canon, id, ok := sp.rules.Article(sp.src.URL, it.URL)
	if !ok {
		return ""
	}
	if id == 0 {
		id = sp.byURL[canon]
	}
	k := urlKey(canon)
	if id > 0 {
		k = sanafeed.ArticleKey(sp.src.Lang, id)
	}
	if _, ok := sp.seen[k]; !ok {
		title := it.Title
		if garbled(title) {
			title = "" // says nothing about the stored title
		}
		sp.seen[k] = sanafeed.Article{Lang: sp.src.Lang, PostID: id, URL: canon, Title: title, Published: it.Published}
	}
	sp.want[k] = canon
	if it.Link != "" {
		sp.want[k] = it.Link // the canonical form may cost a redirect
	}
	return k
}

// urlKey is the key of a candidate known only by its URL.
func urlKey(canon string) string { return "url:" + canon }

// resolveURLs looks up in the store the articles among items whose links
// hold no post id, so that a theme whose permalinks are slugs costs no
// page request for what is stored.
func (sp *sourcePoll) resolveURLs(ctx context.Context, items []extract.ListItem) error {
	var ask []string
	for _, it := range items {
		if it.PostID != 0 {
			continue
		}
		if canon, id, ok := sp.rules.Article(sp.src.URL, it.URL); ok && id == 0 {
			if _, done := sp.byURL[canon]; !done {
				ask = append(ask, canon)
			}
		}
	}
	if len(ask) == 0 {
		return nil
	}
	keys, err := sp.p.Store.KeysByURL(ctx, ask)
	if err != nil {
		return fmt.Errorf("articles by url: %w", err)
	}
	for _, u := range ask {
		sp.byURL[u] = 0
		if k, ok := keys[u]; ok {
			if lang, id, err := sanafeed.SplitKey(k); err == nil && lang == sp.src.Lang {
				sp.byURL[u] = id
			}
		}
	}
	return nil
}

// checkStale compares the feed's newest item with the listing's and, when
// the feed is stale, reads it again past its cache.
func (sp *sourcePoll) checkStale(ctx context.Context, listNewest time.Time) {
	feeds := sp.feeds()
	if len(feeds) == 0 {
		return
	}
	feedURL := feeds[0]
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
	sp.lists[key] = true
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
	sp.addFeedArticles(key, feed.Articles)
}
