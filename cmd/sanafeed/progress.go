package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/refresh"
)

// progressBar draws one line, redrawn in place, on a terminal.
type progressBar struct {
	w    io.Writer
	now  func() time.Time
	last time.Time
}

func (b *progressBar) show(p refresh.Progress) {
	now := b.now()
	if now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last = now
	elapsed := now.Sub(p.Started).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.Fetched) / elapsed
	}
	done := p.Fetched + p.Failed
	eta := "?"
	if rate > 0 && p.Missing >= done {
		eta = (time.Duration(float64(p.Missing-done)/rate) * time.Second).Round(time.Second).String()
	}
	const width = 30
	filled := width
	if p.Missing > 0 {
		filled = min(width, done*width/p.Missing)
	}
	fmt.Fprintf(b.w, "\r[%s%s] %-2s found %d  fetched %d/%d  stored %d  failed %d  %.1f/s  ETA %s   ",
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.Lang,
		p.Found, p.Fetched, p.Missing, p.Stored, p.Failed, rate, eta)
}

// A pollProgress draws the article pages each edition's poll has read,
// on one line redrawn in place on a terminal: a first poll of the real
// site reads hundreds of pages at its crawl delay. Safe for concurrent
// use: editions are polled at once.
type pollProgress struct {
	w    io.Writer
	now  func() time.Time
	mu   sync.Mutex // guards the fields below
	last time.Time
	eds  map[string]refresh.Progress
	drew bool // a line was drawn: end it before the summary
}

// show records p and redraws the line, at most ten times a second.
func (b *pollProgress) show(p refresh.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.eds == nil {
		b.eds = map[string]refresh.Progress{}
	}
	b.eds[p.Lang] = p
	now := b.now()
	if p.Missing == 0 || now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last = now
	var parts []string
	for _, e := range sanafeed.Editions {
		if q, ok := b.eds[e.Lang]; ok && q.Missing > 0 {
			parts = append(parts, fmt.Sprintf("%s %d/%d", e.Lang, q.Fetched, q.Missing))
		}
	}
	fmt.Fprintf(b.w, "\rpolling: article pages %s   ", strings.Join(parts, "  "))
	b.drew = true
}

// done ends the progress line, if one was drawn.
func (b *pollProgress) done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drew {
		fmt.Fprintln(b.w)
	}
}
