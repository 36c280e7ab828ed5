package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/sanafeed/sanafeed"
)

// cmdCheck validates the config and prints the effective config.
// Exit 0 when valid, 2 when not.
func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs, path := newFlags("check", stderr)
	cfg, err := flagsConfig(fs, path, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		return 2
	}
	if err := cfg.Encode(stdout); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// cmdPoll runs one full cycle and prints a summary per source.
func cmdPoll(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("poll", stderr)
	a, err := flagsApp(fs, path, args, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	results := a.poller.PollOnce(ctx)
	printSummary(stdout, results, a.poller.Status())
	printLastSuccess(ctx, stdout, a, results)
	if len(a.cfg.Webhooks) > 0 {
		r, err := a.hooks.DeliverDue(ctx, webhookWait)
		if err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		fmt.Fprintf(stdout, "webhooks: %d delivered, %d failed, %d pending\n", r.Delivered, r.Failed, r.Pending)
	}
	return ctx.Err()
}

// printLastSuccess says, for each source whose poll failed as a whole,
// when it last succeeded, from the store's poll history.
func printLastSuccess(ctx context.Context, w io.Writer, a *app, results []sanafeed.PollResult) {
	for _, r := range results {
		if r.Err == "" {
			continue
		}
		h, ok, err := a.db.LastSuccess(ctx, r.Lang)
		if err != nil {
			fmt.Fprintf(w, "%s: poll history: %v\n", r.Lang, err)
			continue
		}
		last := "never (in the last 100 polls)"
		if ok {
			end := h.Started.Add(h.Duration)
			last = end.UTC().Format(time.RFC3339) + " (" + time.Since(end).Round(time.Second).String() + " ago)"
		}
		fmt.Fprintf(w, "%s: failing: %s; last success %s\n", r.Lang, r.Err, last)
	}
}

// webhookWait bounds how long `sanafeed poll` waits for deliveries; what
// is not delivered by then stays queued for the next run.
const webhookWait = 30 * time.Second

// cmdWebhooks lists the webhook endpoints with their delivery counts.
func cmdWebhooks(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("webhooks", stderr)
	a, err := flagsApp(fs, path, args, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	stats, err := a.db.WebhookStats(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "url\tpending\tfailed\tdelivered\tstate\tlast_success\tlast_error")
	for _, s := range stats {
		state := "enabled"
		if s.Disabled {
			state = "disabled (410 Gone)"
		}
		lastErr := "-"
		if s.LastError != "" {
			lastErr = s.LastErrorAt.UTC().Format(time.RFC3339) + " " + s.LastError
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\n", s.URL, s.Pending, s.Failed, s.Delivered, state,
			timeOrDash(s.LastSuccess), lastErr)
	}
	return tw.Flush()
}

func timeOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// printSummary writes one line per source: new / updated / unchanged /
// failed, the requests it took, the feed's state, and when the source is
// next due (after a Retry-After, not before it).
func printSummary(w io.Writer, results []sanafeed.PollResult, status []sanafeed.SourceStatus) {
	next := map[string]time.Time{}
	for _, st := range status {
		next[st.Lang] = st.Next
		if st.RetryAfter.After(st.Next) {
			next[st.Lang] = st.RetryAfter
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "lang\tnew\tupdated\tunchanged\tfailed\trequests\tnot_modified\tfeed\ttime\tnext\terror")
	for _, r := range results {
		feed := "ok"
		switch {
		case r.FeedStale && r.FeedRepaired:
			feed = "stale,repaired"
		case r.FeedStale:
			feed = "stale"
		case r.FeedRepaired:
			feed = "repaired"
		}
		errText := r.Err
		if errText == "" {
			errText = "-"
		}
		due := "-"
		if t := next[r.Lang]; !t.IsZero() {
			due = "in " + time.Until(t).Round(time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", r.Lang, r.New, r.Updated,
			r.Unchanged, r.Failed, r.Requests, r.NotModified, feed, since(r.Duration), due, errText)
	}
	tw.Flush()
}

// cmdServe polls on schedule and serves HTTP until ctx ends.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("serve", stderr)
	demo := fs.Bool("demo", false, "poll a built-in replica of SANA's six editions on loopback instead of sana.sy")
	advance := fs.Duration("demo-advance", 2*time.Minute, "with -demo: how often the replica publishes new articles")
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	log := newLogger(stderr)
	var wg sync.WaitGroup
	defer wg.Wait()
	if *demo {
		cleanup, err := startDemo(ctx, &cfg, *advance, &wg, stdout)
		if err != nil {
			return err
		}
		defer cleanup()
	}
	a, err := openApp(cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           a.server().Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	return serveUntilDone(ctx, a, srv, ln, stdout)
}

// serveUntilDone runs the poller and the HTTP server until ctx ends or the
// server fails, then stops both: HTTP first (in-flight requests finish),
// then the poller (a poll in flight stores what it fetched), so the store
// can be closed safely by the caller.
func serveUntilDone(ctx context.Context, a *app, srv *http.Server, ln net.Listener, stdout io.Writer) error {
	pollCtx, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	var pollWG sync.WaitGroup
	pollWG.Go(func() { a.poller.Run(pollCtx) })
	pollWG.Go(func() {
		if err := a.hooks.Run(pollCtx); err != nil {
			a.log.Error("webhooks", "err", err)
		}
	})
	defer pollWG.Wait()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.log.Info("serving", "listen", ln.Addr().String(), "public_url", a.cfg.PublicURL,
		"sources", len(a.cfg.Sources), "data_dir", a.cfg.DataDir)
	fmt.Fprintf(stdout, "sanafeed: serving on http://%s (index %s/, feeds like %s/feeds/en.atom)\n",
		ln.Addr(), a.cfg.PublicURL, a.cfg.PublicURL)
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	}
	a.log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		a.log.Warn("http shutdown", "err", err)
	}
	<-serveErr
	return nil
}
