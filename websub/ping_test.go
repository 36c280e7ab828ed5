package websub_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed/websub"
)

// hubRecorder is an external hub on httptest recording publish pings.
type hubRecorder struct {
	srv   *httptest.Server
	failN atomic.Int64 // answer this many pings 503 first
	mu    sync.Mutex
	urls  []string
}

func newHubRecorder(t *testing.T) *hubRecorder {
	h := &hubRecorder{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.FormValue("hub.mode") != "publish" {
			http.Error(w, "bad ping", 400)
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
	t.Cleanup(h.srv.Close)
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
	hub := newHubRecorder(t)
	fs := newFeeds()
	p := &websub.Pinger{
		Hub: hub.srv.URL + "/?via=sanafeed", Topics: fs.topics, Topic: fs.topic, Generation: fs.gen.Load,
		Backoff: func(int) time.Duration { return 10 * time.Millisecond }, Check: time.Hour,
	}
	run(t, p)
	// The first look after a start tells the hub about every feed.
	fs.gen.Add(1)
	p.Publish(t.Context())
	var first []string
	eventually(t, "the first pings", func() bool {
		first = append(first, hub.pinged()...)
		return len(first) == 2
	})

	// Then only about the feeds whose content changed; a busy hub is retried.
	hub.failN.Store(2)
	fs.set(arRSS, "<rss>ثلاثة</rss>")
	p.Publish(t.Context())
	var got []string
	eventually(t, "the ping about ar.rss", func() bool {
		got = append(got, hub.pinged()...)
		return len(got) > 0
	})
	time.Sleep(100 * time.Millisecond)
	got = append(got, hub.pinged()...)
	if !slices.Equal(got, []string{arRSS}) {
		t.Errorf("pinged %q, want only %s", got, arRSS)
	}
	// No change, no ping.
	p.Publish(t.Context())
	time.Sleep(100 * time.Millisecond)
	if got := hub.pinged(); len(got) != 0 {
		t.Errorf("pinged %q without a change", got)
	}
}
