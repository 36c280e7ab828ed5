package store_test

import (
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// LastSuccess finds the newest kept poll that did not fail as a whole,
// skipping newer failures, and says so when none of the kept ones did.
func TestLastSuccess(t *testing.T) {
	db := testkit.OpenStore(t, "")
	ctx := t.Context()
	put := func(lang string, min int, err string) {
		r := sanafeed.PollResult{Lang: lang, Started: testkit.T0.Add(time.Duration(min) * time.Minute), New: min, Err: err}
		testkit.Check(t, db.PutPollResult(ctx, r))
	}
	put("en", 1, "")
	put("en", 2, "")
	put("en", 3, "timeout")
	put("en", 4, "500")
	put("ar", 1, "timeout")
	r, ok, err := db.LastSuccess(ctx, "en")
	testkit.Check(t, err)
	if !ok || r.New != 2 {
		t.Errorf("LastSuccess(en) = %+v, %v; want the poll of minute 2", r, ok)
	}
	if r, ok, err := db.LastSuccess(ctx, "ar"); err != nil || ok {
		t.Errorf("LastSuccess(ar) = %+v, %v, %v; want none", r, ok, err)
	}
	if _, ok, err := db.LastSuccess(ctx, "fr"); err != nil || ok {
		t.Errorf("LastSuccess(fr), never polled = %v, %v; want none", ok, err)
	}
}
