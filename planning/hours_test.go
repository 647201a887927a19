package planning_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

// smallDay is a day of two nurses on the early shift (07:00–13:00) from
// the office at (0, 0), at one minute per unit of distance: Bep lives 10
// minutes away, Jan 5 minutes beyond her.
func smallDay(t testing.TB) *visit.Problem {
	t.Helper()
	pr, err := visit.NewProblem(visit.ProblemParams{
		Locations: []visit.LocationParams{{ID: "office"}, {ID: "bep", X: 10}, {ID: "jan", X: 15}},
		Speed:     1,
		Nurses: []visit.NurseParams{
			{ID: string(anne), Level: team.Level5, ShiftStart: 420, ShiftEnd: 780, Start: "office"},
			{ID: string(bram), Level: team.Level4, ShiftStart: 420, ShiftEnd: 780, Start: "office"},
		},
		Visits: []visit.VisitParams{
			{ID: "bep/1", Client: "bep", Location: "bep", Open: 540, Close: 600, Duration: 30},
			{ID: "jan/1", Client: "jan", Location: "jan", Open: 570, Close: 630, Duration: 25},
		},
		Objective: visit.DefaultObjective(),
	})
	require.NoError(t, err)
	return pr
}

func TestHours(t *testing.T) {
	pr := smallDay(t)
	ev, err := visit.Evaluate(pr, visit.Plan{Routes: []visit.Route{{Nurse: string(anne), Visits: []string{"bep/1", "jan/1"}}}})
	require.NoError(t, err)
	require.True(t, ev.Feasible)
	day := wijk.NewDate(2026, time.March, 2)
	got, err := planning.Hours(planning.HoursParams{Date: day, Problem: pr, Routes: ev.Routes,
		Other: map[wijk.ID]int{anne: 60, cem: 45}})
	require.NoError(t, err)
	// Anne leaves at 08:50 to be at Bep's at 09:00 (10 min), is with her
	// until 09:30, at Jan's at 09:35 until 10:00, and back at 10:15:
	// 85 minutes, plus 30 of handover and an hour's meeting. Travel is
	// 10 + 5 + 15 = 30 minutes, with clients 55. Bram has no visits: his
	// shift is office work. Cem only came to the meeting.
	want := []team.HoursRecord{ // sorted by ID
		{Person: cem, Day: day, Worked: 45 * time.Minute},
		{Person: anne, Day: day, Worked: (85 + 30 + 60) * time.Minute, ClientFacing: 55 * time.Minute, Travel: 30 * time.Minute},
		{Person: bram, Day: day, Worked: 6 * time.Hour},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("hours (-want +got):\n%s", d)
	}

	// Without handover.
	got, err = planning.Hours(planning.HoursParams{Date: day, Problem: pr, Routes: ev.Routes, HandoverMinutes: -1})
	require.NoError(t, err)
	require.Equal(t, 85*time.Minute, got[0].Worked, "Anne")
}

func TestHoursRefusesBadInput(t *testing.T) {
	pr := smallDay(t)
	day := wijk.NewDate(2026, time.March, 2)
	tests := []struct {
		name  string
		p     planning.HoursParams
		field string
	}{
		{"no date", planning.HoursParams{Problem: pr}, "date"},
		{"no problem", planning.HoursParams{Date: day}, "problem"},
		{"route of a stranger", planning.HoursParams{Date: day, Problem: pr, Routes: []visit.ScheduledRoute{{Nurse: "x"}}}, "routes[0].nurse"},
		{"two routes of one nurse", planning.HoursParams{Date: day, Problem: pr,
			Routes: []visit.ScheduledRoute{{Nurse: string(anne)}, {Nurse: string(anne)}}}, "routes[1].nurse"},
		{"unknown visit", planning.HoursParams{Date: day, Problem: pr,
			Routes: []visit.ScheduledRoute{{Nurse: string(anne), Stops: []visit.Stop{{Visit: "nope"}}}}}, "visit"},
		{"more than a day of other work", planning.HoursParams{Date: day, Problem: pr, Other: map[wijk.ID]int{cem: 1500}}, "other"},
		{"other work of no member", planning.HoursParams{Date: day, Problem: pr, Other: map[wijk.ID]int{"me": 10}}, "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := planning.Hours(tt.p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Contains(t, err.Error(), tt.field)
		})
	}
}
