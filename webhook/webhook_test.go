package webhook_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/webhook"
)

// fast retries: the tests never wait minutes.
func fast(int) time.Duration { return 20 * time.Millisecond }

func TestFiltersAndEvents(t *testing.T) {
	db := testkit.OpenStore(t, "")
	ctx := t.Context()
	all := newReceiver(t, nil, secret(1), secret(2)) // rotating: two signatures
	arabic := newReceiver(t, nil, secret(3))
	damascus := newReceiver(t, nil, secret(4))
	updates := newReceiver(t, nil, secret(5))
	d := &webhook.Dispatcher{Store: db}
	for _, c := range []struct {
		rc     *receiver
		filter sanafeed.Endpoint
	}{
		{all, sanafeed.Endpoint{}},
		{arabic, sanafeed.Endpoint{Langs: []string{"ar"}}},
		{damascus, sanafeed.Endpoint{Tags: []string{"damascus"}}},
		{updates, sanafeed.Endpoint{Events: []string{sanafeed.EventUpdated}}},
	} {
		d.Endpoints = append(d.Endpoints, c.rc.endpoint(c.filter))
	}
	testkit.Check(t, db.SetWebhooks(ctx, d.Endpoints))
	deliver := func(step string, want map[*receiver][]string) {
		t.Helper()
		if _, err := d.DeliverDue(ctx, 5*time.Second); err != nil {
			t.Fatalf("%s: DeliverDue: %v", step, err)
		}
		expectTaken(t, step, want, all, arabic, damascus, updates)
	}

	en, ar := testkit.Article("en", 1, "syria"), testkit.Article("ar", 2, "damascus")
	testkit.Put(t, db, en, ar)
	created := []string{"article.created ar/2", "article.created en/1"}
	deliver("created", map[*receiver][]string{all: created, arabic: created[:1], damascus: created[:1]})

	testkit.Put(t, db, en, ar)
	testkit.Put(t, db, page(en), en) // the first page read: more content, a new tag
	deliver("re-poll and first page read", nil)

	edited := page(en)
	edited.Title = "Story en 1, corrected"
	testkit.Put(t, db, edited)
	updated := []string{"article.updated en/1"}
	deliver("edit", map[*receiver][]string{all: updated, damascus: updated, updates: updated})

	_, err := db.SetClusters(ctx, map[string]string{"en/1": "c1", "ar/2": "c1"})
	testkit.Check(t, err)
	_, err = d.DeliverDue(ctx, 5*time.Second)
	testkit.Check(t, err)
	for _, h := range all.ok() {
		if h.event.Data.ID != sanafeed.ArticleID("en", 1) {
			continue
		}
		tr := h.event.Data.Translations
		if len(tr) != 1 || tr[0].Lang != "ar" || tr[0].ID != sanafeed.ArticleID("ar", 2) || tr[0].URL != ar.URL {
			t.Errorf("en/1 linked: translations %+v, want ar/2", tr)
		}
		if want := []string{"syria", "damascus"}; !slices.Equal(h.event.Data.Tags, want) || h.event.Data.Title != edited.Title {
			t.Errorf("en/1 linked: tags %q title %q", h.event.Data.Tags, h.event.Data.Title)
		}
	}
	linked := []string{"article.translation_linked ar/2", "article.translation_linked en/1"}
	expectTaken(t, "linked", map[*receiver][]string{all: linked, arabic: linked[:1], damascus: linked}, all, arabic, damascus, updates)
	deliver("nothing new", nil)

	st, err := d.Stats(ctx)
	testkit.Check(t, err)
	if len(st) != 4 || st[0].Delivered != 5 || st[0].Pending != 0 || st[3].Delivered != 1 {
		t.Errorf("Stats = %+v, want 5 delivered to the first endpoint, 1 to the last", st)
	}
}

// expectTaken fails the test unless each receiver's deliveries since the
// last take are want[rc].
func expectTaken(t testing.TB, step string, want map[*receiver][]string, rcs ...*receiver) {
	t.Helper()
	for _, rc := range rcs {
		w := want[rc]
		if w == nil {
			w = []string{}
		}
		if got := rc.take(); !slices.Equal(got, w) {
			t.Errorf("%s: %s got %q, want %q", step, rc.url, got, w)
		}
	}
}

// TestLinkedEvents checks translation_linked reaches the right endpoints.
func TestLinkedEvents(t *testing.T) {
	db := testkit.OpenStore(t, "")
	ctx := t.Context()
	all := newReceiver(t, nil, secret(1))
	arabic := newReceiver(t, nil, secret(3))
	d := &webhook.Dispatcher{Store: db}
	ep1 := all.endpoint(sanafeed.Endpoint{Events: []string{sanafeed.EventTranslationLinked}})
	ep2 := arabic.endpoint(sanafeed.Endpoint{Langs: []string{"ar"}})
	d.Endpoints = []sanafeed.Endpoint{ep1, ep2}
	testkit.Check(t, db.SetWebhooks(ctx, d.Endpoints))
	testkit.Put(t, db, testkit.Article("en", 1), testkit.Article("ar", 2), testkit.Article("fr", 3))
	_, err := db.SetClusters(ctx, map[string]string{"en/1": "c1", "ar/2": "c1"})
	testkit.Check(t, err)
	r, err := d.DeliverDue(ctx, 5*time.Second)
	testkit.Check(t, err)
	if r.Delivered != 4 || r.Failed != 0 || r.Pending != 0 {
		t.Errorf("DeliverDue = %+v, want 4 delivered", r)
	}
	if got, want := all.take(), []string{"article.translation_linked ar/2", "article.translation_linked en/1"}; !slices.Equal(got, want) {
		t.Errorf("linked-only endpoint got %q, want %q", got, want)
	}
	if got, want := arabic.take(), []string{"article.created ar/2", "article.translation_linked ar/2"}; !slices.Equal(got, want) {
		t.Errorf("ar endpoint got %q, want %q", got, want)
	}
}

// TestRetriesUntilRecovered: the receiver is down, then answers 500, then
// times out, then recovers. Every event arrives once, with its id. It runs
// in a synctest bubble over a testkit.Network: the attempts' timeouts and
// backoffs are on the bubble's clock, so a loaded machine cannot turn an
// answer into a timeout.
func TestRetriesUntilRecovered(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		net := &testkit.Network{} // nothing at hooks.test yet: connection refused
		url := "http://hooks.test/hook"
		db := testkit.OpenStore(t, "")
		ctx := t.Context()
		ep := sanafeed.Endpoint{URL: url, Secrets: []string{secret(7)}}
		testkit.Check(t, db.SetWebhooks(ctx, []sanafeed.Endpoint{ep}))
		testkit.Put(t, db, testkit.Article("en", 1), testkit.Article("ar", 2), testkit.Article("fr", 3))

		var logs logBuffer
		d := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep}, HTTP: net.Client(),
			Backoff: fast, Timeout: 200 * time.Millisecond, MaxAge: time.Hour, Logger: logs.logger()}
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- d.Run(runCtx) }()
		defer func() {
			stop()
			if err := <-done; err != nil {
				t.Errorf("Run() = %v", err)
			}
		}()
		synctest.Wait()
		if s := stats(t, db, url); s.LastError == "" || s.LastStatus != 0 {
			t.Fatalf("stats = %+v, want a refused attempt recorded", s)
		}

		rc := newNetReceiver(t, net, "hooks.test", func(n int, r *http.Request) int {
			switch {
			case n <= 3:
				return http.StatusInternalServerError
			case n <= 6:
				<-r.Context().Done() // until the sender gives up
				return http.StatusServiceUnavailable
			}
			return http.StatusNoContent
		}, secret(7))
		testkit.WaitFor(t, "three deliveries", func() bool { return len(rc.ok()) == 3 })
		ids := map[string]string{} // webhook-id → what
		bodies := map[string]string{}
		for _, h := range rc.all() {
			if w, ok := ids[h.id]; ok && w != h.what() {
				t.Errorf("id %s sent for %s and %s", h.id, w, h.what())
			}
			if b, ok := bodies[h.id]; ok && b != string(h.body) {
				t.Errorf("id %s: body changed between tries", h.id)
			}
			ids[h.id], bodies[h.id] = h.what(), string(h.body)
		}
		if len(ids) != 3 || len(rc.all()) != 9 {
			t.Errorf("%d ids over %d requests, want 3 ids over 9 (500, timeout, 2xx each)", len(ids), len(rc.all()))
		}
		okIDs := map[string]int{}
		for _, h := range rc.ok() {
			okIDs[h.id]++
		}
		if len(okIDs) != 3 {
			t.Errorf("2xx answers by id = %v, want one for each of 3 ids", okIDs)
		}
		synctest.Wait()
		if s := stats(t, db, url); s.Delivered != 3 || s.Pending != 0 || s.Failed != 0 || s.LastSuccess.IsZero() {
			t.Errorf("stats = %+v, want 3 delivered", s)
		}
		out := logs.String()
		for _, want := range []string{"status=500", "boom: xxx", "connection refused", "deadline exceeded"} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, strings.Repeat("x", 200)) {
			t.Error("log holds more than 200 bytes of an answer")
		}

		// Notify wakes Run at once for new events: nothing else would (no
		// delivery is due, so the workers wait for no timer).
		testkit.Put(t, db, testkit.Article("es", 4))
		d.Notify()
		synctest.Wait()
		if n := len(rc.ok()); n != 4 {
			t.Errorf("%d deliveries once notified of a fourth event, want 4", n)
		}
	})
}

func TestGoneDisables(t *testing.T) {
	db := testkit.OpenStore(t, "")
	ctx := t.Context()
	rc := newReceiver(t, func(int, *http.Request) int { return http.StatusGone }, secret(1))
	ep := rc.endpoint(sanafeed.Endpoint{})
	testkit.Check(t, db.SetWebhooks(ctx, []sanafeed.Endpoint{ep}))
	// Retries are due at once: were the endpoint not disabled, the next
	// DeliverDue would try the first event again.
	atOnce := func(int) time.Duration { return 0 }
	d := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep}, Backoff: atOnce}
	testkit.Put(t, db, testkit.Article("en", 1))
	r, err := d.DeliverDue(ctx, 5*time.Second)
	testkit.Check(t, err)
	if r.Failed != 1 || r.Pending != 1 {
		t.Errorf("DeliverDue = %+v, want 1 failed, 1 pending", r)
	}
	testkit.Put(t, db, testkit.Article("en", 2))
	d.DeliverDue(ctx, time.Second)
	if s := stats(t, db, ep.URL); !s.Disabled || s.Pending != 1 || s.LastStatus != 410 {
		t.Errorf("stats after 410 = %+v, want disabled, the one delivery kept", s)
	}
	if n := len(rc.all()); n != 1 {
		t.Errorf("%d requests to a gone endpoint, want 1", n)
	}
}

func TestGivesUp(t *testing.T) {
	db := testkit.OpenStore(t, "")
	ctx := t.Context()
	rc := newReceiver(t, func(int, *http.Request) int { return http.StatusBadGateway }, secret(1))
	ep := rc.endpoint(sanafeed.Endpoint{})
	testkit.Check(t, db.SetWebhooks(ctx, []sanafeed.Endpoint{ep}))
	// Retry at once, then in two hours: past MaxAge, so that is final.
	backoff := func(n int) time.Duration { return time.Duration(n-1) * 2 * time.Hour }
	d := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep}, Backoff: backoff, MaxAge: time.Hour}
	testkit.Put(t, db, testkit.Article("en", 1))
	for range 4 {
		_, err := d.DeliverDue(ctx, time.Second)
		testkit.Check(t, err)
	}
	s := stats(t, db, ep.URL)
	if s.Failed != 1 || s.Pending != 0 || s.LastStatus != 502 || !strings.Contains(s.LastError, "502 Bad Gateway: boom") {
		t.Errorf("stats = %+v, want one given up after 502", s)
	}
	if n := len(rc.all()); n != 2 {
		t.Errorf("%d tries, want 2", n)
	}
}

// TestSlowReceiver: a receiver that hangs gets at most MaxInFlight
// requests at once and delays neither the others nor DeliverDue. It runs
// in a synctest bubble over a testkit.Network: once synctest.Wait
// returns, every request the dispatcher was going to start has started.
func TestSlowReceiver(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		db := testkit.OpenStore(t, "")
		ctx := t.Context()
		net := &testkit.Network{}
		release := make(chan struct{})
		var inFlight, most atomic.Int32
		slow := newNetReceiver(t, net, "slow.test", func(_ int, r *http.Request) int {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return http.StatusOK
		}, secret(1))
		quick := newNetReceiver(t, net, "quick.test", nil, secret(2))
		ep1 := slow.endpoint(sanafeed.Endpoint{})
		ep2 := quick.endpoint(sanafeed.Endpoint{})
		testkit.Check(t, db.SetWebhooks(ctx, []sanafeed.Endpoint{ep1, ep2}))
		var logs logBuffer
		d := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep1, ep2}, HTTP: net.Client(),
			Backoff: fast, Logger: logs.logger()}
		defer func() {
			if t.Failed() {
			}
		}()
		for i := range 10 {
			testkit.Put(t, db, testkit.Article("en", int64(i+1)))
		}
		var wg sync.WaitGroup
		runCtx, stop := context.WithCancel(ctx)
		wg.Go(func() { d.Run(runCtx) })
		synctest.Wait()
		if n := len(quick.ok()); n != 10 {
			t.Errorf("the quick receiver got %d deliveries while the slow one hangs, want 10", n)
		}
		if n, m := inFlight.Load(), most.Load(); n != webhook.DefaultMaxInFlight || m != webhook.DefaultMaxInFlight {
			t.Errorf("%d requests in flight to the slow receiver, at most %d at once; want %d", n, m, webhook.DefaultMaxInFlight)
		}
		close(release)
		synctest.Wait()
		if s := stats(t, db, ep1.URL); s.Delivered != 10 || most.Load() != webhook.DefaultMaxInFlight {
			t.Errorf("once released: %d delivered to the slow receiver, at most %d at once; want 10, %d",
				s.Delivered, most.Load(), webhook.DefaultMaxInFlight)
		}
		stop()
		wg.Wait()

		// One at a time, deliveries go in the order they were queued, all in
		// one DeliverDue that returns when they are done, not at its bound.
		for i := range 5 {
			testkit.Put(t, db, testkit.Article("ar", int64(i+1)))
		}
		slow.take()
		d.MaxInFlight = 1
		const bound = time.Minute
		start := time.Now() // the bubble's clock
		r, err := d.DeliverDue(ctx, bound)
		testkit.Check(t, err)
		var ids []string
		for _, h := range quick.all()[10:] {
			ids = append(ids, h.id)
		}
		if r.Delivered != 10 || r.Pending != 0 || !slices.IsSorted(ids) || len(ids) != 5 {
			t.Errorf("DeliverDue = %+v; ids %v, want 10 delivered, ids in order", r, ids)
		}
		if took := time.Since(start); took >= bound {
			t.Errorf("DeliverDue returned after %v, at its bound, though every delivery was done", took)
		}
	})
}

func TestBadEndpoints(t *testing.T) {
	db := testkit.OpenStore(t, "")
	for _, eps := range [][]sanafeed.Endpoint{
		{{URL: "http://x/", Secrets: []string{"whsec_!!"}}},
		{{URL: "http://x/"}},
		{{URL: "http://x/", Secrets: []string{secret(1)}}, {URL: "http://x/", Secrets: []string{secret(1)}}},
	} {
		d := &webhook.Dispatcher{Store: db, Endpoints: eps}
		if err := d.Run(t.Context()); err == nil {
			t.Errorf("Run with %+v succeeded", eps)
		}
	}
}

func TestDefaultBackoff(t *testing.T) {
	want := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
		5 * time.Hour, 10 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	total := time.Duration(0)
	for i, w := range want {
		got := webhook.DefaultBackoff(i + 1)
		if got < w-w/10 || got > w+w/10 {
			t.Errorf("DefaultBackoff(%d) = %v, want %v ± 10%%", i+1, got, w)
		}
		total += w
	}
	if total > webhook.DefaultMaxAge || total+24*time.Hour < webhook.DefaultMaxAge {
		t.Errorf("eight retries span %v; a ninth should cross DefaultMaxAge", total)
	}
}

// An endpoint's URL may carry a token (query, userinfo): the logs and the
// errors recorded for `sanafeed webhooks` name the endpoint and show the
// URL without them, whether the attempt fails in transport (the HTTP
// client quotes the URL in its error), by status, or with 410 Gone.
func TestURLSecretsNotShown(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		net := &testkit.Network{} // nothing at hooks.test yet: connection refused
		url := "http://user:pa55word@hooks.test/hook?token=s3cret"
		db := testkit.OpenStore(t, "")
		ctx := t.Context()
		ep := sanafeed.Endpoint{URL: url, Name: "sana-hooks", Secrets: []string{secret(7)}}
		testkit.Check(t, db.SetWebhooks(ctx, []sanafeed.Endpoint{ep}))
		testkit.Put(t, db, testkit.Article("en", 1))
		var logs logBuffer
		d := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep}, HTTP: net.Client(),
			Backoff: func(int) time.Duration { return 0 }, MaxAge: time.Hour, Logger: logs.logger()}
		shown := func(when string) {
			t.Helper()
			s := stats(t, db, url)
			for _, text := range []string{logs.String(), s.LastError} {
				if strings.Contains(text, "s3cret") || strings.Contains(text, "pa55word") || strings.Contains(text, "user:") {
					t.Errorf("%s: a secret of the URL shown:\n%s", when, text)
				}
			}
			if !strings.Contains(logs.String(), "webhook=sana-hooks") {
				t.Errorf("%s: the log does not name the endpoint:\n%s", when, logs.String())
			}
		}
		_, err := d.DeliverDue(ctx, time.Second)
		testkit.Check(t, err)
		if s := stats(t, db, url); !strings.Contains(s.LastError, `"http://hooks.test/hook?…"`) {
			t.Errorf("last error %q, want the URL shown redacted", s.LastError)
		}
		shown("connection refused")
		answer := http.StatusInternalServerError
		newNetReceiver(t, net, "hooks.test", func(int, *http.Request) int { return answer }, secret(7))
		_, err = d.DeliverDue(ctx, time.Second)
		testkit.Check(t, err)
		shown("500")
		answer = http.StatusGone
		_, err = d.DeliverDue(ctx, time.Second)
		testkit.Check(t, err)
		shown("410")
		twice := &webhook.Dispatcher{Store: db, Endpoints: []sanafeed.Endpoint{ep, ep}}
		if _, err := twice.DeliverDue(ctx, time.Second); err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("an endpoint given twice: %v; want an error without the URL's token", err)
		}
	})
}
