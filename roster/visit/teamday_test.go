package visit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/internal/teamday"
	"github.com/wijkzorg/wijk/roster/visit"
)

// TestSolveWithoutALimitEscapesTraps: on a team's day of 40 visits and 6
// nurses, a run without any limit stops by convergence within 0.5% of the
// best plan known (found by long runs), also on days where a single
// cooling of the search gets trapped several percent above it, and with
// other solver seeds, on days where one trajectory per worker got trapped,
// and on days where every short cooling fell into the same trap (day 24:
// 148.41) and the hot walk after them escapes it.
func TestSolveWithoutALimitEscapesTraps(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("solves seven days of 40 visits, too slow in short mode or with the race detector; CI runs it without")
	}
	for _, c := range []struct {
		day, seed uint64
		best      float64
	}{{4, 1, 178.38}, {20, 1, 131.23}, {4, 2, 178.38}, {7, 2, 164.29}, {20, 3, 131.23}, {24, 1, 147.10}, {13, 3, 154.56}} {
		t.Run(fmt.Sprintf("day %d seed %d", c.day, c.seed), func(t *testing.T) {
			pr, err := teamday.Day(c.day, 40, 6)
			require.NoError(t, err)
			res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: c.seed, Workers: 2})
			require.NoError(t, err)
			require.Equal(t, visit.StopConverged, res.Stop)
			require.True(t, res.Evaluation.Feasible)
			require.LessOrEqual(t, res.Evaluation.Cost.Total, 1.005*c.best)
		})
	}
}
