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
		for _, twins := range []bool{false, true} {
			name := map[bool]string{false: "without maxima", true: "with maxima"}[maxima]
			if twins {
				name += ", twin shift types"
			}
			t.Run(name, func(t *testing.T) { checkDPExact(t, maxima, twins) })
		}
	}
}

// checkDPExact compares the program with enumeration; with twins, the
// problem's shift types come in pairs that only their cover and requests
// tell apart, which the program keeps in one class of states.
func checkDPExact(t *testing.T, maxima, twins bool) {
	rng := rand.New(rand.NewPCG(7, 8))
	checked := 0
	for it := range 400 {
		H := 6 + rng.IntN(8)
		p0 := randomProblem(t, rng, H, it%2 == 0)
		params := p0.Params()
		if twins {
			H = min(H, 9)
			params.Days = H
			params = withTwins(params, rng)
		}
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
			if p.nS > 3 {
				l = 1 + rng.IntN(min(H, 4))
			}
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
	if twins {
		require.Equal(t, []int{0, 0, 2, 2}, twinsOf(t, rng))
	}
}

// withTwins gives params two shift types that differ only in name, and
// cover and requests for both: each of the first two types of params
// (the second only when there is one) gets a twin.
func withTwins(params ProblemParams, rng *rand.Rand) ProblemParams {
	var shifts []ShiftTypeParams
	for _, s := range params.Shifts[:min(2, len(params.Shifts))] {
		s.NotFollowedBy = nil
		twin := s
		twin.ID = s.ID + "2"
		shifts = append(shifts, s, twin)
	}
	// the second pair may not follow the first
	if len(shifts) == 4 {
		shifts[0].NotFollowedBy = []string{shifts[2].ID, shifts[3].ID}
		shifts[1].NotFollowedBy = []string{shifts[2].ID, shifts[3].ID}
	}
	params.Shifts = shifts
	keep := map[string]bool{}
	for _, s := range shifts {
		keep[s.ID] = true
	}
	var cover []CoverParams
	for _, c := range params.Cover {
		if keep[c.Shift] && c.Day < params.Days {
			cover = append(cover, c)
			if rng.IntN(2) == 0 {
				c.Shift += "2"
				c.Required = rng.IntN(3)
				cover = append(cover, c)
			}
		}
	}
	params.Cover = cover
	for i := range params.Employees {
		e := &params.Employees[i]
		e.Contract.MaxShifts = map[string]int{}
		for _, s := range shifts {
			if rng.IntN(3) == 0 {
				e.Contract.MaxShifts[s.ID] = rng.IntN(params.Days / 2)
			}
		}
		var off []int
		for _, d := range e.DaysOff {
			if d < params.Days {
				off = append(off, d)
			}
		}
		e.DaysOff = off
		var hist []string
		for _, h := range e.History {
			if h == "" || keep[h] {
				hist = append(hist, h)
			}
		}
		e.History = hist
	}
	kept := func(rs []RequestParams) []RequestParams {
		var out []RequestParams
		for _, r := range rs {
			if r.Day < params.Days && (r.Shift == "" || keep[r.Shift]) {
				if rng.IntN(2) == 0 && r.Shift != "" {
					r.Shift += "2"
				}
				out = append(out, r)
			}
		}
		return out
	}
	params.OnRequests = kept(params.OnRequests)
	params.OffRequests = kept(params.OffRequests)
	var pins []Assignment
	for _, a := range params.Pins {
		if a.Day < params.Days && (a.Shift == "" || keep[a.Shift]) {
			pins = append(pins, a)
		}
	}
	params.Pins = pins
	return params
}

// twinsOf returns the twins the problem finds among four shift types in
// the pattern withTwins makes.
func twinsOf(t *testing.T, rng *rand.Rand) []int {
	var params ProblemParams
	for {
		params = withTwins(randomProblem(t, rng, 7, false).Params(), rng)
		if len(params.Shifts) == 4 {
			break
		}
	}
	return mustProblem(t, params).twin
}

// TestPricingIsExact checks the program in pricing mode: with random duals
// on the cover rows, it finds the schedule whose cost less its duals is
// least, as enumerating every schedule does.
func TestPricingIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for it := range 200 {
		H := 4 + rng.IntN(4)
		p := randomProblem(t, rng, H, it%2 == 0)
		if it%4 == 3 {
			// twin shift types share the program's states
			H = min(H, 5)
			params := p.Params()
			params.Days = H
			p = mustProblem(t, withTwins(params, rng))
		}
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

// TestMinuteStates checks how far the program tracks the minutes of a
// window: up to a little beyond a maximum the window could reach, and
// otherwise only up to the minimum, where every larger count costs the
// same (TestDPIsExact checks that the program stays exact so).
func TestMinuteStates(t *testing.T) {
	// a week of shifts of up to 8 units (of 60 minutes, say)
	const L, maxLenU, U = 7, 8, 60
	for _, c := range []struct {
		name     string
		lo, hi   int
		want     int
		saturate bool
	}{
		{"a maximum the week can reach", 0, 30 * U, 30 + 2*maxLenU, false},
		{"a maximum already passed", 0, -5 * U, 2 * maxLenU, false},
		{"no maximum and no minimum", 0, big, 0, true},
		{"a maximum out of reach, no minimum left", -100 * U, L * maxLenU * U, 0, true},
		{"a minimum of 20 units and a half", 20*U + 30, big, 21, true},
		{"a minimum the week cannot reach", 60 * U, big, L * maxLenU, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			M, saturate := minuteStates(dpSpec{lo: c.lo, hi: c.hi}, L, maxLenU, U)
			require.Equal(t, c.want, M)
			require.Equal(t, c.saturate, saturate)
		})
	}
}
