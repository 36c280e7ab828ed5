package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sanafeed/sanafeed"
)

// healthReport is /healthz's JSON body.
type healthReport struct {
	Status string       `json:"status"` // "ok", "degraded" (still 200) or "unavailable"
	Time   time.Time    `json:"time"`
	Store  healthStore  `json:"store"`
	Poller healthPoller `json:"poller"`
	// Sources is each edition's last poll: when, how it went, and
	// whether its feed was stale or broken.
	Sources []sanafeed.PollResult `json:"sources,omitempty"`
}

// healthStore is the store's part of a healthReport.
type healthStore struct {
	Status     string    `json:"status"` // "ok", "degraded" (records skipped) or "error"
	Error      string    `json:"error,omitempty"`
	Generation uint64    `json:"generation"`
	LastChange time.Time `json:"last_change,omitzero"`
	// FailedWrites are the writes that failed and have not succeeded
	// since (see Server.ObserveWrite).
	FailedWrites []failedWrite `json:"failed_writes,omitempty"`
	// CorruptRecords is how many records that do not decode the store has
	// skipped: the feeds lack them, so the state is "degraded".
	CorruptRecords int `json:"corrupt_records,omitempty"`
}

// corruptCounter is a Store that counts the records it skipped because
// they do not decode; *store.DB is one.
type corruptCounter interface {
	Corrupt() int
}

// healthPoller is the poller's part of a healthReport.
type healthPoller struct {
	Status string `json:"status"` // "ok", "error" or "unchecked" (no Health func)
	Error  string `json:"error,omitempty"`
}

// serveHealth serves /healthz: 200 when the store answers Ping, no store
// write has failed without succeeding since (ObserveWrite) and Health
// passes, 503 with the reasons otherwise. The body is "ok" or the reason as
// plain text, or a healthReport with ?format=json or Accept: application/json.
// A store that skipped corrupt records is "degraded" but still 200: every
// other article is served, and restarting would not mend the file.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	rep, reasons := s.checkHealth(ctx)
	code := http.StatusOK
	if len(reasons) > 0 {
		rep.Status, code = "unavailable", http.StatusServiceUnavailable
		s.log().Warn("health check failed", "reason", strings.Join(reasons, "; "))
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if wantsJSON(r) {
		writeHealthJSON(w, r, code, rep)
		return
	}
	if len(reasons) == 0 && rep.Status == "degraded" {
		reasons = []string{"degraded", fmt.Sprintf("store: %d corrupt records skipped (see the log; sanafeed check -store)", rep.Store.CorruptRecords)}
	}
	writeHealthText(w, r, code, reasons)
}

// checkHealth runs the checks: the store's Ping and failed writes, the
// Health func and the last polls, if set. It returns the report, its
// Status "ok", and the reasons it is not, one per failed check.
func (s *Server) checkHealth(ctx context.Context) (healthReport, []string) {
	rep := healthReport{
		Status: "ok",
		Time:   s.now().UTC(),
		Store:  healthStore{Status: "ok", Generation: s.Store.Generation(), LastChange: s.Store.LastChange()},
		Poller: healthPoller{Status: "unchecked"},
	}
	var reasons []string
	var storeErrs []string
	if err := s.Store.Ping(ctx); err != nil {
		storeErrs = append(storeErrs, err.Error())
	}
	rep.Store.FailedWrites = s.writes.list()
	for _, f := range rep.Store.FailedWrites {
		storeErrs = append(storeErrs, f.reason())
	}
	for _, e := range storeErrs {
		reasons = append(reasons, "store: "+e)
	}
	if len(storeErrs) > 0 {
		rep.Store.Status, rep.Store.Error = "error", strings.Join(storeErrs, "; ")
	}
	if c, ok := s.Store.(corruptCounter); ok {
		if n := c.Corrupt(); n > 0 {
			rep.Status, rep.Store.CorruptRecords = "degraded", n
			if rep.Store.Status == "ok" {
				rep.Store.Status = "degraded"
			}
		}
	}
	if s.Health != nil {
		rep.Poller.Status = "ok"
		if err := s.Health(ctx); err != nil {
			rep.Poller.Status, rep.Poller.Error = "error", err.Error()
			reasons = append(reasons, "poller: "+err.Error())
		}
	}
	if s.LastPoll != nil {
		polls, err := s.LastPoll(ctx)
		if err != nil {
			reasons = append(reasons, "store: "+err.Error())
		}
		for _, e := range sanafeed.Editions {
			if p, ok := polls[e.Lang]; ok {
				rep.Sources = append(rep.Sources, p)
			}
		}
	}
	return rep, reasons
}

// writeHealthJSON answers code with rep as indented JSON.
func writeHealthJSON(w http.ResponseWriter, r *http.Request, code int, rep healthReport) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if r.Method == http.MethodHead {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(rep) // the client may be gone; nothing to do then
}

// writeHealthText answers code as plain text: "ok", or the reasons (or
// "degraded" and why), one a line.
func writeHealthText(w http.ResponseWriter, r *http.Request, code int, reasons []string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	if r.Method == http.MethodHead {
		return
	}
	if len(reasons) == 0 {
		w.Write([]byte("ok\n"))
		return
	}
	w.Write([]byte(strings.Join(reasons, "\n") + "\n"))
}

// wantsJSON reports whether r asks for the JSON health report.
func wantsJSON(r *http.Request) bool {
	if f := r.URL.Query().Get("format"); f != "" {
		return f == "json"
	}
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}
