package main

import (
	"bytes"
	"net"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed/config"
)

// serve on a busy port fails at once, saying how to choose another
// address; -listen 127.0.0.1:0 takes any free port, and the public URL,
// when it follows listen, names the port bound.
func TestServeListen(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	var out, errOut bytes.Buffer
	code := run([]string{"serve", "-demo", "-listen", busy.Addr().String()}, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "address already in use") || !strings.Contains(errOut.String(), "-listen 127.0.0.1:0") {
		t.Errorf("serve on a busy port: exit %d, stderr %q; want 1 and how to choose another address", code, errOut.String())
	}

	cfg := config.Default()
	ln, err := listenOn(&cfg, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if cfg.Listen != ln.Addr().String() || cfg.PublicURL != "http://"+ln.Addr().String() {
		t.Errorf("-listen 127.0.0.1:0: listen %q, public_url %q; want both on %s", cfg.Listen, cfg.PublicURL, ln.Addr())
	}

	cfg = config.Default()
	cfg.PublicURL = "https://feeds.example.org"
	ln2, err := listenOn(&cfg, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln2.Close()
	if cfg.PublicURL != "https://feeds.example.org" {
		t.Errorf("a public_url set apart from listen changed to %q", cfg.PublicURL)
	}
}
