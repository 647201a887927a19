package visit_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

func TestDayProblem(t *testing.T) {
	ids := wijk.NewSeededIDGenerator(wijk.NewManualClock(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)), 1)
	anna, sem := ids.NewID(), ids.NewID()
	jansen, bakker := ids.NewID(), ids.NewID()
	plan := ids.NewID()
	day := wijk.NewDate(2025, time.March, 3)
	demand := []careplan.Visit{
		{Client: jansen, Plan: plan, Date: day, EarliestStart: 480, LatestStart: 540, Minutes: 30, Level: team.Level3},
		{Client: bakker, Plan: plan, Date: day, EarliestStart: 600, LatestStart: 660, Minutes: 45, Level: team.Level5},
		{Client: jansen, Plan: plan, Date: day, EarliestStart: 1020, LatestStart: 1080, Minutes: 20, Level: team.Level3},
		{Client: jansen, Plan: plan, Date: day.AddDays(1), EarliestStart: 480, LatestStart: 540, Minutes: 30, Level: team.Level3},
	}
	pr, err := visit.DayProblem(visit.DayParams{
		Date:   day,
		Demand: demand,
		Shifts: []visit.Shift{
			{Member: anna, Level: team.Level5, Start: 450, End: 1110, From: "office"},
			{Member: sem, Level: team.Level3, Start: 450, End: 1110, From: "office"},
		},
		Locations: []visit.LocationParams{{ID: "office"}, {ID: "jansen", X: 3}, {ID: "bakker", Y: 4}},
		Speed:     0.25,
		Addresses: map[wijk.ID]string{jansen: "jansen", bakker: "bakker"},
		Known:     map[wijk.ID][]wijk.ID{jansen: {sem}},
	})
	require.NoError(t, err)
	var got []string
	for _, v := range pr.Visits() {
		got = append(got, v.ID)
	}
	require.Equal(t, []string{string(jansen) + "/1", string(bakker) + "/1", string(jansen) + "/2"}, got, "the next day's visit is left out")
	require.False(t, pr.Allowed(string(sem), string(bakker)+"/1"), "a level-3 carer cannot make a level-5 visit")

	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, MaxIterations: 100})
	require.NoError(t, err)
	ev := res.Evaluation
	require.True(t, ev.Feasible)
	require.Zero(t, ev.Cost.Unassigned)
	require.Zero(t, ev.Cost.Continuity, "Jansen gets Sem, whom she knows")

	_, err = visit.DayProblem(visit.DayParams{Date: day, Demand: demand, Shifts: []visit.Shift{{Member: anna, Level: team.Level5, Start: 450, End: 1110, From: "office"}},
		Locations: []visit.LocationParams{{ID: "office"}}})
	require.ErrorIs(t, err, wijk.ErrInvalid, "clients without an address")
}

func TestShiftsFromRoster(t *testing.T) {
	ann, bob := wijk.ID("01J0000000000000000000ANNE"), wijk.ID("01J000000000000000000000B8")
	p, err := roster.NewProblem(roster.ProblemParams{
		Days: 2, FirstWeekday: time.Monday,
		Shifts: []roster.ShiftTypeParams{{ID: "E", StartMinute: 7 * 60, Minutes: 6 * 60}, {ID: "N", StartMinute: 22 * 60, Minutes: 8 * 60}},
		Employees: []roster.EmployeeParams{
			{ID: string(ann), Level: team.Level5, Contract: roster.Contract{MaxMinutes: roster.NoLimit, MaxConsecutive: roster.NoLimit, MaxWeekends: roster.NoLimit}},
			{ID: string(bob), Level: team.Level3, Contract: roster.Contract{MaxMinutes: roster.NoLimit, MaxConsecutive: roster.NoLimit, MaxWeekends: roster.NoLimit}},
		},
	})
	require.NoError(t, err)
	r, err := roster.NewRoster(p)
	require.NoError(t, err)
	require.NoError(t, r.Set(string(ann), 0, "E"))
	require.NoError(t, r.Set(string(bob), 0, "N"))
	require.NoError(t, r.Set(string(bob), 1, "E"))

	got, err := visit.ShiftsFromRoster(r, 0, "office")
	require.NoError(t, err)
	want := []visit.Shift{
		{Member: ann, Level: team.Level5, Start: 7 * 60, End: 13 * 60, From: "office"},
		{Member: bob, Level: team.Level3, Start: 22 * 60, End: 24 * 60, From: "office"}, // cut at midnight
	}
	require.Equal(t, want, got)
	got, err = visit.ShiftsFromRoster(r, 1, "office")
	require.NoError(t, err)
	require.Equal(t, []visit.Shift{{Member: bob, Level: team.Level3, Start: 7 * 60, End: 13 * 60, From: "office"}}, got)

	_, err = visit.ShiftsFromRoster(r, 2, "office")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = visit.ShiftsFromRoster(nil, 0, "office")
	require.ErrorIs(t, err, wijk.ErrInvalid)
}
