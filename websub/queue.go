package websub

import (
	"context"
	"net/http"
	"sync"
)

// Bounds of the verification queue.
const (
	maxQueue    = 256 // requests waiting for verification, all callback hosts
	hostPending = 8   // requests of one callback host waiting or being verified
	hostSlots   = 2   // verifications of one callback host at once
)

// A verifyQueue holds subscription requests waiting for verification, by
// callback host, and hands them to verifiers in turn over the hosts, at
// most hostSlots of one host's at a time: callbacks that never answer hold
// their own host's slots for a verification timeout each, not the queue or
// every verifier. Its methods are safe for concurrent use.
type verifyQueue struct {
	wake chan struct{} // buffered 1: a request may be ready

	mu          sync.Mutex               // guards the fields below
	hosts       map[string]*hostRequests // by verifyRequest.host; none for a host with no request
	turns       []string                 // hosts with a request waiting and a slot free, in the order they are served
	waiting     int                      // requests waiting, all hosts
	subscribing int                      // subscribe requests waiting or being verified, all hosts
}

// hostRequests are one callback host's requests.
type hostRequests struct {
	waiting     []verifyRequest // in arrival order
	running     int             // being verified
	subscribing int             // subscribe requests waiting or being verified
}

// newVerifyQueue returns an empty queue.
func newVerifyQueue() *verifyQueue {
	return &verifyQueue{wake: make(chan struct{}, 1), hosts: map[string]*hostRequests{}}
}

// push queues req. It returns 0, or http.StatusTooManyRequests when req's
// host already has hostPending requests waiting or being verified, or
// http.StatusServiceUnavailable when maxQueue requests are waiting.
func (q *verifyQueue) push(req verifyRequest) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	hr := q.hosts[req.host]
	switch {
	case hr != nil && len(hr.waiting)+hr.running >= hostPending:
		return http.StatusTooManyRequests
	case q.waiting >= maxQueue:
		return http.StatusServiceUnavailable
	case hr == nil:
		hr = &hostRequests{}
		q.hosts[req.host] = hr
	}
	hr.waiting = append(hr.waiting, req)
	q.waiting++
	if req.mode == "subscribe" {
		hr.subscribing++
		q.subscribing++
	}
	if len(hr.waiting) == 1 && hr.running < hostSlots {
		q.turns = append(q.turns, req.host)
		q.signal()
	}
	return 0
}

// pop returns the request whose turn has come, waiting for one until ctx
// ends (then it reports false). The caller calls done with it once it is
// verified.
func (q *verifyQueue) pop(ctx context.Context) (verifyRequest, bool) {
	for {
		q.mu.Lock()
		if len(q.turns) > 0 {
			host := q.turns[0]
			q.turns = q.turns[1:]
			hr := q.hosts[host]
			req := hr.waiting[0]
			hr.waiting = hr.waiting[1:]
			hr.running++
			q.waiting--
			if len(hr.waiting) > 0 && hr.running < hostSlots {
				q.turns = append(q.turns, host) // its next turn, after the other hosts'
			}
			if len(q.turns) > 0 {
				q.signal() // for another verifier
			}
			q.mu.Unlock()
			return req, true
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-ctx.Done():
			return verifyRequest{}, false
		}
	}
}

// done ends the verification of req, a request pop returned.
func (q *verifyQueue) done(req verifyRequest) {
	q.mu.Lock()
	defer q.mu.Unlock()
	hr := q.hosts[req.host]
	hr.running--
	if req.mode == "subscribe" {
		hr.subscribing--
		q.subscribing--
	}
	switch {
	case len(hr.waiting) > 0 && hr.running == hostSlots-1:
		q.turns = append(q.turns, req.host) // a slot is free again
		q.signal()
	case len(hr.waiting) == 0 && hr.running == 0:
		delete(q.hosts, req.host)
	}
}

// signal wakes a verifier waiting in pop, if any; mu is held.
func (q *verifyQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default: // one is woken already
	}
}

// len returns how many requests wait for a verifier (those being
// verified are not counted).
func (q *verifyQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.waiting
}

// subscriptions returns how many subscribe requests of host, and of all
// hosts, are waiting or being verified.
func (q *verifyQueue) subscriptions(host string) (ofHost, all int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if hr := q.hosts[host]; hr != nil {
		ofHost = hr.subscribing
	}
	return ofHost, q.subscribing
}
