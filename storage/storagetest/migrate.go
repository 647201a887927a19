package storagetest

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage"
)

// RunChainMigration checks the step that chains the logs, on a database
// that db reaches and an older wijk migrated up to step 4. It stores, as
// that wijk would have, audit lines numbered with a gap (left by a
// transaction that rolled back), the lines of a client and a care plan,
// and two teams' decisions; then migrate brings the database up to date
// and returns the store. The lines keep their order, numbered 1, 2, 3 …;
// the care plan's line names its client; every log verifies, and goes on
// verifying after new writes.
func RunChainMigration(t *testing.T, db *sql.DB, migrate func(t *testing.T) storage.Store) {
	t.Helper()
	exec := func(q string, args ...any) {
		t.Helper()
		_, err := db.Exec(q, args...)
		require.NoError(t, err, q)
	}
	line := `INSERT INTO wijk_audit (seq, at, actor, entity, entity_id, action, summary) VALUES ($1, $2, 'anouk', $3, $4, 'create', $5)`
	exec(line, 1, "2026-01-05T09:00:00.000Z", "client", "C1", "took in Bep")
	exec(line, 2, "2026-01-05T09:01:00.000Z", "care plan", "P1", "wrote a care plan")
	exec(line, 5, "2026-01-05T09:02:00.000Z", "decision", "D2", "logged")
	exec(`INSERT INTO wijk_careplans (id, version, data, client_id, status, review_date, start_date) VALUES ('P1', 1, $1, 'C1', 'active', '2026-02-01', '2026-01-05')`, []byte("{}"))
	dec := `INSERT INTO wijk_decisions (id, version, data, team_id, pos, decision_id) VALUES ($1, 1, $2, $3, $4, $5)`
	exec(dec, "T2/0000000000", []byte(`{"d":"second team"}`), "T2", 0, "D2")
	exec(dec, "T1/0000000000", []byte(`{"d":"first team"}`), "T1", 0, "D1")

	s := migrate(t)
	ctx := t.Context()
	lines, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, lines, 3)
	for i, l := range lines {
		require.Equal(t, int64(i+1), l.Seq)
	}
	require.Equal(t, "logged", lines[2].Summary)
	byClient, err := s.Audit(ctx, storage.AuditQuery{Client: "C1"})
	require.NoError(t, err)
	require.Len(t, byClient, 2, "the client's line and the care plan's")
	var first string
	require.NoError(t, db.QueryRow(`SELECT id FROM wijk_decisions WHERE chain_seq = 1`).Scan(&first))
	require.Equal(t, "T1/0000000000", first, "decisions are chained by team, then position")
	heads := requireWhole(t, s)
	require.Equal(t, int64(3), heads[storage.LogAudit].Seq)
	require.Equal(t, int64(2), heads[storage.LogDecisions].Seq)
	require.Equal(t, int64(0), heads[storage.LogAccess].Seq)

	w := newWorld(t, 38)
	wd := w.newTeam("Noord", 2)
	_, err = s.Teams().Create(ctx, wd.team, ch("founded after the step"))
	require.NoError(t, err)
	require.NoError(t, s.Access().Append(ctx, access("anouk", "C1", t0)))
	heads = requireWhole(t, s)
	require.Equal(t, int64(4), heads[storage.LogAudit].Seq)
}
