package roster

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// bruteForce returns the least objective over every schedule of employee
// e on days [a, b) that keeps the pins, everything else as in w's state.
func bruteForce(w *worker, e, a, b int) int64 {
	st := w.st
	nS := st.p.nS
	L := b - a
	best := inf
	n := 1
	for range L {
		n *= nS + 1
	}
	for code := range n {
		c := code
		pinned := false
		for d := a; d < b; d++ {
			k := int8(c%(nS+1)) - 1
			c /= nS + 1
			if pk := st.p.pin[e*st.p.days+d]; pk != noPin && pk != k {
				pinned = true
			}
			st.set(e, d, k)
		}
		if pinned {
			continue // the solver never breaks a pin
		}
		st.refresh(e)
		best = min(best, st.obj())
	}
	return best
}

// TestDPIsExact checks that the dynamic program finds the best schedule of
// one employee, over the whole horizon or a window, on random problems
// (without per-type maxima, which the program prices by multipliers).
func TestDPIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	checked := 0
	for it := range 400 {
		H := 6 + rng.IntN(8)
		p0 := randomProblem(t, rng, H, it%2 == 0)
		params := p0.Params()
		for i := range params.Employees {
			params.Employees[i].Contract.MaxShifts = nil
		}
		p := mustProblem(t, params)
		r := randomRoster(p, rng)
		w := newWorker(p, r.cells, p.pref, 1, 0)
		e := rng.IntN(p.nE)
		a, b := 0, H
		if p.nS > 1 || H > 9 || rng.IntN(2) == 0 {
			l := 1 + rng.IntN(min(H, 6))
			if p.nS == 1 {
				l = 1 + rng.IntN(min(H, 9))
			}
			a = rng.IntN(H - l + 1)
			b = a + l
		}
		before := append([]int8(nil), w.st.cells...)
		want := bruteForce(w, e, a, b)
		copy(w.st.cells, before)
		w.st.recompute()
		if !w.dpInto(e, a, b) {
			// only when pins force a shift the minutes or weekends forbid
			continue
		}
		checked++
		require.Equal(t, want, w.st.obj(), "iteration %d, employee %d, window [%d, %d)", it, e, a, b)
		// the state is still consistent after applying the result
		got := w.st.obj()
		w.st.recompute()
		require.Equal(t, got, w.st.obj())
	}
	require.Greater(t, checked, 340)
}
