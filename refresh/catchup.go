package refresh

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/extract"
)

// Catching up: a poll reads an edition back until it reaches what it
// already has. A listing is read page after page while its pages show
// articles that are neither stored nor seen earlier in the same listing
// (its sidebars repeat on every page); when it runs out before that (no
// further page, a 404, the page cap) there is a gap, and the edition's
// sitemaps are read for the articles published since, then, if they
// cannot be, its category listings. Nothing here depends on a theme's
// class names: the next page is rel="next" or WordPress's /page/N/, and
// categories are found by the shape of their links (extract.Listings).
// The catch-up window bounds how far back a poll reads; older history is
// Backfill's.

// DefaultCatchUp is how far back, from the newest article an edition
// shows, a poll reads to close a gap when Poller.CatchUp is 0.
const DefaultCatchUp = 7 * 24 * time.Hour

// Bounds on catching up, so that a site answering every page with new
// links cannot keep a poll going.
const (
	maxListingPages   = 200  // pages of one listing (as maxBackfillListingPages)
	maxSections       = 40   // category listings read to close a gap
	maxSitemapEntries = 5000 // article URLs taken from the sitemaps
)

// catchUp returns the catch-up window in force.
func (p *Poller) catchUp() time.Duration {
	if p.CatchUp > 0 {
		return p.CatchUp
	}
	return DefaultCatchUp
}

// A walk is what reading one listing back found.
type walk struct {
	first  *sanafeed.Response // its first page; nil when unchanged or failed
	ok     bool               // the first page answered (200 or 304)
	newest time.Time          // the newest article time it showed
	// closed reports that the walk reached what was had: its first page
	// was unchanged, or a page showed stored articles and nothing new,
	// or only new articles older than the catch-up window.
	closed bool
}

// walk reads the listing at start and its next pages while they show new
// articles (see the comment at the top of the file), adding their
// articles as candidates. With whole set, its pages are read without
// validators. A main listing (one of source.listings, not a category
// found on the home) whose first page shows no article is reported: the
// rules no longer find the articles.
func (sp *sourcePoll) walk(ctx context.Context, start string, whole, main bool) walk {
	var w walk
	seen := map[string]bool{}
	url := start
	for n := 1; n <= maxListingPages && url != ""; n++ {
		if ctx.Err() != nil {
			return w
		}
		sp.lists[url] = true
		doc, err := sp.getList(ctx, url, whole)
		if err != nil {
			if n == 1 || !sp.answered(url, http.StatusNotFound) {
				sp.errs = append(sp.errs, fmt.Errorf("listing: %w", err))
				sp.res.Failed++
			}
			return w // past a listing's last page WordPress answers 404
		}
		if n == 1 {
			w.ok, w.first = true, doc
		}
		if doc == nil { // unchanged: its articles are stored already
			if st := sp.stateOf(url); st != nil && st.Newest.After(w.newest) {
				w.newest = st.Newest
			}
			w.closed = true
			return w
		}
		l, err := sp.rules.Listing(sp.p.html(doc, sp.src.Lang), doc.URL, sp.src.URL)
		if err != nil {
			sp.errs = append(sp.errs, fmt.Errorf("listing %s: %w", url, err))
			return w
		}
		if n == 1 && main && len(l.Articles) == 0 {
			sp.errs = append(sp.errs, fmt.Errorf("listing %s: no article links found (check source.article and source.listing.item)", url))
			sp.res.Failed++
		}
		news, err := sp.listed(ctx, url, l, seen)
		if err != nil {
			sp.errs = append(sp.errs, err)
			return w
		}
		if news.newest.After(w.newest) {
			w.newest = news.newest
		}
		if sp.horizon.IsZero() && !news.newest.IsZero() {
			sp.horizon = news.newest.Add(-sp.p.catchUp())
		}
		switch {
		case news.fresh == 0 && news.known > 0, !sp.horizon.IsZero() && news.fresh > 0 && news.allBefore(sp.horizon):
			w.closed = true // reached what was had, or the window's edge
			return w
		case news.fresh == 0:
			// Nothing on it that was not on an earlier page, or nothing
			// at all: a theme that answers /page/N/ with the home again,
			// or an empty listing. The listing ended short of what was
			// had.
			return w
		}
		url = l.Next
		if url == "" {
			url = nthPage(start, n+1)
		}
	}
	return w
}

// answered reports whether the last request for url in this poll was
// answered with status.
func (sp *sourcePoll) answered(url string, status int) bool {
	st := sp.stateOf(url)
	return st != nil && st.Status == status
}

// nthPage returns page n of the listing at start as WordPress serves it,
// start/page/n/, whether or not the theme links to it.
func nthPage(start string, n int) string {
	if i := strings.IndexAny(start, "?#"); i >= 0 {
		start = start[:i]
	}
	if !strings.HasSuffix(start, "/") {
		start += "/"
	}
	return start + "page/" + strconv.Itoa(n) + "/"
}

// A pageNews is what one listing page showed that was new.
type pageNews struct {
	newest time.Time   // the newest article time on the page
	fresh  int         // articles neither stored nor seen earlier in the walk
	known  int         // articles stored already, not seen earlier in the walk
	dates  []time.Time // the times of those, where the page gave one
}

// allBefore reports whether every fresh article is dated, and before t.
func (n pageNews) allBefore(t time.Time) bool {
	if len(n.dates) < n.fresh {
		return false
	}
	for _, d := range n.dates {
		if !d.Before(t) {
			return false
		}
	}
	return true
}

// listed adds the articles of the listing page l (read from url) as
// candidates and tells what was new on it; seen holds the keys met
// earlier in the walk and gains the page's.
func (sp *sourcePoll) listed(ctx context.Context, url string, l extract.Listing, seen map[string]bool) (pageNews, error) {
	var news pageNews
	if err := sp.resolveURLs(ctx, l.Articles); err != nil {
		return news, err
	}
	keys := make([]string, 0, len(l.Articles))
	when := map[string]time.Time{}
	for _, it := range l.Articles {
		if it.Published.After(news.newest) {
			news.newest = it.Published
		}
		k := sp.addListItem(it)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
		when[k] = it.Published
	}
	if st := sp.stateOf(url); st != nil {
		st.Newest = news.newest
	}
	known, err := sp.p.Store.Known(ctx, keys)
	if err != nil {
		return news, fmt.Errorf("known articles: %w", err)
	}
	for _, k := range keys {
		if _, ok := known[k]; ok {
			news.known++
			continue
		}
		news.fresh++
		if t := when[k]; !t.IsZero() {
			news.dates = append(news.dates, t)
		}
	}
	return news, nil
}

// readSections walks the category listings the home links to, found by
// structure as well as by class, each until it reaches what was had. It
// returns the newest article time they showed.
func (sp *sourcePoll) readSections(ctx context.Context, home *sanafeed.Response, whole bool) time.Time {
	var newest time.Time
	sections, err := sp.rules.Listings(sp.p.html(home, sp.src.Lang), home.URL, sp.src.URL)
	if err != nil {
		sp.errs = append(sp.errs, err)
		return newest
	}
	for _, u := range sections[:min(len(sections), maxSections)] {
		if ctx.Err() != nil || sp.halted != nil {
			break
		}
		if w := sp.walk(ctx, u, whole, false); w.newest.After(newest) {
			newest = w.newest
		}
	}
	return newest
}

// readSitemaps adds as candidates the edition's articles that its
// sitemaps list as modified within the catch-up window (since the newest
// article the edition shows, less the window). It reports whether a
// sitemap listing posts could be read.
func (sp *sourcePoll) readSitemaps(ctx context.Context) bool {
	since := sp.horizon
	if since.IsZero() {
		since = sp.p.now().Add(-sp.p.catchUp())
	}
	urls, err := sp.sitemapURLs(ctx, since, false, maxSitemapEntries)
	if err != nil {
		sp.errs = append(sp.errs, fmt.Errorf("sitemaps: %w", err))
		return false
	}
	var items []extract.ListItem
	for _, u := range urls {
		if c, id, ok := sp.rules.Article(sp.src.URL, u); ok {
			items = append(items, extract.ListItem{URL: c, Link: u, PostID: id})
		}
	}
	if err := sp.resolveURLs(ctx, items); err != nil {
		sp.errs = append(sp.errs, err)
	}
	for _, it := range items {
		sp.addListItem(it)
	}
	return true
}

// sitemapURLs returns the URLs (as the sitemaps give them, once per
// article) of the edition's articles that its sitemaps list as modified at or after since (or with no date), at
// most limit (0: no limit), newest sitemap first. The sitemaps are those
// robots.txt names within the edition, else its sitemap_index.xml
// (Yoast, RankMath), else WordPress core's wp-sitemap.xml. With whole
// set, every sitemap is read without validators (a backfill must read
// them even if a poll saw them); else one unchanged since the last read
// (304) adds nothing.
func (sp *sourcePoll) sitemapURLs(ctx context.Context, since time.Time, whole bool, limit int) ([]string, error) {
	if limit <= 0 {
		limit = math.MaxInt
	}
	var errs []string
	for _, idx := range sp.sitemapIndexes(ctx) {
		urls, err := sp.sitemapTree(ctx, idx, since, whole, limit)
		if err == nil {
			return urls, nil
		}
		errs = append(errs, err.Error())
	}
	return nil, fmt.Errorf("no sitemap could be read: %s", strings.Join(errs, "; "))
}

// sitemapIndexes returns the sitemaps to try, in order: source.sitemaps
// when set, else the edition's Sitemap lines of robots.txt, then the usual
// WordPress locations.
func (sp *sourcePoll) sitemapIndexes(ctx context.Context) []string {
	var out []string
	if set := sp.rules.Source().Sitemaps; len(set) > 0 {
		for _, ref := range set {
			out = append(out, sp.src.Resolve(ref))
		}
		return out
	}
	if doc, err := sp.getList(ctx, sp.src.Resolve("/robots.txt"), true); err == nil && doc != nil {
		for _, u := range extract.RobotsSitemaps(doc.Body) {
			if sanafeed.InEdition(sp.src.URL, u) {
				out = append(out, u)
			}
		}
	}
	for _, ref := range []string{"sitemap_index.xml", "wp-sitemap.xml"} {
		if u := sp.src.Resolve(ref); !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// sitemapTree reads the sitemap at loc, an index or a urlset, and returns
// the article URLs it and its post sitemaps list at or after since.
func (sp *sourcePoll) sitemapTree(ctx context.Context, loc string, since time.Time, whole bool, limit int) ([]string, error) {
	doc, err := sp.sitemap(ctx, loc, whole)
	if err != nil || doc == nil {
		return nil, err
	}
	var urls []string
	seen := map[string]bool{}
	urls = sp.sitemapArticles(doc.URLs, since, urls, seen, limit)
	posts := 0
	// Yoast numbers post sitemaps oldest first: read the newest first so
	// the cap keeps the newest articles.
	for i := len(doc.Sitemaps) - 1; i >= 0 && len(urls) < limit; i-- {
		sm := doc.Sitemaps[i]
		if !extract.IsPostSitemap(sm.Loc) || !sanafeed.InEdition(sp.src.URL, sm.Loc) {
			continue
		}
		posts++
		if !sm.LastMod.IsZero() && sm.LastMod.Before(since) {
			continue // nothing in it changed since
		}
		child, err := sp.sitemap(ctx, sm.Loc, whole)
		if err != nil {
			sp.p.log().Warn("sitemap", "lang", sp.src.Lang, "url", sm.Loc, "err", err)
			continue
		}
		if child != nil {
			urls = sp.sitemapArticles(child.URLs, since, urls, seen, limit)
		}
	}
	if posts == 0 && len(doc.URLs) == 0 {
		return nil, fmt.Errorf("%s lists no posts", loc)
	}
	return urls, nil
}

// sitemap fetches and parses the sitemap at loc; nil, nil when it is
// unchanged since the last read.
func (sp *sourcePoll) sitemap(ctx context.Context, loc string, whole bool) (*extract.SitemapDoc, error) {
	doc, err := sp.getList(ctx, loc, whole)
	if err != nil || doc == nil {
		return nil, err
	}
	sm, err := extract.Sitemap(doc.Body)
	if err != nil {
		sp.forget(loc)
		return nil, fmt.Errorf("%s: %w", loc, err)
	}
	return &sm, nil
}

// sitemapArticles appends to dst the canonical URLs of the edition's
// articles among entries modified at or after since (or undated), while
// dst holds fewer than limit, skipping those in seen (which gains them).
func (sp *sourcePoll) sitemapArticles(entries []extract.SitemapURL, since time.Time, dst []string, seen map[string]bool, limit int) []string {
	for _, e := range entries {
		if len(dst) >= limit {
			break
		}
		if !e.LastMod.IsZero() && e.LastMod.Before(since) {
			continue
		}
		if c, ok := sp.articleURL(e.Loc); ok && !seen[c] {
			seen[c] = true
			dst = append(dst, e.Loc) // as the site gives it: the canonical form may redirect
		}
	}
	return dst
}
