package roster

import "math"

// This file is a small revised simplex method for the master problem of
// column generation: minimise c·x subject to A·x = b and x ≥ 0, where A
// has few rows (employees plus cover rows, a few hundred at most) and
// sparse columns that arrive over time. The basis inverse is kept dense
// and updated pivot by pivot, and rebuilt from the basis when rounding
// errors show, so that they do not pile up.

const (
	lpTol = 1e-9
	// The inverse is rebuilt from the basis when rounding shows, not on
	// a fixed count. Every lpCheck pivots the method measures how far the
	// updated values miss A·x = b (rebuilding above lpDrift in a row) and
	// the updated duals miss a zero reduced cost on a basic column (above
	// lpDualDrift); it rebuilds after lpRefactor pivots at the latest. A
	// rebuild costs about m³, a check about the nonzeros of the basis. On
	// Instance12 (340 rows) a rebuild every 300 pivots, as before, took
	// half of the simplex method's time, while the basic values it
	// replaced missed A·x = b by 6·10⁻¹³ in the median and 3·10⁻⁸ at
	// worst. The duals drift faster (10⁻⁷ typically, and up to 8·10⁻⁶
	// within 100 pivots on a random master of that size), hence their
	// looser bound. An optimum is reported only after a check that holds
	lpCheck     = 100
	lpDrift     = 1e-9
	lpDualDrift = 1e-6
	lpRefactor  = 3000
	lpPerturb   = 1e-5
	// a rebuild that finds a basic value below -lpLost restarts the
	// method from its first basis, at most lpRestarts times a solve;
	// after that the solve fails
	lpLost     = 1e-6
	lpRestarts = 1
	// lpDj is the least improvement per unit a column must promise to
	// enter, and lpCandidates how many columns partial pricing keeps
	lpDj         = 1e-7
	lpCandidates = 32
	// a column whose reduced cost is above lpDear in lpPark full scans
	// in a row is parked
	lpDear = 1e-3
	lpPark = 4
)

// candidates are the columns partial pricing keeps: up to lpCandidates
// of the most negative reduced costs seen in a full scan.
type candidates struct {
	j     []int
	rc    []float64
	worst int // index of the least negative, once the list is full
}

func (c *candidates) reset() { c.j, c.rc, c.worst = c.j[:0], c.rc[:0], 0 }

// offer keeps column j with reduced cost v when it is among the most
// negative seen.
func (c *candidates) offer(j int, v float64) {
	if len(c.j) < lpCandidates {
		c.j, c.rc = append(c.j, j), append(c.rc, v)
		if v > c.rc[c.worst] {
			c.worst = len(c.j) - 1
		}
		return
	}
	if v >= c.rc[c.worst] {
		return
	}
	c.j[c.worst], c.rc[c.worst] = j, v
	for i, r := range c.rc {
		if r > c.rc[c.worst] {
			c.worst = i
		}
	}
}

// lpCol is one column of A with its cost.
type lpCol struct {
	cost float64
	idx  []int32
	val  []float64
}

// lp is a master problem and its current basis. Column j < m is the
// starting column of row j (coefficient ±1), so that the first basis is
// the identity up to signs.
type lp struct {
	m    int
	cols []lpCol
	dead []bool // per column: banned from the basis
	// per column: parked (left out of the scans for an entering column
	// until nothing else can enter), and full scans in a row it was dear
	parked []bool
	idle   []uint8
	rhs    []float64
	eps    []float64 // per row: the perturbation added to rhs
	basis  []int     // per row, the basic column
	binv   []float64 // m×m, row-major
	x      []float64 // per row, the basic column's value
	dual   []float64
	d      []float64 // scratch: the entering column through binv
	ab     []float64 // scratch: A·x, see ax
	pivot  int       // pivots since the last rebuild
}

// newLP returns a problem with m rows and right-hand side rhs; start[r]
// is the cost of row r's starting column, whose coefficient takes the
// sign of rhs[r], so that the first basis is feasible.
func newLP(rhs, start []float64) *lp {
	m := len(rhs)
	l := &lp{m: m, rhs: rhs, basis: make([]int, m), binv: make([]float64, m*m), x: make([]float64, m), dual: make([]float64, m), d: make([]float64, m)}
	// the master is highly degenerate; a small fixed perturbation of the
	// right-hand side keeps the simplex method from stalling on ties
	eps := make([]float64, m)
	for r := range rhs {
		eps[r] = lpPerturb * float64(1+(r*7919)%97) / 97
		rhs[r] += eps[r]
	}
	l.eps = eps
	for r := range m {
		v := 1.0
		if rhs[r] < 0 {
			v = -1
		}
		l.cols = append(l.cols, lpCol{cost: start[r], idx: []int32{int32(r)}, val: []float64{v}})
		l.dead = append(l.dead, false)
		l.parked, l.idle = append(l.parked, false), append(l.idle, 0)
	}
	l.restart()
	return l
}

// add appends a column and returns its index.
func (l *lp) add(c lpCol) int {
	l.cols = append(l.cols, c)
	l.dead = append(l.dead, false)
	l.parked, l.idle = append(l.parked, false), append(l.idle, 0)
	return len(l.cols) - 1
}

// unban lets column j back, at cost.
func (l *lp) unban(j int, cost float64) {
	l.dead[j], l.parked[j], l.idle[j] = false, false, 0
	l.cols[j].cost = cost
}

// ban keeps column j out of the solution from now on: it never enters
// the basis again, and if it is basic its cost drives it out.
func (l *lp) ban(j int, cost float64) {
	l.dead[j] = true
	l.cols[j].cost = cost
}

// duals computes y = c_B·B⁻¹ into l.dual.
func (l *lp) duals() {
	m := l.m
	for j := range m {
		l.dual[j] = 0
	}
	for r := range m {
		cb := l.cols[l.basis[r]].cost
		if cb == 0 {
			continue
		}
		row := l.binv[r*m : (r+1)*m]
		for j, v := range row {
			l.dual[j] += cb * v
		}
	}
}

func (l *lp) reduced(j int) float64 {
	c := &l.cols[j]
	rc := c.cost
	for t, i := range c.idx {
		rc -= l.dual[i] * c.val[t]
	}
	return rc
}

// solve runs the simplex method from the current basis to an optimum,
// or until maxPivots pivots, or until stop (asked every lpCheck pivots;
// nil: never) says so. It reports false when it stopped early, when
// rounding took the basis out of the feasible region more than
// lpRestarts times (see refactor), or when the problem is unbounded
// (which a master with costed slacks never is).
func (l *lp) solve(maxPivots int, stop func() bool) bool {
	m := l.m
	var inBasis []bool
	mark := func() {
		inBasis = make([]bool, len(l.cols))
		for _, j := range l.basis {
			inBasis[j] = true
		}
	}
	mark()
	degenerate, restarts := 0, 0
	var cand candidates
	var nz []int32
	// fresh asks for the duals from scratch (at the start and after a
	// rebuild); in between, each pivot updates them
	fresh := true
	// rebuild asks for a rebuild before the next pivot (an optimum whose
	// values or duals drifted)
	rebuild := false
	for it := 0; it < maxPivots; it++ {
		check := l.pivot > 0 && l.pivot%lpCheck == 0
		// a large master's solve can outlast the time budget many times
		// over: the deadline is asked with every check of the accuracy
		if check && stop != nil && stop() {
			return false
		}
		// the duals are measured only when this solve has them up to date
		if rebuild || l.pivot >= lpRefactor || (check && l.drift(!fresh)) {
			rebuild = false
			if !l.refactor() {
				// the basis lost its feasibility: start again from the
				// first basis, keeping every column
				l.restart()
				restarts++
				if restarts > lpRestarts {
					return false
				}
				mark()
				degenerate = 0
				cand.reset()
			}
			fresh = true
		}
		if fresh {
			l.duals()
			fresh = false
		}
		// entering column: the most negative reduced cost, or after a run
		// of degenerate pivots the first negative one (Bland's rule, which
		// cannot cycle). Outside Bland's rule, a full scan keeps the most
		// negative columns as candidates, and the next pivots choose among
		// those alone until none is left (partial pricing); only a full
		// scan that finds nothing ends the method.
		q, best := -1, -lpDj
		bland := degenerate > 50
		if !bland {
			kept := cand.j[:0]
			for _, j := range cand.j {
				if inBasis[j] || l.dead[j] {
					continue
				}
				if rc := l.reduced(j); rc < -lpDj {
					kept = append(kept, j)
					if rc < best {
						q, best = j, rc
					}
				}
			}
			// what is kept no longer needs its scan-time cost
			cand.j, cand.rc = kept, cand.rc[:0]
		}
		if q < 0 {
			cand.reset()
			for j := range l.cols {
				if inBasis[j] || l.dead[j] || (l.parked[j] && !bland) {
					continue
				}
				rc := l.reduced(j)
				if rc >= -lpDj {
					// a column that stays dear is parked: scanned only
					// when nothing else can enter
					if rc > lpDear {
						if l.idle[j]++; l.idle[j] >= lpPark {
							l.parked[j] = true
						}
					} else {
						l.idle[j] = 0
					}
					continue
				}
				l.idle[j] = 0
				if rc < best {
					q, best = j, rc
					if bland {
						break
					}
				}
				if !bland {
					cand.offer(j, rc)
				}
			}
		}
		if q < 0 && !bland {
			for j := range l.cols {
				if !l.parked[j] || inBasis[j] || l.dead[j] {
					continue
				}
				if rc := l.reduced(j); rc < -lpDj {
					l.parked[j], l.idle[j] = false, 0
					cand.offer(j, rc)
					if rc < best {
						q, best = j, rc
					}
				}
			}
		}
		if q < 0 {
			// the optimum is checked as well: values or duals that have
			// drifted are rebuilt, and the pricing runs again on them
			if l.pivot > 0 && l.drift(true) {
				rebuild = true
				continue
			}
			return true
		}
		c := &l.cols[q]
		for r := range m {
			v := 0.0
			row := l.binv[r*m : (r+1)*m]
			for t, i := range c.idx {
				v += row[i] * c.val[t]
			}
			l.d[r] = v
		}
		p := -1
		ratio := math.Inf(1)
		for r := range m {
			if l.d[r] > lpTol {
				t := l.x[r] / l.d[r]
				tie := t < ratio+lpTol
				if bland {
					tie = tie && (p < 0 || l.basis[r] < l.basis[p])
				} else {
					tie = tie && (p < 0 || l.d[r] > l.d[p])
				}
				if t < ratio-lpTol || tie {
					ratio, p = t, r
				}
			}
		}
		if p < 0 {
			return false
		}
		// a pivot that does not improve the objective measurably counts as
		// degenerate, so that rounding noise cannot keep Bland's rule off
		if ratio*-best < 1e-7 {
			degenerate++
		} else {
			degenerate = 0
		}
		ratio = max(ratio, 0)
		piv := l.d[p]
		prow := l.binv[p*m : (p+1)*m]
		// the pivot row is sparse: only its nonzeros update the others
		nz = nz[:0]
		for j := range prow {
			if prow[j] != 0 {
				prow[j] /= piv
				nz = append(nz, int32(j))
			}
		}
		l.x[p] = ratio
		for r := range m {
			if r == p || l.d[r] == 0 {
				continue
			}
			f := l.d[r]
			row := l.binv[r*m : (r+1)*m]
			for _, j := range nz {
				row[j] -= f * prow[j]
			}
			l.x[r] = max(l.x[r]-f*ratio, 0)
		}
		// the duals follow the basis: y' = y + d_q·(new pivot row of B⁻¹)
		for _, j := range nz {
			l.dual[j] += best * prow[j]
		}
		inBasis[l.basis[p]] = false
		inBasis[q] = true
		l.basis[p] = q
		l.pivot++
	}
	return false
}

// ax returns A·x for the basic values (the others are zero), in a slice
// of its own that the next call overwrites.
func (l *lp) ax() []float64 {
	if l.ab == nil {
		l.ab = make([]float64, l.m)
	}
	ax := l.ab
	clear(ax)
	for r, j := range l.basis {
		c := &l.cols[j]
		for t, i := range c.idx {
			ax[i] += c.val[t] * l.x[r]
		}
	}
	return ax
}

// drift reports whether the updated basis misses what it should hold by
// more than rounding allows: |b − B·x| above lpDrift in a row or, with
// duals, |c_j − y·a_j| above lpDualDrift for a basic column j. Both are
// zero in exact arithmetic.
func (l *lp) drift(duals bool) bool {
	if duals {
		for _, j := range l.basis {
			if math.Abs(l.reduced(j)) > lpDualDrift {
				return true
			}
		}
	}
	for i, v := range l.ax() {
		if math.Abs(l.rhs[i]-v) > lpDrift {
			return true
		}
	}
	return false
}

// restart makes the starting columns the basis: the identity up to
// signs, so its inverse is itself and its values are b's magnitudes.
func (l *lp) restart() {
	m := l.m
	clear(l.binv)
	for r := range m {
		v := l.cols[r].val[0]
		l.basis[r] = r
		l.binv[r*m+r] = v
		l.x[r] = l.rhs[r] * v
	}
	l.pivot = 0
}

// refactor rebuilds B⁻¹ from the basic columns by Gauss–Jordan
// elimination with partial pivoting, and the basic values from it. It
// reports false when a basic value comes out below -lpLost: the updates
// since the last rebuild had kept it at zero or above, so rounding has
// taken the basis out of the feasible region. The updates cut small
// negative values to zero, and each degenerate pivot on a small element
// magnifies what was cut. On a 28-day master of 624 rows (120 employees,
// 18 shift types), rebuilds found basic values down to -0.59, and from
// then on the objective of the minimisation rose (from 578 past 100,000)
// while the method spun until the search gave up on it.
func (l *lp) refactor() bool {
	m := l.m
	a := make([]float64, m*m)
	for r, j := range l.basis {
		c := &l.cols[j]
		for t, i := range c.idx {
			a[int(i)*m+r] = c.val[t]
		}
	}
	inv := make([]float64, m*m)
	for r := range m {
		inv[r*m+r] = 1
	}
	var nzA, nzI []int32
	for col := range m {
		p := col
		for r := col + 1; r < m; r++ {
			if math.Abs(a[r*m+col]) > math.Abs(a[p*m+col]) {
				p = r
			}
		}
		if math.Abs(a[p*m+col]) < 1e-12 {
			// singular (rounding): keep the updated inverse, and try
			// again only after another full round of pivots
			l.pivot = 0
			return true
		}
		if p != col {
			for j := range m {
				a[p*m+j], a[col*m+j] = a[col*m+j], a[p*m+j]
				inv[p*m+j], inv[col*m+j] = inv[col*m+j], inv[p*m+j]
			}
		}
		f := 1 / a[col*m+col]
		// the rows are sparse: only the pivot row's nonzeros update
		// the others
		nzA, nzI = nzA[:0], nzI[:0]
		for j := range m {
			if a[col*m+j] != 0 {
				a[col*m+j] *= f
				nzA = append(nzA, int32(j))
			}
			if inv[col*m+j] != 0 {
				inv[col*m+j] *= f
				nzI = append(nzI, int32(j))
			}
		}
		for r := range m {
			if r == col {
				continue
			}
			g := a[r*m+col]
			if g == 0 {
				continue
			}
			for _, j := range nzA {
				a[r*m+int(j)] -= g * a[col*m+int(j)]
			}
			for _, j := range nzI {
				inv[r*m+int(j)] -= g * inv[col*m+int(j)]
			}
		}
	}
	copy(l.binv, inv)
	feasible := true
	for r := range m {
		v := 0.0
		row := inv[r*m : (r+1)*m]
		for j, b := range l.rhs {
			v += row[j] * b
		}
		if v < -lpLost {
			feasible = false
		}
		l.x[r] = max(v, 0)
	}
	l.pivot = 0
	return feasible
}

// value returns c·x at the current basis, less the first-order effect
// of the perturbation (the duals times it), which at an optimal basis
// is the value of the problem as posed.
func (l *lp) value() float64 {
	v := 0.0
	for r, j := range l.basis {
		v += l.cols[j].cost * l.x[r]
	}
	l.duals()
	for r, e := range l.eps {
		v -= l.dual[r] * e
	}
	return v
}

// dualValue returns y·b, b being the right-hand side without its
// perturbation: for duals y under which no column of the problem has a
// negative reduced cost, a lower bound of its value (weak duality).
func (l *lp) dualValue(y []float64) float64 {
	v := 0.0
	for r, b := range l.rhs {
		v += y[r] * (b - l.eps[r])
	}
	return v
}
