package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	msqlite "modernc.org/sqlite"

	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// envDB names the variable that gives a helper process its database file.
const envDB = "WIJK_TEST_SQLITE_PATH"

// TestMigrateProcess is the helper process of the tests below: it does
// nothing unless one of them started it.
func TestMigrateProcess(t *testing.T) {
	ctx := context.Background()
	path := os.Getenv(envDB)
	switch storagetest.Role() {
	case "migrate":
		storagetest.Hold()
		s, err := Open(ctx, path, Options{})
		require.NoError(t, err)
		defer s.Close()
		require.NoError(t, s.Migrate(ctx))
	case "pause":
		// Migrate a new database; the last migration pauses after its SQL
		// ran, before it commits, and waits to be killed.
		db, _, err := openDB(ctx, path)
		require.NoError(t, err)
		defer db.Close()
		require.NoError(t, sqlcore.Migrate(ctx, db, pausingLast(t), dialect, "2026-01-01T00:00:00.000Z"))
		t.Fatal("the migration did not pause")
	default:
		t.Skip("a helper process, started by TestConcurrentMigrate and TestKilledMigration")
	}
}

// schemaOf describes the tables, indexes and triggers of the database at
// path, for comparing two databases.
func schemaOf(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, rows.Err())
	return out
}

// referenceDB returns a database migrated by one process alone to the
// first n migrations.
func referenceDB(t *testing.T, n int) *sql.DB {
	t.Helper()
	db, _, err := openDB(context.Background(), filepath.Join(t.TempDir(), "reference.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	ms, err := migrations()
	require.NoError(t, err)
	require.NoError(t, sqlcore.Migrate(context.Background(), db, ms[:n], dialect, "2026-01-01T00:00:00.000Z"))
	return db
}

// Eight programs that open the same new database file and migrate it at
// the same moment all succeed, and leave the schema one program alone
// makes, each migration applied and recorded once.
func TestConcurrentMigrate(t *testing.T) {
	ms, err := migrations()
	require.NoError(t, err)
	var names []string
	for _, m := range ms {
		names = append(names, fmt.Sprintf("%d %s", m.Version, m.Name))
	}
	storagetest.RunConcurrentMigrate(t, "TestMigrateProcess", storagetest.ConcurrentBackend{
		Migrations: names,
		Reference:  schemaOf(t, referenceDB(t, len(ms))),
		Fresh: func(t *testing.T, round int) (string, func() *sql.DB) {
			path := filepath.Join(t.TempDir(), fmt.Sprintf("round%d.db", round))
			return envDB + "=" + path, func() *sql.DB {
				db, _, err := openDB(context.Background(), path)
				require.NoError(t, err)
				return db
			}
		},
		Schema: schemaOf,
	})
}

func TestSchemaRecord(t *testing.T) {
	ms, err := migrations()
	require.NoError(t, err)
	storagetest.RunSchemaRecord(t, storagetest.SchemaBackend{
		Fresh: func(t *testing.T) *sql.DB {
			db, _, err := openDB(context.Background(), filepath.Join(t.TempDir(), "wijk.db"))
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			return db
		},
		Open: func(t *testing.T, db *sql.DB) (storagetest.Migrator, error) {
			var path string
			require.NoError(t, db.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path))
			s, err := Open(context.Background(), path, Options{})
			if err == nil {
				t.Cleanup(func() { _ = s.Close() })
			}
			return s, err
		},
		MigrateTo: func(t *testing.T, db *sql.DB, n int) {
			require.NoError(t, sqlcore.Migrate(context.Background(), db, ms[:n], dialect, "2026-01-01T00:00:00.000Z"))
		},
		Migrations: len(ms),
	})
}

// paused is the line a helper process prints when its migration pauses.
const paused = "wijk-migration-paused"

// wijk_test_pause() pauses a helper process playing "pause" for good,
// after printing paused; elsewhere it returns 0.
func init() {
	msqlite.MustRegisterScalarFunction("wijk_test_pause", 0, func(*msqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		if storagetest.Role() == "pause" {
			fmt.Println(paused)
			select {}
		}
		return int64(0), nil
	})
}

// pausingLast returns the migrations with the last one ending in a call of
// wijk_test_pause, after a table of its own.
func pausingLast(t *testing.T) []sqlcore.Migration {
	ms, err := migrations()
	require.NoError(t, err)
	last := &ms[len(ms)-1]
	last.SQL += "\nCREATE TABLE wijk_test_paused AS SELECT wijk_test_pause() AS x;\n"
	return ms
}

// A program killed (SIGKILL) in the middle of a migration, after its SQL
// ran and before it committed, leaves the database at the version before:
// the schema is the one the earlier migrations make, nothing of the
// killed migration is there, the database opens, and the next Migrate
// completes.
func TestKilledMigration(t *testing.T) {
	ctx := context.Background()
	ms, err := migrations()
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "wijk.db")
	p := storagetest.StartProcess(t, "TestMigrateProcess", "pause", envDB+"="+path)
	p.WaitFor(t, paused)
	p.Kill(t)

	db, _, err := openDB(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	require.Empty(t, cmp.Diff(schemaOf(t, referenceDB(t, len(ms)-1)), schemaOf(t, db)), "the schema of the migrations before the killed one")

	s, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, len(ms)-1, v)
	require.NoError(t, s.Migrate(ctx))
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, len(ms), v)
	require.Empty(t, cmp.Diff(schemaOf(t, referenceDB(t, len(ms))), schemaOf(t, db)))
	require.Len(t, storagetest.Recorded(t, db), len(ms))
}
