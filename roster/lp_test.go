package roster

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLPIsOptimal solves random masters of the shape column generation
// builds (one convexity row per employee, cover rows with costed slack
// both ways, 0/1 columns) and checks the optimality conditions: the
// solution is feasible, no column has a negative reduced cost, and the
// primal and dual values agree (the value reported is that of the
// problem before its perturbation).
func TestLPIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for it := range 200 {
		nE, nR := 1+rng.IntN(6), 1+rng.IntN(12)
		m := nE + nR
		rhs := make([]float64, m)
		start := make([]float64, m)
		for r := range m {
			if r < nE {
				rhs[r], start[r] = 1, cgBigM
			} else {
				rhs[r], start[r] = float64(rng.IntN(4)), 100
			}
		}
		l := newLP(append([]float64(nil), rhs...), start)
		for r := nE; r < m; r++ {
			l.add(lpCol{cost: 1, idx: []int32{int32(r)}, val: []float64{-1}})
		}
		for e := range nE {
			for range 1 + rng.IntN(8) {
				c := lpCol{cost: float64(rng.IntN(20)), idx: []int32{int32(e)}, val: []float64{1}}
				for r := nE; r < m; r++ {
					if rng.IntN(2) == 0 {
						c.idx = append(c.idx, int32(r))
						c.val = append(c.val, 1)
					}
				}
				l.add(c)
			}
			// banning must not change the conditions for the others
			if rng.IntN(4) == 0 {
				l.ban(len(l.cols)-1, 2*cgBigM)
			}
		}
		require.True(t, l.solve(cgPivots), "iteration %d", it)
		l.duals()
		x := make([]float64, len(l.cols))
		for r, j := range l.basis {
			x[j] = l.x[r]
		}
		ax := make([]float64, m)
		for j, c := range l.cols {
			require.GreaterOrEqual(t, x[j], 0.0)
			for k, i := range c.idx {
				ax[i] += c.val[k] * x[j]
			}
			if !l.dead[j] {
				require.GreaterOrEqual(t, l.reduced(j), -1e-6, "iteration %d, column %d", it, j)
			}
		}
		dualValue := 0.0
		for r := range m {
			require.InDelta(t, l.rhs[r], ax[r], 1e-6, "iteration %d, row %d", it, r)
			dualValue += (l.rhs[r] - l.eps[r]) * l.dual[r]
		}
		require.InDelta(t, l.value(), dualValue, 1e-6, "iteration %d", it)
	}
}
