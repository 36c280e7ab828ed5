package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/websub"
)

// A websubClient is a WebSub subscriber on httptest: it confirms every
// verification and records content distributions.
type websubClient struct {
	srv  *httptest.Server
	mu   sync.Mutex
	got  []websubPost
	recv chan struct{}
}

// A websubPost is one content distribution received.
type websubPost struct {
	body   []byte
	header http.Header
}

func newWebsubClient(t *testing.T) *websubClient {
	c := &websubClient{recv: make(chan struct{}, 10)}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			io.WriteString(w, r.URL.Query().Get("hub.challenge"))
			return
		}
		b, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.got = append(c.got, websubPost{b, r.Header.Clone()})
		c.mu.Unlock()
		c.recv <- struct{}{}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func TestWebSubEndToEnd(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	allowLoopback(t, w)
	a, base := w.live()
	pollLive(t, a)
	topic := base + "/feeds/en.atom"
	hub := base + "/websub"

	// Discovery: the feed and its response name the hub and themselves.
	resp, err := http.Get(topic)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := "<" + hub + `>; rel="hub", <` + topic + `>; rel="self"`; resp.Header.Get("Link") != want {
		t.Errorf("Link = %q, want %q", resp.Header.Get("Link"), want)
	}
	if _, body := httpGet(t, topic); !strings.Contains(string(body), `<link rel="hub" href="`+hub+`">`) {
		t.Errorf("the Atom feed does not advertise the hub")
	}

	// Only this server's feeds are topics.
	sub := newWebsubClient(t)
	form := url.Values{"hub.mode": {"subscribe"}, "hub.callback": {sub.srv.URL + "/cb"}, "hub.secret": {"hush"}}
	for _, bad := range []string{"https://sana.sy/en/feed/", base + "/", base + "/feeds/de.atom"} {
		form.Set("hub.topic", bad)
		if resp, err := http.PostForm(hub, form); err != nil || resp.StatusCode != 400 {
			t.Errorf("subscribe to %s: %v %v, want 400", bad, resp.StatusCode, err)
		}
	}
	// Any spelling of the feed's URL is the same topic, stored as the feed
	// names itself.
	form.Set("hub.topic", strings.Replace(topic, "/feeds/en.", "/feeds/x/../%65n.", 1))
	resp, err = http.PostForm(hub, form)
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("subscribe: %v %v, want 202", resp.StatusCode, err)
	}
	var subs []sanafeed.Subscription
	testkit.WaitFor(t, "the subscription verified and stored", func() bool {
		subs, err = a.db.Subscriptions(t.Context(), topic)
		testkit.Check(t, err)
		return len(subs) > 0
	})
	if len(subs) != 1 || subs[0].Secret != "hush" || subs[0].Lease != a.cfg.WebSub.Lease.Duration {
		t.Errorf("stored %+v, want one subscription with the secret and the configured lease", subs)
	}

	// The replica moves on; the next poll changes the feed; the hub sends
	// what is new in it.
	_, before := httpGet(t, topic)
	w.site.Advance()
	pollLive(t, a)
	select {
	case <-sub.recv:
	case <-time.After(10 * time.Second):
		t.Fatal("no content distribution within 10s of a poll that changed the feed")
	}
	sub.mu.Lock()
	got := sub.got[0]
	sub.mu.Unlock()
	_, now := httpGet(t, topic)
	sent, old, cur := parseIDs(t, got.body), parseIDs(t, before), parseIDs(t, now)
	for _, id := range cur {
		if !slices.Contains(old, id) && !slices.Contains(sent, id) {
			t.Errorf("new entry %s not distributed", id)
		}
	}
	for _, id := range sent {
		if !slices.Contains(cur, id) {
			t.Errorf("distributed %s, not in the feed", id)
		}
	}
	if len(sent) == 0 || len(sent) >= len(cur) {
		t.Errorf("distributed %d entries of the feed's %d, want only the new and updated", len(sent), len(cur))
	}
	if ct := got.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("Content-Type = %q", ct)
	}
	if sig := got.header.Get("X-Hub-Signature"); sig != websub.Sign("hush", got.body) {
		t.Errorf("X-Hub-Signature = %q", sig)
	}
	if l := got.header.Get("Link"); !strings.Contains(l, `<`+hub+`>; rel="hub"`) || !strings.Contains(l, `<`+topic+`>; rel="self"`) {
		t.Errorf("Link = %q", l)
	}

	// /metrics shows the subscriber, the delivery (counted once the
	// subscriber's answer is in) and the polls.
	var m []byte
	testkit.WaitFor(t, "/metrics to count the delivery", func() bool {
		_, m = httpGet(t, base+"/metrics")
		delivered := `sanafeed_websub_deliveries_total{result="delivered"} `
		return strings.Contains(string(m), delivered) && !strings.Contains(string(m), delivered+"0\n")
	})
	for _, want := range []string{
		"sanafeed_websub_subscribers 1\n",
		`sanafeed_websub_deliveries_total{result="failed"} 0` + "\n",
		`sanafeed_polls_total{lang="en"} 2` + "\n",
		`sanafeed_poll_feed_stale{lang="en"} 1` + "\n",
		`sanafeed_articles{lang="ar"} `,
	} {
		if !strings.Contains(string(m), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// allowLoopback lets w's hub call back subscribers on loopback, where
// httptest serves them.
func allowLoopback(t *testing.T, w *world) {
	t.Helper()
	f, err := os.OpenFile(w.config, os.O_APPEND|os.O_WRONLY, 0)
	testkit.Check(t, err)
	_, err = io.WriteString(f, "\n[websub]\nallow_callbacks = [\"127.0.0.0/8\", \"::1\"]\n")
	testkit.Check(t, err)
	testkit.Check(t, f.Close())
}

// parseIDs returns the ids of the entries of a feed document.
func parseIDs(t *testing.T, body []byte) []string {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(string(body))
	testkit.Check(t, err)
	return itemIDs(f)
}
