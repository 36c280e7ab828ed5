package webhook_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// secret returns a Standard Webhooks secret made of the byte b.
func secret(b byte) string {
	return "whsec_" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 24))
}

// page returns the first page read of the same post as a feed
// observation: full content and one more tag.
func page(a sanafeed.Article) sanafeed.Article {
	a.From = sanafeed.FromPage
	a.Content = "<p>DAMASCUS (SANA) – The whole story & more.</p>"
	a.Tags = append(slices.Clone(a.Tags), sanafeed.Tag{Slug: "damascus", Name: "Damascus"})
	return a
}

// A hit is one request a receiver got.
type hit struct {
	id     string // webhook-id
	body   []byte
	event  sanafeed.Event
	status int    // what the receiver answered; 0 until it did
	sender string // the request's senderHeader, if any
}

// senderHeader names who sent a request, when a test's transport says so
// (see sending).
const senderHeader = "X-Test-Sender"

// sending is an HTTP transport that marks each request with the sender's
// name in senderHeader, so that a receiver can tell whose requests it got.
type sending string

func (s sending) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(senderHeader, string(s))
	return http.DefaultTransport.RoundTrip(r)
}

// what returns "type lang/postid".
func (h hit) what() string {
	return h.event.Type + " " + strings.TrimPrefix(h.event.Data.ID, "tag:sana.sy,2025:")
}

// A receiver is a webhook endpoint (on loopback or a testkit.Network)
// that checks every request's signatures with the Standard Webhooks
// library and records it.
type receiver struct {
	t       testing.TB
	secrets []string
	url     string           // where it is served
	srv     *httptest.Server // nil on a testkit.Network
	// answer returns the status for the n-th request (from 1); nil: 204.
	// It may block, e.g. until the request's context ends.
	answer func(n int, r *http.Request) int

	mu   sync.Mutex
	hits []hit
}

// newReceiver starts a receiver on loopback for deliveries signed by
// secrets.
func newReceiver(t testing.TB, answer func(n int, r *http.Request) int, secrets ...string) *receiver {
	rc := &receiver{t: t, secrets: secrets, answer: answer}
	rc.srv = httptest.NewServer(rc)
	rc.url = rc.srv.URL
	t.Cleanup(rc.srv.Close)
	return rc
}

// newNetReceiver returns a receiver serving host on net.
func newNetReceiver(t testing.TB, net *testkit.Network, host string, answer func(n int, r *http.Request) int, secrets ...string) *receiver {
	rc := &receiver{t: t, secrets: secrets, answer: answer}
	rc.url = net.Handle(host, rc)
	return rc
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		rc.t.Errorf("receiver: %v", err)
		return
	}
	for _, s := range rc.secrets {
		wh, err := standardwebhooks.NewWebhook(s)
		if err != nil {
			rc.t.Errorf("receiver: %v", err)
			return
		}
		if err := wh.Verify(body, r.Header); err != nil {
			rc.t.Errorf("receiver: verify with %s: %v (headers %v)", s[:10], err, r.Header)
		}
	}
	if got := len(strings.Fields(r.Header.Get("webhook-signature"))); got != len(rc.secrets) {
		rc.t.Errorf("receiver: %d signatures, want %d", got, len(rc.secrets))
	}
	h := hit{id: r.Header.Get("webhook-id"), body: body, sender: r.Header.Get(senderHeader)}
	if err := json.Unmarshal(body, &h.event); err != nil {
		rc.t.Errorf("receiver: body %s: %v", body, err)
	}
	rc.mu.Lock()
	n := len(rc.hits) + 1
	rc.hits = append(rc.hits, h)
	rc.mu.Unlock()
	h.status = http.StatusNoContent
	if rc.answer != nil {
		h.status = rc.answer(n, r)
	}
	rc.mu.Lock()
	rc.hits[n-1].status = h.status
	rc.mu.Unlock()
	w.WriteHeader(h.status)
	if h.status >= 300 {
		io.WriteString(w, "boom: "+strings.Repeat("x", 300))
	}
}

// all returns every request so far.
func (rc *receiver) all() []hit {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.hits)
}

// answered reports whether every request so far has been answered.
func (rc *receiver) answered() bool {
	return !slices.ContainsFunc(rc.all(), func(h hit) bool { return h.status == 0 })
}

// ok returns the requests answered 2xx.
func (rc *receiver) ok() []hit {
	return slices.DeleteFunc(rc.all(), func(h hit) bool { return h.status/100 != 2 })
}

// take returns what the requests answered 2xx since the last take were
// about, and forgets every request.
func (rc *receiver) take() []string {
	out := []string{}
	for _, h := range rc.ok() {
		out = append(out, h.what())
	}
	rc.mu.Lock()
	rc.hits = nil
	rc.mu.Unlock()
	slices.Sort(out)
	return out
}

// endpoint returns rc as an endpoint with the filters of filter.
func (rc *receiver) endpoint(filter sanafeed.Endpoint) sanafeed.Endpoint {
	filter.URL, filter.Secrets = rc.url+"/hook", rc.secrets
	return filter
}

// stats returns the store's stats of the endpoint at url.
func stats(t testing.TB, db *store.DB, url string) sanafeed.EndpointStats {
	t.Helper()
	st, err := db.WebhookStats(t.Context())
	testkit.Check(t, err)
	for _, s := range st {
		if s.URL == url {
			return s
		}
	}
	t.Fatalf("no stats for %s in %+v", url, st)
	return sanafeed.EndpointStats{}
}

// A logBuffer collects log output from many goroutines.
type logBuffer struct{ testkit.SyncBuffer }

// logger returns a logger writing to b.
func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
