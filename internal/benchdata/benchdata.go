// Package benchdata finds the public data that some tests read (benchmark
// instances, the Omaha taxonomy's source file): the directory named by
// WIJK_DATA, by default ../shared/data beside the module root. Tests that
// need it skip when it is absent, so the module's tests pass on a machine
// without the data.
//
// (It is not called testdata: the go tool skips directories of that name,
// so ./... would leave this package out of vet and the linters.)
package benchdata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvDir names the environment variable that points at the data.
const EnvDir = "WIJK_DATA"

// Dir returns the data directory sub (e.g. "curtois") and skips the test
// when it does not exist.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	base := os.Getenv(EnvDir)
	if base == "" {
		root, ok := moduleRoot()
		if !ok {
			t.Skipf("module root not found and %s not set", EnvDir)
		}
		base = filepath.Join(root, "..", "shared", "data")
	}
	d := filepath.Join(base, sub)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("benchmark data not found at %s (set %s)", d, EnvDir)
	}
	return d
}

// moduleRoot walks up from the working directory to the folder holding
// go.mod.
func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
