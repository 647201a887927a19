package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// Teams stored before step 4 are found by their people once it has run:
// the step reads each team's record and fills the people table.
func TestMigrationFillsTeamPeople(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Fresh(t)
	ms, err := migrations()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(ms), 4)
	require.NoError(t, sqlcore.Migrate(ctx, db, ms[:3], dialect, "2026-01-01T00:00:00.000Z"))
	tm, people := storagetest.TeamWithHistory(t)
	// As the code of that time wrote it, in record format 1.
	data := storagetest.ReleaseRecord(t, 1, "wijk_teams", string(tm.ID()))
	_, err = db.ExecContext(ctx, `INSERT INTO wijk_teams (id, version, data) VALUES ($1, 1, $2)`, string(tm.ID()), data)
	require.NoError(t, err)

	s, err := New(ctx, db, Options{})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	for _, p := range people {
		got, err := s.Teams().ListByPerson(ctx, p)
		require.NoError(t, err)
		require.Equal(t, []wijk.ID{tm.ID()}, got)
	}
}

func TestMigrationChainsLogs(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Fresh(t)
	ms, err := migrations()
	require.NoError(t, err)
	require.NoError(t, sqlcore.Migrate(ctx, db, ms[:4], dialect, "2026-01-01T00:00:00.000Z"))
	storagetest.RunChainMigration(t, db, func(t *testing.T) storage.Store {
		s, err := New(ctx, db, Options{})
		require.NoError(t, err)
		require.NoError(t, s.Migrate(ctx))
		return s
	})
}

// A database that the release of record format 1 wrote opens, migrates
// and reads back as it was stored.
func TestOpensRelease1(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Fresh(t)
	ms, err := migrations()
	require.NoError(t, err)
	require.NoError(t, sqlcore.Migrate(ctx, db, ms[:storagetest.ReleaseSchema(t, 1)], dialect, "2026-01-01T00:00:00.000Z"))
	storagetest.RunReleaseUpgrade(t, 1, db, func(t *testing.T) storage.Store {
		s, err := New(ctx, db, Options{Clock: storagetest.ReleaseClock()})
		require.NoError(t, err)
		require.NoError(t, s.Migrate(ctx))
		return s
	})
}

// An upgrade past a record nobody can read is refused, and goes through
// every page of records once the record is gone.
func TestUpgradeRefusesUnreadable(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Fresh(t)
	ms, err := migrations()
	require.NoError(t, err)
	require.NoError(t, sqlcore.Migrate(ctx, db, ms[:storagetest.ReleaseSchema(t, 1)], dialect, "2026-01-01T00:00:00.000Z"))
	storagetest.RunUpgradeRefusesUnreadable(t, 1, db, func(t *testing.T) (int, error) {
		s, err := New(ctx, db, Options{})
		require.NoError(t, err)
		err = s.Migrate(ctx)
		v, verr := s.SchemaVersion(ctx)
		require.NoError(t, verr)
		return v, err
	})
}
