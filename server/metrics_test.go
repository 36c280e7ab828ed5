package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// fakeStats is a Stats with fixed answers.
type fakeStats struct {
	last  map[string]sanafeed.PollResult
	hist  map[string][]sanafeed.PollResult
	count map[string]int
	hooks []sanafeed.EndpointStats
}

func (f *fakeStats) LastPoll(context.Context) (map[string]sanafeed.PollResult, error) {
	return f.last, nil
}

func (f *fakeStats) PollResults(_ context.Context, lang string, n int) ([]sanafeed.PollResult, error) {
	return f.hist[lang], nil
}

func (f *fakeStats) Count(_ context.Context, lang string) (int, error) { return f.count[lang], nil }

func (f *fakeStats) WebhookStats(context.Context) ([]sanafeed.EndpointStats, error) {
	return f.hooks, nil
}

func TestMetrics(t *testing.T) {
	ok := sanafeed.PollResult{Lang: "en", Started: t0, Duration: 2 * time.Second, New: 3, Updated: 1, FeedStale: true}
	failed := sanafeed.PollResult{Lang: "ar", Started: t0.Add(time.Hour), Err: "fetch: timeout"}
	arOK := sanafeed.PollResult{Lang: "ar", Started: t0, Duration: time.Second, New: 2}
	stats := &fakeStats{
		last:  map[string]sanafeed.PollResult{"en": ok, "ar": failed},
		hist:  map[string][]sanafeed.PollResult{"en": {ok}, "ar": {failed, arOK}},
		count: map[string]int{"en": 4, "ar": 3, "fr": 1},
		hooks: []sanafeed.EndpointStats{{URL: "https://hooks.test/a", Pending: 2, Failed: 1, Delivered: 7}},
	}
	s, _, h := newTest(t, func(s *Server) {
		s.Stats = stats
		s.Hub = func(context.Context) (sanafeed.HubStats, error) {
			return sanafeed.HubStats{Subscriptions: 5, Topics: 2, Verifying: 1, Delivered: 9, Failed: 1}, nil
		}
	})
	s.ObservePoll(ok)
	s.ObservePoll(arOK)
	s.ObservePoll(failed)
	etag := do(h, "GET", "/feeds/en.atom").Header().Get("ETag")
	do(h, "GET", "/feeds/en.atom", "If-None-Match", etag)
	do(h, "GET", "/feeds/en.atom", "If-None-Match", etag)
	do(h, "GET", "/feeds/en/tags/damascus.rss")
	do(h, "GET", "/feeds/de.json")
	do(h, "GET", "/feeds/en.xml")

	w := do(h, "GET", "/metrics")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics = %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	for _, want := range []string{
		`sanafeed_feed_requests_total{format="atom",class="2xx"} 1`,
		`sanafeed_feed_requests_total{format="atom",class="3xx"} 2`,
		`sanafeed_feed_requests_total{format="rss",class="2xx"} 1`,
		`sanafeed_feed_requests_total{format="json",class="4xx"} 1`,
		`sanafeed_feed_requests_total{format="unknown",class="4xx"} 1`,
		`sanafeed_feed_responses_total{code="200"} 2`,
		`sanafeed_feed_responses_total{code="304"} 2`,
		`sanafeed_polls_total{lang="ar"} 2`,
		`sanafeed_polls_total{lang="en"} 1`,
		`sanafeed_polls_total{lang="ku"} 0`,
		`sanafeed_poll_failures_total{lang="ar"} 1`,
		`sanafeed_poll_articles_created_total{lang="en"} 3`,
		`sanafeed_poll_articles_updated_total{lang="en"} 1`,
		`sanafeed_articles{lang="ar"} 3`,
		`sanafeed_articles{lang="fr"} 1`,
		"# TYPE sanafeed_articles gauge",
		`sanafeed_poll_last_success_timestamp_seconds{lang="ar"} ` + itoa(t0.Add(time.Second).Unix()),
		`sanafeed_poll_last_success_timestamp_seconds{lang="en"} ` + itoa(t0.Add(2*time.Second).Unix()),
		`sanafeed_poll_last_error{lang="ar"} 1`,
		`sanafeed_poll_last_error{lang="en"} 0`,
		`sanafeed_poll_feed_stale{lang="en"} 1`,
		`sanafeed_poll_feed_stale{lang="ar"} 0`,
		`sanafeed_webhook_pending{endpoint="` + sanafeed.WebhookID("https://hooks.test/a") + `"} 2`,
		`sanafeed_webhook_failed{endpoint="` + sanafeed.WebhookID("https://hooks.test/a") + `"} 1`,
		`sanafeed_webhook_delivered{endpoint="` + sanafeed.WebhookID("https://hooks.test/a") + `"} 7`,
		`sanafeed_websub_subscribers 5`,
		`sanafeed_websub_verifications_pending 1`,
		`sanafeed_websub_deliveries_total{result="delivered"} 9`,
		`sanafeed_websub_deliveries_total{result="failed"} 1`,
		`sanafeed_store_generation 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, `sanafeed_poll_last_error{lang="fr"}`) {
		t.Error("an edition never polled has a last_error gauge")
	}
	checkExposition(t, body)
}

// /metrics labels webhook endpoints by name, else by id: their URLs,
// which may carry tokens, never show (before, the label was the URL).
func TestMetricsHideWebhookURLs(t *testing.T) {
	a := "https://hooks.test/a?token=s3cret"
	b := "https://user:pa55word@hooks.test/b"
	stats := &fakeStats{hooks: []sanafeed.EndpointStats{
		{ID: sanafeed.WebhookID(a), URL: a, Pending: 2},
		{ID: sanafeed.WebhookID(b), URL: b, Disabled: true},
	}}
	metrics := func(opts ...func(*Server)) string {
		_, _, h := newTest(t, append([]func(*Server){func(s *Server) { s.Stats = stats }}, opts...)...)
		body := do(h, "GET", "/metrics").Body.String()
		for _, secret := range []string{"s3cret", "pa55word", "hooks.test"} {
			if strings.Contains(body, secret) {
				t.Errorf("/metrics shows %q of a webhook URL:\n%s", secret, body)
			}
		}
		return body
	}
	body := metrics()
	for _, want := range []string{
		`sanafeed_webhook_pending{endpoint="` + sanafeed.WebhookID(a) + `"} 2`,
		`sanafeed_webhook_disabled{endpoint="` + sanafeed.WebhookID(b) + `"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	body = metrics(func(s *Server) {
		s.WebhookNames = func() map[string]string { return map[string]string{sanafeed.WebhookID(a): "sana-hooks"} }
	})
	for _, want := range []string{
		`sanafeed_webhook_pending{endpoint="sana-hooks"} 2`,
		`sanafeed_webhook_disabled{endpoint="` + sanafeed.WebhookID(b) + `"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics with names lacks %s", want)
		}
	}
}

// With SeparateMetrics, /metrics is served by MetricsHandler alone, for
// a listener of its own, and the main handler has no route to it.
func TestSeparateMetrics(t *testing.T) {
	s, _, h := newTest(t, func(s *Server) { s.SeparateMetrics = true })
	if code := do(h, "GET", "/metrics").Code; code != http.StatusNotFound {
		t.Errorf("GET /metrics on the main handler = %d, want 404", code)
	}
	if body := do(h, "GET", "/").Body.String(); strings.Contains(body, "/metrics") {
		t.Errorf("the index links /metrics, which it does not serve")
	}
	m := s.MetricsHandler()
	if w := do(m, "GET", "/metrics"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "sanafeed_store_generation") {
		t.Errorf("GET /metrics on MetricsHandler = %d", w.Code)
	}
	for _, path := range []string{"/", "/feeds/en.atom", "/healthz"} {
		if code := do(m, "GET", path).Code; code != http.StatusNotFound {
			t.Errorf("GET %s on MetricsHandler = %d, want 404", path, code)
		}
	}
}

// itoa formats n.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// checkExposition checks every line is a comment or "name{labels} value",
// and that each family's samples are together.
func checkExposition(t *testing.T, body string) {
	t.Helper()
	seen := map[string]bool{}
	last := ""
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if strings.HasPrefix(l, "# ") {
			continue
		}
		name, _, ok := strings.Cut(l, " ")
		if !ok || !strings.HasPrefix(name, "sanafeed_") {
			t.Errorf("bad line %q", l)
			continue
		}
		if i := strings.IndexByte(name, '{'); i >= 0 {
			name = name[:i]
		}
		if name != last && seen[name] {
			t.Errorf("family %s is split", name)
		}
		seen[name], last = true, name
	}
}

func TestMetricsSchedule(t *testing.T) {
	next := t0.Add(10 * time.Minute)
	_, _, h := newTest(t, func(s *Server) {
		s.Schedule = func() []sanafeed.SourceStatus {
			return []sanafeed.SourceStatus{
				{Lang: "ar", Next: next, Interval: 5 * time.Minute},
				{Lang: "en", Next: next, Interval: 40 * time.Minute, Failures: 3, RetryAfter: next},
			}
		}
	})
	body := do(h, "GET", "/metrics").Body.String()
	next64 := strconv.FormatInt(next.Unix(), 10)
	for _, want := range []string{
		`sanafeed_poll_next_timestamp_seconds{lang="ar"} ` + next64,
		`sanafeed_poll_interval_seconds{lang="ar"} 300`,
		`sanafeed_poll_interval_seconds{lang="en"} 2400`,
		`sanafeed_poll_consecutive_failures{lang="en"} 3`,
		`sanafeed_poll_retry_after_timestamp_seconds{lang="en"} ` + next64,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, `sanafeed_poll_retry_after_timestamp_seconds{lang="ar"}`) {
		t.Errorf("/metrics shows a Retry-After for an edition without one")
	}
	// Each family once, its samples together.
	for _, fam := range []string{"sanafeed_poll_next_timestamp_seconds", "sanafeed_poll_interval_seconds"} {
		if n := strings.Count(body, "# TYPE "+fam+" "); n != 1 {
			t.Errorf("# TYPE %s appears %d times", fam, n)
		}
	}
}
