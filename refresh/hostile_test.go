package refresh_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/refresh"
	"github.com/sanafeed/sanafeed/replica"
)

// TestRetryAfterPostponesSources checks that a 429 with Retry-After
// pauses the whole host (the other edition sends nothing either), that Run
// schedules both editions no earlier than the Retry-After, and that a new
// poller on the same store (a restart, or `sanafeed poll` from cron) still
// honours it. Run runs in a synctest bubble: once every goroutine waits,
// its first polls are done.
func TestRetryAfterPostponesSources(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		site := replica.New(replica.Options{})
		site.SetFault("", "/", replica.Fault{Kind: replica.Fault429, RetryAfter: 10 * time.Minute})
		p, db := newPoller(t,
			sanafeed.Source{Lang: "en", URL: bubbleOrigin + "/en/", Interval: time.Minute},
			sanafeed.Source{Lang: "es", URL: bubbleOrigin + "/es/", Interval: time.Minute})
		serveInMemory(p, site)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- p.Run(ctx) }()
		synctest.Wait()
		cancel()
		<-done
		for _, st := range p.Status() {
			if st.Last.Started.IsZero() {
				t.Errorf("%s: not polled when Run started", st.Lang)
			}
			if st.Next.Sub(start) < 9*time.Minute || st.RetryAfter.IsZero() || st.Failures != 1 || st.LastError == "" {
				t.Errorf("%s: next in %v, retry after %v, %d failures, error %q; want ≥ 10m, set, 1, set",
					st.Lang, st.Next.Sub(start), st.RetryAfter, st.Failures, st.LastError)
			}
		}
		if n := len(site.Requests()); n != 1 {
			t.Errorf("the site got %d requests, want 1: the 429 pauses the host for every edition", n)
		}

		p2, _ := newPoller(t, p.Sources...)
		serveInMemory(p2, site)
		p2.Store = db
		for _, res := range p2.PollOnce(t.Context()) {
			if !strings.Contains(res.Err, "wait") {
				t.Errorf("%s after a restart: %+v, want a poll skipped for the Retry-After", res.Lang, res)
			}
		}
		if n := len(site.Requests()); n != 1 {
			t.Errorf("after a restart the site got %d requests, want still 1", n)
		}
	})
}

// TestAliveMaxSilence checks /healthz's poller check: alive at start,
// unhealthy once no edition has succeeded within MaxSilence, alive again
// after a success. The poller's clock is the test's; Run's loop, which
// looks at it once a second, runs in a synctest bubble, where sleeping a
// second fires its ticker at once, and synctest.Wait returns once the poll
// that tick started is done.
func TestAliveMaxSilence(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		site := replica.New(replica.Options{})
		site.SetFault("es", "/es/", replica.Fault{Kind: replica.Fault500})
		var mu sync.Mutex
		now := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		forward := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
		p, _ := newPoller(t, sanafeed.Source{Lang: "es", URL: bubbleOrigin + "/es/", Interval: time.Minute})
		serveInMemory(p, site)
		p.Now = clock
		p.MaxSilence = 30 * time.Minute
		if err := p.Alive(t.Context()); err == nil {
			t.Error("Alive before Run: nil, want not started")
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- p.Run(ctx) }()
		defer func() { cancel(); <-done }()
		tick := func() { time.Sleep(time.Second); synctest.Wait() } // one turn of Run's loop
		synctest.Wait()
		if f := p.Status()[0].Failures; f != 1 {
			t.Fatalf("after the first poll: %d failures, want 1", f)
		}
		if err := p.Alive(t.Context()); err != nil {
			t.Errorf("Alive just after start: %v", err)
		}
		forward(31 * time.Minute)
		tick()
		if f := p.Status()[0].Failures; f != 2 {
			t.Fatalf("after a tick 31m on: %d failures, want 2", f)
		}
		err := p.Alive(t.Context())
		if err == nil || !strings.Contains(err.Error(), "no edition polled successfully") {
			t.Errorf("Alive after 31m of failures = %v, want unhealthy", err)
		}
		site.Heal()
		forward(time.Hour)
		tick()
		if f := p.Status()[0].Failures; f != 0 {
			t.Fatalf("after healing and a tick 1h on: %d failures, want 0", f)
		}
		if err := p.Alive(t.Context()); err != nil {
			t.Errorf("Alive after a success: %v", err)
		}
		st := p.Status()[0]
		if !st.LastSuccess.Equal(clock()) || st.LastError == "" || st.Last.New == 0 {
			t.Errorf("Status = %+v", st)
		}
	})
}

// TestUnreadPageIsFetchedLater checks that an article whose page failed
// (here: a maintenance page in its place) is neither stored from the bad
// page nor forgotten: the lists that named it are read whole next time.
func TestUnreadPageIsFetchedLater(t *testing.T) {
	t.Parallel()
	site := replica.New(replica.Options{})
	origin := httptest.NewServer(site)
	defer origin.Close()
	// An Arabic article on the listings only, not in the feed (the newest
	// ten).
	var victim replica.Entry
	inFeed := map[int64]bool{}
	for _, id := range site.FeedPostIDs("ar") {
		inFeed[id] = true
	}
	n := 0
	for _, e := range site.Truth() {
		if e.Lang == "ar" {
			if n++; n > 10 && !inFeed[e.PostID] {
				victim = e
			}
		}
	}
	if victim.PostID == 0 {
		t.Fatal("no Arabic article outside the feed")
	}
	site.SetFault("ar", victim.Path, replica.Fault{Kind: replica.FaultHTML})
	p, db := newPoller(t, sanafeed.Source{Lang: "ar", URL: origin.URL + "/"})
	res := p.PollOnce(t.Context())[0]
	key := sanafeed.ArticleKey("ar", victim.PostID)
	if a, err := db.Article(t.Context(), key); err == nil {
		t.Fatalf("the maintenance page was stored as %q", a.Title)
	}
	if res.Failed == 0 || res.New == 0 {
		t.Errorf("poll with one bad page: %+v", res)
	}
	site.Heal()
	res = p.PollOnce(t.Context())[0]
	a, err := db.Article(t.Context(), key)
	if err != nil || a.Title != victim.Title {
		t.Errorf("after healing: %q, %v; want %q (poll %+v)", a.Title, err, victim.Title, res)
	}
}

// failingStore fails PutArticles while failing is set.
type failingStore struct {
	refresh.Store
	mu      sync.Mutex
	failing bool
}

func (s *failingStore) PutArticles(ctx context.Context, arts []sanafeed.Article) ([]sanafeed.Change, error) {
	s.mu.Lock()
	failing := s.failing
	s.mu.Unlock()
	if failing {
		return nil, errors.New("disk full")
	}
	return s.Store.PutArticles(ctx, arts)
}

// TestStoreFailureLosesNothing checks that a poll whose articles could not
// be stored keeps no validator that would make the next poll skip them.
func TestStoreFailureLosesNothing(t *testing.T) {
	t.Parallel()
	site := replica.New(replica.Options{})
	origin := httptest.NewServer(site)
	defer origin.Close()
	p, db := newPoller(t, sanafeed.Source{Lang: "fr", URL: origin.URL + "/fr/"})
	fs := &failingStore{Store: db, failing: true}
	p.Store = fs
	if res := p.PollOnce(t.Context())[0]; res.Err == "" {
		t.Errorf("poll with a failing store: %+v, want an error", res)
	}
	fs.failing = false
	p.PollOnce(t.Context())
	for _, e := range site.Truth() {
		if e.Lang != "fr" {
			continue
		}
		if _, err := db.Article(t.Context(), sanafeed.ArticleKey("fr", e.PostID)); err != nil {
			t.Errorf("fr/%d %q lost after the store failed once: %v", e.PostID, e.Title, err)
		}
	}
}

// TestWindows1256Pages checks an edition served in windows-1256, declared
// or not, is read as well as in UTF-8: every article stored, from its page,
// with its title.
func TestWindows1256Pages(t *testing.T) {
	t.Parallel()
	for _, kind := range []replica.FaultKind{replica.FaultWin1256, replica.FaultWin1256Undeclared} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			site := replica.New(replica.Options{})
			origin := httptest.NewServer(site)
			defer origin.Close()
			site.SetFault("ar", "/", replica.Fault{Kind: kind})
			p, db := newPoller(t, sanafeed.Source{Lang: "ar", URL: origin.URL + "/"})
			if res := p.PollOnce(t.Context())[0]; res.Err != "" || res.Failed != 0 {
				t.Errorf("poll: %+v", res)
			}
			for _, e := range site.Truth() {
				if e.Lang != "ar" {
					continue
				}
				a, err := db.Article(t.Context(), sanafeed.ArticleKey("ar", e.PostID))
				if err != nil || a.Title != e.Title || a.From != sanafeed.FromPage {
					t.Errorf("ar/%d: %q from %q, %v; want %q from the page", e.PostID, a.Title, a.From, err, e.Title)
				}
			}
		})
	}
}

// TestInterruptedPollKeepsPagesRead checks that a poll stopped while it
// fetches an article page stores every page it had read, the one still
// being extracted (pages are extracted while the next is fetched)
// included, and leaves the rest to the next poll.
func TestInterruptedPollKeepsPagesRead(t *testing.T) {
	t.Parallel()
	site := replica.New(replica.Options{})
	isPage := map[string]bool{}
	for _, e := range site.Truth() {
		if e.Lang == "fr" {
			isPage[e.Path] = true
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	var mu sync.Mutex
	var served []string // the article pages asked for, in order, up to the stop
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isPage[r.URL.Path] {
			mu.Lock()
			n := len(served)
			if n <= 3 {
				served = append(served, r.URL.Path)
			}
			mu.Unlock()
			if n == 3 {
				cancel() // the fourth page: the poll is stopped while it waits
				<-r.Context().Done()
				return
			}
		}
		site.ServeHTTP(w, r)
	}))
	defer origin.Close()
	p, db := newPoller(t, sanafeed.Source{Lang: "fr", URL: origin.URL + "/fr/"})
	res := p.PollOnce(ctx)[0]
	if len(served) != 4 {
		t.Fatalf("the replica was asked %d article pages before the stop, want 4", len(served))
	}
	byPath := map[string]replica.Entry{}
	for _, e := range site.Truth() {
		byPath[e.Path] = e
	}
	for _, path := range served[:3] {
		e := byPath[path]
		a, err := db.Article(t.Context(), sanafeed.ArticleKey("fr", e.PostID))
		if err != nil || a.From != sanafeed.FromPage || a.Title != e.Title {
			t.Errorf("page %s read before the stop: stored %q from %v (%v), want %q from its page", path, a.Title, a.From, err, e.Title)
		}
	}
	if res.Unread == 0 {
		t.Errorf("stopped poll: %+v, want the pages not read counted as unread", res)
	}
	p.PollOnce(t.Context())
	for path := range isPage {
		e := byPath[path]
		if a, err := db.Article(t.Context(), sanafeed.ArticleKey("fr", e.PostID)); err != nil || a.From != sanafeed.FromPage {
			t.Errorf("%s after the next poll: from %v, %v; want stored from its page", path, a.From, err)
		}
	}
}
