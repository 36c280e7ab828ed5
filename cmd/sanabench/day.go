package main

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// A simulated day of SANA: when each edition publishes and edits, and the
// compressed clock it all runs on.

// damascus is SANA's time zone (+03:00 all year since 2022).
var damascus = time.FixedZone("Damascus", 3*60*60)

// dayPosts is how many articles each edition publishes in a day: Arabic
// some 300, English 75, French 60, Turkish, Spanish and Kurdish 20 each
// (docs: SANA.md's estimates).
var dayPosts = map[string]float64{"ar": 300, "en": 75, "fr": 60, "tr": 20, "es": 20, "ku": 20}

// hourWeight is the share of a day's posts published in each hour of
// Damascus time, relative: quiet at night, busiest in the working
// morning, tailing off in the evening.
var hourWeight = [24]float64{
	0.3, 0.3, 0.3, 0.3, 0.3, 0.3, // 0–5
	0.6, 1.0, // 6–7
	2.0, 2.0, 2.0, 2.0, 2.0, 2.0, // 8–13
	1.6, 1.6, 1.6, 1.6, // 14–17
	1.2, 1.2, 1.2, // 18–20
	0.7, 0.7, 0.7, // 21–23
}

// An event is one thing a desk does to the site.
type event struct {
	at   time.Time // on the site's clock
	lang string
	post int  // the post's number in the day, from 0
	edit bool // edit the post; else publish it
}

// daySchedule returns the events from start to end (site time), in time
// order, drawn from a fixed seed: the same span gives the same day. Posts
// come in bursts (a desk publishes a few items minutes apart) whose start
// follows the hour's rate; a few are edited 10 to 90 minutes after
// publication.
func daySchedule(start, end time.Time) []event {
	r := rand.New(rand.NewPCG(2026, 2))
	total := 0.0
	for _, w := range hourWeight {
		total += w
	}
	var evs []event
	for _, lang := range []string{"ar", "en", "fr", "tr", "es", "ku"} {
		mean := 2.5 // posts per burst
		if dayPosts[lang] < 100 {
			mean = 1.5
		}
		for t := start; t.Before(end); {
			perHour := dayPosts[lang] * hourWeight[t.In(damascus).Hour()] / total / mean
			t = t.Add(time.Duration(r.ExpFloat64() / perHour * float64(time.Hour)))
			at := t
			for range 1 + geometric(r, mean-1) {
				if !at.Before(end) {
					break
				}
				evs = append(evs, event{at: at, lang: lang})
				at = at.Add(time.Minute + time.Duration(r.Int64N(int64(3*time.Minute))))
			}
		}
	}
	slices.SortFunc(evs, func(a, b event) int { return a.at.Compare(b.at) })
	// A few edits: one post in twenty-five, 10 to 90 minutes after it.
	var edits []event
	for i := range evs {
		evs[i].post = i
		if r.IntN(25) == 0 {
			at := evs[i].at.Add(10*time.Minute + time.Duration(r.Int64N(int64(80*time.Minute))))
			if at.Before(end) {
				edits = append(edits, event{at: at, lang: evs[i].lang, post: i, edit: true})
			}
		}
	}
	evs = append(evs, edits...)
	slices.SortStableFunc(evs, func(a, b event) int { return a.at.Compare(b.at) })
	return evs
}

// geometric returns a draw of a geometric distribution of the given mean
// on 0, 1, 2…
func geometric(r *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	p := 1 / (1 + mean)
	n := 0
	for r.Float64() > p {
		n++
	}
	return n
}

// A simClock runs factor times faster than the real clock, from site at
// the real instant real.
type simClock struct {
	factor float64
	real   time.Time
	site   time.Time
}

// Now returns the site's time.
func (c *simClock) Now() time.Time { return c.siteAt(time.Now()) }

// siteAt returns the site's time at the real instant t.
func (c *simClock) siteAt(t time.Time) time.Time {
	return c.site.Add(time.Duration(float64(t.Sub(c.real)) * c.factor))
}

// realAt returns the real instant at the site's time t.
func (c *simClock) realAt(t time.Time) time.Time {
	return c.real.Add(time.Duration(float64(t.Sub(c.site)) / c.factor))
}

// After waits d of the site's time, as time.After does.
func (c *simClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	time.AfterFunc(time.Duration(float64(d)/c.factor), func() { ch <- c.Now() })
	return ch
}

// sleepUntil waits until the site's time t or until ctx ends, and
// reports whether ctx is still live.
func (c *simClock) sleepUntil(ctx context.Context, t time.Time) bool {
	tm := time.NewTimer(time.Until(c.realAt(t)))
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-tm.C:
		return true
	}
}

// A stamps records when each id was first seen, on the site's clock.
type stamps struct {
	mu sync.Mutex // guards at
	at map[string]time.Time
}

// see records id at t unless it was seen before.
func (s *stamps) see(id string, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.at == nil {
		s.at = map[string]time.Time{}
	}
	if _, ok := s.at[id]; !ok {
		s.at[id] = t
	}
}

// get returns when id was first seen.
func (s *stamps) get(id string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.at[id]
	return t, ok
}
