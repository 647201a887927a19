package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// envDSN names the variable that gives a helper process its database: a
// DSN whose search_path is the test's fresh schema.
const envDSN = "WIJK_TEST_POSTGRES_SCHEMA_DSN"

// TestMigrateProcess is the helper process of the tests below: it does
// nothing unless one of them started it.
func TestMigrateProcess(t *testing.T) {
	ctx := context.Background()
	switch storagetest.Role() {
	case "migrate":
		db, err := sql.Open("pgx", os.Getenv(envDSN))
		require.NoError(t, err)
		defer db.Close()
		require.NoError(t, db.PingContext(ctx))
		storagetest.Hold()
		s, err := New(ctx, db, Options{})
		require.NoError(t, err)
		require.NoError(t, s.Migrate(ctx))
	case "pause":
		// Migrate a new schema; the last migration waits, after its SQL
		// ran and before it commits, for a lock the test holds.
		db, err := sql.Open("pgx", os.Getenv(envDSN))
		require.NoError(t, err)
		defer db.Close()
		ms, err := migrations()
		require.NoError(t, err)
		ms[len(ms)-1].SQL += fmt.Sprintf("\nCREATE TABLE wijk_test_paused (x int);\nSELECT pg_advisory_lock(%d);\n", pauseLock)
		require.NoError(t, sqlcore.Migrate(ctx, db, ms, dialect, "2026-01-01T00:00:00.000Z"))
	default:
		t.Skip("a helper process, started by TestConcurrentMigrate and TestKilledMigration")
	}
}

// schemaOf describes the columns, indexes and triggers of db's schema, for
// comparing two schemas.
func schemaOf(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var schema string
	require.NoError(t, db.QueryRow(`SELECT current_schema()`).Scan(&schema))
	rows, err := db.Query(`
SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '')
  FROM information_schema.columns WHERE table_schema = current_schema()
UNION ALL
SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
UNION ALL
SELECT 'trigger ' || trigger_name || ' ' || event_manipulation || ' ' || event_object_table || ': ' || action_statement
  FROM information_schema.triggers WHERE trigger_schema = current_schema()
ORDER BY 1`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, strings.ReplaceAll(s, schema+".", "SCHEMA."))
	}
	require.NoError(t, rows.Err())
	return out
}

// referenceDB returns a fresh schema migrated by one process alone to the
// first n migrations.
func referenceDB(t *testing.T, n int) *sql.DB {
	t.Helper()
	db := pgtest.Fresh(t)
	ms, err := migrations()
	require.NoError(t, err)
	require.NoError(t, sqlcore.Migrate(context.Background(), db, ms[:n], dialect, "2026-01-01T00:00:00.000Z"))
	return db
}

// Eight programs that open the same new schema and migrate it at the same
// moment all succeed, and leave the schema one program alone makes, each
// migration applied and recorded once.
func TestConcurrentMigrate(t *testing.T) {
	pgtest.DSN(t)
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
			dsn := pgtest.FreshDSN(t)
			return envDSN + "=" + dsn, func() *sql.DB {
				db, err := sql.Open("pgx", dsn)
				require.NoError(t, err)
				return db
			}
		},
		Schema: schemaOf,
	})
}

func TestSchemaRecord(t *testing.T) {
	pgtest.DSN(t)
	ms, err := migrations()
	require.NoError(t, err)
	storagetest.RunSchemaRecord(t, storagetest.SchemaBackend{
		Fresh: func(t *testing.T) *sql.DB { return pgtest.Fresh(t) },
		Open: func(t *testing.T, db *sql.DB) (storagetest.Migrator, error) {
			return New(context.Background(), db, Options{})
		},
		MigrateTo: func(t *testing.T, db *sql.DB, n int) {
			require.NoError(t, sqlcore.Migrate(context.Background(), db, ms[:n], dialect, "2026-01-01T00:00:00.000Z"))
		},
		Migrations: len(ms),
	})
}

// pauseLock is the advisory lock a helper process's migration waits for.
const pauseLock = 0x70617573

// A program killed (SIGKILL) in the middle of a migration, after its SQL
// ran and before it committed, leaves the schema at the version before:
// the tables are the ones the earlier migrations make, nothing of the
// killed migration is there, New accepts it, and the next Migrate
// completes.
func TestKilledMigration(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.FreshDSN(t)
	ms, err := migrations()
	require.NoError(t, err)
	db, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() }) // ends the lock's session before the schema is dropped
	hold, err := db.Conn(ctx)
	require.NoError(t, err)
	_, err = hold.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, pauseLock)
	require.NoError(t, err)

	p := storagetest.StartProcess(t, "TestMigrateProcess", "pause", envDSN+"="+dsn)
	deadline := time.Now().Add(time.Minute)
	for {
		var waiting int
		require.NoError(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 0 AND objid = $1 AND objsubid = 1`, pauseLock).Scan(&waiting))
		if waiting > 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "the migration did not reach its pause:\n%s", p.Output())
		time.Sleep(20 * time.Millisecond)
	}
	p.Kill(t)
	// The server learns that its client is gone when the statement ends.
	_, err = hold.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, pauseLock)
	require.NoError(t, err)
	require.NoError(t, hold.Close())
	require.Empty(t, cmp.Diff(schemaOf(t, referenceDB(t, len(ms)-1)), schemaOf(t, db)), "the schema of the migrations before the killed one")

	s, err := New(ctx, db, Options{})
	require.NoError(t, err)
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, len(ms)-1, v)
	require.NoError(t, s.Migrate(ctx), "waits for the killed migration's transaction to end")
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, len(ms), v)
	require.Empty(t, cmp.Diff(schemaOf(t, referenceDB(t, len(ms))), schemaOf(t, db)))
	require.Len(t, storagetest.Recorded(t, db), len(ms))
}
