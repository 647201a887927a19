package roster

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// eachKeeping calls f with every way to fill len(pins) cells with off or
// one of nS shifts that keeps pins (the solver never breaks a pin). f
// must not keep the slice.
func eachKeeping(pins []int8, nS int, f func([]int8)) {
	cells := make([]int8, len(pins))
	total := 1
	for range cells {
		total *= nS + 1
	}
	for code := range total {
		c, kept := code, true
		for i := range cells {
			cells[i] = int8(c%(nS+1)) - 1
			c /= nS + 1
			kept = kept && (pins[i] == noPin || pins[i] == cells[i])
		}
		if kept {
			f(cells)
		}
	}
}

// bruteForce returns the least objective over every schedule of employee
// e on days [a, b) that keeps the pins, everything else as in w's state.
func bruteForce(w *worker, e, a, b int) int64 {
	st := w.st
	H := st.p.days
	best := inf
	eachKeeping(st.p.pin[e*H+a:e*H+b], st.p.nS, func(cells []int8) {
		for d := a; d < b; d++ {
			st.set(e, d, cells[d-a])
		}
		st.refresh(e)
		best = min(best, st.obj())
	})
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
		eachKeeping(p.pin[e*H:(e+1)*H], p.nS, func(row []int8) { want = min(want, priced(e, row)) })
		// a reduced cost of want-1 or less is asked for: the best one
		// must come back, and only schedules that meet the ask
		found, least := g.priceOne(e, want+1, dual, make([]int64, p.nS), &g.work[0], make([]int8, H), make([]int8, H))
		require.NotEmpty(t, found, "iteration %d", it)
		require.InDelta(t, want, priced(e, found[0]), 1e-9, "iteration %d", it)
		// the least reduced cost (-1 here) is bounded from below, by
		// no more than the rounding allows
		require.LessOrEqual(t, least, -1.0+1e-9, "iteration %d", it)
		if !math.IsInf(least, -1) {
			require.InDelta(t, -1-g.roundOff, least, 1e-9, "iteration %d", it)
		}
		found, least = g.priceOne(e, want, dual, make([]int64, p.nS), &g.work[0], make([]int8, H), make([]int8, H))
		require.Empty(t, found, "iteration %d", it)
		// the least reduced cost is zero now; rounding may hide a
		// schedule up to the rounding bound below it
		if !math.IsInf(least, -1) {
			require.InDelta(t, -g.roundOff, least, 1e-9, "iteration %d", it)
		}
	}
}
