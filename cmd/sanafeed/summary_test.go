package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed/replica"
)

// pollCode runs `sanafeed poll` in-process and returns its exit code,
// standard output and standard error.
func (w *world) pollCode() (int, string, string) {
	w.t.Helper()
	var out, errOut bytes.Buffer
	code := run([]string{"poll", "-config", w.config}, &out, &errOut)
	return code, out.String(), errOut.String()
}

// summaryRow returns the fields of the summary row of lang.
func summaryRow(t *testing.T, summary, lang string) []string {
	t.Helper()
	table, _, _ := strings.Cut(summary, "\n\n")
	for _, l := range strings.Split(table, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == lang {
			return f
		}
	}
	t.Fatalf("no summary row for %s:\n%s", lang, summary)
	return nil
}

// A feed that fails is shown as failed in the feed column, the edition
// as partial (its pages were read), and its error once, under the table,
// not in the log as well.
func TestSummaryFeedFailed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.site.SetFault("fr", "/fr/feed/", replica.Fault{Kind: replica.Fault500})
	code, out, errOut := w.pollCode()
	if code != 0 {
		t.Fatalf("poll exit %d with one feed failing; want 0\n%s%s", code, out, errOut)
	}
	// lang state new updated unchanged failed requests not_modified feed …
	if f := summaryRow(t, out, "fr"); f[1] != "partial" || f[8] != "failed" {
		t.Errorf("fr row %q: want state partial, feed failed\n%s", f, out)
	}
	if f := summaryRow(t, out, "en"); f[1] != "ok" || strings.Contains(f[8], "failed") {
		t.Errorf("en row %q: want ok\n%s", f, out)
	}
	const reason = "500 Internal Server Error"
	if n := strings.Count(out+errOut, reason); n != 1 {
		t.Errorf("%q appears %d times in the output, want once\nstdout:\n%s\nstderr:\n%s", reason, n, out, errOut)
	}
	_, problems, ok := strings.Cut(out, "\nproblems:\n")
	if !ok || !strings.Contains(problems, "fr (partial):") || !strings.Contains(problems, reason) {
		t.Errorf("no problems block naming fr's feed:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "fr ") && strings.Contains(l, reason) {
			t.Errorf("the error is in the table row: %q", l)
		}
	}
}

// When no source can be polled, poll says so and exits 1; when one can,
// it exits 0.
func TestPollExitsOneWhenAllFail(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	down := downOrigin(t)
	w.rewriteConfig(w.origin.URL, down.URL, -1)
	code, out, errOut := w.pollCode()
	if code != 1 {
		t.Errorf("poll exit %d with every edition failing; want 1\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "no source could be polled") {
		t.Errorf("stderr does not say no source could be polled:\n%s", errOut)
	}
	for _, lang := range []string{"ar", "en", "tr", "fr", "es", "ku"} {
		if f := summaryRow(t, out, lang); f[1] != "failed" || f[5] == "0" || f[8] != "failed" {
			t.Errorf("%s row %q: want state failed, failed > 0, feed failed", lang, f)
		}
	}
	w.rewriteConfig(down.URL, w.origin.URL, -1) // every edition healthy again
	w.rewriteConfig(w.origin.URL+"/en/", down.URL+"/en/", 1)
	if code, out, errOut := w.pollCode(); code != 0 {
		t.Errorf("poll exit %d with one edition failing; want 0\n%s%s", code, out, errOut)
	}
}

// backfill, like poll, exits 1 when no edition could be listed.
func TestBackfillExitsOneWhenAllFail(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.rewriteConfig(w.origin.URL, downOrigin(t).URL, -1)
	var out, errOut bytes.Buffer
	code := run([]string{"backfill", "-config", w.config, "-since", "2026-01-01"}, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "no edition could be listed") {
		t.Errorf("backfill with every edition down: exit %d, stderr %q; want 1, no edition could be listed", code, errOut.String())
	}
}

// downOrigin returns a server that answers every request 500; it is
// closed when the test ends.
func downOrigin(t *testing.T) *httptest.Server {
	t.Helper()
	down := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, "maintenance", http.StatusInternalServerError)
	}))
	t.Cleanup(down.Close)
	return down
}

// rewriteConfig replaces the first n (all when n < 0) occurrences of old
// with repl in w's config file.
func (w *world) rewriteConfig(old, repl string, n int) {
	w.t.Helper()
	cfg, err := os.ReadFile(w.config)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(w.config, []byte(strings.Replace(string(cfg), old, repl, n)), 0o644); err != nil {
		w.t.Fatal(err)
	}
}
