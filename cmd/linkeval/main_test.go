package main

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestCheck runs the evaluation as CI does (go run ./cmd/linkeval -check):
// it fails when linking misses a target on the replica or on NTREX. NTREX
// is read from ../shared/data/ntrex; without it that set is skipped.
func TestCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	dir := "../../../shared/data/ntrex"
	if _, err := os.Stat(dir); err != nil {
		t.Logf("NTREX data absent at %s: evaluating the replica only", dir)
	}
	var out bytes.Buffer
	err := run([]string{"-check", "-ntrex", dir, "-replica"}, &out)
	t.Log("\n" + out.String())
	if errors.Is(err, errMissed) {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatalf("linkeval: %v", err)
	}
	if !strings.Contains(out.String(), "replica") {
		t.Errorf("no replica figures in the output")
	}
}
