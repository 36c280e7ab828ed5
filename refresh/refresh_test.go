package refresh_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/charset"
	"github.com/sanafeed/sanafeed/fetch"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/refresh"
	"github.com/sanafeed/sanafeed/replica"
	"github.com/sanafeed/sanafeed/store"
)

func newPoller(t testing.TB, sources ...sanafeed.Source) (*refresh.Poller, *store.DB) {
	t.Helper()
	db := testkit.OpenStore(t, "")
	c := fetch.NewClient()
	zero := time.Duration(0)
	c.CrawlDelay = &zero
	c.Timeout = 2 * time.Second
	return &refresh.Poller{Store: db, Fetcher: c, ParseFeed: fetch.ParseFeed, Sources: sources,
		StaleAfter: 30 * time.Minute, BustCache: fetch.BustCache, DecodePage: charset.DecodeHTML}, db
}

func TestFailingEditionDoesNotStopOthers(t *testing.T) {
	t.Parallel()
	site := httptest.NewServer(replica.New(replica.Options{}))
	defer site.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	p, db := newPoller(t,
		sanafeed.Source{Lang: "en", URL: site.URL + "/en/"},
		sanafeed.Source{Lang: "fr", URL: broken.URL + "/fr/"},
		sanafeed.Source{Lang: "es", URL: site.URL + "/es/"},
	)
	res := p.PollOnce(t.Context())
	if res[0].Err != "" || res[0].New == 0 || res[2].Err != "" || res[2].New == 0 {
		t.Errorf("healthy editions: %+v / %+v", res[0], res[2])
	}
	if res[1].Err == "" || res[1].New != 0 {
		t.Errorf("broken edition: %+v, want an error and nothing new", res[1])
	}
	if n, _ := db.Count(t.Context(), "fr"); n != 0 {
		t.Errorf("broken edition stored %d articles; errors must never become items", n)
	}
	last, err := db.LastPoll(t.Context())
	if err != nil || last["fr"].Err == "" || last["en"].New == 0 {
		t.Errorf("LastPoll = %+v, %v", last, err)
	}
}

func TestStaleFeedIsFlaggedAndBypassed(t *testing.T) {
	t.Parallel()
	rs := replica.New(replica.Options{})
	site := httptest.NewServer(rs)
	defer site.Close()
	p, db := newPoller(t, sanafeed.Source{Lang: "en", URL: site.URL + "/en/"})
	res := p.PollOnce(t.Context())[0]
	if !res.FeedStale {
		t.Errorf("stale English feed not flagged: %+v", res)
	}
	busted := false
	for _, r := range rs.Requests() {
		if r.Path == "/en/feed/" && r.RawQuery != "" {
			busted = true
		}
	}
	if !busted {
		t.Errorf("stale feed was not re-read past its cache")
	}
	for _, a := range rs.Truth() {
		if a.Lang != "en" {
			continue
		}
		if _, err := db.Article(t.Context(), sanafeed.ArticleKey("en", a.PostID)); err != nil {
			t.Errorf("article %d %q missing: %v", a.PostID, a.Title, err)
		}
	}
}

func TestBackoff(t *testing.T) {
	if got := refresh.Backoff(0, 10*time.Minute); got != 10*time.Minute {
		t.Errorf("Backoff(0) = %v, want the interval", got)
	}
	for f := 1; f <= 30; f++ {
		base := min(time.Minute<<min(f-1, 20), refresh.MaxBackoff)
		got := refresh.Backoff(f, 10*time.Minute)
		if got < base*8/10 || got > base*12/10 {
			t.Errorf("Backoff(%d) = %v, want %v ± 20%%", f, got, base)
		}
	}
	if got := refresh.Backoff(100, time.Minute); got < refresh.MaxBackoff*8/10 {
		t.Errorf("Backoff(100) = %v, want about MaxBackoff (it never gives up, never grows past it)", got)
	}
}

// TestRunPollsThenStops checks Run polls a source as soon as it starts,
// schedules the next poll an interval away and returns when its context
// ends. It runs in a synctest bubble: once every goroutine waits, the
// first poll is done.
func TestRunPollsThenStops(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p, _ := newPoller(t, sanafeed.Source{Lang: "es", URL: bubbleOrigin + "/es/", Interval: time.Hour})
		serveInMemory(p, replica.New(replica.Options{}))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- p.Run(ctx) }()
		synctest.Wait()
		st := p.Status()[0]
		if st.Last.Started.IsZero() {
			t.Fatal("Run did not poll when it started")
		}
		if st.Next.Before(time.Now().Add(50 * time.Minute)) {
			t.Errorf("next poll %v, want about an hour away", st.Next)
		}
		if err := p.Alive(t.Context()); err != nil {
			t.Errorf("Alive while running: %v", err)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	})
}

// bubbleOrigin is the origin of the sources served by serveInMemory.
const bubbleOrigin = "http://sana.test"

// serveInMemory makes p's fetcher (newPoller's) send its requests to h in
// memory (a testkit.Network) instead of over a socket, which inside a
// synctest bubble is never durably blocked: a bubble with a poller in it
// could not wait.
func serveInMemory(p *refresh.Poller, h http.Handler) {
	var n testkit.Network
	n.Handle(strings.TrimPrefix(bubbleOrigin, "http://"), h)
	p.Fetcher.(*fetch.Client).HTTP = n.Client()
}

// A steady serve logs one line per poll cycle at info, not one per
// edition: the editions' lines go to debug when nothing was new.
func TestRunLogsOneLinePerSteadyCycle(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p, _ := newPoller(t, sanafeed.Source{Lang: "es", URL: bubbleOrigin + "/es/", Interval: time.Hour},
			sanafeed.Source{Lang: "fr", URL: bubbleOrigin + "/fr/", Interval: time.Hour})
		serveInMemory(p, replica.New(replica.Options{}))
		var logs testkit.SyncBuffer
		p.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- p.Run(ctx) }()
		synctest.Wait()
		first := logs.String()
		if n := strings.Count(first, "msg=polled"); n != 2 {
			t.Errorf("first cycle (new articles): %d edition lines at info, want 2\n%s", n, first)
		}
		if n := strings.Count(first, `msg="poll cycle"`); n != 1 {
			t.Errorf("first cycle: %d cycle lines, want 1\n%s", n, first)
		}
		// The next cycle finds nothing new: the virtual clock moves past
		// the interval and every goroutine settles.
		time.Sleep(time.Hour + time.Minute)
		synctest.Wait()
		steady := strings.TrimPrefix(logs.String(), first)
		if n, c := strings.Count(steady, "msg=polled"), strings.Count(steady, `msg="poll cycle"`); n != 0 || c != 1 {
			t.Errorf("steady cycle: %d edition lines and %d cycle lines at info, want 0 and 1\n%s", n, c, steady)
		}
		if !strings.Contains(steady, "sources=2 new=0") {
			t.Errorf("steady cycle line lacks the totals:\n%s", steady)
		}
		cancel()
		<-done
	})
}

// An article page read and stored keeps no fetch state (its validators
// would cost bytes per article for ever); the feed and the listings keep
// theirs.
func TestPageKeepsNoFetchState(t *testing.T) {
	t.Parallel()
	site := replica.New(replica.Options{})
	origin := httptest.NewServer(site)
	defer origin.Close()
	p, db := newPoller(t, sanafeed.Source{Lang: "es", URL: origin.URL + "/es/"})
	if res := p.PollOnce(t.Context()); res[0].New == 0 {
		t.Fatalf("poll stored nothing: %+v", res[0])
	}
	checked := 0
	for _, e := range site.Truth() {
		if e.Lang != "es" {
			continue
		}
		st, err := db.FetchState(t.Context(), origin.URL+e.Path)
		testkit.Check(t, err)
		if st.ETag != "" || st.LastModified != "" || !st.Fetched.IsZero() {
			t.Errorf("%s: fetch state kept %+v", e.Path, st)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no Spanish article to check")
	}
	if st, _ := db.FetchState(t.Context(), origin.URL+"/es/feed/"); st.Fetched.IsZero() {
		t.Error("the feed's fetch state was not kept")
	}
}
