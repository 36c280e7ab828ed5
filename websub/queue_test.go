package websub_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed/websub"
)

func TestVerificationQueueShare(t *testing.T) {
	// Callbacks of one host that never answer take a few verification
	// slots, not the queue: another host's subscriber is verified at once.
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		slow := hang(ht, "slow.test", nil)
		accepted, refused := 0, 0
		for i := range 300 {
			code, _ := ht.post(t, url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {fmt.Sprintf("%s/%d", slow, i)}})
			switch code {
			case http.StatusAccepted:
				accepted++
			case http.StatusTooManyRequests, http.StatusServiceUnavailable:
				refused++
			default:
				t.Fatalf("subscription %d from slow.test = %d", i, code)
			}
		}
		if accepted > 8 {
			t.Errorf("%d requests from slow.test accepted, %d refused: want at most 8 waiting for verification at once", accepted, refused)
		}
		synctest.Wait()
		sub := ht.subscriber("ok.test")
		form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {sub.url}}
		if code, body := ht.post(t, form); code != http.StatusAccepted {
			t.Fatalf("subscription from ok.test = %d %q, want 202", code, body)
		}
		synctest.Wait()
		if _, ok := ht.st.get(enAtom, sub.url); !ok {
			t.Error("ok.test waits behind slow.test's verifications")
		}
	})
}

func TestVerifyTimeout(t *testing.T) {
	// A verification is given up after 5s by default, however long
	// deliveries may take.
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t, func(h *websub.Hub) { h.Timeout = time.Minute })
		run(t, ht)
		asked := make(chan time.Duration, 1)
		cb := hang(ht, "slow.test", asked)
		ht.post(t, url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {cb}})
		if d := <-asked; d != websub.DefaultVerifyTimeout {
			t.Errorf("the hub waited %v for a verification answer, want %v", d, websub.DefaultVerifyTimeout)
		}
	})
}
