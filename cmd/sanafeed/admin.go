package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/store"
)

// The admin socket: a running `serve` answers `sanafeed status` and
// `sanafeed webhooks` (and its enable and retry) on a Unix socket in its
// data_dir, readable by its own user only, never on `listen`. bbolt lets
// one process hold the store, so while serve runs the commands ask it;
// when none runs they open the store themselves.

// adminSocketName is the admin socket's file name in data_dir.
const adminSocketName = "sanafeed.sock"

// adminSocket returns the admin socket's path for the store in dataDir.
func adminSocket(dataDir string) string { return filepath.Join(dataDir, adminSocketName) }

// A statusReport is what `sanafeed status` shows.
type statusReport struct {
	// Live reports that a running serve answered (its schedule is known);
	// else the store was read and Next is unknown.
	Live     bool                     `json:"live"`
	Articles int                      `json:"articles"`
	Sources  []sanafeed.SourceStatus  `json:"sources"`
	Webhooks []sanafeed.EndpointStats `json:"webhooks"`
}

// serveAdmin answers the admin requests on the socket in the data dir
// until the returned stop is called. A socket that cannot be made (a path
// too long for a Unix socket, a read-only dir) is logged: serve runs on,
// and the commands say how to reach it.
func (a *app) serveAdmin() (stop func()) {
	path := adminSocket(a.cfg.DataDir)
	_ = os.Remove(path) // a stale socket from a serve that was killed: the store lock says none runs now
	ln, err := net.Listen("unix", path)
	if err != nil {
		a.log.Warn("no admin socket: status and webhooks cannot ask this serve", "path", path, "err", err)
		return func() {}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		a.log.Warn("no admin socket: cannot restrict it to this user", "path", path, "err", err)
		return func() {}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
		rep, err := a.status(r.Context(), true)
		writeAdmin(w, rep, err)
	})
	mux.HandleFunc("POST /webhooks/enable", func(w http.ResponseWriter, r *http.Request) {
		n, err := a.webhookAction(r.Context(), "enable", r.FormValue("url"))
		writeAdmin(w, n, err)
	})
	mux.HandleFunc("POST /webhooks/retry", func(w http.ResponseWriter, r *http.Request) {
		n, err := a.webhookAction(r.Context(), "retry", r.FormValue("url"))
		writeAdmin(w, n, err)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
		_ = os.Remove(path)
	}
}

// writeAdmin writes v as JSON, or err as a 500 with its message.
func writeAdmin(w http.ResponseWriter, v any, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// status returns the report of a's store and, when live, its poller.
func (a *app) status(ctx context.Context, live bool) (statusReport, error) {
	rep := statusReport{Live: live}
	var err error
	if rep.Articles, err = a.db.Count(ctx, ""); err != nil {
		return rep, err
	}
	if rep.Webhooks, err = a.db.WebhookStats(ctx); err != nil {
		return rep, err
	}
	if live {
		rep.Sources = a.poller.Status()
		return rep, nil
	}
	last, err := a.db.LastPoll(ctx)
	if err != nil {
		return rep, err
	}
	for _, src := range a.cfg.Sources {
		st := sanafeed.SourceStatus{Lang: src.Lang, Last: last[src.Lang]}
		if r, ok, err := a.db.LastSuccess(ctx, src.Lang); err == nil && ok {
			st.LastSuccess = r.Started.Add(r.Duration)
		}
		rep.Sources = append(rep.Sources, st)
	}
	return rep, nil
}

// webhookAction enables the endpoint at rawURL, or makes its deliveries
// (every endpoint's when rawURL is "") due now, and returns how many
// endpoints or deliveries it changed.
func (a *app) webhookAction(ctx context.Context, action, rawURL string) (int, error) {
	stats, err := a.db.WebhookStats(ctx)
	if err != nil {
		return 0, err
	}
	var ids []string
	for _, s := range stats {
		if rawURL == "" || s.URL == rawURL {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		return 0, fmt.Errorf("no configured webhook with url %s", sanafeed.RedactURL(rawURL))
	}
	n := 0
	for _, id := range ids {
		switch action {
		case "enable":
			if err := a.db.EnableEndpoint(ctx, id); err != nil {
				return n, err
			}
			n++
		case "retry":
			k, err := a.db.RetryDeliveries(ctx, id)
			if err != nil && rawURL != "" {
				return n, err // all: a disabled endpoint is skipped
			}
			n += k
		}
	}
	a.hooks.Notify() // wake the dispatcher: deliveries are due now
	return n, nil
}

// adminClient returns a client of the admin socket in dataDir, or nil
// when no serve answers there.
func adminClient(ctx context.Context, dataDir string) *http.Client {
	path := adminSocket(dataDir)
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://sanafeed/status", nil)
	if err != nil {
		return nil
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil
	}
	resp.Body.Close()
	return c
}

// askAdmin sends a request to the running serve and decodes its answer
// into v.
func askAdmin(ctx context.Context, c *http.Client, method, path string, form url.Values, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, "http://sanafeed"+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("the running serve: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the running serve: %s", strings.TrimSpace(string(body)))
	}
	return json.Unmarshal(body, v)
}

// liveOrStore runs live with a client of the running serve when one
// answers on the admin socket, else stored with the store opened.
func liveOrStore(ctx context.Context, cfg config.Config, stderr io.Writer,
	live func(c *http.Client) error, stored func(a *app) error) error {
	if c := adminClient(ctx, cfg.DataDir); c != nil {
		return live(c)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, store.FileName)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no store in %s: nothing was polled with this data_dir yet (-config or -data may name another)", cfg.DataDir)
	}
	a, err := openApp(cfg, newLogger(stderr, cfg.Log))
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("%w; a running serve answers these commands on %s, which does not answer", err, adminSocket(cfg.DataDir))
		}
		return err
	}
	defer a.Close()
	return stored(a)
}

// newTable returns a writer of aligned columns.
func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

// printStatus writes rep for a person, webhooks by their names (by id).
func printStatus(w io.Writer, rep statusReport, names map[string]string) {
	if rep.Live {
		fmt.Fprintln(w, "sanafeed status: a running serve answered")
	} else {
		fmt.Fprintln(w, "sanafeed status: from the store (no serve running; next polls unknown)")
	}
	fmt.Fprintf(w, "articles: %d\n\n", rep.Articles)
	tw := newTable(w)
	fmt.Fprintln(tw, "lang\tstate\tlast_poll\tlast_success\tnext\tfailures\tlast_error")
	for _, s := range rep.Sources {
		state, last := "-", "-"
		if !s.Last.Started.IsZero() {
			state, last = s.Last.State(), timeOrDash(s.Last.Started)
		}
		next := "-"
		if rep.Live {
			next = timeOrDash(s.Next)
		}
		lastErr := "-"
		if s.LastError != "" {
			lastErr = timeOrDash(s.LastErrorAt) + " " + s.LastError
		} else if s.Last.Err != "" {
			lastErr = s.Last.Err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", s.Lang, state, last, timeOrDash(s.LastSuccess), next, s.Failures, lastErr)
	}
	tw.Flush()
	if len(rep.Webhooks) > 0 {
		fmt.Fprintln(w)
		printWebhooks(w, rep.Webhooks, names)
	}
}

// printWebhooks writes the endpoints' delivery counts, each by its name
// (names, by id; else its id) and its URL without userinfo and query.
func printWebhooks(w io.Writer, stats []sanafeed.EndpointStats, names map[string]string) {
	tw := newTable(w)
	fmt.Fprintln(tw, "name\turl\tpending\tfailed\tdelivered\tstate\tlast_success\tlast_error")
	for _, s := range slices.Clone(stats) {
		state := "enabled"
		if s.Disabled {
			state = "disabled (410 Gone; sanafeed webhooks enable URL)"
		}
		name := cmp.Or(names[s.ID], s.ID)
		// URLs may carry tokens; errors recorded before they were
		// redacted may quote them whole.
		shown := sanafeed.RedactURL(s.URL)
		lastErr := "-"
		if s.LastError != "" {
			lastErr = s.LastErrorAt.UTC().Format(time.RFC3339) + " " + strings.ReplaceAll(s.LastError, s.URL, shown)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", name, shown, s.Pending, s.Failed, s.Delivered, state,
			timeOrDash(s.LastSuccess), lastErr)
	}
	tw.Flush()
}
