//go:build !race

package fetch

// raceEnabled reports whether the race detector is on: it slows parsing
// tenfold, so the timing tests shrink their inputs.
const raceEnabled = false
