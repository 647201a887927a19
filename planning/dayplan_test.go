package planning_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster/visit"
)

func TestNewDayPlanKeepsWhatItWasGiven(t *testing.T) {
	p := dayParams()
	d, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	require.Equal(t, planning.Proposed, d.Status())
	require.Equal(t, monday, d.Day())
	diff(t, p.Problem, d.Params())
	diff(t, p.Plan, d.Plan())
	ev, err := visit.Evaluate(d.Problem(), d.Plan())
	require.NoError(t, err)
	require.Empty(t, ev.Violations, "the plan is one the solver's rules accept")

	*p.Problem.Visits[2].Start = 700
	p.Plan.Routes[0].Visits[0] = "v1"
	require.Equal(t, 600.5, *d.Params().Visits[2].Start, "what the caller keeps is a copy")
	diff(t, dayParams().Plan, d.Plan())
}

func TestNewDayPlanRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*planning.DayPlanParams)
		field string
	}{
		{"no id", func(p *planning.DayPlanParams) { p.ID = "" }, "id"},
		{"no day", func(p *planning.DayPlanParams) { p.Day = wijk.Date{} }, "day"},
		{"bad problem", func(p *planning.DayPlanParams) { p.Problem.Nurses = nil }, "problem.nurses"},
		{"unknown nurse", func(p *planning.DayPlanParams) { p.Plan.Routes[1].Nurse = "cor" }, "plan.routes[1].nurse"},
		{"two routes of one nurse", func(p *planning.DayPlanParams) { p.Plan.Routes[1].Nurse = "anouk" }, "plan.routes[1].nurse"},
		{"unknown visit", func(p *planning.DayPlanParams) { p.Plan.Routes[1].Visits = []string{"v9"} }, "plan.routes[1].visits[0]"},
		{"a visit twice", func(p *planning.DayPlanParams) { p.Plan.Routes[1].Visits = []string{"v1", "v2"} }, "plan.routes[1].visits[1]"},
		{"pinned visit on another route", func(p *planning.DayPlanParams) {
			p.Plan.Routes = []visit.Route{{Nurse: "anouk", Visits: []string{"v2"}}, {Nurse: "bas", Visits: []string{"v1", "v3"}}}
		}, "plan.routes[1].visits[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := dayParams()
			tc.edit(&p)
			_, err := planning.NewDayPlan(p)
			requireInvalid(t, err, tc.field)
		})
	}
}

func TestDayPlanLifecycle(t *testing.T) {
	d, err := planning.NewDayPlan(dayParams())
	require.NoError(t, err)
	// Revised while proposed: a visit moved, unassigned v1.
	p := dayParams()
	p.Plan.Routes = p.Plan.Routes[:1]
	require.NoError(t, d.Revise(p.Problem, p.Plan))
	diff(t, p.Plan, d.Plan())
	require.NoError(t, d.Adopt(dec, t0.Add(time.Hour)))
	require.ErrorIs(t, d.Revise(p.Problem, p.Plan), wijk.ErrConflict)
	require.ErrorIs(t, d.Adopt(dec, t0.Add(time.Hour)), wijk.ErrConflict)
	require.NoError(t, d.Supersede(ids[2], t0.Add(2*time.Hour)))
	require.ErrorIs(t, d.Supersede(ids[2], t0.Add(3*time.Hour)), wijk.ErrConflict)
	back, err := planning.RestoreDayPlan(d.Snapshot())
	require.NoError(t, err)
	diff(t, d.Snapshot(), back.Snapshot())
	diff(t, d.Params(), back.Params())
	diff(t, d.Plan(), back.Plan())
}

// A stored plan goes through JSON: what is written reads back the same,
// an empty list included.
func TestDayPlanSnapshotThroughJSON(t *testing.T) {
	p := dayParams()
	p.Problem.Travel = [][]float64{{0, 5, 10}, {5, 0, 5.25}, {10, 5.25, 0}}
	now := 510.0
	p.Problem.Now = &now
	p.Plan.Routes = append(p.Plan.Routes[:1], visit.Route{Nurse: "bas"})
	d, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	b, err := json.Marshal(d.Snapshot())
	require.NoError(t, err)
	var s planning.DayPlanSnapshot
	require.NoError(t, json.Unmarshal(b, &s))
	back, err := planning.RestoreDayPlan(s)
	require.NoError(t, err)
	diff(t, d.Snapshot(), back.Snapshot())
}

// Whatever a damaged record holds, restoring it gives a plan or an error
// matching wijk.ErrInvalid, never a panic; a plan it gives snapshots to
// a record that restores to the same plan.
func FuzzRestoreDayPlan(f *testing.F) {
	d, err := planning.NewDayPlan(dayParams())
	require.NoError(f, err)
	b, err := json.Marshal(d.Snapshot())
	require.NoError(f, err)
	f.Add(b)
	r, err := planning.NewRoster(rosterParams())
	require.NoError(f, err)
	require.NoError(f, r.Adopt(dec, t0.Add(time.Hour)))
	rb, err := json.Marshal(r.Snapshot())
	require.NoError(f, err)
	f.Add(rb)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s planning.DayPlanSnapshot
		if json.Unmarshal(data, &s) == nil {
			if d, err := planning.RestoreDayPlan(s); err != nil {
				require.ErrorIs(t, err, wijk.ErrInvalid)
			} else {
				again, err := planning.RestoreDayPlan(d.Snapshot())
				require.NoError(t, err)
				diff(t, d.Snapshot(), again.Snapshot())
			}
		}
		var rs planning.RosterSnapshot
		if json.Unmarshal(data, &rs) == nil {
			if r, err := planning.RestoreRoster(rs); err != nil {
				require.ErrorIs(t, err, wijk.ErrInvalid)
			} else {
				again, err := planning.RestoreRoster(r.Snapshot())
				require.NoError(t, err)
				diff(t, r.Snapshot(), again.Snapshot())
			}
		}
	})
}
