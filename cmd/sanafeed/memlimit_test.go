package main

import (
	"log/slog"
	"math"
	"runtime/debug"
	"testing"

	"github.com/sanafeed/sanafeed/config"
)

// openWithLimit sets the memory limit as serve does for [server]
// memory_limit = limit, and returns the runtime's memory limit then.
func openWithLimit(t *testing.T, limit config.Bytes) int64 {
	t.Helper()
	setMemoryLimit(limit)
	return debug.SetMemoryLimit(-1)
}

// TestOneShotCommandsLeaveTheLimit opens the app as poll, backfill and
// the other one-shot commands do: the memory limit is serve's alone.
func TestOneShotCommandsLeaveTheLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Server.MemoryLimit = 48 << 20
	a, err := openApp(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit after opening the app for a one-shot command = %d, want none", got)
	}
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
