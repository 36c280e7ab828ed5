package websub_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/websub"
)

// newHub returns a hub over a memStore and feeds, served on httptest,
// with fast retries. Each of opts sets fields before use.
func newHub(t *testing.T, opts ...func(*websub.Hub)) (*websub.Hub, *memStore, *feeds, string) {
	t.Helper()
	st, fs := newMemStore(), newFeeds()
	h := &websub.Hub{
		Store: st, Topic: fs.topic, Generation: fs.gen.Load,
		Lease: time.Hour, MaxLease: 24 * time.Hour,
		Timeout: 2 * time.Second, Attempts: 3,
		Backoff: func(int) time.Duration { return 10 * time.Millisecond },
		Check:   50 * time.Millisecond,
	}
	for _, o := range opts {
		o(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	h.URL = srv.URL
	return h, st, fs, srv.URL
}

// subscribe subscribes cb to topic with extra form values and waits for
// the subscription to be stored.
func subscribe(t *testing.T, hubURL string, st *memStore, topic, cb string, extra ...string) sanafeed.Subscription {
	t.Helper()
	form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {cb}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	if code, body := post(t, hubURL, form); code != http.StatusAccepted {
		t.Fatalf("subscribe = %d %q, want 202", code, body)
	}
	var s sanafeed.Subscription
	eventually(t, "the subscription", func() bool {
		var ok bool
		s, ok = st.get(topic, cb)
		return ok
	})
	return s
}

func TestSubscribeAndDistribute(t *testing.T) {
	h, st, fs, hubURL := newHub(t)
	run(t, h)
	sub := newSubscriber(t)
	cb := sub.srv.URL + "/cb?id=7"
	s := subscribe(t, hubURL, st, enAtom, cb, "hub.secret", "s3cret", "hub.lease_seconds", "1800")
	if s.Lease != 30*time.Minute || s.Secret != "s3cret" || s.Sent == "" {
		t.Errorf("stored %+v, want lease 30m, the secret and the current content's hash", s)
	}
	v := sub.verifications()
	if len(v) != 1 || v[0].Get("hub.mode") != "subscribe" || v[0].Get("hub.topic") != enAtom ||
		v[0].Get("hub.lease_seconds") != "1800" || v[0].Get("hub.challenge") == "" || v[0].Get("id") != "7" {
		t.Errorf("verification %v, want mode, topic, lease, challenge and the callback's own query", v)
	}

	// Nothing changed: nothing is sent.
	h.Publish(t.Context())
	time.Sleep(100 * time.Millisecond)
	if n := len(sub.deliveries()); n != 0 {
		t.Fatalf("%d deliveries without a change", n)
	}
	// Another topic changes: still nothing for this subscriber.
	fs.set(arRSS, "<rss>اثنان</rss>")
	h.Publish(t.Context())
	time.Sleep(100 * time.Millisecond)
	if n := len(sub.deliveries()); n != 0 {
		t.Fatalf("%d deliveries for a change of another topic", n)
	}

	fs.set(enAtom, "<feed>two</feed>")
	h.Publish(t.Context())
	sub.wait(t)
	d := sub.deliveries()[0]
	if d.body != "<feed>two</feed>" || d.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Errorf("delivery %q %q", d.body, d.header.Get("Content-Type"))
	}
	if want := "<" + hubURL + `>; rel="hub", <` + enAtom + `>; rel="self"`; d.header.Get("Link") != want {
		t.Errorf("Link = %q, want %q", d.header.Get("Link"), want)
	}
	mac := hmac.New(sha256.New, []byte("s3cret"))
	mac.Write([]byte(d.body))
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); d.header.Get("X-Hub-Signature") != want {
		t.Errorf("X-Hub-Signature = %q, want %q", d.header.Get("X-Hub-Signature"), want)
	}
	eventually(t, "the delivery recorded", func() bool {
		s, _ := st.get(enAtom, cb)
		return s.Sent == mustHash(t, fs, enAtom)
	})
	// The same content is not sent twice.
	h.Publish(t.Context())
	time.Sleep(100 * time.Millisecond)
	if n := len(sub.deliveries()); n != 1 {
		t.Errorf("%d deliveries, want 1", n)
	}
	if st, _ := h.Stats(t.Context()); st.Subscriptions != 1 || st.Topics != 1 || st.Delivered != 1 || st.Failed != 0 {
		t.Errorf("Stats() = %+v", st)
	}
}

// mustHash returns the current hash of topic.
func mustHash(t *testing.T, fs *feeds, topic string) string {
	c, err := fs.topic(context.Background(), topic)
	if err != nil {
		t.Fatal(err)
	}
	return c.Hash
}

func TestBadRequests(t *testing.T) {
	_, st, _, hubURL := newHub(t)
	cb := "http://sub.test/cb"
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"no mode", url.Values{"hub.topic": {enAtom}, "hub.callback": {cb}}, "hub.mode"},
		{"publish", url.Values{"hub.mode": {"publish"}, "hub.url": {enAtom}}, "want subscribe or unsubscribe"},
		{"no callback", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}}, "hub.callback: required"},
		{"relative callback", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {"/cb"}}, "not an absolute"},
		{"ftp callback", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {"ftp://x/"}}, "not an absolute"},
		{"callback fragment", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {cb + "#x"}}, "fragment"},
		{"no topic", url.Values{"hub.mode": {"subscribe"}, "hub.callback": {cb}}, "hub.topic: required"},
		{"foreign topic", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {"https://example.org/feed"}, "hub.callback": {cb}}, "not a feed of this server"},
		{"not a feed", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {"http://feeds.test/"}, "hub.callback": {cb}}, "not a feed of this server"},
		{"bad lease", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {cb}, "hub.lease_seconds": {"soon"}}, "positive integer"},
		{"negative lease", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {cb}, "hub.lease_seconds": {"-5"}}, "positive integer"},
		{"long secret", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {cb}, "hub.secret": {strings.Repeat("x", 200)}}, "shorter than 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := post(t, hubURL, tt.form)
			if code != 400 || !strings.Contains(body, tt.want) {
				t.Errorf("= %d %q, want 400 with %q", code, body, tt.want)
			}
		})
	}
	resp, err := http.Get(hubURL + "?hub.mode=subscribe")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET = %d Allow %q, want 405 POST", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if subs, _ := st.Subscriptions(t.Context(), ""); len(subs) != 0 {
		t.Errorf("bad requests stored %d subscriptions", len(subs))
	}
}

func TestLeases(t *testing.T) {
	h, st, _, hubURL := newHub(t)
	run(t, h)
	sub := newSubscriber(t)
	for _, tt := range []struct {
		ask  string
		want time.Duration
	}{{"", time.Hour}, {"60", time.Minute}, {"999999999", 24 * time.Hour}} {
		cb := sub.srv.URL + "/" + tt.ask
		s := subscribe(t, hubURL, st, enAtom, cb, "hub.lease_seconds", tt.ask)
		if s.Lease != tt.want || s.Expires.Sub(s.Created) != tt.want {
			t.Errorf("asked %q: lease %v (expires %v after creation), want %v", tt.ask, s.Lease, s.Expires.Sub(s.Created), tt.want)
		}
	}
}

func TestVerificationRefused(t *testing.T) {
	h, st, _, hubURL := newHub(t)
	run(t, h)
	sub := newSubscriber(t)
	sub.refuse.Store(true)
	form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {sub.srv.URL}}
	if code, _ := post(t, hubURL, form); code != 202 {
		t.Fatalf("subscribe = %d, want 202", code)
	}
	eventually(t, "the verification", func() bool { return len(sub.verifications()) == 1 })
	eventually(t, "the verification to end", func() bool {
		s, _ := h.Stats(t.Context())
		return s.Verifying == 0
	})
	if _, ok := st.get(enAtom, sub.srv.URL); ok {
		t.Error("a refused verification stored the subscription")
	}
	// A callback that answers 200 without the challenge does not count either.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer echo.Close()
	form.Set("hub.callback", echo.URL)
	post(t, hubURL, form)
	time.Sleep(200 * time.Millisecond)
	if _, ok := st.get(enAtom, echo.URL); ok {
		t.Error("a callback that did not echo the challenge got subscribed")
	}
}

func TestUnsubscribe(t *testing.T) {
	h, st, _, hubURL := newHub(t)
	run(t, h)
	sub := newSubscriber(t)
	subscribe(t, hubURL, st, enAtom, sub.srv.URL)
	form := url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {enAtom}, "hub.callback": {sub.srv.URL}}
	if code, _ := post(t, hubURL, form); code != 202 {
		t.Fatalf("unsubscribe = %d", code)
	}
	eventually(t, "the unsubscription", func() bool {
		_, ok := st.get(enAtom, sub.srv.URL)
		return !ok
	})
	v := sub.verifications()
	if last := v[len(v)-1]; last.Get("hub.mode") != "unsubscribe" || last.Has("hub.lease_seconds") {
		t.Errorf("unsubscribe verification %v", last)
	}
}

func TestRetriesAndSlowSubscribers(t *testing.T) {
	h, st, fs, hubURL := newHub(t, func(h *websub.Hub) {
		h.Timeout = 300 * time.Millisecond
		h.Workers = 2
	})
	run(t, h)
	slow := []*subscriber{newSubscriber(t), newSubscriber(t)}
	for _, s := range slow {
		s.delay = time.Minute // never answers in time
		subscribe(t, hubURL, st, enAtom, s.srv.URL)
	}
	flaky, fast := newSubscriber(t), newSubscriber(t)
	flaky.failN.Store(2)
	subscribe(t, hubURL, st, enAtom, flaky.srv.URL, "hub.secret", "k")
	subscribe(t, hubURL, st, enAtom, fast.srv.URL)

	start := time.Now()
	fs.set(enAtom, "<feed>three</feed>")
	h.Publish(t.Context())
	// Two slow subscribers hold both request slots for a timeout at a
	// time, yet the others get through between their attempts.
	fast.wait(t)
	flaky.wait(t)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("fast subscribers waited %v behind slow ones", d)
	}
	eventually(t, "the slow deliveries to be given up", func() bool {
		s, _ := h.Stats(t.Context())
		return s.Failed == 2
	})
	s, _ := h.Stats(t.Context())
	if s.Delivered != 2 {
		t.Errorf("Stats() = %+v, want 2 delivered, 2 failed", s)
	}
	if sub, _ := st.get(enAtom, slow[0].srv.URL); sub.Sent == mustHash(t, fs, enAtom) {
		t.Error("a failed delivery was recorded as sent")
	}
}

func TestGoneAndExpired(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC).UnixNano())
	h, st, fs, hubURL := newHub(t, func(h *websub.Hub) {
		h.Now = func() time.Time { return time.Unix(0, now.Load()) }
	})
	run(t, h)
	gone, late, ok := newSubscriber(t), newSubscriber(t), newSubscriber(t)
	gone.status.Store(410)
	subscribe(t, hubURL, st, enAtom, gone.srv.URL)
	subscribe(t, hubURL, st, enAtom, late.srv.URL, "hub.lease_seconds", "60")
	subscribe(t, hubURL, st, enAtom, ok.srv.URL)
	now.Add(int64(2 * time.Minute)) // late's lease ends
	fs.set(enAtom, "<feed>four</feed>")
	h.Publish(t.Context())
	ok.wait(t)
	eventually(t, "the gone subscriber removed", func() bool {
		_, found := st.get(enAtom, gone.srv.URL)
		return !found
	})
	eventually(t, "the expired lease removed", func() bool {
		_, found := st.get(enAtom, late.srv.URL)
		return !found
	})
	if n := len(late.deliveries()); n != 0 {
		t.Errorf("expired subscriber got %d deliveries", n)
	}
}

func TestRedeliveryAfterRestart(t *testing.T) {
	// A subscriber whose last content was never acknowledged gets it when
	// a hub starts, with no new change.
	h, st, _, _ := newHub(t)
	sub := newSubscriber(t)
	st.PutSubscription(t.Context(), sanafeed.Subscription{Topic: enAtom, Callback: sub.srv.URL,
		Expires: time.Now().Add(time.Hour), Sent: "old"})
	run(t, h)
	sub.wait(t)
	if got := sub.deliveries()[0].body; got != "<feed>one</feed>" {
		t.Errorf("redelivered %q", got)
	}
}
