package websub

import (
	"context"
	"sync"
	"time"
)

// DefaultDeliveryRate is how many deliveries a second the hub makes to one
// callback host.
const DefaultDeliveryRate = 2

// A hostLimiter spaces requests to each host: a token bucket per host
// holding up to rate tokens, refilled at rate a second. It keeps time by
// the clock (time.Now and timers), not by Hub.Now, which tests may stop.
// Its methods are safe for concurrent use.
type hostLimiter struct {
	rate float64 // tokens a second, and the most a bucket holds

	mu      sync.Mutex         // guards buckets
	buckets map[string]*bucket // by host; a full bucket may be dropped
}

// A bucket is one host's tokens: below zero, requests are waiting.
type bucket struct {
	tokens float64
	at     time.Time // when tokens was right
}

// newHostLimiter returns a limiter of rate requests a second to each host.
func newHostLimiter(rate int) *hostLimiter {
	return &hostLimiter{rate: float64(rate), buckets: map[string]*bucket{}}
}

// wait takes a token of host's bucket, waiting for it as long as needed,
// and reports whether it got one: false when ctx ended first.
func (l *hostLimiter) wait(ctx context.Context, host string) bool {
	l.mu.Lock()
	now := time.Now()
	b := l.buckets[host]
	if b == nil {
		b = &bucket{tokens: l.rate, at: now}
		l.buckets[host] = b
	}
	b.tokens = min(l.rate, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	b.tokens-- // taken now, or reserved for when it comes
	d := time.Duration(-b.tokens / l.rate * float64(time.Second))
	l.mu.Unlock()
	if d <= 0 || sleep(ctx, d) {
		return true
	}
	l.mu.Lock()
	b.tokens++ // give the reservation back
	l.mu.Unlock()
	return false
}

// prune drops the buckets that are full again: hosts not written to lately.
func (l *hostLimiter) prune() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	for host, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.rate {
			delete(l.buckets, host)
		}
	}
}
