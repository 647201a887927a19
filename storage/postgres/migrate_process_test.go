package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"

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
	default:
		t.Skip("a helper process, started by TestConcurrentMigrate")
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

// recorded returns the migrations the database records, as "version name".
func recorded(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT version, name FROM wijk_schema_version ORDER BY version`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v int
		var n string
		require.NoError(t, rows.Scan(&v, &n))
		out = append(out, fmt.Sprintf("%d %s", v, n))
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
	want := schemaOf(t, referenceDB(t, len(ms)))
	var wantRecorded []string
	for _, m := range ms {
		wantRecorded = append(wantRecorded, fmt.Sprintf("%d %s", m.Version, m.Name))
	}
	for round := range 4 {
		dsn := pgtest.FreshDSN(t)
		errs, outs := storagetest.RunAtOnce(t, 8, "TestMigrateProcess", "migrate", envDSN+"="+dsn)
		var failed []string
		for i, err := range errs {
			if err != nil {
				failed = append(failed, fmt.Sprintf("process %d: %v\n%s", i, err, outs[i]))
			}
		}
		require.Empty(t, failed, "round %d: %d of 8 processes failed:\n%s", round, len(failed), strings.Join(failed, "\n"))

		db, err := sql.Open("pgx", dsn)
		require.NoError(t, err)
		require.Empty(t, cmp.Diff(want, schemaOf(t, db)), "round %d", round)
		require.Equal(t, wantRecorded, recorded(t, db), "round %d", round)
		require.NoError(t, db.Close())
	}
}
