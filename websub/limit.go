package websub

import (
	"cmp"
	"context"
	"fmt"
	"net/http"

	"github.com/sanafeed/sanafeed"
)

// Defaults of the hub's subscription limits.
const (
	DefaultMaxSubscriptions = 1000 // active subscriptions in all
	DefaultMaxPerHost       = 20   // active subscriptions of one callback host
)

// usage counts the active subscriptions among subs whose callback is at
// host, and all of them, and reports whether one of them is the
// subscription of callback to topic (a renewal).
func (h *Hub) usage(subs []sanafeed.Subscription, topic, callback, host string) (ofHost, all int, renewal bool) {
	now := h.set.now()
	for _, s := range subs {
		if !s.Expires.After(now) {
			continue
		}
		all++
		if callbackHost(s.Callback) == host {
			ofHost++
		}
		if s.Topic == topic && s.Callback == callback {
			renewal = true
		}
	}
	return ofHost, all, renewal
}

// admit returns 0 when the subscribe request req may wait for
// verification, or 429 and why when it would take its callback host or
// the hub past their limit, counting the subscriptions stored and the
// requests being verified. A renewal is always admitted.
func (h *Hub) admit(ctx context.Context, req verifyRequest) (int, string) {
	subs, err := h.Store.Subscriptions(ctx, "")
	if err != nil {
		h.set.log.Error("websub: subscriptions", "err", err)
		return http.StatusInternalServerError, "internal error"
	}
	ofHost, all, renewal := h.usage(subs, req.key, req.callback, req.host)
	if renewal {
		return 0, ""
	}
	qHost, qAll := h.queue.subscriptions(req.host)
	switch maxHost, maxAll := h.limits(); {
	case ofHost+qHost >= maxHost:
		return http.StatusTooManyRequests, fmt.Sprintf("hub.callback: %s has %d subscriptions (or requests for them being verified), "+
			"the most this hub allows for one callback host; unsubscribe from some first", req.host, maxHost)
	case all+qAll >= maxAll:
		return http.StatusTooManyRequests, fmt.Sprintf("this hub has %d subscriptions (or requests for them being verified), "+
			"the most it allows; try again later", maxAll)
	}
	return 0, ""
}

// limits returns the most active subscriptions of one callback host and in
// all.
func (h *Hub) limits() (perHost, all int) {
	return cmp.Or(h.MaxPerHost, DefaultMaxPerHost), cmp.Or(h.MaxSubscriptions, DefaultMaxSubscriptions)
}

// store stores s, the subscription req verified, unless it is new and
// would take its callback host or the hub past their limit (requests
// verified at once could, all admitted while the others were pending). It
// reports whether it stored s.
func (h *Hub) store(ctx context.Context, req verifyRequest, s sanafeed.Subscription) (bool, error) {
	h.subMu.Lock()
	defer h.subMu.Unlock()
	subs, err := h.Store.Subscriptions(ctx, "")
	if err != nil {
		return false, err
	}
	ofHost, all, renewal := h.usage(subs, s.Topic, s.Callback, req.host)
	if maxHost, maxAll := h.limits(); !renewal && (ofHost >= maxHost || all >= maxAll) {
		return false, nil
	}
	return true, h.Store.PutSubscription(ctx, s)
}
