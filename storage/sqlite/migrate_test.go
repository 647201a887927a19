package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
	"github.com/wijkzorg/wijk/storage/storagetest"
	"github.com/wijkzorg/wijk/team"
)

// migratedTo opens a new database file with the first steps migrations
// applied, as an older wijk left it, and returns it, its path and every
// migration.
func migratedTo(t *testing.T, steps int) (*sql.DB, string, []sqlcore.Migration) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wijk.db")
	db, _, err := openDB(context.Background(), path)
	require.NoError(t, err)
	ms, err := migrations()
	require.NoError(t, err)
	require.Greater(t, len(ms), steps)
	require.NoError(t, sqlcore.Migrate(context.Background(), db, ms[:steps], dialect, "2026-01-01T00:00:00.000Z"))
	return db, path, ms
}

// A database made before step 3 keeps every audit line, in order. Step 5
// numbers them 1, 2, 3 … (closing the gap an older numbering left) and
// chains them once; new lines chain on after them, and the log verifies.
func TestMigrationKeepsAndChainsAuditLines(t *testing.T) {
	ctx := context.Background()
	db, path, ms := migratedTo(t, 2)
	for _, seq := range []int{1, 2, 7} {
		_, err := db.ExecContext(ctx, `INSERT INTO wijk_audit (seq, at, actor, entity, entity_id, action, summary) VALUES ($1, '2026-01-01T00:00:00.000Z', 'anouk', 'team', 'x', 'create', 'before step 3')`, seq)
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	s, err := Open(ctx, path, Options{Clock: wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Migrate(ctx))
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, len(ms), v)

	var autoinc int
	require.NoError(t, s.core.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'wijk_audit' AND sql LIKE '%AUTOINCREMENT%'`).Scan(&autoinc))
	require.Zero(t, autoinc)

	tm, err := team.NewTeam(team.NewTeamParams{
		ID: "01JNQ3ZK7RA6Y2M0C3P4V8X9TB", Name: "Wijkteam Noord", Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"7511"}},
		Founded: wijk.NewDate(2026, time.January, 1), Now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC),
		Members: []team.MemberParams{{Person: "01JNQ3ZK7RA6Y2M0C3P4V8X9TC", Name: "Anouk", Level: team.Level4, ContractPerWeek: 24 * time.Hour}},
	})
	require.NoError(t, err)
	_, err = s.Teams().Create(ctx, tm, storage.Change{Actor: "anouk", Summary: "after step 3"})
	require.NoError(t, err)

	lines, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	var seqs []int64
	for _, l := range lines {
		seqs = append(seqs, l.Seq)
	}
	require.Equal(t, []int64{1, 2, 3, 4}, seqs)
	require.Equal(t, "before step 3", lines[2].Summary)
	require.Equal(t, "after step 3", lines[3].Summary)
	for _, log := range storage.Logs() {
		v, err := s.Chains().Verify(ctx, log, storage.VerifyOptions{})
		require.NoError(t, err, "log %s", log)
		if log == storage.LogAudit {
			require.Equal(t, int64(4), v.Entries)
		}
	}
	_, err = s.core.DB.ExecContext(ctx, `DELETE FROM wijk_audit`)
	require.ErrorContains(t, err, "append-only", "the rebuilt table keeps its triggers")
	_, err = s.core.DB.ExecContext(ctx, `UPDATE wijk_audit SET summary = 'x'`)
	require.ErrorContains(t, err, "append-only")
}

// Teams stored before step 4 are found by their people once it has run:
// the step reads each team's record and fills the people table.
func TestMigrationFillsTeamPeople(t *testing.T) {
	ctx := context.Background()
	db, path, _ := migratedTo(t, 3)
	tm, people := storagetest.TeamWithHistory(t)
	// As the code of that time wrote it, in record format 1.
	data := storagetest.ReleaseRecord(t, 1, "wijk_teams", string(tm.ID()))
	_, err := db.ExecContext(ctx, `INSERT INTO wijk_teams (id, version, data) VALUES ($1, 1, $2)`, string(tm.ID()), data)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Migrate(ctx))
	for _, p := range people {
		got, err := s.Teams().ListByPerson(ctx, p)
		require.NoError(t, err)
		require.Equal(t, []wijk.ID{tm.ID()}, got)
	}
}

func TestMigrationChainsLogs(t *testing.T) {
	ctx := context.Background()
	db, path, _ := migratedTo(t, 4)
	t.Cleanup(func() { _ = db.Close() })
	storagetest.RunChainMigration(t, db, func(t *testing.T) storage.Store {
		s, err := Open(ctx, path, Options{})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.NoError(t, s.Migrate(ctx))
		return s
	})
}
