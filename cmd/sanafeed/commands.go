package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/store"
)

// cmdCheck validates the config and prints the effective config.
// Exit 0 when valid, 2 when not. With -store it checks the store in the
// config's data_dir instead of printing the config (see checkStore).
func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, path := newFlags("check", stderr)
	checkDB := fs.Bool("store", false, "check the store in data_dir instead of printing the config: read-only, every page and record; exit 1 if it is corrupt")
	cfg, err := flagsConfig(fs, path, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		return 2
	}
	if *checkDB {
		return checkStore(ctx, filepath.Join(cfg.DataDir, store.FileName), stdout, stderr)
	}
	if err := cfg.Encode(stdout); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// checkStore runs store.Check on the file at p and prints what it found.
// Exit 0 when the store is clean (or there is none yet), 1 when it is
// corrupt, 2 when it could not be checked: in use by a running sanafeed,
// or unreadable.
func checkStore(ctx context.Context, p string, stdout, stderr io.Writer) int {
	r, err := store.Check(ctx, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stdout, "store %s: no such file: nothing to check (serve or poll creates it)\n", p)
		return 0
	case errors.Is(err, store.ErrLocked):
		fmt.Fprintf(stderr, "sanafeed check: %v (stop it to check the store)\n", err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "sanafeed check: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "store %s: %d bytes", p, r.Size)
	if r.PageSize > 0 {
		fmt.Fprintf(stdout, ", %d pages of %d bytes in use, last commit %d", r.Pages, r.PageSize, r.Tx)
	}
	fmt.Fprintln(stdout)
	if r.Opened {
		fmt.Fprintf(stdout, "read %d records in %d buckets: %d articles, %d clusters\n", r.Records, r.Buckets, r.Articles, r.Clusters)
		if r.BoltCheck {
			fmt.Fprintln(stdout, "bbolt consistency check: done")
		} else {
			fmt.Fprintln(stdout, "bbolt consistency check: skipped, the pages are too damaged to walk safely")
		}
	}
	if r.Clean() {
		fmt.Fprintln(stdout, "ok: no problem found")
		return 0
	}
	fmt.Fprintf(stdout, "corrupt: %d problem(s):\n", len(r.Problems)+r.More)
	for _, pr := range r.Problems {
		fmt.Fprintf(stdout, "  %s\n", pr)
	}
	if r.More > 0 {
		fmt.Fprintf(stdout, "  and %d more\n", r.More)
	}
	fmt.Fprintln(stdout, "restore the file from a backup, or move it aside to start afresh")
	return 1
}

// cmdPoll runs one full cycle and prints a summary per source. It fails,
// saying so, when no source could be polled.
func cmdPoll(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("poll", stderr)
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	var bar *pollProgress
	if isTerminal(stderr) {
		bar = &pollProgress{termLine: termLine{w: stderr}, now: time.Now}
	}
	var line *termLine
	if bar != nil {
		line = &bar.termLine
	}
	a, err := openApp(cfg, newLogger(line.Logs(stderr), cfg.Log))
	if err != nil {
		return err
	}
	defer a.Close()
	if bar != nil {
		a.poller.Progress = bar.show
	}
	results := a.poller.PollOnce(ctx)
	if bar != nil {
		bar.done()
	}
	printSummary(stdout, results, a.poller.Status())
	printProblems(ctx, stdout, a, results)
	if len(a.cfg.Webhooks) > 0 {
		r, err := a.hooks.DeliverDue(ctx, webhookWait)
		if err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		fmt.Fprintf(stdout, "webhooks: %d delivered, %d failed, %d pending\n", r.Delivered, r.Failed, r.Pending)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return allFailed(results)
}

// allFailed returns an error when every source failed as a whole.
func allFailed(results []sanafeed.PollResult) error {
	for _, r := range results {
		if r.State() != sanafeed.PollFailed {
			return nil
		}
	}
	return fmt.Errorf("no source could be polled (%d failed; see above)", len(results))
}

// printProblems writes, under the summary, what went wrong in each
// source's poll, each problem once, and for a source that failed as a
// whole when it last succeeded, from the store's poll history.
func printProblems(ctx context.Context, w io.Writer, a *app, results []sanafeed.PollResult) {
	header := false
	for _, r := range results {
		if len(r.Errors) == 0 && r.Err == "" {
			continue
		}
		if !header {
			fmt.Fprintln(w, "\nproblems:")
			header = true
		}
		fmt.Fprintf(w, "  %s (%s):\n", r.Lang, r.State())
		for _, e := range r.Errors {
			fmt.Fprintf(w, "    %s\n", e)
		}
		if r.Err == "" {
			continue
		}
		h, ok, err := a.db.LastSuccess(ctx, r.Lang)
		switch {
		case err != nil:
			fmt.Fprintf(w, "    poll history: %v\n", err)
		case ok:
			end := h.Started.Add(h.Duration)
			fmt.Fprintf(w, "    last success %s (%s ago)\n", end.UTC().Format(time.RFC3339),
				time.Since(end).Round(time.Second))
		default:
			fmt.Fprintf(w, "    last success: never (in the last %d polls)\n", store.KeepPolls)
		}
	}
}

// webhookWait bounds how long `sanafeed poll` waits for deliveries; what
// is not delivered by then stays queued for the next run.
const webhookWait = 30 * time.Second

// cmdWebhooks lists the webhook endpoints with their delivery counts;
// `webhooks enable URL` re-enables an endpoint disabled by a 410 Gone,
// `webhooks retry [URL]` makes its (every endpoint's) waiting and failed
// deliveries due now. While serve runs, it asks serve (admin.go).
func cmdWebhooks(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("webhooks", stderr)
	action, target, rest, err := webhooksArgs(fs, args)
	if err != nil {
		return err
	}
	cfg, err := flagsConfig(fs, path, rest)
	if err != nil {
		return err
	}
	var stats []sanafeed.EndpointStats
	var n int
	err = liveOrStore(ctx, cfg, stderr, func(c *http.Client) error {
		if action != "" {
			if err := askAdmin(ctx, c, http.MethodPost, "/webhooks/"+action, url.Values{"url": {target}}, &n); err != nil {
				return err
			}
		}
		var rep statusReport
		err := askAdmin(ctx, c, http.MethodGet, "/status", nil, &rep)
		stats = rep.Webhooks
		return err
	}, func(a *app) error {
		var err error
		if action != "" {
			if n, err = a.webhookAction(ctx, action, target); err != nil {
				return err
			}
		}
		stats, err = a.db.WebhookStats(ctx)
		return err
	})
	if err != nil {
		return err
	}
	switch action {
	case "enable":
		fmt.Fprintf(stdout, "enabled %s: its deliveries are due now\n\n", sanafeed.RedactURL(target))
	case "retry":
		fmt.Fprintf(stdout, "%d deliveries made due now\n\n", n)
	}
	printWebhooks(stdout, stats, configNames(cfg))
	return nil
}

// webhooksArgs splits the arguments of `webhooks` into its action
// (enable, retry or none), the action's URL and the flags, which may come
// before or after them.
func webhooksArgs(fs *flag.FlagSet, args []string) (action, target string, flags []string, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", "", nil, err
		}
		return "", "", nil, errUsage
	}
	pos := fs.Args()
	flags = args[:len(args)-len(pos)]
	if len(pos) == 0 {
		return "", "", flags, nil
	}
	action, pos = pos[0], pos[1:]
	if action != "enable" && action != "retry" {
		fmt.Fprintf(fs.Output(), "%s: unknown action %q (want enable URL or retry [URL])\n", fs.Name(), action)
		return "", "", nil, errUsage
	}
	if len(pos) > 0 && !strings.HasPrefix(pos[0], "-") {
		target, pos = pos[0], pos[1:]
	}
	if action == "enable" && target == "" {
		fmt.Fprintln(fs.Output(), "usage: sanafeed webhooks enable URL")
		return "", "", nil, errUsage
	}
	return action, target, append(flags, pos...), nil
}

// cmdStatus prints each source's last poll, when it last succeeded and
// (from a running serve) when it is next due, the store's article count
// and the webhooks' delivery counts.
func cmdStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("status", stderr)
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	var rep statusReport
	err = liveOrStore(ctx, cfg, stderr, func(c *http.Client) error {
		return askAdmin(ctx, c, http.MethodGet, "/status", nil, &rep)
	}, func(a *app) error {
		var err error
		rep, err = a.status(ctx, false)
		return err
	})
	if err != nil {
		return err
	}
	printStatus(stdout, rep, configNames(cfg))
	return nil
}

func timeOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// printSummary writes one line per source: how the poll went (ok,
// partial, failed), new / updated / unchanged / failed, the requests it
// took, the feed's own state, and when the source is next due (after a
// Retry-After, not before it). What went wrong is told once, under the
// table (printProblems).
func printSummary(w io.Writer, results []sanafeed.PollResult, status []sanafeed.SourceStatus) {
	next := map[string]time.Time{}
	for _, st := range status {
		next[st.Lang] = st.Next
		if st.RetryAfter.After(st.Next) {
			next[st.Lang] = st.RetryAfter
		}
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "lang\tstate\tnew\tupdated\tunchanged\tfailed\trequests\tnot_modified\tfeed\ttime\tnext")
	for _, r := range results {
		due := "-"
		if t := next[r.Lang]; !t.IsZero() {
			due = "in " + time.Until(t).Round(time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", r.Lang, r.State(), r.New, r.Updated,
			r.Unchanged, r.Failed, r.Requests, r.NotModified, feedState(r), since(r.Duration), due)
	}
	tw.Flush()
}

// feedState is the summary's word for how the source's feed went.
func feedState(r sanafeed.PollResult) string {
	var words []string
	if r.FeedErr != "" {
		words = append(words, "failed")
	}
	if r.FeedStale {
		words = append(words, "stale")
	}
	if r.FeedRepaired {
		words = append(words, "repaired")
	}
	if len(words) == 0 {
		return "ok"
	}
	return strings.Join(words, ",")
}

// cmdServe polls on schedule and serves HTTP until ctx ends.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("serve", stderr)
	demo := fs.Bool("demo", false, "poll a built-in replica of SANA's six editions on loopback instead of sana.sy")
	advance := fs.Duration("demo-advance", 2*time.Minute, "with -demo: how often the replica publishes new articles")
	listen := fs.String("listen", "", "address to serve HTTP on, e.g. 127.0.0.1:8081 or 127.0.0.1:0 for any free port (default: the config's listen)")
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	loaded := cfg // as the file gives it, for telling what a reload changes
	ln, err := listenOn(&cfg, *listen)
	if err != nil {
		return err
	}
	defer ln.Close()
	log := newLogger(stderr, cfg.Log)
	var wg sync.WaitGroup
	defer wg.Wait()
	if *demo {
		cleanup, err := startDemo(ctx, &cfg, *advance, &wg, stdout)
		if err != nil {
			return err
		}
		defer cleanup()
	}
	setMemoryLimit(cfg.Server.MemoryLimit)
	a, err := openApp(cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	defer a.serveAdmin()() // status and webhooks ask it while it runs
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	reloadCtx, stopReload := context.WithCancel(ctx)
	defer stopReload()
	if *demo {
		log.Info("SIGHUP does not reload the config with -demo (its sources are the replica's)")
	} else {
		go a.reloadOn(reloadCtx, hup, *path, loaded)
	}
	srv := a.server()
	ls := []listening{{server.NewHTTPServer(cfg.Server, srv.Handler(), log), server.LimitListener(ln, cfg.Server)}}
	if cfg.MetricsListen != "" {
		mln, err := net.Listen("tcp", cfg.MetricsListen)
		if err != nil {
			return fmt.Errorf("listen on %s: %w (choose another address with the config's metrics_listen key)", cfg.MetricsListen, err)
		}
		defer mln.Close()
		ls = append(ls, listening{server.NewHTTPServer(cfg.Server, srv.MetricsHandler(), log), server.LimitListener(mln, cfg.Server)})
	}
	return serveUntilDone(ctx, a, ls, stdout)
}

// listening is one HTTP server and the listener it serves.
type listening struct {
	srv *http.Server
	ln  net.Listener
}

// listenOn listens on flagAddr when set, else on cfg.Listen. When the
// public URL is the one that follows listen (not set apart from it), it
// follows the address actually bound, so "…:0" serves right self links.
// A busy address is an error that says how to choose another.
func listenOn(cfg *config.Config, flagAddr string) (net.Listener, error) {
	follows := cfg.PublicURL == "http://"+cfg.Listen
	if flagAddr != "" {
		cfg.Listen = flagAddr
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (choose another address with -listen, e.g. -listen 127.0.0.1:0, or the config's listen key)", cfg.Listen, err)
	}
	if follows {
		cfg.Listen = ln.Addr().String()
		cfg.PublicURL = "http://" + cfg.Listen
	}
	return ln, nil
}

// serveUntilDone runs the poller and the HTTP servers until ctx ends or a
// server fails, then stops them all: HTTP first (in-flight requests
// finish), then the poller (a poll in flight stores what it fetched), so
// the store can be closed safely by the caller. ls[0] serves everything
// (listen); ls[1], if any, /metrics (metrics_listen).
func serveUntilDone(ctx context.Context, a *app, ls []listening, stdout io.Writer) error {
	pollCtx, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	var pollWG sync.WaitGroup
	pollWG.Go(func() { a.poller.Run(pollCtx) })
	a.startHooks(pollCtx)
	defer a.waitHooks()
	defer pollWG.Wait()
	serveErr := make(chan error, len(ls))
	for _, l := range ls {
		go func() { serveErr <- l.srv.Serve(l.ln) }()
	}
	attrs := []any{"listen", ls[0].ln.Addr().String(), "public_url", a.cfg.PublicURL,
		"sources", len(a.cfg.Sources), "data_dir", a.cfg.DataDir}
	if len(ls) > 1 {
		attrs = append(attrs, "metrics_listen", ls[1].ln.Addr().String())
	}
	a.log.Info("serving", attrs...)
	fmt.Fprintf(stdout, "sanafeed: serving on http://%s (index %s/, feeds like %s/feeds/en.atom)\n",
		ls[0].ln.Addr(), a.cfg.PublicURL, a.cfg.PublicURL)
	if len(ls) > 1 {
		fmt.Fprintf(stdout, "sanafeed: metrics on http://%s/metrics\n", ls[1].ln.Addr())
	}
	var failed error
	running := len(ls)
	select {
	case <-ctx.Done():
		a.log.Info("shutting down")
	case err := <-serveErr:
		failed, running = fmt.Errorf("serve: %w", err), running-1
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, l := range ls {
		if err := l.srv.Shutdown(shutCtx); err != nil {
			a.log.Warn("http shutdown", "err", err)
		}
	}
	for range running {
		<-serveErr
	}
	return failed
}
