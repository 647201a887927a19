package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
	"github.com/wijkzorg/wijk/team"
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
	people := []wijk.ID{"01JNQ3ZK7RA6Y2M0C3P4V8X9TC", "01JNQ3ZK7RA6Y2M0C3P4V8X9TD", "01JNQ3ZK7RA6Y2M0C3P4V8X9TE"}
	tm, err := team.NewTeam(team.NewTeamParams{
		ID: "01JNQ3ZK7RA6Y2M0C3P4V8X9TB", Name: "Wijkteam Noord", Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"7511"}},
		Founded: wijk.NewDate(2026, time.January, 1), Now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC),
		Members: []team.MemberParams{
			{Person: people[0], Name: "Anouk", Level: team.Level5, ContractPerWeek: 24 * time.Hour},
			{Person: people[1], Name: "Bas", Level: team.Level4, ContractPerWeek: 24 * time.Hour},
		},
	})
	require.NoError(t, err)
	require.NoError(t, tm.Leave("d1", people[1], wijk.NewDate(2026, 2, 1), time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)))
	require.NoError(t, tm.Hire("d2", wijk.NewDate(2026, 3, 1), team.MemberParams{Person: people[2], Name: "Cor", Level: team.Level3, ContractPerWeek: 20 * time.Hour}))
	data, err := records.EncodeTeam(tm)
	require.NoError(t, err)
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
