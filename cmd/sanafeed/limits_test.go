package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/server"
)

// failsafe bounds every wait on the server in these tests, far beyond
// the limits they configure: reaching it means the server held on.
const failsafe = 15 * time.Second

// A served is `sanafeed serve` running over a world's config.
type served struct {
	addr    string              // host:port it serves on
	metrics string              // host:port of metrics_listen; "" when unset
	logs    *testkit.SyncBuffer // its standard error: the log
	stop    func()              // stops it and waits; the test's end does too
}

// serveWorld runs `sanafeed serve` over w's config, with extra appended
// to it (tables: top-level keys belong before the [[source]] tables), on
// a free loopback port until stop or the test's end.
func serveWorld(t *testing.T, w *world, extra string) *served {
	t.Helper()
	text, err := os.ReadFile(w.config)
	testkit.Check(t, err)
	testkit.Check(t, os.WriteFile(w.config, append(text, extra...), 0o644))
	ctx, cancel := context.WithCancel(t.Context())
	var out, errOut testkit.SyncBuffer
	done := make(chan error, 1)
	go func() { done <- cmdServe(ctx, []string{"-config", w.config, "-listen", "127.0.0.1:0"}, &out, &errOut) }()
	s := &served{logs: &errOut}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v\n%s", err, errOut.String())
			}
		})
	}
	t.Cleanup(s.stop)
	addr := regexp.MustCompile(`serving on http://([0-9.:]+)`)
	metrics := regexp.MustCompile(`metrics on http://([0-9.:]+)`)
	testkit.WaitFor(t, "serve to listen", func() bool {
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s", err, errOut.String())
		default:
		}
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			s.addr = m[1]
		}
		if m := metrics.FindStringSubmatch(out.String()); m != nil {
			s.metrics = m[1]
		}
		return s.addr != "" && (s.metrics != "" || !strings.Contains(string(text), "metrics_listen"))
	})
	return s
}

// dripTo dials addr, sends head, then one byte per tick until a write
// fails (the server closed) or the connection is closed by the caller.
// The connection's reads fail after failsafe.
func dripTo(t *testing.T, addr, head string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	testkit.Check(t, err)
	conn.SetReadDeadline(time.Now().Add(failsafe))
	_, err = io.WriteString(conn, head)
	testkit.Check(t, err)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if _, err := conn.Write([]byte("a")); err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		conn.Close()
		<-stopped
	})
	return conn
}

// serve holds no client longer than server.read_timeout while it sends
// its request: a body or header dripped a byte at a time is cut off and
// the connection closed by the server (before, with no read timeout, a
// dripped body to POST /websub or an unread one on a GET held the
// connection, and its file descriptor, for as long as the client liked).
func TestServeCutsOffSlowRequests(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	addr := serveWorld(t, w, "\n[server]\nread_timeout = \"500ms\"\n").addr
	tests := []struct {
		name, head string
		status     int // the answer before the close; 0: none, the connection just closes
	}{
		{"GET with a dripped body", "GET /feeds/en.atom HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n", http.StatusRequestEntityTooLarge},
		{"POST /websub with a dripped body", "POST /websub HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nhub.mode=", http.StatusBadRequest},
		{"dripped header", "GET /feeds/en.atom HTTP/1.1\r\nHost: x\r\nX-Slow: ", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn := dripTo(t, addr, tt.head)
			br := bufio.NewReader(conn)
			if tt.status != 0 {
				resp, err := http.ReadResponse(br, nil)
				if errors.Is(err, os.ErrDeadlineExceeded) {
					t.Fatalf("no answer in %s while the request dripped: the server waits for it", failsafe)
				}
				testkit.Check(t, err)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.status {
					t.Errorf("answer %d, want %d", resp.StatusCode, tt.status)
				}
			}
			_, err := io.Copy(io.Discard, br) // to the server's close
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("connection still open after %s while the request dripped: the server waits for it", failsafe)
			}
		})
	}
}

// serve accepts at most server.max_connections connections at once: with
// that many held open, one more is not served until one of them closes,
// and then it is (before, every connection was accepted, whatever their
// number, until the process ran out of file descriptors and served no one).
func TestServeMaxConnections(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	addr := serveWorld(t, w, "\n[server]\nmax_connections = 2\n").addr
	get := "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
	// ask sends a request on conn and reads the answer; it returns the
	// read error (os.ErrDeadlineExceeded when none came by deadline).
	ask := func(conn net.Conn, br *bufio.Reader, deadline time.Time) error {
		conn.SetReadDeadline(deadline)
		if _, err := io.WriteString(conn, get); err != nil {
			return err
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return err
	}
	// Two kept-alive connections, each answered once, so accepted: the limit.
	var held []net.Conn
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		testkit.Check(t, err)
		defer conn.Close()
		if err := ask(conn, bufio.NewReader(conn), time.Now().Add(failsafe)); err != nil {
			t.Fatalf("a connection under the limit: %v", err)
		}
		held = append(held, conn)
	}
	extra, err := net.Dial("tcp", addr) // the kernel completes it; serve does not accept it
	testkit.Check(t, err)
	defer extra.Close()
	br := bufio.NewReader(extra)
	// A failure here can only be missed on a slow machine, never invented.
	if err := ask(extra, br, time.Now().Add(300*time.Millisecond)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a third connection with two held and max_connections = 2: %v; want no answer while the two are held", err)
	}
	held[0].Close()
	extra.SetReadDeadline(time.Now().Add(failsafe))
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("after one held connection closed, the waiting one: %v; want it answered", err)
	}
	resp.Body.Close()
}

// The limits shape the http.Server: the header must come within
// read_timeout when it is shorter than 10 s.
func TestNewHTTPServer(t *testing.T) {
	cfg := mustConfig(t, "[server]\nread_timeout = \"3s\"\nwrite_timeout = \"7s\"\n")
	srv := server.NewHTTPServer(cfg.Server, http.NotFoundHandler(), newLogger(io.Discard, cfg.Log))
	if srv.ReadHeaderTimeout != 3*time.Second || srv.ReadTimeout != 3*time.Second || srv.WriteTimeout != 7*time.Second ||
		srv.IdleTimeout != server.IdleTimeout || srv.MaxHeaderBytes != server.MaxHeaderBytes {
		t.Errorf("newHTTPServer: header %s, read %s, write %s, idle %s, max header %d",
			srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	cfg = mustConfig(t, "")
	if srv := server.NewHTTPServer(cfg.Server, http.NotFoundHandler(), newLogger(io.Discard, cfg.Log)); srv.ReadHeaderTimeout != server.HeaderTimeout ||
		srv.ReadTimeout != 30*time.Second || srv.WriteTimeout != time.Minute {
		t.Errorf("NewHTTPServer(defaults): header %s, read %s, write %s", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout)
	}
}

// mustConfig parses text over the defaults.
func mustConfig(t *testing.T, text string) config.Config {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader(text))
	testkit.Check(t, err)
	return cfg
}
