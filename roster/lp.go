package roster

import "math"

// This file is a small revised simplex method for the master problem of
// column generation: minimise c·x subject to A·x = b and x ≥ 0, where A
// has few rows (employees plus cover rows, a few hundred at most) and
// sparse columns that arrive over time. The basis inverse is kept dense
// and updated pivot by pivot, and rebuilt from the basis now and then so
// that rounding errors do not pile up.

const (
	lpTol      = 1e-9
	lpRefactor = 100
	lpPerturb  = 1e-5
)

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
	m     int
	cols  []lpCol
	dead  []bool // per column: banned from the basis
	rhs   []float64
	eps   []float64 // per row: the perturbation added to rhs
	basis []int     // per row, the basic column
	binv  []float64 // m×m, row-major
	x     []float64 // per row, the basic column's value
	dual  []float64
	d     []float64 // scratch: the entering column through binv
	pivot int       // pivots since the last rebuild
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
		l.basis[r] = r
		l.binv[r*m+r] = v
		l.x[r] = rhs[r] * v
	}
	return l
}

// add appends a column and returns its index.
func (l *lp) add(c lpCol) int {
	l.cols = append(l.cols, c)
	l.dead = append(l.dead, false)
	return len(l.cols) - 1
}

// unban lets column j back, at cost.
func (l *lp) unban(j int, cost float64) {
	l.dead[j] = false
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
// or until maxPivots pivots. It reports false when it stopped early or
// the problem is unbounded (which a master with costed slacks never is).
func (l *lp) solve(maxPivots int) bool {
	m := l.m
	inBasis := make([]bool, len(l.cols))
	for _, j := range l.basis {
		inBasis[j] = true
	}
	degenerate := 0
	for it := 0; it < maxPivots; it++ {
		if l.pivot >= lpRefactor {
			l.refactor()
		}
		l.duals()
		// entering column: the most negative reduced cost, or after a run
		// of degenerate pivots the first negative one (Bland's rule, which
		// cannot cycle)
		q, best := -1, -1e-7
		bland := degenerate > 50
		for j := range l.cols {
			if inBasis[j] || l.dead[j] {
				continue
			}
			if rc := l.reduced(j); rc < best {
				q, best = j, rc
				if bland {
					break
				}
			}
		}
		if q < 0 {
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
		for j := range prow {
			prow[j] /= piv
		}
		l.x[p] = ratio
		for r := range m {
			if r == p || l.d[r] == 0 {
				continue
			}
			f := l.d[r]
			row := l.binv[r*m : (r+1)*m]
			for j, v := range prow {
				row[j] -= f * v
			}
			l.x[r] = max(l.x[r]-f*ratio, 0)
		}
		inBasis[l.basis[p]] = false
		inBasis[q] = true
		l.basis[p] = q
		l.pivot++
	}
	return false
}

// refactor rebuilds B⁻¹ from the basic columns by Gauss–Jordan
// elimination with partial pivoting, and the basic values from it.
func (l *lp) refactor() {
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
			return
		}
		if p != col {
			for j := range m {
				a[p*m+j], a[col*m+j] = a[col*m+j], a[p*m+j]
				inv[p*m+j], inv[col*m+j] = inv[col*m+j], inv[p*m+j]
			}
		}
		f := 1 / a[col*m+col]
		for j := range m {
			a[col*m+j] *= f
			inv[col*m+j] *= f
		}
		for r := range m {
			if r == col {
				continue
			}
			g := a[r*m+col]
			if g == 0 {
				continue
			}
			for j := range m {
				a[r*m+j] -= g * a[col*m+j]
				inv[r*m+j] -= g * inv[col*m+j]
			}
		}
	}
	copy(l.binv, inv)
	for r := range m {
		v := 0.0
		row := inv[r*m : (r+1)*m]
		for j, b := range l.rhs {
			v += row[j] * b
		}
		l.x[r] = max(v, 0)
	}
	l.pivot = 0
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
