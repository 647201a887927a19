package planning

import (
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/calendar"
	"github.com/wijkzorg/wijk/roster/visit"
)

// CalendarShifts returns the shifts of member (an employee ID of the
// roster's problem; for a team's roster, the member's wijk ID) in roster r as events for package
// calendar, at the shift types' times in loc (a team's local time, such as
// Europe/Amsterdam).
//
// Each event's ID is made of the team, the member and the day
// ("shift/TEAM/MEMBER/2026-03-02"), not of the roster: when a re-plan
// supersedes the roster, the shift of a day keeps its UID in the member's
// calendar, which updates the event instead of adding a second one. A day
// the re-plan leaves free is found with [calendar.CancelledShifts].
func CalendarShifts(r *Roster, member string, loc *time.Location) ([]calendar.Shift, error) {
	if r == nil || r.problem == nil {
		return nil, wijk.Invalid("roster", "is required")
	}
	if member == "" {
		return nil, wijk.Invalid("member", "is required")
	}
	if loc == nil {
		return nil, wijk.Invalid("loc", "is required")
	}
	params := r.problem.Params()
	var out []calendar.Shift
	for _, a := range r.ro.Assignments() {
		if a.Employee != member || a.Shift == "" {
			continue
		}
		for _, st := range params.Shifts {
			if st.ID != a.Shift {
				continue
			}
			day := r.start.AddDays(a.Day)
			start := day.In(loc, st.StartMinute)
			out = append(out, calendar.Shift{
				ID:     fmt.Sprintf("shift/%s/%s/%s", r.team, member, day),
				Member: member, Start: start, End: start.Add(time.Duration(st.Minutes) * time.Minute), Label: st.ID,
			})
		}
	}
	return out, nil
}

// CalendarVisits returns the visits of member (a nurse ID of the plan's
// problem; for a team's day, the member's wijk ID) in day plan d as events for
// package calendar, at the times the plan schedules them, in loc.
//
// An event carries no care and no client's name or address: its reference
// is the day and the visit's place in the member's round ("2026-03-02 #3").
// A vendor that shows more chooses it in [calendar.Options]. Each event's
// ID is made of the team, the day and the visit ("visit/TEAM/DAY/VISIT"),
// not of the plan, so that a re-plan of the day updates the events it
// keeps; [calendar.CancelledVisits] finds those it drops.
func CalendarVisits(d *DayPlan, member string, loc *time.Location) ([]calendar.Visit, error) {
	if d == nil || d.problem == nil {
		return nil, wijk.Invalid("plan", "is required")
	}
	if member == "" {
		return nil, wijk.Invalid("member", "is required")
	}
	if loc == nil {
		return nil, wijk.Invalid("loc", "is required")
	}
	ev, err := visit.Evaluate(d.problem, d.Plan())
	if err != nil {
		return nil, err
	}
	midnight := d.day.In(loc, 0)
	at := func(minutes float64) time.Time {
		return midnight.Add(time.Duration(minutes * float64(time.Minute))).Truncate(time.Second)
	}
	var out []calendar.Visit
	for _, r := range ev.Routes {
		if r.Nurse != member {
			continue
		}
		for i, st := range r.Stops {
			out = append(out, calendar.Visit{
				ID:        fmt.Sprintf("visit/%s/%s/%s", d.team, d.day, st.Visit),
				Start:     at(st.Start),
				End:       at(st.End),
				Reference: fmt.Sprintf("%s #%d", d.day, i+1),
			})
		}
	}
	return out, nil
}
