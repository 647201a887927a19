package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/sqlite"
)

func TestMigrateIsRepeatableAndRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wijk.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Positive(t, v)
	require.NoError(t, s.Migrate(ctx), "migrating twice changes nothing")
	v2, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, v, v2)
	require.NoError(t, s.Close())

	// A newer wijk moved the schema on: this code must refuse it.
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO wijk_schema_version (version, name, applied_at) VALUES ($1, 'from_the_future', '2030-01-01T00:00:00.000Z')`, v+1)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	_, err = sqlite.Open(ctx, path, sqlite.Options{})
	require.ErrorIs(t, err, storage.ErrSchemaTooNew)
}

func TestAuditLogRefusesEditsEvenInSQL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wijk.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	require.NoError(t, s.Close())

	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`INSERT INTO wijk_audit (at, actor, entity, entity_id, action, summary) VALUES ('2026-01-01T00:00:00.000Z', 'a', 'team', 'x', 'create', '')`)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE wijk_audit SET actor = 'b'`)
	require.ErrorContains(t, err, "append-only")
	_, err = db.Exec(`DELETE FROM wijk_audit`)
	require.ErrorContains(t, err, "append-only")
}

// The application's handle, used inside the store's own transaction with
// the function's context, fails at once rather than wait for the lock the
// transaction holds; before and after, it reads and writes its own table.
func TestDBInsideInTxFailsAtOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	db := s.DB()
	_, err := db.ExecContext(ctx, `CREATE TABLE app_notes (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`)
	require.NoError(t, err)
	insert, err := db.PrepareContext(ctx, `INSERT INTO app_notes (note) VALUES ($1)`)
	require.NoError(t, err)
	defer insert.Close()
	bounded, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err = s.InTx(bounded, func(ctx context.Context, tx storage.Store) error {
		_, err := db.ExecContext(ctx, `INSERT INTO app_notes (note) VALUES ('inside')`)
		require.ErrorIs(t, err, storage.ErrTxMisuse)
		require.ErrorIs(t, err, wijk.ErrInvalid)
		require.ErrorContains(t, err, "use the tx Store")
		var n int
		err = db.QueryRowContext(ctx, `SELECT count(*) FROM app_notes`).Scan(&n)
		require.ErrorIs(t, err, storage.ErrTxMisuse)
		_, err = db.BeginTx(ctx, nil)
		require.ErrorIs(t, err, storage.ErrTxMisuse)
		_, err = insert.ExecContext(ctx, "prepared before")
		require.ErrorIs(t, err, storage.ErrTxMisuse, "a statement prepared before the transaction")
		require.NoError(t, ctx.Err(), "the calls must fail at once")
		_, err = tx.Teams().List(ctx)
		return err
	})
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO app_notes (note) VALUES ('after')`)
	require.NoError(t, err)
	var note string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT note FROM app_notes`).Scan(&note))
	require.Equal(t, "after", note)
}

// The handle asked for after Close is a closed one, not nil.
func TestDBAfterClose(t *testing.T) {
	s, _ := open(t)
	require.NoError(t, s.Close())
	db := s.DB()
	require.NotNil(t, db)
	require.Error(t, db.PingContext(context.Background()))
}
