package roster

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

// weekProblem is a two-week problem that has a perfect roster: four
// employees, an early and a late shift, cover that exactly fits their
// contracts.
func weekProblem(t testing.TB) *Problem {
	p := ProblemParams{
		Days:         14,
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
	for d := range 14 {
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
	require.Positive(t, res.Iterations)
}

func TestSolveIsDeterministicForSeedWorkersAndIterations(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	p := randomProblem(t, rng, 28, true)
	run := func(seed uint64, workers int) []Assignment {
		res, err := Solve(context.Background(), p, Options{Seed: seed, Workers: workers, MaxIterations: 9_000})
		require.NoError(t, err)
		require.Equal(t, int64(9_000*workers), res.Iterations)
		return res.Roster.Assignments()
	}
	require.Equal(t, run(3, 2), run(3, 2))
	require.Equal(t, run(4, 1), run(4, 1))
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
	p := weekProblem(t)
	clock := &steppingClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), step: time.Millisecond}
	var progress []Progress
	res, err := Solve(context.Background(), p, Options{Seed: 1, TimeLimit: 300 * time.Millisecond, Clock: clock,
		Progress: func(pr Progress) { progress = append(progress, pr) }})
	require.NoError(t, err)
	require.GreaterOrEqual(t, res.Elapsed, 300*time.Millisecond)
	require.NotEmpty(t, progress)
	for i := 1; i < len(progress); i++ {
		require.True(t, progress[i].Best.Less(progress[i-1].Best), "progress reports improvements")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = Solve(ctx, p, Options{Seed: 1, TimeLimit: time.Hour})
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, res.Roster, "a cancelled search still returns its best roster")
}

func TestSolveRejectsBadOptions(t *testing.T) {
	p := weekProblem(t)
	other := weekProblem(t)
	for name, opt := range map[string]Options{
		"no budget":         {},
		"negative time":     {TimeLimit: -1},
		"too many workers":  {Workers: 65, MaxIterations: 1},
		"negative weight":   {ChangeWeight: -1, MaxIterations: 1},
		"foreign start":     {Start: NewRoster(other), MaxIterations: 1},
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
