package team_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// busyTeam has something in every part of its state.
func busyTeam(t *testing.T) *team.Team {
	tm, _ := figuresTeam(t)
	require.NoError(t, tm.SetCoach(coachID))
	require.NoError(t, tm.RequestCoaching(team.CoachingRequestParams{ID: reqID, Topic: "roster conflicts", By: anneID, At: t0}))
	require.NoError(t, tm.AcceptCoaching(reqID, coachID, t0.Add(time.Hour)))
	require.NoError(t, tm.ChangeNorms("d8", team.Norms{SizeNorm: 10, CaseloadMin: 30, CaseloadMax: 50, MaxRolesPerMember: 2}, t0))
	require.NoError(t, tm.DefineRole("d9", team.RoleDefinition{Name: "intake", Description: "first visits"}))
	require.NoError(t, tm.HandOverRole("", team.RolePlanner, cemID, day("2025-02-01"), day("2025-12-31"), "drafts ready", t0))
	require.NoError(t, tm.GoOnLeave(bramID))
	return tm
}

func TestSnapshotRoundTrip(t *testing.T) {
	tm := busyTeam(t)
	s := tm.Snapshot()
	back, err := team.RestoreTeam(s)
	require.NoError(t, err)
	diff(t, s, back.Snapshot())
	diff(t, tm.Advisories(day("2025-08-01")), back.Advisories(day("2025-08-01")))

	// The snapshot shares nothing with the team.
	s.Members[0].Name = "changed"
	m, _ := tm.Member(anneID)
	require.Equal(t, "Anne", m.Name)
}

func TestRestoreRejects(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*team.TeamSnapshot)
		field string
	}{
		{"no id", func(s *team.TeamSnapshot) { s.ID = "" }, "id"},
		{"unsorted postcodes", func(s *team.TeamSnapshot) { s.Neighbourhood.Postcodes = []team.Postcode{"1032", "1031"} }, "neighbourhood.postcodes"},
		{"zero norms", func(s *team.TeamSnapshot) { s.Norms = team.Norms{} }, "norms.sizeNorm"},
		{"member before founding", func(s *team.TeamSnapshot) { s.Members[0].Start = day("2024-01-01") }, "members[0].start"},
		{"hire without decision", func(s *team.TeamSnapshot) { s.Members[3].JoinDecision = "" }, "members[3].joinDecision"},
		{"left without end", func(s *team.TeamSnapshot) { s.Members[3].End = wijk.Date{} }, "members[3].end"},
		{"running with end", func(s *team.TeamSnapshot) { s.Members[0].End = day("2025-05-01") }, "members[0].end"},
		{"two running memberships", func(s *team.TeamSnapshot) {
			m := s.Members[0]
			m.Start = day("2025-03-01")
			s.Members = append(s.Members, m)
		}, "members[4]"},
		{"coach is member", func(s *team.TeamSnapshot) { s.Coach = anneID }, "members[0].person"},
		{"standard role missing", func(s *team.TeamSnapshot) { s.Roles = s.Roles[1:] }, "roles"},
		{"role twice", func(s *team.TeamSnapshot) { s.Roles = append(s.Roles, s.Roles[0]) }, "roles[7].name"},
		{"fake standard", func(s *team.TeamSnapshot) { s.Roles[6].Standard = true }, "roles[6].standard"},
		{"role held by a stranger", func(s *team.TeamSnapshot) { s.Assignments[1].Holder = dianaID }, "assignments[1].holder"},
		{"two holders", func(s *team.TeamSnapshot) { s.Assignments[0].Ended = wijk.Date{} }, "assignments[2]"},
		{"unknown role held", func(s *team.TeamSnapshot) { s.Assignments[1].Role = "boss" }, "assignments[1].role"},
		{"empty handover", func(s *team.TeamSnapshot) { s.Handovers[0].To = "" }, "handovers[0]"},
		{"norm change without decision", func(s *team.TeamSnapshot) { s.NormChanges[0].Decision = "" }, "normChanges[0].decision"},
		{"coaching without topic", func(s *team.TeamSnapshot) { s.Coaching[0].Topic = "" }, "coaching[0].topic"},
		{"completed without outcome", func(s *team.TeamSnapshot) { s.Coaching[0].Status = team.CoachingCompleted }, "coaching[0].outcome"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := busyTeam(t).Snapshot()
			tc.edit(&s)
			tm, err := team.RestoreTeam(s)
			require.Nil(t, tm)
			requireField(t, err, tc.field)
		})
	}
}

func TestOneTeamAtATime(t *testing.T) {
	a := newTeam(t)
	p := foundParams()
	p.ID, p.Name = team2ID, "Wijkteam Zuid"
	p.Members = []team.MemberParams{{Person: dianaID, Name: "Diana", Level: team.Level5, ContractPerWeek: 32 * time.Hour}}
	p.Roles = nil
	b, err := team.NewTeam(p)
	require.NoError(t, err)
	require.NoError(t, team.CheckOneTeamAtATime(a, b))

	// Cem moves from a to b: leave first, then join the day after.
	err = team.CheckCanJoin(cemID, day("2025-05-01"), team.PersonHistory(cemID, a, b))
	requireKind(t, err, wijk.ErrConflict)
	require.NoError(t, a.Leave("d1", cemID, day("2025-04-30"), t0))
	err = team.CheckCanJoin(cemID, day("2025-04-30"), team.PersonHistory(cemID, a, b))
	requireKind(t, err, wijk.ErrConflict)
	require.NoError(t, team.CheckCanJoin(cemID, day("2025-05-01"), team.PersonHistory(cemID, a, b)))
	require.NoError(t, b.Hire("d2", day("2025-05-01"), founders()[2]))
	require.NoError(t, team.CheckOneTeamAtATime(a, b))
	hist := team.PersonHistory(cemID, b, a)
	require.Len(t, hist, 2)
	require.Equal(t, "Wijkteam Noord", hist[0].TeamName)
	require.Equal(t, "Wijkteam Zuid", hist[1].TeamName)

	// Bram joins b without leaving a: the check finds it.
	require.NoError(t, b.Hire("d3", day("2025-05-01"), founders()[1]))
	err = team.CheckOneTeamAtATime(a, b)
	requireKind(t, err, wijk.ErrConflict)
	require.Contains(t, err.Error(), "Bram")
	requireField(t, team.CheckCanJoin("", day("2025-05-01"), nil), "person")
}
