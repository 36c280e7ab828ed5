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
	b := &pollProgress{termLine: termLine{w: &out}, now: func() time.Time { return now }}
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
	if got := out.String(); got != "\r\x1b[Kpolling: article pages en 1/4" {
		t.Errorf("first draw %q", got)
	}
	now = now.Add(100 * time.Millisecond)
	b.show(refresh.Progress{Lang: "ar", Missing: 10, Fetched: 3})
	line := out.String()[strings.LastIndex(out.String(), "\r"):]
	if line != "\r\x1b[Kpolling: article pages ar 3/10  en 1/4" {
		t.Errorf("second draw %q, want ar before en", line)
	}
	b.done()
	if !strings.HasSuffix(out.String(), "\n") {
		t.Errorf("done did not end the line: %q", out.String())
	}
}

// A backfill's bar draws nothing at 0/0, counts what each edition
// fetched, and a log line written meanwhile is put on a line of its own,
// the bar drawn again after it.
func TestBackfillProgress(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	now := time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	b := &progressBar{termLine: termLine{w: &out}, now: func() time.Time { return now }}
	start := now
	b.show(refresh.Progress{Lang: "ar", Started: start})
	if out.Len() != 0 {
		t.Fatalf("a 0/0 backfill drew %q", out.String())
	}
	b.show(refresh.Progress{Lang: "ar", Found: 40, Missing: 40, Fetched: 10, Stored: 10, Started: start})
	now = now.Add(time.Second)
	b.show(refresh.Progress{Lang: "en", Found: 60, Missing: 60, Fetched: 30, Stored: 20, Started: start})
	now = now.Add(time.Second)
	b.show(refresh.Progress{Lang: "en", Found: 60, Missing: 60, Fetched: 35, Stored: 30, Started: start})
	line := out.String()[strings.LastIndex(out.String(), "\r"):]
	if !strings.Contains(line, "fetched 35/60 (ar 30, en 5)") || !strings.Contains(line, "stored 30") {
		t.Errorf("bar %q, want the totals and each edition's count", line)
	}
	out.Reset()
	logs := b.Logs(nil)
	if _, err := logs.Write([]byte("level=INFO msg=\"backfill batch stored\"\n")); err != nil {
		t.Fatal(err)
	}
	want := "\r\x1b[Klevel=INFO msg=\"backfill batch stored\"\n" + b.line
	if got := out.String(); got != want {
		t.Errorf("a log line meanwhile wrote %q, want %q (the bar wiped, the line, the bar again)", got, want)
	}
	b.end()
	out.Reset()
	logs.Write([]byte("after\n"))
	if out.String() != "after\n" {
		t.Errorf("a log line after the bar ended wrote %q", out.String())
	}
	if (*termLine)(nil).Logs(&out) != &out {
		t.Error("no terminal line: the logs should go to the writer itself")
	}
}
