package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// healthcheck exits 0 on a 200, 1 on anything else or no answer, 2 on
// a bad command line, and prints nothing on success.
func TestHealthcheck(t *testing.T) {
	t.Parallel()
	var status atomic.Int32
	status.Store(http.StatusOK)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.Redirect(w, r, "https://elsewhere.example/healthz", http.StatusFound)
			return
		}
		w.WriteHeader(int(status.Load()))
	}))
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	for _, tt := range []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"healthy", []string{srv.URL + "/healthz"}, 0, ""},
		{"redirect off host", []string{srv.URL + "/other"}, 1, "redirected to another host"},
		{"no answer", []string{"-timeout", "2s", dead.URL + "/healthz"}, 1, "connection refused"},
		{"no url", nil, 2, "usage"},
		{"not http", []string{"ftp://x/healthz"}, 2, "not an http(s) URL"},
	} {
		code, out := runOut(append([]string{"healthcheck"}, tt.args...)...)
		if code != tt.code || (tt.out == "" && out != "") || !strings.Contains(out, tt.out) {
			t.Errorf("%s: exit %d, output %q; want %d and %q", tt.name, code, out, tt.code, tt.out)
		}
	}
	status.Store(http.StatusServiceUnavailable)
	if code, out := runOut("healthcheck", srv.URL+"/healthz"); code != 1 || !strings.Contains(out, "503") {
		t.Errorf("unhealthy: exit %d, %q; want 1 and the status", code, out)
	}
	srv.Close()
}
