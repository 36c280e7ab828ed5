package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
)

// TestMain lets a test run the sanafeed command in a child process (the
// test binary itself) so it can be killed like the real thing.
func TestMain(m *testing.M) {
	if args := os.Getenv("SANAFEED_TEST_RUN"); args != "" {
		os.Exit(run(strings.Fields(args), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// storedKeys opens the store at dir and returns the keys of every article.
func storedKeys(t *testing.T, dataDir string) map[string]bool {
	t.Helper()
	db := testkit.OpenStore(t, filepath.Join(dataDir, "sanafeed.db"))
	defer db.Close() // now, not when the test ends: sanafeed opens it next
	arts, err := db.Since(t.Context(), time.Time{})
	testkit.Check(t, err)
	keys := map[string]bool{}
	for _, a := range arts {
		if keys[a.Key()] {
			t.Errorf("article %s stored twice", a.Key())
		}
		keys[a.Key()] = true
	}
	return keys
}

func TestBackfillResumesAfterKill(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	site := replica.New(replica.Options{Synthetic: 150})
	origin := httptest.NewServer(site)
	defer origin.Close()
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	cfgPath := filepath.Join(dir, "sanafeed.toml")
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\n[poll]\ncrawl_delay = \"1ms\"\n", dataDir)
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "[[source]]\nlang = %q\nurl = %q\n", e.Lang, origin.URL+e.Path)
	}
	if err := os.WriteFile(cfgPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	args := "backfill -config " + cfgPath + " -since 2000-01-01"

	// Run it in a child and kill it once it has stored a few batches.
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "SANAFEED_TEST_RUN="+args)
	stderr, err := child.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	batches := 0
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "backfill batch stored") {
			batches++
			if batches == 3 {
				break
			}
		}
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if batches < 3 {
		t.Fatalf("child stored %d batches before it ended; cannot test resuming", batches)
	}
	before := storedKeys(t, dataDir)
	truth := site.Truth()
	if len(before) == 0 || len(before) >= len(truth) {
		t.Fatalf("after the kill %d of %d articles stored; want some but not all", len(before), len(truth))
	}

	// Run it again: it finishes the job and fetches no stored page again.
	site.ResetRequests()
	var out, errOut bytes.Buffer
	if code := run(strings.Fields(args), &out, &errOut); code != 0 {
		t.Fatalf("second backfill exit %d: %s", code, errOut.String())
	}
	paths := map[string]string{}
	for _, a := range truth {
		paths[strings.TrimSuffix(a.Path, "/")] = sanafeed.ArticleKey(a.Lang, a.PostID)
	}
	for _, r := range site.Requests() {
		if k, ok := paths[strings.TrimSuffix(r.Path, "/")]; ok && before[k] {
			t.Errorf("resumed backfill fetched %s (%s) again though it was stored", r.Path, k)
		}
	}
	after := storedKeys(t, dataDir)
	for _, a := range truth {
		if !after[sanafeed.ArticleKey(a.Lang, a.PostID)] {
			t.Errorf("after backfill, %s/%d %q is missing", a.Lang, a.PostID, a.Title)
		}
	}
	t.Logf("killed after %d articles; %s", len(before), strings.TrimSpace(out.String()))
}

// Ctrl-C during a backfill stores what was fetched, says so in one line
// and exits 130.
func TestBackfillInterrupted(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	site := replica.New(replica.Options{Synthetic: 60})
	pages := map[string]bool{}
	for _, a := range site.Truth() {
		pages[strings.TrimSuffix(a.Path, "/")] = true
	}
	// The 25th article page is held until the test has interrupted the
	// backfill: by then its first batch of 20 is stored and 4 pages of the
	// second are fetched, not yet stored.
	var served atomic.Int64
	held, release := make(chan struct{}), make(chan struct{})
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if pages[strings.TrimSuffix(r.URL.Path, "/")] && served.Add(1) == 25 {
			close(held)
			<-release
		}
		site.ServeHTTP(w, r)
	}))
	defer origin.Close()
	defer close(release)
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	cfgPath := filepath.Join(dir, "sanafeed.toml")
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\n[poll]\ncrawl_delay = \"0s\"\nmax_in_flight = 1\n", dataDir)
	fmt.Fprintf(&b, "[[source]]\nlang = \"ar\"\nurl = %q\n", origin.URL+"/")
	testkit.Check(t, os.WriteFile(cfgPath, []byte(b.String()), 0o644))

	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "SANAFEED_TEST_RUN=backfill -config "+cfgPath+" -since 2000-01-01")
	var out, errOut bytes.Buffer
	child.Stdout, child.Stderr = &out, &errOut
	testkit.Check(t, child.Start())
	<-held
	testkit.Check(t, child.Process.Signal(os.Interrupt))
	err := child.Wait()
	code := child.ProcessState.ExitCode()
	if code != 130 {
		t.Fatalf("interrupted backfill: exit %d (%v), want 130\nstdout:\n%s\nstderr:\n%s", code, err, out.String(), errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
	var said []string
	for _, l := range lines {
		if strings.Contains(l, "interrupted") {
			said = append(said, l)
		}
	}
	if len(said) != 1 || !strings.Contains(said[0], "run it again to resume") {
		t.Errorf("want one line saying it was interrupted, got %q\nstderr:\n%s", said, errOut.String())
	}
	if stored := len(storedKeys(t, dataDir)); stored != 24 {
		t.Errorf("%d articles stored after the interrupt, want 24 (a batch of 20 and the 4 fetched since)\n%s", stored, said)
	}
}
