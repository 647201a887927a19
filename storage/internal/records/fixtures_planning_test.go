package records_test

import (
	"time"

	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

func fullPlanHeader(id int) planning.PlanHeader {
	return planning.PlanHeader{
		ID: fid(id), Team: fid(1), CreatedAt: at2, Status: planning.Superseded,
		AdoptedBy: fid(15), AdoptedAt: at1, SupersededBy: fid(id + 1), SupersededAt: at3,
	}
}

func fullRoster() planning.RosterSnapshot {
	return planning.RosterSnapshot{
		PlanHeader: fullPlanHeader(50),
		Start:      day1,
		Problem: planning.RosterProblemSnapshot{
			Days: 7, FirstWeekday: time.Monday, MinRestMinutes: 11 * 60,
			Shifts: []planning.ShiftTypeSnapshot{{ID: "L", StartMinute: 15 * 60, Minutes: 8 * 60, NotFollowedBy: []string{"E"}}},
			Employees: []planning.EmployeeSnapshot{{
				ID: string(fid(3)), Level: team.Level4,
				Contract: planning.ContractSnapshot{
					MaxShifts:  []planning.ShiftLimitSnapshot{{Shift: "L", Max: 3}},
					MaxMinutes: 2400, MinMinutes: 960, MaxConsecutive: 5, MinConsecutive: 2, MinConsecutiveOff: 2, MaxWeekends: 1,
				},
				DaysOff: []int{5, 6}, History: []string{"E", "L"},
			}},
			Cover:       []planning.CoverSnapshot{{Day: 1, Shift: "L", Level: team.Level4, Required: 2, UnderWeight: 100, OverWeight: 1}},
			OnRequests:  []planning.RequestSnapshot{{Employee: string(fid(3)), Day: 2, Shift: "L", Weight: 3}},
			OffRequests: []planning.RequestSnapshot{{Employee: string(fid(3)), Day: 3, Shift: "E", Weight: 2}},
			Pins:        []planning.AssignmentSnapshot{{Employee: string(fid(3)), Day: 4, Shift: "L"}},
		},
		Assignments: []planning.AssignmentSnapshot{{Employee: string(fid(3)), Day: 1, Shift: "L"}},
	}
}

func fullDayPlan() planning.DayPlanSnapshot {
	start, now := 545.5, 600.25
	return planning.DayPlanSnapshot{
		PlanHeader: fullPlanHeader(60),
		Day:        day1,
		Problem: planning.VisitProblemSnapshot{
			Locations: []planning.LocationSnapshot{{ID: "office", X: 252850.5, Y: 471630.25}},
			Travel:    [][]float64{{1.5}},
			Speed:     250,
			Nurses: []planning.NurseSnapshot{{
				ID: "anouk", Level: team.Level4, Abilities: []string{"wound care"}, ShiftStart: 420, ShiftEnd: 930, Start: "office", End: "home",
			}},
			Visits: []planning.VisitSnapshot{{
				ID: "v1", Client: "c1", Location: "office", Open: 480, Close: 540, Duration: 20.5, Ability: "wound care",
				Level: team.Level4, Nurse: "anouk", Start: &start, Excluded: []string{"bas"},
			}},
			Links:     []planning.LinkSnapshot{{First: "v1", Second: "v2", Kind: visit.Sequential, MinGap: 10, MaxGap: 30}},
			Clients:   []planning.ClientSnapshot{{ID: "c1", Known: []string{"anouk"}, Undesired: []string{"bas"}}},
			Objective: planning.ObjectiveSnapshot{Travel: 1, TotalTardiness: 1, MaxTardiness: 2, Overtime: 2, Continuity: 30, Unassigned: 1e6},
			Now:       &now, AllowUnqualified: true,
		},
		Routes: []planning.RouteSnapshot{{Nurse: "anouk", Visits: []string{"v1", "v2"}}},
	}
}
