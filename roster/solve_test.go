package roster

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

// weekProblem is a two-week problem that has a perfect roster: four
// employees, an early and a late shift, cover that exactly fits their
// contracts.
func weekProblem(t testing.TB) *Problem { return weeksProblem(t, 14) }

// weeksProblem is weekProblem over the given number of days.
func weeksProblem(t testing.TB, days int) *Problem {
	p := ProblemParams{
		Days:         days,
		FirstWeekday: time.Monday,
		Shifts: []ShiftTypeParams{
			{ID: "E", Minutes: 480},
			{ID: "L", Minutes: 480, NotFollowedBy: []string{"E"}},
		},
	}
	for _, id := range []string{"ann", "bob", "cas", "dee"} {
		p.Employees = append(p.Employees, EmployeeParams{ID: id, Contract: Contract{
			MaxMinutes: 10 * 480, MinMinutes: 6 * 480, MaxConsecutive: 5, MinConsecutive: 2,
			MinConsecutiveOff: 2, MaxWeekends: 1}})
	}
	for d := range days {
		for _, s := range []string{"E", "L"} {
			p.Cover = append(p.Cover, CoverParams{Day: d, Shift: s, Required: 1, UnderWeight: 100, OverWeight: 1})
		}
	}
	p.OnRequests = []RequestParams{{Employee: "ann", Day: 0, Shift: "E", Weight: 2}}
	p.OffRequests = []RequestParams{{Employee: "bob", Day: 3, Weight: 3}}
	return mustProblem(t, p)
}

func TestSolveFindsAPerfectRoster(t *testing.T) {
	p := weekProblem(t)
	res, err := Solve(context.Background(), p, Options{Seed: 1, Workers: 2, MaxIterations: 40_000})
	require.NoError(t, err)
	require.Empty(t, res.Evaluation.Violations)
	require.Equal(t, 0, res.Evaluation.Penalty)
	require.Equal(t, res.Roster.Evaluate(), res.Evaluation)
	// no roster beats a perfect one, and the search proves it
	require.True(t, res.Optimal)
}

// TestSolveProvesOptimalRosters compares Solve with the best roster found
// by enumerating every roster on small random problems: the search must
// prove its roster optimal, and be right.
func TestSolveProvesOptimalRosters(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for it := range 30 {
		p := twoEmployees(t, randomProblem(t, rng, 4, it%2 == 0))
		best := bestByEnumeration(p)
		res, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 1_000})
		require.NoError(t, err)
		require.True(t, res.Optimal, "iteration %d", it)
		require.Equal(t, StopOptimal, res.Stop, "iteration %d", it)
		require.Zero(t, res.Iterations, "a proven roster needs no local search")
		require.Equal(t, best, newState(p, res.Roster.cells, p.pref).obj(), "iteration %d", it)
		require.Equal(t, int(best), res.Bound, "iteration %d", it)
	}
}

func TestSolveIsDeterministicForSeedWorkersAndIterations(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	// on 28 days the tree search may prove a roster optimal; on 91 days
	// the local search does all the work
	for _, days := range []int{28, 91} {
		p := randomProblem(t, rng, days, true)
		run := func(seed uint64, workers int) []Assignment {
			res, err := Solve(context.Background(), p, Options{Seed: seed, Workers: workers, MaxIterations: 9_000})
			require.NoError(t, err)
			if !res.Optimal {
				require.Equal(t, int64(9_000*workers), res.Iterations)
			}
			// column generation bounds 28 days; 91 days are beyond it
			if days > 84 {
				require.Zero(t, res.Bound)
			} else {
				// no roster's objective, hard violations weighed in, is
				// below the bound (this problem has none without one)
				require.Positive(t, res.Bound)
				require.LessOrEqual(t, int64(res.Bound), newState(p, res.Roster.cells, p.pref).obj())
			}
			return res.Roster.Assignments()
		}
		require.Equal(t, run(3, 2), run(3, 2), "%d days", days)
		require.Equal(t, run(4, 1), run(4, 1), "%d days", days)
	}
}

func TestSolveKeepsPins(t *testing.T) {
	p, err := weekProblem(t).WithPins(
		Assignment{Employee: "ann", Day: 2, Shift: "L"},
		Assignment{Employee: "bob", Day: 5},
		Assignment{Employee: "cas", Day: 5, Shift: "E"},
	)
	require.NoError(t, err)
	res, err := Solve(context.Background(), p, Options{Seed: 2, MaxIterations: 5_000})
	require.NoError(t, err)
	for _, pin := range p.Pins() {
		got, err := res.Roster.Shift(pin.Employee, pin.Day)
		require.NoError(t, err)
		require.Equal(t, pin.Shift, got)
	}
	require.Empty(t, res.Evaluation.Violations)
}

func TestSolveRepairsWithFewChanges(t *testing.T) {
	p := weekProblem(t)
	first, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 40_000})
	require.NoError(t, err)
	require.Empty(t, first.Evaluation.Violations)
	// dee falls ill on the days she works in the first week
	var ill []Assignment
	for d := range 7 {
		if s, _ := first.Roster.Shift("dee", d); s != "" {
			ill = append(ill, Assignment{Employee: "dee", Day: d})
		}
	}
	require.NotEmpty(t, ill)
	p2, err := p.WithPins(ill...)
	require.NoError(t, err)
	start, err := RosterFromAssignments(p2, first.Roster.Assignments())
	require.NoError(t, err)
	res, err := Solve(context.Background(), p2, Options{Seed: 1, MaxIterations: 40_000, Start: start, ChangeWeight: 5})
	require.NoError(t, err)
	require.Empty(t, res.Evaluation.Violations)
	changes, err := start.Changes(res.Roster)
	require.NoError(t, err)
	for _, pin := range ill {
		require.Contains(t, changes, pin)
	}
	// dee's absence must be covered and her contract still met, so some
	// cells change, but far from the whole roster (4 × 14 cells)
	require.LessOrEqual(t, len(changes), len(ill)*4+6, "changes: %v", changes)
}

func TestSolveStopsAtTheTimeLimitAndOnCancel(t *testing.T) {
	// beyond 84 days there is no tree search to prove a roster optimal
	// early, so the search runs until the limit
	p := weeksProblem(t, 91)
	clock := &steppingClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), step: time.Millisecond}
	var progress []Progress
	res, err := Solve(context.Background(), p, Options{Seed: 1, TimeLimit: 300 * time.Millisecond, Clock: clock,
		Progress: func(pr Progress) { progress = append(progress, pr) }})
	require.NoError(t, err, "reaching the time limit is a normal end")
	require.Equal(t, StopTimeLimit, res.Stop)
	require.NotNil(t, res.Roster)
	require.GreaterOrEqual(t, res.Elapsed, 300*time.Millisecond)
	require.NotEmpty(t, progress)
	for i := 1; i < len(progress); i++ {
		require.True(t, progress[i].Best.Less(progress[i-1].Best), "progress reports improvements")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = Solve(ctx, p, Options{Seed: 1, TimeLimit: time.Hour})
	require.ErrorIs(t, err, context.Canceled, "a search cancelled before it began has no roster")
	require.Nil(t, res.Roster)

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	res, err = Solve(ctx, p, Options{Seed: 1, TimeLimit: time.Hour, Progress: func(Progress) { cancel() }})
	require.NoError(t, err, "a search cancelled while it runs returns its best roster")
	require.Equal(t, StopCancelled, res.Stop)
	require.NotNil(t, res.Roster)
}

func TestSolveSaysWhyItStopped(t *testing.T) {
	p := weeksProblem(t, 91)
	res, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 2_000})
	require.NoError(t, err)
	require.Equal(t, StopIterationLimit, res.Stop)
	require.NotNil(t, res.Roster)
}

// Without a limit the search ends by itself, when its coldest moves stop
// improving: reproducibly (the same roster for the same seed, however
// long it took), in the last quarter of its move budget, and with a
// roster close to what the whole budget gives.
func TestSolveWithoutALimitConverges(t *testing.T) {
	p := weeksProblem(t, 91)
	budget := convergeBudget(p)
	run := func() Result {
		res, err := Solve(context.Background(), p, Options{Seed: 7})
		require.NoError(t, err)
		require.NotNil(t, res.Roster)
		return res
	}
	a, b := run(), run()
	require.Equal(t, a.Roster.Assignments(), b.Roster.Assignments(), "same seed, same roster")
	require.Equal(t, a.Iterations, b.Iterations)
	require.Equal(t, StopConverged, a.Stop)
	perWorker := a.Iterations / DefaultWorkers
	require.GreaterOrEqual(t, perWorker, budget-budget/4, "it stops only where the search runs coldest")
	require.Less(t, perWorker, budget, "it stopped before spending its whole budget")

	full, err := Solve(context.Background(), p, Options{Seed: 7, MaxIterations: budget})
	require.NoError(t, err)
	require.Equal(t, StopIterationLimit, full.Stop)
	require.Equal(t, full.Evaluation.Violations == nil, a.Evaluation.Violations == nil)
	require.LessOrEqual(t, a.Evaluation.Penalty, full.Evaluation.Penalty+full.Evaluation.Penalty/50,
		"converged within 2%% of the whole budget's roster (%d against %d)", a.Evaluation.Penalty, full.Evaluation.Penalty)
	t.Logf("converged: %d moves, penalty %d; whole budget: %d moves, penalty %d", a.Iterations, a.Evaluation.Penalty, full.Iterations, full.Evaluation.Penalty)
}

func TestStalled(t *testing.T) {
	const budget = 800
	for _, tt := range []struct {
		iters, lastGain int64
		want            bool
	}{
		{599, 0, false},   // not yet in the last quarter
		{600, 500, true},  // in it, and an eighth without a gain
		{600, 501, false}, // a gain less than an eighth ago
		{799, 700, false},
		{800, 700, true},
	} {
		require.Equal(t, tt.want, stalled(tt.iters, tt.lastGain, budget), "%d moves, last gain at %d", tt.iters, tt.lastGain)
	}
}

// TestReplanPairMovesAWeekendAtTheMaximum: an employee who may work one
// weekend works a Saturday whose cover matters little, while a later
// Saturday is short at a higher weight. Re-planning the first window and
// then the second cannot move the weekend (the first keeps a Saturday
// that still gains something, and the second has no weekend left);
// emptying the first window before re-planning the second can.
func TestReplanPairMovesAWeekendAtTheMaximum(t *testing.T) {
	params := ProblemParams{
		Days:         28,
		FirstWeekday: time.Monday,
		Shifts:       []ShiftTypeParams{{ID: "D", Minutes: 480}},
		Employees: []EmployeeParams{{ID: "ann", Contract: Contract{
			MaxMinutes: 28 * 480, MaxConsecutive: 5, MaxWeekends: 1}}},
		Cover: []CoverParams{
			{Day: 5, Shift: "D", Required: 1, UnderWeight: 10, OverWeight: 1},
			{Day: 19, Shift: "D", Required: 1, UnderWeight: 50, OverWeight: 1},
		},
	}
	p := mustProblem(t, params)
	for _, empty := range []bool{false, true} {
		cells := newRoster(p).cells
		cells[5] = 0 // the first Saturday
		w := newWorker(p, cells, p.pref, 1, 0)
		require.Equal(t, int64(50), w.st.obj())
		old := append([]int8(nil), w.st.row(0)[:14]...)
		require.True(t, w.replanPair(0, 0, 14, 14, 28, old, empty))
		row := w.st.row(0)
		if !empty {
			require.Equal(t, int64(50), w.st.obj(), "without emptying, the weekend stays")
			require.Equal(t, int8(0), row[5])
			continue
		}
		require.Equal(t, int64(10), w.st.obj(), "emptied first, the weekend moves")
		require.Equal(t, int8(0), row[19])
		require.Equal(t, offCell, row[5])
		require.Zero(t, w.st.hard)
	}
}

func TestSolveRejectsBadOptions(t *testing.T) {
	p := weekProblem(t)
	other := weekProblem(t)
	for name, opt := range map[string]Options{
		"negative time":     {TimeLimit: -1},
		"too many workers":  {Workers: 65, MaxIterations: 1},
		"negative weight":   {ChangeWeight: -1, MaxIterations: 1},
		"foreign start":     {Start: newRoster(other), MaxIterations: 1},
		"negative iterates": {MaxIterations: -5},
	} {
		_, err := Solve(context.Background(), p, opt)
		require.ErrorIs(t, err, wijk.ErrInvalid, name)
	}
	_, err := Solve(context.Background(), nil, Options{MaxIterations: 1})
	require.ErrorIs(t, err, wijk.ErrInvalid)
}

// steppingClock advances by step every time it is read.
type steppingClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func BenchmarkSolveWeek(b *testing.B) {
	p := weekProblem(b)
	for b.Loop() {
		_, _ = Solve(context.Background(), p, Options{Seed: 1, Workers: 1, MaxIterations: 2_000})
	}
}

// TestConstructionStopsWhenAsked checks that building the first roster
// asks stop before each window, not again once it said yes, and still
// gives every employee a schedule that keeps the hard rules.
func TestConstructionStopsWhenAsked(t *testing.T) {
	for _, days := range []int{28, 182} {
		p := weeksProblem(t, days)
		w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
		require.False(t, w.construct(true, noStop), "%d days", days)
		for _, n := range []int{0, 1, 3, 6} { // 6: in the second pass
			w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
			calls := 0
			stopped := w.construct(true, func() bool { calls++; return calls > n })
			require.True(t, stopped, "%d days, stop after %d", days, n)
			require.Equal(t, n+1, calls, "%d days, stop after %d", days, n)
			require.Zero(t, w.st.hard, "%d days, stop after %d", days, n)
			for e := range p.nE {
				require.NotEqual(t, 0, p.emp[e].minMin, "the test needs a minimum")
				works := slices.ContainsFunc(w.st.row(e), func(k int8) bool { return k >= 0 })
				require.True(t, works, "%d days, employee %d has work", days, e)
			}
		}
	}
}

// TestSolveStopsWhileBuildingTheFirstRoster gives a year-long problem a
// time limit that runs out while the first roster is built: Solve stops
// there, with a whole roster that keeps the hard rules.
func TestSolveStopsWhileBuildingTheFirstRoster(t *testing.T) {
	res := solveStepped(t, 364, 5*time.Millisecond)
	require.Zero(t, res.Iterations)
	// a handful of windows were asked about before the limit
	require.Less(t, res.Elapsed, 50*time.Millisecond)
}

// TestSolveGoesOnWhenTheFirstRelaxationIsLate gives a 28-day and a
// 56-day problem a clock under which the first relaxation ends after
// treeRootLate or rootLate of the time (and before three quarters of it,
// when the dive would prove the roster optimal): the dive gives up, and
// the search of long horizons has the rest, so the roster keeps the rules.
// The bound the unfinished relaxation's rounds give is never above the
// best roster's penalty, which a search given no limit proves.
func TestSolveGoesOnWhenTheFirstRelaxationIsLate(t *testing.T) {
	for _, c := range []struct {
		days  int
		limit time.Duration
	}{{28, 100 * time.Millisecond}, {56, 80 * time.Millisecond}} {
		res := solveStepped(t, c.days, c.limit)
		require.Positive(t, res.Iterations, "%d days: the local search had the time the dive gave up", c.days)
		best, err := Solve(context.Background(), weeksProblem(t, c.days), Options{Seed: 1})
		require.NoError(t, err)
		require.True(t, best.Optimal, "%d days: the test needs the best roster's penalty", c.days)
		require.LessOrEqual(t, res.Bound, best.Evaluation.Penalty, "%d days", c.days)
		t.Logf("%d days: bound %d, best %d, roster %d", c.days, res.Bound, best.Evaluation.Penalty, res.Evaluation.Penalty)
	}
}

// TestSolveSweepsWeeksAfterASlowRelaxation gives a 28-day team of 12 a
// clock under which the first relaxation ends after the dives' tenth of
// the time but before the give-up point: the dive then fixes on the
// pooled schedules, and the local search and the sweep of weeks run
// before the tree search (a panic in the sweep fails this test). The
// result keeps the rules, and the first relaxation's bound holds for it.
func TestSolveSweepsWeeksAfterASlowRelaxation(t *testing.T) {
	p := randomTeamProblem(t, rand.New(rand.NewPCG(3, 3)), 28, 12, true)
	clock := &steppingClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), step: time.Millisecond}
	res, err := Solve(context.Background(), p, Options{Seed: 1, TimeLimit: 1600 * time.Millisecond, Clock: clock})
	require.NoError(t, err)
	require.Empty(t, res.Evaluation.Violations)
	require.Positive(t, res.Bound, "the first relaxation ended, and bounds every roster")
	require.LessOrEqual(t, res.Bound, res.Evaluation.Penalty)
}

// solveStepped solves weeksProblem(t, days) with the time limit limit on
// a clock that advances a millisecond at every reading, and checks that
// the search ends at the limit with a roster that keeps the rules.
func solveStepped(t *testing.T, days int, limit time.Duration) Result {
	t.Helper()
	clock := &steppingClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), step: time.Millisecond}
	res, err := Solve(context.Background(), weeksProblem(t, days), Options{Seed: 1, TimeLimit: limit, Clock: clock})
	require.NoError(t, err)
	require.Equal(t, StopTimeLimit, res.Stop)
	require.Empty(t, res.Evaluation.Violations)
	return res
}
