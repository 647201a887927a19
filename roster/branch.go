package roster

import (
	"cmp"
	"math"
	"slices"
)

// This file is branch and price: a tree search over the master problem of
// colgen.go that, given the time, finds the best roster and proves it.
//
// A branch decides cells of the roster: employee e works choice o (a
// shift type, or the day off) on day d, or does not. The decisions of a
// node ban the pooled schedules that break them from the master, and the
// pricing program searches only schedules that keep them, so a node's
// relaxation is exact for the rosters below it. Its value, or while the
// generation is still running its Lagrangian bound, cuts the node off
// when it shows that nothing below beats the best roster by a whole unit
// (costs are whole numbers).
//
// The search dives: at each node it takes the employee the relaxation is
// surest of (whose favourite schedule has the largest share short of
// one) and gives them that schedule on the days where it is not yet
// whole, decision by decision. The alternatives are kept: for each of
// those days, the decisions before it taken and its own refused, so that
// the children together cover every roster of the node. When a dive ends
// (its bound cuts it off, or its relaxation is whole), the search goes on
// from the kept node of least bound (the deepest of those, on a tie). At
// every node, the roster made of each employee's favourite schedule is
// tried as a new best. Following whole schedules this way keeps to the
// relaxation much better than deciding single cells by their share,
// which on the benchmark drifted into poor rosters.

// cgBranch is one decision of the tree: employee e takes choice o (index
// into a day's choices: 0 is the day off, 1+k shift type k) on day d when
// take is set, and any other choice when it is not.
type cgBranch struct {
	e, d, o int
	take    bool
}

// treeResult is what a tree search found.
type treeResult struct {
	best []int8 // the best roster found, or nil when none beat ub
	// complete is set when the search settled the whole tree, so that no
	// roster is better than best (or than ub, when best is nil): every
	// node was searched or ruled out by its bound
	complete bool
	nodes    int
	// bound is a lower bound of every roster, in the master's units:
	// the least of ub (or best) and the bounds of the nodes the search
	// left (minus infinity when one of them has none)
	bound float64
}

// cellIndex is the index of (e, d, o) into g.allow.
func (g *colgen) cellIndex(e, d, o int) int {
	p := g.p
	return (e*p.days+d)*(p.nS+1) + o
}

// apply narrows g.allow by br.
func (g *colgen) apply(br cgBranch) {
	base := g.cellIndex(br.e, br.d, 0)
	if !br.take {
		g.allow[base+br.o] = false
		return
	}
	for o := 0; o <= g.p.nS; o++ {
		if o != br.o {
			g.allow[base+o] = false
		}
	}
}

// clearCell undoes every decision on employee e's day d.
func (g *colgen) clearCell(e, d int) {
	base := g.cellIndex(e, d, 0)
	for o := 0; o <= g.p.nS; o++ {
		g.allow[base+o] = true
	}
}

// keeps reports whether schedule row of e keeps every decision.
func (g *colgen) keeps(e int, row []int8) bool {
	if g.allow == nil {
		return true
	}
	for d, k := range row {
		if !g.allow[g.cellIndex(e, d, int(k)+1)] {
			return false
		}
	}
	return true
}

// syncBans bans e's pooled schedules that break the decisions or e's
// fixed schedule, and lets back those that keep them.
func (g *colgen) syncBans(ms *master, e int) {
	for _, col := range ms.cols[e] {
		j := ms.colJ[col]
		c := &g.pool[e][j]
		switch ok := g.keeps(e, c.cells) && (g.fixed[e] < 0 || g.fixed[e] == j); {
		case !ok && !ms.lp.dead[col]:
			ms.lp.ban(col, 2*cgBigM)
		case ok && ms.lp.dead[col]:
			ms.lp.unban(col, float64(c.cost))
		}
	}
}

// treeNode is a node of the tree not searched yet: the decisions that
// lead to it, and a lower bound of every roster below it.
type treeNode struct {
	path []cgBranch
	lb   float64
	seq  int // the order in which nodes were kept
}

// before reports whether the search takes a before b: the lower bound
// first, then the deeper node, then the one kept last. Among equal
// bounds that prefers the alternatives nearest to the dive just ended,
// which the master reaches in fewer pivots. With shallow, it prefers the
// node nearer the root instead, then the one kept first, which spreads
// the search wider; each order found better rosters sooner than the
// other on some instances of the benchmark.
func (a *treeNode) before(b *treeNode, shallow bool) bool {
	if a.lb != b.lb {
		return a.lb < b.lb
	}
	if len(a.path) != len(b.path) {
		return (len(a.path) > len(b.path)) != shallow
	}
	return (a.seq > b.seq) != shallow
}

// tree runs branch and price from the master's pool until the tree is
// done, stop says so, or maxNodes nodes (0: no limit) were solved,
// calling improved with each roster better than ub and those before it.
// When shared is set, it gives at every node the objective of the best
// roster found by any search, which then bounds this one too. ub and
// shared are in the master's units: a roster's objective less g.offset
// (which only a window has). It dives: from a node it follows the side
// of each decision that the relaxation leans to, and keeps the other
// side for later; when a dive ends, it goes on from the kept node of
// least bound.
func (g *colgen) tree(ms *master, stop func() bool, ub int64, maxNodes int, improved func([]int8), shared func() int64) treeResult {
	p := g.p
	n := p.nE * p.days * (p.nS + 1)
	g.allow = make([]bool, n)
	for i := range g.allow {
		g.allow[i] = true
	}
	defer func() {
		g.allow = nil
		for e := range p.nE {
			g.syncBans(ms, e)
		}
	}()
	var res treeResult
	var path []cgBranch
	var open []treeNode
	kept := 0
	parentLB := math.Inf(-1)
	// left is the least bound of the nodes searched no further without
	// being cut off when they were met: those whose relaxation was cut
	// short, and those with nothing to branch on; the search proves the
	// best roster only once ub is within a unit of it
	left := math.Inf(1)
	// floor sets res.bound from ub, left, the open nodes and cur, the
	// bound of the node at hand (plus infinity when there is none); the
	// search is complete when that bound leaves no roster better than ub,
	// which also holds when time runs out just as the last node is
	// settled
	floor := func(cur float64) {
		if shared != nil {
			ub = min(ub, shared())
		}
		res.bound = min(float64(ub), left, cur)
		for _, nd := range open {
			res.bound = min(res.bound, nd.lb)
		}
		res.complete = res.bound > float64(ub)-1+cgPrune
	}
	frac := make([]float64, n)
	cells := make([]int8, p.nE*p.days)
	pick := make([]int, p.nE)
	weight := make([]float64, p.nE)
	for maxNodes == 0 || res.nodes < maxNodes {
		res.nodes++
		if shared != nil {
			ub = min(ub, shared())
		}
		lb, finished, solved := g.generate(ms, stop, cgRounds, float64(ub)-1+cgPrune)
		lb = max(lb, parentLB)
		if stop() {
			floor(lb)
			return res
		}
		exact := finished && solved
		// a node whose relaxation was cut short is searched no further;
		// its bound, though short of the relaxation's, still holds
		if !exact {
			left = min(left, lb)
		}
		leaf := !exact || lb > float64(ub)-1+cgPrune
		if !leaf {
			// the schedule each employee holds most of is a roster;
			// when the relaxation is whole, it is the node's best one
			g.favourites(ms, pick, weight)
			whole, all := true, true
			for e, j := range pick {
				if j < 0 {
					whole, all = false, false
					break
				}
				whole = whole && weight[e] >= cgSettled
				copy(cells[e*p.days:], g.pool[e][j].cells)
			}
			if all {
				if v := newState(p, cells, g.st.pref).obj() - g.offset; v < ub {
					ub = v
					res.best = append(res.best[:0], cells...)
					if improved != nil {
						improved(res.best)
					}
				}
			}
			brs := g.branchSchedule(ms, frac, pick, weight)
			if whole || len(brs) == 0 {
				// nothing to branch on: the bound must settle the node,
				// which it does unless pricing to rounded duals leaves it
				// short of the roster just found by a whole unit
				leaf = true
				left = min(left, lb)
			} else {
				// the children: every decision of brs taken, followed
				// now, and for each i, the first i taken and the next not
				for i, br := range brs {
					child := append(slices.Clone(path), brs[:i]...)
					br.take = false
					open = append(open, treeNode{path: append(child, br), lb: lb, seq: kept})
					kept++
				}
				path = append(path, brs...)
				for _, br := range brs {
					g.apply(br)
				}
				g.syncBans(ms, brs[0].e)
				parentLB = lb
				continue
			}
		}
		// go on from the kept node of least bound that may still beat ub
		next := -1
		for i, nd := range open {
			if nd.lb <= float64(ub)-1+cgPrune && (next < 0 || nd.before(&open[next], g.shallow)) {
				next = i
			}
		}
		if next < 0 {
			floor(math.Inf(1))
			return res
		}
		nd := open[next]
		open[next] = open[len(open)-1]
		open = open[:len(open)-1]
		g.follow(ms, path, nd.path)
		path, parentLB = nd.path, nd.lb
	}
	// the node at hand is not searched yet: its parent's bound holds
	floor(parentLB)
	return res
}

// follow moves the decisions from path from to path to, and updates the
// bans of the employees whose decisions changed.
func (g *colgen) follow(ms *master, from, to []cgBranch) {
	touched := make([]bool, g.p.nE)
	for _, br := range from {
		g.clearCell(br.e, br.d)
		touched[br.e] = true
	}
	for _, br := range to {
		g.apply(br)
		touched[br.e] = true
	}
	for e, t := range touched {
		if t {
			g.syncBans(ms, e)
		}
	}
}

// branchSchedule chooses what to branch on: the employee nearest to
// settled (whose favourite schedule has the largest share short of
// one), and the days on which that schedule is not yet whole in the
// relaxation. It returns, least whole first, the decisions that give
// the employee that schedule on those days, or nothing when every cell
// is whole. frac is scratch space; pick and weight hold each employee's
// favourite schedule and its share.
func (g *colgen) branchSchedule(ms *master, frac []float64, pick []int, weight []float64) []cgBranch {
	for i := range frac {
		frac[i] = 0
	}
	for r, col := range ms.lp.basis {
		e := ms.colE[col]
		if e < 0 || ms.lp.x[r] <= 0 {
			continue
		}
		for d, k := range g.pool[e][ms.colJ[col]].cells {
			frac[g.cellIndex(e, d, int(k)+1)] += ms.lp.x[r]
		}
	}
	var out []cgBranch
	var share []float64
	for {
		best := -1
		for e, j := range pick {
			if j >= 0 && weight[e] < cgSettled && (best < 0 || weight[e] > weight[best]) {
				best = e
			}
		}
		if best < 0 {
			return nil
		}
		for d, k := range g.pool[best][pick[best]].cells {
			i := g.cellIndex(best, d, int(k)+1)
			if frac[i] < cgSettled && !g.decided(i-int(k)-1) {
				out = append(out, cgBranch{e: best, d: d, o: int(k) + 1, take: true})
				share = append(share, frac[i])
			}
		}
		if len(out) > 0 {
			break
		}
		// that schedule is whole wherever it is not decided: try the next
		weight[best] = 1
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(share[a], share[b]) })
	sorted := make([]cgBranch, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted
}

// decided reports whether the decisions leave one choice at the cell
// whose choices start at g.allow[base]: branching on it again would
// change nothing (its share is short of one only where the master still
// leaves the employee partly without a schedule).
func (g *colgen) decided(base int) bool {
	n := 0
	for _, ok := range g.allow[base : base+g.p.nS+1] {
		if ok {
			n++
		}
	}
	return n <= 1
}
