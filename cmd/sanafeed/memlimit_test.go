package main

import (
	"log/slog"
	"math"
	"runtime/debug"
	"testing"

	"github.com/sanafeed/sanafeed/config"
)

// openWithLimit opens the app over a new data dir with [server]
// memory_limit set to limit, closes it and returns the runtime's memory
// limit then.
func openWithLimit(t *testing.T, limit config.Bytes) int64 {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Server.MemoryLimit = limit
	a, err := openApp(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	return debug.SetMemoryLimit(-1)
}

func TestMemoryLimitFromConfig(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "") // unset for this test: the config decides
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	if got := openWithLimit(t, config.Default().Server.MemoryLimit); got != config.DefaultMemoryLimit {
		t.Errorf("limit with the default config = %d, want %d", got, int64(config.DefaultMemoryLimit))
	}
	if got := openWithLimit(t, 48<<20); got != 48<<20 {
		t.Errorf("limit with memory_limit = \"48MiB\" = %d, want %d", got, 48<<20)
	}
	if got := openWithLimit(t, 0); got != math.MaxInt64 {
		t.Errorf("limit with memory_limit = \"off\" = %d, want none (%d)", got, int64(math.MaxInt64))
	}
}

func TestMemoryLimitLeftToGOMEMLIMIT(t *testing.T) {
	// The runtime read GOMEMLIMIT at start; the test stands in for it.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(200 << 20))
	t.Setenv("GOMEMLIMIT", "200MiB")
	if got := openWithLimit(t, 48<<20); got != 200<<20 {
		t.Errorf("limit with GOMEMLIMIT=200MiB and memory_limit = \"48MiB\" = %d, want GOMEMLIMIT's %d", got, 200<<20)
	}
}
