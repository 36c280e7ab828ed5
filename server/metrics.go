package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/VictoriaMetrics/metrics"

	"github.com/sanafeed/sanafeed"
)

// Stats is what /metrics reads from the store at scrape time. *store.DB
// satisfies it.
type Stats interface {
	// LastPoll returns the newest poll result of each edition.
	LastPoll(ctx context.Context) (map[string]sanafeed.PollResult, error)
	// PollResults returns the newest n poll results of the edition lang,
	// newest first.
	PollResults(ctx context.Context, lang string, n int) ([]sanafeed.PollResult, error)
	// Count returns how many articles the edition lang holds.
	Count(ctx context.Context, lang string) (int, error)
	// WebhookStats returns each webhook endpoint's delivery counters.
	WebhookStats(ctx context.Context) ([]sanafeed.EndpointStats, error)
}

// pollHistory is how many poll results per edition /metrics reads to find
// the last successful one.
const pollHistory = 100

// Status classes of feed responses, as in the class label.
var statusClasses = [...]string{"2xx", "3xx", "4xx", "5xx"}

// serverMetrics holds the counters the server keeps itself, in a private
// metrics.Set; the rest of /metrics is read from the store at scrape time.
type serverMetrics struct {
	set *metrics.Set
	// feedReq counts feed responses by format (formats' index, then
	// unknown) and status class.
	feedReq  [4][len(statusClasses)]*metrics.Counter
	resp200  *metrics.Counter // feed responses 200
	resp304  *metrics.Counter // feed responses 304
	polls    map[string]*pollCounters
	pollsAll *pollCounters // for editions not known at start
}

// pollCounters are one edition's poll counters.
type pollCounters struct {
	total, failures, created, updated *metrics.Counter
}

// newServerMetrics registers every counter, so each shows from the first
// scrape and the request path only increments.
func newServerMetrics() *serverMetrics {
	m := &serverMetrics{set: metrics.NewSet(), polls: map[string]*pollCounters{}}
	for i := range m.feedReq {
		format := "unknown"
		if i < len(formats) {
			format = formats[i].ext
		}
		for j, class := range statusClasses {
			m.feedReq[i][j] = m.set.NewCounter(fmt.Sprintf(`sanafeed_feed_requests_total{format=%q,class=%q}`, format, class))
		}
	}
	m.resp200 = m.set.NewCounter(`sanafeed_feed_responses_total{code="200"}`)
	m.resp304 = m.set.NewCounter(`sanafeed_feed_responses_total{code="304"}`)
	for _, e := range sanafeed.Editions {
		m.polls[e.Lang] = m.newPollCounters(e.Lang)
	}
	m.pollsAll = m.newPollCounters("other")
	return m
}

// newPollCounters registers the poll counters of the edition lang.
func (m *serverMetrics) newPollCounters(lang string) *pollCounters {
	c := func(name string) *metrics.Counter {
		return m.set.NewCounter(fmt.Sprintf(`%s{lang=%q}`, name, lang))
	}
	return &pollCounters{
		total:    c("sanafeed_polls_total"),
		failures: c("sanafeed_poll_failures_total"),
		created:  c("sanafeed_poll_articles_created_total"),
		updated:  c("sanafeed_poll_articles_updated_total"),
	}
}

// feedServed counts one feed response in format (a feedgen format, "" when
// unknown) with status code.
func (m *serverMetrics) feedServed(format string, code int) {
	i := len(formats)
	for j, f := range formats {
		if f.format == format {
			i = j
			break
		}
	}
	class := code/100 - 2
	if class < 0 || class >= len(statusClasses) {
		class = len(statusClasses) - 1
	}
	m.feedReq[i][class].Inc()
	switch code {
	case http.StatusOK:
		m.resp200.Inc()
	case http.StatusNotModified:
		m.resp304.Inc()
	}
}

// ObservePoll counts one poll of an edition for /metrics. Call it for
// every poll result (cmd wires it where poll results are stored). It is
// safe for concurrent use.
func (s *Server) ObservePoll(r sanafeed.PollResult) {
	s.once.Do(s.init)
	c, ok := s.metrics.polls[r.Lang]
	if !ok {
		c = s.metrics.pollsAll
	}
	c.total.Inc()
	if r.Err != "" {
		c.failures.Inc()
	}
	c.created.Add(r.New)
	c.updated.Add(r.Updated)
}

// serveMetrics serves /metrics in the Prometheus text format: the
// server's counters, then gauges read from the store and the hub now.
// docs/metrics.md describes every metric.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	var buf bytes.Buffer
	s.metrics.set.WritePrometheus(&buf)
	if err := s.writeGauges(ctx, &buf); err != nil {
		s.log().Error("metrics", "err", err)
		textError(w, http.StatusInternalServerError, "internal error")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// A gaugeWriter writes metric families read at scrape time, each with its
// HELP and TYPE once.
type gaugeWriter struct {
	w    io.Writer
	last string // family of the last sample
}

// gauge writes one sample of the gauge family name with labels (name,
// value pairs). Samples of one family must be written one after another.
func (g *gaugeWriter) gauge(name, help string, v float64, labels ...string) {
	g.sample("gauge", name, help, v, labels)
}

// counter writes one sample of the counter family name, as gauge does.
func (g *gaugeWriter) counter(name, help string, v float64, labels ...string) {
	g.sample("counter", name, help, v, labels)
}

// sample writes one sample of the family name of type typ.
func (g *gaugeWriter) sample(typ, name, help string, v float64, labels []string) {
	if name != g.last {
		fmt.Fprintf(g.w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
		g.last = name
	}
	var b strings.Builder
	b.WriteString(name)
	for i := 0; i+1 < len(labels); i += 2 {
		sep := ","
		if i == 0 {
			sep = "{"
		}
		fmt.Fprintf(&b, "%s%s=%q", sep, labels[i], labels[i+1])
	}
	if len(labels) > 1 {
		b.WriteByte('}')
	}
	fmt.Fprintf(g.w, "%s %s\n", b.String(), strconv.FormatFloat(v, 'f', -1, 64))
}

// flag returns 1 for true, 0 for false.
func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// writeGauges writes the gauges read from the store and the hub.
func (s *Server) writeGauges(ctx context.Context, w io.Writer) error {
	g := &gaugeWriter{w: w}
	g.gauge("sanafeed_store_generation", "Store generation: grows with every change to articles or clusters.",
		float64(s.Store.Generation()))
	if t := s.Store.LastChange(); !t.IsZero() {
		g.gauge("sanafeed_store_last_change_timestamp_seconds", "When articles or clusters last changed (Unix time).",
			float64(t.Unix()))
	}
	if s.Stats != nil {
		if err := s.writeStoreGauges(ctx, g); err != nil {
			return err
		}
	}
	if s.Schedule != nil {
		writeSchedule(g, s.Schedule())
	}
	if s.Hub != nil {
		hs, err := s.Hub(ctx)
		if err != nil {
			return fmt.Errorf("server: metrics: hub: %w", err)
		}
		g.gauge("sanafeed_websub_subscribers", "Active WebSub subscriptions of the built-in hub.", float64(hs.Subscriptions))
		g.gauge("sanafeed_websub_topics", "Feeds with at least one WebSub subscriber.", float64(hs.Topics))
		g.gauge("sanafeed_websub_verifications_pending", "WebSub subscription requests waiting for verification of intent.", float64(hs.Verifying))
		g.counter("sanafeed_websub_deliveries_total", "WebSub content distributions since start, by result.", float64(hs.Delivered), "result", "delivered")
		g.counter("sanafeed_websub_deliveries_total", "", float64(hs.Failed), "result", "failed")
	}
	return nil
}

// writeStoreGauges writes the per-edition poll and article gauges and the
// webhook queues.
func (s *Server) writeStoreGauges(ctx context.Context, g *gaugeWriter) error {
	last, err := s.Stats.LastPoll(ctx)
	if err != nil {
		return fmt.Errorf("server: metrics: %w", err)
	}
	type edition struct {
		lang        string
		articles    int
		lastSuccess time.Time
	}
	eds := make([]edition, len(s.editionList()))
	for i, e := range s.editionList() {
		eds[i].lang = e.Lang
		if eds[i].articles, err = s.Stats.Count(ctx, e.Lang); err != nil {
			return fmt.Errorf("server: metrics: %w", err)
		}
		hist, err := s.Stats.PollResults(ctx, e.Lang, pollHistory)
		if err != nil {
			return fmt.Errorf("server: metrics: %w", err)
		}
		for _, p := range hist {
			if p.Err == "" {
				eds[i].lastSuccess = p.Started.Add(p.Duration)
				break
			}
		}
	}
	for _, e := range eds {
		g.gauge("sanafeed_articles", "Articles stored, by edition.", float64(e.articles), "lang", e.lang)
	}
	for _, e := range eds {
		if !e.lastSuccess.IsZero() {
			g.gauge("sanafeed_poll_last_success_timestamp_seconds", "When the edition's last successful poll ended (Unix time).",
				float64(e.lastSuccess.Unix()), "lang", e.lang)
		}
	}
	polled := func(name, help string, v func(p sanafeed.PollResult) float64) {
		for _, e := range eds {
			if p, ok := last[e.lang]; ok {
				g.gauge(name, help, v(p), "lang", e.lang)
			}
		}
	}
	polled("sanafeed_poll_last_error", "1 when the edition's last poll failed as a whole.",
		func(p sanafeed.PollResult) float64 { return flag(p.Err != "") })
	polled("sanafeed_poll_feed_stale", "1 when the edition's feed was stale at its last poll.",
		func(p sanafeed.PollResult) float64 { return flag(p.FeedStale) })
	polled("sanafeed_poll_feed_repaired", "1 when the edition's feed was broken XML, repaired, at its last poll.",
		func(p sanafeed.PollResult) float64 { return flag(p.FeedRepaired) })
	polled("sanafeed_poll_last_duration_seconds", "How long the edition's last poll took.",
		func(p sanafeed.PollResult) float64 { return p.Duration.Seconds() })
	return s.writeWebhookGauges(ctx, g)
}

// writeWebhookGauges writes each webhook endpoint's queue, labelled by
// the endpoint's name or id, never its URL.
func (s *Server) writeWebhookGauges(ctx context.Context, g *gaugeWriter) error {
	hooks, err := s.Stats.WebhookStats(ctx)
	if err != nil {
		return fmt.Errorf("server: metrics: %w", err)
	}
	var names map[string]string
	if s.WebhookNames != nil {
		names = s.WebhookNames()
	}
	label := func(e sanafeed.EndpointStats) string {
		id := e.ID
		if id == "" {
			id = sanafeed.WebhookID(e.URL)
		}
		if n := names[id]; n != "" {
			return n
		}
		return id
	}
	for _, f := range []struct {
		name, help string
		v          func(e sanafeed.EndpointStats) int
	}{
		{"sanafeed_webhook_pending", "Webhook deliveries queued, not yet delivered nor given up, by endpoint.",
			func(e sanafeed.EndpointStats) int { return e.Pending }},
		{"sanafeed_webhook_failed", "Webhook deliveries given up after the last retry, by endpoint.",
			func(e sanafeed.EndpointStats) int { return e.Failed }},
		{"sanafeed_webhook_delivered", "Webhook deliveries answered 2xx, all time (kept in the store), by endpoint.",
			func(e sanafeed.EndpointStats) int { return e.Delivered }},
	} {
		for _, e := range hooks {
			g.gauge(f.name, f.help, float64(f.v(e)), "endpoint", label(e))
		}
	}
	for _, e := range hooks {
		g.gauge("sanafeed_webhook_disabled", "1 when the endpoint answered 410 Gone and gets no more deliveries.",
			flag(e.Disabled), "endpoint", label(e))
	}
	return nil
}

// writeSchedule writes each edition's schedule gauges, one family at a
// time (the text format wants a family's samples together).
func writeSchedule(g *gaugeWriter, sched []sanafeed.SourceStatus) {
	families := []struct {
		name, help string
		value      func(sanafeed.SourceStatus) (float64, bool)
	}{
		{"sanafeed_poll_next_timestamp_seconds", "When the edition is next polled (Unix time).",
			func(st sanafeed.SourceStatus) (float64, bool) { return float64(st.Next.Unix()), !st.Next.IsZero() }},
		{"sanafeed_poll_interval_seconds", "The edition's planned poll interval in force.",
			func(st sanafeed.SourceStatus) (float64, bool) { return st.Interval.Seconds(), true }},
		{"sanafeed_poll_consecutive_failures", "Polls of the edition in a row that failed as a whole.",
			func(st sanafeed.SourceStatus) (float64, bool) { return float64(st.Failures), true }},
		{"sanafeed_poll_retry_after_timestamp_seconds", "Until when the host asked not to be polled (Retry-After, Unix time).",
			func(st sanafeed.SourceStatus) (float64, bool) {
				return float64(st.RetryAfter.Unix()), !st.RetryAfter.IsZero()
			}},
	}
	for _, f := range families {
		for _, st := range sched {
			if v, ok := f.value(st); ok {
				g.gauge(f.name, f.help, v, "lang", st.Lang)
			}
		}
	}
}
