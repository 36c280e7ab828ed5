package websub

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A Hub is sanafeed's built-in WebSub hub. Set its fields, mount it (it is
// the http.Handler of the hub URL), run Run, and call Publish after each
// change to the store. Its methods are safe for concurrent use; do not
// change its fields once it is used.
type Hub struct {
	URL   string    // the hub's own public URL, e.g. public_url + "/websub"; required
	Store Store     // the subscriptions; required
	Topic TopicFunc // renders a topic and tells feeds from other URLs; required
	// Generation returns the store's generation: content is compared
	// only when it moved. Nil means compare on every Publish and check.
	Generation func() uint64

	Lease    time.Duration // granted when the subscriber asks for none; 0 means DefaultLease
	MaxLease time.Duration // the longest granted; 0 means DefaultMaxLease

	// MaxSubscriptions bounds the active subscriptions, and MaxPerHost
	// those whose callback is at one host (any port); a subscription
	// request past either is refused, a renewal never. 0 means
	// DefaultMaxSubscriptions, DefaultMaxPerHost.
	MaxSubscriptions int
	MaxPerHost       int

	// Client calls subscribers back. Nil means a client that connects only
	// to public addresses and to those in AllowCallbacks, checked on the
	// address dialled, through no proxy. A Client given is trusted to do
	// such checks itself (tests give one that does no I/O). Either way the
	// hub follows no redirects.
	Client *http.Client
	// AllowCallbacks are the networks, besides the public internet, that
	// callbacks may resolve to when Client is nil: loopback, link-local,
	// private, unique-local, multicast, unspecified and other special
	// addresses are refused unless listed here.
	AllowCallbacks []netip.Prefix

	Timeout  time.Duration             // per delivery request; 0 means DefaultTimeout
	Attempts int                       // tries per delivery; 0 means DefaultAttempts
	Backoff  func(n int) time.Duration // wait before retry n; nil means DefaultBackoff
	Workers  int                       // concurrent requests; 0 means DefaultWorkers
	// DeliveryRate is how many deliveries (tries included) a second the
	// hub makes to one callback host, after a burst of as many; 0 means
	// DefaultDeliveryRate.
	DeliveryRate int
	// VerifyTimeout bounds a verification of intent; 0 means
	// DefaultVerifyTimeout.
	VerifyTimeout time.Duration
	// Check is how often Run looks for changes and expired leases without
	// being told; 0 means DefaultCheck.
	Check  time.Duration
	Now    func() time.Time // nil means time.Now
	Logger *slog.Logger     // nil means discard

	once     sync.Once
	set      settings
	poke     chan struct{} // buffered 1: a change to look at
	queue    *verifyQueue
	sem      chan struct{}        // one slot per request in flight
	subMu    sync.Mutex           // held while a verified subscription is checked against the limits and stored
	vmu      sync.Mutex           // guards versions
	versions map[string][]version // topic → the renderings last seen, oldest first
	rate     *hostLimiter         // spaces deliveries to each callback host
	mu       sync.Mutex           // guards inflight
	inflight map[[2]string]*pendingJob

	delivered atomic.Uint64
	failed    atomic.Uint64
}

// A job is one content distribution to one subscriber: content.Body is
// what to send, only the new and updated entries when the hub could tell
// them. When there are none, send is false and the subscriber is only
// recorded as up to date with content.Hash.
type job struct {
	sub     sanafeed.Subscription
	content sanafeed.Topic
	send    bool
}

// pendingJob is the next job of a subscriber whose delivery is in flight.
type pendingJob struct{ next *job }

// init fills defaults.
func (h *Hub) init() {
	c := callbackClient(h.AllowCallbacks)
	if h.Client != nil {
		cc := *h.Client
		cc.CheckRedirect = noRedirects
		c = &cc
	}
	h.set = newSettings(c, h.Timeout, h.Attempts, h.Backoff, h.Now, h.Logger)
	h.poke = make(chan struct{}, 1)
	h.queue = newVerifyQueue()
	workers := h.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	h.sem = make(chan struct{}, workers)
	h.inflight = map[[2]string]*pendingJob{}
	h.versions = map[string][]version{}
	h.rate = newHostLimiter(cmp.Or(h.DeliveryRate, DefaultDeliveryRate))
}

// Publish tells the hub the store changed. It never blocks: Run compares
// the subscribed topics' content soon after.
func (h *Hub) Publish(ctx context.Context) {
	h.once.Do(h.init)
	select {
	case h.poke <- struct{}{}:
	default: // a look is already due
	}
}

// Run verifies subscription requests and distributes changed content until
// ctx ends, then waits for its deliveries and verifications to stop (those
// in flight are abandoned: a delivery not acknowledged is sent again by the
// next Run). It returns nil when ctx ends.
func (h *Hub) Run(ctx context.Context) error {
	h.once.Do(h.init)
	var wg sync.WaitGroup
	defer wg.Wait()
	for range cap(h.sem) {
		wg.Go(func() { h.verifyLoop(ctx) })
	}
	check := h.Check
	if check <= 0 {
		check = DefaultCheck
	}
	tick := time.NewTicker(check)
	defer tick.Stop()
	var last uint64
	seen := false
	h.Publish(ctx) // deliver what a previous run left undelivered
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.poke:
		case <-tick.C:
			h.expire(ctx)
			h.rate.prune()
		}
		if h.Generation != nil {
			gen := h.Generation()
			if seen && gen == last {
				continue
			}
			last, seen = gen, true
		}
		if err := h.distribute(ctx, &wg); err != nil && ctx.Err() == nil {
			h.set.log.Warn("websub: distribute", "err", err)
			seen = false // look again at the next tick
		}
	}
}

// expire drops subscriptions whose lease ended.
func (h *Hub) expire(ctx context.Context) {
	gone, err := h.Store.DeleteExpiredSubscriptions(ctx, h.set.now())
	if err != nil {
		h.set.log.Warn("websub: expire", "err", err)
	}
	for _, s := range gone {
		h.set.log.Info("websub: lease expired", "topic", s.Topic, "callback", sanafeed.RedactURL(s.Callback))
	}
}

// distribute starts a delivery to every active subscriber whose topic's
// content differs from what it was last sent.
func (h *Hub) distribute(ctx context.Context, wg *sync.WaitGroup) error {
	subs, err := h.Store.Subscriptions(ctx, "")
	if err != nil {
		return err
	}
	now := h.set.now()
	contents := map[string]*rendering{}
	var errs []error
	for _, s := range subs {
		if !s.Expires.After(now) {
			continue
		}
		r, ok := contents[s.Topic]
		if !ok {
			tc, err := h.Topic(ctx, s.Topic)
			switch {
			case errors.Is(err, sanafeed.ErrNotFound): // the feed is gone (say, its tag)
			case err != nil:
				errs = append(errs, err)
			default:
				r = h.remember(s.Topic, tc)
			}
			contents[s.Topic] = r
		}
		if r != nil && r.c.Hash != s.Sent {
			j := job{sub: s, content: r.c}
			j.content.Body, j.send = h.payload(s.Topic, s.Sent, r)
			h.enqueue(ctx, wg, j)
		}
	}
	if len(errs) == 0 {
		h.forget(contents)
	}
	return errors.Join(errs...)
}

// enqueue starts the delivery of j, or, when one to the same subscriber is
// in flight, leaves j to follow it (replacing an older pending content).
func (h *Hub) enqueue(ctx context.Context, wg *sync.WaitGroup, j job) {
	k := [2]string{j.sub.Topic, j.sub.Callback}
	h.mu.Lock()
	if p, busy := h.inflight[k]; busy {
		p.next = &j
		h.mu.Unlock()
		return
	}
	p := &pendingJob{}
	h.inflight[k] = p
	h.mu.Unlock()
	wg.Go(func() {
		for next := &j; next != nil; {
			h.deliver(ctx, *next)
			h.mu.Lock()
			next, p.next = p.next, nil
			if next == nil || ctx.Err() != nil {
				delete(h.inflight, k)
				next = nil
			}
			h.mu.Unlock()
		}
	})
}

// deliver POSTs j's content to its subscriber, retrying, and records it
// as sent when acknowledged. A 410 Gone ends the subscription.
func (h *Hub) deliver(ctx context.Context, j job) {
	s, c := j.sub, j.content
	if !j.send {
		if err := h.Store.SetSubscriptionSent(ctx, s.Topic, s.Callback, c.Hash); err != nil {
			h.set.log.Warn("websub: record delivery", "err", err)
		}
		return
	}
	var last string
	host := callbackHost(s.Callback)
	wait := func(ctx context.Context) bool { return h.rate.wait(ctx, host) }
	ok := h.set.retry(ctx, h.sem, wait, func(rctx context.Context) bool {
		req, err := http.NewRequestWithContext(rctx, http.MethodPost, s.Callback, bytes.NewReader(c.Body))
		if err != nil {
			last = sanafeed.RedactError(err)
			return false
		}
		req.Header.Set("Content-Type", c.ContentType)
		req.Header.Set("Link", linkHeader(h.URL, s.Topic))
		if s.Secret != "" {
			req.Header.Set("X-Hub-Signature", Sign(s.Secret, c.Body))
		}
		code, err := h.set.do(req)
		switch {
		case err != nil:
			last = sanafeed.RedactError(err)
			return false
		case code == http.StatusGone:
			h.set.log.Info("websub: subscriber gone", "topic", s.Topic, "callback", sanafeed.RedactURL(s.Callback))
			if err := h.Store.DeleteSubscription(ctx, s.Topic, s.Callback); err != nil {
				h.set.log.Warn("websub: unsubscribe gone", "err", err)
			}
			return true
		case code < 200 || code > 299:
			last = http.StatusText(code)
			return false
		}
		h.delivered.Add(1)
		if err := h.Store.SetSubscriptionSent(ctx, s.Topic, s.Callback, c.Hash); err != nil {
			h.set.log.Warn("websub: record delivery", "err", err)
		}
		return true
	})
	if !ok && ctx.Err() == nil {
		h.failed.Add(1)
		h.set.log.Warn("websub: delivery failed", "topic", s.Topic, "callback", sanafeed.RedactURL(s.Callback), "err", last)
	}
}

// Stats returns the hub's numbers.
func (h *Hub) Stats(ctx context.Context) (sanafeed.HubStats, error) {
	h.once.Do(h.init)
	subs, err := h.Store.Subscriptions(ctx, "")
	if err != nil {
		return sanafeed.HubStats{}, err
	}
	st := sanafeed.HubStats{Verifying: h.queue.len(), Delivered: h.delivered.Load(), Failed: h.failed.Load()}
	now := h.set.now()
	topics := map[string]bool{}
	for _, s := range subs {
		if s.Expires.After(now) {
			st.Subscriptions++
			topics[s.Topic] = true
		}
	}
	st.Topics = len(topics)
	return st, nil
}
