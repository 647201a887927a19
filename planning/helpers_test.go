package planning_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

var (
	t0     = time.Date(2026, time.March, 1, 18, 0, 0, 0, time.UTC)
	monday = wijk.NewDate(2026, time.March, 2)
	teamID = wijk.ID("01JNQX0000000000000000TEAM")
	ids    = []wijk.ID{"01JNQX00000000000000000001", "01JNQX00000000000000000002", "01JNQX00000000000000000003"}
	dec    = wijk.ID("01JNQX0000000000000000DEC1")
)

func diff(t *testing.T, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("mismatch (-want +got):\n%s", d)
	}
}

func rosterParams() planning.RosterParams {
	return planning.RosterParams{
		ID: ids[0], Team: teamID, Start: monday, CreatedAt: t0,
		Problem: roster.ProblemParams{
			Days: 7, FirstWeekday: time.Monday,
			Shifts: []roster.ShiftTypeParams{{ID: "E", StartMinute: 420, Minutes: 480}, {ID: "L", StartMinute: 900, Minutes: 480, NotFollowedBy: []string{"E"}}},
			Employees: []roster.EmployeeParams{
				{ID: "anouk", Level: team.Level5, Contract: roster.Contract{MaxShifts: map[string]int{"L": 2}, MaxMinutes: 2400, MaxConsecutive: 5, MaxWeekends: 1}, DaysOff: []int{6}},
				{ID: "bas", Level: team.Level4, Contract: roster.Contract{MaxMinutes: roster.NoLimit, MaxConsecutive: roster.NoLimit, MaxWeekends: roster.NoLimit}, History: []string{"L", ""}},
			},
			Cover:      []roster.CoverParams{{Day: 0, Shift: "E", Required: 1, UnderWeight: 10}, {Day: 1, Shift: "L", Level: team.Level4, Required: 1, UnderWeight: 10, OverWeight: 1}},
			OnRequests: []roster.RequestParams{{Employee: "bas", Day: 1, Shift: "L", Weight: 2}},
			Pins:       []roster.Assignment{{Employee: "anouk", Day: 0, Shift: "E"}, {Employee: "bas", Day: 2}},
		},
		Assignments: []roster.Assignment{{Employee: "anouk", Day: 0, Shift: "E"}, {Employee: "bas", Day: 1, Shift: "L"}},
	}
}

func dayParams() planning.DayPlanParams {
	start := 600.5
	return planning.DayPlanParams{
		ID: ids[1], Team: teamID, Day: monday, CreatedAt: t0,
		Problem: visit.ProblemParams{
			Locations: []visit.LocationParams{{ID: "office"}, {ID: "h1", X: 3, Y: 4}, {ID: "h2", X: 6, Y: 8}},
			Speed:     0.5,
			Nurses: []visit.NurseParams{
				{ID: "anouk", Level: team.Level5, Abilities: []string{"wound care"}, ShiftStart: 420, ShiftEnd: 720, Start: "office"},
				{ID: "bas", Level: team.Level3, ShiftStart: 420, ShiftEnd: 720, Start: "office"},
			},
			Visits: []visit.VisitParams{
				{ID: "v1", Client: "c1", Location: "h1", Open: 480, Close: 540, Duration: 30},
				{ID: "v2", Client: "c2", Location: "h2", Open: 480, Close: 600, Duration: 20, Ability: "wound care", Level: team.Level4},
				{ID: "v3", Client: "c2", Location: "h2", Open: 600, Close: 660, Duration: 15, Nurse: "anouk", Start: &start},
			},
			Links:     []visit.LinkParams{{First: "v2", Second: "v3", Kind: visit.Sequential, MinGap: 0, MaxGap: 120}},
			Clients:   []visit.ClientParams{{ID: "c1", Known: []string{"bas"}}},
			Objective: visit.DefaultObjective(),
		},
		Plan: visit.Plan{Routes: []visit.Route{{Nurse: "anouk", Visits: []string{"v2", "v3"}}, {Nurse: "bas", Visits: []string{"v1"}}}},
	}
}

func requireInvalid(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, wijk.ErrInvalid, "error: %v", err)
	require.ErrorContains(t, err, field)
}
