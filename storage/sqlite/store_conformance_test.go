package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

func open(t *testing.T) (*sqlite.Store, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wijk.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(ctx))
	return s, path
}

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, _ := open(t)
		return s
	})
}

func TestTamperedRows(t *testing.T) {
	storagetest.RunTampered(t, func(t *testing.T) (storage.Store, storagetest.Raw) {
		s, path := open(t)
		return s, storagetest.SQLRaw(openRaw(t, path))
	})
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func TestDecisionLogRefusesEditsEvenInSQL(t *testing.T) {
	_, path := open(t)
	db := openRaw(t, path)
	_, err := db.Exec(`INSERT INTO wijk_decisions (id, version, data, team_id, pos, decision_id) VALUES ('t/0', 1, x'7b7d', 't', 0, 'd')`)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE wijk_decisions SET data = x'00'`)
	require.ErrorContains(t, err, "append-only")
	_, err = db.Exec(`DELETE FROM wijk_decisions`)
	require.ErrorContains(t, err, "append-only")
}

func TestTamperedLogs(t *testing.T) {
	storagetest.RunTamperedLogs(t, func(t *testing.T) (storage.Store, storagetest.ChainTamperer) {
		s, path := open(t)
		return s, storagetest.ChainTamperer{DB: openRaw(t, path), DropGuards: []string{
			`DROP TRIGGER wijk_audit_no_update`, `DROP TRIGGER wijk_audit_no_delete`,
			`DROP TRIGGER wijk_access_no_update`, `DROP TRIGGER wijk_access_no_delete`,
			`DROP TRIGGER wijk_decisions_no_update`, `DROP TRIGGER wijk_decisions_no_delete`,
		}}
	})
}

func TestPurgeAudit(t *testing.T) {
	storagetest.RunPurgeAudit(t, func(t *testing.T, clock wijk.Clock) storage.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "wijk.db"), sqlite.Options{Clock: clock})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.NoError(t, s.Migrate(t.Context()))
		return s
	})
}
