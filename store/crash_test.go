package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// crashEnv names the store a child process of TestCrashKeepsCommitted
// writes to until it is killed.
const crashEnv = "SANAFEED_STORE_CRASH_CHILD"

// TestCrashKeepsCommitted kills a writing process with SIGKILL at odd
// moments and checks that the file opens with every batch the child
// reported committed, indexes intact.
func TestCrashKeepsCommitted(t *testing.T) {
	if p := os.Getenv(crashEnv); p != "" {
		crashChild(p)
		return
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	p := path(t)
	// Each round kills the child as it reports a different step: between
	// batches, as it starts writing articles, as it starts clustering.
	for round, at := range []string{"committed", "put", "cluster"} {
		before := 0
		if round > 0 {
			before = countIn(t, p)
		}
		committed := runAndKill(t, p, before+(40+round*37)*20, at)
		db := store.New(p)
		testkit.Check(t, db.Open())
		n, err := db.Count(t.Context(), "")
		testkit.Check(t, err)
		t.Logf("round %d: child killed after committing %d articles; %d stored", round, committed, n)
		if n < committed {
			t.Errorf("round %d: %d articles after the kill, child had committed %d", round, n, committed)
		}
		if err := db.CheckIndexes(); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		testkit.Check(t, db.Close())
	}
}

// countIn returns the number of articles in the store at p.
func countIn(t *testing.T, p string) int {
	db := store.New(p)
	testkit.Check(t, db.Open())
	defer db.Close()
	n, err := db.Count(t.Context(), "")
	testkit.Check(t, err)
	return n
}

// runAndKill starts a child writing to p, waits until it has committed
// want articles in all and then reports the step at ("committed", "put"
// or "cluster"), kills it and returns the number of articles it last
// reported committed.
func runAndKill(t *testing.T, p string, want int, at string) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashKeepsCommitted$")
	cmd.Env = append(os.Environ(), crashEnv+"="+p)
	out, err := cmd.StdoutPipe()
	testkit.Check(t, err)
	testkit.Check(t, cmd.Start())
	sc := bufio.NewScanner(out)
	committed := 0
	deadline := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		step, n, _ := strings.Cut(sc.Text(), " ")
		if step == "committed" {
			committed, _ = strconv.Atoi(n)
		}
		if committed >= want && step == at {
			break
		}
	}
	testkit.Check(t, cmd.Process.Kill()) // SIGKILL
	for sc.Scan() {                      // lines written before the kill
		if n, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
			committed, _ = strconv.Atoi(n)
		}
	}
	cmd.Wait()
	if committed < want {
		t.Fatalf("child committed %d articles, want %d", committed, want)
	}
	return committed
}

// crashChild writes batches of 20 new articles, re-tagging and clustering
// older ones, until it is killed. It prints "put" before it writes
// articles, "cluster" before it writes clusters, and "committed N", the
// number of articles stored, after both.
func crashChild(p string) {
	db := store.New(p)
	if err := db.Open(); err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	ctx := context.Background()
	n, _ := db.Count(ctx, "")
	start := n / 20
	for i := 0; ; i++ {
		batch := make([]sanafeed.Article, 0, 30)
		for j := range 20 {
			id := (start+i)*20 + j + 1
			batch = append(batch, article("en", int64(id), id%500, "t"+strconv.Itoa(id%7)))
		}
		if i > 0 { // edit the previous batch: new tags move index entries
			for j := range 10 {
				id := (start+i-1)*20 + j + 1
				batch = append(batch, page(article("en", int64(id), id%500)))
			}
		}
		fmt.Println("put")
		if _, err := db.PutArticles(ctx, batch); err != nil {
			fmt.Println("put:", err)
			os.Exit(1)
		}
		c := "c" + strconv.Itoa(i)
		fmt.Println("cluster")
		if _, err := db.SetClusters(ctx, map[string]string{batch[0].Key(): c, batch[1].Key(): c}); err != nil {
			fmt.Println("cluster:", err)
			os.Exit(1)
		}
		fmt.Printf("committed %d\n", (start+i+1)*20)
	}
}

// TestConcurrentUse writes and reads from many goroutines at once; run
// with -race to check the DB's own synchronisation.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	db, _ := mustOpen(t)
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 6 {
		lang := sanafeed.Editions[w].Lang
		wg.Go(func() {
			for i := range 20 {
				a := article(lang, int64(i+1), i, "t")
				if _, err := db.PutArticles(ctx, []sanafeed.Article{a, page(a)}); err != nil {
					errs <- err
					return
				}
			}
		})
		wg.Go(func() {
			for range 20 {
				if _, err := db.Latest(ctx, sanafeed.Query{Lang: lang, Limit: 5}); err != nil {
					errs <- err
					return
				}
				if _, err := db.Tags(ctx, ""); err != nil {
					errs <- err
					return
				}
				_ = db.Generation()
				_ = db.LastChange()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, _ := db.Count(ctx, ""); n != 120 {
		t.Errorf("Count() = %d, want 120", n)
	}
	if g := db.Generation(); g != 120 {
		t.Errorf("Generation() = %d, want 120", g)
	}
	checkIndexes(t, db)
}
