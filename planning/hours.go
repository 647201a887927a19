package planning

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

// DefaultHandoverMinutes is the time after a round for the client reports
// and the handover to the next shift.
const DefaultHandoverMinutes = 30

// HoursParams is what [Hours] needs.
type HoursParams struct {
	// Date is the day worked.
	Date wijk.Date
	// Problem is the day's visit problem; its nurses are the members on
	// duty (nurse IDs are member IDs, as [DayProblem] makes them).
	Problem *visit.Problem
	// Routes are the day's routes as they were carried out: the Routes
	// of visit.Evaluate on the executed plan.
	Routes []visit.ScheduledRoute
	// HandoverMinutes is added to a round after the nurse is back; 0
	// means [DefaultHandoverMinutes], a negative value none.
	HandoverMinutes int
	// Other is other work per member that day, in minutes (the team
	// meeting, an intake): it adds to Worked. A member who is not on
	// duty gets a record of that work alone.
	Other map[wijk.ID]int
}

// Hours returns each member's hours record for a day from its routes, in
// whole minutes, sorted by member:
//
//   - Worked: for a nurse with visits, from leaving her start location in
//     time for the first visit until she is back, rounded up, plus the
//     handover; for a nurse on duty without visits (office work), her
//     shift. Other work adds to it. It is never less than ClientFacing
//     plus Travel.
//   - ClientFacing: the minutes of her visits, rounded.
//   - Travel: the route's travel time, there and back included, rounded.
//
// Every record is checked with team.HoursRecord.Validate. Errors match
// [wijk.ErrInvalid] and name the field.
func Hours(p HoursParams) ([]team.HoursRecord, error) {
	if err := valid.Date("date", p.Date); err != nil {
		return nil, err
	}
	if p.Problem == nil {
		return nil, wijk.Invalid("problem", "is required")
	}
	handover := p.HandoverMinutes
	switch {
	case handover == 0:
		handover = DefaultHandoverMinutes
	case handover < 0:
		handover = 0
	}
	nurses := map[string]visit.NurseParams{}
	for _, n := range p.Problem.Nurses() {
		nurses[n.ID] = n
	}
	routes := map[string]visit.ScheduledRoute{}
	for i, r := range p.Routes {
		f := fmt.Sprintf("routes[%d]", i)
		if _, ok := nurses[r.Nurse]; !ok {
			return nil, wijk.Invalid(f+".nurse", "must be a nurse of the problem, got %q", r.Nurse)
		}
		if _, dup := routes[r.Nurse]; dup {
			return nil, wijk.Invalid(f+".nurse", "nurse %q has a route already", r.Nurse)
		}
		routes[r.Nurse] = r
	}
	records := map[wijk.ID]*team.HoursRecord{}
	for i, n := range p.Problem.Nurses() {
		f := fmt.Sprintf("problem.nurses[%d]", i)
		id, err := wijk.ParseID(n.ID)
		if err != nil {
			return nil, wijk.InField(f+".id", err)
		}
		r := routes[n.ID]
		worked := 0.0
		if n.ShiftEnd > n.ShiftStart {
			worked = n.ShiftEnd - n.ShiftStart
		}
		facing := 0.0
		if len(r.Stops) > 0 {
			// She leaves in time for her first visit and works until she
			// is back, plus the reports and the handover.
			first := r.Stops[0]
			v, ok := p.Problem.Visit(first.Visit)
			if !ok {
				return nil, wijk.Invalid(fmt.Sprintf("routes[%s].stops[0].visit", n.ID), "must be a visit of the problem, got %q", first.Visit)
			}
			to, ok := p.Problem.TravelTime(n.Start, v.Location)
			if !ok {
				return nil, wijk.Invalid(f+".start", "has no travel time to %q", v.Location)
			}
			worked = math.Ceil(r.Back-(first.Start-to)) + float64(handover)
			for _, st := range r.Stops {
				facing += st.End - st.Start
			}
		}
		cf, travel := math.Round(facing), math.Round(r.Travel)
		worked = max(worked, cf+travel)
		if !finite(worked) || !finite(cf) || !finite(travel) {
			return nil, wijk.Invalid(fmt.Sprintf("routes[%s]", n.ID), "times must be finite")
		}
		records[id] = &team.HoursRecord{Person: id, Day: p.Date,
			Worked: minutes(worked), ClientFacing: minutes(cf), Travel: minutes(travel)}
	}
	for _, m := range sortedKeys(p.Other) {
		f := fmt.Sprintf("other[%s]", m)
		mins := p.Other[m]
		if mins < 0 || mins > 24*60 {
			return nil, wijk.Invalid(f, "must be 0 to 1440 minutes, got %d", mins)
		}
		if err := m.Validate(f); err != nil {
			return nil, err
		}
		if records[m] == nil {
			records[m] = &team.HoursRecord{Person: m, Day: p.Date}
		}
		records[m].Worked += time.Duration(mins) * time.Minute
	}
	out := make([]team.HoursRecord, 0, len(records))
	for _, m := range sortedKeys(records) {
		h := *records[m]
		if err := h.Validate(fmt.Sprintf("records[%s]", m)); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

func minutes(x float64) time.Duration {
	return time.Duration(max(0, min(x, 48*60))) * time.Minute
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func sortedKeys[V any](m map[wijk.ID]V) []wijk.ID {
	ids := make([]wijk.ID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
