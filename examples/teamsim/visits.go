package main

import (
	"context"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

// The continuity mechanism measures, on sampled weekdays, how many of a
// client's visits a nurse they know makes. On a sampled day the team's
// visits are planned with the visit planner (package roster/visit) from the
// care plans' demand and the members at work:
//
//   - a self-managing team plans its own day: each client knows their
//     primary nurse and the up to four nurses who came on earlier sampled
//     days, and the planner weighs a stranger at the door
//     (visit.DefaultObjective);
//   - a traditional team's planning department hands the timed tasks to
//     whoever is free on the shortest routes: continuity has no weight.
//
// A client's continuity is the share of their visits that day by a nurse
// they knew. It holds until the next sample and drives the mechanism's two
// effects (see Config.ContinuityExtraCare and Config.ContinuityImprove).

// sampleSpeed is the travel speed on the team's map, km per minute: about
// 20 km/h by bike or car in town, with parking.
const sampleSpeed = 1.0 / 3

// maxFamiliar is the number of nurses a client remembers from the sampled
// days.
const maxFamiliar = 4

// sampled reports whether day d (index from the start of the run) is one of
// the team's sampled days, and moves the next sample on: a week after the
// first, then every VisitSampleWeeks weeks. A sample that falls on a
// weekend moves to the Monday.
func (s *teamSim) sampled(d int, day wijk.Date) bool {
	if s.cfg.VisitSampleWeeks == 0 || d != s.sampleDay {
		return false
	}
	if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
		s.sampleDay++
		return false
	}
	s.samples++
	if s.samples == 1 {
		s.sampleDay += 7
	} else {
		s.sampleDay += 7 * s.cfg.VisitSampleWeeks
	}
	return true
}

// planVisits plans the day's visits with the visit planner and measures
// each visited client's continuity.
func (s *teamSim) planVisits(d int, day wijk.Date) error {
	warmup := s.warm && s.samples == 1
	var demand []careplan.Visit
	locations := []visit.LocationParams{{ID: "office"}}
	locations[0].X, locations[0].Y = office(s.hoods)
	addresses := map[wijk.ID]string{}
	known := map[wijk.ID][]wijk.ID{}
	byID := map[wijk.ID]*client{}
	for _, cl := range s.clients {
		if cl.week[day.Weekday()].visits == 0 {
			continue
		}
		vs, err := cl.plan.VisitDemand(day, day)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			continue
		}
		id := cl.c.ID()
		demand = append(demand, vs...)
		locations = append(locations, visit.LocationParams{ID: string(id), X: cl.x, Y: cl.y})
		addresses[id] = string(id)
		byID[id] = cl
		if s.cfg.Organisation == selfManaging {
			if cl.primary != "" {
				known[id] = append(known[id], cl.primary)
			}
			for _, f := range cl.familiar {
				if f != cl.primary {
					known[id] = append(known[id], f)
				}
			}
		}
	}
	var shifts []visit.Shift
	for _, rec := range s.t.MembersOn(day) {
		m := s.byID[rec.Person]
		if m == nil || rec.Status != team.StatusActive || m.today != working {
			continue
		}
		// Two of three nurses work the early shift from 7:00, the third
		// the late shift to 21:00 for the evening medication.
		sh := visit.Shift{Member: m.id, Level: rec.Level, Start: 7 * 60, End: 7*60 + m.dayMinutes, From: "office"}
		if len(shifts)%3 == 2 {
			sh.Start, sh.End = 21*60-m.dayMinutes, 21*60
		}
		shifts = append(shifts, sh)
	}
	if len(demand) == 0 || len(shifts) == 0 {
		return nil
	}
	obj := visit.DefaultObjective()
	if s.cfg.Organisation == traditional {
		obj.Continuity = 0
	}
	pr, err := visit.DayProblem(visit.DayParams{
		Date: day, Demand: demand, Shifts: shifts, Locations: locations, Speed: sampleSpeed,
		Addresses: addresses, Known: known, Objective: obj,
		// A day without a district nurse on duty happens in the
		// simulation: her visits stay unassigned rather than failing
		// the day.
		AllowUnqualified: true,
	})
	if err != nil {
		return err
	}
	res, err := visit.Solve(context.Background(), pr, visit.Options{
		Seed: mix(s.seed, uint64(0x5A3B1E+d)), Workers: 1, MaxIterations: int64(s.cfg.VisitIterations),
	})
	if err != nil {
		return err
	}
	// Who visited whom, in route order.
	type tally struct {
		visits, familiar int
		nurses           []wijk.ID
	}
	seen := map[wijk.ID]*tally{}
	var order []wijk.ID
	for _, r := range res.Evaluation.Plan().Routes {
		nurse := wijk.ID(r.Nurse)
		for _, v := range r.Visits {
			vp, _ := pr.Visit(v)
			id := wijk.ID(vp.Client)
			cl := byID[id]
			t := seen[id]
			if t == nil {
				t = &tally{}
				seen[id] = t
				order = append(order, id)
			}
			t.visits++
			if (s.cfg.Organisation == selfManaging && nurse == cl.primary) || slices.Contains(cl.familiar, nurse) {
				t.familiar++
			}
			if !slices.Contains(t.nurses, nurse) {
				t.nurses = append(t.nurses, nurse)
			}
		}
	}
	sum, n := 0.0, 0
	for _, id := range order {
		cl, t := byID[id], seen[id]
		if !warmup {
			cl.cont = float64(t.familiar) / float64(t.visits)
			sum += cl.cont
			n++
			s.row.sampledVisits += t.visits
			s.row.familiarVisits += t.familiar
		}
		for _, nurse := range t.nurses {
			cl.remember(nurse)
		}
	}
	if n > 0 {
		s.meanCont = sum / float64(n)
	}
	if planned := len(pr.Visits()) - res.Evaluation.Cost.Unassigned; s.cfg.MeasuredTravel && planned > 0 {
		s.travelPerVisit = res.Evaluation.Cost.Travel / float64(planned)
	}
	return nil
}

// remember adds a nurse to the client's familiar ones, forgetting the one
// seen longest ago beyond maxFamiliar.
func (c *client) remember(nurse wijk.ID) {
	for i, f := range c.familiar {
		if f == nurse {
			c.familiar = append(c.familiar[:i], c.familiar[i+1:]...)
			break
		}
	}
	c.familiar = append(c.familiar, nurse)
	if len(c.familiar) > maxFamiliar {
		c.familiar = append(c.familiar[:0], c.familiar[len(c.familiar)-maxFamiliar:]...)
	}
}
