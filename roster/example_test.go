package roster_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/team"
)

// A small team plans one week: an early and a late shift every day, a late
// may not be followed by an early, and Fatima would like Wednesday off.
func Example() {
	contract := roster.Contract{MaxMinutes: 5 * 480, MinMinutes: 3 * 480, MaxConsecutive: 4,
		MinConsecutive: 2, MinConsecutiveOff: 2, MaxWeekends: 1}
	params := roster.ProblemParams{
		Days:         7,
		FirstWeekday: time.Monday,
		Shifts: []roster.ShiftTypeParams{
			{ID: "early", StartMinute: 7 * 60, Minutes: 480},
			{ID: "late", StartMinute: 15 * 60, Minutes: 480},
		},
		// a late shift ends at 23:00: an early at 07:00 leaves 8 hours
		MinRestMinutes: 11 * 60,
		Employees: []roster.EmployeeParams{
			{ID: "fatima", Level: team.Level5, Contract: contract},
			{ID: "joost", Level: team.Level4, Contract: contract},
			{ID: "lotte", Level: team.Level3, Contract: contract},
		},
		OffRequests: []roster.RequestParams{{Employee: "fatima", Day: 2, Weight: 5}},
	}
	for d := range 7 {
		for _, s := range []string{"early", "late"} {
			params.Cover = append(params.Cover, roster.CoverParams{Day: d, Shift: s, Required: 1, UnderWeight: 100, OverWeight: 1})
		}
	}
	p, err := roster.NewProblem(params)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("late then early allowed:", !p.CannotFollow("late", "early"))

	// an empty roster breaks the minimum hours of everyone
	first, err := roster.NewRoster(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	empty := first.Evaluate()
	fmt.Println("empty roster:", empty.Score())
	fmt.Println(empty.Violations[0].Message)

	res, err := roster.Solve(context.Background(), p, roster.Options{Seed: 1, Workers: 2, MaxIterations: 20_000})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("proposal:", res.Evaluation.Score())
	wed, _ := res.Roster.Shift("fatima", 2)
	fmt.Printf("fatima on Wednesday: %q\n", wed)
	// Output:
	// late then early allowed: false
	// empty roster: 3 hard, 1400 soft
	// fatima works 0 minutes, the contract asks at least 1440
	// proposal: 0 hard, 0 soft
	// fatima on Wednesday: ""
}

// A planner drags shifts around on screen; the evaluator says at once
// what each change would do to the roster's score.
func ExampleEvaluator() {
	free := roster.Contract{MaxMinutes: roster.NoLimit, MaxConsecutive: 2, MaxWeekends: roster.NoLimit}
	p, err := roster.NewProblem(roster.ProblemParams{
		Days:         3,
		FirstWeekday: time.Monday,
		Shifts:       []roster.ShiftTypeParams{{ID: "day", Minutes: 480}},
		Employees: []roster.EmployeeParams{
			{ID: "sanne", Contract: free},
			{ID: "noor", Contract: free},
		},
		Cover: []roster.CoverParams{
			{Day: 0, Shift: "day", Required: 1, UnderWeight: 100, OverWeight: 1},
			{Day: 1, Shift: "day", Required: 1, UnderWeight: 100, OverWeight: 1},
			{Day: 2, Shift: "day", Required: 1, UnderWeight: 100, OverWeight: 1},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := roster.NewRoster(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for d := range 2 {
		_ = r.Set("sanne", d, "day")
	}
	ev, err := roster.NewEvaluator(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("now:", ev.Score())
	third, _ := ev.ScoreAfterSet("sanne", 2, "day")
	fmt.Println("sanne a third day:", third)
	noor, _ := ev.ScoreAfterSet("noor", 2, "day")
	fmt.Println("noor on day 2:", noor)
	// Output:
	// now: 0 hard, 100 soft
	// sanne a third day: 1 hard, 0 soft
	// noor on day 2: 0 hard, 0 soft
}
