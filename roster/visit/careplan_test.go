package visit_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
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

	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, Iterations: 100})
	require.NoError(t, err)
	ev := res.Evaluation
	require.True(t, ev.Feasible)
	require.Zero(t, ev.Cost.Unassigned)
	require.Zero(t, ev.Cost.Continuity, "Jansen gets Sem, whom she knows")

	_, err = visit.DayProblem(visit.DayParams{Date: day, Demand: demand, Shifts: []visit.Shift{{Member: anna, Level: team.Level5, Start: 450, End: 1110, From: "office"}},
		Locations: []visit.LocationParams{{ID: "office"}}})
	require.ErrorIs(t, err, wijk.ErrInvalid, "clients without an address")
}
