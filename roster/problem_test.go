package roster

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// free is a contract with no limits at all.
func free() Contract {
	return Contract{MaxMinutes: NoLimit, MaxConsecutive: NoLimit, MaxWeekends: NoLimit}
}

// smallParams is a week (day 0 a Monday) with an early and a late shift
// (an early may not follow a late) and three employees without limits.
func smallParams() ProblemParams {
	return ProblemParams{
		Days:         7,
		FirstWeekday: time.Monday,
		Shifts: []ShiftTypeParams{
			{ID: "E", StartMinute: 7 * 60, Minutes: 480},
			{ID: "L", StartMinute: 15 * 60, Minutes: 480, NotFollowedBy: []string{"E"}},
		},
		Employees: []EmployeeParams{
			{ID: "ann", Level: team.Level5, Contract: free()},
			{ID: "bob", Level: team.Level4, Contract: free()},
			{ID: "cas", Contract: free()},
		},
	}
}

func mustProblem(t testing.TB, p ProblemParams) *Problem {
	t.Helper()
	pr, err := NewProblem(p)
	require.NoError(t, err)
	return pr
}

func TestNewProblemRejectsBadInput(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *ProblemParams)
		field string
	}{
		{"no days", func(p *ProblemParams) { p.Days = 0 }, "days"},
		{"too many days", func(p *ProblemParams) { p.Days = MaxDays + 1 }, "days"},
		{"bad weekday", func(p *ProblemParams) { p.FirstWeekday = 9 }, "firstWeekday"},
		{"no shifts", func(p *ProblemParams) { p.Shifts = nil }, "shifts"},
		{"empty shift id", func(p *ProblemParams) { p.Shifts[0].ID = "" }, "shifts[0].id"},
		{"comma in id", func(p *ProblemParams) { p.Shifts[0].ID = "E,1" }, "shifts[0].id"},
		{"duplicate shift", func(p *ProblemParams) { p.Shifts[1].ID = "E" }, "shifts[1].id"},
		{"zero length", func(p *ProblemParams) { p.Shifts[0].Minutes = 0 }, "shifts[0].minutes"},
		{"start out of day", func(p *ProblemParams) { p.Shifts[0].StartMinute = 1440 }, "shifts[0].startMinute"},
		{"unknown follower", func(p *ProblemParams) { p.Shifts[1].NotFollowedBy = []string{"X"} }, "shifts[1].notFollowedBy[0]"},
		{"no employees", func(p *ProblemParams) { p.Employees = nil }, "employees"},
		{"duplicate employee", func(p *ProblemParams) { p.Employees[2].ID = "ann" }, "employees[2].id"},
		{"bad level", func(p *ProblemParams) { p.Employees[0].Level = 7 }, "employees[0].level"},
		{"unknown max shift type", func(p *ProblemParams) { p.Employees[0].Contract.MaxShifts = map[string]int{"X": 1} }, "employees[0].contract.maxShifts[X]"},
		{"negative max shifts", func(p *ProblemParams) { p.Employees[0].Contract.MaxShifts = map[string]int{"E": -4} }, "employees[0].contract.maxShifts[E]"},
		{"zero max minutes", func(p *ProblemParams) { p.Employees[1].Contract.MaxMinutes = 0 }, "employees[1].contract.maxMinutes"},
		{"min above max minutes", func(p *ProblemParams) {
			p.Employees[1].Contract.MaxMinutes = 100
			p.Employees[1].Contract.MinMinutes = 200
		}, "employees[1].contract.minMinutes"},
		{"min above max consecutive", func(p *ProblemParams) {
			p.Employees[1].Contract.MaxConsecutive = 2
			p.Employees[1].Contract.MinConsecutive = 3
		}, "employees[1].contract.minConsecutive"},
		{"negative weekends", func(p *ProblemParams) { p.Employees[0].Contract.MaxWeekends = -3 }, "employees[0].contract.maxWeekends"},
		{"day off outside horizon", func(p *ProblemParams) { p.Employees[0].DaysOff = []int{7} }, "employees[0].daysOff[0]"},
		{"unknown history shift", func(p *ProblemParams) { p.Employees[0].History = []string{"", "Q"} }, "employees[0].history[1]"},
		{"cover day", func(p *ProblemParams) { p.Cover = []CoverParams{{Day: -1, Shift: "E"}} }, "cover[0].day"},
		{"cover shift", func(p *ProblemParams) { p.Cover = []CoverParams{{Day: 1, Shift: "N"}} }, "cover[0].shift"},
		{"cover level", func(p *ProblemParams) { p.Cover = []CoverParams{{Day: 1, Shift: "E", Level: 2}} }, "cover[0].level"},
		{"cover weight", func(p *ProblemParams) { p.Cover = []CoverParams{{Day: 1, Shift: "E", UnderWeight: -1}} }, "cover[0].underWeight"},
		{"duplicate cover", func(p *ProblemParams) {
			p.Cover = []CoverParams{{Day: 1, Shift: "E", Required: 1}, {Day: 1, Shift: "E", Required: 2}}
		}, "cover[1]"},
		{"request employee", func(p *ProblemParams) {
			p.OnRequests = []RequestParams{{Employee: "zed", Day: 1, Shift: "E", Weight: 1}}
		}, "onRequests[0].employee"},
		{"on request without shift", func(p *ProblemParams) { p.OnRequests = []RequestParams{{Employee: "ann", Day: 1, Weight: 1}} }, "onRequests[0].shift"},
		{"request weight", func(p *ProblemParams) { p.OffRequests = []RequestParams{{Employee: "ann", Day: 1, Shift: "E"}} }, "offRequests[0].weight"},
		{"pin day", func(p *ProblemParams) { p.Pins = []Assignment{{Employee: "ann", Day: 9}} }, "pins[0].day"},
		{"shift over a day", func(p *ProblemParams) { p.Shifts[0].Minutes = 24*60 + 1 }, "shifts[0].minutes"},
		{"huge shift", func(p *ProblemParams) { p.Shifts[0].Minutes = 1 << 60 }, "shifts[0].minutes"},
		{"huge rest", func(p *ProblemParams) { p.MinRestMinutes = 1 << 40 }, "minRestMinutes"},
		{"huge horizon", func(p *ProblemParams) { p.Days = 1 << 50 }, "days"},
		{"max minutes beyond the longest horizon", func(p *ProblemParams) { p.Employees[0].Contract.MaxMinutes = MaxDays*24*60 + 1 }, "employees[0].contract.maxMinutes"},
		{"huge cover", func(p *ProblemParams) { p.Cover = []CoverParams{{Day: 1, Shift: "E", Required: 1 << 40}} }, "cover[0].required"},
		{"huge cover weight", func(p *ProblemParams) { p.Cover = []CoverParams{{Day: 1, Shift: "E", OverWeight: MaxWeight + 1}} }, "cover[0].overWeight"},
		{"huge request weight", func(p *ProblemParams) {
			p.OnRequests = []RequestParams{{Employee: "ann", Day: 1, Shift: "E", Weight: MaxWeight + 1}}
		}, "onRequests[0].weight"},
		{"requests on one day too heavy together", func(p *ProblemParams) {
			// each weight is allowed; their sum would overflow the
			// per-cell cost without the bound
			for range 3000 {
				p.OffRequests = append(p.OffRequests, RequestParams{Employee: "ann", Day: 1, Weight: MaxWeight})
			}
		}, "offRequests[100].weight"},
		{"pinned twice", func(p *ProblemParams) {
			p.Pins = []Assignment{{Employee: "ann", Day: 1}, {Employee: "ann", Day: 1, Shift: "E"}}
		}, "pins[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := smallParams()
			tt.edit(&p)
			_, err := NewProblem(p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			var ve *wijk.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Equal(t, tt.field, ve.Field, err.Error())
		})
	}
}

func TestProblemParamsRoundTrip(t *testing.T) {
	p := smallParams()
	p.Employees[0].Contract.MaxShifts = map[string]int{"L": 2}
	p.Employees[0].History = []string{"L", ""}
	p.Cover = []CoverParams{{Day: 0, Shift: "E", Required: 2, UnderWeight: 100, OverWeight: 1}}
	p.OffRequests = []RequestParams{{Employee: "bob", Day: 3, Weight: 2}}
	p.Pins = []Assignment{{Employee: "cas", Day: 2, Shift: "L"}}
	pr := mustProblem(t, p)
	got := pr.Params()
	if diff := cmp.Diff(p, got); diff != "" {
		t.Fatalf("params (-want +got):\n%s", diff)
	}
	// the copy is independent of the problem
	got.Employees[0].Contract.MaxShifts["L"] = 9
	require.Equal(t, 2, pr.Params().Employees[0].Contract.MaxShifts["L"])
	again := mustProblem(t, got)
	require.Equal(t, 9, again.Params().Employees[0].Contract.MaxShifts["L"])
}

func TestMinimumRestDerivesCannotFollow(t *testing.T) {
	p := smallParams()
	p.Shifts = append(p.Shifts, ShiftTypeParams{ID: "N", StartMinute: 23 * 60, Minutes: 480})
	p.MinRestMinutes = 11 * 60
	pr := mustProblem(t, p)
	// L ends 23:00, E starts 07:00: 8 h rest (and listed anyway)
	require.True(t, pr.CannotFollow("L", "E"))
	// N ends at 07:00 on the next day, just when that day's E starts (no
	// rest), and 8 h before its L starts
	require.True(t, pr.CannotFollow("N", "L"))
	require.True(t, pr.CannotFollow("N", "E"))
	// E ends 15:00, N starts 23:00 next day: 32 h
	require.False(t, pr.CannotFollow("E", "N"))
	require.False(t, pr.CannotFollow("E", "L"))
	require.Equal(t, []string{"E", "L", "N"}, pr.ShiftIDs())
	require.Equal(t, time.Saturday, pr.Weekday(5))
}

func TestWithPinsAddsPins(t *testing.T) {
	pr := mustProblem(t, smallParams())
	q, err := pr.WithPins(Assignment{Employee: "bob", Day: 4})
	require.NoError(t, err)
	require.Equal(t, []Assignment{{Employee: "bob", Day: 4}}, q.Pins())
	require.Empty(t, pr.Pins())
	_, err = pr.WithPins(Assignment{Employee: "nobody", Day: 4})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.True(t, strings.Contains(err.Error(), "pins[0].employee"), err.Error())
}

func FuzzNewProblem(f *testing.F) {
	f.Add(7, 0, 480, 2, 3, 1, 5, "E", "ann", 3)
	f.Add(1, 6, 1, 0, 0, 0, 0, "X", "b", 0)
	f.Add(400, 3, 720, -1, 9, 30, -1, "", "", 2)
	f.Fuzz(func(t *testing.T, days, weekday, minutes, maxCons, minCons, minOff, maxWE int, shift, emp string, pinDay int) {
		p := ProblemParams{
			Days:         days,
			FirstWeekday: time.Weekday(weekday),
			Shifts:       []ShiftTypeParams{{ID: shift, Minutes: minutes, NotFollowedBy: []string{shift}}},
			Employees: []EmployeeParams{{ID: emp, Contract: Contract{
				MaxMinutes: NoLimit, MaxConsecutive: maxCons, MinConsecutive: minCons,
				MinConsecutiveOff: minOff, MaxWeekends: maxWE}}},
			Cover: []CoverParams{{Day: pinDay, Shift: shift, Required: 1, UnderWeight: 100, OverWeight: 1}},
			Pins:  []Assignment{{Employee: emp, Day: pinDay, Shift: shift}},
		}
		pr, err := NewProblem(p)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.Equal(t, days, pr.Days())
		r := newRoster(pr)
		got, err := r.Shift(emp, pinDay)
		require.NoError(t, err)
		require.Equal(t, shift, got, "pins are applied to a new roster")
		ev := r.Evaluate()
		require.GreaterOrEqual(t, ev.Penalty, 0)
		for _, v := range ev.Violations {
			require.True(t, v.Rule.Valid())
			require.NotEmpty(t, v.Message)
		}
	})
}
