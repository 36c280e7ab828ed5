package websub_test

import (
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/websub"
)

// hubRecorder is an external hub recording publish pings.
type hubRecorder struct {
	url   string       // its URL on the Network
	failN atomic.Int64 // answer this many pings 503 first
	mu    sync.Mutex
	urls  []string
}

// newHubRecorder returns a hubRecorder serving host on net.
func newHubRecorder(net *testkit.Network, host string) *hubRecorder {
	h := &hubRecorder{}
	h.url = net.Handle(host, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.FormValue("hub.mode") != "publish" {
			http.Error(w, "bad ping", http.StatusBadRequest)
			return
		}
		if h.failN.Add(-1) >= 0 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		h.mu.Lock()
		h.urls = append(h.urls, r.FormValue("hub.url"))
		h.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	return h
}

// pinged returns the topics pinged so far, sorted, and forgets them.
func (h *hubRecorder) pinged() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := slices.Sorted(slices.Values(h.urls))
	h.urls = nil
	return out
}

func TestPinger(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net := &testkit.Network{}
		hub := newHubRecorder(net, "hub.example")
		fs := newFeeds()
		p := &websub.Pinger{
			Hub: hub.url + "/?via=sanafeed", Topics: fs.topics, Topic: fs.topic, Generation: fs.generation,
			Client:  net.Client(),
			Backoff: func(int) time.Duration { return 10 * time.Millisecond }, Check: time.Hour,
		}
		run(t, p)
		// The first look after a start tells the hub about every feed.
		fs.gen.Add(1)
		p.Publish(t.Context())
		synctest.Wait()
		if got := hub.pinged(); !slices.Equal(got, []string{arRSS, enAtom, frJSON}) {
			t.Fatalf("first look pinged %q, want every feed", got)
		}

		// Then only about the feeds whose content changed; a busy hub is retried.
		hub.failN.Store(2)
		fs.set(arRSS, "<rss>ثلاثة</rss>")
		p.Publish(t.Context())
		var got []string
		testkit.WaitFor(t, "the ping about ar.rss", func() bool {
			got = append(got, hub.pinged()...)
			return len(got) > 0
		})
		// The pinger looks again only once every ping of its last look,
		// retries included, has ended.
		looks := fs.looks.Load()
		p.Publish(t.Context())
		testkit.WaitFor(t, "the pinger's next look", func() bool { return fs.looks.Load() > looks })
		got = append(got, hub.pinged()...)
		if !slices.Equal(got, []string{arRSS}) {
			t.Errorf("pinged %q, want only %s", got, arRSS)
		}

		// No change, no ping. (The hub answers at once now: a ping would
		// have ended by the time the pinger is idle.)
		p.Publish(t.Context())
		synctest.Wait()
		if got := hub.pinged(); len(got) != 0 {
			t.Errorf("pinged %q without a change", got)
		}
	})
}
