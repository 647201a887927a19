package roster

import (
	"context"
	"math/rand/v2"
	"testing"

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
	st := newState(p, NewRoster(p).cells, p.pref)
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

		w := newWorker(p, NewRoster(p).cells, p.pref, 1, 0)
		w.construct(true)
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
		if tr.best == nil {
			require.Equal(t, best, start, "iteration %d", it)
		} else {
			require.Equal(t, best, newState(p, tr.best, p.pref).obj(), "iteration %d", it)
		}

		// so do two tree searches at once, sharing their best roster
		calls := 0
		pb, proven := portfolio(tg, w.st, func() bool { return false }, nil, start, func([]int8) { calls++ })
		require.True(t, proven, "iteration %d", it)
		if pb == nil {
			require.Equal(t, best, start, "iteration %d", it)
			require.Zero(t, calls, "iteration %d", it)
		} else {
			require.Equal(t, best, newState(p, pb, p.pref).obj(), "iteration %d", it)
			require.Positive(t, calls, "iteration %d", it)
		}

		found, _ := columnSearch(context.Background(), w.st, 2, w.rng, searchLimits{dives: cgDives}, nil, nil)
		if found == nil {
			found = w.st.cells // the dives found nothing better than the start
		}
		if newState(p, found, p.pref).obj() == best {
			optimal++
		}
	}
	require.GreaterOrEqual(t, optimal, n*9/10)
}
