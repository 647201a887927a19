package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

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
	default:
		t.Skip("a helper process, started by TestConcurrentMigrate")
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
	want := schemaOf(t, referenceDB(t, len(ms)))
	var wantRecorded []string
	for _, m := range ms {
		wantRecorded = append(wantRecorded, fmt.Sprintf("%d %s", m.Version, m.Name))
	}
	for round := range 4 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("round%d.db", round))
		errs, outs := storagetest.RunAtOnce(t, 8, "TestMigrateProcess", "migrate", envDB+"="+path)
		var failed []string
		for i, err := range errs {
			if err != nil {
				failed = append(failed, fmt.Sprintf("process %d: %v\n%s", i, err, outs[i]))
			}
		}
		require.Empty(t, failed, "round %d: %d of 8 processes failed:\n%s", round, len(failed), strings.Join(failed, "\n"))

		db, _, err := openDB(context.Background(), path)
		require.NoError(t, err)
		require.Empty(t, cmp.Diff(want, schemaOf(t, db)), "round %d", round)
		require.Equal(t, wantRecorded, recorded(t, db), "round %d", round)
		require.NoError(t, db.Close())
	}
}
