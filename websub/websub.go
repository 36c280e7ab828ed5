// Package websub tells feed readers that a sanafeed feed changed, the W3C
// WebSub way (https://www.w3.org/TR/websub/).
//
// A Hub is sanafeed's built-in hub: subscribers POST hub.mode=subscribe or
// unsubscribe to it, it verifies their intent asynchronously with a GET to
// their callback, keeps the subscriptions (with leases) in a Store, and
// when a subscribed feed's rendered bytes change it POSTs the feed with
// only its new and updated entries to every subscriber (the whole feed
// when it cannot tell them), signed with the subscriber's hub.secret,
// retrying with backoff, a bounded number of requests at a time.
//
// The hub calls back only public addresses unless told otherwise, follows
// no redirects, and bounds what one callback host can make it do:
// subscriptions, verifications waiting and deliveries a second.
//
// A Pinger is used instead when the feeds advertise an external hub: when
// a feed changes it tells that hub with hub.mode=publish&hub.url=<feed>.
//
// Neither imports the store or the server: cmd/sanafeed wires them with
// functions that read subscriptions and rendered feeds.
package websub

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A TopicFunc returns the topic at url as rendered now, or an error
// wrapping sanafeed.ErrNotFound when url is not a feed that is served.
type TopicFunc func(ctx context.Context, url string) (sanafeed.Topic, error)

// Store keeps the hub's subscriptions; *store.DB satisfies it.
type Store interface {
	// PutSubscription stores s, replacing the one of s.Callback to s.Topic.
	PutSubscription(ctx context.Context, s sanafeed.Subscription) error
	// DeleteSubscription removes the subscription of callback to topic;
	// an absent one is not an error the hub cares about.
	DeleteSubscription(ctx context.Context, topic, callback string) error
	// Subscriptions returns the subscriptions to topic, or to every topic
	// when topic is "", expired ones included.
	Subscriptions(ctx context.Context, topic string) ([]sanafeed.Subscription, error)
	// SetSubscriptionSent records the hash of the content last delivered.
	SetSubscriptionSent(ctx context.Context, topic, callback, sent string) error
	// DeleteExpiredSubscriptions removes those whose lease ended by now.
	DeleteExpiredSubscriptions(ctx context.Context, now time.Time) ([]sanafeed.Subscription, error)
}

// Defaults for zero fields of Hub and Pinger.
const (
	DefaultLease    = 240 * time.Hour // lease granted when none is asked for
	DefaultMaxLease = 720 * time.Hour // the longest lease granted
	DefaultTimeout  = 10 * time.Second
	DefaultAttempts = 4 // tries per delivery or ping
	DefaultWorkers  = 8 // HTTP requests at once
	DefaultCheck    = time.Minute

	// DefaultVerifyTimeout is how long the hub waits for a callback to
	// answer a verification of intent: a subscriber echoes a challenge.
	DefaultVerifyTimeout = 5 * time.Second
)

// maxSecret is the length hub.secret must stay under (WebSub 5.1).
const maxSecret = 200

// DefaultBackoff returns the wait before attempt n (1-based retries):
// 2s, 10s, 50s, then 4m10s at most.
func DefaultBackoff(n int) time.Duration {
	d := 2 * time.Second
	for i := 1; i < n && d < 4*time.Minute; i++ {
		d *= 5
	}
	return min(d, 250*time.Second)
}

// settings are what Hub and Pinger share: how they send requests.
type settings struct {
	client   *http.Client
	timeout  time.Duration
	attempts int
	backoff  func(int) time.Duration
	now      func() time.Time
	log      *slog.Logger
}

// newSettings fills defaults for the zero values given.
func newSettings(c *http.Client, timeout time.Duration, attempts int, backoff func(int) time.Duration,
	now func() time.Time, log *slog.Logger) settings {
	s := settings{client: c, timeout: timeout, attempts: attempts, backoff: backoff, now: now, log: log}
	if s.client == nil {
		s.client = &http.Client{}
	}
	if s.timeout <= 0 {
		s.timeout = DefaultTimeout
	}
	if s.attempts <= 0 {
		s.attempts = DefaultAttempts
	}
	if s.backoff == nil {
		s.backoff = DefaultBackoff
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// retry calls try up to s.attempts times, waiting s.backoff between tries,
// then for wait to return (unless wait is nil), and holding one slot of sem
// during each try, until try reports done. It reports whether a try did;
// false also when ctx ended or wait returned false.
func (s *settings) retry(ctx context.Context, sem chan struct{}, wait func(ctx context.Context) bool,
	try func(ctx context.Context) (done bool)) bool {
	for n := range s.attempts {
		if n > 0 && !sleep(ctx, s.backoff(n)) {
			return false
		}
		if wait != nil && !wait(ctx) {
			return false
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return false
		}
		rctx, cancel := context.WithTimeout(ctx, s.timeout)
		done := try(rctx)
		cancel()
		<-sem
		if done {
			return true
		}
	}
	return false
}

// do sends req and returns its status, reading and dropping at most 64 KiB
// of the answer so the connection can be reused.
func (s *settings) do(req *http.Request) (int, error) {
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// sleep waits d or until ctx ends, reporting whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// Sign returns the X-Hub-Signature value of body under secret:
// "sha256=" and the hex HMAC-SHA256.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// linkHeader returns the Link header of a distribution or discovery:
// the hub and the topic's self URL.
func linkHeader(hub, self string) string {
	return "<" + hub + `>; rel="hub", <` + self + `>; rel="self"`
}
