package sqlite

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// A database that the release of record format 1 wrote opens, migrates
// and reads back as it was stored.
func TestOpensRelease1(t *testing.T) {
	db, path, _ := migratedTo(t, storagetest.ReleaseSchema(t, 1))
	t.Cleanup(func() { _ = db.Close() })
	storagetest.RunReleaseUpgrade(t, 1, db, func(t *testing.T) storage.Store {
		s, err := Open(t.Context(), path, Options{Clock: storagetest.ReleaseClock()})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.NoError(t, s.Migrate(t.Context()))
		return s
	})
}
