package storecopy_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/storage/postgres"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/storage/storagetest"
	"github.com/wijkzorg/wijk/storage/storecopy"
	"github.com/wijkzorg/wijk/team"
)

var ctx = context.Background()

func newMemory(t *testing.T, clock wijk.Clock) storecopy.Store {
	return memory.New(memory.Options{Clock: clock})
}

func newSQLite(t *testing.T, clock wijk.Clock) storecopy.Store {
	s, _ := openSQLite(t, clock)
	return s
}

func openSQLite(t *testing.T, clock wijk.Clock) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wijk.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{Clock: clock})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(ctx))
	return s, path
}

func newPostgres(t *testing.T, clock wijk.Clock) storecopy.Store {
	t.Helper()
	s, err := postgres.New(ctx, pgtest.Fresh(t), postgres.Options{Clock: clock})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	return s
}

func TestCopyMemoryToSQLite(t *testing.T) { storagetest.RunCopy(t, newMemory, newSQLite) }

func TestCopySQLiteToMemoryToMemory(t *testing.T) {
	storagetest.RunCopy(t, newSQLite, newMemory, newMemory)
}

func TestCopySQLiteToPostgresToSQLite(t *testing.T) {
	pgtest.DSN(t)
	storagetest.RunCopy(t, newSQLite, newPostgres, newSQLite)
}

func TestCopyPostgresToMemory(t *testing.T) {
	pgtest.DSN(t)
	storagetest.RunCopy(t, newPostgres, newMemory)
}

// coach stores one coach in s.
func coach(t *testing.T, s storage.Store, id wijk.ID) {
	t.Helper()
	c, err := team.NewCoach(team.NewCoachParams{ID: id, Name: "Carla"})
	require.NoError(t, err)
	_, err = s.Coaches().Create(ctx, c, storage.Change{Actor: "tester"})
	require.NoError(t, err)
}

func TestCopyRefusesANonEmptyDestination(t *testing.T) {
	for name, newStore := range map[string]storagetest.NewCopyable{"memory": newMemory, "sqlite": newSQLite} {
		t.Run(name, func(t *testing.T) {
			src, dst := newMemory(t, nil), newStore(t, nil)
			coach(t, src, "01JNQ3ZK7RA6Y2M0C3P4V8X9TA")
			coach(t, dst, "01JNQ3ZK7RA6Y2M0C3P4V8X9TB")
			_, err := storecopy.Copy(ctx, dst, src)
			require.ErrorIs(t, err, storecopy.ErrNotEmpty)
			require.ErrorIs(t, err, wijk.ErrConflict)
			_, _, err = dst.Coaches().Get(ctx, "01JNQ3ZK7RA6Y2M0C3P4V8X9TA")
			require.ErrorIs(t, err, wijk.ErrNotFound, "nothing was copied")

			// A destination with only log entries is not empty either.
			dst = newStore(t, nil)
			require.NoError(t, dst.Access().Append(ctx, storage.AccessEntry{At: wijk.Now(nil), Person: "anouk", Role: storage.RoleMember,
				Client: "01JNQ3ZK7RA6Y2M0C3P4V8X9TC", Entity: storage.EntityClient, EntityID: "01JNQ3ZK7RA6Y2M0C3P4V8X9TC",
				Action: storage.AccessRead, Purpose: "care", Outcome: storage.OutcomeAllowed, Rule: "dossier-team", Application: "test"}))
			_, err = storecopy.Copy(ctx, dst, src)
			require.ErrorIs(t, err, storecopy.ErrNotEmpty)
		})
	}
}

func TestCopyRefusesATamperedSource(t *testing.T) {
	src, path := openSQLite(t, nil)
	coach(t, src, "01JNQ3ZK7RA6Y2M0C3P4V8X9TA")
	coach(t, src, "01JNQ3ZK7RA6Y2M0C3P4V8X9TB")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	defer raw.Close()
	_, err = raw.Exec(`DROP TRIGGER wijk_audit_no_update`)
	require.NoError(t, err)
	_, err = raw.Exec(`UPDATE wijk_audit SET actor = 'someone else' WHERE seq = 1`)
	require.NoError(t, err)

	for name, dst := range map[string]storecopy.Store{"memory": newMemory(t, nil), "sqlite": newSQLite(t, nil)} {
		_, err = storecopy.Copy(ctx, dst, src)
		require.ErrorIs(t, err, storage.ErrTampered, name)
		var br *storage.ChainBreak
		require.ErrorAs(t, err, &br)
		require.Equal(t, storage.LogAudit, br.Log)
		require.Equal(t, int64(1), br.Seq)
		lines, err := dst.Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		require.Empty(t, lines, "%s: nothing was copied", name)
	}
}

func TestCompareFindsAChangedRecord(t *testing.T) {
	a, path := openSQLite(t, nil)
	coach(t, a, "01JNQ3ZK7RA6Y2M0C3P4V8X9TA")
	b := newMemory(t, nil)
	_, err := storecopy.Copy(ctx, b, a)
	require.NoError(t, err)
	rep, err := storecopy.Compare(ctx, a, b)
	require.NoError(t, err)
	require.Equal(t, int64(1), rep.Rows["wijk_coaches"])
	require.Equal(t, int64(1), rep.Logs[storage.LogAudit].Entries)

	// The record's bytes change behind the store's back: the chains still
	// hold (a record is not chained), and Compare finds it.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	defer raw.Close()
	_, err = raw.Exec(`UPDATE wijk_coaches SET data = CAST(REPLACE(CAST(data AS TEXT), 'Carla', 'Karla') AS BLOB)`)
	require.NoError(t, err)
	_, err = storecopy.Compare(ctx, a, b)
	require.ErrorContains(t, err, "row 01JNQ3ZK7RA6Y2M0C3P4V8X9TA differs")
}
