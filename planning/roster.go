package planning

import (
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/roster"
)

// Roster is a team's roster for a period, as the team keeps it: the
// rostering problem as it was given to the solver (so that it can be
// solved again), the shifts assigned, the pins the planner set (part of
// the problem), and where the roster stands: proposed, adopted by a team
// decision, or superseded by a re-plan.
//
// Day 0 of the problem is the first day of the period, and the problem's
// horizon is the period's length. Make one with [NewRoster]; rebuild a
// stored one with [RestoreRoster].
type Roster struct {
	lifecycle
	start       wijk.Date
	problem     *roster.Problem
	ro          *roster.Roster
	form        RosterProblemSnapshot
	assignments []AssignmentSnapshot
}

// RosterParams are what a new roster is made of.
type RosterParams struct {
	// ID is the roster's ID and Team the team it is for.
	ID   wijk.ID
	Team wijk.ID
	// Start is the first day of the period: day 0 of the problem. Its
	// weekday must be the problem's FirstWeekday.
	Start wijk.Date
	// Problem is the rostering problem as given to the solver, pins
	// included.
	Problem roster.ProblemParams
	// Assignments are the working cells of the roster (an employee, a day
	// of the problem and a shift); every cell not listed is a day off,
	// as in [roster.RosterFromAssignments]. [roster.Roster.Assignments]
	// gives them.
	Assignments []roster.Assignment
	// CreatedAt is when the roster was made.
	CreatedAt time.Time
}

// NewRoster validates p and returns a proposed roster. Errors match
// wijk.ErrInvalid and name the field: the problem must be one
// [roster.NewProblem] accepts, the assignments must name its employees,
// days and shifts with at most one per employee and day, and they must
// keep every pin.
func NewRoster(p RosterParams) (*Roster, error) {
	l, err := newLifecycle(p.ID, p.Team, p.CreatedAt)
	if err != nil {
		return nil, err
	}
	r := &Roster{lifecycle: l}
	if err := r.set(p.Start, p.Problem, p.Assignments); err != nil {
		return nil, err
	}
	return r, nil
}

// set validates and sets the period, problem and assignments.
func (r *Roster) set(start wijk.Date, params roster.ProblemParams, as []roster.Assignment) error {
	if err := valid.Date("start", start); err != nil {
		return err
	}
	pr, err := roster.NewProblem(params)
	if err != nil {
		return wijk.InField("problem", err)
	}
	if start.Weekday() != params.FirstWeekday {
		return wijk.Invalid("start", "is a %s, but the problem's first weekday is %s", start.Weekday(), params.FirstWeekday)
	}
	if err := valid.Date("end", start.AddDays(params.Days-1)); err != nil {
		return err
	}
	ro, err := checkRosterAssignments(pr, as)
	if err != nil {
		return err
	}
	r.start, r.problem, r.ro, r.form = start, pr, ro, snapRosterProblem(pr.Params())
	r.assignments = snapList(as, snapAssignment)
	return nil
}

// checkRosterAssignments checks that as is a roster of pr that keeps its
// pins.
func checkRosterAssignments(pr *roster.Problem, as []roster.Assignment) (*roster.Roster, error) {
	for i, a := range as {
		if a.Shift == "" {
			return nil, wijk.Invalid(fmt.Sprintf("assignments[%d].shift", i), "is required: a day off is a day without an assignment")
		}
	}
	ro, err := roster.RosterFromAssignments(pr, as)
	if err != nil {
		return nil, err
	}
	for i, pin := range pr.Pins() {
		got, err := ro.Shift(pin.Employee, pin.Day)
		if err != nil {
			return nil, wijk.InField(fmt.Sprintf("problem.pins[%d]", i), err)
		}
		if got != pin.Shift {
			return nil, wijk.Invalid("assignments", "break pin %d: employee %q on day %d is pinned to %s, the roster has %s", i, pin.Employee, pin.Day, rosterShiftName(pin.Shift), rosterShiftName(got))
		}
	}
	return ro, nil
}

func rosterShiftName(s string) string {
	if s == "" {
		return "a day off"
	}
	return fmt.Sprintf("shift %q", s)
}

// ID returns the roster's ID.
func (r *Roster) ID() wijk.ID { return r.id }

// Team returns the team the roster is for.
func (r *Roster) Team() wijk.ID { return r.team }

// CreatedAt returns when the roster was made.
func (r *Roster) CreatedAt() time.Time { return r.createdAt }

// Start returns the first day of the period: day 0 of the problem.
func (r *Roster) Start() wijk.Date { return r.start }

// End returns the last day of the period.
func (r *Roster) End() wijk.Date { return r.start.AddDays(r.form.Days - 1) }

// Covers reports whether day falls in the roster's period.
func (r *Roster) Covers(day wijk.Date) bool {
	return !day.Before(r.start) && !day.After(r.End())
}

// DayOf returns the problem's day number of a date, and false when the
// date is outside the period.
func (r *Roster) DayOf(day wijk.Date) (int, bool) {
	if !r.Covers(day) {
		return 0, false
	}
	return day.DaysSince(r.start), true
}

// Problem returns the rostering problem, ready for the solver.
func (r *Roster) Problem() *roster.Problem { return r.problem }

// Params returns a copy of the problem's parameters, as given to the
// solver.
func (r *Roster) Params() roster.ProblemParams { return r.problem.Params() }

// Pins returns the cells the planner pinned.
func (r *Roster) Pins() []roster.Assignment { return r.problem.Pins() }

// Assignments returns the working cells of the roster, in the order they
// were given.
func (r *Roster) Assignments() []roster.Assignment {
	return snapList(r.assignments, AssignmentSnapshot.params)
}

// Roster returns the roster as the solver's value, for evaluation or as
// the start of a re-plan. It is a copy: changing it leaves r as it is.
func (r *Roster) Roster() *roster.Roster { return r.ro.Clone() }

// Status returns where the roster stands.
func (r *Roster) Status() Status { return r.status }

// Adoption returns the decision that adopted the roster, and false when
// it was never adopted.
func (r *Roster) Adoption() (Adoption, bool) { return r.adoption, r.adoption.Decision != "" }

// SupersededBy returns the re-plan that replaced the roster, and false
// when it has not been replaced.
func (r *Roster) SupersededBy() (Supersession, bool) {
	return r.supersedes, r.status == Superseded
}

// Revise replaces the problem and the assignments of a proposed roster:
// the team changed a shift, pinned a cell or solved again before deciding.
// The period stays. An adopted or superseded roster is not changed
// (wijk.ErrConflict): make a new roster and let it supersede this one.
func (r *Roster) Revise(params roster.ProblemParams, as []roster.Assignment) error {
	if err := r.mustBeProposed("roster"); err != nil {
		return err
	}
	if params.Days != r.form.Days {
		return wijk.Invalid("problem.days", "must stay %d, the length of the period; a roster of another period is a new roster", r.form.Days)
	}
	return r.set(r.start, params, as)
}

// Adopt records that the team decision decision adopted the proposed
// roster at at. Adopting a roster that is not proposed is a
// wijk.ErrConflict. Storage checks that the decision is in the team's
// decision log, in force, and adopts this roster as it is
// (consensus.AdoptRoster with its ID and [Roster.Digest]).
func (r *Roster) Adopt(decision wijk.ID, at time.Time) error {
	return r.adopt("roster", decision, at)
}

// Supersede records that the roster by replaced this one at at: a re-plan.
// A proposed roster may be superseded (a newer proposal replaced it before
// the team decided) and so may an adopted one (someone fell ill and the
// team adopted a re-plan); a superseded one is not superseded again
// (wijk.ErrConflict). Storage checks that by is a stored roster of the
// same team whose period overlaps this one's.
func (r *Roster) Supersede(by wijk.ID, at time.Time) error {
	return r.supersede("roster", by, at)
}

// RosterSnapshot is a roster's full state, for storage.
type RosterSnapshot struct {
	PlanHeader
	// Start is the first day of the period.
	Start wijk.Date `json:"start"`
	// Problem is the rostering problem, pins included.
	Problem RosterProblemSnapshot `json:"problem"`
	// Assignments are the working cells.
	Assignments []AssignmentSnapshot `json:"assignments"`
}

// Snapshot returns the roster's full state.
func (r *Roster) Snapshot() RosterSnapshot {
	f := r.form
	return RosterSnapshot{
		PlanHeader: r.lifecycle.snapshot(), Start: r.start,
		Problem: snapRosterProblem(f.Params()), Assignments: snapClone(r.assignments),
	}
}

// RestoreRoster rebuilds a roster from a snapshot, validating it as
// [NewRoster] does and replaying its adoption and supersession.
func RestoreRoster(s RosterSnapshot) (*Roster, error) {
	if err := s.Problem.checkLimits(); err != nil {
		return nil, wijk.InField("problem", err)
	}
	r, err := NewRoster(RosterParams{
		ID: s.ID, Team: s.Team, Start: s.Start, Problem: s.Problem.Params(),
		Assignments: snapList(s.Assignments, AssignmentSnapshot.params), CreatedAt: s.CreatedAt,
	})
	if err != nil {
		return nil, err
	}
	if r.lifecycle, err = restoreLifecycle("roster", s.PlanHeader); err != nil {
		return nil, err
	}
	return r, nil
}

// check refuses what the solver's form cannot hold: a shift type limited
// twice in one contract.
func (p RosterProblemSnapshot) checkLimits() error {
	for i, e := range p.Employees {
		seen := map[string]bool{}
		for j, l := range e.Contract.MaxShifts {
			if seen[l.Shift] {
				return wijk.Invalid(fmt.Sprintf("employees[%d].contract.maxShifts[%d]", i, j), "shift type %q is limited twice", l.Shift)
			}
			seen[l.Shift] = true
		}
	}
	return nil
}
