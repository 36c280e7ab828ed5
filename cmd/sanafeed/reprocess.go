package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// cmdReprocess re-extracts stored articles from their kept pages with the
// rules in force, with no request to the site, and prints per source how
// many changed, were unchanged, had no kept page or could not be read.
// Webhooks are told only of changed titles (reprocessing is not news);
// the feeds show the new extraction at once.
func cmdReprocess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, path := newFlags("reprocess", stderr)
	lang := fs.String("source", "", "only this source (lang); default all")
	sinceFlag := fs.String("since", "", "only articles published at or after this date (2006-01-02 or RFC 3339); default all")
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return err
	}
	var since time.Time
	if *sinceFlag != "" {
		if since, err = parseSince(*sinceFlag); err != nil {
			fmt.Fprintf(stderr, "sanafeed reprocess: -since: %v\n", err)
			return errUsage
		}
	}
	a, err := openApp(cfg, newLogger(stderr, cfg.Log))
	if err != nil {
		return err
	}
	defer a.Close()
	results, err := a.poller.Reprocess(ctx, a.db, *lang, since)
	fmt.Fprintf(stdout, "%-4s %8s %10s %8s %7s\n", "lang", "changed", "unchanged", "no_page", "failed")
	for _, r := range results {
		fmt.Fprintf(stdout, "%-4s %8d %10d %8d %7d\n", r.Lang, r.Changed, r.Unchanged, r.NoPage, r.Failed)
	}
	for _, r := range results {
		for _, e := range r.Errors {
			fmt.Fprintf(stdout, "%s: %s\n", r.Lang, e)
		}
	}
	if err == nil && len(cfg.Webhooks) > 0 {
		if r, err := a.hooks.DeliverDue(ctx, webhookWait); err == nil {
			fmt.Fprintf(stdout, "webhooks: %d delivered, %d failed, %d pending\n", r.Delivered, r.Failed, r.Pending)
		}
	}
	return err
}
