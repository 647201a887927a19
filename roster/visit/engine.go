package visit

import (
	"math"
	"slices"
)

// model is the problem compiled into flat arrays for the evaluator and the
// solver. Visits and nurses are numbered in input order.
type model struct {
	pr      *Problem
	nv, nk  int
	loc     []int
	open    []float64
	close   []float64
	dur     []float64
	pin     []float64 // pinned start, NaN when none
	partner []int     // the other visit of the link, -1 when single
	after   []float64 // start[v] >= start[partner[v]] + after[v]
	can     []bool    // [v*nk+k]: nurse k may do visit v
	unknown []bool    // [v*nk+k]: visit v by nurse k counts against continuity
	nurses  [][]int   // per visit, the nurses allowed
	kStart  []int
	kEnd    []int
	kFrom   []float64 // shift start
	kUntil  []float64 // shift end, +Inf when open
	travel  [][]float64
	w       Objective
	horizon float64 // no start in a schedule without a cycle exceeds it
}

// eps is the tolerance for comparing times.
const eps = 1e-7

func compile(pr *Problem) *model {
	p := pr.params
	m := &model{pr: pr, nv: len(p.Visits), nk: len(p.Nurses), travel: pr.travel, w: p.Objective}
	m.loc = make([]int, m.nv)
	m.open = make([]float64, m.nv)
	m.close = make([]float64, m.nv)
	m.dur = make([]float64, m.nv)
	m.pin = make([]float64, m.nv)
	m.partner = make([]int, m.nv)
	m.after = make([]float64, m.nv)
	m.can = make([]bool, m.nv*m.nk)
	m.unknown = make([]bool, m.nv*m.nk)
	m.nurses = make([][]int, m.nv)
	maxTravel := 0.0
	for _, row := range pr.travel {
		for _, t := range row {
			maxTravel = max(maxTravel, t)
		}
	}
	top := 0.0
	m.horizon = 1
	for v, vp := range p.Visits {
		m.loc[v] = pr.locIdx[vp.Location]
		m.open[v], m.close[v], m.dur[v] = vp.Open, vp.Close, vp.Duration
		m.pin[v] = math.NaN()
		top = max(top, vp.Open)
		if vp.Start != nil {
			m.pin[v] = *vp.Start
			top = max(top, *vp.Start)
		}
		if p.Now != nil && vp.Start == nil {
			m.open[v] = max(m.open[v], *p.Now)
			top = max(top, *p.Now)
		}
		m.partner[v] = -1
		for k := range p.Nurses {
			if pr.allowed(v, k) == 0 {
				m.can[v*m.nk+k] = true
				m.nurses[v] = append(m.nurses[v], k)
			}
			m.unknown[v*m.nk+k] = pr.unknown(v, k)
		}
		m.horizon += vp.Duration + maxTravel
	}
	for _, l := range p.Links {
		a, b := pr.visit[l.First], pr.visit[l.Second]
		m.partner[a], m.partner[b] = b, a
		m.after[b] = l.MinGap
		m.after[a] = -l.MaxGap
		m.horizon += l.MaxGap
	}
	m.kStart = make([]int, m.nk)
	m.kEnd = make([]int, m.nk)
	m.kFrom = make([]float64, m.nk)
	m.kUntil = make([]float64, m.nk)
	for k, np := range p.Nurses {
		m.kStart[k] = pr.locIdx[np.Start]
		m.kEnd[k] = m.kStart[k]
		if np.End != "" {
			m.kEnd[k] = pr.locIdx[np.End]
		}
		m.kFrom[k] = np.ShiftStart
		top = max(top, np.ShiftStart)
		m.kUntil[k] = math.Inf(1)
		if np.ShiftEnd != 0 {
			m.kUntil[k] = np.ShiftEnd
		}
	}
	m.horizon += top + maxTravel
	return m
}

// state is a plan under construction: routes, start times and the cost
// parts, kept up to date by insert and retime.
type state struct {
	m       *model
	routes  [][]int
	nurse   []int // -1 when unassigned
	pos     []int
	start   []float64
	routeOT []float64 // overtime per route

	travel, tardSum, tardMax, overtime float64
	unknown, unassigned                int

	// journal of the inserts since the last commit, for rollback
	frames  []frame
	jStarts []jStart
	jOT     []jStart
	queue   []int
}

// frame records one insert, so that rollback can undo it.
type frame struct {
	v, k, i        int
	nStarts, nOT   int
	scalars        [4]float64
	unknown, unass int
}

type jStart struct {
	i   int
	old float64
}

func newState(m *model) *state {
	s := &state{m: m, routes: make([][]int, m.nk), nurse: make([]int, m.nv), pos: make([]int, m.nv),
		start: make([]float64, m.nv), routeOT: make([]float64, m.nk), unassigned: m.nv}
	for v := range s.nurse {
		s.nurse[v], s.pos[v], s.start[v] = -1, -1, math.NaN()
	}
	return s
}

func (s *state) clone() *state {
	c := &state{m: s.m, nurse: slices.Clone(s.nurse), pos: slices.Clone(s.pos), start: slices.Clone(s.start),
		routeOT: slices.Clone(s.routeOT), travel: s.travel, tardSum: s.tardSum, tardMax: s.tardMax,
		overtime: s.overtime, unknown: s.unknown, unassigned: s.unassigned}
	c.routes = make([][]int, len(s.routes))
	for k, r := range s.routes {
		c.routes[k] = slices.Clone(r)
	}
	return c
}

// copyFrom makes s equal to o, reusing s's memory.
func (s *state) copyFrom(o *state) {
	copy(s.nurse, o.nurse)
	copy(s.pos, o.pos)
	copy(s.start, o.start)
	copy(s.routeOT, o.routeOT)
	for k, r := range o.routes {
		s.routes[k] = append(s.routes[k][:0], r...)
	}
	s.travel, s.tardSum, s.tardMax, s.overtime = o.travel, o.tardSum, o.tardMax, o.overtime
	s.unknown, s.unassigned = o.unknown, o.unassigned
	s.commit()
}

func (s *state) cost() float64 {
	w := s.m.w
	return w.Travel*s.travel + w.TotalTardiness*s.tardSum + w.MaxTardiness*s.tardMax + w.Overtime*s.overtime +
		w.Continuity*float64(s.unknown) + w.Unassigned*float64(s.unassigned)
}

func (s *state) tard(v int) float64 { return max(0, s.start[v]-s.m.close[v]) }

// est is the earliest start of assigned visit u given its predecessor in
// the route and its partner.
func (s *state) est(u int) float64 {
	m := s.m
	k, p := s.nurse[u], s.pos[u]
	var t float64
	var from int
	if p == 0 {
		t, from = m.kFrom[k], m.kStart[k]
	} else {
		w := s.routes[k][p-1]
		t, from = s.start[w]+m.dur[w], m.loc[w]
	}
	e := max(m.open[u], t+m.travel[from][m.loc[u]])
	if !math.IsNaN(m.pin[u]) {
		e = max(e, m.pin[u])
	}
	if q := m.partner[u]; q >= 0 && s.nurse[q] >= 0 {
		e = max(e, s.start[q]+m.after[u])
	}
	return e
}

// routeEnd is when nurse k is back at the end location; an empty route
// ends at the shift start.
func (s *state) routeEnd(k int) float64 {
	m := s.m
	r := s.routes[k]
	if len(r) == 0 {
		return m.kFrom[k]
	}
	w := r[len(r)-1]
	return s.start[w] + m.dur[w] + m.travel[m.loc[w]][m.kEnd[k]]
}

func (s *state) legs(k int) float64 {
	m := s.m
	r := s.routes[k]
	if len(r) == 0 {
		return 0
	}
	d, from := 0.0, m.kStart[k]
	for _, v := range r {
		d += m.travel[from][m.loc[v]]
		from = m.loc[v]
	}
	return d + m.travel[from][m.kEnd[k]]
}

// retime computes the earliest schedule of the current routes from scratch
// and all cost parts. It returns false when no schedule exists: the route
// orders and the double-visit couplings form a cycle, or a pinned start
// cannot be met. The earliest schedule is the best one for fixed routes,
// since every cost part grows with start times.
func (s *state) retime() bool {
	m := s.m
	for v := range s.start {
		if s.nurse[v] >= 0 {
			s.start[v] = math.Inf(-1)
		} else {
			s.start[v] = math.NaN()
		}
	}
	ok := false
	for pass := 0; pass <= m.nv+2; pass++ {
		changed := false
		for _, r := range s.routes {
			for _, v := range r {
				if e := s.est(v); e > s.start[v]+eps || math.IsInf(s.start[v], -1) {
					s.start[v] = e
					changed = true
					if e > m.horizon {
						pass = m.nv + 3
						break
					}
				}
			}
		}
		if !changed {
			ok = true
			break
		}
	}
	s.aggregate()
	if !ok {
		return false
	}
	for v, p := range m.pin {
		if s.nurse[v] >= 0 && !math.IsNaN(p) && s.start[v] > p+eps {
			return false
		}
	}
	return true
}

// aggregate recomputes the cost parts from routes and starts.
func (s *state) aggregate() {
	m := s.m
	s.travel, s.tardSum, s.tardMax, s.overtime = 0, 0, 0, 0
	s.unknown, s.unassigned = 0, 0
	for k, r := range s.routes {
		if len(r) > 0 {
			from := m.kStart[k]
			for _, v := range r {
				s.travel += m.travel[from][m.loc[v]]
				from = m.loc[v]
			}
			s.travel += m.travel[from][m.kEnd[k]]
		}
		s.routeOT[k] = 0
		if len(r) > 0 {
			s.routeOT[k] = max(0, s.routeEnd(k)-m.kUntil[k])
		}
		s.overtime += s.routeOT[k]
		for _, v := range r {
			t := s.tard(v)
			s.tardSum += t
			s.tardMax = max(s.tardMax, t)
			if m.unknown[v*m.nk+k] {
				s.unknown++
			}
		}
	}
	for v := range s.nurse {
		if s.nurse[v] < 0 {
			s.unassigned++
		}
	}
}

// setRoutes replaces all routes and renumbers positions; the caller then
// calls retime.
func (s *state) setRoutes(routes [][]int) {
	for v := range s.nurse {
		s.nurse[v], s.pos[v] = -1, -1
	}
	for k := range s.routes {
		s.routes[k] = append(s.routes[k][:0], routes[k]...)
		for i, v := range s.routes[k] {
			s.nurse[v], s.pos[v] = k, i
		}
	}
}

// remove takes the visits out of their routes; the caller then calls
// retime (start times can only fall, except when the travel times break
// the triangle inequality).
func (s *state) remove(vs []int) {
	touched := map[int]bool{}
	for _, v := range vs {
		if k := s.nurse[v]; k >= 0 {
			touched[k] = true
			s.nurse[v] = -1
		}
	}
	for k := range touched {
		r := s.routes[k][:0]
		for _, v := range s.routes[k] {
			if s.nurse[v] >= 0 {
				r = append(r, v)
			}
		}
		s.routes[k] = r
		for i, v := range r {
			s.pos[v] = i
		}
	}
	for _, v := range vs {
		s.pos[v] = -1
		s.start[v] = math.NaN()
	}
}

// insert puts visit v at position i of nurse k's route and propagates the
// start times it pushes later, across routes through double-visit
// couplings. It returns false when no schedule exists any more (a cycle
// through v, or a pinned start missed); either way the change can be
// undone with rollback until the next insert.
func (s *state) insert(v, k, i int) bool {
	m := s.m
	s.frames = append(s.frames, frame{v: v, k: k, i: i, nStarts: len(s.jStarts), nOT: len(s.jOT),
		scalars: [4]float64{s.travel, s.tardSum, s.tardMax, s.overtime}, unknown: s.unknown, unass: s.unassigned})

	r := s.routes[k]
	prev, next, _ := s.around(k, i)
	s.travel += m.detour(v, prev, next, len(r) == 0)
	r = slices.Insert(r, i, v)
	s.routes[k] = r
	for j := i; j < len(r); j++ {
		s.pos[r[j]] = j
	}
	s.nurse[v] = k
	s.unassigned--
	if m.unknown[v*m.nk+k] {
		s.unknown++
	}
	ok := true
	s.queue = append(s.queue[:0], v)
	first := true
	for h := 0; h < len(s.queue); h++ {
		u := s.queue[h]
		e := s.est(u)
		if !first && !(e > s.start[u]+eps) {
			continue
		}
		if !first && u == v {
			ok = false // a positive cycle through v: the couplings deadlock
			break
		}
		old := s.start[u]
		oldT := 0.0
		if !first {
			oldT = s.tard(u)
		}
		first = false
		s.jStarts = append(s.jStarts, jStart{u, old})
		s.start[u] = e
		t := s.tard(u)
		s.tardSum += t - oldT
		s.tardMax = max(s.tardMax, t)
		if p := m.pin[u]; !math.IsNaN(p) && e > p+eps {
			ok = false
			break
		}
		if e > m.horizon {
			ok = false
			break
		}
		ku := s.nurse[u]
		if pu := s.pos[u]; pu+1 < len(s.routes[ku]) {
			s.queue = append(s.queue, s.routes[ku][pu+1])
		} else {
			s.touchOT(ku)
		}
		if q := m.partner[u]; q >= 0 && s.nurse[q] >= 0 {
			s.queue = append(s.queue, q)
		}
	}
	if ok {
		s.touchOT(k) // the return leg may have changed
	}
	return ok
}

func (s *state) touchOT(k int) {
	ot := max(0, s.routeEnd(k)-s.m.kUntil[k])
	if ot != s.routeOT[k] {
		s.jOT = append(s.jOT, jStart{k, s.routeOT[k]})
		s.overtime += ot - s.routeOT[k]
		s.routeOT[k] = ot
	}
}

// rollback undoes the last insert not yet undone or committed.
func (s *state) rollback() {
	f := s.frames[len(s.frames)-1]
	s.frames = s.frames[:len(s.frames)-1]
	for j := len(s.jStarts) - 1; j >= f.nStarts; j-- {
		s.start[s.jStarts[j].i] = s.jStarts[j].old
	}
	for j := len(s.jOT) - 1; j >= f.nOT; j-- {
		s.routeOT[s.jOT[j].i] = s.jOT[j].old
	}
	s.jStarts, s.jOT = s.jStarts[:f.nStarts], s.jOT[:f.nOT]
	r := slices.Delete(s.routes[f.k], f.i, f.i+1)
	s.routes[f.k] = r
	for j := f.i; j < len(r); j++ {
		s.pos[r[j]] = j
	}
	s.nurse[f.v], s.pos[f.v], s.start[f.v] = -1, -1, math.NaN()
	s.travel, s.tardSum, s.tardMax, s.overtime = f.scalars[0], f.scalars[1], f.scalars[2], f.scalars[3]
	s.unknown, s.unassigned = f.unknown, f.unass
}

// commit keeps every insert since the last commit.
func (s *state) commit() {
	s.frames, s.jStarts, s.jOT = s.frames[:0], s.jStarts[:0], s.jOT[:0]
}

// peek is the cost of s with single visit v inserted at position i of
// nurse k's route, and whether a schedule exists, computed without
// changing s. It gives the same figures as insert followed by cost, but
// only when the insert moves no pinned visit and no visit coupled to a
// partner; known says whether that was so (if not, the caller inserts).
func (s *state) peek(v, k, i int) (cost float64, feasible, known bool) {
	m := s.m
	if m.partner[v] >= 0 || !math.IsNaN(m.pin[v]) {
		return 0, false, false
	}
	r := s.routes[k]
	prev, next, t := s.around(k, i)
	travel := s.travel
	travel += m.detour(v, prev, next, len(r) == 0)
	unknown := s.unknown
	if m.unknown[v*m.nk+k] {
		unknown++
	}
	e := max(m.open[v], t+m.travel[prev][m.loc[v]])
	tv := max(0, e-m.close[v])
	tardSum, tardMax := s.tardSum, s.tardMax
	tardSum += tv
	tardMax = max(tardMax, tv)
	if e > m.horizon {
		return 0, false, true
	}
	// the visits after v are pushed later until a wait absorbs the delay
	end, at, toEnd := e+m.dur[v], m.loc[v], true
	for j := i; j < len(r); j++ {
		u := r[j]
		eu := max(m.open[u], end+m.travel[at][m.loc[u]])
		if !(eu > s.start[u]+eps) {
			toEnd = false
			break
		}
		if !math.IsNaN(m.pin[u]) || m.partner[u] >= 0 && s.nurse[m.partner[u]] >= 0 {
			return 0, false, false
		}
		tu := max(0, eu-m.close[u])
		tardSum += tu - s.tard(u)
		tardMax = max(tardMax, tu)
		if eu > m.horizon {
			return 0, false, true
		}
		end, at = eu+m.dur[u], m.loc[u]
	}
	routeEnd := s.routeEnd(k)
	if toEnd {
		routeEnd = end + m.travel[at][m.kEnd[k]]
	}
	overtime := s.overtime
	if ot := max(0, routeEnd-m.kUntil[k]); ot != s.routeOT[k] {
		overtime += ot - s.routeOT[k]
	}
	w := m.w
	cost = w.Travel*travel + w.TotalTardiness*tardSum + w.MaxTardiness*tardMax + w.Overtime*overtime +
		w.Continuity*float64(unknown) + w.Unassigned*float64(s.unassigned-1)
	return cost, true, true
}

// detour is the travel time inserting v between locations prev and next
// adds: the legs to and from v, less the leg they replace (none when the
// route is empty). insert, peek and the search's lower bound all use it,
// so that they agree to the last bit.
func (m *model) detour(v, prev, next int, empty bool) float64 {
	if empty {
		return m.travel[prev][m.loc[v]] + m.travel[m.loc[v]][next]
	}
	return m.travel[prev][m.loc[v]] + m.travel[m.loc[v]][next] - m.travel[prev][next]
}

// around gives, for position i of nurse k's route, the location before it
// (the start location at i = 0), the location after it (the end location
// past the last visit) and when the nurse leaves the one before.
func (s *state) around(k, i int) (prev, next int, leave float64) {
	m := s.m
	r := s.routes[k]
	prev, next, leave = m.kStart[k], m.kEnd[k], m.kFrom[k]
	if i > 0 {
		u := r[i-1]
		prev, leave = m.loc[u], s.start[u]+m.dur[u]
	}
	if i < len(r) {
		next = m.loc[r[i]]
	}
	return prev, next, leave
}
