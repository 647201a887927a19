package roster

import (
	"context"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// twoEmployees keeps the first two employees of p and their requests, so
// that every roster can be enumerated.
func twoEmployees(t *testing.T, p *Problem) *Problem {
	params := p.Params()
	params.Employees = params.Employees[:min(2, len(params.Employees))]
	keep := map[string]bool{}
	for _, e := range params.Employees {
		keep[e.ID] = true
	}
	var on, off []RequestParams
	for _, r := range params.OnRequests {
		if keep[r.Employee] {
			on = append(on, r)
		}
	}
	for _, r := range params.OffRequests {
		if keep[r.Employee] {
			off = append(off, r)
		}
	}
	params.OnRequests, params.OffRequests = on, off
	return mustProblem(t, params)
}

// bestByEnumeration is the least objective of every roster of p that
// keeps its pins.
func bestByEnumeration(p *Problem) int64 {
	st := newState(p, newRoster(p).cells, p.pref)
	best := inf
	eachKeeping(p.pin, p.nS, func(cells []int8) {
		copy(st.cells, cells)
		st.recompute()
		best = min(best, st.obj())
	})
	return best
}

// TestColumnSearchAgainstEnumeration compares column generation with the
// best roster found by enumerating every roster that keeps the pins, on
// small random problems:
// the first relaxation never promises less than the best roster costs,
// every dive's roster is one the evaluator agrees with, the tree search
// (alone, or two at once) finds the best roster and knows it, and the
// dives find the best roster on nearly all of them.
func TestColumnSearchAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	optimal := 0
	const n = 60
	for it := range n {
		p := twoEmployees(t, randomProblem(t, rng, 5, it%2 == 0))
		best := bestByEnumeration(p)

		w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
		w.construct(true, noStop)
		g := newColgen(w.st, 2)
		ms := g.buildMaster()
		got := g.dive(ms, func() bool { return false }, w.rng, 0, inf)
		require.LessOrEqual(t, g.bound, float64(best)+1e-3, "iteration %d", it)
		if got == nil {
			continue
		}
		gs := newState(p, got, p.pref)
		require.GreaterOrEqual(t, gs.obj(), best, "iteration %d", it)
		ev := (&Roster{p: p, cells: got}).Evaluate()
		require.Equal(t, int(gs.soft), ev.Penalty, "iteration %d", it)
		require.Equal(t, gs.hard == 0, len(ev.Violations) == 0, "iteration %d", it)

		// the tree search, given no limit, finds the best roster and
		// says that it is the best
		start := w.st.obj()
		tg := newColgen(w.st, 2)
		tr := tg.tree(tg.buildMaster(), func() bool { return false }, start, 0, nil, nil)
		require.True(t, tr.complete, "iteration %d", it)
		require.Equal(t, best, int64(provenBound(tr.bound)), "iteration %d", it)
		if tr.best == nil {
			require.Equal(t, best, start, "iteration %d", it)
		} else {
			require.Equal(t, best, newState(p, tr.best, p.pref).obj(), "iteration %d", it)
		}

		// so do two tree searches at once, sharing their best roster
		calls := 0
		pr := portfolio(tg, w.st, func() bool { return false }, nil, start, func([]int8) { calls++ })
		pb := pr.best
		require.True(t, pr.proven, "iteration %d", it)
		require.Equal(t, best, int64(provenBound(pr.bound)), "iteration %d", it)
		if pb == nil {
			require.Equal(t, best, start, "iteration %d", it)
			require.Zero(t, calls, "iteration %d", it)
		} else {
			require.Equal(t, best, newState(p, pb, p.pref).obj(), "iteration %d", it)
			require.Positive(t, calls, "iteration %d", it)
		}

		cs := columnSearch(context.Background(), w.st, 2, w.rng, searchLimits{dives: cgDives}, nil, nil)
		require.LessOrEqual(t, provenBound(cs.bound), int(best), "iteration %d", it)
		found := cs.best
		if found == nil {
			found = w.st.cells // the dives found nothing better than the start
		}
		if newState(p, found, p.pref).obj() == best {
			optimal++
		}
	}
	require.GreaterOrEqual(t, optimal, n*9/10)
}

// provenBest builds p's first roster (its objective is start) and has a
// tree search with no limit prove the best roster, whose objective is
// best; it checks that the search went through its whole tree and that
// its bound is that best roster. w is the worker that built the roster.
func provenBest(t *testing.T, p *Problem, it int) (w *worker, start, best int64) {
	t.Helper()
	w = newWorker(p, newRoster(p).cells, p.pref, 1, 0)
	w.construct(true, noStop)
	start = w.st.obj()
	g := newColgen(w.st, 2)
	full := g.tree(g.buildMaster(), func() bool { return false }, start, 0, nil, nil)
	require.True(t, full.complete, "iteration %d", it)
	best = start
	if full.best != nil {
		best = newState(p, full.best, p.pref).obj()
	}
	require.Equal(t, best, int64(provenBound(full.bound)), "iteration %d", it)
	return w, start, best
}

// TestTreeBoundHolds checks the lower bound a tree search reports when it
// is cut short, on random problems too large to enumerate: it never
// exceeds the best roster, which a tree search given no limit proves,
// and it is never below the bound of the root alone.
func TestTreeBoundHolds(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	never := func() bool { return false }
	short := 0
	for it := range 100 {
		p := randomProblem(t, rng, 10+rng.IntN(5), it%2 == 0)
		w, start, best := provenBest(t, p, it)
		root := math.Inf(-1)
		for nodes := 1; nodes <= 6; nodes++ {
			sg := newColgen(w.st, 2)
			sr := sg.tree(sg.buildMaster(), never, start, nodes, nil, nil)
			require.LessOrEqual(t, provenBound(sr.bound), int(best), "iteration %d, %d nodes", it, nodes)
			if nodes == 1 {
				require.False(t, math.IsInf(sr.bound, -1), "iteration %d: no bound from the root", it)
				root = sr.bound
			}
			require.GreaterOrEqual(t, sr.bound, root-1e-9, "iteration %d, %d nodes", it, nodes)
			if !sr.complete {
				short++
			}
		}
		// nor does a whole column search, dives and tree together
		cs := columnSearch(context.Background(), w.st, 2, w.rng, searchLimits{dives: cgDives, tree: true, treeNodes: 3}, nil, nil)
		require.LessOrEqual(t, provenBound(cs.bound), int(best), "iteration %d", it)
	}
	// enough trees were cut short for the check to mean something
	require.Greater(t, short, 20)
}

// With no maximum per shift type counted, pricing bounds a schedule's
// reduced cost by multipliers on the maxima (a Lagrangian bound) instead
// of exactly: the bounds of trees cut short and of whole column searches
// must still stay at or below the best roster, which the exact search
// proves; and on some problems the bounds differ from the exact ones, so
// the multipliers were used.
func TestTreeBoundHoldsWithMultipliers(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	never := func() bool { return false }
	differ := 0
	for it := range 60 {
		p := randomProblem(t, rng, 10+rng.IntN(5), it%2 == 0)
		w, start, best := provenBest(t, p, it)
		exact := newColgen(w.st, 2)
		exactRoot := exact.tree(exact.buildMaster(), never, start, 1, nil, nil).bound

		saved := cgCountStates
		cgCountStates = 1
		for nodes := 1; nodes <= 4; nodes++ {
			sg := newColgen(w.st, 2)
			sr := sg.tree(sg.buildMaster(), never, start, nodes, nil, nil)
			require.LessOrEqual(t, provenBound(sr.bound), int(best), "iteration %d, %d nodes", it, nodes)
			if nodes == 1 && math.Abs(sr.bound-exactRoot) > 1e-6 {
				differ++
			}
		}
		cs := columnSearch(context.Background(), w.st, 2, w.rng, searchLimits{dives: cgDives, tree: true, treeNodes: 3}, nil, nil)
		cgCountStates = saved
		require.LessOrEqual(t, provenBound(cs.bound), int(best), "iteration %d", it)
	}
	require.Positive(t, differ, "no problem priced differently with multipliers: the test did not reach them")
	t.Logf("%d of 60 root bounds differed from the exact ones", differ)
}

// TestWindowSearchAgainstEnumeration checks the master of a window of
// days against every roster that differs from a start only inside the
// window, on small random problems: the window's first relaxation (plus
// the cover penalty outside the window) never promises less than the
// best of them, the dive's roster keeps the start outside the window,
// and the tree search over the window finds the best of them and knows
// it.
func TestWindowSearchAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for it := range 200 {
		days := 6 + rng.IntN(5)
		p := twoEmployees(t, randomProblem(t, rng, days, it%2 == 0))
		w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
		w.construct(true, noStop)
		start := append([]int8(nil), w.st.cells...)
		span := 2 + rng.IntN(3)
		a := rng.IntN(days - span + 1)
		b := a + span

		// every roster equal to start outside [a, b) that keeps the pins
		best := inf
		st := newState(p, start, p.pref)
		var pins []int8
		for e := range p.nE {
			pins = append(pins, p.pin[e*days+a:e*days+b]...)
		}
		eachKeeping(pins, p.nS, func(win []int8) {
			for e := range p.nE {
				copy(st.cells[e*days+a:e*days+b], win[e*span:(e+1)*span])
			}
			st.recompute()
			best = min(best, st.obj())
		})

		g := newWindowColgen(newState(p, start, p.pref), 2, a, b)
		got := g.dive(g.buildMaster(), func() bool { return false }, w.rng, 0, inf)
		require.LessOrEqual(t, g.bound+float64(g.offset), float64(best)+1e-3, "iteration %d", it)
		if got != nil {
			require.GreaterOrEqual(t, newState(p, got, p.pref).obj(), best, "iteration %d", it)
			for e := range p.nE {
				for d := range days {
					if d < a || d >= b {
						require.Equal(t, start[e*days+d], got[e*days+d], "iteration %d: employee %d day %d", it, e, d)
					}
				}
			}
		}

		tg := newWindowColgen(newState(p, start, p.pref), 2, a, b)
		from := newState(p, start, p.pref).obj()
		tr := tg.tree(tg.buildMaster(), func() bool { return false }, from-tg.offset, 0, nil, nil)
		require.True(t, tr.complete, "iteration %d", it)
		if tr.best == nil {
			require.Equal(t, best, from, "iteration %d", it)
		} else {
			require.Equal(t, best, newState(p, tr.best, p.pref).obj(), "iteration %d", it)
		}
	}
}

// TestWindowSearchesOnlyImprove checks that both searches over windows
// (weeks to months, and the sweep of weeks) hand on only better rosters,
// keep the pins, work on copies of the roster they start from, and
// return the last roster they handed on; on these problems both find
// better ones.
func TestWindowSearchesOnlyImprove(t *testing.T) {
	for _, c := range []struct {
		name        string
		seed        uint64
		days, dives int
		search      windowsFunc
	}{
		{"windows", 11, 42, 8, windowSearch},
		{"weeks", 13, 35, 0, sweepWindows},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(c.seed, c.seed+1))
			calls := 0
			for it := range 6 {
				p := randomProblem(t, rng, c.days, it%2 == 0)
				w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
				w.construct(true, noStop)
				start := append([]int8(nil), w.st.cells...)
				last := w.st.obj()
				best := c.search(w.st, 2, w.rng, c.dives, noStop, 0, 0, nil, func(cells []int8) {
					v := newState(p, cells, p.pref).obj()
					require.Less(t, v, last, "iteration %d", it)
					last = v
					calls++
				})
				require.Equal(t, last, newState(p, best, p.pref).obj(), "iteration %d", it)
				require.Equal(t, start, w.st.cells, "iteration %d", it)
				for i, k := range p.pin {
					if k != noPin {
						require.Equal(t, k, best[i], "iteration %d", it)
					}
				}
			}
			require.Positive(t, calls)
		})
	}
}

// TestSweepWindowsGivesUpWhenAWeekIsTooSlow checks that a sweep whose
// first week cannot be solved within the limit ends there, with the
// roster it was given, instead of trying every week in vain.
func TestSweepWindowsGivesUpWhenAWeekIsTooSlow(t *testing.T) {
	p := weeksProblem(t, 91)
	w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
	w.construct(true, noStop)
	start := append([]int8(nil), w.st.cells...)
	// every reading of the clock is an hour later: no limit is ever met
	clock := &steppingClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), step: time.Hour}
	reads := 0
	stop := func() bool { reads++; return false }
	best := sweepWindows(w.st, 2, w.rng, 0, stop, time.Second, 0, clock, func([]int8) {
		t.Fatal("no window can be solved within the limit")
	})
	require.Equal(t, start, best)
	require.Less(t, reads, 20, "the sweep went on after its first window")
}

// TestSweepWindowsMovesARunAcrossAWeek checks that a sweep whose weeks
// find nothing goes on to windows of two weeks: one employee must work
// one run of exactly nine days, and the roster places it on days 1 to 9
// where the cover asks for days 6 to 14. No window of seven days can
// move a run of nine (the days kept outside the window pin it), so only
// a longer window reaches the roster without shortfall.
func TestSweepWindowsMovesARunAcrossAWeek(t *testing.T) {
	params := ProblemParams{
		Days:         21,
		FirstWeekday: time.Monday,
		Shifts:       []ShiftTypeParams{{ID: "D", Minutes: 480}},
		Employees: []EmployeeParams{{ID: "ann", History: []string{""}, Contract: Contract{
			MaxMinutes: 9 * 480, MinMinutes: 9 * 480, MaxConsecutive: 9, MinConsecutive: 9,
			MaxWeekends: NoLimit}}},
	}
	for d := 6; d <= 14; d++ {
		params.Cover = append(params.Cover, CoverParams{Day: d, Shift: "D", Required: 1, UnderWeight: 10})
	}
	p := mustProblem(t, params)
	cells := make([]int8, p.days)
	for d := range cells {
		cells[d] = offCell
		if d >= 1 && d <= 9 {
			cells[d] = 0
		}
	}
	st := newState(p, cells, p.pref)
	require.Equal(t, int64(50), st.obj(), "five days short, no hard violation")
	calls := 0
	best := sweepWindows(st, 2, rand.New(rand.NewPCG(3, 4)), 0, noStop, 0, 0, nil, func([]int8) { calls++ })
	require.Equal(t, int64(0), newState(p, best, p.pref).obj())
	require.Positive(t, calls)
	for d, k := range best {
		require.Equal(t, d >= 6 && d <= 14, k == 0, "day %d", d)
	}
}

// TestWindowSearchGivesUpWhenTheFirstRelaxationIsTooSlow checks that
// the windows give up at once when the first one's relaxation is not
// solved within the time it was given (first), and that without that
// limit the same searches find better rosters.
func TestWindowSearchGivesUpWhenTheFirstRelaxationIsTooSlow(t *testing.T) {
	for _, first := range []time.Duration{0, time.Second} {
		rng := rand.New(rand.NewPCG(11, 12))
		// the pricing goroutines ask stop too
		var calls, reads atomic.Int64
		for it := range 6 {
			p := randomProblem(t, rng, 42, it%2 == 0)
			w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
			w.construct(true, noStop)
			start := append([]int8(nil), w.st.cells...)
			// every reading of the clock is an hour later
			clock := &steppingClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), step: time.Hour}
			stop := func() bool { reads.Add(1); return false }
			best := windowSearch(w.st, 2, w.rng, 8, stop, 0, first, clock, func([]int8) { calls.Add(1) })
			if first > 0 {
				require.Equal(t, start, best, "iteration %d", it)
			}
		}
		if first > 0 {
			require.Zero(t, calls.Load(), "a window was solved after the first gave up")
			require.Less(t, reads.Load(), int64(6*20), "the windows went on after the first")
		} else {
			require.Positive(t, calls.Load(), "without the limit the windows find better rosters")
		}
	}
}

// TestPricingStopsWhenAsked checks that a pricing round stopped before
// it began prices nobody and claims no bound: a stopped round must not
// cut a node or close a window.
func TestPricingStopsWhenAsked(t *testing.T) {
	p := weeksProblem(t, 28)
	w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
	w.construct(true, noStop)
	g := newColgen(w.st, 2)
	ms := g.buildMaster()
	require.True(t, ms.lp.solve(cgPivots, nil))
	added, _, sum := g.price(ms, ms.lp.dual, func() bool { return true })
	require.Zero(t, added)
	require.True(t, math.IsInf(sum, -1))
	// not stopped, the same round gives a finite bound
	_, _, sum = g.price(ms, ms.lp.dual, func() bool { return false })
	require.False(t, math.IsInf(sum, 0))
}

// TestPricingDoesNotDependOnWorkers prices the same rounds with one,
// two and five goroutines (more than some teams have employees), some
// employees fixed: each must add the same schedules, in the same order,
// and give the same bound, so that results do not depend on which
// goroutine took whom; and once the generation has finished, pricing
// each free employee alone finds nothing left to add.
func TestPricingDoesNotDependOnWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for it := range 20 {
		p := randomTeamProblem(t, rng, 14, 2+rng.IntN(6), it%2 == 0)
		w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
		w.construct(true, noStop)
		fixed := make([]bool, p.nE)
		for e := range fixed {
			fixed[e] = rng.IntN(3) == 0
		}
		type round struct {
			added, improving int
			sum              float64
		}
		// a search from w's roster on workers goroutines, with the
		// employees of fixed fixed to that roster's schedule
		search := func(workers int) (*colgen, *master) {
			g := newColgen(newState(p, w.st.cells, p.pref), workers)
			ms := g.buildMaster()
			for e, f := range fixed {
				if f {
					g.fix(ms, e, 0)
				}
			}
			return g, ms
		}
		run := func(workers int) ([]round, [][]cgColumn) {
			g, ms := search(workers)
			var rounds []round
			for range 3 {
				require.True(t, ms.lp.solve(cgPivots, nil), "iteration %d", it)
				a, i, sum := g.price(ms, ms.lp.dual, noStop)
				rounds = append(rounds, round{a, i, sum})
			}
			return rounds, g.pool
		}
		wantRounds, wantPool := run(1)
		for _, workers := range []int{2, 5} {
			rounds, pool := run(workers)
			require.Equal(t, wantRounds, rounds, "iteration %d, %d workers", it, workers)
			require.Equal(t, wantPool, pool, "iteration %d, %d workers", it, workers)
		}

		// once the generation has finished, no free employee has a
		// schedule that would improve the relaxation: none was left out
		g, ms := search(5)
		_, finished, ok := g.generate(ms, noStop, cgRounds, math.Inf(1))
		require.True(t, ok && finished, "iteration %d", it)
		dual := g.coverDuals(ms, ms.lp.dual)
		lambda, seg, full := make([]int64, p.nS), make([]int8, p.days), make([]int8, p.days)
		for e, f := range fixed {
			if !f {
				found, _ := g.priceOne(e, ms.lp.dual[ms.conv[e]], dual, lambda, &g.work[0], seg, full)
				require.Empty(t, found, "iteration %d: employee %d", it, e)
			}
		}
	}
}

// TestSmoothingKeepsTheRelaxation checks that pricing at smoothed duals
// solves the same relaxation as pricing at the master's own, and that
// every bound it claims on the way stays at or below that relaxation's
// value: a smoothed round that finds nothing must not end the
// generation, and a mixed dual vector must still give a valid bound.
func TestSmoothingKeepsTheRelaxation(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for it := range 60 {
		days := []int{7, 14, 28}[it%3]
		p := randomProblem(t, rng, days, it%2 == 0)
		solve := func(smooth float64, rounds int) (value, lb float64, finished bool) {
			w := newWorker(p, newRoster(p).cells, p.pref, 1, 0)
			w.construct(true, noStop)
			g := newColgen(w.st, 2)
			g.smooth = smooth
			ms := g.buildMaster()
			lb, finished, ok := g.generate(ms, noStop, rounds, math.Inf(1))
			require.True(t, ok)
			return ms.lp.value(), lb, finished
		}
		plain, plainLB, done := solve(0, 1000)
		require.True(t, done, "iteration %d", it)
		smoothed, smoothedLB, done := solve(cgSmooth, 1000)
		require.True(t, done, "iteration %d", it)
		require.InDelta(t, plain, smoothed, 1e-4, "iteration %d", it)
		require.LessOrEqual(t, smoothedLB, plain+1e-6, "iteration %d", it)
		require.LessOrEqual(t, plainLB, plain+1e-6, "iteration %d", it)
		// the bounds of generations cut short, smoothed rounds among them
		for rounds := 1; rounds <= 6; rounds++ {
			_, lb, _ := solve(cgSmooth, rounds)
			require.LessOrEqual(t, lb, plain+1e-6, "iteration %d, %d rounds", it, rounds)
		}
	}
}

// noStop never stops a search.
func noStop() bool { return false }

// TestSlowRelaxationStillProves runs the column search as after a first
// relaxation that took all the dives' time: the first dive fixes on the
// pool alone, the interlude is asked once and its roster offered, and
// the tree search that follows must still prove the best roster, which a
// tree search given no limit proves on its own. A quick relaxation must
// not call the interlude.
func TestSlowRelaxationStillProves(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	base := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for it := range 40 {
		// more employees than the dive's closing tree search takes, so
		// that the dive solves its first relaxation
		p := randomTeamProblem(t, rng, 7+rng.IntN(4), cgFinishFree+1+rng.IntN(3), it%2 == 0)
		w, _, best := provenBest(t, p, it)
		for _, slow := range []bool{true, false} {
			clock := &steppingClock{now: base, step: time.Millisecond}
			treeAt := base.Add(time.Hour)
			if slow {
				treeAt = base // over before the first relaxation ends
			}
			// the interlude hands back the roster the search started from,
			// as a local search that found nothing better would
			calls := 0
			interlude := func() []int8 { calls++; return w.st.cells }
			own := newState(p, w.st.cells, p.pref)
			lim := searchLimits{dives: 1, tree: true, treeAt: treeAt, deadline: base.Add(2 * time.Hour), late: base.Add(2 * time.Hour), interlude: interlude}
			cs := columnSearch(context.Background(), own, 2, rand.New(rand.NewPCG(1, 2)), lim, clock, nil)
			want := 0
			if slow {
				want = 1
			}
			require.Equal(t, want, calls, "iteration %d, slow %v", it, slow)
			require.True(t, cs.proven, "iteration %d, slow %v", it, slow)
			got := own.obj()
			if cs.best != nil {
				got = newState(p, cs.best, p.pref).obj()
			}
			require.Equal(t, best, got, "iteration %d, slow %v", it, slow)
			require.LessOrEqual(t, provenBound(cs.bound), int(best), "iteration %d, slow %v", it, slow)
		}
	}
}

// TestColumnSearchGivesUpASlowRelaxation checks that a search whose
// first relaxation has not ended by rootBy ends there, with no roster, so
// that Solve can give the time to another search, and that rootBy does
// not cut short a search whose relaxation ends in time. A relaxation cut
// short still bounds every roster by the best of the rounds it made:
// never above the bound of the relaxation solved to the end, and above
// zero once enough rounds were made.
func TestColumnSearchGivesUpASlowRelaxation(t *testing.T) {
	p := weeksProblem(t, 56)
	base := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	// one pricing goroutine, so that the clock is read as often in
	// every run, and a cut falls on the same round
	search := func(rootBy time.Duration) searchResult {
		// the empty roster leaves every cover row short: any dive's
		// roster is better
		st := newState(p, newRoster(p).cells, p.pref)
		clock := &steppingClock{now: base, step: time.Millisecond}
		lim := searchLimits{dives: 1, deadline: base.Add(2 * time.Hour), late: base.Add(2 * time.Hour), rootBy: base.Add(rootBy)}
		return columnSearch(context.Background(), st, 1, rand.New(rand.NewPCG(1, 2)), lim, clock, nil)
	}
	full := search(time.Hour)
	require.NotNil(t, full.best)
	require.False(t, math.IsInf(full.bound, -1))
	require.LessOrEqual(t, provenBound(full.bound), int(newState(p, full.best, p.pref).obj()))

	cutShort, positive := 0, 0
	for rootBy := time.Duration(0); rootBy < time.Hour; rootBy = 2*rootBy + time.Millisecond {
		cs := search(rootBy)
		if cs.best != nil {
			break // the relaxation ended in time
		}
		cutShort++
		require.LessOrEqual(t, cs.bound, full.bound+1e-6, "rootBy %v", rootBy)
		if provenBound(cs.bound) > 0 {
			positive++
		}
	}
	require.Greater(t, cutShort, 1)
	require.Positive(t, positive, "no relaxation cut short gave a bound above zero")
	t.Logf("%d cuts, %d with a bound above zero; full bound %.1f", cutShort, positive, full.bound)
}
