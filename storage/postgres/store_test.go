package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/postgres"
)

func TestMigrateIsRepeatableAndRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Fresh(t)
	s, err := postgres.New(ctx, db, postgres.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Positive(t, v)
	require.NoError(t, s.Migrate(ctx), "migrating twice changes nothing")

	_, err = db.Exec(`INSERT INTO wijk_schema_version (version, name, applied_at) VALUES ($1, 'from_the_future', '2030-01-01T00:00:00.000Z')`, v+1)
	require.NoError(t, err)
	_, err = postgres.New(ctx, db, postgres.Options{})
	require.ErrorIs(t, err, storage.ErrSchemaTooNew)
}

func TestAuditLogRefusesEditsEvenInSQL(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Fresh(t)
	s, err := postgres.New(ctx, db, postgres.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	_, err = db.Exec(`INSERT INTO wijk_audit (at, actor, entity, entity_id, action, summary) VALUES ('2026-01-01T00:00:00.000Z', 'a', 'team', 'x', 'create', '')`)
	require.NoError(t, err)
	for _, stmt := range []string{`UPDATE wijk_audit SET actor = 'b'`, `DELETE FROM wijk_audit`, `TRUNCATE wijk_audit`} {
		_, err = db.Exec(stmt)
		require.ErrorContains(t, err, "append-only", stmt)
	}
}
