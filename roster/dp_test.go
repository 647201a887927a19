package roster

import (
	"math"
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
// one employee, over the whole horizon or a window, on random problems.
// The maximum per shift type is part of the program's state when it fits,
// which it always does on problems this small.
func TestDPIsExact(t *testing.T) {
	for _, maxima := range []bool{false, true} {
		t.Run(map[bool]string{false: "without maxima", true: "with maxima"}[maxima], func(t *testing.T) {
			checkDPExact(t, maxima)
		})
	}
}

func checkDPExact(t *testing.T, maxima bool) {
	rng := rand.New(rand.NewPCG(7, 8))
	checked := 0
	for it := range 400 {
		H := 6 + rng.IntN(8)
		p0 := randomProblem(t, rng, H, it%2 == 0)
		params := p0.Params()
		for i := range params.Employees {
			if !maxima {
				params.Employees[i].Contract.MaxShifts = nil
			} else if it%3 == 0 {
				// a tight maximum on every type, so that it binds
				params.Employees[i].Contract.MaxShifts = map[string]int{}
				for _, s := range params.Shifts {
					params.Employees[i].Contract.MaxShifts[s.ID] = 1 + rng.IntN(3)
				}
			}
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

// TestPricingIsExact checks the program in pricing mode: with random duals
// on the cover rows, it finds the schedule whose cost less its duals is
// least, as enumerating every schedule does.
func TestPricingIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	checked := 0
	for it := range 150 {
		H := 4 + rng.IntN(4)
		p := randomProblem(t, rng, H, it%2 == 0)
		w := newWorker(p, randomRoster(p, rng).cells, p.pref, 1, 0)
		g := newColgen(w.st, 1)
		dual := make([]int64, len(p.rows))
		for i := range dual {
			dual[i] = rng.Int64N(150_000) - 20_000 // -20 to 130, in thousandths
		}
		priced := func(e int, row []int8) float64 {
			v := float64(g.cost(e, row))
			g.coverOf(e, row, func(i int32) { v -= float64(dual[i]) / cgScale })
			return v
		}
		e := rng.IntN(p.nE)
		want := math.Inf(1)
		row := make([]int8, H)
		n := 1
		for range H {
			n *= p.nS + 1
		}
		for code := range n {
			c := code
			for d := range H {
				row[d] = int8(c%(p.nS+1)) - 1
				c /= p.nS + 1
			}
			ok := true
			for d, k := range row {
				if pk := p.pin[e*H+d]; pk != noPin && pk != k {
					ok = false
				}
			}
			if ok {
				want = min(want, priced(e, row))
			}
		}
		// a reduced cost of want-1 or less is asked for: the best one
		// must come back, and only schedules that meet the ask
		found := g.priceOne(e, want+1, dual, make([]int64, p.nS), &g.work[0], make([]int8, H))
		require.NotEmpty(t, found, "iteration %d", it)
		require.InDelta(t, want, priced(e, found[0]), 1e-9, "iteration %d", it)
		require.Empty(t, g.priceOne(e, want, dual, make([]int64, p.nS), &g.work[0], make([]int8, H)), "iteration %d", it)
		checked++
	}
	require.Equal(t, 150, checked)
}
