package sqlcore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "c.db"))
	require.NoError(t, err)
	defer db.Close()
	db.SetMaxOpenConns(1) // as the SQLite backend does: a transaction owns the only connection
	_, err = db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`)
	require.NoError(t, err)
	c := newStmtCache(db)
	pool := cachedQuerier{c: c, q: db}

	// the same statement is prepared once and works on the pool and in a
	// transaction
	for i := range 3 {
		_, err := pool.ExecContext(ctx, `INSERT INTO t (id, v) VALUES ($1, $2)`, i, "x")
		require.NoError(t, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	in := cachedQuerier{c: c, tx: tx, q: tx}
	_, err = in.ExecContext(ctx, `INSERT INTO t (id, v) VALUES ($1, $2)`, 10, "rolled back")
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())
	var n int
	require.NoError(t, pool.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n))
	require.Equal(t, 3, n, "the rolled-back insert is gone")
	require.Len(t, c.m, 2)

	// a statement first met inside a transaction runs there unprepared
	// (preparing would wait for the connection the transaction holds) and
	// is prepared once the transaction is over
	tx, err = db.BeginTx(ctx, nil)
	require.NoError(t, err)
	in = cachedQuerier{c: c, tx: tx, q: tx}
	_, err = in.ExecContext(ctx, `UPDATE t SET v = $1 WHERE id = $2`, "y", 1)
	require.NoError(t, err)
	require.NoError(t, in.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE v = $1`, "y").Scan(&n))
	require.Equal(t, 1, n)
	require.NoError(t, tx.Commit())
	require.Len(t, c.m, 2)
	c.preparePending(ctx)
	require.Len(t, c.m, 4)

	// a statement that cannot be prepared runs unprepared and reports its
	// error; it is not cached
	_, err = pool.ExecContext(ctx, `INSERT INTO missing (id) VALUES ($1)`, 1)
	require.ErrorContains(t, err, "missing")
	require.Len(t, c.m, 4)

	// beyond the bound, statements still run, unprepared
	for i := range maxCachedStmts + 5 {
		rows, err := pool.QueryContext(ctx, fmt.Sprintf(`SELECT v, %d FROM t WHERE id = $1`, i), 0)
		require.NoError(t, err)
		require.True(t, rows.Next())
		require.NoError(t, rows.Close())
	}
	require.Len(t, c.m, maxCachedStmts)

	c.close()
	require.Nil(t, c.m)
	_, err = pool.ExecContext(ctx, `INSERT INTO t (id, v) VALUES ($1, $2)`, 20, "after close")
	require.NoError(t, err, "a closed cache falls back to running unprepared")
}
