package team_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// t0 is the moment tests happen at.
var t0 = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

// equateDates lets cmp compare wijk.Date values.
var equateDates = cmp.Comparer(func(a, b wijk.Date) bool { return a == b })

func day(s string) wijk.Date {
	d, err := wijk.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ids returns n deterministic IDs.
func ids(n int) []wijk.ID {
	g := wijk.NewSeededIDGenerator(wijk.NewManualClock(t0), 7)
	out := make([]wijk.ID, n)
	for i := range out {
		out[i] = g.NewID()
	}
	return out
}

var (
	idPool  = ids(400)
	teamID  = idPool[0]
	team2ID = idPool[1]
	coachID = idPool[2]
	reqID   = idPool[3]
	anneID  = idPool[10]
	bramID  = idPool[11]
	cemID   = idPool[12]
	dianaID = idPool[13]
)

func person(i int) wijk.ID { return idPool[100+i] }

func founders() []team.MemberParams {
	return []team.MemberParams{
		{Person: anneID, Name: "Anne", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
		{Person: bramID, Name: "Bram", Level: team.Level4, ContractPerWeek: 24 * time.Hour},
		{Person: cemID, Name: "Cem", Level: team.Level3, ContractPerWeek: 28 * time.Hour},
	}
}

func foundParams() team.NewTeamParams {
	return team.NewTeamParams{
		ID:            teamID,
		Name:          "Wijkteam Noord",
		Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"1031", "1032"}},
		Founded:       day("2025-01-01"),
		Members:       founders(),
		Roles: []team.InitialRole{
			{Role: "planner", Holder: anneID, Until: day("2025-12-31")},
			{Role: "Informer", Holder: bramID, Until: day("2025-06-30")},
		},
		Now: t0,
	}
}

func newTeam(t testing.TB) *team.Team {
	t.Helper()
	tm, err := team.NewTeam(foundParams())
	require.NoError(t, err)
	return tm
}

func requireKind(t *testing.T, err, kind error) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, kind, "error: %v", err)
}

func requireField(t *testing.T, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, wijk.ErrInvalid, "error: %v", err)
	var ve *wijk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, field, ve.Field, "error: %v", err)
}

func diff(t *testing.T, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, equateDates); d != "" {
		t.Fatalf("mismatch (-want +got):\n%s", d)
	}
}
