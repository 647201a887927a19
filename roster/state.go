package roster

// hardW is what one unit of hard-rule magnitude costs in the search
// objective: far more than any soft gain a single move can make, so the
// search leaves infeasible rosters quickly but may cross them.
const hardW = 100_000

// state is the incremental evaluation the solver and the Evaluator work
// on: the roster cells, the cover counts, and each employee's hard
// magnitude, kept up to date move by move.
type state struct {
	p      *Problem
	cells  []int8
	pref   []int32 // request costs per option (plus change costs in repair)
	counts []int32 // per cover row
	mag    []int32 // per employee: hard magnitude
	cnt    []int32 // per employee: number of violations
	soft   int64   // requests (+ change costs) + cover
	hard   int64   // sum of mag
	nviol  int64   // sum of cnt
}

func newState(p *Problem, cells []int8, pref []int32) *state {
	s := &state{p: p, cells: append([]int8(nil), cells...), pref: pref}
	s.recompute()
	return s
}

func (s *state) recompute() {
	p := s.p
	s.counts = p.coverCounts(s.cells)
	s.soft, s.hard = 0, 0
	for i, row := range p.rows {
		s.soft += rowCost(&row, s.counts[i])
	}
	for e := range p.nE {
		for d := range p.days {
			s.soft += int64(s.pref[(e*p.days+d)*(p.nS+1)+int(s.cells[e*p.days+d])+1])
		}
	}
	if s.mag == nil {
		s.mag = make([]int32, p.nE)
		s.cnt = make([]int32, p.nE)
	}
	s.nviol = 0
	for e := range p.nE {
		c, m := s.hardOf(e)
		s.mag[e], s.cnt[e] = int32(m), int32(c)
		s.hard += int64(m)
		s.nviol += int64(c)
	}
}

func (s *state) obj() int64 { return s.soft + hardW*s.hard }

func (s *state) row(e int) []int8 { return s.cells[e*s.p.days : (e+1)*s.p.days] }

func rowCost(r *coverRow, n int32) int64 {
	if n < r.req {
		return int64(r.under * (r.req - n))
	}
	return int64(r.over * (n - r.req))
}

// coverDelta is the change in cover cost when employee e moves on day d
// from option from to option to (offCell or a shift), counts unchanged.
func (s *state) coverDelta(e, d int, from, to int8) int64 {
	if from == to {
		return 0
	}
	p := s.p
	var delta int64
	if from >= 0 {
		for _, i := range p.rowsAt[d*p.nS+int(from)] {
			if p.qualifies(e, i) {
				r := &p.rows[i]
				delta += rowCost(r, s.counts[i]-1) - rowCost(r, s.counts[i])
			}
		}
	}
	if to >= 0 {
		for _, i := range p.rowsAt[d*p.nS+int(to)] {
			if p.qualifies(e, i) {
				r := &p.rows[i]
				n := s.counts[i]
				delta += rowCost(r, n+1) - rowCost(r, n)
			}
		}
	}
	return delta
}

// prefAt is the request (and change) cost of option k on (e, d).
func (s *state) prefAt(e, d int, k int8) int64 {
	return int64(s.pref[(e*s.p.days+d)*(s.p.nS+1)+int(k)+1])
}

// softDelta is the soft change of setting (e, d) to k.
func (s *state) softDelta(e, d int, k int8) int64 {
	from := s.cells[e*s.p.days+d]
	if from == k {
		return 0
	}
	return s.coverDelta(e, d, from, k) + s.prefAt(e, d, k) - s.prefAt(e, d, from)
}

// set changes (e, d) to k, updating cover counts and the soft part; the
// caller refreshes the employee's hard magnitude with refresh.
func (s *state) set(e, d int, k int8) {
	i := e*s.p.days + d
	from := s.cells[i]
	if from == k {
		return
	}
	s.soft += s.softDelta(e, d, k)
	p := s.p
	if from >= 0 {
		for _, r := range p.rowsAt[d*p.nS+int(from)] {
			if p.qualifies(e, r) {
				s.counts[r]--
			}
		}
	}
	if k >= 0 {
		for _, r := range p.rowsAt[d*p.nS+int(k)] {
			if p.qualifies(e, r) {
				s.counts[r]++
			}
		}
	}
	s.cells[i] = k
}

// refresh recomputes employee e's hard magnitude and returns the change.
func (s *state) refresh(e int) int64 {
	c, m := s.hardOf(e)
	d := int64(int32(m) - s.mag[e])
	s.mag[e] = int32(m)
	s.hard += d
	s.nviol += int64(int32(c) - s.cnt[e])
	s.cnt[e] = int32(c)
	return d
}

// hardOf returns the number of violations and the hard magnitude of
// employee e's row.
func (s *state) hardOf(e int) (count, mag int) { return s.p.hardRow(e, s.row(e)) }

// hardRow returns the number of violations and the hard magnitude of row
// as employee e's schedule: the same rules and measure as scan, written
// without explanations for speed.
func (p *Problem) hardRow(e int, row []int8) (count, mag int) {
	c := &p.emp[e]
	H := p.days
	var perShift [MaxShifts]int32
	minutes, we := 0, 0
	lastWE := int32(-1)
	noHist := len(c.hist) == 0
	prev := c.histLast
	curWork, n, start := false, 0, 0
	if !noHist {
		curWork = c.histLast >= 0
		n = c.histOff
		if curWork {
			n = c.histWork
		}
	}
	pins := p.pin[e*H : (e+1)*H]
	for d := range H {
		k := row[d]
		w := k >= 0
		if (d > 0 || !noHist) && w == curWork {
			n++
		} else {
			if d > 0 {
				if m := c.runMag(curWork, n, start == 0 && noHist); m > 0 {
					mag += m
					count++
				}
			}
			curWork, n, start = w, 1, d
		}
		if w {
			if prev >= 0 && p.forbid[int(prev)*p.nS+int(k)] {
				mag++
				count++
			}
			perShift[k]++
			minutes += p.length[k]
			if c.dayOff[d] {
				mag++
				count++
			}
			if wk := p.weekendOf[d]; wk >= 0 && wk != lastWE {
				we++
				lastWE = wk
			}
		}
		if pk := pins[d]; pk != noPin && pk != k {
			mag++
			count++
		}
		prev = k
	}
	// the last run touches the end of the horizon: only the maximum counts
	if curWork && n > c.maxCons {
		mag += n - c.maxCons
		count++
	}
	for i := range p.nS {
		if int(perShift[i]) > c.maxShift[i] {
			mag += int(perShift[i]) - c.maxShift[i]
			count++
		}
	}
	if minutes > c.maxMin {
		mag += p.minuteMag(minutes - c.maxMin)
		count++
	}
	if minutes < c.minMin {
		mag += p.minuteMag(c.minMin - minutes)
		count++
	}
	if we > c.maxWE {
		mag += we - c.maxWE
		count++
	}
	return count, mag
}

// runMag is the magnitude of a run that does not touch the end of the
// horizon; exempt runs skip the minimum rules.
func (c *empC) runMag(work bool, n int, exempt bool) int {
	if work {
		if n > c.maxCons {
			return n - c.maxCons
		}
		if n < c.minCons && !exempt {
			return c.minCons - n
		}
		return 0
	}
	if n < c.minOff && !exempt {
		return c.minOff - n
	}
	return 0
}
