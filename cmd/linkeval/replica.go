package main

import (
	"fmt"
	"io"
)

// evalReplica is a placeholder until the replica package builds.
func evalReplica(c config, w io.Writer) ([]string, error) {
	fmt.Fprintln(w, "replica: not yet available")
	return nil, nil
}
