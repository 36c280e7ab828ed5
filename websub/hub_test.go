package websub_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/websub"
)

// The hub tests run in synctest bubbles over a testkit.Network: after
// synctest.Wait, whatever the hub was going to do by then is done, and its
// timeouts and retries run on the bubble's clock.

// A hubTest is a hub over a memStore and feeds, served at http://hub.test
// on its own Network, with fast retries.
type hubTest struct {
	*websub.Hub
	st  *memStore
	fs  *feeds
	net *testkit.Network
}

// newHub returns a hubTest; each of opts sets fields of the hub before use.
func newHub(t *testing.T, opts ...func(*websub.Hub)) *hubTest {
	t.Helper()
	ht := &hubTest{st: newMemStore(), fs: newFeeds(), net: &testkit.Network{}}
	ht.Hub = &websub.Hub{
		Store: ht.st, Topic: ht.fs.topic, Generation: ht.fs.generation,
		Client: ht.net.Client(),
		Lease:  time.Hour, MaxLease: 24 * time.Hour,
		Timeout: 2 * time.Second, Attempts: 3,
		Backoff: func(int) time.Duration { return 10 * time.Millisecond },
		Check:   50 * time.Millisecond,
	}
	for _, o := range opts {
		o(ht.Hub)
	}
	ht.URL = ht.net.Handle("hub.test", ht.Hub)
	return ht
}

// subscriber returns a new subscriber at host.
func (ht *hubTest) subscriber(host string) *subscriber { return newSubscriber(ht.net, host) }

// post sends a subscription request to the hub.
func (ht *hubTest) post(t *testing.T, form url.Values) (int, string) {
	t.Helper()
	return post(t, ht.net.Client(), ht.URL, form)
}

// subscribe subscribes cb to topic with extra form values and returns the
// subscription stored once the hub is done verifying it.
func (ht *hubTest) subscribe(t *testing.T, topic, cb string, extra ...string) sanafeed.Subscription {
	t.Helper()
	form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {cb}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	if code, body := ht.post(t, form); code != http.StatusAccepted {
		t.Fatalf("subscribe = %d %q, want 202", code, body)
	}
	synctest.Wait()
	s, ok := ht.st.get(topic, cb)
	if !ok {
		t.Fatalf("%s → %s: not stored once verified", topic, cb)
	}
	return s
}

func TestSubscribeAndDistribute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		sub := ht.subscriber("sub.test")
		cb := sub.url + "/cb?id=7"
		s := ht.subscribe(t, enAtom, cb, "hub.secret", "s3cret", "hub.lease_seconds", "1800")
		if s.Lease != 30*time.Minute || s.Secret != "s3cret" || s.Sent == "" {
			t.Errorf("stored %+v, want lease 30m, the secret and the current content's hash", s)
		}
		v := sub.verifications()
		if len(v) != 1 || v[0].Get("hub.mode") != "subscribe" || v[0].Get("hub.topic") != enAtom ||
			v[0].Get("hub.lease_seconds") != "1800" || v[0].Get("hub.challenge") == "" || v[0].Get("id") != "7" {
			t.Errorf("verification %v, want mode, topic, lease, challenge and the callback's own query", v)
		}

		// Nothing changed: nothing is sent. (A delivery to this subscriber
		// waits for no timer: had the hub sent one, it would have arrived
		// by the time the hub is idle.)
		ht.Publish(t.Context())
		synctest.Wait()
		if n := len(sub.deliveries()); n != 0 {
			t.Fatalf("%d deliveries without a change", n)
		}
		// Another topic changes: still nothing for this subscriber.
		ht.fs.set(arRSS, "<rss>اثنان</rss>")
		ht.Publish(t.Context())
		synctest.Wait()
		if n := len(sub.deliveries()); n != 0 {
			t.Fatalf("%d deliveries for a change of another topic", n)
		}

		ht.fs.set(enAtom, "<feed>two</feed>")
		ht.Publish(t.Context())
		sub.wait(t)
		d := sub.deliveries()[0]
		if d.body != "<feed>two</feed>" || d.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Errorf("delivery %q %q", d.body, d.header.Get("Content-Type"))
		}
		if want := "<" + ht.URL + `>; rel="hub", <` + enAtom + `>; rel="self"`; d.header.Get("Link") != want {
			t.Errorf("Link = %q, want %q", d.header.Get("Link"), want)
		}
		mac := hmac.New(sha256.New, []byte("s3cret"))
		mac.Write([]byte(d.body))
		if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); d.header.Get("X-Hub-Signature") != want {
			t.Errorf("X-Hub-Signature = %q, want %q", d.header.Get("X-Hub-Signature"), want)
		}
		synctest.Wait()
		if s, _ := ht.st.get(enAtom, cb); s.Sent != mustHash(t, ht.fs, enAtom) {
			t.Errorf("delivered content not recorded as sent: Sent = %q", s.Sent)
		}
		// The same content is not sent twice, though the store moved on.
		ht.fs.gen.Add(1)
		ht.Publish(t.Context())
		synctest.Wait()
		if n := len(sub.deliveries()); n != 1 {
			t.Errorf("%d deliveries, want 1", n)
		}
		if st, _ := ht.Stats(t.Context()); st.Subscriptions != 1 || st.Topics != 1 || st.Delivered != 1 || st.Failed != 0 {
			t.Errorf("Stats() = %+v", st)
		}
	})
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
	t.Parallel()
	ht := newHub(t)
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
		{"callback user", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {"http://admin@sub.test/cb"}}, "user name or password"},
		{"callback password", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {"http://admin:hunter2@sub.test/cb"}}, "user name or password"},
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
			code, body := ht.post(t, tt.form)
			if code != 400 || !strings.Contains(body, tt.want) {
				t.Errorf("= %d %q, want 400 with %q", code, body, tt.want)
			}
		})
	}
	resp, err := ht.net.Client().Get(ht.URL + "?hub.mode=subscribe")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET = %d Allow %q, want 405 POST", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if subs, _ := ht.st.Subscriptions(t.Context(), ""); len(subs) != 0 {
		t.Errorf("bad requests stored %d subscriptions", len(subs))
	}
}

func TestLeases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		sub := ht.subscriber("sub.test")
		for _, tt := range []struct {
			ask  string
			want time.Duration
		}{{"", time.Hour}, {"60", time.Minute}, {"999999999", 24 * time.Hour}} {
			cb := sub.url + "/" + tt.ask
			s := ht.subscribe(t, enAtom, cb, "hub.lease_seconds", tt.ask)
			if s.Lease != tt.want || s.Expires.Sub(s.Created) != tt.want {
				t.Errorf("asked %q: lease %v (expires %v after creation), want %v", tt.ask, s.Lease, s.Expires.Sub(s.Created), tt.want)
			}
		}
	})
}

func TestVerificationRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		sub := ht.subscriber("sub.test")
		sub.refuse.Store(true)
		form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {sub.url}}
		if code, _ := ht.post(t, form); code != http.StatusAccepted {
			t.Fatalf("subscribe = %d, want 202", code)
		}
		synctest.Wait()
		if n := len(sub.verifications()); n != 1 {
			t.Fatalf("%d verification requests, want 1", n)
		}
		if s, _ := ht.Stats(t.Context()); s.Verifying != 0 {
			t.Errorf("Stats() = %+v once idle, want nothing verifying", s)
		}
		if _, ok := ht.st.get(enAtom, sub.url); ok {
			t.Error("a refused verification stored the subscription")
		}
		// A callback that answers 200 without the challenge does not count either.
		var asked atomic.Int64
		echo := ht.net.Handle("echo.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			asked.Add(1)
			w.Write([]byte("ok"))
		}))
		form.Set("hub.callback", echo)
		ht.post(t, form)
		synctest.Wait()
		if n := asked.Load(); n != 1 {
			t.Fatalf("the echo callback was asked %d times, want 1", n)
		}
		if _, ok := ht.st.get(enAtom, echo); ok {
			t.Error("a callback that did not echo the challenge got subscribed")
		}
	})
}

func TestUnsubscribe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		sub := ht.subscriber("sub.test")
		ht.subscribe(t, enAtom, sub.url)
		form := url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {enAtom}, "hub.callback": {sub.url}}
		if code, _ := ht.post(t, form); code != http.StatusAccepted {
			t.Fatalf("unsubscribe = %d", code)
		}
		synctest.Wait()
		if _, ok := ht.st.get(enAtom, sub.url); ok {
			t.Error("still subscribed once the unsubscription was verified")
		}
		v := sub.verifications()
		if last := v[len(v)-1]; len(v) != 2 || last.Get("hub.mode") != "unsubscribe" || last.Has("hub.lease_seconds") {
			t.Errorf("verifications %v, want the subscription's, then the unsubscription's without a lease", v)
		}
	})
}

func TestRetriesAndSlowSubscribers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t, func(h *websub.Hub) {
			h.Timeout = 300 * time.Millisecond
			h.Workers = 2
		})
		run(t, ht)
		slow := []*subscriber{ht.subscriber("slow1.test"), ht.subscriber("slow2.test")}
		for _, s := range slow {
			s.delay = time.Minute // never answers in time
			ht.subscribe(t, enAtom, s.url)
		}
		flaky, fast := ht.subscriber("flaky.test"), ht.subscriber("fast.test")
		flaky.failN.Store(2)
		ht.subscribe(t, arRSS, flaky.url, "hub.secret", "k")
		ht.subscribe(t, arRSS, fast.url)

		// The slow subscribers take both request slots first.
		ht.fs.set(enAtom, "<feed>three</feed>")
		ht.Publish(t.Context())
		synctest.Wait()
		if slow[0].posts.Load() != 1 || slow[1].posts.Load() != 1 {
			t.Fatalf("deliveries in flight to the slow subscribers: %d and %d, want one each",
				slow[0].posts.Load(), slow[1].posts.Load())
		}
		// They hold them for a timeout at a time, yet the others get
		// through between their attempts: the fast one when the first
		// attempts time out, not after the slow ones' last retry.
		start := time.Now() // the bubble's clock
		ht.fs.set(arRSS, "<rss>ثلاثة</rss>")
		ht.Publish(t.Context())
		fast.wait(t)
		if d := time.Since(start); d > ht.Timeout {
			t.Errorf("the fast subscriber waited %v behind slow ones, want at most one timeout (%v)", d, ht.Timeout)
		}
		flaky.wait(t)
		testkit.WaitFor(t, "the slow deliveries to be given up", func() bool {
			s, _ := ht.Stats(t.Context())
			return s.Failed == 2
		})
		if s, _ := ht.Stats(t.Context()); s.Delivered != 2 {
			t.Errorf("Stats() = %+v, want 2 delivered, 2 failed", s)
		}
		if sub, _ := ht.st.get(enAtom, slow[0].url); sub.Sent == mustHash(t, ht.fs, enAtom) {
			t.Error("a failed delivery was recorded as sent")
		}
	})
}

func TestGoneAndExpired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var now atomic.Int64
		now.Store(time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC).UnixNano())
		ht := newHub(t, func(h *websub.Hub) {
			h.Now = func() time.Time { return time.Unix(0, now.Load()) }
		})
		run(t, ht)
		gone, late, ok := ht.subscriber("gone.test"), ht.subscriber("late.test"), ht.subscriber("ok.test")
		gone.status.Store(http.StatusGone)
		ht.subscribe(t, enAtom, gone.url)
		ht.subscribe(t, enAtom, late.url, "hub.lease_seconds", "60")
		ht.subscribe(t, enAtom, ok.url)
		now.Add(int64(2 * time.Minute)) // late's lease ends
		ht.fs.set(enAtom, "<feed>four</feed>")
		ht.Publish(t.Context())
		ok.wait(t)
		synctest.Wait()
		if _, found := ht.st.get(enAtom, gone.url); found {
			t.Error("the subscriber that answered 410 Gone is still subscribed")
		}
		if n := len(late.deliveries()); n != 0 {
			t.Errorf("expired subscriber got %d deliveries", n)
		}
		// Expired leases are dropped at the next check (every 50ms).
		testkit.WaitFor(t, "the expired lease removed", func() bool {
			_, found := ht.st.get(enAtom, late.url)
			return !found
		})
	})
}

func TestRedeliveryAfterRestart(t *testing.T) {
	// A subscriber whose last content was never acknowledged gets it when
	// a hub starts, with no new change.
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		sub := ht.subscriber("sub.test")
		ht.st.PutSubscription(t.Context(), sanafeed.Subscription{Topic: enAtom, Callback: sub.url,
			Expires: time.Now().Add(time.Hour), Sent: "old"})
		start := time.Now() // the bubble's clock
		run(t, ht)
		sub.wait(t)
		if got := sub.deliveries()[0].body; got != "<feed>one</feed>" {
			t.Errorf("redelivered %q", got)
		}
		if d := time.Since(start); d >= ht.Check {
			t.Errorf("redelivered %v after the start, at a check: want at once", d)
		}
	})
}
