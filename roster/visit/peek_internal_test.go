package visit

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomDay is a small day with everything the engine handles: tight and
// loose windows, shift ends, simultaneous and sequential double visits,
// pinned starts, Now, and (when skewed) travel times that break the
// triangle inequality.
func randomDay(t *testing.T, rng *rand.Rand, skewed bool) *Problem {
	t.Helper()
	nl := 3 + rng.IntN(10)
	p := ProblemParams{Objective: DefaultObjective()}
	p.Objective.Overtime = 1 + float64(rng.IntN(3))
	p.Objective.MaxTardiness = float64(rng.IntN(3))
	for l := range nl {
		p.Locations = append(p.Locations, LocationParams{ID: fmt.Sprintf("l%d", l), X: rng.Float64() * 60, Y: rng.Float64() * 60})
	}
	if skewed {
		p.Travel = make([][]float64, nl)
		for a := range nl {
			p.Travel[a] = make([]float64, nl)
			for b := range nl {
				if a != b {
					p.Travel[a][b] = float64(1 + rng.IntN(40))
				}
			}
		}
	}
	nk := 1 + rng.IntN(4)
	for k := range nk {
		n := NurseParams{ID: fmt.Sprintf("n%d", k), Start: "l0", ShiftStart: float64(rng.IntN(60))}
		if rng.IntN(2) == 0 {
			n.ShiftEnd = n.ShiftStart + 60 + float64(rng.IntN(120))
		}
		p.Nurses = append(p.Nurses, n)
	}
	nv := 2 + rng.IntN(14)
	for v := range nv {
		open := float64(rng.IntN(200))
		vp := VisitParams{ID: fmt.Sprintf("v%d", v), Client: fmt.Sprintf("c%d", v%4), Location: fmt.Sprintf("l%d", 1+rng.IntN(nl-1)),
			Open: open, Close: open + float64(rng.IntN(60)), Duration: float64(5 + rng.IntN(30))}
		if rng.IntN(8) == 0 {
			s := open + float64(rng.IntN(20))
			vp.Start = &s
		}
		p.Visits = append(p.Visits, vp)
	}
	for v := 0; v+1 < nv && rng.IntN(3) == 0; v += 2 {
		l := LinkParams{First: p.Visits[v].ID, Second: p.Visits[v+1].ID, Kind: Simultaneous}
		if rng.IntN(2) == 0 {
			l.Kind, l.MinGap, l.MaxGap = Sequential, float64(rng.IntN(30)), float64(30+rng.IntN(60))
		}
		p.Visits[v].Start, p.Visits[v+1].Start = nil, nil
		p.Links = append(p.Links, l)
	}
	p.Clients = []ClientParams{{ID: "c0", Known: []string{"n0"}}, {ID: "c1", Known: []string{fmt.Sprintf("n%d", nk-1)}}}
	if rng.IntN(4) == 0 {
		now := float64(rng.IntN(100))
		p.Now = &now
	}
	pr, err := NewProblem(p)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// TestPeekAgreesWithInsert: the cost peek computes for a single visit's
// place, and whether a schedule exists, are exactly what inserting it and
// reading the cost give, whenever peek says it knows; and it does know for
// a single visit whose insert delays no coupled or pinned visit.
func TestPeekAgreesWithInsert(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	checked := 0
	for trial := range 400 {
		pr := randomDay(t, rng, trial%2 == 1)
		m := compile(pr)
		s := newState(m)
		// a random partial plan, built by feasible inserts
		for _, v := range rng.Perm(m.nv) {
			if rng.IntN(3) == 0 || s.nurse[v] >= 0 {
				continue
			}
			k := m.nurses[v][rng.IntN(len(m.nurses[v]))]
			if !s.insert(v, k, rng.IntN(len(s.routes[k])+1)) {
				s.rollback()
				continue
			}
			if p := m.partner[v]; p >= 0 {
				kp := m.nurses[p][rng.IntN(len(m.nurses[p]))]
				if !s.insert(p, kp, rng.IntN(len(s.routes[kp])+1)) {
					s.rollback()
					s.rollback()
					continue
				}
			}
			s.commit()
		}
		for v := range m.nv {
			if s.nurse[v] >= 0 {
				continue
			}
			for _, k := range m.nurses[v] {
				for i := 0; i <= len(s.routes[k]); i++ {
					cost, ok, known := s.peek(v, k, i)
					before := s.cost()
					feasible := s.insert(v, k, i)
					after := s.cost()
					s.rollback()
					if s.cost() != before {
						t.Fatalf("trial %d: rollback did not restore the cost", trial)
					}
					if !known {
						if m.partner[v] < 0 && math.IsNaN(m.pin[v]) && s.pushesNoCoupled(v, k, i) {
							t.Fatalf("trial %d: peek gave up on visit %d at (%d, %d), which moves nothing coupled", trial, v, k, i)
						}
						continue
					}
					checked++
					if ok != feasible {
						t.Fatalf("trial %d: visit %d at (%d, %d): peek says feasible=%v, insert %v", trial, v, k, i, ok, feasible)
					}
					if ok && cost != after {
						t.Fatalf("trial %d: visit %d at (%d, %d): peek cost %v, insert %v", trial, v, k, i, cost, after)
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d places checked", checked)
	}
}

// pushesNoCoupled says whether inserting v at (k, i) delays no visit that is
// pinned or has an assigned partner, by inserting it and looking.
func (s *state) pushesNoCoupled(v, k, i int) bool {
	before := append([]float64(nil), s.start...)
	s.insert(v, k, i)
	defer s.rollback()
	for u, st := range s.start {
		if u == v || s.nurse[u] < 0 || !(st > before[u]+eps) {
			continue
		}
		if p := s.m.partner[u]; p >= 0 && s.nurse[p] >= 0 || !math.IsNaN(s.m.pin[u]) {
			return false
		}
	}
	return true
}
