package refresh_test

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// TestFeedItemsOffTheEditionAreDropped checks that a feed item whose link
// leaves the edition (another host, another edition) is neither fetched
// nor stored, but counted as failed and reported once, while an item of
// the edition is stored, even one whose slug link names no post id (its
// ?p= GUID does).
func TestFeedItemsOffTheEditionAreDropped(t *testing.T) {
	t.Parallel()
	var off countingHost
	offSrv := httptest.NewServer(&off)
	defer offSrv.Close()
	e := &fakeEdition{}
	origin := e.serve(t)
	e.setPage("/en/syria/101/", articlePage(101, testkit.T0, "In the edition", "", ""))
	e.setPage("/en/syria/a-slug/", articlePage(102, testkit.T0, "A slug permalink", "", ""))
	e.setFeed(
		rssItem(origin+"/en/syria/101/", origin+"/en/?p=101", "In the edition", testkit.T0, ""),
		rssItem(origin+"/en/syria/a-slug/", origin+"/en/?p=102", "A slug permalink", testkit.T0, ""),
		rssItem(offSrv.URL+"/en/syria/103/", offSrv.URL+"/en/?p=103", "Another host", testkit.T0, ""),
		rssItem(origin+"/fr/syrie/104/", origin+"/fr/?p=104", "Another edition", testkit.T0, ""),
	)
	p, db := newPoller(t, sanafeed.Source{Lang: "en", URL: origin + "/en/"})
	res := p.PollOnce(t.Context())[0]
	if n := off.n.Load(); n != 0 {
		t.Errorf("the other host was asked %d requests, want none", n)
	}
	for _, id := range []int64{101, 102} {
		if _, err := db.Article(t.Context(), sanafeed.ArticleKey("en", id)); err != nil {
			t.Errorf("en/%d of the edition not stored: %v", id, err)
		}
	}
	for _, id := range []int64{103, 104} {
		if a, err := db.Article(t.Context(), sanafeed.ArticleKey("en", id)); err == nil {
			t.Errorf("en/%d stored, linking to %s", id, a.URL)
		}
	}
	if res.Failed != 2 {
		t.Errorf("Failed = %d, want 2 (the two items off the edition); %+v", res.Failed, res)
	}
	for _, u := range []string{offSrv.URL + "/en/syria/103/", origin + "/fr/syrie/104/"} {
		n := 0
		for _, msg := range res.Errors {
			if strings.Contains(msg, u) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s is named by %d errors, want 1: %q", u, n, res.Errors)
		}
	}
	if slices.ContainsFunc(res.Errors, func(m string) bool { return strings.Contains(m, "/en/syria/101/") }) {
		t.Errorf("the edition's item reported as an error: %q", res.Errors)
	}
}

// TestFutureDateDoesNotPin checks that an article whose feed item and
// page both date it 9999-12-31 is not pinned to the top of the edition:
// its time is when it was first seen, and an article published after
// that comes before it.
func TestFutureDateDoesNotPin(t *testing.T) {
	t.Parallel()
	far := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	t1 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := t1
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := &fakeEdition{}
	origin := e.serve(t)
	item := func(id int64, title string, published time.Time) string {
		e.setPage(fmt.Sprintf("/en/syria/%d/", id), articlePage(id, published, title, "", ""))
		return rssItem(fmt.Sprintf("%s/en/syria/%d/", origin, id), fmt.Sprintf("%s/en/?p=%d", origin, id), title, published, "")
	}
	future, old := item(201, "From the far future", far), item(202, "An hour old", t1.Add(-time.Hour))
	e.setFeed(future, old)
	p, db := newPoller(t, sanafeed.Source{Lang: "en", URL: origin + "/en/"})
	p.Now, db.Now = clock, clock
	p.PollOnce(t.Context())
	mu.Lock()
	now = t1.Add(2 * time.Hour)
	mu.Unlock()
	e.setFeed(item(203, "Published since", t1.Add(time.Hour)), future, old)
	p.PollOnce(t.Context())

	got, err := db.Latest(t.Context(), sanafeed.Query{Lang: "en"})
	testkit.Check(t, err)
	var ids []int64
	for _, a := range got {
		ids = append(ids, a.PostID)
	}
	if want := []int64{203, 201, 202}; !slices.Equal(ids, want) {
		t.Errorf("edition order %v, want %v (the far future article at when it was first seen)", ids, want)
	}
	a, err := db.Article(t.Context(), sanafeed.ArticleKey("en", 201))
	testkit.Check(t, err)
	if !a.Time().Equal(t1) || !a.Revised().Equal(t1) {
		t.Errorf("far future article: Time %v, Revised %v; want both %v, when it was first seen", a.Time(), a.Revised(), t1)
	}
}

// TestInvalidUTF8PageRefused checks that an article page declared UTF-8
// whose title or text holds invalid UTF-8 is refused, counted and
// reported as such, never stored with the bytes decoded some other way
// (here an English page, all ASCII but for the broken bytes, which a
// charset guess would take for windows-1252).
func TestInvalidUTF8PageRefused(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, title, text string
	}{
		{"ascii title", "Minister visits Aleppo\xc3\x28\xff", "plain"},
		{"ascii text", "Minister visits Aleppo", "broken \xe2\x82\xfe here"},
		{"damaged utf-8", "Minister\u2019s visit\xc3\x28", "plain"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := &fakeEdition{}
			origin := e.serve(t)
			page := articlePage(301, testkit.T0, tt.title, "", "")
			page = []byte(strings.NewReplacer("told at length", tt.text, "–", "-").Replace(string(page)))
			e.setPage("/en/syria/301/", page)
			p, db := newPoller(t, sanafeed.Source{Lang: "en", URL: origin + "/en/"})
			res := p.PollOnce(t.Context())[0]
			if a, err := db.Article(t.Context(), sanafeed.ArticleKey("en", 301)); err == nil {
				t.Errorf("stored %q from a page with invalid UTF-8", a.Title)
			}
			if res.Failed != 1 || !slices.ContainsFunc(res.Errors, func(m string) bool {
				return strings.Contains(m, "/en/syria/301/") && strings.Contains(m, "invalid UTF-8")
			}) {
				t.Errorf("poll: failed %d, errors %q; want 1 and the page named as holding invalid UTF-8", res.Failed, res.Errors)
			}
		})
	}
}
