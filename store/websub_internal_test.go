package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// TestSubscriptionRecord pins the file format of a subscription: stores
// written before sanafeed.Subscription existed (the lease in whole
// seconds, these keys) must read back the same.
func TestSubscriptionRecord(t *testing.T) {
	t0 := time.Date(2026, 2, 9, 13, 0, 0, 0, time.UTC)
	s := sanafeed.Subscription{Topic: "http://feeds.test/feeds/en.atom", Callback: "http://a.test/cb?x=1",
		Secret: "s3cret", Lease: 90 * time.Minute, Created: t0, Expires: t0.Add(90 * time.Minute), Sent: "h1"}
	const stored = `{"topic":"http://feeds.test/feeds/en.atom","callback":"http://a.test/cb?x=1","secret":"s3cret",` +
		`"lease":5400,"created":"2026-02-09T13:00:00Z","expires":"2026-02-09T14:30:00Z","sent":"h1"}`
	buf, err := json.Marshal(subscriptionRecord(s))
	if err != nil {
		t.Fatal(err)
	}
	if string(buf) != stored {
		t.Errorf("stored as\n%s\nwant\n%s", buf, stored)
	}
	got, err := decodeSubscription([]byte("k"), []byte(stored))
	if err != nil {
		t.Fatal(err)
	}
	if got != s {
		t.Errorf("read back %+v, want %+v", got, s)
	}
	const unsigned = `{"topic":"t","callback":"c","lease":60,"created":"2026-02-09T13:00:00Z","expires":"2026-02-09T13:01:00Z"}`
	if got, err := decodeSubscription([]byte("k"), []byte(unsigned)); err != nil || got.Lease != time.Minute || got.Secret != "" || got.Sent != "" {
		t.Errorf("read back %+v, %v; want a one-minute lease, no secret, nothing sent", got, err)
	}
}
