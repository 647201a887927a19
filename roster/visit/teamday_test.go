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
// cooling of the search gets trapped several percent above it.
func TestSolveWithoutALimitEscapesTraps(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("solves two days of 40 visits, too slow in short mode or with the race detector")
	}
	for _, c := range []struct {
		seed uint64
		best float64
	}{{4, 178.38}, {20, 131.23}} {
		t.Run(fmt.Sprint(c.seed), func(t *testing.T) {
			pr, err := teamday.Day(c.seed, 40, 6)
			require.NoError(t, err)
			res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 2})
			require.NoError(t, err)
			require.Equal(t, visit.StopConverged, res.Stop)
			require.True(t, res.Evaluation.Feasible)
			require.LessOrEqual(t, res.Evaluation.Cost.Total, 1.005*c.best)
		})
	}
}
