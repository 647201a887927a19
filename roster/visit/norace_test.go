//go:build !race

package visit_test

// raceEnabled: the race detector slows the search some twenty times.
const raceEnabled = false
