package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/replica"
	"github.com/sanafeed/sanafeed/store"
)

// crashRounds is how many times TestPollSurvivesKill kills a poll.
const crashRounds = 20

// TestPollSurvivesKill kills `sanafeed poll`, run as a child process, with
// SIGKILL at random moments (seeded, so a failure can be replayed) while
// the replica keeps publishing, and checks after each kill that the store
// opens, lost no article a previous round had stored, and holds no
// duplicate and no half-written article; then that one complete poll
// leaves it serving exactly the feeds of a clean store polled once.
//
// The first poll reads the whole replica (listing_pages = 50); later ones
// read what the replica published since. Kill delays are drawn from
// [0, 1.2 × the last poll that ran to its end), so they land anywhere in
// the poll at hand, however long it is: fetching, storing, between
// editions. The replica is the hand-written one, without synthetic
// articles: the kills land as densely in its shorter polls, and the
// rounds cost less than half what they did with 300 more.
func TestPollSurvivesKill(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts child processes")
	}
	site := replica.New(replica.Options{})
	origin := httptest.NewServer(site)
	defer origin.Close()
	crashed := writeCrashConfig(t, origin.URL, "crashed")
	clean := writeCrashConfig(t, origin.URL, "clean")
	titles := map[string]map[string]bool{} // every title each article has had
	learn := func() {
		for _, a := range site.Truth() {
			k := sanafeed.ArticleKey(a.Lang, a.PostID)
			if titles[k] == nil {
				titles[k] = map[string]bool{}
			}
			titles[k][a.Title] = true
		}
	}
	learn()

	// A whole first poll, into the clean store (emptied again below),
	// tells how long the first poll lasts.
	start := time.Now()
	if out, err := childPoll(clean.config).CombinedOutput(); err != nil {
		t.Fatalf("clean poll: %v\n%s", err, out)
	}
	last := time.Since(start)
	if err := os.RemoveAll(clean.dataDir); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("SANAFEED_CRASH_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	rng := rand.New(rand.NewPCG(seed, 6))
	t.Logf("a first poll takes %v; SANAFEED_CRASH_SEED=%d", last.Round(time.Millisecond), seed)

	prev := map[string]bool{}
	completed := 0
	for round := range crashRounds {
		if round > 0 {
			site.Advance()
			learn()
		}
		delay := time.Duration(rng.Int64N(int64(last) * 6 / 5))
		ran, ok := killPoll(t, crashed.config, delay)
		if ok {
			completed++
			last = ran
		}
		now := checkCrashedStore(t, crashed.dataDir, titles)
		for k := range prev {
			if !now[k] {
				t.Errorf("round %d (kill after %v): article %s stored before is gone", round, delay, k)
			}
		}
		what := "killed after " + delay.Round(time.Millisecond).String()
		if ok {
			what = "completed in " + ran.Round(time.Millisecond).String()
		}
		t.Logf("round %d: %s: %d articles stored", round, what, len(now))
		prev = now
	}
	t.Logf("%d of %d polls completed before their kill", completed, crashRounds)

	crashed.poll()
	clean.poll()
	checkCrashedStore(t, crashed.dataDir, titles)
	got, want := crashed.servedAll(), clean.servedAll()
	for path, items := range want {
		if !slices.Equal(got[path], items) {
			t.Errorf("%s after the kills and one poll differs from a clean poll's:\n got %d items %v\nwant %d items %v",
				path, len(got[path]), head(got[path]), len(items), head(items))
		}
	}
}

// writeCrashConfig writes a config polling the six editions at origin
// into a data dir of its own, with a gap between requests so that a poll
// lasts long enough to be killed in the middle.
func writeCrashConfig(t *testing.T, origin, name string) *world {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	w := &world{t: t, dataDir: filepath.Join(dir, "data"), config: filepath.Join(dir, "sanafeed.toml")}
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\npublic_url = \"http://feeds.test\"\n\n[poll]\ncrawl_delay = \"1ms\"\nlisting_pages = 50\n", w.dataDir)
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "\n[[source]]\nlang = %q\nurl = %q\n", e.Lang, origin+e.Path)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.config, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return w
}

// childPoll returns the command running `sanafeed poll -config config` in
// a child process (the test binary, through TestMain).
func childPoll(config string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SANAFEED_TEST_RUN=poll -config "+config)
	return cmd
}

// killPoll starts a poll in a child and kills it with SIGKILL after
// delay. It reports whether the poll had completed by then, and in how
// long.
func killPoll(t *testing.T, config string, delay time.Duration) (time.Duration, bool) {
	t.Helper()
	cmd := childPoll(config)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("poll failed on its own: %v\n%s", err, out.String())
		}
		return time.Since(start), true
	case <-timer.C:
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err := <-exited
	return time.Since(start), err == nil
}

// checkCrashedStore opens the store in dataDir and checks every article in
// it is whole: one of the replica's, with one of the titles it has had,
// content and URL, and stored once. It returns the keys stored.
func checkCrashedStore(t *testing.T, dataDir string, titles map[string]map[string]bool) map[string]bool {
	t.Helper()
	db := store.New(filepath.Join(dataDir, "sanafeed.db"))
	if err := db.Open(); err != nil {
		t.Fatalf("the store does not open after a kill: %v", err)
	}
	defer db.Close()
	arts, err := db.Since(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, a := range arts {
		k := a.Key()
		if keys[k] {
			t.Errorf("article %s stored twice", k)
		}
		keys[k] = true
		switch {
		case titles[k] == nil:
			t.Errorf("stored %s, which is no article of the replica", k)
		case !titles[k][a.Title] || a.URL == "" || a.Content == "" || a.Validate() != nil:
			t.Errorf("article %s is not whole: title %q (want one of %v), url %q, %d bytes of content, %v",
				k, a.Title, titles[k], a.URL, len(a.Content), a.Validate())
		}
	}
	return keys
}

// servedAll returns the item ids and titles of every edition's feed and
// of the feed of all editions, by path.
func (w *world) servedAll() map[string][]item {
	w.t.Helper()
	out := map[string][]item{}
	w.served(func(srv *httptest.Server) {
		paths := []string{"/feeds/all.atom"}
		for _, e := range sanafeed.Editions {
			paths = append(paths, "/feeds/"+e.Lang+".atom", "/feeds/"+e.Lang+".json")
		}
		for _, p := range paths {
			f := getFeed(w.t, srv, p)
			for _, it := range f.Items {
				out[p] = append(out[p], item{it.GUID, it.Title})
			}
		}
	})
	return out
}

// head returns the first few items, for messages.
func head(items []item) []item { return items[:min(len(items), 5)] }
