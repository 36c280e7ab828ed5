package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/replica"
	"github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/websub"
)

// FuzzHTTPPaths sends sanafeed's HTTP server, as serve configures it
// over a store filled by one poll of the replica, requests with arbitrary
// methods, targets, a header and a body framed every way (none, a
// Content-Length that fits or overstates it, chunked, both, broken
// chunks), over loopback: whatever net/http's server accepts must get an
// answer, never a panic, never a 5xx but 503 from /healthz (the poller is
// not running here) or a busy hub, and a body anywhere but POST /websub
// must be refused (413) or rejected by net/http, never taken.
//
// Run it longer with: go test -run '^$' -fuzz '^FuzzHTTPPaths$' -fuzztime 10m ./cmd/sanafeed
func FuzzHTTPPaths(f *testing.F) {
	addr := fuzzServer(f)
	seeds := []struct {
		method, target, name, value string
		framing                     byte
		body                        string
	}{
		{"GET", "/", "Accept", "*/*", frameNone, ""},
		{"GET", "/feeds/en.rss", "Accept-Encoding", "gzip", frameNone, ""},
		{"GET", "/feeds/ar.atom", "If-None-Match", `W/"x", *`, frameNone, ""},
		{"GET", "/feeds/fr.json", "If-Modified-Since", "Mon, 09 Feb 2026 12:00:00 GMT", frameNone, ""},
		{"GET", "/feeds/all.json", "If-Modified-Since", "yesterday", frameNone, ""},
		{"HEAD", "/feeds/all.rss", "Range", "bytes=0-10", frameNone, ""},
		{"GET", "/feeds/ar/tags/%D8%AF%D9%85%D8%B4%D9%82.atom", "Accept-Language", "ar", frameNone, ""},
		{"GET", "/feeds/en/tags/damascus.rss?x=1&x=2", "Cookie", "a=b", frameNone, ""},
		{"GET", "/feeds/xx.rss", "X", "y", frameNone, ""},
		{"GET", "/feeds/en.xml", "X", "y", frameNone, ""},
		{"GET", "/feeds/en/tags/.rss", "X", "y", frameNone, ""},
		{"GET", "/feeds/en/tags/a/b.rss", "X", "y", frameNone, ""},
		{"GET", "/feeds.opml", "Accept-Encoding", "br, gzip;q=0", frameNone, ""},
		{"GET", "/healthz?format=json", "Accept", "application/json", frameNone, ""},
		{"GET", "/metrics", "Accept", "text/plain", frameNone, ""},
		{"POST", "/feeds/en.rss", "Content-Type", "text/plain", frameLength, "hello"},
		{"OPTIONS", "*", "X", "y", frameNone, ""},
		{"DELETE", "/", "X", "y", frameNone, ""},
		{"GET", "//feeds/../feeds/en.atom", "X", "y", frameNone, ""},
		{"GET", "/feeds/%2e%2e/en.atom", "X", "y", frameNone, ""},
		{"GET", "/feeds/en.rss%00", "X", "y", frameNone, ""},
		{"GET", "http://other.example/feeds/en.rss", "X", "y", frameNone, ""},
		{"GET", "/" + strings.Repeat("a/", 2000), "X", "y", frameNone, ""},
		// Bodies, framed every way.
		{"GET", "/feeds/en.atom", "X", "y", frameLength, "a"},
		{"GET", "/feeds/en.atom", "X", "y", frameShort, "aaaa"},
		{"HEAD", "/", "Expect", "100-continue", frameChunked, "abc"},
		{"GET", "/healthz", "X", "y", frameBoth, "abc"},
		{"PUT", "/nope", "X", "y", frameBroken, "zz\r\nabc"},
		{"POST", "/websub", "Content-Type", "application/x-www-form-urlencoded", frameLength,
			"hub.mode=subscribe&hub.topic=http%3A%2F%2Ffeeds.test%2Ffeeds%2Fen.atom&hub.callback=http%3A%2F%2F127.0.0.1%3A1%2Fcb"},
		{"POST", "/websub", "Content-Type", "application/x-www-form-urlencoded", frameChunked, "hub.mode=x"},
		{"POST", "/websub", "Content-Type", "application/x-www-form-urlencoded", frameShort, "hub.mode=subscribe"},
		{"POST", "/websub", "Content-Type", "multipart/form-data; boundary=x", frameLength, "--x\r\n\r\n--x--"},
		{"POST", "/websub", "X", "y", frameLength, strings.Repeat("a", 70<<10)},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.name, s.value, s.framing, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, method, target, name, value string, framing byte, body []byte) {
		raw := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: feeds.test\r\n%s: %s\r\n%s", method, target, name, value, frame(framing, body))
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return // net/http's server answers 400 itself
		}
		code, err := roundTrip(addr, raw, req)
		if err != nil {
			t.Fatalf("%s %q (%s: %q, %s): %v", method, target, name, value, frameNames[framing%frames], err)
		}
		websub := req.Method == http.MethodPost && req.URL.Path == "/websub"
		// 503: /healthz without a running poller; the hub with too many
		// subscriptions waiting for verification.
		if code >= 500 && !(code == http.StatusServiceUnavailable && (req.URL.Path == "/healthz" || websub)) {
			t.Errorf("%s %q (%s: %q, %s) = %d", method, target, name, value, frameNames[framing%frames], code)
		}
		if code < 100 || code > 599 {
			t.Errorf("%s %q: status %d", method, target, code)
		}
		// net/http answers OPTIONS * itself, reading at most 4 KiB of a body.
		if req.ContentLength != 0 && !websub && req.RequestURI != "*" && code < 400 {
			t.Errorf("%s %q with a body (%s) = %d: the body was taken, want 413", method, target, frameNames[framing%frames], code)
		}
	})
}

// How FuzzHTTPPaths frames a body (its framing argument, modulo frames).
const (
	frameNone    = iota // no body
	frameLength         // Content-Length: its length
	frameShort          // Content-Length: longer than it (the client stops short)
	frameChunked        // Transfer-Encoding: chunked, one chunk
	frameBoth           // chunked and a Content-Length
	frameBroken         // Transfer-Encoding: chunked, the body as the chunks as is
	frames
)

// frameNames names the framings in messages.
var frameNames = [frames]string{"no body", "Content-Length", "short Content-Length", "chunked", "chunked and Content-Length", "broken chunks"}

// frame returns the rest of a request's header, its blank line and the
// body framed as framing says.
func frame(framing byte, body []byte) string {
	switch framing % frames {
	case frameLength:
		return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
	case frameShort:
		return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body)+10, body)
	case frameChunked:
		return fmt.Sprintf("Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(body), body)
	case frameBoth:
		return fmt.Sprintf("Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(body), len(body), body)
	case frameBroken:
		return "Transfer-Encoding: chunked\r\n\r\n" + string(body)
	}
	return "\r\n"
}

// roundTrip sends raw, the request req was read from, to addr on a
// connection of its own and returns the status of the answer. An error
// means no answer came. When req's body stops short (a Content-Length
// longer than what follows, broken chunks), the connection's sending half
// is closed after it, as a client that has no more to say: the body ends
// there rather than at the server's read timeout. Only then: net/http
// takes a client's EOF for its leaving, and cancels the request's context.
func roundTrip(addr, raw string, req *http.Request) (int, error) {
	_, bodyErr := io.Copy(io.Discard, req.Body)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	conn.(*net.TCPConn).SetLinger(0) // a reset, not TIME_WAIT: fuzzing dials thousands a second
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second)) // far beyond any answer; reaching it means none came
	if _, err := io.WriteString(conn, raw); err != nil {
		return 0, err
	}
	if bodyErr != nil {
		conn.(*net.TCPConn).CloseWrite()
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// fuzzServer serves sanafeed's HTTP handler, over a store filled by one
// poll of the replica, on loopback with serve's limits, until the fuzz
// test ends, and returns its address.
func fuzzServer(f *testing.F) string {
	f.Helper()
	h, cfg := fuzzHandler(f)
	srv := httptest.NewUnstartedServer(h)
	srv.Config = server.NewHTTPServer(cfg.Server, h, newLogger(io.Discard, cfg.Log))
	srv.Start()
	f.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// fuzzHandler returns sanafeed's HTTP handler over a store filled by one
// poll of the replica, and the config it was made from.
func fuzzHandler(f *testing.F) (http.Handler, config.Config) {
	f.Helper()
	site := replica.New(replica.Options{})
	origin := httptest.NewServer(site)
	defer origin.Close()
	dir := f.TempDir()
	config := filepath.Join(dir, "sanafeed.toml")
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir = %q\npublic_url = \"http://feeds.test\"\n[poll]\ncrawl_delay = \"0s\"\nlisting_pages = 1\n",
		filepath.Join(dir, "data"))
	for _, e := range sanafeed.Editions {
		fmt.Fprintf(&b, "[[source]]\nlang = %q\nurl = %q\n", e.Lang, origin.URL+e.Path)
	}
	if err := os.WriteFile(config, []byte(b.String()), 0o644); err != nil {
		f.Fatal(err)
	}
	var out bytes.Buffer
	if code := run([]string{"poll", "-config", config}, &out, &out); code != 0 {
		f.Fatalf("poll exit %d:\n%s", code, out.String())
	}
	cfg, err := loadConfig(config)
	if err != nil {
		f.Fatal(err)
	}
	a, err := openApp(cfg, newLogger(io.Discard, cfg.Log))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { a.Close() })
	// Fuzzed subscriptions name any callback: the hub reaches none.
	if h, ok := a.pub.(*websub.Hub); ok {
		h.Client = (&testkit.Network{}).Client()
	}
	return a.server().Handler(), cfg
}
