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
// is read from ../shared/data/ntrex; without it that set is skipped. The
// two sets are evaluated in parallel, each as `-check` with its own flag;
// TestFlagsChooseSets checks that the two flags together, or neither,
// choose both.
func TestCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	dir := "../../../shared/data/ntrex"
	if _, err := os.Stat(dir); err != nil {
		t.Logf("NTREX data absent at %s: evaluating the replica only", dir)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string // in the output
	}{
		{"replica", []string{"-check", "-replica"}, "replica"},
		{"ntrex", []string{"-check", "-ntrex", dir}, "NTREX"},
		{"reposts", []string{"-check", "-reposts"}, "siblings folded 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := run(tt.args, &out)
			t.Log("\n" + out.String())
			if errors.Is(err, errMissed) {
				t.Fatal(err)
			}
			if err != nil {
				t.Fatalf("linkeval: %v", err)
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("no %s figures in the output", tt.want)
			}
		})
	}
}

// TestFlagsChooseSets checks which sets -replica and -ntrex choose: both
// without either, one alone, both together.
func TestFlagsChooseSets(t *testing.T) {
	for _, tt := range []struct {
		args                    []string
		replica, ntrex, reposts bool
	}{
		{nil, true, true, false},
		{[]string{"-check"}, true, true, false},
		{[]string{"-replica"}, true, false, false},
		{[]string{"-ntrex", "x"}, false, true, false},
		{[]string{"-ntrex", "x", "-replica"}, true, true, false},
		{[]string{"-reposts"}, false, false, true},
		{[]string{"-reposts", "-replica"}, true, false, true},
		{[]string{"-tags"}, false, false, false},
		{[]string{"-tags", "-replica"}, true, false, false},
	} {
		c, err := parseFlags(tt.args)
		if err != nil || c.replica != tt.replica || c.ntrex != tt.ntrex || c.reposts != tt.reposts {
			t.Errorf("parseFlags(%q): replica %v, ntrex %v, reposts %v, %v; want %v, %v, %v",
				tt.args, c.replica, c.ntrex, c.reposts, err, tt.replica, tt.ntrex, tt.reposts)
		}
	}
}
