package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/postgres"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

func open(t *testing.T) (*postgres.Store, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	db := pgtest.Fresh(t)
	s, err := postgres.New(ctx, db, postgres.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	return s, db
}

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, _ := open(t)
		return s
	})
}

func TestTamperedRows(t *testing.T) {
	storagetest.RunTampered(t, func(t *testing.T) (storage.Store, storagetest.Raw) {
		s, db := open(t)
		return s, storagetest.SQLRaw(db)
	})
}

func TestDecisionLogRefusesEditsEvenInSQL(t *testing.T) {
	_, db := open(t)
	_, err := db.Exec(`INSERT INTO wijk_decisions (id, version, data, team_id, pos, decision_id) VALUES ('t/0', 1, '\x7b7d', 't', 0, 'd')`)
	require.NoError(t, err)
	for _, stmt := range []string{`UPDATE wijk_decisions SET data = '\x00'`, `DELETE FROM wijk_decisions`, `TRUNCATE wijk_decisions`} {
		_, err = db.Exec(stmt)
		require.ErrorContains(t, err, "append-only", stmt)
	}
}

func TestTamperedLogs(t *testing.T) {
	storagetest.RunTamperedLogs(t, func(t *testing.T) (storage.Store, storagetest.ChainTamperer) {
		s, db := open(t)
		return s, storagetest.ChainTamperer{DB: db, DropGuards: []string{
			`DROP TRIGGER wijk_audit_no_change ON wijk_audit`,
			`DROP TRIGGER wijk_access_no_change ON wijk_access`,
			`DROP TRIGGER wijk_decisions_no_change ON wijk_decisions`,
		}}
	})
}

func TestPurgeAudit(t *testing.T) {
	storagetest.RunPurgeAudit(t, func(t *testing.T, clock wijk.Clock) storage.Store {
		s, err := postgres.New(context.Background(), pgtest.Fresh(t), postgres.Options{Clock: clock})
		require.NoError(t, err)
		require.NoError(t, s.Migrate(context.Background()))
		return s
	})
}
