package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// TestWriteReleaseFixture writes the release fixture of the code as it
// is, when WIJK_WRITE_RELEASE names the file to write: run it at a
// release whose stored form later changes, and keep the file under
// storage/storagetest/testdata, so that every later release is tested on
// a database this one wrote.
func TestWriteReleaseFixture(t *testing.T) {
	out := os.Getenv("WIJK_WRITE_RELEASE")
	if out == "" {
		t.Skip("WIJK_WRITE_RELEASE is not set")
	}
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "wijk.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{Clock: storagetest.ReleaseClock()})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	storagetest.StoreReleaseWorld(t, s)
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, os.WriteFile(out, storagetest.DumpRelease(t, openRaw(t, path), v, records.Format), 0o644))
	var _ storage.Store = s
}
