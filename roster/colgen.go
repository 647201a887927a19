package roster

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wijkzorg/wijk"
)

// This file builds a roster by column generation and diving. The master
// problem chooses one whole-horizon schedule per employee (a column) so
// that the requests and the cover penalty cost least; its linear
// relaxation is solved over the schedules found so far, and the dynamic
// program of dp.go, priced with the master's duals, finds for each
// employee the schedule that would improve it most. When no schedule
// improves the relaxation, the dive fixes the employees whose choice is
// settled (or else a share of those nearest to settled), and the
// generation goes on for the rest, until every employee has a schedule.
// branch.go searches the tree of the same master, and portfolio runs two
// such searches at once.

const (
	cgScale = 1_000_000 // duals are priced to a millionth of a cost unit
	// cgBigM is the cost of leaving an employee without a schedule in
	// the master: dearer than any schedule the pricing can return
	cgBigM = 10 * hardW
	// cgMaxDays is the longest horizon the search runs on: beyond it,
	// pricing the whole horizon takes longer than a dive can afford
	cgMaxDays = 84
	cgRounds  = 400
	// cgNodeRounds bounds the rounds of generation after each fix on
	// horizons longer than cgOneByOne days. With 5, the relaxation after
	// a fix was far from solved (on 84 days, a bound of 2773 under a value
	// of 4532), and the dive fixed employees on its stale choices
	cgNodeRounds = 25
	// a dive step with nothing settled fixes the one employee nearest
	// to settled, or on horizons longer than cgOneByOne days (where each
	// step costs more) 1/cgFixShare of the employees left
	cgFixShare = 4
	cgOneByOne = 42
	cgPivots   = 200_000
	cgSettled  = 1 - 1e-4
	cgImproves = -1e-6
	cgPrune    = 1e-3
	// cgSmooth is the weight of the best duals so far when pricing
	// (Wentges' smoothing): pricing at a mix of the best and the current
	// duals steadies the duals, which otherwise swing from round to
	// round; on Instance15 the first relaxation took 61 rounds instead
	// of 80
	cgSmooth = 0.5
	// cgDives is how many dives, and cgTreeNodes how many nodes of the
	// tree, a search limited by iterations only makes
	cgDives     = 8
	cgTreeNodes = 100
	// cgProbeNodes bounds the tree search tried right after the first
	// dive, which proves small problems optimal at once
	cgProbeNodes = 50
	// a dive with cgFinishFree employees left to place searches the
	// tree of their schedules, up to cgFinishNodes nodes
	cgFinishFree  = 6
	cgFinishNodes = 60
	// cgWindow is the span of days windowSearch re-plans at a time, and
	// cgWindowStep how far one window starts after the previous one
	cgWindow     = 28
	cgWindowStep = 14
	cgMaxWindow  = 56
	// cgWindowDives is how many windows a search limited by iterations
	// only tries
	cgWindowDives = 16
)

// cgColumn is one schedule of one employee and its exact cost.
type cgColumn struct {
	cells []int8
	cost  int64
}

// colgen is the state of one column-generation dive.
type colgen struct {
	p    *Problem
	st   *state
	pool [][]cgColumn     // per employee
	seen []map[string]int // per employee: each pooled schedule's index
	// fixed is, per employee, the pooled schedule the dive fixed, or -1
	fixed []int
	work  []dpWork
	// allow, while a tree search runs, says per employee, day and choice
	// whether its branching still permits it (see branch.go)
	allow []bool
	// shallow sets the tree search's order among nodes of equal bound
	// (see treeNode.before)
	shallow bool
	// roundOff bounds how far pricing with duals rounded to 1/cgScale
	// can misjudge one schedule's reduced cost
	roundOff float64
	// bound is the Lagrangian bound of the first relaxation solved with
	// nobody fixed and no branching, in the master's units: a lower bound
	// on every roster that keeps the schedules outside the window (on
	// the whole horizon, on every roster)
	bound  float64
	rooted bool
	// early is the best Lagrangian bound of that first relaxation's
	// rounds, up to the one that solves it (zero before the first round),
	// so at least bound once rooted; when stop cuts the relaxation short,
	// it still bounds every roster, though less tightly
	early float64
	// a and b are the window of days [a, b) the schedules may differ in
	// (the whole horizon, or a window of windowSearch); outside it every
	// schedule is st's
	a, b int
	// rowPos is, per cover row, its place among the master's cover rows,
	// or -1 for a row outside the window
	rowPos []int32
	// offset is the cover penalty of the rows outside the window, which
	// no schedule changes: the master's value plus offset is a roster's
	offset int64
	// pace, when set, says how many employees a dive step fixes at
	// least (when the relaxation settles none, see columnSearch), given
	// how many are free; it is asked once the first relaxation is solved
	pace func(free int) int
	// lost is set when a master could not be solved before stop said so
	// (see lp.solve): the simplex method lost its way on it
	lost bool
	// smooth is the weight of the best duals in pricing (cgSmooth; zero
	// prices at the master's own duals)
	smooth float64
	// rootLate, when set, is asked once the first relaxation is solved; when
	// it answers true, the relaxation took the time the dives had (a
	// large team), and slow is set: the rest of that dive fixes
	// employees on the pool's relaxation alone (poolOnly), without
	// pricing or a closing tree search, so that a roster comes soon
	rootLate func() bool
	slow     bool
	poolOnly bool
}

// cgEligible reports whether column generation can run on p: the whole
// horizon must fit one program.
func cgEligible(p *Problem) bool { return p.days <= cgMaxDays && p.nE > 0 }

// treeEligible reports whether the tree search can run on p: every node's
// relaxation is solved to the end, which, like a dive that fixes one
// employee per step, horizons longer than cgOneByOne cannot afford.
func treeEligible(p *Problem) bool { return cgEligible(p) && p.days <= cgOneByOne }

func newColgen(st *state, workers int) *colgen { return newWindowColgen(st, workers, 0, st.p.days) }

// newWindowColgen returns a search over the schedules that differ from
// st's only on days [a, b).
func newWindowColgen(st *state, workers, a, b int) *colgen {
	p := st.p
	g := &colgen{p: p, st: st, pool: make([][]cgColumn, p.nE), seen: make([]map[string]int, p.nE), fixed: make([]int, p.nE), work: make([]dpWork, max(workers, 1)), a: a, b: b}
	perCell := 0
	for _, rows := range p.rowsAt {
		perCell = max(perCell, len(rows))
	}
	g.roundOff = 0.5 / cgScale * float64((b-a)*perCell)
	g.rowPos = make([]int32, len(p.rows))
	n := int32(0)
	for i := range p.rows {
		r := &p.rows[i]
		if r.day < a || r.day >= b {
			g.rowPos[i] = -1
			g.offset += rowCost(r, st.counts[i])
			continue
		}
		g.rowPos[i] = n
		n++
	}
	g.smooth = cgSmooth
	for e := range p.nE {
		g.seen[e] = map[string]int{}
		g.fixed[e] = -1
		g.addColumn(e, st.row(e))
	}
	return g
}

// addColumn adds row as a schedule of e, unless it is already there,
// and returns its index in the pool and whether it is new.
func (g *colgen) addColumn(e int, row []int8) (int, bool) {
	key := string(int8sAsBytes(row))
	if j, ok := g.seen[e][key]; ok {
		return j, false
	}
	g.seen[e][key] = len(g.pool[e])
	cells := append([]int8(nil), row...)
	g.pool[e] = append(g.pool[e], cgColumn{cells: cells, cost: g.cost(e, cells)})
	return len(g.pool[e]) - 1, true
}

// copyPool adds every schedule of from's pool to g's, with its cost.
func (g *colgen) copyPool(from *colgen) {
	for e, cols := range from.pool {
		for _, c := range cols {
			key := string(int8sAsBytes(c.cells))
			if _, ok := g.seen[e][key]; !ok {
				g.seen[e][key] = len(g.pool[e])
				g.pool[e] = append(g.pool[e], c)
			}
		}
	}
}

func int8sAsBytes(row []int8) []byte {
	b := make([]byte, len(row))
	for i, v := range row {
		b[i] = byte(v)
	}
	return b
}

// cost is e's requests plus the hard magnitude of row, in search units.
func (g *colgen) cost(e int, row []int8) int64 {
	p := g.p
	var v int64
	for d, k := range row {
		v += g.st.prefAt(e, d, k)
	}
	_, mag := p.hardRow(e, row)
	return v + hardW*int64(mag)
}

// master is the relaxation over the pool. Fixing an employee's schedule
// bans their other columns, so that the basis carries over from one step
// of the dive to the next.
type master struct {
	lp     *lp
	conv   []int   // per employee: its row
	cover0 int     // the first cover row
	colE   []int   // per LP column: the employee, or -1 for a slack
	colJ   []int   // per LP column: the pool index
	cols   [][]int // per employee: its LP columns
}

func (g *colgen) buildMaster() *master {
	p := g.p
	ms := &master{conv: make([]int, p.nE), cols: make([][]int, p.nE)}
	var rhs, start []float64
	for e := range p.nE {
		ms.conv[e] = len(rhs)
		rhs = append(rhs, 1)
		start = append(start, cgBigM)
	}
	ms.cover0 = len(rhs)
	for i, r := range p.rows {
		if g.rowPos[i] < 0 {
			continue
		}
		rhs = append(rhs, float64(r.req))
		start = append(start, float64(r.under))
	}
	ms.lp = newLP(rhs, start)
	for range rhs {
		ms.colE = append(ms.colE, -1)
		ms.colJ = append(ms.colJ, -1)
	}
	// the other slack of every cover row
	for i, r := range p.rows {
		if g.rowPos[i] < 0 {
			continue
		}
		row := int32(ms.cover0) + g.rowPos[i]
		ms.lp.add(lpCol{cost: float64(r.over), idx: []int32{row}, val: []float64{-1}})
		ms.colE = append(ms.colE, -1)
		ms.colJ = append(ms.colJ, -1)
	}
	for e := range p.nE {
		for j := range g.pool[e] {
			g.addToMaster(ms, e, j)
		}
	}
	return ms
}

// fix gives employee e the pooled schedule j, banning their others.
func (g *colgen) fix(ms *master, e, j int) {
	g.fixed[e] = j
	g.syncBans(ms, e)
}

func (g *colgen) addToMaster(ms *master, e, j int) {
	c := lpCol{cost: float64(g.pool[e][j].cost), idx: []int32{int32(ms.conv[e])}, val: []float64{1}}
	g.coverOf(e, g.pool[e][j].cells, func(i int32) {
		c.idx = append(c.idx, int32(ms.cover0)+g.rowPos[i])
		c.val = append(c.val, 1)
	})
	ms.cols[e] = append(ms.cols[e], ms.lp.add(c))
	ms.colE = append(ms.colE, e)
	ms.colJ = append(ms.colJ, j)
}

// coverOf calls f with every cover row of the window that row (a whole
// horizon's schedule) counts towards.
func (g *colgen) coverOf(e int, row []int8, f func(int32)) {
	p := g.p
	for d := g.a; d < g.b; d++ {
		k := row[d]
		if k < 0 {
			continue
		}
		for _, i := range p.rowsAt[d*p.nS+int(k)] {
			if p.qualifies(e, i) {
				f(i)
			}
		}
	}
}

// price finds, for every employee not fixed, the schedule of least
// reduced cost under the duals at (the master's, or a mix of those and
// earlier ones), and adds those new to the pool. It reports how many it
// added, how many of those improve the relaxation (have a negative
// reduced cost under the master's own duals), and the sum of the bounds
// priceOne gives on each employee's least reduced cost under at: at·b
// plus that sum bounds from below every roster the fixes and decisions
// allow (the Lagrangian bound), even while the generation has not
// finished. When stop says so, the employees not yet priced are left
// out, and the sum is minus infinity.
func (g *colgen) price(ms *master, at []float64, stop func() bool) (added, improving int, sum float64) {
	p := g.p
	dual := g.coverDuals(ms, at)
	found := make([][][]int8, p.nE)
	least := make([]float64, p.nE)
	var cut atomic.Bool
	// each goroutine takes the next employee left, so that one whose
	// programs happen to be costlier does not hold the round up; an
	// employee's result does not depend on which goroutine prices it
	var next atomic.Int64
	var wg sync.WaitGroup
	for wi := range g.work {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &g.work[wi]
			lambda := make([]int64, p.nS)
			seg := make([]int8, g.b-g.a)
			full := make([]int8, p.days)
			for {
				e := int(next.Add(1)) - 1
				if e >= p.nE {
					break
				}
				if g.fixed[e] >= 0 {
					continue
				}
				if cut.Load() || stop() {
					cut.Store(true)
					break
				}
				found[e], least[e] = g.priceOne(e, at[ms.conv[e]], dual, lambda, w, seg, full)
			}
		}()
	}
	wg.Wait()
	if cut.Load() {
		sum = math.Inf(-1)
	}
	for e := range p.nE {
		sum += least[e]
		for _, row := range found[e] {
			if j, ok := g.addColumn(e, row); ok {
				g.addToMaster(ms, e, j)
				added++
				if ms.lp.reduced(len(ms.lp.cols)-1) < cgImproves {
					improving++
				}
			}
		}
	}
	return added, improving, sum
}

// coverDuals returns, per cover row of the problem, the dual of at
// (a dual vector of ms) that pricing charges, in millionths of a cost
// unit: zero for a row outside the window.
func (g *colgen) coverDuals(ms *master, at []float64) []int64 {
	dual := make([]int64, len(g.p.rows))
	for i, pos := range g.rowPos {
		if pos >= 0 {
			dual[i] = int64(math.Round(cgScale * at[ms.cover0+int(pos)]))
		}
	}
	return dual
}

// priceOne returns e's schedules of negative reduced cost: the best one,
// and when it breaks a maximum per shift type, the best ones with that
// type made dearer. It also returns a lower bound of e's least reduced
// cost, at most zero: the least reduced cost itself when the program
// counts every maximum, else the best Lagrangian value of its tries with
// multipliers on the maxima it could not count, and minus infinity when
// the program is too large to run. seg (as long as the window) and full
// (as long as the horizon) are its buffers.
func (g *colgen) priceOne(e int, convDual float64, dual, lambda []int64, w *dpWork, seg, full []int8) ([][]int8, float64) {
	p := g.p
	c := &p.emp[e]
	for i := range lambda {
		lambda[i] = 0
	}
	var out [][]int8
	least := math.Inf(-1)
	copy(full, g.st.row(e))
	// the program counts the requests inside the window only, and a
	// maximum per shift type leaves the window the room the schedule
	// outside it does not use
	var outside int64
	var room [MaxShifts]int64
	for k := range p.nS {
		room[k] = int64(c.maxShift[k])
	}
	for d, k := range full {
		if d < g.a || d >= g.b {
			outside += g.st.prefAt(e, d, k)
			if k >= 0 {
				room[k]--
			}
		}
	}
	base := int64(math.Ceil(cgScale*(convDual-float64(outside)))) - 1
	for try := 0; try < 4; try++ {
		sp := g.st.spec(e, g.a, g.b, lambda)
		sp.dual, sp.scale = dual, cgScale
		// with multipliers on maxima the program did not count, it
		// minimises the Lagrangian: the reduced cost plus, per such type,
		// the multiplier times the shifts beyond the room, which is at
		// most the reduced cost for every schedule that keeps the maxima
		// (and for the others too, since a multiplier stays below the
		// cost of a unit of hard magnitude); so its cost bound moves up by
		// the multipliers times the room
		var lagr int64
		for k, l := range lambda {
			if l > 0 {
				lagr += cgScale * l * max(room[k], 0)
			}
		}
		sp.ub = base + lagr
		if g.allow != nil {
			n, per := p.days*(p.nS+1), p.nS+1
			sp.allow = g.allow[e*n+g.a*per : e*n+g.b*per]
		}
		if !g.st.optimise(sp, w, seg) {
			if !w.tooLarge {
				// nothing under the cost bound: every schedule's reduced
				// cost under the rounded duals is at least zero
				least = max(least, -g.roundOff)
			}
			// else the program could not run: no bound on e's schedules
			break
		}
		copy(full[g.a:g.b], seg)
		rc := float64(g.cost(e, full)) - convDual
		g.coverOf(e, full, func(i int32) { rc -= float64(dual[i]) / cgScale })
		if rc < cgImproves {
			out = append(out, append([]int8(nil), full...))
		}
		// when the program's value is above its cost bound, every
		// Lagrangian value, and so every reduced cost, is at least zero,
		// and lb computed below is too: min(lb, 0) then gives the valid
		// bound zero. With no multiplier charged (lagr == 0; a multiplier
		// on a type with no room left charges nothing, and a schedule
		// that uses such a type pays the hard weight, at least the
		// multiplier) and none raised, a schedule that keeps the maxima
		// has the least reduced cost under the rounded duals; otherwise the least
		// Lagrangian bounds every schedule's reduced cost (less tightly:
		// it leaves out the hard magnitude outside the window, which no
		// schedule of the window changes). Rounding moves any schedule's
		// reduced cost by at most half a unit per cover row it counts
		// towards
		raised := w.raise(c, seg, lambda)
		lb := rc
		if lagr > 0 || raised {
			lb = float64(w.value-lagr)/cgScale + float64(outside) - convDual
		}
		least = max(least, min(lb, 0)-g.roundOff)
		if !raised {
			break
		}
	}
	return out, least
}

// generate solves the relaxation over a growing pool until no schedule
// improves it, the round budget is spent, stop says so, or the bound
// passes cut (then nothing below this point can beat the roster the cut
// comes from). It returns the best Lagrangian bound seen, a lower bound
// of every roster the fixes and decisions allow (minus infinity when no
// round gave one); whether the generation finished, so that the bound is
// the relaxation's (or passed cut); and false when the master could not
// be solved, in which case its basis is of no use.
func (g *colgen) generate(ms *master, stop func() bool, rounds int, cut float64) (lb float64, finished, ok bool) {
	lb = math.Inf(-1)
	// center is the duals of the best bound so far. Every dual vector
	// priced is the master's own or a mix of it and center, so none makes
	// a slack column's reduced cost negative, and each gives a bound
	var center []float64
	mix := make([]float64, ms.lp.m)
	alpha := g.smooth
	for round := 0; round < rounds; round++ {
		if !ms.lp.solve(cgPivots, stop) {
			g.lost = g.lost || !stop()
			return lb, false, false
		}
		if stop() {
			return lb, false, true
		}
		v := ms.lp.value()
		at, mixed := ms.lp.dual, false
		if center != nil && alpha > 0 {
			for r, y := range ms.lp.dual {
				mix[r] = alpha*center[r] + (1-alpha)*y
			}
			at, mixed = mix, true
		}
		_, improving, least := g.price(ms, at, stop)
		l := v + least
		if mixed {
			l = ms.lp.dualValue(at) + least
		}
		if l > lb {
			lb = l
			center = append(center[:0], at...)
		}
		// only a round priced at the master's own duals that improves
		// nothing shows the relaxation solved; a mixed one that improves
		// nothing is followed by such a round
		if lb > cut || (!mixed && improving == 0) {
			finished = true
			break
		}
		alpha = g.smooth
		if mixed && improving == 0 {
			alpha = 0
		}
	}
	ok = ms.lp.solve(cgPivots, stop)
	g.lost = g.lost || (!ok && !stop())
	return lb, finished, ok
}

// dive fixes employees to whole schedules until every employee has one,
// and returns that roster, or nil when stop ended the dive first or its
// relaxation showed that it cannot beat ub (in the master's units, a
// roster's objective less g.offset). Each step fixes every
// employee the relaxation has settled on one schedule, or else the one
// nearest to settled; with noise above zero, that choice is randomised
// by up to that fraction.
func (g *colgen) dive(ms *master, stop func() bool, rng *rand.Rand, noise float64, ub int64) []int8 {
	p := g.p
	bestJ := make([]int, p.nE)
	bestV := make([]float64, p.nE)
	type weighed struct {
		e int
		w float64
	}
	var cand []weighed
	for {
		free := 0
		for _, j := range g.fixed {
			if j < 0 {
				free++
			}
		}
		if free == 0 {
			break
		}
		// the last few employees are often the hardest to place: a small
		// tree search over them comes back on the dive's last choices
		// (on horizons of up to 42 days only: with it, the window search
		// stopped improving rosters, for a reason not found yet)
		if free <= cgFinishFree && g.a == 0 && g.b == p.days && p.days <= cgOneByOne && g.allow == nil && !g.poolOnly {
			tr := g.tree(ms, stop, ub, cgFinishNodes, nil, nil)
			if tr.best != nil || tr.complete {
				return tr.best
			}
		}
		// every relaxation is solved to the end, except on long horizons,
		// where after the first one (the pool is rich by then) a few
		// rounds per step keep the dives within the time
		rounds := cgRounds
		if g.rooted && g.b-g.a > cgOneByOne {
			rounds = cgNodeRounds
		}
		n := 1
		if g.poolOnly {
			rounds = 0
		} else if g.rooted && g.pace != nil {
			if n = g.pace(free); n > 1 {
				rounds = cgNodeRounds
			}
		}
		cut := float64(ub) - 1 + cgPrune
		lb, _, ok := g.generate(ms, stop, rounds, cut)
		if !g.rooted && free == p.nE && g.allow == nil {
			g.early = max(g.early, lb)
		}
		if !ok || stop() {
			return nil
		}
		// the first relaxation with nobody fixed bounds every roster
		if !g.rooted && free == p.nE && g.allow == nil {
			g.bound, g.rooted = lb, true
			if g.rootLate != nil && g.rootLate() {
				g.slow, g.poolOnly = true, true
			}
		}
		// costs are whole numbers: a bound within one of ub leaves
		// nothing better to find below this point
		if lb > cut {
			return nil
		}
		g.favourites(ms, bestJ, bestV)
		fixedAny := false
		cand = cand[:0]
		for e := range p.nE {
			if g.fixed[e] >= 0 || bestJ[e] < 0 {
				continue
			}
			if bestV[e] >= cgSettled {
				g.fix(ms, e, bestJ[e])
				fixedAny = true
				continue
			}
			w := bestV[e]
			if noise > 0 {
				w *= 1 + noise*rng.Float64()
			}
			cand = append(cand, weighed{e, w})
		}
		if !fixedAny {
			if len(cand) == 0 {
				// only artificial columns are left: nothing to choose from
				return nil
			}
			// the surest employee, or on long horizons the surest share
			// of those left, so that a dive takes a bounded number of
			// steps however many employees there are
			if g.b-g.a > cgOneByOne {
				n = max(n, free/cgFixShare)
			}
			n = min(n, len(cand))
			slices.SortStableFunc(cand, func(a, b weighed) int { return cmp.Compare(b.w, a.w) })
			for _, c := range cand[:n] {
				g.fix(ms, c.e, bestJ[c.e])
			}
		}
	}
	cells := make([]int8, p.nE*p.days)
	for e, j := range g.fixed {
		copy(cells[e*p.days:], g.pool[e][j].cells)
	}
	return cells
}

// favourites writes, per employee, the pooled schedule of largest share
// in the relaxation's basis and that share (-1 and 0 when the employee
// has none).
func (g *colgen) favourites(ms *master, pick []int, share []float64) {
	for e := range pick {
		pick[e], share[e] = -1, 0
	}
	for r, col := range ms.lp.basis {
		if e := ms.colE[col]; e >= 0 && ms.lp.x[r] > share[e] {
			pick[e], share[e] = ms.colJ[col], ms.lp.x[r]
		}
	}
}

// release undoes every fix, keeping the pool and the basis.
func (g *colgen) release(ms *master) {
	for e, j := range g.fixed {
		if j >= 0 {
			g.fixed[e] = -1
			g.syncBans(ms, e)
		}
	}
}

// searchLimits bound a column search. The dives run until dives were
// made or treeAt (when set); then, when tree is set, the tree search runs
// until treeNodes nodes were solved (0: no limit). Both end at the
// deadline, and until a dive has found a roster, late replaces the
// deadline and treeAt, so that long horizons can finish their first
// dive. ctx ends both.
type searchLimits struct {
	dives, treeNodes       int
	tree                   bool
	treeAt, deadline, late time.Time
	// portfolio runs two tree searches at once (see portfolio), which
	// makes the result depend on timing: only for searches limited by time
	portfolio bool
	// paceBy, when set, is when the first dive should end: once its
	// first relaxation is solved, each step that would leave the dive
	// ending later, at the pace of the steps so far, fixes that many
	// more employees at once (for a large team whose first relaxation
	// takes much of the time)
	paceBy time.Time
	// interlude, when set, runs between the dives and the tree search
	// when the first relaxation ended after treeAt, and returns the best
	// roster it knows (nil: none better than the dives')
	interlude func() []int8
	// rootBy, when set, ends the search when the first relaxation has
	// not ended by then (a large team: the time is better spent on a
	// search that needs no relaxation of the whole problem)
	rootBy time.Time
}

// columnSearch runs dives from the worker's current roster, then branch
// and price (branch.go) from the best roster found, using up to workers
// goroutines for the pricing, and returns the best roster found (nil
// when none beat the start), calling improved, when set, with each
// roster better than the ones before. The first dive follows the
// relaxation, later ones randomise its choices; once a roster is found,
// every other dive keeps that roster's schedules for all but a third to
// two thirds of the employees and re-plans those together. Every dive
// and the tree reuse the schedules found so far. It also reports whether
// the tree search went through the whole tree, which proves that no
// roster is better than the one returned (or than the start, when it
// returns nil), and the best lower bound of every roster it proved.
func columnSearch(ctx context.Context, st *state, workers int, rng *rand.Rand, lim searchLimits, clock wijk.Clock, improved func([]int8)) searchResult {
	p := st.p
	g := newColgen(st, workers)
	var best []int8
	bound := math.Inf(-1)
	until := func(d time.Time) func() bool {
		return func() bool {
			at := d
			if best == nil && !lim.late.IsZero() {
				at = lim.late
			}
			if !g.rooted && !lim.rootBy.IsZero() && lim.rootBy.Before(at) {
				at = lim.rootBy
			}
			return ctx.Err() != nil || (!at.IsZero() && !wijk.Now(clock).Before(at))
		}
	}
	stop := until(lim.deadline)
	diving := until(lim.treeAt)
	if lim.treeAt.IsZero() {
		diving = stop
	}
	ms := g.buildMaster()
	ub := st.obj()
	offer := func(cells []int8) {
		if v := newState(p, cells, st.pref).obj(); v < ub {
			best, ub = append([]int8(nil), cells...), v
			if improved != nil {
				improved(best)
			}
		}
	}
	tree := func(nodes int) bool {
		if !lim.tree || stop() {
			return false
		}
		tr := g.tree(ms, stop, ub, nodes, offer, nil)
		bound = max(bound, tr.bound)
		return tr.complete
	}
	if !lim.paceBy.IsZero() {
		g.pace = pacer(lim.paceBy, clock)
	}
	if !lim.treeAt.IsZero() {
		g.rootLate = func() bool { return !wijk.Now(clock).Before(lim.treeAt) }
	}
	for i := 0; i < lim.dives && !diving(); i++ {
		if i == 1 {
			g.pace, g.rootLate, g.poolOnly = nil, nil, false
		}
		noise := 0.0
		if i > 0 {
			noise = 0.5
		}
		if best != nil && i%2 == 1 {
			// a third to two thirds of the team
			g.keepAllBut(ms, best, max(1, p.nE/3+rng.IntN(p.nE/3+1)), rng)
		}
		cells := g.dive(ms, stop, rng, noise, ub)
		g.release(ms)
		if cells != nil {
			offer(cells)
		}
		bound = max(bound, g.early)
		// when the simplex method lost its way on the first relaxation,
		// the next dive would lose it on the same master again: the
		// local search has the time left
		if g.lost && !g.rooted {
			return searchResult{best: best, bound: bound}
		}
		// a small tree is often done after a few nodes: then the roster
		// is proven optimal, and the rest of the time is not needed (not
		// after a slow relaxation: 50 nodes of such a master take
		// minutes)
		if i == 0 && !g.slow && tree(cgProbeNodes) {
			return searchResult{best: best, proven: true, bound: bound}
		}
	}
	// a first relaxation that did not end by late leaves nothing for a
	// tree search to start from in the time left: the local search has it
	if best == nil && !g.rooted && !lim.late.IsZero() && !wijk.Now(clock).Before(lim.late) {
		return searchResult{bound: bound}
	}
	// after a slow relaxation, the first dive's roster is far from the
	// bound, and a tree search has little hope of closing that gap: the
	// interlude improves the roster first, so that the tree has a better
	// roster to beat and cuts more
	if g.slow && lim.interlude != nil && !stop() {
		if cells := lim.interlude(); cells != nil {
			for e := range p.nE {
				if j, added := g.addColumn(e, cells[e*p.days:(e+1)*p.days]); added {
					g.addToMaster(ms, e, j)
				}
			}
			offer(cells)
		}
	}
	if !lim.portfolio || workers < 2 || !lim.tree || stop() {
		proven := tree(lim.treeNodes)
		return searchResult{best: best, proven: proven, bound: bound}
	}
	res := portfolio(g, st, stop, best, ub, improved)
	res.bound = max(res.bound, bound)
	return res
}

// pacer returns a pace for a dive (see colgen.pace) that is to end by
// end: from the second call on, it answers how many employees each step
// must fix for the steps left to end by then, at the mean time a step
// took since the first call (at least one; all that are free once end
// has passed).
func pacer(end time.Time, clock wijk.Clock) func(free int) int {
	var first time.Time
	steps := 0
	return func(free int) int {
		now := wijk.Now(clock)
		if steps == 0 {
			// one step at the usual pace first, even when end has
			// passed: fixing everyone at once from the first relaxation
			// gave a worse roster on the one instance measured (Instance15,
			// 4572 against 4405 in 60 s, one run each)
			first = now
			steps++
			return 1
		}
		left := end.Sub(now)
		if left <= 0 {
			return free
		}
		per := float64(now.Sub(first)) / float64(steps)
		steps++
		return min(max(1, int(math.Ceil(float64(free)*per/float64(left)))), free)
	}
}

// searchResult is what a column search found: the best roster (nil when
// none beat the start), whether the search proved that no roster is
// better, and a lower bound of every roster's objective (minus infinity
// when it proved none).
type searchResult struct {
	best   []int8
	proven bool
	bound  float64
}

// portfolio runs two tree searches at once, one per core, from the pool
// of g, each with its own master and its own order among nodes of equal
// bound (the pricing of each runs on its own core, and the simplex
// method, which takes most of a node's time, cannot share one). They
// share the best roster, which bounds both, and both stop when either
// has gone through its whole tree. improved is called from the calling
// goroutine. It returns the best roster (best when none beat it),
// whether it was proven optimal, and the better of the two searches'
// lower bounds.
func portfolio(g *colgen, st *state, stop func() bool, best []int8, ub int64, improved func([]int8)) searchResult {
	p := st.p
	var mu sync.Mutex
	bound := math.Inf(-1)
	var proven atomic.Bool
	found := make(chan []int8, 8)
	shared := func() int64 {
		mu.Lock()
		defer mu.Unlock()
		return ub
	}
	// each search gets a copy of the state: the caller may change st
	// when it is told of a better roster
	var wg sync.WaitGroup
	for k := range 2 {
		own := newState(p, st.cells, st.pref)
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := newColgen(own, 1)
			h.shallow = k == 1
			h.copyPool(g)
			offer := func(cells []int8) {
				v := newState(p, cells, own.pref).obj()
				mu.Lock()
				defer mu.Unlock()
				if v < ub {
					best, ub = append([]int8(nil), cells...), v
					found <- best // under the lock, so rosters arrive in order
				}
			}
			halt := func() bool { return proven.Load() || stop() }
			tr := h.tree(h.buildMaster(), halt, shared(), 0, offer, shared)
			if tr.complete {
				proven.Store(true)
			}
			mu.Lock()
			bound = max(bound, tr.bound)
			mu.Unlock()
		}()
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	for {
		select {
		case cells := <-found:
			if improved != nil {
				improved(cells)
			}
		case <-done:
			for {
				select {
				case cells := <-found:
					if improved != nil {
						improved(cells)
					}
				default:
					return searchResult{best: best, proven: proven.Load(), bound: bound}
				}
			}
		}
	}
}

// keepAllBut fixes every employee to their schedule in cells except free
// of them, chosen at random.
func (g *colgen) keepAllBut(ms *master, cells []int8, free int, rng *rand.Rand) {
	p := g.p
	perm := rng.Perm(p.nE)
	for _, e := range perm[free:] {
		j, added := g.addColumn(e, cells[e*p.days:(e+1)*p.days])
		if added {
			g.addToMaster(ms, e, j)
		}
		g.fix(ms, e, j)
	}
}

// windowsFunc is a search over windows of days from st's roster:
// windowSearch and sweepWindows, which take the same arguments. first,
// when above zero, is how long the first window's relaxation may take
// before the search gives up (windowSearch only; limit holds otherwise).
type windowsFunc func(st *state, workers int, rng *rand.Rand, windows int, stop func() bool, limit, first time.Duration, clock wijk.Clock, improved func([]int8)) []int8

// windowStarts is where windowSearch's windows of span days start on a
// horizon of days: every cgWindowStep days, and the last one flush with
// the end of the horizon.
func windowStarts(days, span int) []int {
	var starts []int
	for a := 0; a+span < days; a += cgWindowStep {
		starts = append(starts, a)
	}
	return append(starts, days-span)
}

// windowsPerPass is how many windows of the shortest span windowSearch
// makes over a horizon of days: one pass of them over the horizon.
func windowsPerPass(days int) int {
	if days <= cgWindow {
		return 0
	}
	return len(windowStarts(days, cgWindow))
}

// sweepSpan is the length of the windows sweepWindows re-plans first: a
// week, so that each holds one weekend whole. sweepMaxSpan is the
// longest it goes on to once a round of shorter ones finds nothing.
const (
	sweepSpan    = 7
	sweepMaxSpan = 2 * sweepSpan
)

// sweepWindows re-plans a week of everyone's schedules at a time, each
// by its own column generation with every schedule outside the week kept
// (like windowSearch), one week after another and from each weekday in
// turn. On a long horizon where the shortfall gathers on the weekends,
// it lets many employees trade shifts on and around one weekend at once,
// which the local search does only by chance; a week's window is small
// enough to solve in a fraction of a second on a team of 50. A whole
// round of weeks that finds nothing better is followed by rounds of two
// weeks at a time, which can move a run of shifts across the end of a
// week; a better roster found there sends the sweep back to single
// weeks. The sweep ends when a round of two weeks finds nothing better
// (on a horizon of two weeks or less, which has no window of two weeks
// to spare, when a round of weeks does).
// It makes up to windows dives (0: no limit) until stop, calls improved
// with each better roster, and returns the best. With a limit above
// zero, a dive stops after that long, and when the limit stops one
// before its first relaxation was solved, the windows are too large for
// the time and the sweep ends.
func sweepWindows(st *state, workers int, rng *rand.Rand, windows int, stop func() bool, limit, _ time.Duration, clock wijk.Clock, improved func([]int8)) []int8 {
	p := st.p
	best := append([]int8(nil), st.cells...)
	ub := st.obj()
	n := 0
	for span := sweepSpan; span < p.days; {
		gained := false
		for _, off := range rng.Perm(sweepSpan) {
			for a := off; a+span <= p.days; a += span {
				if stop() || (windows > 0 && n >= windows) {
					return best
				}
				n++
				g := newWindowColgen(newState(p, best, st.pref), workers, a, a+span)
				ms := g.buildMaster()
				halt := stop
				if limit > 0 {
					end := wijk.Now(clock).Add(limit)
					halt = func() bool { return stop() || !wijk.Now(clock).Before(end) }
				}
				cells := g.dive(ms, halt, rng, 0, ub-g.offset)
				if !g.rooted && !stop() && halt() {
					return best
				}
				if cells == nil {
					continue
				}
				if v := newState(p, cells, st.pref).obj(); v < ub {
					best, ub, gained = cells, v, true
					if improved != nil {
						improved(best)
					}
				}
			}
		}
		switch {
		case gained:
			span = sweepSpan
		case span >= sweepMaxSpan:
			return best
		default:
			span = sweepMaxSpan
		}
	}
	return best
}

// windowSearch improves st's roster a window of days at a time, for
// horizons too long for one master: everyone's schedule outside the
// window stays as it is, and a dive over the window's master (whose
// pricing programs span the window alone, with the rest of each row as
// their bounds) proposes the window anew. The windows start on whole
// weeks and overlap by half; the short ones come first, each span's in
// turn from a random one. A window whose relaxation shows that it cannot
// improve the roster is passed over until the roster changes; one whose
// dive found nothing better is tried once more with a randomised dive,
// and then passed over too. It makes up to windows dives (0: no limit)
// until stop or until every window is passed over, calls improved with
// each better roster, and returns the best. With a limit above zero, a
// dive stops after that long, and when the limit stops one before its
// first relaxation was solved the windows are too large for the time and
// the search ends; so it does when first is above zero and the first
// window's relaxation is not solved within it. A dive whose relaxation
// the simplex method could not solve counts as a try without success.
func windowSearch(st *state, workers int, rng *rand.Rand, windows int, stop func() bool, limit, first time.Duration, clock wijk.Clock, improved func([]int8)) []int8 {
	p := st.p
	type window struct{ a, b int }
	var list []window
	for span := cgWindow; span < p.days && span <= cgMaxWindow; span += cgWindowStep {
		var these []window
		for _, a := range windowStarts(p.days, span) {
			these = append(these, window{a, a + span})
		}
		k := rng.IntN(len(these))
		list = append(list, these[k:]...)
		list = append(list, these[:k]...)
	}
	best := append([]int8(nil), st.cells...)
	if len(list) == 0 {
		return best
	}
	ub := st.obj()
	// per window since the roster last changed: untried, tried once
	// without success, or done with (shown unable to improve the roster,
	// or tried twice)
	const (
		untried = iota
		failed
		closed
	)
	status := make([]int, len(list))
	for n, i := 0, 0; (windows == 0 || n < windows) && !stop(); i = (i + 1) % len(list) {
		if !slices.Contains(status, untried) && !slices.Contains(status, failed) {
			break
		}
		if status[i] == closed {
			continue
		}
		n++
		w := list[i]
		g := newWindowColgen(newState(p, best, st.pref), workers, w.a, w.b)
		ms := g.buildMaster()
		noise := 0.0
		if status[i] == failed {
			noise = 0.5
		}
		cut := ub - g.offset
		// a dive stops at end; the first one also at rootBy, when its
		// relaxation is not solved by then
		halt := stop
		var end, rootBy time.Time
		if limit > 0 {
			end = wijk.Now(clock).Add(limit)
		}
		if first > 0 && n == 1 {
			rootBy = wijk.Now(clock).Add(first)
		}
		if !end.IsZero() || !rootBy.IsZero() {
			halt = func() bool {
				if stop() {
					return true
				}
				now := wijk.Now(clock)
				return (!end.IsZero() && !now.Before(end)) || (!rootBy.IsZero() && !g.rooted && !now.Before(rootBy))
			}
		}
		cells := g.dive(ms, halt, rng, noise, cut)
		if !g.rooted && !stop() && halt() {
			break
		}
		if cells != nil {
			if v := newState(p, cells, st.pref).obj(); v < ub {
				best, ub = cells, v
				clear(status)
				if improved != nil {
					improved(best)
				}
				continue
			}
		}
		status[i]++
		if g.rooted && g.bound > float64(cut)-1+cgPrune {
			status[i] = closed
		}
	}
	return best
}
