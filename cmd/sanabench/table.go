package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// A row is one line of the results table.
type row struct {
	name, value, target string
	status              string // "PASS", "FAIL" or "" for a plain figure
}

// add adds a plain figure.
func (b *bench) add(name, value, target string) {
	b.rows = append(b.rows, row{name: name, value: value, target: target})
}

// check adds a figure with a target.
func (b *bench) check(name, value, target string, ok bool) {
	st := "PASS"
	if !ok {
		st = "FAIL"
	}
	b.rows = append(b.rows, row{name: name, value: value, target: target, status: st})
}

// ratio adds got against limit with their ratio and a target.
func (b *bench) ratio(name string, got, limit float64, target string, ok bool, unit string) {
	v := fmt.Sprintf(unit+" vs "+unit+" = %.2f×", got, limit, got/limit)
	b.check(name, v, target, ok)
}

// print writes the table and returns how many targets failed.
func (b *bench) print(w io.Writer) int {
	mode := "full"
	if b.short {
		mode = "short (targets not enforced)"
	}
	if b.only == "freshness" {
		fmt.Fprintf(w, "\nsanabench, %s: freshness only\n\n", mode)
	} else {
		fmt.Fprintf(w, "\nsanabench, %s: replica %d articles, memory %d articles (%d a day), wrk -t2 -c64 -d%s, %d rounds\n\n",
			mode, b.articles, b.memArts, b.memRate, b.wrkDur, b.rounds)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\tfigure\ttarget\tresult")
	failed := 0
	for _, r := range b.rows {
		st := r.status
		if st == "" {
			st = "-"
		}
		if st == "FAIL" {
			failed++
		}
		t := r.target
		if t == "" {
			t = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.name, r.value, t, st)
	}
	tw.Flush()
	return failed
}
