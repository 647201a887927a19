package roster

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// rigidYear is a year for one employee whose contract leaves no room to
// move a single day: exactly 260 shifts in 364 days, at most 5 in a row,
// days off in twos. Every schedule that keeps it is five days on, two
// off, and a schedule can change phase only where it takes one of the
// two spare days, so a fixed day off on day 180 that the current phase
// works needs the year up to it or after it moved.
func rigidYear(t testing.TB) (*Problem, *Roster) {
	const off = 180
	p := mustProblem(t, ProblemParams{
		Days:         364,
		FirstWeekday: time.Monday,
		Shifts:       []ShiftTypeParams{{ID: "E", Minutes: 480}},
		Employees: []EmployeeParams{{ID: "aa", Contract: Contract{
			MaxMinutes: 260 * 480, MinMinutes: 260 * 480, MaxConsecutive: 5, MinConsecutive: 1,
			MinConsecutiveOff: 2, MaxWeekends: NoLimit},
			DaysOff: []int{off}}},
	})
	// the two spare days first, then five on and two off: day 180 works
	r := newRoster(p)
	for d := 2; d < p.days; d++ {
		if (d-2)%7 < 5 {
			r.cells[d] = 0
		}
	}
	require.GreaterOrEqual(t, r.cells[off], int8(0), "the test needs day %d worked", off)
	return p, r
}

// TestRepairHorizonMovesTheYearNoWindowCan shows why the repair exists:
// re-planning the employee over any window of up to 159 days around the
// fixed day off keeps the violation, and one program over the whole
// year removes it.
func TestRepairHorizonMovesTheYearNoWindowCan(t *testing.T) {
	p, r := rigidYear(t)
	w := newWorker(p, r.cells, p.pref, 1, 0)
	require.Positive(t, w.st.hard)
	for _, l := range []int{28, 64, 120, 159} {
		for a := max(0, 180-l+1); a <= 180 && a+l <= p.days; a++ {
			w.improveWindow(0, a, a+l, false)
			require.Positive(t, w.st.hard, "window [%d, %d)", a, a+l)
		}
	}
	w.repairHorizon(func() bool { return false })
	require.Zero(t, w.st.hard)
	row := w.st.row(0)
	require.Less(t, row[180], int8(0), "day 180 is off")
	worked := 0
	for _, k := range row {
		if k >= 0 {
			worked++
		}
	}
	require.Equal(t, 260, worked, "the contract's minutes are kept")
}

// TestSolveMendsAYearTheWindowsCannot starts the search from the roster
// that breaks the rigid year's day off, with a small move budget: the
// result keeps every hard rule.
func TestSolveMendsAYearTheWindowsCannot(t *testing.T) {
	p, r := rigidYear(t)
	require.NotEmpty(t, r.Evaluate().Violations)
	res, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 2000, Start: r})
	require.NoError(t, err)
	require.Empty(t, res.Evaluation.Violations)
	require.Equal(t, res.Roster.Evaluate(), res.Evaluation)
}

// TestRepairHorizonStopsWhenAsked: a repair asked to stop before its
// first employee changes nothing.
func TestRepairHorizonStopsWhenAsked(t *testing.T) {
	p, r := rigidYear(t)
	w := newWorker(p, r.cells, p.pref, 1, 0)
	w.repairHorizon(func() bool { return true })
	require.Equal(t, r.cells, w.st.cells)
}

// weekendYear is a year for one employee whose weekends are wanted far
// more than the contract allows: cover on every Saturday and Sunday,
// at most 10 weekends, 200 to 240 shifts of 480 minutes, and wishes to
// work weekdays that more than fill the minutes. A second shift
// type of another length (which the contract bars) makes the minutes
// fine-grained: with lengths 480 and 420 the exact program is too large
// for the repair, with 480 and 479 even the one with weekends priced is.
func weekendYear(t testing.TB, other int) *Problem {
	p := ProblemParams{
		Days:         364,
		FirstWeekday: time.Monday,
		Shifts:       []ShiftTypeParams{{ID: "E", Minutes: 480}, {ID: "S", Minutes: other}},
		Employees: []EmployeeParams{{ID: "aa", Contract: Contract{
			MaxShifts:  map[string]int{"S": 0},
			MaxMinutes: 240 * 480, MinMinutes: 200 * 480, MaxConsecutive: 5, MinConsecutive: 2,
			MinConsecutiveOff: 2, MaxWeekends: 10}}},
	}
	// wishes to work weekdays, of weights that differ, so that a price
	// on the minutes can tell the days apart
	rng := rand.New(rand.NewPCG(1, 2))
	for d := range p.Days {
		if d%7 >= 5 {
			p.Cover = append(p.Cover, CoverParams{Day: d, Shift: "E", Required: 1, UnderWeight: 100})
		} else {
			p.OnRequests = append(p.OnRequests, RequestParams{Employee: "aa", Day: d, Shift: "E", Weight: 1 + rng.IntN(9)})
		}
	}
	return mustProblem(t, p)
}

// TestRepairHorizonPricesWhatDoesNotFit repairs an empty year (it breaks
// the minimum minutes) where the exact program is too large: the repair
// prices the weekends, or the minutes, and the schedule it keeps breaks
// no rule, weekends included. (Every weekend is worth the same here, so
// the price that keeps them within the contract frees them all: a price
// finds a schedule that keeps the rules, not the best such schedule.)
func TestRepairHorizonPricesWhatDoesNotFit(t *testing.T) {
	for _, tc := range []struct {
		other      int
		exact, wed bool // whether the exact program, and the one with weekends priced, fit
	}{{420, false, true}, {479, false, false}} {
		p := weekendYear(t, tc.other)
		w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
		sp := w.st.spec(0, 0, p.days, w.lambda)
		require.Equal(t, tc.exact, w.st.exactSize(sp) <= maxRepairStates, "other %d", tc.other)
		sp.pricedWE = true
		require.Equal(t, tc.wed, w.st.exactSize(sp) <= maxRepairStates, "other %d", tc.other)
		require.Positive(t, w.st.hard)
		w.repairHorizon(func() bool { return false })
		require.Zero(t, w.st.hard, "other %d", tc.other)
		require.LessOrEqual(t, weekendsOf(p, w.st.row(0)), 10, "other %d", tc.other)
	}
}

// TestSolveMendsAStuckViolationEarly: when the moves leave the best
// roster's hard violation as it is for a few epochs, the search re-plans
// the employee over the whole horizon then, not only at the end of the
// first quarter of the budget.
func TestSolveMendsAStuckViolationEarly(t *testing.T) {
	p, r := rigidYear(t)
	const budget = 100_000
	var firstFeasible int64 = -1
	res, err := Solve(context.Background(), p, Options{Seed: 1, Workers: 2, MaxIterations: budget, Start: r,
		Progress: func(pr Progress) {
			if firstFeasible < 0 && pr.Best.Hard == 0 {
				firstFeasible = pr.Iterations
			}
		}})
	require.NoError(t, err)
	require.Empty(t, res.Evaluation.Violations)
	require.Positive(t, firstFeasible)
	// both workers' moves before the end of the first quarter
	require.Less(t, firstFeasible, int64(2*budget/4))
}

// TestPricedWeekendsAreExactForTheirPrice checks the program with the
// weekends priced (the repair's middle rung) against enumeration on small
// random problems: over the whole horizon, its schedule is the best one
// when the weekend rule is replaced by a price per weekend worked.
func TestPricedWeekendsAreExactForTheirPrice(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	checked, binding := 0, 0
	for it := range 300 {
		H := 6 + rng.IntN(4)
		params := randomProblem(t, rng, H, it%2 == 0).Params()
		for i := range params.Employees {
			params.Employees[i].Contract.MaxShifts = nil
		}
		p := mustProblem(t, params)
		w := newWorker(p, randomRoster(p, rng).cells, p.pref, 1, 0)
		e := rng.IntN(p.nE)
		c := &p.emp[e]
		price := []int64{0, 3, 40, 5000}[it%4]
		// the objective with the weekend rule replaced by the price
		priced := func() int64 {
			we := int64(weekendsOf(p, w.st.row(e)))
			return w.st.obj() - hardW*max(we-int64(c.maxWE), 0) + price*we
		}
		before := append([]int8(nil), w.st.cells...)
		want := inf
		eachKeeping(p.pin[e*H:(e+1)*H], p.nS, func(cells []int8) {
			for d := range H {
				w.st.set(e, d, cells[d])
			}
			w.st.refresh(e)
			want = min(want, priced())
		})
		copy(w.st.cells, before)
		w.st.recompute()
		sp := w.st.spec(e, 0, H, w.lambda)
		sp.pricedWE, sp.wePrice = true, price
		seg := w.seg[:H]
		if !w.st.optimise(sp, &w.dp, seg) {
			continue
		}
		for d := range H {
			w.st.set(e, d, seg[d])
		}
		w.st.refresh(e)
		checked++
		if c.maxWE < weekendsOf(p, seg) {
			binding++
		}
		require.Equal(t, want, priced(), "iteration %d, employee %d, price %d", it, e, price)
	}
	require.Greater(t, checked, 250)
	// the price, not the rule, kept some of these schedules' weekends
	require.Positive(t, binding)
}
