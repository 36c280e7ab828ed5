package packaging_test

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/sanafeed/sanafeed/config"
)

// root is the repository's root, from this package's directory.
const root = "../.."

// readFile returns the text of the file at rel, a path from the root.
func readFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// loadConfig loads the config file at rel, a path from the root.
func loadConfig(t *testing.T, rel string) config.Config {
	t.Helper()
	c, err := config.Load(filepath.Join(root, rel))
	if err != nil {
		t.Fatalf("config %s: %v", rel, err)
	}
	return c
}

// splitListen returns the host and port of a listen address.
func splitListen(t *testing.T, listen string) (host, port string) {
	t.Helper()
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		t.Fatalf("listen %q: %v", listen, err)
	}
	return host, port
}
