package roster

import (
	"fmt"

	"github.com/wijkzorg/wijk"
)

// Roster says, for one problem, which shift each employee works on each
// day of the horizon (or that the day is off). A new roster is all days
// off. A Roster is not safe for concurrent writes.
type Roster struct {
	p     *Problem
	cells []int8 // [e*days+d]: offCell or a shift index
}

// NewRoster returns a roster for p with every day off and then every pin
// of p applied. A nil p, or one not made by [NewProblem], is an error
// matching [wijk.ErrInvalid].
func NewRoster(p *Problem) (*Roster, error) {
	if err := p.check("problem"); err != nil {
		return nil, err
	}
	return newRoster(p), nil
}

// check returns an error naming arg unless p was made by [NewProblem].
func (pr *Problem) check(arg string) error {
	if pr == nil {
		return wijk.Invalid(arg, "is required")
	}
	if pr.shiftIdx == nil {
		return wijk.Invalid(arg, "must be made by NewProblem")
	}
	return nil
}

func newRoster(p *Problem) *Roster {
	r := &Roster{p: p, cells: make([]int8, p.nE*p.days)}
	for i := range r.cells {
		r.cells[i] = offCell
		if k := p.pin[i]; k != noPin {
			r.cells[i] = k
		}
	}
	return r
}

// RosterFromAssignments builds a roster for p from working assignments
// (an Assignment with Shift "" sets a day off). Everything not listed is
// off; pins are not applied, so a roster read back from storage is exactly
// what was stored. An employee given two shifts on one day is an error.
func RosterFromAssignments(p *Problem, as []Assignment) (*Roster, error) {
	if err := p.check("problem"); err != nil {
		return nil, err
	}
	r := &Roster{p: p, cells: make([]int8, p.nE*p.days)}
	for i := range r.cells {
		r.cells[i] = offCell
	}
	seen := make([]bool, len(r.cells))
	for i, a := range as {
		e, d, k, err := p.cell(a)
		if err != nil {
			return nil, wijk.InField(fmt.Sprintf("assignments[%d]", i), err)
		}
		if seen[e*p.days+d] {
			return nil, wijk.Invalid(fmt.Sprintf("assignments[%d]", i), "employee %q already has an assignment on day %d", a.Employee, d)
		}
		seen[e*p.days+d] = true
		r.cells[e*p.days+d] = k
	}
	return r, nil
}

// Problem returns the problem the roster belongs to.
func (r *Roster) Problem() *Problem {
	if r == nil {
		return nil
	}
	return r.p
}

// check returns an error unless r was made by this package's functions:
// a nil or zero Roster has no problem.
func (r *Roster) check() error {
	if r == nil {
		return wijk.Invalid("roster", "is required")
	}
	return r.p.check("roster")
}

// Clone returns an independent copy.
func (r *Roster) Clone() *Roster {
	if r == nil {
		return nil
	}
	return &Roster{p: r.p, cells: append([]int8(nil), r.cells...)}
}

// Shift returns the shift the employee works on day ("" when off).
func (r *Roster) Shift(employee string, day int) (string, error) {
	if err := r.check(); err != nil {
		return "", err
	}
	e, ok := r.p.empIdx[employee]
	if !ok {
		return "", wijk.NotFoundf("roster: no employee %q", employee)
	}
	if day < 0 || day >= r.p.days {
		return "", wijk.Invalid("day", "must be between 0 and %d, got %d", r.p.days-1, day)
	}
	return r.p.shiftName(r.cells[e*r.p.days+day]), nil
}

// Set puts the employee on shift on day ("" for a day off). It does not
// check contracts: [Roster.Evaluate] reports what the roster breaks.
func (r *Roster) Set(employee string, day int, shift string) error {
	if err := r.check(); err != nil {
		return err
	}
	e, d, k, err := r.p.cell(Assignment{Employee: employee, Day: day, Shift: shift})
	if err != nil {
		return err
	}
	r.cells[e*r.p.days+d] = k
	return nil
}

// Assignments returns the working assignments, employees in problem order
// and days ascending.
func (r *Roster) Assignments() []Assignment {
	var out []Assignment
	if r.check() != nil {
		return nil
	}
	for e := range r.p.nE {
		for d := range r.p.days {
			if k := r.cells[e*r.p.days+d]; k >= 0 {
				out = append(out, Assignment{Employee: r.p.params.Employees[e].ID, Day: d, Shift: r.p.params.Shifts[k].ID})
			}
		}
	}
	return out
}

// Changes returns the cells where other differs from r, as they are in
// other (Shift "" for a day off), employees in problem order and days
// ascending. Both rosters must belong to the same problem.
func (r *Roster) Changes(other *Roster) ([]Assignment, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	if other == nil || other.p != r.p {
		return nil, wijk.Invalid("other", "must be a roster of the same problem")
	}
	var out []Assignment
	for i, k := range r.cells {
		if other.cells[i] != k {
			e, d := i/r.p.days, i%r.p.days
			out = append(out, Assignment{Employee: r.p.params.Employees[e].ID, Day: d, Shift: r.p.shiftName(other.cells[i])})
		}
	}
	return out, nil
}

func (pr *Problem) shiftName(k int8) string {
	if k < 0 {
		return ""
	}
	return pr.params.Shifts[k].ID
}
