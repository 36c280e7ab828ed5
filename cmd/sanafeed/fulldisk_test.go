//go:build linux

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// failedWriteJSON is a failed write as /healthz reports it.
type failedWriteJSON struct {
	What, Lang string
}

// healthReportOf returns the /healthz JSON report at base.
func healthReportOf(t *testing.T, base string) (status int, rep struct {
	Store struct {
		Status       string            `json:"status"`
		Error        string            `json:"error"`
		FailedWrites []failedWriteJSON `json:"failed_writes"`
	} `json:"store"`
}) {
	t.Helper()
	status, body := fetchBody(t, base+"/healthz?format=json")
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("/healthz: %v in %q", err, body)
	}
	return status, rep
}

// limitFileSize makes every file write of this process past n bytes fail
// (EFBIG, "file too large"), as writes fail on a full disk, until the
// returned func or the test's end lifts the limit. Go ignores the
// SIGXFSZ that comes with it.
func limitFileSize(t *testing.T, n uint64) (lift func()) {
	t.Helper()
	var old syscall.Rlimit
	testkit.Check(t, syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old))
	lim := old
	lim.Cur = n
	testkit.Check(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim))
	lift = func() { testkit.Check(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)) }
	t.Cleanup(lift)
	return lift
}

// With the disk full, polls fail to store what they read while the store
// still answers reads and takes small writes: /healthz must say so, with
// the error, until the writes succeed again. Before, its store part stayed
// "ok" (its check writes one small key, which fits) while every edition's
// new articles were lost, and with the poller alive it answered 200. (Here
// the poller is polled by hand, not running: /healthz is 503 throughout
// for "poller not started"; the store's part is what is checked.)
func TestHealthOnFullDisk(t *testing.T) {
	// Not parallel: the file size limit is the whole process's, and
	// sequential tests run alone.
	w := newWorld(t)
	a, base := w.live()
	pollLive(t, a)
	if _, rep := healthReportOf(t, base); rep.Store.Status != "ok" {
		t.Fatalf("/healthz store after a good poll: %+v", rep.Store)
	}

	// The store's file may not grow: what fits in its free pages (the
	// health check's one key, a poll result) is written, a poll's new
	// articles are not.
	fi, err := os.Stat(filepath.Join(w.dataDir, "sanafeed.db"))
	testkit.Check(t, err)
	lift := limitFileSize(t, uint64(fi.Size()))
	for _, e := range sanafeed.Editions {
		w.site.Publish(e.Lang, 100)
	}
	failed := 0
	for _, r := range a.poller.PollOnce(t.Context()) {
		if strings.Contains(r.Err, "file too large") {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("no poll failed to store with the file size limited: the test does not simulate a full disk")
	}
	testkit.Check(t, a.db.Ping(t.Context())) // the store's own check passes
	_, rep := healthReportOf(t, base)
	articles := slices.ContainsFunc(rep.Store.FailedWrites, func(f failedWriteJSON) bool { return f.What == "articles" })
	if rep.Store.Status != "error" || !strings.Contains(rep.Store.Error, "file too large") || !articles {
		t.Errorf("/healthz store with %d editions failing to store: %+v; want the failed writes and their error", failed, rep.Store)
	}
	if _, text := fetchBody(t, base+"/healthz"); !strings.Contains(text, "store: writing articles (") {
		t.Errorf("/healthz text does not say which writes fail:\n%s", text)
	}

	lift()
	pollLive(t, a)
	if _, rep := healthReportOf(t, base); rep.Store.Status != "ok" || len(rep.Store.FailedWrites) != 0 {
		t.Errorf("/healthz store once writes succeed again: %+v, want ok", rep.Store)
	}
}
