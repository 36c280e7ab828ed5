package sanafeed_test

import (
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

func TestClampFuture(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	far := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name                string
		published, modified time.Time
		wantPub, wantMod    time.Time
		wantClamped         bool
	}{
		{"past", now.Add(-time.Hour), now, now.Add(-time.Hour), now, false},
		{"a little ahead", now.Add(sanafeed.FutureSlack), now.Add(sanafeed.FutureSlack), now.Add(sanafeed.FutureSlack), now.Add(sanafeed.FutureSlack), false},
		{"far ahead", far, far, time.Time{}, time.Time{}, true},
		{"modified only", now, now.Add(sanafeed.FutureSlack + time.Second), now, time.Time{}, true},
		{"none", time.Time{}, time.Time{}, time.Time{}, time.Time{}, false},
	}
	for _, tt := range tests {
		a := sanafeed.Article{Published: tt.published, Modified: tt.modified}
		clamped := a.ClampFuture(now)
		if clamped != tt.wantClamped || !a.Published.Equal(tt.wantPub) || !a.Modified.Equal(tt.wantMod) {
			t.Errorf("%s: ClampFuture() = %v, published %v, modified %v; want %v, %v, %v",
				tt.name, clamped, a.Published, a.Modified, tt.wantClamped, tt.wantPub, tt.wantMod)
		}
		a.FirstSeen = now
		if tt.wantClamped && tt.wantPub.IsZero() && !a.Time().Equal(now) {
			t.Errorf("%s: Time() = %v, want FirstSeen %v", tt.name, a.Time(), now)
		}
	}
}
