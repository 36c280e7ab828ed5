package websub

import (
	"context"
	"net/http"
	"testing"
)

func TestVerifyQueueTurns(t *testing.T) {
	q := newVerifyQueue()
	push := func(host, mode string) int { return q.push(verifyRequest{host: host, mode: mode, callback: host}) }
	for range 5 {
		if code := push("a", "subscribe"); code != 0 {
			t.Fatalf("push(a) = %d", code)
		}
	}
	push("b", "unsubscribe")
	push("c", "subscribe")
	if a, all := q.subscriptions("a"); a != 5 || all != 6 {
		t.Errorf("subscriptions(a) = %d, %d, want 5, 6", a, all)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var order []string
	var running []verifyRequest
	for {
		req, ok := q.pop(ctx)
		if !ok {
			break
		}
		order = append(order, req.host)
		running = append(running, req)
	}
	// Turns go round the hosts; a takes its two slots, then waits.
	if got := string([]byte{order[0][0], order[1][0], order[2][0], order[3][0]}); len(order) != 4 || got != "abca" {
		t.Errorf("served %q, want a, b, c, a and no more while a's slots are taken", order)
	}
	if n := q.len(); n != 3 {
		t.Errorf("len() = %d, want a's 3 waiting", n)
	}
	for range 3 {
		if code := push("a", "subscribe"); code != 0 && code != http.StatusTooManyRequests {
			t.Fatalf("push(a) = %d", code)
		}
	}
	if code := push("a", "subscribe"); code != http.StatusTooManyRequests {
		t.Errorf("push past a's share = %d, want 429", code)
	}
	q.done(running[0])
	if req, ok := q.pop(ctx); !ok || req.host != "a" {
		t.Errorf("pop() after a's verification ended = %q, %t, want a's next", req.host, ok)
	}
	for _, r := range running[1:] {
		q.done(r)
	}
	if _, ok := q.hosts["b"]; ok {
		t.Error("b's entry kept with no request")
	}
}
