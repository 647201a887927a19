package planning

import (
	"slices"
	"time"

	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/team"
)

// The stored form of a rostering problem. It mirrors
// [roster.ProblemParams] field by field, with an explicit name for every
// field, so that the record does not change when the solver's Go types
// are renamed. A contract's per-shift limits, a map in the solver, are a
// list sorted by shift. An empty list is stored as absent.

// RosterProblem is a rostering problem as a stored roster keeps it.
type RosterProblem struct {
	Days           int                `json:"days"`
	FirstWeekday   time.Weekday       `json:"first_weekday"`
	MinRestMinutes int                `json:"min_rest_minutes"`
	Shifts         []RosterShift      `json:"shifts"`
	Employees      []RosterEmployee   `json:"employees"`
	Cover          []RosterCover      `json:"cover"`
	OnRequests     []RosterRequest    `json:"on_requests"`
	OffRequests    []RosterRequest    `json:"off_requests"`
	Pins           []RosterAssignment `json:"pins"`
}

// RosterShift is [roster.ShiftTypeParams].
type RosterShift struct {
	ID            string   `json:"id"`
	StartMinute   int      `json:"start_minute"`
	Minutes       int      `json:"minutes"`
	NotFollowedBy []string `json:"not_followed_by"`
}

// RosterEmployee is [roster.EmployeeParams].
type RosterEmployee struct {
	ID       string         `json:"id"`
	Level    team.Level     `json:"level"`
	Contract RosterContract `json:"contract"`
	DaysOff  []int          `json:"days_off"`
	History  []string       `json:"history"`
}

// RosterContract is [roster.Contract].
type RosterContract struct {
	// MaxShifts is the contract's map of limits per shift type, as a list
	// sorted by shift type.
	MaxShifts         []RosterShiftLimit `json:"max_shifts"`
	MaxMinutes        int                `json:"max_minutes"`
	MinMinutes        int                `json:"min_minutes"`
	MaxConsecutive    int                `json:"max_consecutive"`
	MinConsecutive    int                `json:"min_consecutive"`
	MinConsecutiveOff int                `json:"min_consecutive_off"`
	MaxWeekends       int                `json:"max_weekends"`
}

// RosterShiftLimit is one entry of [roster.Contract].MaxShifts.
type RosterShiftLimit struct {
	Shift string `json:"shift"`
	Max   int    `json:"max"`
}

// RosterCover is [roster.CoverParams].
type RosterCover struct {
	Day         int        `json:"day"`
	Shift       string     `json:"shift"`
	Level       team.Level `json:"level"`
	Required    int        `json:"required"`
	UnderWeight int        `json:"under_weight"`
	OverWeight  int        `json:"over_weight"`
}

// RosterRequest is [roster.RequestParams].
type RosterRequest struct {
	Employee string `json:"employee"`
	Day      int    `json:"day"`
	Shift    string `json:"shift"`
	Weight   int    `json:"weight"`
}

// RosterAssignment is [roster.Assignment]: a cell of a roster or a pin.
type RosterAssignment struct {
	Employee string `json:"employee"`
	Day      int    `json:"day"`
	Shift    string `json:"shift"`
}

// convert maps xs with f; an empty list gives nil, the one form an empty
// list has in a stored plan.
func convert[A, B any](xs []A, f func(A) B) []B {
	if len(xs) == 0 {
		return nil
	}
	out := make([]B, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// orNil returns a copy of xs, nil when it is empty.
func orNil[T any](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	return slices.Clone(xs)
}

func rosterProblemOf(p roster.ProblemParams) RosterProblem {
	return RosterProblem{
		Days: p.Days, FirstWeekday: p.FirstWeekday, MinRestMinutes: p.MinRestMinutes,
		Shifts: convert(p.Shifts, func(s roster.ShiftTypeParams) RosterShift {
			return RosterShift{ID: s.ID, StartMinute: s.StartMinute, Minutes: s.Minutes, NotFollowedBy: orNil(s.NotFollowedBy)}
		}),
		Employees: convert(p.Employees, func(e roster.EmployeeParams) RosterEmployee {
			k := e.Contract
			var limits []RosterShiftLimit
			for s, n := range k.MaxShifts {
				limits = append(limits, RosterShiftLimit{Shift: s, Max: n})
			}
			slices.SortFunc(limits, func(a, b RosterShiftLimit) int { return compareStrings(a.Shift, b.Shift) })
			return RosterEmployee{
				ID: e.ID, Level: e.Level, DaysOff: orNil(e.DaysOff), History: orNil(e.History),
				Contract: RosterContract{
					MaxShifts: limits, MaxMinutes: k.MaxMinutes, MinMinutes: k.MinMinutes,
					MaxConsecutive: k.MaxConsecutive, MinConsecutive: k.MinConsecutive,
					MinConsecutiveOff: k.MinConsecutiveOff, MaxWeekends: k.MaxWeekends,
				},
			}
		}),
		Cover: convert(p.Cover, func(c roster.CoverParams) RosterCover {
			return RosterCover{Day: c.Day, Shift: c.Shift, Level: c.Level, Required: c.Required, UnderWeight: c.UnderWeight, OverWeight: c.OverWeight}
		}),
		OnRequests:  convert(p.OnRequests, requestOf),
		OffRequests: convert(p.OffRequests, requestOf),
		Pins:        convert(p.Pins, assignmentOf),
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func requestOf(r roster.RequestParams) RosterRequest {
	return RosterRequest{Employee: r.Employee, Day: r.Day, Shift: r.Shift, Weight: r.Weight}
}

func assignmentOf(a roster.Assignment) RosterAssignment {
	return RosterAssignment{Employee: a.Employee, Day: a.Day, Shift: a.Shift}
}

func (a RosterAssignment) params() roster.Assignment {
	return roster.Assignment{Employee: a.Employee, Day: a.Day, Shift: a.Shift}
}

func (r RosterRequest) params() roster.RequestParams {
	return roster.RequestParams{Employee: r.Employee, Day: r.Day, Shift: r.Shift, Weight: r.Weight}
}

// Params returns the problem as the solver takes it.
func (p RosterProblem) Params() roster.ProblemParams {
	return roster.ProblemParams{
		Days: p.Days, FirstWeekday: p.FirstWeekday, MinRestMinutes: p.MinRestMinutes,
		Shifts: convert(p.Shifts, func(s RosterShift) roster.ShiftTypeParams {
			return roster.ShiftTypeParams{ID: s.ID, StartMinute: s.StartMinute, Minutes: s.Minutes, NotFollowedBy: orNil(s.NotFollowedBy)}
		}),
		Employees: convert(p.Employees, func(e RosterEmployee) roster.EmployeeParams {
			k := e.Contract
			var limits map[string]int
			if len(k.MaxShifts) > 0 {
				limits = make(map[string]int, len(k.MaxShifts))
				for _, l := range k.MaxShifts {
					limits[l.Shift] = l.Max
				}
			}
			return roster.EmployeeParams{
				ID: e.ID, Level: e.Level, DaysOff: orNil(e.DaysOff), History: orNil(e.History),
				Contract: roster.Contract{
					MaxShifts: limits, MaxMinutes: k.MaxMinutes, MinMinutes: k.MinMinutes,
					MaxConsecutive: k.MaxConsecutive, MinConsecutive: k.MinConsecutive,
					MinConsecutiveOff: k.MinConsecutiveOff, MaxWeekends: k.MaxWeekends,
				},
			}
		}),
		Cover: convert(p.Cover, func(c RosterCover) roster.CoverParams {
			return roster.CoverParams{Day: c.Day, Shift: c.Shift, Level: c.Level, Required: c.Required, UnderWeight: c.UnderWeight, OverWeight: c.OverWeight}
		}),
		OnRequests:  convert(p.OnRequests, RosterRequest.params),
		OffRequests: convert(p.OffRequests, RosterRequest.params),
		Pins:        convert(p.Pins, RosterAssignment.params),
	}
}
