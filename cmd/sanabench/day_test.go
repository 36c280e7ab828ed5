package main

import (
	"testing"
	"time"
)

// The simulated day publishes at SANA's rates, busier in the working
// hours, and edits only what it published before, in its edition.
func TestDaySchedule(t *testing.T) {
	from := time.Date(2026, 2, 9, 0, 0, 0, 0, damascus)
	evs := daySchedule(from, from.Add(24*time.Hour))
	posts := map[string]int{}
	published := map[int]event{}
	edits, day, night := 0, 0, 0
	for i, e := range evs {
		if i > 0 && e.at.Before(evs[i-1].at) {
			t.Fatalf("event %d at %v, before the one before it", i, e.at)
		}
		if !e.edit {
			posts[e.lang]++
			published[e.post] = e
			if h := e.at.Hour(); h >= 8 && h < 14 {
				day++
			} else if h < 6 {
				night++
			}
			continue
		}
		edits++
		if p, ok := published[e.post]; !ok || p.lang != e.lang || !p.at.Before(e.at) {
			t.Errorf("edit of post %d (%s) at %v: published %+v", e.post, e.lang, e.at, p)
		}
	}
	for lang, want := range dayPosts {
		if got := float64(posts[lang]); got < want*0.6 || got > want*1.4 {
			t.Errorf("%s: %v posts in the day, want about %v", lang, got, want)
		}
	}
	if day < 3*night || edits == 0 {
		t.Errorf("%d posts from 8:00 to 14:00, %d from 0:00 to 6:00, %d edits", day, night, edits)
	}
}
