package sqlite

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/storage/storagetest"
	"github.com/wijkzorg/wijk/storage/storecopy"
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

// The memory backend reads what release 1 wrote too: the upgraded
// database, decision log in format 1 included, copied into memory reads
// back as the release stored it.
func TestRelease1ReadsOnMemory(t *testing.T) {
	db, path, _ := migratedTo(t, storagetest.ReleaseSchema(t, 1))
	t.Cleanup(func() { _ = db.Close() })
	storagetest.InsertRelease(t, 1, db)
	s, err := Open(t.Context(), path, Options{Clock: storagetest.ReleaseClock()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(t.Context()))
	mem := memory.New(memory.Options{Clock: storagetest.ReleaseClock()})
	_, err = storecopy.Copy(t.Context(), mem, s)
	require.NoError(t, err)
	storagetest.CheckRelease(t, mem)
}

// An upgrade past a record nobody can read is refused, and goes through
// every page of records once the record is gone.
func TestUpgradeRefusesUnreadable(t *testing.T) {
	db, path, _ := migratedTo(t, storagetest.ReleaseSchema(t, 1))
	t.Cleanup(func() { _ = db.Close() })
	storagetest.RunUpgradeRefusesUnreadable(t, 1, db, func(t *testing.T) (int, error) {
		s, err := Open(t.Context(), path, Options{})
		require.NoError(t, err)
		defer s.Close()
		err = s.Migrate(t.Context())
		v, verr := s.SchemaVersion(t.Context())
		require.NoError(t, verr)
		return v, err
	})
}
