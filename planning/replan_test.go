package planning_test

import (
	"context"
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

// replanDay is a morning of three nurses. Anne has Bep at 08:00 and Jan
// at 10:00 and Kees pinned to her at 11:00; Bram has Lies, pinned to him,
// at 09:00; Cem has nothing yet.
func replanDay(t testing.TB) (*visit.Problem, visit.Plan) {
	t.Helper()
	pr, err := visit.NewProblem(visit.ProblemParams{
		Locations: []visit.LocationParams{{ID: "office"}, {ID: "bep", X: 10}, {ID: "jan", X: 20}, {ID: "kees", Y: 10}, {ID: "lies", Y: 20}},
		Speed:     1,
		Nurses: []visit.NurseParams{
			{ID: string(anne), Level: team.Level5, ShiftStart: 420, ShiftEnd: 780, Start: "office"},
			{ID: string(bram), Level: team.Level4, ShiftStart: 420, ShiftEnd: 780, Start: "office"},
			{ID: string(cem), Level: team.Level3, ShiftStart: 420, ShiftEnd: 780, Start: "office"},
		},
		Visits: []visit.VisitParams{
			{ID: "bep/1", Client: "bep", Location: "bep", Open: 480, Close: 500, Duration: 30},
			{ID: "jan/1", Client: "jan", Location: "jan", Open: 600, Close: 630, Duration: 30},
			{ID: "kees/1", Client: "kees", Location: "kees", Open: 660, Close: 690, Duration: 20, Nurse: string(anne)},
			{ID: "lies/1", Client: "lies", Location: "lies", Open: 540, Close: 560, Duration: 20, Nurse: string(bram)},
		},
		Objective: visit.DefaultObjective(),
	})
	require.NoError(t, err)
	plan := visit.Plan{Routes: []visit.Route{
		{Nurse: string(anne), Visits: []string{"bep/1", "jan/1", "kees/1"}},
		{Nurse: string(bram), Visits: []string{"lies/1"}},
	}}
	ev, err := visit.Evaluate(pr, plan)
	require.NoError(t, err)
	require.True(t, ev.Feasible)
	return pr, plan
}

func TestReplanDayKeepsWhatHappenedAndWhatWasPinned(t *testing.T) {
	pr, plan := replanDay(t)
	// Anne falls ill at 09:00, after Bep's visit.
	npr, start, err := planning.DayReplanProblem(planning.DayReplanParams{Problem: pr, Plan: plan, Member: anne, At: 540})
	require.NoError(t, err)

	type pin struct {
		Nurse    string
		Start    float64
		Excluded []string
	}
	got := map[string]pin{}
	for _, v := range npr.Visits() {
		p := pin{Nurse: v.Nurse, Excluded: v.Excluded}
		if v.Start != nil {
			p.Start = *v.Start
		}
		got[v.ID] = p
	}
	want := map[string]pin{
		"bep/1":  {Nurse: string(anne), Start: 480},                       // done: stays hers, at its time
		"jan/1":  {Excluded: []string{string(anne)}},                      // open again
		"kees/1": {Excluded: []string{string(anne)}},                      // was pinned to her: open
		"lies/1": {Nurse: string(bram), Excluded: []string{string(anne)}}, // pinned to Bram: stays
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("re-plan visits (-want +got):\n%s", d)
	}
	require.NotNil(t, npr.Params().Now)
	require.Equal(t, 540.0, *npr.Params().Now)
	require.NotNil(t, start)
	require.Equal(t, []visit.Route{
		{Nurse: string(anne), Visits: []string{"bep/1"}},
		{Nurse: string(bram), Visits: []string{"lies/1"}},
		{Nurse: string(cem)},
	}, start.Routes)

	// The search keeps it so: Bep stays done by Anne, she makes no
	// other visit, Lies stays with Bram.
	res, err := visit.Solve(context.Background(), npr, visit.Options{Seed: 1, Workers: 1})
	require.NoError(t, err)
	ev := res.Evaluation
	require.True(t, ev.Feasible)
	require.Empty(t, ev.Unassigned)
	for _, r := range ev.Routes {
		for _, st := range r.Stops {
			switch st.Visit {
			case "bep/1":
				require.Equal(t, string(anne), r.Nurse)
				require.Equal(t, 480.0, st.Start)
			case "lies/1":
				require.Equal(t, string(bram), r.Nurse)
			default:
				require.NotEqual(t, string(anne), r.Nurse, st.Visit)
				require.GreaterOrEqual(t, st.Start, 540.0, st.Visit)
			}
		}
	}
}

func TestReplanDayRefusesBadInput(t *testing.T) {
	pr, plan := replanDay(t)
	_, _, err := planning.DayReplanProblem(planning.DayReplanParams{Problem: pr, Plan: plan, Member: id("X"), At: 540})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Contains(t, err.Error(), "member")
	_, _, err = planning.DayReplanProblem(planning.DayReplanParams{Problem: pr, Plan: plan, Member: anne, At: -1})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Contains(t, err.Error(), "at")
	broken := visit.Plan{Routes: []visit.Route{{Nurse: string(cem), Visits: []string{"lies/1"}}}}
	_, _, err = planning.DayReplanProblem(planning.DayReplanParams{Problem: pr, Plan: broken, Member: anne, At: 540})
	require.ErrorIs(t, err, wijk.ErrConflict)
}

func TestReplanRoster(t *testing.T) {
	setup, err := planning.RosterProblem(planning.RosterProblemParams{Team: newTeam(), Start: monday, Days: 7})
	require.NoError(t, err)
	adopted := rosterOf(t, setup.Problem,
		"EEE--EE", // Anne
		"LLL-L--", // Bram
		"--EELL-") // Cem
	// Bram calls in sick on Tuesday for Tuesday and Wednesday.
	nsetup, start, err := planning.RosterReplanProblem(planning.RosterReplanParams{Setup: setup, Adopted: adopted,
		Member: bram, From: monday.AddDays(1), To: monday.AddDays(2)})
	require.NoError(t, err)
	require.Equal(t, setup.Start, nsetup.Start)
	require.Equal(t, setup.Members, nsetup.Members)

	want := []roster.Assignment{
		{Employee: string(anne), Day: 0, Shift: "early"},
		{Employee: string(bram), Day: 0, Shift: "late"},
		{Employee: string(bram), Day: 1}, {Employee: string(bram), Day: 2},
		{Employee: string(cem), Day: 0},
	}
	if d := cmp.Diff(want, nsetup.Problem.Pins()); d != "" {
		t.Errorf("pins (-want +got):\n%s", d)
	}
	diff, err := planning.DiffRoster(adopted, start, monday)
	require.NoError(t, err)
	require.Equal(t, "Bram, Tue 2026-03-03: late shift becomes a day off\n"+
		"Bram, Wed 2026-03-04: late shift becomes a day off\n", diff.Format(names))

	// His contract asks less of him now: five of his seven days are left.
	before, after := setup.Problem.Params().Employees[1].Contract, nsetup.Problem.Params().Employees[1].Contract
	require.Equal(t, before.MinMinutes*5/7, after.MinMinutes)
	require.Equal(t, before.MaxMinutes, after.MaxMinutes)

	// A short search from the start roster keeps Monday and Bram's sick
	// days as pinned.
	res, err := roster.Solve(context.Background(), nsetup.Problem, roster.Options{Seed: 1, Workers: 1, MaxIterations: 2000, Start: start, ChangeWeight: 5, TimeLimit: time.Minute})
	require.NoError(t, err)
	for _, a := range want {
		sh, err := res.Roster.Shift(a.Employee, a.Day)
		require.NoError(t, err)
		require.Equal(t, a.Shift, sh, "%s day %d", names(a.Employee), a.Day)
	}
}

func TestReplanRosterRefusesBadInput(t *testing.T) {
	setup, err := planning.RosterProblem(planning.RosterProblemParams{Team: newTeam(), Start: monday, Days: 7})
	require.NoError(t, err)
	adopted, err := roster.NewRoster(setup.Problem)
	require.NoError(t, err)
	other, err := planning.RosterProblem(planning.RosterProblemParams{Team: newTeam(), Start: monday, Days: 7})
	require.NoError(t, err)
	tests := []struct {
		name  string
		p     planning.RosterReplanParams
		field string
	}{
		{"no adopted roster", planning.RosterReplanParams{Setup: setup, Member: bram, From: monday, To: monday}, "adopted"},
		{"a roster of another problem", planning.RosterReplanParams{Setup: other, Adopted: adopted, Member: bram, From: monday, To: monday}, "adopted"},
		{"a stranger", planning.RosterReplanParams{Setup: setup, Adopted: adopted, Member: id("X"), From: monday, To: monday}, "member"},
		{"ill before the period", planning.RosterReplanParams{Setup: setup, Adopted: adopted, Member: bram, From: monday.AddDays(-1), To: monday}, "from"},
		{"back before ill", planning.RosterReplanParams{Setup: setup, Adopted: adopted, Member: bram, From: monday.AddDays(2), To: monday}, "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := planning.RosterReplanProblem(tt.p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Contains(t, err.Error(), tt.field)
		})
	}
}
