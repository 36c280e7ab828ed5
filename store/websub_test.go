package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

func TestSubscriptions(t *testing.T) {
	p := path(t)
	db := testkit.OpenStore(t, p)
	ctx := t.Context()
	const en, ar = "http://feeds.test/feeds/en.atom", "http://feeds.test/feeds/ar.atom"
	sub := func(topic, cb string, created, expires time.Time) sanafeed.Subscription {
		return sanafeed.Subscription{Topic: topic, Callback: cb, Lease: time.Hour, Created: created, Expires: expires}
	}
	testkit.Check(t, db.PutSubscription(ctx, sub(en, "http://a.test/cb?x=1", t0, t0.Add(time.Hour))))
	testkit.Check(t, db.PutSubscription(ctx, sub(en, "http://b.test/cb", t0, t0.Add(2*time.Hour))))
	testkit.Check(t, db.PutSubscription(ctx, sub(ar, "http://a.test/cb?x=1", t0, t0.Add(3*time.Hour))))

	// A renewal replaces the lease and secret, keeps Created.
	renew := sub(en, "http://b.test/cb", t0.Add(time.Hour), t0.Add(5*time.Hour))
	renew.Secret = "s3cret"
	testkit.Check(t, db.PutSubscription(ctx, renew))

	all, err := db.Subscriptions(ctx, "")
	testkit.Check(t, err)
	if len(all) != 3 {
		t.Fatalf("Subscriptions(all) = %d, want 3: %+v", len(all), all)
	}
	got, err := db.Subscriptions(ctx, en)
	testkit.Check(t, err)
	if len(got) != 2 || got[0].Callback != "http://a.test/cb?x=1" || got[1].Callback != "http://b.test/cb" {
		t.Fatalf("Subscriptions(en) = %+v", got)
	}
	if b := got[1]; b.Secret != "s3cret" || !b.Created.Equal(t0) || !b.Expires.Equal(t0.Add(5*time.Hour)) {
		t.Errorf("renewed = %+v, want secret, first Created, new Expires", b)
	}

	// Sent is recorded without touching the rest; gone subscriptions are ignored.
	testkit.Check(t, db.SetSubscriptionSent(ctx, en, "http://b.test/cb", "h1"))
	testkit.Check(t, db.SetSubscriptionSent(ctx, en, "http://nobody.test/", "h1"))
	got, _ = db.Subscriptions(ctx, en)
	if got[1].Sent != "h1" || got[1].Secret != "s3cret" || got[0].Sent != "" {
		t.Errorf("after SetSubscriptionSent: %+v", got)
	}

	// Persisted across a reopen.
	testkit.Check(t, db.Close())
	db = testkit.OpenStore(t, p)
	if all, _ := db.Subscriptions(ctx, ""); len(all) != 3 {
		t.Fatalf("after reopen: %d subscriptions", len(all))
	}

	// Expired ones go; at most those.
	gone, err := db.DeleteExpiredSubscriptions(ctx, t0.Add(time.Hour))
	testkit.Check(t, err)
	if len(gone) != 1 || gone[0].Topic != en || gone[0].Callback != "http://a.test/cb?x=1" {
		t.Errorf("expired = %+v", gone)
	}
	if all, _ := db.Subscriptions(ctx, ""); len(all) != 2 {
		t.Errorf("after expiry: %d subscriptions, want 2", len(all))
	}

	testkit.Check(t, db.DeleteSubscription(ctx, ar, "http://a.test/cb?x=1"))
	if err := db.DeleteSubscription(ctx, ar, "http://a.test/cb?x=1"); !errors.Is(err, sanafeed.ErrNotFound) {
		t.Errorf("second delete err = %v, want ErrNotFound", err)
	}
	if err := db.PutSubscription(ctx, sanafeed.Subscription{Topic: en}); err == nil {
		t.Error("PutSubscription without callback: want an error")
	}
	// Prefix scans do not mix a topic with a longer one.
	testkit.Check(t, db.PutSubscription(ctx, sub(en+"x", "http://c.test/", t0, t0.Add(9*time.Hour))))
	if got, _ := db.Subscriptions(ctx, en); len(got) != 1 {
		t.Errorf("Subscriptions(en) = %+v, want only b", got)
	}
}
