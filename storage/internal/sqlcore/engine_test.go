package sqlcore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// A write that names a required record changes nothing unless that record
// exists at the version given, and says which of the two it lacked.
func TestPutChecksItsRequirement(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "p.db"))
	require.NoError(t, err)
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE teams (id TEXT PRIMARY KEY, version INTEGER NOT NULL, data BLOB NOT NULL)`,
		`CREATE TABLE clients (id TEXT PRIMARY KEY, version INTEGER NOT NULL, data BLOB NOT NULL, team_id TEXT NOT NULL)`,
		`INSERT INTO teams VALUES ('t1', 3, x'7b7d')`,
	} {
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err)
	}
	d := &Dialect{Name: "sqlite", IsUniqueViolation: func(error) bool { return false }}
	teams := &repo.Table{Name: "teams", Entity: "team"}
	clients := &Table{Name: "clients", Entity: "client", Columns: []string{"team_id"}}
	put := func(id string, expected int64, data string, req *repo.Ref) (int64, error) {
		return Put(ctx, db, d, clients, id, expected, []byte(data), req, "t1")
	}
	stored := func(id string) (int64, string) {
		var v int64
		var data string
		err := db.QueryRowContext(ctx, `SELECT version, data FROM clients WHERE id = $1`, id).Scan(&v, &data)
		if err == sql.ErrNoRows {
			return 0, ""
		}
		require.NoError(t, err)
		return v, data
	}

	_, err = put("c1", 0, "a", &repo.Ref{Table: teams, Key: "t9"})
	require.ErrorIs(t, err, wijk.ErrNotFound)
	require.ErrorContains(t, err, "team t9 not found")
	_, err = put("c1", 0, "a", &repo.Ref{Table: teams, Key: "t1", Version: 2})
	require.ErrorIs(t, err, wijk.ErrConflict)
	require.ErrorContains(t, err, "version 2, now 3")
	v, _ := stored("c1")
	require.Zero(t, v, "a refused insert stores nothing")

	v, err = put("c1", 0, "a", &repo.Ref{Table: teams, Key: "t1", Version: 3})
	require.NoError(t, err)
	require.Equal(t, int64(1), v)
	_, err = put("c1", 0, "b", &repo.Ref{Table: teams, Key: "t1"})
	require.ErrorIs(t, err, wijk.ErrConflict)
	require.ErrorContains(t, err, "already exists")

	_, err = put("c1", 1, "b", &repo.Ref{Table: teams, Key: "t1", Version: 2})
	require.ErrorIs(t, err, wijk.ErrConflict)
	require.ErrorContains(t, err, "version 2, now 3")
	_, err = put("c1", 1, "b", &repo.Ref{Table: teams, Key: "t9"})
	require.ErrorIs(t, err, wijk.ErrNotFound)
	_, err = put("c1", 4, "b", nil)
	require.ErrorIs(t, err, wijk.ErrConflict)
	require.ErrorContains(t, err, "stored version 1")
	v, data := stored("c1")
	require.Equal(t, int64(1), v)
	require.Equal(t, "a", data, "a refused update changes nothing")

	v, err = put("c1", 1, "b", &repo.Ref{Table: teams, Key: "t1", Version: 3})
	require.NoError(t, err)
	require.Equal(t, int64(2), v)
	v, data = stored("c1")
	require.Equal(t, int64(2), v)
	require.Equal(t, "b", data)
}
