package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// RetryDeliveries queues again what was given up on and brings forward
// what waits for its next attempt; the counters follow; a disabled
// endpoint is refused.
func TestRetryDeliveries(t *testing.T) {
	db, clk := mustOpen(t)
	setWebhooks(t, db, epAll)
	ctx, id := t.Context(), sanafeed.WebhookID(epAll.URL)
	testkit.Put(t, db, article("en", 1, 0), article("en", 2, 1), article("en", 3, 2))
	ds, err := db.DueDeliveries(ctx, id, clk.t, 0)
	testkit.Check(t, err)
	testkit.Check(t, db.MarkFailed(ctx, ds[0].Key, 0, "refused", clk.t.Add(time.Hour), true)) // given up
	testkit.Check(t, db.MarkFailed(ctx, ds[1].Key, 500, "boom", clk.t.Add(time.Hour), false)) // waits an hour
	testkit.Check(t, db.MarkDelivered(ctx, ds[2].Key))                                        // done
	n, err := db.RetryDeliveries(ctx, id)
	testkit.Check(t, err)
	if n != 2 {
		t.Errorf("RetryDeliveries = %d, want 2 (the failed one and the waiting one)", n)
	}
	due, err := db.DueDeliveries(ctx, id, clk.t, 0)
	testkit.Check(t, err)
	if len(due) != 2 || due[0].MsgID != ds[0].MsgID || due[1].MsgID != ds[1].MsgID {
		t.Errorf("due after retry = %+v, want the first two", due)
	}
	st, err := db.WebhookStats(ctx)
	testkit.Check(t, err)
	if st[0].Pending != 2 || st[0].Failed != 0 || st[0].Delivered != 1 {
		t.Errorf("stats after retry = %+v, want 2 pending, 0 failed, 1 delivered", st[0])
	}
	if n, err := db.RetryDeliveries(ctx, id); n != 0 || err != nil {
		t.Errorf("a second retry = %d, %v; want nothing to do", n, err)
	}
	checkIndexes(t, db)

	testkit.Check(t, db.DisableEndpoint(ctx, id))
	if _, err := db.RetryDeliveries(ctx, id); err == nil || !strings.Contains(err.Error(), "disabled") {
		t.Errorf("retry of a disabled endpoint: %v, want an error saying so", err)
	}
	if _, err := db.RetryDeliveries(ctx, "nope"); err == nil {
		t.Error("retry of an unknown endpoint: no error")
	}
}
