// Command sanabench measures sanafeed against its limits, side by side in
// one run: serving against a bare net/http control writing the same
// responses (nginx on the same static bytes as the reference), ingest
// against parse-only, the steady-state poll, bytes on disk per article,
// memory, size and startup with a large store, translation linking, and
// freshness: a simulated day of SANA at its crawl delay, publication to
// feed and to webhook. It prints a table of figures, ratios and targets.
//
// Usage:
//
//	go run ./cmd/sanabench [-short] [-only part] [-keep]
//
// Targets: each served path, 200 and 304, at ≥ 0.95× the bare control's
// requests/s (the median of the rounds' ratios); each of three first polls
// at ≥ 0.5× parse-only; ≤ 2,048 bytes in use per article without kept
// pages; the steady poll and memory rows as printed; freshness: a median
// ≤ 2 min and p95 ≤ 6 min from publication to feed for Arabic and English,
// no two requests to the host closer than its crawl delay.
//
// -short (CI) uses 1,000 replica articles, one first poll, one round of
// 2 s wrk runs, 10,000 stored articles for memory and two busy hours
// instead of a day for freshness, and only checks that everything ran. The full run
// exits 1 when a target fails. wrk and nginx come from Debian: they are
// installed with apt-get when missing, except in -short outside CI, where
// their parts are skipped with a line saying so.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// A bench is one run's settings and results.
type bench struct {
	short    bool
	articles int           // synthetic replica articles
	memArts  int           // articles stored for the memory run
	memRate  int           // their density: articles a day
	wrkDur   time.Duration // per wrk run
	rounds   int           // wrk runs per server and path, taken in turns
	polls    int           // first polls of the replica, each into a fresh store
	dir      string        // temp dir of the run
	bin      string        // the built sanafeed binary
	tools    bool          // wrk and nginx are available
	only     string        // run only this part ("" = all)
	rows     []row
}

func main() {
	if spec := os.Getenv(replicaEnv); spec != "" { // the freshness day's replica (replicachild.go)
		os.Exit(replicaChild(spec, os.Stdin, os.Stdout))
	}
	short := flag.Bool("short", false, "CI mode: small sizes, short runs, no target check")
	keep := flag.Bool("keep", false, "keep the temp dir")
	memRate := flag.Int("memrate", sanaPerDay, "articles a day in the memory part's store (SANA publishes about 500)")
	only := flag.String("only", "", "run one part: ingest, serving, memory or freshness (ingest also runs before serving, which needs its store)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch *only {
	case "", "ingest", "serving", "memory", "freshness":
	default:
		fmt.Fprintf(os.Stderr, "sanabench: -only %q: want ingest, serving, memory or freshness\n", *only)
		os.Exit(2)
	}
	b := &bench{short: *short, articles: 10000, memArts: 100000, memRate: *memRate, wrkDur: 2 * time.Second, rounds: 9, polls: 3, only: *only}
	if b.short {
		b.articles, b.memArts, b.wrkDur, b.rounds, b.polls = 1000, 10000, 2*time.Second, 1, 1
	}
	code := b.run(ctx, *keep)
	os.Exit(code)
}

// run runs every part and returns the exit code.
func (b *bench) run(ctx context.Context, keep bool) int {
	dir, err := os.MkdirTemp("", "sanabench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sanabench:", err)
		return 1
	}
	b.dir = dir
	if !keep {
		defer os.RemoveAll(dir)
	}
	fail := func(part string, err error) int {
		fmt.Fprintf(os.Stderr, "sanabench: %s: %v\n", part, err)
		return 1
	}
	if b.only == "freshness" { // in process: no binary, no tools
		if err := b.freshness(ctx); err != nil {
			return fail("freshness", err)
		}
		return b.finish()
	}
	logf("building sanafeed")
	b.bin = filepath.Join(dir, "sanafeed")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", b.bin, "./cmd/sanafeed").CombinedOutput(); err != nil {
		return fail("build", fmt.Errorf("%w\n%s", err, out))
	}
	if b.only == "memory" {
		if err := b.memory(ctx); err != nil {
			return fail("memory", err)
		}
		return b.finish()
	}
	if b.tools, err = ensureTools(b.short); err != nil {
		return fail("tools", err)
	}
	o, err := startOrigin(b.articles)
	if err != nil {
		return fail("replica", err)
	}
	defer o.close()
	data := filepath.Join(dir, "data")
	if err := b.ingest(ctx, o, data); err != nil {
		return fail("ingest", err)
	}
	if b.only == "ingest" {
		return b.finish()
	}
	if b.only == "" {
		if err := b.linking(ctx, data); err != nil {
			return fail("linking", err)
		}
	}
	if b.tools {
		if err := b.serving(ctx, data); err != nil {
			return fail("serving", err)
		}
	} else {
		logf("SKIP serving: wrk and/or nginx not installed (CI not set, -short); apt-get install wrk nginx-light")
	}
	if b.only == "" {
		if err := b.memory(ctx); err != nil {
			return fail("memory", err)
		}
		if err := b.freshness(ctx); err != nil {
			return fail("freshness", err)
		}
	}
	return b.finish()
}

// finish prints the table and returns the exit code: 1 when a target
// failed in a full run.
func (b *bench) finish() int {
	failed := b.print(os.Stdout)
	if failed > 0 && !b.short {
		fmt.Printf("\n%d target(s) FAIL\n", failed)
		return 1
	}
	return 0
}

// logf prints progress to stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sanabench: "+format+"\n", args...)
}
