package planning_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster/visit"
)

func route(nurse wijk.ID, stops ...any) visit.ScheduledRoute {
	r := visit.ScheduledRoute{Nurse: string(nurse)}
	for i := 0; i < len(stops); i += 2 {
		r.Stops = append(r.Stops, visit.Stop{Visit: stops[i].(string), Start: stops[i+1].(float64)})
	}
	return r
}

func TestDiffDay(t *testing.T) {
	bep, jan, kees, lies := string(id("BEP"))+"/1", string(id("JAN"))+"/1", string(id("KEES"))+"/1", "lies/2"
	before := visit.Evaluation{Routes: []visit.ScheduledRoute{
		route(anne, bep, 480.0, jan, 600.0, kees, 660.0),
		route(bram, lies, 540.0),
		route(cem),
	}}
	after := visit.Evaluation{Routes: []visit.ScheduledRoute{
		route(anne, bep, 480.0),
		route(bram, lies, 550.0, jan, 610.0), // Lies 10 minutes later: not a move
		route(cem, kees, 700.0, bep+"x", 720.0),
	}, Unassigned: nil}
	d := planning.DiffDay(before, after, 0)
	want := []planning.VisitChange{
		{Kind: planning.Reassigned, Visit: jan, Client: string(id("JAN")), From: string(anne), To: string(bram), Before: 600, After: 610},
		{Kind: planning.Reassigned, Visit: kees, Client: string(id("KEES")), From: string(anne), To: string(cem), Before: 660, After: 700},
		{Kind: planning.Added, Visit: bep + "x", Client: string(id("BEP")), To: string(cem), After: 720},
	}
	if diff := cmp.Diff(want, d.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}

	// A tighter threshold sees Lies move; a dropped visit is told apart
	// from one no longer asked for.
	after.Routes[2] = route(cem)
	after.Unassigned = []string{kees}
	got := planning.DiffDay(before, after, 5).Format(names)
	golden := `Anne: visit to Jan at 10:00 goes to Bram, at 10:10
Anne: visit to Kees at 11:00 is dropped and stays unassigned
Bram: visit to lies moves from 09:00 to 09:10
`
	if diff := cmp.Diff(golden, got); diff != "" {
		t.Errorf("diff text (-want +got):\n%s", diff)
	}
	after.Unassigned = nil
	require.Contains(t, planning.DiffDay(before, after, 5).String(), string(anne)+": visit to "+string(id("KEES"))+" at 11:00 is no longer planned\n")
	require.Equal(t, "no changes\n", planning.DiffDay(before, before, 0).String())
}

func TestDiffRoster(t *testing.T) {
	setup, err := planning.RosterProblem(planning.RosterProblemParams{Team: newTeam(), Start: monday, Days: 4})
	require.NoError(t, err)
	before := rosterOf(t, setup.Problem, "EE--", "LL-L", "--EE")
	after := rosterOf(t, setup.Problem, "EEL-", "L--L", "-EEL")
	d, err := planning.DiffRoster(before, after, monday)
	require.NoError(t, err)
	golden := `Anne, Wed 2026-03-04: day off becomes late shift
Bram, Tue 2026-03-03: late shift becomes a day off
Cem, Tue 2026-03-03: day off becomes early shift
Cem, Thu 2026-03-05: early shift becomes late shift
`
	if diff := cmp.Diff(golden, d.Format(names)); diff != "" {
		t.Errorf("diff text (-want +got):\n%s", diff)
	}
	// Without a start date the days are numbered.
	d, err = planning.DiffRoster(before, after, wijk.Date{})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(d.String(), fmt.Sprintf("%s, day 2: day off becomes late shift\n", anne)), d.String())

	// A roster of a shorter period: the missing days count as off.
	short, err := planning.RosterProblem(planning.RosterProblemParams{Team: newTeam(), Start: monday, Days: 2})
	require.NoError(t, err)
	d, err = planning.DiffRoster(rosterOf(t, short.Problem, "EE", "LL", "--"), before, monday)
	require.NoError(t, err)
	require.Equal(t, "Bram, Thu 2026-03-05: day off becomes late shift\nCem, Wed 2026-03-04: day off becomes early shift\nCem, Thu 2026-03-05: day off becomes early shift\n", d.Format(names))
}

// After Anne fell ill at 09:00, the re-plan gives her morning to the
// others; the planner reads what changed.
func ExampleDiffDay() {
	before := visit.Evaluation{Routes: []visit.ScheduledRoute{
		{Nurse: "anne", Stops: []visit.Stop{{Visit: "bep/1", Start: 480}, {Visit: "jan/1", Start: 600}, {Visit: "kees/1", Start: 660}}},
		{Nurse: "bram", Stops: []visit.Stop{{Visit: "lies/1", Start: 540}}},
	}}
	after := visit.Evaluation{Routes: []visit.ScheduledRoute{
		{Nurse: "anne", Stops: []visit.Stop{{Visit: "bep/1", Start: 480}}},
		{Nurse: "bram", Stops: []visit.Stop{{Visit: "lies/1", Start: 540}, {Visit: "jan/1", Start: 615}}},
	}, Unassigned: []string{"kees/1"}}
	fmt.Print(planning.DiffDay(before, after, planning.DefaultMoveMinutes))
	// Output:
	// anne: visit to jan at 10:00 goes to bram, at 10:15
	// anne: visit to kees at 11:00 is dropped and stays unassigned
}
