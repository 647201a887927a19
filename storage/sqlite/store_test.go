package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

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
