package roster

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// masterRows returns a master of the shape column generation builds,
// without schedules yet: one convexity row per employee and nR cover
// rows with random requirements and costed slack both ways.
func masterRows(rng *rand.Rand, nE, nR int) *lp {
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
	l := newLP(rhs, start)
	for r := nE; r < m; r++ {
		l.add(lpCol{cost: 1, idx: []int32{int32(r)}, val: []float64{-1}})
	}
	return l
}

// scheduledMaster returns a master of masterRows with perE schedules
// per employee, each costing less than maxCost and counting towards
// each cover row with chance 1/oneIn.
func scheduledMaster(rng *rand.Rand, nE, nR, perE, maxCost, oneIn int) *lp {
	l := masterRows(rng, nE, nR)
	for e := range nE {
		for range perE {
			c := lpCol{cost: float64(rng.IntN(maxCost)), idx: []int32{int32(e)}, val: []float64{1}}
			for r := nE; r < nE+nR; r++ {
				if rng.IntN(oneIn) == 0 {
					c.idx = append(c.idx, int32(r))
					c.val = append(c.val, 1)
				}
			}
			l.add(c)
		}
	}
	return l
}

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
		l := masterRows(rng, nE, nR)
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
		require.True(t, l.solve(cgPivots, nil), "iteration %d", it)
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

// TestLPRefactorRebuildsInverse checks the rebuilt basis inverse of
// random masters, solved past several rebuilds: B⁻¹·B is the identity,
// and the basic values it gives satisfy A·x = b.
func TestLPRefactorRebuildsInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for it := range 30 {
		nE, nR := 2+rng.IntN(10), 10+rng.IntN(60)
		m := nE + nR
		l := masterRows(rng, nE, nR)
		for e := range nE {
			for n := range 5 + rng.IntN(40) {
				c := lpCol{cost: float64(rng.IntN(40)), idx: []int32{int32(e)}, val: []float64{1}}
				// now and then a schedule that covers nothing, a column
				// with a single nonzero that is not a slack
				for r := nE; r < m && n%9 != 0; r++ {
					if rng.IntN(3) == 0 {
						c.idx = append(c.idx, int32(r))
						c.val = append(c.val, 1)
					}
				}
				l.add(c)
			}
		}
		require.True(t, l.solve(cgPivots, nil), "iteration %d", it)
		l.refactor()
		require.Zero(t, l.pivot, "iteration %d: the rebuild found the basis singular", it)
		for r := range m {
			// row r of B⁻¹ times every basic column
			for q, j := range l.basis {
				v := 0.0
				c := &l.cols[j]
				for k, i := range c.idx {
					v += l.binv[r*m+int(i)] * c.val[k]
				}
				want := 0.0
				if q == r {
					want = 1
				}
				require.InDelta(t, want, v, 1e-9, "iteration %d: (B⁻¹B)[%d][%d]", it, r, q)
			}
		}
		ax := l.ax()
		for i := range m {
			require.InDelta(t, l.rhs[i], ax[i], 1e-9, "iteration %d: row %d", it, i)
		}
	}
}

// A solve that needs many pivots asks stop at each check of its accuracy
// and gives up when told to; told nothing, the same master solves.
func TestLPStops(t *testing.T) {
	build := func() *lp { return scheduledMaster(rand.New(rand.NewPCG(8, 9)), 60, 120, 20, 20, 3) }
	asked := 0
	require.False(t, build().solve(cgPivots, func() bool { asked++; return true }), "stopped at the first check")
	require.Equal(t, 1, asked)
	asked = 0
	require.True(t, build().solve(cgPivots, func() bool { asked++; return false }))
	require.Greater(t, asked, 0, "a master this size needs more than %d pivots", lpCheck)
}

// BenchmarkLPSolve solves a random master of about the size of a large
// team's (60 employees, 280 cover rows, 40 schedules each) from its
// first basis.
func BenchmarkLPSolve(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		l := scheduledMaster(rand.New(rand.NewPCG(11, 12)), 60, 280, 40, 60, 14)
		b.StartTimer()
		if !l.solve(cgPivots, nil) {
			b.Fatal("not solved")
		}
	}
}

// A basis that rounding took out of the feasible region (as long runs of
// degenerate pivots did on a large master) is found at the next rebuild
// of the inverse, and the simplex method starts again from its first
// basis: it still ends at the optimum a clean solve of the same master
// reaches.
func TestLPRestartsFromALostBasis(t *testing.T) {
	const nE, nR = 8, 30
	build := func() *lp { return scheduledMaster(rand.New(rand.NewPCG(3, 4)), nE, nR, 12, 20, 3) }
	clean := build()
	require.True(t, clean.solve(cgPivots, nil))
	for r := nE; r < nE+nR; r += 7 {
		l := build()
		// the over slack of cover row r in place of its under slack: a
		// nonsingular basis whose value for that slack is -b[r] < 0
		l.basis[r] = nE + nR + (r - nE)
		require.False(t, l.refactor(), "row %d: the rebuild must find the basis infeasible", r)
		l.pivot = lpRefactor // the solve rebuilds at once
		require.True(t, l.solve(cgPivots, nil), "row %d", r)
		require.InDelta(t, clean.value(), l.value(), 1e-6, "row %d", r)
		ax := l.ax()
		for i := range l.m {
			require.InDelta(t, l.rhs[i], ax[i], 1e-6, "row %d: A·x = b in row %d", r, i)
		}
		l.duals()
		for j := range l.cols {
			require.GreaterOrEqual(t, l.reduced(j), -1e-6, "row %d: column %d", r, j)
		}
	}
}

// The simplex method rebuilds its inverse when rounding shows, and not
// before: a master whose updated values were knocked off A·x = b is
// rebuilt at the next check of its accuracy, while the same master left
// alone goes on with its updated inverse past the 300 pivots after which
// it was once rebuilt every time (this master needs no rebuild in its
// first thousand pivots; others of its size do).
func TestLPRebuildsWhenRoundingShows(t *testing.T) {
	build := func() *lp { return scheduledMaster(rand.New(rand.NewPCG(2, 3)), 30, 120, 20, 40, 6) }
	clean, knocked := build(), build()
	const before = 5 * lpCheck / 2
	for _, l := range []*lp{clean, knocked} {
		require.False(t, l.solve(before, nil), "the master needs more pivots")
		require.Equal(t, before, l.pivot, "no rebuild yet")
	}
	knocked.x[0] += 1e-6
	for _, l := range []*lp{clean, knocked} {
		require.False(t, l.solve(lpCheck/2+1, nil))
	}
	require.Equal(t, before+lpCheck/2+1, clean.pivot, "the clean master was not rebuilt")
	require.Equal(t, 1, knocked.pivot, "the knocked master was rebuilt at the check, one pivot ago")
	ax := knocked.ax()
	for i := range knocked.m {
		require.InDelta(t, knocked.rhs[i], ax[i], 1e-9, "row %d", i)
	}
}

// drift measures what the updates keep: the basic values against A·x = b
// and, when asked, the duals against the basic columns' costs.
func TestLPDrift(t *testing.T) {
	l := scheduledMaster(rand.New(rand.NewPCG(5, 6)), 8, 30, 12, 20, 3)
	require.True(t, l.solve(cgPivots, nil))
	l.duals()
	require.False(t, l.drift(true), "a solved master holds")
	l.dual[0] += 10 * lpDualDrift
	require.True(t, l.drift(true), "duals off")
	require.False(t, l.drift(false), "the duals are not measured")
	l.duals()
	l.x[0] += 10 * lpDrift
	require.True(t, l.drift(false), "values off")
}

// An optimum is measured before it is reported: a solved master whose
// values were knocked off A·x = b between two solves is rebuilt by the
// second one, which then reports values that hold.
func TestLPChecksTheOptimum(t *testing.T) {
	l := scheduledMaster(rand.New(rand.NewPCG(5, 6)), 8, 30, 12, 20, 3)
	require.True(t, l.solve(cgPivots, nil))
	want := l.value()
	require.NotZero(t, l.pivot%lpCheck, "the second solve starts between two checks")
	l.x[0] += 1e-6
	require.True(t, l.solve(cgPivots, nil))
	require.Zero(t, l.pivot, "rebuilt at the optimum")
	ax := l.ax()
	for i := range l.m {
		require.InDelta(t, l.rhs[i], ax[i], 1e-9, "row %d", i)
	}
	require.InDelta(t, want, l.value(), 1e-9)
}
