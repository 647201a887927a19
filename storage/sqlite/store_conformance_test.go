package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

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

// raw edits rows through a second connection to the file.
type raw struct{ db *sql.DB }

func (r raw) Read(t *testing.T, table, key string) []byte {
	var b []byte
	require.NoError(t, r.db.QueryRow(`SELECT data FROM `+table+` WHERE id = $1`, key).Scan(&b))
	return b
}

func (r raw) Write(t *testing.T, table, key string, data []byte) {
	res, err := r.db.Exec(`UPDATE `+table+` SET data = $1 WHERE id = $2`, data, key)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(1), n)
}

func TestTamperedRows(t *testing.T) {
	storagetest.RunTampered(t, func(t *testing.T) (storage.Store, storagetest.Raw) {
		s, path := open(t)
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return s, raw{db}
	})
}
