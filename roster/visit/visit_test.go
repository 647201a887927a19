package visit_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

// line builds a problem on a line: the office at 0 and one location per
// name at the given position; travel is the distance.
func line(places map[string]float64) []visit.LocationParams {
	locs := []visit.LocationParams{{ID: "office"}}
	for _, name := range sortedKeys(places) {
		locs = append(locs, visit.LocationParams{ID: name, X: places[name]})
	}
	return locs
}

func sortedKeys(m map[string]float64) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func nurse(id string, abilities ...string) visit.NurseParams {
	return visit.NurseParams{ID: id, Abilities: abilities, Start: "office"}
}

func vis(id, loc string, open, close, dur float64) visit.VisitParams {
	return visit.VisitParams{ID: id, Client: "client-" + loc, Location: loc, Open: open, Close: close, Duration: dur}
}

func mustProblem(t *testing.T, p visit.ProblemParams) *visit.Problem {
	t.Helper()
	if p.Objective == (visit.Objective{}) {
		p.Objective = visit.MankowskaObjective()
	}
	pr, err := visit.NewProblem(p)
	require.NoError(t, err)
	return pr
}

// starts returns visit ID -> start time.
func starts(ev visit.Evaluation) map[string]float64 {
	out := map[string]float64{}
	for _, r := range ev.Routes {
		for _, st := range r.Stops {
			out[st.Visit] = st.Start
		}
	}
	return out
}

func TestEvaluateTiming(t *testing.T) {
	// Locations on a line: a at 10, b at 20, c at 30.
	locs := line(map[string]float64{"a": 10, "b": 20, "c": 30})
	tests := []struct {
		name   string
		visits []visit.VisitParams
		links  []visit.LinkParams
		plan   visit.Plan
		want   map[string]float64
	}{
		{
			name:   "travel and waiting for the window",
			visits: []visit.VisitParams{vis("v1", "a", 0, 100, 5), vis("v2", "b", 50, 100, 5)},
			plan:   visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"v1", "v2"}}}},
			want:   map[string]float64{"v1": 10, "v2": 50},
		},
		{
			name:   "simultaneous: the early nurse waits for the late one, and her next visit slips",
			visits: []visit.VisitParams{vis("x", "a", 0, 100, 5), vis("d1", "c", 0, 100, 10), vis("d2", "c", 0, 100, 10), vis("after", "b", 0, 100, 5)},
			links:  []visit.LinkParams{{First: "d1", Second: "d2", Kind: visit.Simultaneous}},
			plan: visit.Plan{Routes: []visit.Route{
				{Nurse: "n1", Visits: []string{"d1", "after"}},
				{Nurse: "n2", Visits: []string{"x", "d2"}},
			}},
			// n2: x at 10, ends 15, c at 35. n1 arrives at 30 and waits.
			want: map[string]float64{"x": 10, "d2": 35, "d1": 35, "after": 55},
		},
		{
			name:   "sequential: the second waits for the minimum gap",
			visits: []visit.VisitParams{vis("s1", "a", 0, 100, 5), vis("s2", "a", 0, 100, 5)},
			links:  []visit.LinkParams{{First: "s1", Second: "s2", Kind: visit.Sequential, MinGap: 30, MaxGap: 60}},
			plan: visit.Plan{Routes: []visit.Route{
				{Nurse: "n1", Visits: []string{"s1"}},
				{Nurse: "n2", Visits: []string{"s2"}},
			}},
			want: map[string]float64{"s1": 10, "s2": 40},
		},
		{
			name: "sequential: the first is delayed so the second is within the maximum gap",
			visits: []visit.VisitParams{vis("s1", "a", 0, 200, 5), vis("s2", "a", 0, 200, 5),
				vis("busy", "c", 0, 200, 60)},
			links: []visit.LinkParams{{First: "s1", Second: "s2", Kind: visit.Sequential, MinGap: 10, MaxGap: 20}},
			plan: visit.Plan{Routes: []visit.Route{
				{Nurse: "n1", Visits: []string{"s1"}},
				{Nurse: "n2", Visits: []string{"busy", "s2"}},
			}},
			// n2: busy 30..90, then a at 110; s1 must start at 90 or later.
			want: map[string]float64{"busy": 30, "s2": 110, "s1": 90},
		},
		{
			name: "couplings chain across three routes",
			visits: []visit.VisitParams{vis("p1", "a", 0, 500, 50), vis("q1", "b", 0, 500, 10), vis("q2", "b", 0, 500, 10),
				vis("r1", "c", 0, 500, 10), vis("r2", "c", 0, 500, 10)},
			links: []visit.LinkParams{
				{First: "q1", Second: "q2", Kind: visit.Simultaneous},
				{First: "r1", Second: "r2", Kind: visit.Simultaneous},
			},
			plan: visit.Plan{Routes: []visit.Route{
				{Nurse: "n1", Visits: []string{"p1", "q1"}}, // q1 at 10+50+10 = 70
				{Nurse: "n2", Visits: []string{"q2", "r1"}}, // q2 waits to 70, r1 at 90
				{Nurse: "n3", Visits: []string{"r2"}},       // r2 waits for r1
			}},
			want: map[string]float64{"p1": 10, "q1": 70, "q2": 70, "r1": 90, "r2": 90},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := mustProblem(t, visit.ProblemParams{Locations: locs, Nurses: []visit.NurseParams{nurse("n1"), nurse("n2"), nurse("n3")},
				Visits: tt.visits, Links: tt.links})
			ev := mustEvaluate(t, pr, tt.plan)
			require.True(t, ev.Feasible, "%v", ev.Violations)
			if d := cmp.Diff(tt.want, starts(ev)); d != "" {
				t.Fatalf("starts (-want +got):\n%s", d)
			}
		})
	}
}

func TestEvaluateCost(t *testing.T) {
	locs := line(map[string]float64{"a": 10, "b": 20})
	pr := mustProblem(t, visit.ProblemParams{
		Locations: locs,
		Nurses:    []visit.NurseParams{{ID: "n1", Start: "office", ShiftStart: 0, ShiftEnd: 60}, nurse("n2")},
		Visits:    []visit.VisitParams{vis("v1", "a", 0, 5, 10), vis("v2", "b", 0, 20, 30), vis("v3", "b", 0, 100, 5)},
		Clients:   []visit.ClientParams{{ID: "client-b", Known: []string{"n2"}}},
		Objective: visit.Objective{Travel: 1, TotalTardiness: 2, MaxTardiness: 3, Overtime: 4, Continuity: 5, Unassigned: 1000},
	})
	ev := mustEvaluate(t, pr, visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"v1", "v2"}}}})
	require.True(t, ev.Feasible)
	// v1 at 10 (5 late), v2 at 30 (10 late), ends 60, back at 80: 20 overtime.
	want := visit.Cost{Travel: 40, TotalTardiness: 15, MaxTardiness: 10, Overtime: 20, Continuity: 1, Unassigned: 1,
		Total: 40 + 2*15 + 3*10 + 4*20 + 5 + 1000}
	if d := cmp.Diff(want, ev.Cost); d != "" {
		t.Fatalf("cost (-want +got):\n%s", d)
	}
	require.Equal(t, []string{"v3"}, ev.Unassigned)
	require.Equal(t, 80.0, ev.Routes[0].Back)
	require.Equal(t, visit.ScheduledRoute{Nurse: "n2", Back: 0}, ev.Routes[1])
	require.InDelta(t, 40.0/3+15.0/3+10.0/3, ev.Cost.Mankowska(), 1e-12)
}

func TestEvaluateViolations(t *testing.T) {
	locs := line(map[string]float64{"a": 10, "b": 20})
	pinAt := 5.0
	p := visit.ProblemParams{
		Locations: locs,
		Nurses:    []visit.NurseParams{nurse("n1", "wound"), {ID: "n2", Start: "office", Level: team.Level3}},
		Visits: []visit.VisitParams{
			{ID: "wound", Client: "c1", Location: "a", Open: 0, Close: 100, Duration: 5, Ability: "wound"},
			{ID: "assess", Client: "c1", Location: "a", Open: 0, Close: 100, Duration: 5, Level: team.Level5},
			{ID: "cat", Client: "c2", Location: "b", Open: 0, Close: 100, Duration: 5},
			{ID: "pinned", Client: "c3", Location: "b", Open: 0, Close: 100, Duration: 5, Nurse: "n1"},
			{ID: "early", Client: "c3", Location: "b", Open: 0, Close: 100, Duration: 5, Start: &pinAt},
			{ID: "not-n2", Client: "c4", Location: "a", Open: 0, Close: 100, Duration: 5, Excluded: []string{"n2"}},
			{ID: "d1", Client: "c5", Location: "a", Open: 0, Close: 100, Duration: 5},
			{ID: "d2", Client: "c5", Location: "a", Open: 0, Close: 100, Duration: 5},
			{ID: "e1", Client: "c6", Location: "b", Open: 0, Close: 100, Duration: 5},
			{ID: "e2", Client: "c6", Location: "b", Open: 0, Close: 100, Duration: 5},
		},
		Links: []visit.LinkParams{
			{First: "d1", Second: "d2", Kind: visit.Simultaneous},
			{First: "e1", Second: "e2", Kind: visit.Simultaneous},
		},
		Clients: []visit.ClientParams{{ID: "c2", Undesired: []string{"n2"}}},
		// no nurse has level 5: "assess" shows the level rule
		AllowUnqualified: true,
	}
	pr := mustProblem(t, p)
	kinds := func(ev visit.Evaluation) []visit.ViolationKind {
		var ks []visit.ViolationKind
		for _, v := range ev.Violations {
			ks = append(ks, v.Kind)
			require.NotEmpty(t, v.Message)
		}
		return ks
	}
	tests := []struct {
		name string
		plan visit.Plan
		want []visit.ViolationKind
	}{
		{"ability", visit.Plan{Routes: []visit.Route{{Nurse: "n2", Visits: []string{"wound"}}}}, []visit.ViolationKind{visit.Unqualified}},
		{"level", visit.Plan{Routes: []visit.Route{{Nurse: "n2", Visits: []string{"assess"}}}}, []visit.ViolationKind{visit.Unqualified}},
		{"no level stated", visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"assess"}}}}, []visit.ViolationKind{visit.Unqualified}},
		{"undesired pair", visit.Plan{Routes: []visit.Route{{Nurse: "n2", Visits: []string{"cat"}}}}, []visit.ViolationKind{visit.UndesiredPair}},
		{"pinned to another nurse", visit.Plan{Routes: []visit.Route{{Nurse: "n2", Visits: []string{"pinned"}}}}, []visit.ViolationKind{visit.PinBroken}},
		{"excluded", visit.Plan{Routes: []visit.Route{{Nurse: "n2", Visits: []string{"not-n2"}}}}, []visit.ViolationKind{visit.ExcludedNurse}},
		{"pinned time missed", visit.Plan{Routes: []visit.Route{{Nurse: "n2", Visits: []string{"early"}}}}, []visit.ViolationKind{visit.PinnedTimeMissed}},
		{"unknown nurse", visit.Plan{Routes: []visit.Route{{Nurse: "n9", Visits: []string{"cat"}}}}, []visit.ViolationKind{visit.UnknownNurse}},
		{"unknown visit", visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"v9"}}}}, []visit.ViolationKind{visit.UnknownVisit}},
		{"visit twice", visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"cat"}}, {Nurse: "n2", Visits: []string{"cat"}}}}, []visit.ViolationKind{visit.DuplicateVisit}},
		{"two routes", visit.Plan{Routes: []visit.Route{{Nurse: "n1"}, {Nurse: "n1"}}}, []visit.ViolationKind{visit.DuplicateRoute}},
		{"double visits in crossed order", visit.Plan{Routes: []visit.Route{
			{Nurse: "n1", Visits: []string{"d1", "e1"}},
			{Nurse: "n2", Visits: []string{"e2", "d2"}},
		}}, []visit.ViolationKind{visit.Deadlock}},
		{"double visit by one nurse at once", visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"d1", "d2"}}}}, []visit.ViolationKind{visit.Deadlock}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := mustEvaluate(t, pr, tt.plan)
			require.False(t, ev.Feasible)
			if d := cmp.Diff(tt.want, kinds(ev)); d != "" {
				t.Fatalf("violations (-want +got):\n%s\n%v", d, ev.Violations)
			}
		})
	}
	ok := mustEvaluate(t, pr, visit.Plan{Routes: []visit.Route{
		{Nurse: "n1", Visits: []string{"d1", "e1", "pinned"}},
		{Nurse: "n2", Visits: []string{"d2", "e2"}},
	}})
	require.True(t, ok.Feasible, "%v", ok.Violations)
}

func TestNewProblemRejects(t *testing.T) {
	valid := func() visit.ProblemParams {
		return visit.ProblemParams{
			Locations: line(map[string]float64{"a": 1}),
			Nurses:    []visit.NurseParams{nurse("n1", "s")},
			Visits:    []visit.VisitParams{vis("v1", "a", 0, 10, 5), vis("v2", "a", 0, 10, 5)},
			Objective: visit.DefaultObjective(),
		}
	}
	_, err := visit.NewProblem(valid())
	require.NoError(t, err)
	neg := -1.0
	tests := []struct {
		name  string
		edit  func(*visit.ProblemParams)
		field string
	}{
		{"no locations", func(p *visit.ProblemParams) { p.Locations = nil }, "locations"},
		{"duplicate location", func(p *visit.ProblemParams) { p.Locations[1].ID = "office" }, "locations[1].id"},
		{"no nurses", func(p *visit.ProblemParams) { p.Nurses = nil }, "nurses"},
		{"duplicate nurse", func(p *visit.ProblemParams) { p.Nurses = append(p.Nurses, nurse("n1")) }, "nurses[1].id"},
		{"nurse start unknown", func(p *visit.ProblemParams) { p.Nurses[0].Start = "home" }, "nurses[0].start"},
		{"nurse level", func(p *visit.ProblemParams) { p.Nurses[0].Level = 7 }, "nurses[0].level"},
		{"shift ends before start", func(p *visit.ProblemParams) { p.Nurses[0].ShiftStart, p.Nurses[0].ShiftEnd = 100, 50 }, "nurses[0].shiftEnd"},
		{"duplicate visit", func(p *visit.ProblemParams) { p.Visits[1].ID = "v1" }, "visits[1].id"},
		{"window closes before it opens", func(p *visit.ProblemParams) { p.Visits[0].Close = -1 }, "visits[0].close"},
		{"negative duration", func(p *visit.ProblemParams) { p.Visits[0].Duration = -1 }, "visits[0].duration"},
		{"NaN window", func(p *visit.ProblemParams) { p.Visits[0].Open = math.NaN() }, "visits[0].open"},
		{"visit location unknown", func(p *visit.ProblemParams) { p.Visits[0].Location = "x" }, "visits[0].location"},
		{"no client", func(p *visit.ProblemParams) { p.Visits[0].Client = " " }, "visits[0].client"},
		{"pinned to unknown nurse", func(p *visit.ProblemParams) { p.Visits[0].Nurse = "n9" }, "visits[0].nurse"},
		{"pinned to unqualified nurse", func(p *visit.ProblemParams) { p.Visits[0].Nurse, p.Visits[0].Ability = "n1", "x" }, "visits[0].nurse"},
		{"pinned before window", func(p *visit.ProblemParams) { p.Visits[0].Start = &neg }, "visits[0].start"},
		{"link to unknown visit", func(p *visit.ProblemParams) {
			p.Links = []visit.LinkParams{{First: "v1", Second: "v9", Kind: visit.Simultaneous}}
		}, "links[0].second"},
		{"link kind", func(p *visit.ProblemParams) { p.Links = []visit.LinkParams{{First: "v1", Second: "v2"}} }, "links[0].kind"},
		{"simultaneous with gap", func(p *visit.ProblemParams) {
			p.Links = []visit.LinkParams{{First: "v1", Second: "v2", Kind: visit.Simultaneous, MaxGap: 5}}
		}, "links[0].minGap"},
		{"sequential gaps reversed", func(p *visit.ProblemParams) {
			p.Links = []visit.LinkParams{{First: "v1", Second: "v2", Kind: visit.Sequential, MinGap: 9, MaxGap: 5}}
		}, "links[0].maxGap"},
		{"visit in two links", func(p *visit.ProblemParams) {
			p.Visits = append(p.Visits, vis("v3", "a", 0, 10, 1))
			p.Links = []visit.LinkParams{{First: "v1", Second: "v2", Kind: visit.Simultaneous}, {First: "v3", Second: "v1", Kind: visit.Simultaneous}}
		}, "links[1].second"},
		{"travel rows", func(p *visit.ProblemParams) { p.Travel = [][]float64{{0}} }, "travel"},
		{"negative travel", func(p *visit.ProblemParams) { p.Travel = [][]float64{{0, -1}, {1, 0}} }, "travel[0][1]"},
		{"client knows unknown nurse", func(p *visit.ProblemParams) {
			p.Clients = []visit.ClientParams{{ID: "c", Known: []string{"n9"}}}
		}, "clients[0].known[0]"},
		{"objective without unassigned penalty", func(p *visit.ProblemParams) { p.Objective.Unassigned = 0 }, "objective.unassigned"},
		{"negative weight", func(p *visit.ProblemParams) { p.Objective.Travel = -1 }, "objective.travel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.edit(&p)
			_, err := visit.NewProblem(p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			var ve *wijk.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Equal(t, tt.field, ve.Field, "%v", err)
		})
	}
}

// TestNewProblemBounds: finite but absurd numbers are refused as input,
// each naming the field and the bound, instead of being planned.
func TestNewProblemBounds(t *testing.T) {
	valid := func() visit.ProblemParams {
		return visit.ProblemParams{
			Locations: line(map[string]float64{"a": 1}),
			Nurses:    []visit.NurseParams{nurse("n1", "s")},
			Visits:    []visit.VisitParams{vis("v1", "a", 0, 10, 5), vis("v2", "a", 0, 10, 5)},
			Objective: visit.DefaultObjective(),
		}
	}
	huge, late := 1e300, float64(visit.MaxTime+1)
	tests := []struct {
		name  string
		edit  func(*visit.ProblemParams)
		field string
		rule  string
	}{
		{"duration of 1e300 minutes", func(p *visit.ProblemParams) { p.Visits[0].Duration = huge }, "visits[0].duration", "at most 1440 minutes"},
		{"duration over a day", func(p *visit.ProblemParams) { p.Visits[1].Duration = 24*60 + 1 }, "visits[1].duration", "at most 1440 minutes"},
		{"zero duration", func(p *visit.ProblemParams) { p.Visits[0].Duration = 0 }, "visits[0].duration", "more than 0"},
		{"window of 1e300", func(p *visit.ProblemParams) { p.Visits[0].Close = huge }, "visits[0].close", "from 0 to 2880"},
		{"window opens after the horizon", func(p *visit.ProblemParams) { p.Visits[0].Open, p.Visits[0].Close = late, late }, "visits[0].open", "from 0 to 2880"},
		{"negative open", func(p *visit.ProblemParams) { p.Visits[1].Open = -5 }, "visits[1].open", "from 0 to 2880"},
		{"pinned start far away", func(p *visit.ProblemParams) { p.Visits[0].Start = &huge }, "visits[0].start", "from 0 to 2880"},
		{"shift of 1e300", func(p *visit.ProblemParams) { p.Nurses[0].ShiftEnd = huge }, "nurses[0].shiftEnd", "from 0 to 2880"},
		{"negative shift start", func(p *visit.ProblemParams) { p.Nurses[0].ShiftStart = -1 }, "nurses[0].shiftStart", "from 0 to 2880"},
		{"now after the horizon", func(p *visit.ProblemParams) { p.Now = &late }, "now", "from 0 to 2880"},
		{"gap of 1e300", func(p *visit.ProblemParams) {
			p.Links = []visit.LinkParams{{First: "v1", Second: "v2", Kind: visit.Sequential, MaxGap: huge}}
		}, "links[0].maxGap", "from 0 to 2880"},
		{"travel of 1e300", func(p *visit.ProblemParams) { p.Travel = [][]float64{{0, 1}, {huge, 0}} }, "travel[1][0]", "from 0 to 2880"},
		{"coordinate of 1e300", func(p *visit.ProblemParams) { p.Locations[1].Y = -huge }, "locations[1].y", "-1e+08 to 1e+08"},
		{"speed so low a trip takes days", func(p *visit.ProblemParams) { p.Speed = 1e-9 }, "speed", "at most 2880"},
		{"weight of 1e300", func(p *visit.ProblemParams) { p.Objective.Travel = huge }, "objective.travel", "from 0 to 1e+12"},
		{"too many locations", func(p *visit.ProblemParams) {
			for i := range visit.MaxLocations {
				p.Locations = append(p.Locations, visit.LocationParams{ID: fmt.Sprintf("l%d", i)})
			}
		}, "locations", "at most 5000"},
		{"too many clients", func(p *visit.ProblemParams) { p.Clients = make([]visit.ClientParams, visit.MaxEntities+1) }, "clients", "at most 20000"},
		{"ability no nurse has", func(p *visit.ProblemParams) { p.Visits[1].Ability = "wound" }, "visits[1].ability", `no nurse has ability "wound", which visit "v2" needs`},
		{"level no nurse has", func(p *visit.ProblemParams) {
			p.Nurses = append(p.Nurses, visit.NurseParams{ID: "n2", Start: "office", Level: team.Level3})
			p.Visits[0].Level = team.Level4
		}, "visits[0].level", `no nurse has level 4 or higher, which visit "v1" needs`},
		{"level no nurse with the ability has", func(p *visit.ProblemParams) {
			p.Nurses = append(p.Nurses, visit.NurseParams{ID: "n2", Start: "office", Level: team.Level5})
			p.Visits[0].Ability, p.Visits[0].Level = "s", team.Level4
		}, "visits[0].level", `no nurse with ability "s" has level 4 or higher`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.edit(&p)
			_, err := visit.NewProblem(p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			var ve *wijk.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Equal(t, tt.field, ve.Field, "%v", err)
			require.Contains(t, ve.Rule, tt.rule)
		})
	}
	// The bounds themselves are sound input.
	p := valid()
	p.Visits[0].Open, p.Visits[0].Close, p.Visits[0].Duration = visit.MaxTime, visit.MaxTime, visit.MaxDuration
	p.Nurses[0].ShiftEnd = visit.MaxTime
	_, err := visit.NewProblem(p)
	require.NoError(t, err)
	// A visit no nurse can do is accepted when the caller says so, and
	// stays unassigned.
	p = valid()
	p.Visits[1].Ability = "wound"
	p.AllowUnqualified = true
	pr, err := visit.NewProblem(p)
	require.NoError(t, err)
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, MaxIterations: 50})
	require.NoError(t, err)
	require.Equal(t, []string{"v2"}, res.Evaluation.Unassigned)
}

func TestProblemParamsRoundTrip(t *testing.T) {
	at := 30.0
	p := visit.ProblemParams{
		Locations: line(map[string]float64{"a": 1, "b": 2}),
		Speed:     0.5,
		Nurses:    []visit.NurseParams{{ID: "n1", Abilities: []string{"s"}, Level: team.Level4, ShiftStart: 10, ShiftEnd: 400, Start: "office", End: "a"}},
		Visits:    []visit.VisitParams{{ID: "v1", Client: "c", Location: "b", Open: 0, Close: 100, Duration: 5, Ability: "s", Start: &at, Nurse: "n1"}},
		Clients:   []visit.ClientParams{{ID: "c", Known: []string{"n1"}}},
		Objective: visit.DefaultObjective(),
	}
	pr := mustProblem(t, p)
	if d := cmp.Diff(p, pr.Params()); d != "" {
		t.Fatalf("params (-want +got):\n%s", d)
	}
	// Changing what the getter returned does not change the problem.
	got := pr.Params()
	got.Visits[0].ID = "changed"
	*got.Visits[0].Start = 99
	v, ok := pr.Visit("v1")
	require.True(t, ok)
	require.Equal(t, 30.0, *v.Start)
	tt, ok := pr.TravelTime("office", "b")
	require.True(t, ok)
	require.Equal(t, 4.0, tt, "distance 2 at speed 0.5")
}

func TestParseEnums(t *testing.T) {
	for _, k := range []visit.LinkKind{visit.Simultaneous, visit.Sequential} {
		got, err := visit.ParseLinkKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	_, err := visit.ParseLinkKind("together")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.False(t, visit.LinkKind(0).Valid())
	for k := visit.UnknownNurse; k <= visit.Deadlock; k++ {
		got, err := visit.ParseViolationKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	require.False(t, visit.ViolationKind(0).Valid())
}

// day is a small day the solver tests share: two nurses, a simultaneous
// and a sequential double visit, a client who knows only one nurse.
func day(t *testing.T, o visit.Objective) *visit.Problem {
	locs := line(map[string]float64{"a": 5, "b": 10, "c": 15, "d": 20, "e": 25, "f": 30})
	return mustProblem(t, visit.ProblemParams{
		Locations: locs,
		Nurses:    []visit.NurseParams{nurse("n1", "care", "wound"), nurse("n2", "care"), nurse("n3", "care", "wound")},
		Visits: []visit.VisitParams{
			{ID: "a", Client: "ca", Location: "a", Open: 0, Close: 30, Duration: 20, Ability: "care"},
			{ID: "b1", Client: "cb", Location: "b", Open: 30, Close: 60, Duration: 15, Ability: "care"},
			{ID: "b2", Client: "cb", Location: "b", Open: 30, Close: 60, Duration: 15, Ability: "care"},
			{ID: "c", Client: "cc", Location: "c", Open: 60, Close: 90, Duration: 20, Ability: "wound"},
			{ID: "d1", Client: "cd", Location: "d", Open: 0, Close: 120, Duration: 10, Ability: "wound"},
			{ID: "d2", Client: "cd", Location: "d", Open: 0, Close: 120, Duration: 10, Ability: "care"},
			{ID: "e", Client: "ce", Location: "e", Open: 100, Close: 130, Duration: 10, Ability: "care"},
			{ID: "f", Client: "cf", Location: "f", Open: 0, Close: 200, Duration: 30, Ability: "care"},
		},
		Links: []visit.LinkParams{
			{First: "b1", Second: "b2", Kind: visit.Simultaneous},
			{First: "d1", Second: "d2", Kind: visit.Sequential, MinGap: 20, MaxGap: 40},
		},
		Clients:   []visit.ClientParams{{ID: "cf", Known: []string{"n2"}}, {ID: "ca", Undesired: []string{"n1"}}},
		Objective: o,
	})
}

func TestSolveSmallDay(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 3, Workers: 2, MaxIterations: 300})
	require.NoError(t, err)
	ev := res.Evaluation
	require.True(t, ev.Feasible, "%v", ev.Violations)
	require.Zero(t, ev.Cost.Unassigned)
	require.Zero(t, ev.Cost.TotalTardiness)
	require.Zero(t, ev.Cost.Continuity, "f goes to n2, whom the client knows")
	s := starts(ev)
	require.Equal(t, s["b1"], s["b2"])
	require.GreaterOrEqual(t, s["d2"]-s["d1"], 20.0)
	require.LessOrEqual(t, s["d2"]-s["d1"], 40.0)
	// The evaluation Solve returns is the one Evaluate gives for its plan.
	if d := cmp.Diff(ev, mustEvaluate(t, pr, ev.Plan())); d != "" {
		t.Fatalf("re-evaluation differs (-solve +evaluate):\n%s", d)
	}
}

func TestSolveDeterministic(t *testing.T) {
	pr := day(t, visit.MankowskaObjective())
	opts := visit.Options{Seed: 7, Workers: 2, MaxIterations: 600}
	a, err := visit.Solve(context.Background(), pr, opts)
	require.NoError(t, err)
	b, err := visit.Solve(context.Background(), pr, opts)
	require.NoError(t, err)
	require.Equal(t, visit.StopIterationLimit, a.Stop)
	if d := cmp.Diff(a, b, cmpopts.IgnoreFields(visit.Result{}, "Elapsed")); d != "" {
		t.Fatalf("same seed, different result (-first +second):\n%s", d)
	}
}

func TestSolveLeavesImpossibleVisitsUnassigned(t *testing.T) {
	p := day(t, visit.DefaultObjective()).Params()
	p.Visits = append(p.Visits, visit.VisitParams{ID: "x", Client: "cx", Location: "a", Open: 0, Close: 10, Duration: 5, Ability: "surgery"})
	_, err := visit.NewProblem(p)
	require.ErrorIs(t, err, wijk.ErrInvalid, "a visit no nurse can do is refused unless allowed")
	p.AllowUnqualified = true
	pr := mustProblem(t, p)
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, MaxIterations: 100})
	require.NoError(t, err)
	require.True(t, res.Evaluation.Feasible)
	require.Equal(t, []string{"x"}, res.Evaluation.Unassigned)
}

func TestSolveCancelAndProgress(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	res, err := visit.Solve(ctx, pr, visit.Options{Seed: 1, Workers: 2, TimeLimit: time.Hour, Progress: func(p visit.Progress) {
		calls++
		require.Positive(t, p.Iterations)
		if calls == 2 {
			cancel()
		}
	}})
	require.NoError(t, err, "a search cancelled while it runs returns its best plan")
	require.Equal(t, visit.StopCancelled, res.Stop)
	require.GreaterOrEqual(t, calls, 2)
	require.True(t, res.Evaluation.Feasible)
	require.Zero(t, res.Evaluation.Cost.Unassigned)
}

func TestSolveBoundsWorkers(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	for _, w := range []int{-1, visit.MaxWorkers + 1, 1e9} {
		_, err := visit.Solve(context.Background(), pr, visit.Options{Workers: w, MaxIterations: 1})
		require.ErrorIs(t, err, wijk.ErrInvalid)
		require.ErrorContains(t, err, "options.workers")
	}
}

func TestSolveRejectsBadInitialPlan(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	bad := visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"a"}}}} // undesired pair
	_, err := visit.Solve(context.Background(), pr, visit.Options{Start: &bad, MaxIterations: 10})
	require.ErrorIs(t, err, wijk.ErrInvalid)
}

func TestReplan(t *testing.T) {
	pr := day(t, visit.DefaultObjective())
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, MaxIterations: 300})
	require.NoError(t, err)
	before := res.Evaluation
	// Whoever makes visit c drops out at 50.
	var gone string
	for _, r := range before.Routes {
		for _, st := range r.Stops {
			if st.Visit == "c" {
				gone = r.Nurse
			}
		}
	}
	require.NotEmpty(t, gone)
	const at = 50.0
	npr, after, err := visit.Replan(context.Background(), pr, before.Plan(), visit.Disruption{Nurse: gone, At: at}, visit.Options{Seed: 1, Workers: 1, MaxIterations: 300})
	require.NoError(t, err)
	ev := after.Evaluation
	require.True(t, ev.Feasible, "%v", ev.Violations)
	require.Zero(t, ev.Cost.Unassigned)
	old, now := starts(before), starts(ev)
	who := map[string]string{}
	for _, r := range before.Routes {
		for _, st := range r.Stops {
			who[st.Visit] = r.Nurse
		}
	}
	for _, r := range ev.Routes {
		for _, st := range r.Stops {
			if old[st.Visit] < at {
				require.Equal(t, old[st.Visit], st.Start, "visit %s was under way and keeps its time", st.Visit)
				require.Equal(t, who[st.Visit], r.Nurse, "visit %s keeps its nurse", st.Visit)
			} else {
				require.NotEqual(t, gone, r.Nurse, "visit %s still planned for the nurse who left", st.Visit)
				require.GreaterOrEqual(t, st.Start, at, "visit %s planned in the past", st.Visit)
			}
		}
	}
	require.Len(t, now, len(old))
	require.NotNil(t, npr.Params().Now)

	_, _, err = visit.Replan(context.Background(), pr, before.Plan(), visit.Disruption{Nurse: "n9", At: at}, visit.Options{})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, _, err = visit.Replan(context.Background(), pr, before.Plan(), visit.Disruption{Nurse: gone, At: 1e300}, visit.Options{})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "disruption.at")
}

func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{1, 1, 1, 0, 0, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		pr := dayForFuzz(t)
		visits := pr.Visits()
		nurses := pr.Nurses()
		var plan visit.Plan
		for i := 0; i+1 < len(data); i += 2 {
			n := int(data[i]) % (len(nurses) + 1)
			if len(plan.Routes) <= n%len(nurses) {
				for j := len(plan.Routes); j <= n%len(nurses); j++ {
					plan.Routes = append(plan.Routes, visit.Route{Nurse: nurses[j].ID})
				}
			}
			id := "unknown"
			if int(data[i+1]) < len(visits) {
				id = visits[data[i+1]].ID
			}
			r := &plan.Routes[n%len(nurses)]
			r.Visits = append(r.Visits, id)
		}
		ev := mustEvaluate(t, pr, plan)
		c := ev.Cost
		if c.Travel < 0 || c.TotalTardiness < 0 || c.MaxTardiness < 0 || c.MaxTardiness > c.TotalTardiness+1e-9 || c.Unassigned < 0 {
			t.Fatalf("impossible cost %v", c)
		}
		if ev.Feasible != (len(ev.Violations) == 0) {
			t.Fatalf("feasible %v with %d violations", ev.Feasible, len(ev.Violations))
		}
	})
}

// FuzzNewProblemNumbers: whatever numbers come in, a problem is either
// refused as invalid input or within the bounds, and then its costs are
// finite.
func FuzzNewProblemNumbers(f *testing.F) {
	f.Add(0.0, 60.0, 15.0, 5.0, 1.0, 480.0, 30.0, 1.0, "s", "s")
	f.Add(0.0, 1e300, 1e300, 1e300, 1e300, 1e300, 1e300, 1e-300, "s", "t")
	f.Add(-1.0, 2880.0, 1440.0, 2880.0, 1e8, 2880.0, 2880.0, 0.0, "s", "")
	f.Fuzz(func(t *testing.T, open, close, dur, travel, x, shiftEnd, gap, speed float64, ability, need string) {
		p := visit.ProblemParams{
			Locations: []visit.LocationParams{{ID: "office"}, {ID: "a", X: x}},
			Speed:     speed,
			Nurses:    []visit.NurseParams{{ID: "n1", Abilities: []string{ability}, ShiftEnd: shiftEnd, Start: "office"}},
			Visits: []visit.VisitParams{
				{ID: "v1", Client: "c", Location: "a", Open: open, Close: close, Duration: dur, Ability: need},
				{ID: "v2", Client: "c", Location: "a", Open: open, Close: close, Duration: dur, Ability: need},
			},
			Links:     []visit.LinkParams{{First: "v1", Second: "v2", Kind: visit.Sequential, MaxGap: gap}},
			Objective: visit.DefaultObjective(),
		}
		if travel != 5 {
			p.Travel = [][]float64{{0, travel}, {travel, 0}}
		}
		pr, err := visit.NewProblem(p)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		for _, v := range pr.Visits() {
			require.True(t, v.Duration > 0 && v.Duration <= visit.MaxDuration, "duration %g", v.Duration)
			require.True(t, v.Open >= 0 && v.Open <= v.Close && v.Close <= visit.MaxTime, "window [%g, %g]", v.Open, v.Close)
			require.True(t, pr.Allowed("n1", v.ID), "accepted a visit no nurse may do")
		}
		d, _ := pr.TravelTime("office", "a")
		require.True(t, d >= 0 && d <= visit.MaxTravel, "travel %g", d)
		ev := mustEvaluate(t, pr, visit.Plan{Routes: []visit.Route{{Nurse: "n1", Visits: []string{"v1", "v2"}}}})
		require.False(t, math.IsNaN(ev.Cost.Total) || math.IsInf(ev.Cost.Total, 0), "cost %v", ev.Cost)
	})
}

func dayForFuzz(t *testing.T) *visit.Problem {
	t.Helper()
	return day(t, visit.DefaultObjective())
}

func ExampleSolve() {
	at := func(h, m int) float64 { return float64(60*h + m) }
	pr, err := visit.NewProblem(visit.ProblemParams{
		Locations: []visit.LocationParams{
			{ID: "office", X: 0, Y: 0}, {ID: "de Vries", X: 2, Y: 0}, {ID: "Jansen", X: 2, Y: 3}, {ID: "Bakker", X: 0, Y: 4},
		},
		Speed: 0.25, // a bicycle: a quarter of a kilometre a minute
		Nurses: []visit.NurseParams{
			{ID: "Anna", Abilities: []string{"personal care", "wound care"}, ShiftStart: at(7, 30), ShiftEnd: at(12, 0), Start: "office"},
			{ID: "Sem", Abilities: []string{"personal care"}, ShiftStart: at(7, 30), ShiftEnd: at(12, 0), Start: "office"},
		},
		Visits: []visit.VisitParams{
			{ID: "wash de Vries", Client: "de Vries", Location: "de Vries", Open: at(8, 0), Close: at(8, 30), Duration: 30, Ability: "personal care"},
			{ID: "hoist Jansen (1)", Client: "Jansen", Location: "Jansen", Open: at(9, 0), Close: at(9, 30), Duration: 20, Ability: "personal care"},
			{ID: "hoist Jansen (2)", Client: "Jansen", Location: "Jansen", Open: at(9, 0), Close: at(9, 30), Duration: 20, Ability: "personal care"},
			{ID: "wound Bakker", Client: "Bakker", Location: "Bakker", Open: at(8, 0), Close: at(10, 0), Duration: 25, Ability: "wound care"},
		},
		Links:     []visit.LinkParams{{First: "hoist Jansen (1)", Second: "hoist Jansen (2)", Kind: visit.Simultaneous}},
		Clients:   []visit.ClientParams{{ID: "de Vries", Known: []string{"Sem"}}},
		Objective: visit.DefaultObjective(),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, MaxIterations: 200})
	if err != nil {
		fmt.Println(err)
		return
	}
	clock := func(m float64) string { return fmt.Sprintf("%02d:%02d", int(m)/60, int(m)%60) }
	for _, r := range res.Evaluation.Routes {
		fmt.Println(r.Nurse)
		for _, st := range r.Stops {
			fmt.Printf("  %s %s\n", clock(st.Start), st.Visit)
		}
	}
	c := res.Evaluation.Cost
	fmt.Printf("travel %.0f min, late %.0f min, strangers %d, unplanned %d\n", c.Travel, c.TotalTardiness, c.Continuity, c.Unassigned)
	// Output:
	// Anna
	//   08:00 wound Bakker
	//   09:00 hoist Jansen (2)
	// Sem
	//   08:00 wash de Vries
	//   09:00 hoist Jansen (1)
	// travel 74 min, late 0 min, strangers 0, unplanned 0
}

func mustEvaluate(t testing.TB, pr *visit.Problem, plan visit.Plan) visit.Evaluation {
	t.Helper()
	ev, err := visit.Evaluate(pr, plan)
	require.NoError(t, err)
	return ev
}
