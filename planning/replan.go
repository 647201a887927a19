package planning

import (
	"fmt"
	"slices"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
)

// DayReplanParams is what [DayReplanProblem] needs.
type DayReplanParams struct {
	// Problem is the day's visit problem and Plan the adopted plan of it.
	Problem *visit.Problem
	Plan    visit.Plan
	// Member is the nurse who dropped out.
	Member wijk.ID
	// At is when she stopped, in minutes after midnight: visits started
	// before At are done or under way.
	At float64
}

// DayReplanProblem builds the problem that repairs a day's visit plan after a
// nurse dropped out, by the rules of visit.Replan: every visit of the plan
// that started before At stays with its nurse at its time (pinned); the
// nurse who dropped out makes no further visit (her later visits are
// open, and she is excluded from every visit not yet started); visits the
// problem pinned to other nurses stay pinned; no visit starts before At.
//
// It returns the new problem and the plan to start the search from: the
// adopted plan without the dropped-out nurse's later visits. The start
// plan is nil when it breaks a rule of the new problem (a pinned time the
// remaining route can no longer make), and the search then starts afresh.
// Solve the problem with visit.Solve; the caller chooses the budget.
//
// Errors match [wijk.ErrInvalid] for bad input and [wijk.ErrConflict]
// when the adopted plan breaks a hard rule of its problem or cannot be
// repaired.
func DayReplanProblem(p DayReplanParams) (*visit.Problem, *visit.Plan, error) {
	pr := p.Problem
	if pr == nil {
		return nil, nil, wijk.Invalid("problem", "is required")
	}
	if !finite(p.At) || p.At < 0 || p.At > 48*60 {
		return nil, nil, wijk.Invalid("at", "must be a time of the day in minutes, got %v", p.At)
	}
	if !slices.ContainsFunc(pr.Nurses(), func(n visit.NurseParams) bool { return n.ID == string(p.Member) }) {
		return nil, nil, wijk.Invalid("member", "must be a nurse of the problem, got %q", p.Member)
	}
	return visit.ReplanProblem(pr, p.Plan, visit.Disruption{Nurse: string(p.Member), At: p.At})
}

// RosterReplanParams is what [RosterReplanProblem] needs.
type RosterReplanParams struct {
	// Setup is the roster problem and Adopted the roster the team
	// adopted for it.
	Setup   *RosterSetup
	Adopted *roster.Roster
	// Member is who fell ill, From the first day of the illness and To
	// the last day expected (inclusive; days outside the period are
	// ignored). From must lie in the period.
	Member   wijk.ID
	From, To wijk.Date
}

// RosterReplanProblem builds the problem that repairs an adopted roster when a
// member falls ill for some days. In the new problem:
//
//   - every cell before From is pinned as the adopted roster has it: what
//     has been worked stays;
//   - the ill member's days from From to To are pinned off, and the
//     least her contract asks shrinks in proportion to the days she was
//     available and now is not;
//   - the problem's own pins stay, except on the ill member's days;
//   - everything else from From on is open.
//
// It returns the new problem (in a setup with the same start and
// members) and the roster to start the search from: the adopted roster
// with the ill member's days off. Pass it to roster.Solve as the start
// roster with a change weight, so that the repair moves as few other
// shifts as it can.
//
// Errors match [wijk.ErrInvalid] and name the field.
func RosterReplanProblem(p RosterReplanParams) (*RosterSetup, *roster.Roster, error) {
	if p.Setup == nil || p.Setup.Problem == nil {
		return nil, nil, wijk.Invalid("setup", "is required")
	}
	if p.Adopted == nil {
		return nil, nil, wijk.Invalid("adopted", "is required")
	}
	pr := p.Setup.Problem
	if p.Adopted.Problem() != pr {
		return nil, nil, wijk.Invalid("adopted", "must be a roster of the setup's problem")
	}
	ill := string(p.Member)
	if !slices.Contains(pr.EmployeeIDs(), ill) {
		return nil, nil, wijk.Invalid("member", "must be rostered in the period, got %q", p.Member)
	}
	from, err := p.Setup.Day(p.From)
	if err != nil {
		return nil, nil, wijk.InField("from", err)
	}
	if p.To.IsZero() || p.To.Before(p.From) {
		return nil, nil, wijk.Invalid("to", "must be a date not before from (%s), got %s", p.From, p.To)
	}
	to := min(pr.Days()-1, p.To.DaysSince(p.Setup.Start))
	isIll := func(e string, d int) bool { return e == ill && d >= from && d <= to }

	params := pr.Params()
	var pins []roster.Assignment
	for _, a := range params.Pins {
		if a.Day >= from && !isIll(a.Employee, a.Day) {
			pins = append(pins, a)
		}
	}
	var work []roster.Assignment
	for _, e := range pr.EmployeeIDs() {
		for d := range pr.Days() {
			sh, err := p.Adopted.Shift(e, d)
			if err != nil {
				return nil, nil, err
			}
			switch {
			case d < from:
				pins = append(pins, roster.Assignment{Employee: e, Day: d, Shift: sh})
			case isIll(e, d):
				pins = append(pins, roster.Assignment{Employee: e, Day: d})
				continue
			}
			if sh != "" {
				work = append(work, roster.Assignment{Employee: e, Day: d, Shift: sh})
			}
		}
	}
	params.Pins = pins
	// Illness takes its share of the contract with it: the least the
	// ill member must work shrinks with the days she can no longer work.
	for i := range params.Employees {
		e := &params.Employees[i]
		if e.ID != ill {
			continue
		}
		off := make([]bool, pr.Days())
		for _, d := range e.DaysOff {
			if d >= 0 && d < len(off) {
				off[d] = true
			}
		}
		avail, lost := 0, 0
		for d, o := range off {
			if !o {
				avail++
				if isIll(ill, d) {
					lost++
				}
			}
		}
		if avail > 0 {
			e.Contract.MinMinutes = e.Contract.MinMinutes * (avail - lost) / avail
		}
	}
	npr, err := roster.NewProblem(params)
	if err != nil {
		return nil, nil, fmt.Errorf("repair problem: %w", err)
	}
	start, err := roster.RosterFromAssignments(npr, work)
	if err != nil {
		return nil, nil, err
	}
	setup := &RosterSetup{Problem: npr, Start: p.Setup.Start, Members: slices.Clone(p.Setup.Members)}
	return setup, start, nil
}
