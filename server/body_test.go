package server

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// failsafe bounds every wait on the server in these tests: far longer
// than anything the server is meant to take, so reaching it means the
// server held the connection.
const failsafe = 10 * time.Second

// drip sends conn the request head, then one byte of body (a chunk of
// one byte when chunked) per tick, as a slowloris client does, until a
// write fails or the test ends. It returns a channel closed when it stops.
func drip(t *testing.T, conn net.Conn, head string, chunked bool) <-chan struct{} {
	t.Helper()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	piece := "a"
	if chunked {
		piece = "1\r\na\r\n"
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-t.Context().Done():
				return
			case <-tick.C:
			}
			if _, err := io.WriteString(conn, piece); err != nil {
				return // the server closed the connection
			}
		}
	}()
	return stopped
}

// A request with a body, however slowly it comes, to a route that takes
// none is refused at once with 413 and its connection closed: nothing
// waits for the body. Before, the server read up to 256 KiB of it to
// keep the connection (net/http discards an unread body), so a body
// dripped a byte at a time held the connection and its file descriptor
// without end, and the answer never came.
func TestBodyRefused(t *testing.T) {
	_, _, h := newTest(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tests := []struct {
		name, head string
		chunked    bool
	}{
		{"GET with Content-Length", "GET /feeds/en.atom HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n", false},
		{"HEAD chunked", "HEAD / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", true},
		{"POST to a feed", "POST /feeds/en.rss HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n", false},
		{"PUT to no route", "PUT /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", false},
		{"GET /healthz expecting 100-continue", "GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 200000\r\n\r\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			conn.SetReadDeadline(time.Now().Add(failsafe))
			stopped := drip(t, conn, tt.head, tt.chunked)
			defer func() {
				conn.Close()
				<-stopped
			}()
			br := bufio.NewReader(conn)
			method, _, _ := strings.Cut(tt.head, " ")
			resp, err := http.ReadResponse(br, &http.Request{Method: method})
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("no answer while the body dripped: the server waits for it")
			}
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !resp.Close {
				t.Errorf("answer %d, Connection: close %v; want 413 and the connection closed", resp.StatusCode, resp.Close)
			}
			if _, err := br.ReadByte(); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("after the answer: read %v; want the connection closed by the server", err)
			}
		})
	}
}

// A POST to /websub, the one route that reads a body, gets it, capped at
// maxBody: a larger declared length is refused before the hub sees the
// request, a larger chunked body fails the hub's read.
func TestWebSubBodyCapped(t *testing.T) {
	var got []string // what the hub read, or its error
	hub := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			got = append(got, "error: "+err.Error())
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		got = append(got, string(b))
		w.WriteHeader(http.StatusAccepted)
	})
	_, _, h := newTest(t, func(s *Server) { s.WebSub = hub })
	post := func(body string, length int64) int {
		r := httptest.NewRequest("POST", "/websub", strings.NewReader(body))
		r.ContentLength = length
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	form := "hub.mode=subscribe"
	big := strings.Repeat("a", maxBody+1)
	if code := post(form, int64(len(form))); code != http.StatusAccepted || len(got) != 1 || got[0] != form {
		t.Errorf("POST a form: %d, hub read %q; want 202 and the form", code, got)
	}
	if code := post(big, int64(len(big))); code != http.StatusRequestEntityTooLarge || len(got) != 1 {
		t.Errorf("POST %d bytes: %d, hub read %d bodies; want 413 and the hub not asked", len(big), code, len(got)-1)
	}
	if code := post(big, -1); code != http.StatusRequestEntityTooLarge || len(got) != 2 || !strings.HasPrefix(got[1], "error: ") {
		t.Errorf("POST %d bytes chunked: %d, hub read %.40q; want 413 and the read cut off", len(big), code, got[1:])
	}
	if code := do(h, "GET", "/websub").Code; code != http.StatusAccepted {
		t.Errorf("GET /websub without a body: %d, want the hub's answer", code)
	}
}
