package benchdata_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/internal/benchdata"
)

// dir runs benchdata.Dir in a subtest and reports what it returned and
// whether it skipped the test.
func dir(t *testing.T, sub string) (got string, skipped bool) {
	t.Helper()
	t.Run(sub, func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		got = benchdata.Dir(t, sub)
	})
	return got, skipped
}

func TestDirFromEnvironment(t *testing.T) {
	base := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(base, "hhc"), 0o700))
	t.Setenv(benchdata.EnvDir, base)

	got, skipped := dir(t, "hhc")
	require.False(t, skipped)
	require.Equal(t, filepath.Join(base, "hhc"), got)

	_, skipped = dir(t, "absent")
	require.True(t, skipped, "a missing data directory skips the test instead of failing it")
}

func TestDirDefaultsBesideModuleRoot(t *testing.T) {
	// root/mod is a module, root/shared/data its neighbour's data; the
	// test runs two folders down in the module.
	root := t.TempDir()
	mod := filepath.Join(root, "mod")
	require.NoError(t, os.MkdirAll(filepath.Join(mod, "a", "b"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module m\n"), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "shared", "data", "omaha"), 0o700))
	t.Chdir(filepath.Join(mod, "a", "b"))
	t.Setenv(benchdata.EnvDir, "")

	got, skipped := dir(t, "omaha")
	require.False(t, skipped)
	require.Equal(t, filepath.Join(mod, "..", "shared", "data", "omaha"), got)
}
