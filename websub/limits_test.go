package websub_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/websub"
)

func TestSubscriptionsPerHost(t *testing.T) {
	// One host cannot pile up subscriptions: past the limit (20 by
	// default) it is told why, while renewals and other hosts go on.
	synctest.Test(t, func(t *testing.T) {
		db := testkit.OpenStore(t, "")
		ht := newHub(t, func(h *websub.Hub) { h.Store = db })
		run(t, ht)
		sub := ht.subscriber("sub.test")
		form := func(cb string) url.Values {
			return url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {cb}}
		}
		for i := 1; i <= 21; i++ {
			code, body := ht.post(t, form(fmt.Sprintf("%s/%d", sub.url, i)))
			synctest.Wait()
			if i <= 20 && code != http.StatusAccepted {
				t.Fatalf("subscription %d from sub.test = %d %q, want 202", i, code, body)
			}
			if i == 21 && (code != http.StatusTooManyRequests || !strings.Contains(body, "20 subscriptions")) {
				t.Errorf("subscription %d from sub.test = %d %q, want 429 saying it has 20 subscriptions", i, code, body)
			}
		}
		if code, body := ht.post(t, form(sub.url+"/1")); code != http.StatusAccepted {
			t.Errorf("renewal at the limit = %d %q, want 202", code, body)
		}
		other := ht.subscriber("other.test")
		if code, body := ht.post(t, form(other.url)); code != http.StatusAccepted {
			t.Errorf("another host = %d %q, want 202", code, body)
		}
		synctest.Wait()
		subs, err := db.Subscriptions(t.Context(), "")
		testkit.Check(t, err)
		if len(subs) != 21 {
			t.Errorf("%d subscriptions stored, want 20 from sub.test and 1 from other.test", len(subs))
		}
	})
}

func TestSubscriptionsInAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := testkit.OpenStore(t, "")
		ht := newHub(t, func(h *websub.Hub) { h.Store = db; h.MaxSubscriptions = 3; h.MaxPerHost = 2 })
		run(t, ht)
		var codes []int
		for _, host := range []string{"a.test", "b.test", "c.test", "d.test"} {
			s := ht.subscriber(host)
			code, _ := ht.post(t, url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {s.url}})
			codes = append(codes, code)
			synctest.Wait()
		}
		if want := []int{202, 202, 202, 429}; !slices.Equal(codes, want) {
			t.Errorf("answers %v, want %v", codes, want)
		}
		if subs, _ := db.Subscriptions(t.Context(), ""); len(subs) != 3 {
			t.Errorf("%d subscriptions stored, want 3", len(subs))
		}
	})
}
