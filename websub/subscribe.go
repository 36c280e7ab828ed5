package websub

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A verifyRequest is a subscription request waiting for verification.
type verifyRequest struct {
	mode, topic, callback, secret string
	key                           string // the topic's canonical URL: subscriptions are stored under it
	host                          string // the callback's host, lower case: its share of the queue
	lease                         time.Duration
}

// maxForm bounds a subscription request's body.
const maxForm = 16 << 10

// ServeHTTP handles subscription requests (WebSub 5.1): a POST with
// hub.mode (subscribe or unsubscribe), hub.topic (one of sanafeed's feed
// URLs), hub.callback (an absolute http or https URL without a user name
// or password), and optionally hub.lease_seconds and hub.secret. It
// answers 202 Accepted and verifies the subscriber's intent later, whatever
// the callback turns out to be (the outcome is only logged); 400 with a
// plain-text reason for a bad request; 429 with the reason when the
// subscription would be one too many for its callback host or the hub
// (Hub.MaxPerHost, MaxSubscriptions); 429 when requests for the same
// callback host already take its share of the verification queue, 503 when
// the queue is full, both with a Retry-After.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(h.init)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		reply(w, http.StatusMethodNotAllowed, "method not allowed: POST a WebSub subscription request")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		reply(w, http.StatusBadRequest, "bad form: "+err.Error())
		return
	}
	req, code, msg := h.parse(r)
	if code == 0 && req.mode == "subscribe" {
		code, msg = h.admit(r.Context(), req)
	}
	if code != 0 {
		reply(w, code, msg)
		return
	}
	switch code := h.queue.push(req); code {
	case 0:
		reply(w, http.StatusAccepted, "accepted: the hub will verify your intent at hub.callback")
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", retryAfter)
		reply(w, code, fmt.Sprintf("too many subscription requests for callbacks at %s waiting for verification; try again later", req.host))
	default:
		w.Header().Set("Retry-After", retryAfter)
		reply(w, code, "too many subscription requests waiting for verification; try again later")
	}
}

// retryAfter is the Retry-After of an answer that the queue is full, in
// seconds.
const retryAfter = "30"

// parse reads a subscription request, returning a status and reason when
// it is bad.
func (h *Hub) parse(r *http.Request) (verifyRequest, int, string) {
	f := r.PostForm
	req := verifyRequest{mode: f.Get("hub.mode"), topic: f.Get("hub.topic"), callback: f.Get("hub.callback"), secret: f.Get("hub.secret")}
	if req.mode != "subscribe" && req.mode != "unsubscribe" {
		return req, http.StatusBadRequest, fmt.Sprintf("hub.mode %q: want subscribe or unsubscribe", req.mode)
	}
	if msg := checkCallback(req.callback); msg != "" {
		return req, http.StatusBadRequest, "hub.callback: " + msg
	}
	req.host = callbackHost(req.callback)
	if req.topic == "" {
		return req, http.StatusBadRequest, "hub.topic: required"
	}
	notFeed := fmt.Sprintf("hub.topic %q: not a feed of this server", req.topic)
	canon, ok := canonicalTopic(req.topic)
	if !ok {
		return req, http.StatusBadRequest, notFeed
	}
	tc, err := h.Topic(r.Context(), canon)
	if err != nil {
		if errors.Is(err, sanafeed.ErrNotFound) {
			return req, http.StatusBadRequest, notFeed
		}
		h.set.log.Error("websub: topic", "topic", req.topic, "err", err)
		return req, http.StatusInternalServerError, "internal error"
	}
	// The feed's own URL, as it names itself: any spelling of it is the
	// same topic.
	req.key = cmp.Or(tc.URL, canon)
	if len(req.secret) >= maxSecret {
		return req, http.StatusBadRequest, fmt.Sprintf("hub.secret: must be shorter than %d bytes", maxSecret)
	}
	req.lease = h.lease(0)
	if v := f.Get("hub.lease_seconds"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return req, http.StatusBadRequest, fmt.Sprintf("hub.lease_seconds %q: want a positive integer", v)
		}
		req.lease = h.lease(time.Duration(min(n, 1<<31)) * time.Second)
	}
	return req, 0, ""
}

// lease returns the lease granted for the one asked for (0 for none).
func (h *Hub) lease(asked time.Duration) time.Duration {
	def, max := h.Lease, h.MaxLease
	if def <= 0 {
		def = DefaultLease
	}
	if max <= 0 {
		max = DefaultMaxLease
	}
	if asked <= 0 {
		asked = def
	}
	return min(asked, max).Truncate(time.Second)
}

// checkCallback returns what is wrong with a callback URL, or "".
func checkCallback(raw string) string {
	if raw == "" {
		return "required"
	}
	u, err := url.Parse(raw)
	switch {
	case len(raw) > 2048:
		return "too long"
	case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		return fmt.Sprintf("%q is not an absolute http or https URL", raw)
	case u.User != nil:
		return "must not have a user name or password"
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return fmt.Sprintf("%q must not have a fragment", raw)
	}
	return ""
}

// callbackHost returns the host of a callback checkCallback accepted, in
// lower case and without a trailing dot: whatever port or spelling it
// comes with, one host is one share of the hub's verifications,
// subscriptions and deliveries.
func callbackHost(raw string) string {
	u, _ := url.Parse(raw)
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// reply answers code with msg as plain text.
func reply(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	io.WriteString(w, msg+"\n")
}

// verifyLoop verifies queued requests until ctx ends. (A request counts as
// waiting in Stats only until a verifier takes it: how long a
// verification takes depends on the callback, and would tell whoever
// reads the metric which ports answer.)
func (h *Hub) verifyLoop(ctx context.Context) {
	for {
		req, ok := h.queue.pop(ctx)
		if !ok {
			return
		}
		h.verify(ctx, req)
		h.queue.done(req)
	}
}

// verify asks the subscriber to confirm req (WebSub 5.3) and, when it
// does, records or removes the subscription.
func (h *Hub) verify(ctx context.Context, req verifyRequest) {
	challenge := newChallenge()
	u, _ := url.Parse(req.callback) // checked by parse
	q := u.Query()
	q.Set("hub.mode", req.mode)
	q.Set("hub.topic", req.topic)
	q.Set("hub.challenge", challenge)
	if req.mode == "subscribe" {
		q.Set("hub.lease_seconds", strconv.FormatInt(int64(req.lease/time.Second), 10))
	}
	u.RawQuery = q.Encode()
	log := h.set.log.With("mode", req.mode, "topic", req.key, "callback", sanafeed.RedactURL(req.callback))
	rctx, cancel := context.WithTimeout(ctx, cmp.Or(h.VerifyTimeout, DefaultVerifyTimeout))
	defer cancel()
	if err := h.confirm(rctx, u.String(), challenge); err != nil {
		log.Info("websub: intent not verified", "err", sanafeed.RedactError(err))
		return
	}
	if req.mode == "unsubscribe" {
		if err := h.Store.DeleteSubscription(ctx, req.key, req.callback); err != nil && !errors.Is(err, sanafeed.ErrNotFound) {
			log.Warn("websub: unsubscribe", "err", err)
		}
		log.Info("websub: unsubscribed")
		return
	}
	now := h.set.now()
	s := sanafeed.Subscription{Topic: req.key, Callback: req.callback, Secret: req.secret, Lease: req.lease,
		Created: now, Expires: now.Add(req.lease)}
	// The subscriber reads the feed itself now; deliveries start with the
	// next change.
	if c, err := h.Topic(ctx, req.key); err == nil {
		s.Sent = c.Hash
		h.remember(req.key, c) // the next delivery sends what is new since
	}
	stored, err := h.store(ctx, req, s)
	switch {
	case err != nil:
		log.Error("websub: subscribe", "err", err)
	case !stored:
		log.Warn("websub: subscription over the limit", "host", req.host)
	default:
		log.Info("websub: subscribed", "lease", req.lease)
	}
}

// confirm GETs the verification URL u and checks the answer is a 2xx
// echoing challenge.
func (h *Hub) confirm(ctx context.Context, u, challenge string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := h.set.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("callback answered %d", resp.StatusCode)
	}
	if strings.TrimSpace(string(body)) != challenge {
		return errors.New("callback did not echo hub.challenge")
	}
	return nil
}

// newChallenge returns a random hub.challenge.
func newChallenge() string {
	b := make([]byte, 24)
	rand.Read(b) // never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
