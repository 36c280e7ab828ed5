package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sanafeed/sanafeed/refresh"
)

// cmdBackfill walks sitemaps and listing pages back to -since and fetches
// what is missing. Interrupted and run again, it resumes: stored articles
// are not fetched again.
func cmdBackfill(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("backfill", stderr)
	sinceFlag := fs.String("since", "", "walk back to this date (2006-01-02 or RFC 3339), required")
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	since, err := parseSince(*sinceFlag)
	if err != nil {
		fmt.Fprintf(stderr, "sanafeed backfill: -since: %v\n", err)
		return errUsage
	}
	var report func(refresh.Progress)
	var line *termLine
	if isTerminal(stderr) {
		bar := &progressBar{termLine: termLine{w: stderr}, now: time.Now}
		report, line = bar.show, &bar.termLine
		defer bar.end()
	}
	a, err := openApp(cfg, newLogger(line.Logs(stderr), cfg.Log))
	if err != nil {
		return err
	}
	defer a.Close()
	pr, err := a.poller.Backfill(ctx, since, report)
	if ctx.Err() != nil {
		if line != nil {
			line.end()
		}
		fmt.Fprintf(stderr, "backfill interrupted: %d stored of %d missing (%d fetched); run it again to resume\n",
			pr.Stored, pr.Missing, pr.Fetched)
		return errInterrupted
	}
	fmt.Fprintf(stdout, "backfill since %s: %d found, %d missing, %d fetched, %d stored, %d failed in %s\n",
		since.Format(time.DateOnly), pr.Found, pr.Missing, pr.Fetched, pr.Stored, pr.Failed,
		since0(time.Since(pr.Started)))
	if err == nil && len(cfg.Webhooks) > 0 {
		if r, err := a.hooks.DeliverDue(ctx, webhookWait); err == nil {
			fmt.Fprintf(stdout, "webhooks: %d delivered, %d failed, %d pending\n", r.Delivered, r.Failed, r.Pending)
		}
	}
	return err
}

func since0(d time.Duration) string { return d.Round(100 * time.Millisecond).String() }

// parseSince reads a date or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("required, e.g. -since 2026-01-01")
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (2006-01-02) nor an RFC 3339 time", s)
	}
	return t, nil
}
