package websub_test

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/websub"
)

// A realHub is a hub over real HTTP: served by httptest, calling back
// with its own client (the one a nil Hub.Client means), logging to log.
type realHub struct {
	*websub.Hub
	st  *memStore
	fs  *feeds
	log *testkit.SyncBuffer
	url string
}

// newRealHub returns a running realHub; each of opts sets fields of the
// hub before use.
func newRealHub(t *testing.T, opts ...func(*websub.Hub)) *realHub {
	t.Helper()
	rh := &realHub{st: newMemStore(), fs: newFeeds(), log: &testkit.SyncBuffer{}}
	rh.Hub = &websub.Hub{
		Store: rh.st, Topic: rh.fs.topic, Generation: rh.fs.generation,
		Timeout: 5 * time.Second, Attempts: 2,
		Backoff: func(int) time.Duration { return time.Millisecond },
		Logger:  slog.New(slog.NewTextHandler(rh.log, nil)),
	}
	for _, o := range opts {
		o(rh.Hub)
	}
	srv := httptest.NewServer(rh.Hub)
	t.Cleanup(srv.Close)
	rh.url = srv.URL
	run(t, rh.Hub)
	return rh
}

// subscribe posts a subscription of cb to topic, wants 202, and waits for
// the hub to log the outcome of its verification: it returns whether the
// hub logged cb as subscribed.
func (rh *realHub) subscribe(t *testing.T, topic, cb string) bool {
	t.Helper()
	before := rh.outcomes()
	form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {cb}}
	if code, body := post(t, http.DefaultClient, rh.url, form); code != http.StatusAccepted {
		t.Fatalf("subscribe %s = %d %q, want 202", cb, code, body)
	}
	testkit.WaitFor(t, "the verification of "+cb, func() bool { return rh.outcomes() > before })
	_, ok := rh.st.get(topic, cb)
	return ok
}

// outcomes counts the verifications the hub logged as ended.
func (rh *realHub) outcomes() int {
	s := rh.log.String()
	return strings.Count(s, `msg="websub: subscribed"`) + strings.Count(s, `msg="websub: intent not verified"`)
}

// counter is an httptest server that counts the requests it gets and
// echoes hub.challenge.
func counter(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Write([]byte(r.URL.Query().Get("hub.challenge")))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestLoopbackCallbackRefused(t *testing.T) {
	// A callback on this machine (an "admin" URL on loopback), named by
	// address or by a name that resolves to it, is never called: the
	// check is on the address dialled, after resolution.
	t.Parallel()
	rh := newRealHub(t)
	admin, hits := counter(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(admin.URL, "http://"))
	for _, cb := range []string{admin.URL + "/admin/reset", "http://localhost:" + port + "/admin/reset"} {
		if rh.subscribe(t, enAtom, cb) {
			t.Errorf("%s: subscribed", cb)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the hub sent %d requests to loopback callbacks, want none", n)
	}
}

func TestRedirectsNotFollowed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		var admin atomic.Int64
		ht.net.Handle("admin.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			admin.Add(1)
			w.Write([]byte(r.URL.Query().Get("hub.challenge")))
		}))
		// A verification answered with a redirect is not followed.
		redir := ht.net.Handle("redir.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://admin.test/reset?"+r.URL.RawQuery, http.StatusFound)
		}))
		form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {redir + "/cb"}}
		if code, _ := ht.post(t, form); code != http.StatusAccepted {
			t.Fatalf("subscribe = %d, want 202", code)
		}
		synctest.Wait()
		if _, ok := ht.st.get(enAtom, redir+"/cb"); ok {
			t.Error("a callback that redirected the verification got subscribed")
		}
		// Nor is a delivery answered with a 307.
		var moved atomic.Bool
		sub := ht.net.Handle("sub.test", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				w.Write([]byte(r.URL.Query().Get("hub.challenge")))
				return
			}
			moved.Store(true)
			http.Redirect(w, r, "http://admin.test/internal", http.StatusTemporaryRedirect)
		}))
		ht.subscribe(t, enAtom, sub+"/cb")
		ht.fs.set(enAtom, "<feed>two</feed>")
		ht.Publish(t.Context())
		testkit.WaitFor(t, "the delivery to end", func() bool {
			s, _ := ht.Stats(t.Context())
			return s.Delivered+s.Failed >= 1
		})
		if !moved.Load() {
			t.Fatal("no delivery was tried")
		}
		if n := admin.Load(); n != 0 {
			t.Errorf("the hub followed redirects to admin.test %d times, want none", n)
		}
		if s, _ := ht.Stats(t.Context()); s.Failed != 1 || s.Delivered != 0 {
			t.Errorf("Stats() = %+v, want the redirected delivery failed", s)
		}
	})
}

func TestPendingRevealsNoPorts(t *testing.T) {
	// The number of requests waiting for verification is the same whether
	// the callback refuses connections, answers, or never answers: it
	// cannot be used to tell which ports are open.
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		open := ht.subscriber("open.test")
		var got []int
		for _, cb := range []string{"http://closed.test/", open.url, hang(ht, "hang.test", nil)} {
			code, _ := ht.post(t, url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {cb}})
			if code != http.StatusAccepted {
				t.Fatalf("subscribe %s = %d, want 202", cb, code)
			}
			synctest.Wait()
			s, _ := ht.Stats(t.Context())
			got = append(got, s.Verifying)
		}
		if got[0] != got[1] || got[1] != got[2] {
			t.Errorf("Verifying = %v for a closed, an open and a silent callback, want the same", got)
		}
	})
}

func TestAllowCallbacks(t *testing.T) {
	// An operator may let the hub call a subscriber on a private network;
	// here, loopback, by a name.
	t.Parallel()
	rh := newRealHub(t, func(h *websub.Hub) {
		h.AllowCallbacks = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	sub := newHTTPSubscriber(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(sub.srv.URL, "http://"))
	cb := "http://localhost:" + port + "/cb"
	if !rh.subscribe(t, enAtom, cb) {
		t.Fatalf("%s not subscribed though allowed:\n%s", cb, rh.log)
	}
	rh.fs.set(enAtom, "<feed>two</feed>")
	rh.Publish(t.Context())
	select {
	case body := <-sub.got:
		if body != "<feed>two</feed>" {
			t.Errorf("delivered %q", body)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no delivery within 10s:\n%s", rh.log)
	}
}

// An httpSubscriber is a subscriber on httptest: it confirms every
// verification and sends each delivery's body on got.
type httpSubscriber struct {
	srv *httptest.Server
	got chan string
}

func newHTTPSubscriber(t *testing.T) *httpSubscriber {
	s := &httpSubscriber{got: make(chan string, 10)}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			io.WriteString(w, r.URL.Query().Get("hub.challenge"))
			return
		}
		b, _ := io.ReadAll(r.Body)
		s.got <- string(b)
	}))
	t.Cleanup(s.srv.Close)
	return s
}
