package main

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden export in testdata/export")

// goldenDir holds the export of the replica as polled once, with the
// replica's origin written as originPlaceholder.
const goldenDir = "testdata/export"

// originPlaceholder stands for the replica's loopback origin, whose port
// changes from run to run.
const originPlaceholder = "http://replica.test"

// checkGolden compares the export in dir, made by a poll of w's replica
// between start and end, with the golden export: users see the same
// feeds, OPML and pages, byte for byte, whatever the code behind them
// became. Run the tests with -update to rewrite it after a deliberate
// change of output, and review the diff.
func checkGolden(t *testing.T, w *world, dir string, start, end time.Time) {
	t.Helper()
	got := readTree(t, dir, func(b []byte) []byte {
		b = bytes.ReplaceAll(b, []byte(w.origin.URL), []byte(originPlaceholder))
		return runTimes(b, start.Add(-time.Second), end.Add(time.Second))
	})
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		for p, b := range got {
			f := filepath.Join(goldenDir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := readTree(t, goldenDir, nil)
	if len(want) == 0 {
		t.Fatalf("no golden export in %s; run go test -run TestExport -update", goldenDir)
	}
	for p, b := range want {
		switch g, ok := got[p]; {
		case !ok:
			t.Errorf("%s: in the golden export, not exported", p)
		case !bytes.Equal(g, b):
			t.Errorf("%s: exported %d bytes differ from the golden %d", p, len(g), len(b))
		}
	}
	var extra []string
	for p := range got {
		if _, ok := want[p]; !ok {
			extra = append(extra, p)
		}
	}
	slices.Sort(extra)
	for _, p := range extra {
		t.Errorf("%s: exported, not in the golden export", p)
	}
}

// runTime matches the two time formats the feeds write: RFC 3339 (Atom,
// JSON Feed) and RFC 1123 with a numeric zone (RSS, OPML).
var runTime = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)|[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}`)

// runTimes writes every time in b that falls within [start, end], the
// test's own run (when the store stamped what it stored), as
// runTimePlaceholder; the replica's times, fixed, stay as they are.
func runTimes(b []byte, start, end time.Time) []byte {
	return runTime.ReplaceAllFunc(b, func(m []byte) []byte {
		t, err := time.Parse(time.RFC3339Nano, string(m))
		if err != nil {
			t, err = time.Parse(time.RFC1123Z, string(m))
		}
		if err != nil || t.Before(start) || t.After(end) {
			return m
		}
		return []byte(runTimePlaceholder)
	})
}

// runTimePlaceholder stands for a time stamped during the test's run.
const runTimePlaceholder = "RUN-TIME"

// readTree reads every file below dir into a map by slash path relative
// to dir, passing each through fix when fix is not nil.
func readTree(t *testing.T, dir string, fix func([]byte) []byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if fix != nil {
			b = fix(b)
		}
		rel, _ := filepath.Rel(dir, p)
		files[strings.TrimPrefix(filepath.ToSlash(rel), "./")] = b
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}
