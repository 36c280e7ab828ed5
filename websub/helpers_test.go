package websub_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// memStore is an in-memory websub.Store.
type memStore struct {
	mu   sync.Mutex
	subs map[[2]string]sanafeed.Subscription
}

func newMemStore() *memStore { return &memStore{subs: map[[2]string]sanafeed.Subscription{}} }

func (m *memStore) PutSubscription(_ context.Context, s sanafeed.Subscription) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.subs[[2]string{s.Topic, s.Callback}] = s
	return nil
}

func (m *memStore) DeleteSubscription(_ context.Context, topic, callback string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{topic, callback}
	if _, ok := m.subs[k]; !ok {
		return sanafeed.ErrNotFound
	}
	delete(m.subs, k)
	return nil
}

func (m *memStore) Subscriptions(_ context.Context, topic string) ([]sanafeed.Subscription, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []sanafeed.Subscription
	for _, s := range m.subs {
		if topic == "" || s.Topic == topic {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b sanafeed.Subscription) int { return strings.Compare(a.Callback, b.Callback) })
	return out, nil
}

func (m *memStore) SetSubscriptionSent(_ context.Context, topic, callback, sent string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{topic, callback}
	if s, ok := m.subs[k]; ok {
		s.Sent = sent
		m.subs[k] = s
	}
	return nil
}

func (m *memStore) DeleteExpiredSubscriptions(_ context.Context, now time.Time) ([]sanafeed.Subscription, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var gone []sanafeed.Subscription
	for k, s := range m.subs {
		if !s.Expires.After(now) {
			gone = append(gone, s)
			delete(m.subs, k)
		}
	}
	return gone, nil
}

// get returns the subscription of callback to topic.
func (m *memStore) get(topic, callback string) (sanafeed.Subscription, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.subs[[2]string{topic, callback}]
	return s, ok
}

// feeds is a set of topics whose content tests change, with a generation.
type feeds struct {
	mu    sync.Mutex
	m     map[string]string // topic → body
	gen   atomic.Uint64
	looks atomic.Int64 // calls of generation
}

// Topic URLs of the tests.
const (
	enAtom = "http://feeds.test/feeds/en.atom"
	arRSS  = "http://feeds.test/feeds/ar.rss"
	frJSON = "http://feeds.test/feeds/fr.json"
)

func newFeeds() *feeds {
	return &feeds{m: map[string]string{enAtom: "<feed>one</feed>", arRSS: "<rss>واحد</rss>", frJSON: `{"items":[]}`}}
}

// generation returns the generation, counting the calls: a publisher
// reads it each time it looks for changes.
func (f *feeds) generation() uint64 {
	f.looks.Add(1)
	return f.gen.Load()
}

// topic renders the topic at u as the server does: u names a feed when it
// is "http://feeds.test/feeds/" and a feed's name, each path segment
// percent-decoded; the URL returned is the feed's own.
func (f *feeds) topic(_ context.Context, u string) (sanafeed.Topic, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	canon := u
	if rest, ok := strings.CutPrefix(u, "http://feeds.test/feeds/"); ok && !strings.ContainsAny(rest, "?#") {
		parts := strings.Split(rest, "/")
		for i, p := range parts {
			parts[i], _ = url.PathUnescape(p)
		}
		canon = "http://feeds.test/feeds/" + strings.Join(parts, "/")
	}
	body, ok := f.m[canon]
	if !ok {
		return sanafeed.Topic{}, fmt.Errorf("feeds: %s: %w", u, sanafeed.ErrNotFound)
	}
	ct := "application/atom+xml; charset=utf-8"
	switch {
	case strings.HasSuffix(canon, ".rss"):
		ct = "application/rss+xml; charset=utf-8"
	case strings.HasSuffix(canon, ".json"):
		ct = "application/feed+json; charset=utf-8"
	}
	return sanafeed.Topic{URL: canon, Body: []byte(body), ContentType: ct, Hash: fmt.Sprintf("%x", body)}, nil
}

func (f *feeds) topics(context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for t := range f.m {
		out = append(out, t)
	}
	slices.Sort(out)
	return out, nil
}

// set changes a topic's body and moves the generation.
func (f *feeds) set(topic, body string) {
	f.mu.Lock()
	f.m[topic] = body
	f.mu.Unlock()
	f.gen.Add(1)
}

// A delivery is one content distribution a subscriber received.
type delivery struct {
	body   string
	header http.Header
	at     time.Time // when it arrived, on the bubble's clock
}

// subscriber is a WebSub subscriber on a testkit.Network: it confirms
// verification requests (unless refuse) and records what it gets.
type subscriber struct {
	url     string        // its base URL
	refuse  atomic.Bool   // answer verifications 404
	failN   atomic.Int64  // answer this many deliveries 500 first
	status  atomic.Int64  // answer deliveries with this (0 = 204)
	delay   time.Duration // before answering a delivery
	posts   atomic.Int64  // deliveries received, answered or not
	mu      sync.Mutex
	checks  []url.Values
	got     []delivery
	arrived chan struct{} // one value per delivery answered 2xx
}

// newSubscriber returns a subscriber serving host on net.
func newSubscriber(net *testkit.Network, host string) *subscriber {
	s := &subscriber{arrived: make(chan struct{}, 100)}
	s.url = net.Handle(host, http.HandlerFunc(s.serve))
	return s
}

func (s *subscriber) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		s.mu.Lock()
		s.checks = append(s.checks, r.URL.Query())
		s.mu.Unlock()
		if s.refuse.Load() {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, r.URL.Query().Get("hub.challenge"))
		return
	}
	s.posts.Add(1)
	body, _ := io.ReadAll(r.Body)
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-r.Context().Done():
			return
		}
	}
	if s.failN.Add(-1) >= 0 {
		http.Error(w, "try later", http.StatusInternalServerError)
		return
	}
	code := int(s.status.Load())
	if code == 0 {
		code = http.StatusNoContent
	}
	w.WriteHeader(code)
	if code/100 == 2 {
		s.mu.Lock()
		s.got = append(s.got, delivery{string(body), r.Header.Clone(), time.Now()})
		s.mu.Unlock()
		s.arrived <- struct{}{}
	}
}

// deliveries returns what the subscriber received.
func (s *subscriber) deliveries() []delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

// verifications returns the verification requests it answered.
func (s *subscriber) verifications() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.checks)
}

// wait waits for one more delivery; in a synctest bubble the clock runs
// meanwhile, so retries and timeouts due by then happen.
func (s *subscriber) wait(t *testing.T) {
	t.Helper()
	select {
	case <-s.arrived:
	case <-time.After(time.Minute):
		t.Fatal("no delivery within a minute")
	}
}

// run runs r until the test ends, then checks it stops.
func run(t *testing.T, r interface{ Run(context.Context) error }) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run() = %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Run did not return within 5s of its context ending")
		}
	})
}

// post sends a subscription request to the hub at hubURL with c.
func post(t *testing.T, c *http.Client, hubURL string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(hubURL, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// hang serves host on ht's network with a handler that never answers,
// sending on asked, when not nil, how long each request waited before its
// client gave up.
func hang(ht *hubTest, host string, asked chan<- time.Duration) string {
	return ht.net.Handle(host, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		<-r.Context().Done()
		if asked != nil {
			asked <- time.Since(start)
		}
	}))
}
