package visit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
)

// TestNoPanicOnMissingInput: every entry point refuses a nil or zero
// problem with a validation error naming the argument.
func TestNoPanicOnMissingInput(t *testing.T) {
	for name, pr := range map[string]*visit.Problem{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			_, err := visit.Evaluate(pr, visit.Plan{})
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.ErrorContains(t, err, "problem")
			_, err = visit.Solve(context.Background(), pr, visit.Options{})
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.ErrorContains(t, err, "problem")
			_, _, err = visit.Replan(context.Background(), pr, visit.Plan{}, visit.Disruption{Nurse: "n1"}, visit.Options{})
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.ErrorContains(t, err, "problem")
		})
	}
	_, err := visit.ShiftsFromRoster(&roster.Roster{}, 0, "office")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "roster")
}

// TestSolveConvergesWithoutALimit: with no limit at all, Solve ends by
// itself and says so; a day with nothing to plan ends at once.
func TestSolveConvergesWithoutALimit(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1})
	require.NoError(t, err)
	require.Equal(t, visit.StopConverged, res.Stop)
	require.True(t, res.Evaluation.Feasible)
	again, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1})
	require.NoError(t, err)
	require.Equal(t, res.Evaluation, again.Evaluation, "a run that converges is reproducible")

	p := pr.Params()
	p.Visits, p.Links, p.Clients = nil, nil, nil
	empty := mustProblem(t, p)
	res, err = visit.Solve(context.Background(), empty, visit.Options{})
	require.NoError(t, err)
	require.Equal(t, visit.StopConverged, res.Stop)
	require.Zero(t, res.Iterations)
	require.Empty(t, res.Evaluation.Unassigned)
}

// TestSolveDoesNotSpendAnHourOnASmallDay: a time limit is a budget, not a
// duration; a small day converges long before it.
func TestSolveDoesNotSpendAnHourOnASmallDay(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := visit.Solve(ctx, pr, visit.Options{Seed: 1, TimeLimit: time.Hour})
	require.NoError(t, err)
	require.Equal(t, visit.StopConverged, res.Stop)
	require.NoError(t, ctx.Err())
}

func TestSolveStopsAtTheTimeLimitWithoutAnError(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	clock := &tick{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, TimeLimit: time.Second, Clock: clock})
	require.NoError(t, err, "reaching the time limit is a normal end")
	require.Equal(t, visit.StopTimeLimit, res.Stop)
	require.True(t, res.Evaluation.Feasible)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = visit.Solve(ctx, pr, visit.Options{})
	require.ErrorIs(t, err, context.Canceled, "a search cancelled before it began has no plan")
	require.Empty(t, res.Evaluation.Routes)
}

func TestStartMustBeFeasible(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	bad := visit.Plan{Routes: []visit.Route{{Nurse: "nobody"}}}
	_, err := visit.Solve(context.Background(), pr, visit.Options{Start: &bad})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "options.start")
}

// tick is a clock that moves a millisecond each time it is read.
type tick struct {
	mu  sync.Mutex
	now time.Time
}

func (c *tick) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}
