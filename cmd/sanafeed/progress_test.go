package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed/refresh"
)

// The poll's progress line shows each edition's pages read of those to
// read, in the editions' order, redraws at most ten times a second, and
// is ended before the summary.
func TestPollProgress(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	now := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	b := &pollProgress{w: &out, now: func() time.Time { return now }}
	b.done()
	if out.Len() != 0 {
		t.Fatalf("done with nothing drawn wrote %q", out.String())
	}
	b.show(refresh.Progress{Lang: "en", Missing: 0}) // nothing to read yet: no bar at 0/0
	if out.Len() != 0 {
		t.Fatalf("a 0/0 progress drew %q", out.String())
	}
	b.show(refresh.Progress{Lang: "en", Missing: 4, Fetched: 1})
	now = now.Add(50 * time.Millisecond)
	b.show(refresh.Progress{Lang: "ar", Missing: 10, Fetched: 2}) // too soon to redraw
	if got := out.String(); got != "\rpolling: article pages en 1/4   " {
		t.Errorf("first draw %q", got)
	}
	now = now.Add(100 * time.Millisecond)
	b.show(refresh.Progress{Lang: "ar", Missing: 10, Fetched: 3})
	line := out.String()[strings.LastIndex(out.String(), "\r"):]
	if line != "\rpolling: article pages ar 3/10  en 1/4   " {
		t.Errorf("second draw %q, want ar before en", line)
	}
	b.done()
	if !strings.HasSuffix(out.String(), "\n") {
		t.Errorf("done did not end the line: %q", out.String())
	}
}
