package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
)

// plainSite is a replica that marks nothing as a category and links no
// next page, whose listings show five posts, with generated stories
// spread over five days: most of a first poll's window is reachable only
// from /page/N/, the sitemaps or the category listings.
func plainSite() replica.Options {
	return replica.Options{PlainMarkup: true, NoNextLink: true, HomeItems: 5, Synthetic: 90, SyntheticSpan: 5 * 24 * time.Hour}
}

// checkWindowStored checks every replica article of every edition that
// was published within the catch-up window before the edition's newest
// is stored, and returns how many were checked.
func checkWindowStored(t *testing.T, w *world, when string) int {
	t.Helper()
	stored := storedKeys(t, w.dataDir)
	newest := map[string]time.Time{}
	for _, a := range w.site.Truth() {
		if a.Published.After(newest[a.Lang]) {
			newest[a.Lang] = a.Published
		}
	}
	n := 0
	perLang := map[string]int{}
	for _, a := range w.site.Truth() {
		if a.Published.Before(newest[a.Lang].Add(-7 * 24 * time.Hour)) {
			continue
		}
		n++
		perLang[a.Lang]++
		if k := sanafeed.ArticleKey(a.Lang, a.PostID); !stored[k] {
			t.Errorf("%s: %s (%s, %s) not stored", when, k, a.Path, a.Published.Format(time.RFC3339))
		}
	}
	for _, e := range sanafeed.Editions {
		if perLang[e.Lang] == 0 {
			t.Errorf("%s: the replica has no %s article in the window: nothing was checked", when, e.Lang)
		}
	}
	return n
}

// A theme that marks no category and links no next page still yields a
// complete first poll: sanafeed pages the home by /page/N/.
func TestFirstPollPlainTheme(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, plainSite())
	out := w.poll()
	n := checkWindowStored(t, w, "first poll")
	if n <= len(sanafeed.Editions)*5 {
		t.Fatalf("only %d articles in the window: the home alone would show them", n)
	}
	pages := 0
	for _, r := range w.site.Requests() {
		if strings.Contains(r.Path, "/page/") {
			pages++
		}
	}
	if pages == 0 {
		t.Errorf("no /page/N/ requested: the home shows 5 of %d articles", n)
	}
	t.Logf("first poll stored all %d articles of the window; %d /page/N/ requests\n%s", n, pages, out)

	// Steady state: nothing changed, so every request (but robots.txt,
	// read once per process) is conditional and answered 304, and no
	// article page is read.
	w.site.ResetRequests()
	out = w.poll()
	checkNoChange(t, out)
	reqs := w.site.Requests()
	for _, r := range reqs {
		if r.Path == "/robots.txt" {
			continue // read once per process
		}
		if r.Status != http.StatusNotModified || !r.Conditional {
			t.Errorf("steady-state poll: %s answered %d (conditional %v), want 304", r.Path, r.Status, r.Conditional)
		}
	}
	t.Logf("steady-state poll of the plain theme: %d requests, all 304", len(reqs))
}

// When the home cannot be paged (here /page/N/ fails), a first poll
// closes the gap from the sitemaps; when those fail too, from the
// category listings, found by the shape of their links alone.
func TestFirstPollWithoutPaging(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		sitemaps bool
	}{{"sitemaps", true}, {"categories", false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorldWith(t, plainSite())
			for _, e := range sanafeed.Editions {
				w.site.SetFault(e.Lang, e.Path+"page/", replica.Fault{Kind: replica.Fault500})
				if !tc.sitemaps {
					w.site.SetFault(e.Lang, e.Path+"sitemap", replica.Fault{Kind: replica.Fault500})
					w.site.SetFault(e.Lang, e.Path+"wp-sitemap", replica.Fault{Kind: replica.Fault500})
				}
			}
			out := w.poll()
			n := checkWindowStored(t, w, tc.name)
			t.Logf("stored all %d articles of the window from the %s\n%s", n, tc.name, out)
		})
	}
}

// After downtime during which every edition published more than its
// home shows (Arabic three times as much), one poll stores every new
// post, in a number of requests bounded by: per edition its feed, the
// listing pages the new posts fill plus the one that shows nothing new,
// one page per new post, and a small constant.
func TestDowntimeCatchUp(t *testing.T) {
	t.Parallel()
	opts := plainSite()
	w := newWorldWith(t, opts)
	w.poll()
	checkWindowStored(t, w, "first poll")
	published := map[string]int{}
	var fresh []replica.Entry
	for _, e := range sanafeed.Editions {
		n := 2 * opts.HomeItems
		if e.Lang == "ar" {
			n = 3 * opts.HomeItems
		}
		news := w.site.Publish(e.Lang, n)
		published[e.Lang] = len(news)
		fresh = append(fresh, news...)
	}
	w.site.ResetRequests()
	out := w.poll()
	stored := storedKeys(t, w.dataDir)
	for _, a := range fresh {
		if k := sanafeed.ArticleKey(a.Lang, a.PostID); !stored[k] {
			t.Errorf("after downtime: %s (%s) not stored", k, a.Path)
		}
	}
	checkWindowStored(t, w, "after downtime")
	const slack = 4 // robots.txt, a stale feed read again past its cache, a sitemap or two
	perLang := map[string]int{}
	for _, r := range w.site.Requests() {
		perLang[requestLang(r.Path)]++
	}
	for _, e := range sanafeed.Editions {
		n := published[e.Lang]
		listing := (n+opts.HomeItems-1)/opts.HomeItems + 1
		bound := 1 + listing + n + slack
		if perLang[e.Lang] > bound {
			t.Errorf("%s: %d requests for %d new posts, bound %d (feed + %d listing pages + %d pages + %d)",
				e.Lang, perLang[e.Lang], n, bound, listing, n, slack)
		}
	}
	t.Logf("requests per edition after downtime: %v for %v new posts\n%s", perLang, published, out)
}

// requestLang returns the edition of a request path ("" for the host's
// own files such as /robots.txt).
func requestLang(path string) string {
	for _, e := range sanafeed.Editions {
		if e.Path != "/" && strings.HasPrefix(path, e.Path) {
			return e.Lang
		}
	}
	if path == "/robots.txt" || strings.HasPrefix(path, "/wp-content/") {
		return ""
	}
	return "ar"
}
