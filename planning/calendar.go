package planning

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/calendar"
	"github.com/wijkzorg/wijk/roster/visit"
)

// CalendarShifts returns the shifts of member (an employee ID of the
// roster's problem; for a team's roster, the member's wijk ID) in roster r
// as events for package calendar, at the shift types' wall-clock times in
// Europe/Amsterdam ([calendar.Local]).
//
// Each event's ID is made of the team, the member and the day
// ("shift/TEAM/MEMBER/2026-03-02"), not of the roster: when a re-plan
// supersedes the roster, the shift of a day keeps its UID in the member's
// calendar, which updates the event instead of adding a second one. A day
// the re-plan leaves free is found with [calendar.CancelledShifts].
func CalendarShifts(r *Roster, member string) ([]calendar.Shift, error) {
	if r == nil || r.problem == nil {
		return nil, wijk.Invalid("roster", "is required")
	}
	if member == "" {
		return nil, wijk.Invalid("member", "is required")
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
			start := calendar.Local(day, float64(st.StartMinute))
			out = append(out, calendar.Shift{
				ID:     fmt.Sprintf("shift/%s/%s/%s", r.team, member, day),
				Member: member, Start: start, End: calendar.Local(day, float64(st.StartMinute+st.Minutes)), Label: st.ID,
			})
		}
	}
	return out, nil
}

// CalendarVisits returns the visits of member (a nurse ID of the plan's
// problem; for a team's day, the member's wijk ID) in day plan d as events
// for package calendar, at the wall-clock times the plan schedules them in
// Europe/Amsterdam ([calendar.Local]).
//
// An event carries no care and nothing that names a client: its reference
// is the day and the visit's place in the member's round ("2026-03-02
// #3"), and its ID is an HMAC-SHA256, under key, of the team, the day and
// the visit (visit IDs name clients, and a calendar leaves the care
// system for phones and clouds). key is a secret of the deployment, the
// same for every calendar it writes: with it the ID of a visit is the same
// in every re-plan of the day, so a calendar updates the event instead of
// adding another, and [calendar.CancelledVisits] finds the visits a
// re-plan drops; without it nobody can link events to a client. A vendor
// that shows more chooses it in [calendar.Options].
func CalendarVisits(d *DayPlan, member string, key []byte) ([]calendar.Visit, error) {
	if d == nil || d.problem == nil {
		return nil, wijk.Invalid("plan", "is required")
	}
	if member == "" {
		return nil, wijk.Invalid("member", "is required")
	}
	if len(key) < 16 {
		return nil, wijk.Invalid("key", "must be a secret of at least 16 bytes, got %d", len(key))
	}
	ev, err := visit.Evaluate(d.problem, d.Plan())
	if err != nil {
		return nil, err
	}
	at := func(minutes float64) time.Time { return calendar.Local(d.day, minutes).Truncate(time.Second) }
	var out []calendar.Visit
	for _, r := range ev.Routes {
		if r.Nurse != member {
			continue
		}
		for i, st := range r.Stops {
			mac := hmac.New(sha256.New, key)
			fmt.Fprintf(mac, "%s\x00%s\x00%s", d.team, d.day, st.Visit)
			out = append(out, calendar.Visit{
				ID:        "visit-" + hex.EncodeToString(mac.Sum(nil)[:16]),
				Start:     at(st.Start),
				End:       at(st.End),
				Reference: fmt.Sprintf("%s #%d", d.day, i+1),
			})
		}
	}
	return out, nil
}
