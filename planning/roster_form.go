package planning

import (
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/team"
)

// The stored form of a rostering problem. It mirrors
// [roster.ProblemParams] field by field, with an explicit name for every
// field, so that the record does not change when the solver's Go types
// are renamed. A contract's per-shift limits, a map in the solver, are a
// list sorted by shift. An empty list is stored as absent.

// RosterProblemSnapshot is a rostering problem as a stored roster keeps it.
type RosterProblemSnapshot struct {
	Days           int                  `json:"days"`
	FirstWeekday   time.Weekday         `json:"first_weekday"`
	MinRestMinutes int                  `json:"min_rest_minutes"`
	Shifts         []ShiftTypeSnapshot  `json:"shifts"`
	Employees      []EmployeeSnapshot   `json:"employees"`
	Cover          []CoverSnapshot      `json:"cover"`
	OnRequests     []RequestSnapshot    `json:"on_requests"`
	OffRequests    []RequestSnapshot    `json:"off_requests"`
	Pins           []AssignmentSnapshot `json:"pins"`
}

// ShiftTypeSnapshot is [roster.ShiftTypeParams].
type ShiftTypeSnapshot struct {
	ID            string   `json:"id"`
	StartMinute   int      `json:"start_minute"`
	Minutes       int      `json:"minutes"`
	NotFollowedBy []string `json:"not_followed_by"`
}

// EmployeeSnapshot is [roster.EmployeeParams].
type EmployeeSnapshot struct {
	ID       string           `json:"id"`
	Level    team.Level       `json:"level"`
	Contract ContractSnapshot `json:"contract"`
	DaysOff  []int            `json:"days_off"`
	History  []string         `json:"history"`
}

// ContractSnapshot is [roster.Contract].
type ContractSnapshot struct {
	// MaxShifts is the contract's map of limits per shift type, as a list
	// sorted by shift type.
	MaxShifts         []ShiftLimitSnapshot `json:"max_shifts"`
	MaxMinutes        int                  `json:"max_minutes"`
	MinMinutes        int                  `json:"min_minutes"`
	MaxConsecutive    int                  `json:"max_consecutive"`
	MinConsecutive    int                  `json:"min_consecutive"`
	MinConsecutiveOff int                  `json:"min_consecutive_off"`
	MaxWeekends       int                  `json:"max_weekends"`
}

// ShiftLimitSnapshot is one entry of [roster.Contract].MaxShifts.
type ShiftLimitSnapshot struct {
	Shift string `json:"shift"`
	Max   int    `json:"max"`
}

// CoverSnapshot is [roster.CoverParams].
type CoverSnapshot struct {
	Day         int        `json:"day"`
	Shift       string     `json:"shift"`
	Level       team.Level `json:"level"`
	Required    int        `json:"required"`
	UnderWeight int        `json:"under_weight"`
	OverWeight  int        `json:"over_weight"`
}

// RequestSnapshot is [roster.RequestParams].
type RequestSnapshot struct {
	Employee string `json:"employee"`
	Day      int    `json:"day"`
	Shift    string `json:"shift"`
	Weight   int    `json:"weight"`
}

// AssignmentSnapshot is [roster.Assignment]: a cell of a roster or a pin.
type AssignmentSnapshot struct {
	Employee string `json:"employee"`
	Day      int    `json:"day"`
	Shift    string `json:"shift"`
}

// snapList maps xs with f; an empty list gives nil, the one form an empty
// list has in a stored plan.
func snapList[A, B any](xs []A, f func(A) B) []B {
	if len(xs) == 0 {
		return nil
	}
	out := make([]B, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// snapClone returns a copy of xs, nil when it is empty.
func snapClone[T any](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	return slices.Clone(xs)
}

func snapRosterProblem(p roster.ProblemParams) RosterProblemSnapshot {
	return RosterProblemSnapshot{
		Days: p.Days, FirstWeekday: p.FirstWeekday, MinRestMinutes: p.MinRestMinutes,
		Shifts: snapList(p.Shifts, func(s roster.ShiftTypeParams) ShiftTypeSnapshot {
			return ShiftTypeSnapshot{ID: s.ID, StartMinute: s.StartMinute, Minutes: s.Minutes, NotFollowedBy: snapClone(s.NotFollowedBy)}
		}),
		Employees: snapList(p.Employees, func(e roster.EmployeeParams) EmployeeSnapshot {
			k := e.Contract
			var limits []ShiftLimitSnapshot
			for s, n := range k.MaxShifts {
				limits = append(limits, ShiftLimitSnapshot{Shift: s, Max: n})
			}
			slices.SortFunc(limits, func(a, b ShiftLimitSnapshot) int { return strings.Compare(a.Shift, b.Shift) })
			return EmployeeSnapshot{
				ID: e.ID, Level: e.Level, DaysOff: snapClone(e.DaysOff), History: snapClone(e.History),
				Contract: ContractSnapshot{
					MaxShifts: limits, MaxMinutes: k.MaxMinutes, MinMinutes: k.MinMinutes,
					MaxConsecutive: k.MaxConsecutive, MinConsecutive: k.MinConsecutive,
					MinConsecutiveOff: k.MinConsecutiveOff, MaxWeekends: k.MaxWeekends,
				},
			}
		}),
		Cover: snapList(p.Cover, func(c roster.CoverParams) CoverSnapshot {
			return CoverSnapshot{Day: c.Day, Shift: c.Shift, Level: c.Level, Required: c.Required, UnderWeight: c.UnderWeight, OverWeight: c.OverWeight}
		}),
		OnRequests:  snapList(p.OnRequests, snapRequest),
		OffRequests: snapList(p.OffRequests, snapRequest),
		Pins:        snapList(p.Pins, snapAssignment),
	}
}

func snapRequest(r roster.RequestParams) RequestSnapshot {
	return RequestSnapshot{Employee: r.Employee, Day: r.Day, Shift: r.Shift, Weight: r.Weight}
}

func snapAssignment(a roster.Assignment) AssignmentSnapshot {
	return AssignmentSnapshot{Employee: a.Employee, Day: a.Day, Shift: a.Shift}
}

func (a AssignmentSnapshot) params() roster.Assignment {
	return roster.Assignment{Employee: a.Employee, Day: a.Day, Shift: a.Shift}
}

func (r RequestSnapshot) params() roster.RequestParams {
	return roster.RequestParams{Employee: r.Employee, Day: r.Day, Shift: r.Shift, Weight: r.Weight}
}

// Params returns the problem as the solver takes it.
func (p RosterProblemSnapshot) Params() roster.ProblemParams {
	return roster.ProblemParams{
		Days: p.Days, FirstWeekday: p.FirstWeekday, MinRestMinutes: p.MinRestMinutes,
		Shifts: snapList(p.Shifts, func(s ShiftTypeSnapshot) roster.ShiftTypeParams {
			return roster.ShiftTypeParams{ID: s.ID, StartMinute: s.StartMinute, Minutes: s.Minutes, NotFollowedBy: snapClone(s.NotFollowedBy)}
		}),
		Employees: snapList(p.Employees, func(e EmployeeSnapshot) roster.EmployeeParams {
			k := e.Contract
			var limits map[string]int
			if len(k.MaxShifts) > 0 {
				limits = make(map[string]int, len(k.MaxShifts))
				for _, l := range k.MaxShifts {
					limits[l.Shift] = l.Max
				}
			}
			return roster.EmployeeParams{
				ID: e.ID, Level: e.Level, DaysOff: snapClone(e.DaysOff), History: snapClone(e.History),
				Contract: roster.Contract{
					MaxShifts: limits, MaxMinutes: k.MaxMinutes, MinMinutes: k.MinMinutes,
					MaxConsecutive: k.MaxConsecutive, MinConsecutive: k.MinConsecutive,
					MinConsecutiveOff: k.MinConsecutiveOff, MaxWeekends: k.MaxWeekends,
				},
			}
		}),
		Cover: snapList(p.Cover, func(c CoverSnapshot) roster.CoverParams {
			return roster.CoverParams{Day: c.Day, Shift: c.Shift, Level: c.Level, Required: c.Required, UnderWeight: c.UnderWeight, OverWeight: c.OverWeight}
		}),
		OnRequests:  snapList(p.OnRequests, RequestSnapshot.params),
		OffRequests: snapList(p.OffRequests, RequestSnapshot.params),
		Pins:        snapList(p.Pins, AssignmentSnapshot.params),
	}
}
