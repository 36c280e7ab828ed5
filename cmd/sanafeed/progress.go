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

// A termLine is one line redrawn in place on a terminal, which log lines
// written through Logs step around: the line is wiped before a log line
// and drawn again after it, so neither lands on the other. Safe for
// concurrent use.
type termLine struct {
	w    io.Writer
	mu   sync.Mutex // guards the fields below
	line string     // what is drawn now; "" when nothing is
	drew bool       // a line was drawn: end it before what follows
}

// draw replaces the line with s.
func (t *termLine) draw(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.line, t.drew = s, true
	fmt.Fprintf(t.w, "\r\x1b[K%s", s)
}

// end ends the line, if one was drawn, so that what follows starts on its own.
func (t *termLine) end() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.drew {
		fmt.Fprintln(t.w)
	}
	t.line, t.drew = "", false
}

// Logs returns a writer for log lines that keeps them off the line, or w
// itself when t is nil (no terminal, no line).
func (t *termLine) Logs(w io.Writer) io.Writer {
	if t == nil {
		return w
	}
	return logsAround{t}
}

type logsAround struct{ t *termLine }

func (l logsAround) Write(p []byte) (int, error) {
	t := l.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.line != "" {
		fmt.Fprint(t.w, "\r\x1b[K")
	}
	n, err := t.w.Write(p)
	if t.line != "" {
		fmt.Fprint(t.w, t.line)
	}
	return n, err
}

// progressBar draws a backfill's progress on a termLine: a bar over the
// pages to read, and what each edition has fetched so far.
type progressBar struct {
	termLine
	now   func() time.Time
	last  time.Time
	start refresh.Progress // the totals when the current edition began
	done  []string         // "ar 120": the editions finished, with what they fetched
}

func (b *progressBar) show(p refresh.Progress) {
	if b.start.Lang != p.Lang {
		if b.start.Lang != "" {
			b.done = append(b.done, fmt.Sprintf("%s %d", b.start.Lang, fetchedSince(b.start, p)))
		}
		b.start = p
	}
	now := b.now()
	if p.Missing == 0 || now.Sub(b.last) < 100*time.Millisecond {
		return // nothing to read yet: no bar at 0/0
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
	filled := min(width, done*width/p.Missing)
	eds := strings.Join(append(b.done, fmt.Sprintf("%s %d", p.Lang, fetchedSince(b.start, p))), ", ")
	b.draw(fmt.Sprintf("[%s%s] fetched %d/%d (%s)  stored %d  failed %d  %.1f/s  ETA %s",
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.Fetched, p.Missing, eds,
		p.Stored, p.Failed, rate, eta))
}

// fetchedSince returns how many pages were fetched from s to p.
func fetchedSince(s, p refresh.Progress) int { return p.Fetched - s.Fetched }

// A pollProgress draws the article pages each edition's poll has read on
// a termLine: a first poll of the real site reads hundreds of pages at
// its crawl delay. Safe for concurrent use: editions are polled at once.
type pollProgress struct {
	termLine
	now  func() time.Time
	mu   sync.Mutex // guards the fields below
	last time.Time
	eds  map[string]refresh.Progress
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
	b.draw("polling: article pages " + strings.Join(parts, "  "))
}

// done ends the progress line, if one was drawn.
func (b *pollProgress) done() { b.end() }
