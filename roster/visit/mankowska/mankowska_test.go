package mankowska_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/benchdata"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/roster/visit/mankowska"
)

// dataDir returns the benchmark's folder, or skips the test without it.
func dataDir(t testing.TB) string { return benchdata.Dir(t, "hhc") }

func readInstance(t testing.TB, path string) *mankowska.Instance {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	in, err := mankowska.ReadInstance(f)
	require.NoError(t, err)
	return in
}

// tiny is an instance the tests write themselves: two caregivers, three
// patients, one simultaneous and one sequential double visit.
const tiny = `{
  "patients": [
    {"id": "p1", "location": [1, 0], "time_window": [0, 100], "required_caregivers": [{"service": "s1", "duration": 10}]},
    {"id": "p2", "time_window": [20, 60], "required_caregivers": [{"service": "s1"}, {"service": "s2", "duration": 5}],
     "synchronization": {"type": "simultaneous"}},
    {"id": "p3", "time_window": [50, 80], "required_caregivers": [{"service": "s2", "duration": 10}, {"service": "s1", "duration": 10}],
     "synchronization": {"type": "sequential", "distance": [15, 30]}}
  ],
  "services": [{"id": "s1", "default_duration": 20}, {"id": "s2", "default_duration": 30}],
  "caregivers": [{"id": "c1", "abilities": ["s1"]}, {"id": "c2", "abilities": ["s1", "s2"]}],
  "central_offices": [{"id": "d", "location": [0, 0]}],
  "distances": [[0, 5, 5, 5], [5, 0, 5, 5], [5, 5, 0, 5], [5, 5, 5, 0]]
}`

func TestInstanceRoundTrip(t *testing.T) {
	in, err := mankowska.ReadInstance(bytes.NewBufferString(tiny))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, mankowska.WriteInstance(&buf, in))
	again, err := mankowska.ReadInstance(&buf)
	require.NoError(t, err)
	if d := cmp.Diff(in, again); d != "" {
		t.Fatalf("round trip changed the instance (-want +got):\n%s", d)
	}
}

func TestProblemFromInstance(t *testing.T) {
	in, err := mankowska.ReadInstance(bytes.NewBufferString(tiny))
	require.NoError(t, err)
	pr, err := in.Problem()
	require.NoError(t, err)
	var ids []string
	for _, v := range pr.Visits() {
		ids = append(ids, v.ID)
	}
	require.Equal(t, []string{"p1/s1", "p2/s1", "p2/s2", "p3/s2", "p3/s1"}, ids)
	v, ok := pr.Visit("p2/s1")
	require.True(t, ok)
	require.Equal(t, 20.0, v.Duration, "default duration of s1")
	want := []visit.LinkParams{
		{First: "p2/s1", Second: "p2/s2", Kind: visit.Simultaneous},
		{First: "p3/s2", Second: "p3/s1", Kind: visit.Sequential, MinGap: 15, MaxGap: 30},
	}
	if d := cmp.Diff(want, pr.Links()); d != "" {
		t.Fatalf("links (-want +got):\n%s", d)
	}
	require.False(t, pr.Allowed("c1", "p3/s2"), "c1 cannot give s2")
	require.True(t, pr.Allowed("c2", "p3/s2"))
}

func TestSolutionRoundTrip(t *testing.T) {
	in, err := mankowska.ReadInstance(bytes.NewBufferString(tiny))
	require.NoError(t, err)
	pr, err := in.Problem()
	require.NoError(t, err)
	plan := visit.Plan{Routes: []visit.Route{
		{Nurse: "c1", Visits: []string{"p2/s1", "p1/s1", "p3/s1"}},
		{Nurse: "c2", Visits: []string{"p2/s2", "p3/s2"}},
	}}
	ev := mustEvaluate(t, pr, plan)
	require.True(t, ev.Feasible, "%v", ev.Violations)
	sol := mankowska.NewSolution(pr, ev)
	var buf bytes.Buffer
	require.NoError(t, mankowska.WriteSolution(&buf, sol))
	back, err := mankowska.ReadSolution(&buf)
	require.NoError(t, err)
	if d := cmp.Diff(sol, back); d != "" {
		t.Fatalf("solution round trip (-want +got):\n%s", d)
	}
	got, err := back.Plan(pr)
	require.NoError(t, err)
	if d := cmp.Diff(plan, got); d != "" {
		t.Fatalf("plan from solution (-want +got):\n%s", d)
	}
	// p2: c1 arrives at 5 but the window opens at 20; c2 joins at 20.
	require.Equal(t, mankowska.SolutionVisit{PatientID: "p2", ServiceID: "s1", ArrivalTime: 20, DepartureTime: 40}, back.Routes[0].Locations[0])
	require.Equal(t, mankowska.SolutionVisit{PatientID: "p2", ServiceID: "s2", ArrivalTime: 20, DepartureTime: 25}, back.Routes[1].Locations[0])
}

func TestSolutionPlanRejectsUnknownPair(t *testing.T) {
	in, err := mankowska.ReadInstance(bytes.NewBufferString(tiny))
	require.NoError(t, err)
	pr, err := in.Problem()
	require.NoError(t, err)
	sol := mankowska.Solution{Routes: []mankowska.SolutionRoute{{CaregiverID: "c1", Locations: []mankowska.SolutionVisit{{PatientID: "p1", ServiceID: "s2"}}}}}
	_, err = sol.Plan(pr)
	require.ErrorIs(t, err, wijk.ErrInvalid)
}

func TestReadInstanceRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"not json":       `{`,
		"no office":      `{"patients":[{"id":"p1","time_window":[0,1],"required_caregivers":[{"service":"s1","duration":1}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[],"distances":[[0,1],[1,0]]}`,
		"matrix size":    `{"patients":[{"id":"p1","time_window":[0,1],"required_caregivers":[{"service":"s1","duration":1}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0]]}`,
		"no duration":    `{"patients":[{"id":"p1","time_window":[0,1],"required_caregivers":[{"service":"s9"}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,1],[1,0]]}`,
		"window":         `{"patients":[{"id":"p1","time_window":[5,1],"required_caregivers":[{"service":"s1","duration":1}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,1],[1,0]]}`,
		"sync type":      `{"patients":[{"id":"p1","time_window":[0,1],"required_caregivers":[{"service":"s1","duration":1},{"service":"s1","duration":1}],"synchronization":{"type":"later"}}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,1],[1,0]]}`,
		"negative leg":   `{"patients":[{"id":"p1","time_window":[0,1],"required_caregivers":[{"service":"s1","duration":1}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,-1],[1,0]]}`,
		"same id office": `{"patients":[{"id":"d","time_window":[0,1],"required_caregivers":[{"service":"s1","duration":1}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,1],[1,0]]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := mankowska.ReadInstance(bytes.NewBufferString(doc))
			require.ErrorIs(t, err, wijk.ErrInvalid)
		})
	}
}

// TestReadInstanceBounds: finite but absurd numbers, and a service no
// caregiver gives, are refused with an error naming the instance's field
// and the bound.
func TestReadInstanceBounds(t *testing.T) {
	doc := func(window, duration, dist, sync, def, loc, abilities string) string {
		return `{"patients":[{"id":"p1","location":` + loc + `,"time_window":` + window + `,"required_caregivers":[{"service":"s1","duration":` + duration + `},{"service":"s2"}],` +
			`"synchronization":{"type":"sequential","distance":` + sync + `}}],` +
			`"services":[{"id":"s1","default_duration":10},{"id":"s2","default_duration":` + def + `}],` +
			`"caregivers":[{"id":"c1","abilities":` + abilities + `}],"central_offices":[{"id":"d"}],"distances":[[0,` + dist + `],[1,0]]}`
	}
	ok := []string{"[0,60]", "15", "7", "[0,30]", "20", "[1,2]", `["s1","s2"]`}
	build := func(i int, v string) string {
		a := append([]string(nil), ok...)
		if i >= 0 {
			a[i] = v
		}
		return doc(a[0], a[1], a[2], a[3], a[4], a[5], a[6])
	}
	_, err := mankowska.ReadInstance(bytes.NewBufferString(build(-1, "")))
	require.NoError(t, err)
	for _, tt := range []struct {
		name     string
		arg      int
		value    string
		field    string
		boundMsg string
	}{
		{"window of 1e300", 0, "[0,1e300]", "patients[0].time_window[1]", "from 0 to 2880"},
		{"negative window", 0, "[-1,60]", "patients[0].time_window[0]", "from 0 to 2880"},
		{"window reversed", 0, "[60,0]", "patients[0].time_window", "open <= close"},
		{"duration of 1e300", 1, "1e300", "patients[0].required_caregivers[0].duration", "at most 1440 minutes"},
		{"zero duration", 1, "0", "patients[0].required_caregivers[0].duration", "more than 0"},
		{"distance of 1e300", 2, "1e300", "distances[0][1]", "from 0 to 2880"},
		{"gap of 1e300", 3, "[0,1e300]", "patients[0].synchronization.distance[1]", "from 0 to 2880"},
		{"default duration of 1e300", 4, "1e300", "services[1].default_duration", "at most 1440 minutes"},
		{"coordinate of 1e300", 5, "[1e300,0]", "patients[0].location", "-1e+08 to 1e+08"},
		{"service no caregiver gives", 6, `["s1"]`, "patients[0].required_caregivers[1].service", `no caregiver has service "s2", which patient "p1" needs`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mankowska.ReadInstance(bytes.NewBufferString(build(tt.arg, tt.value)))
			require.ErrorIs(t, err, wijk.ErrInvalid)
			var ve *wijk.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			require.Equal(t, tt.field, ve.Field, "%v", err)
			require.Contains(t, ve.Rule, tt.boundMsg)
		})
	}
}

// TestBenchmarkInstancesLoad: the bounds refuse none of the published
// instances.
func TestBenchmarkInstancesLoad(t *testing.T) {
	dir := dataDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "mankowska", "*.json"))
	require.NoError(t, err)
	files = append(files, filepath.Join(dir, "toy.json"))
	require.Greater(t, len(files), 1)
	for _, path := range files {
		in := readInstance(t, path)
		_, err := in.Problem()
		require.NoError(t, err, filepath.Base(path))
	}
}

// TestToyOptimum evaluates// TestToyOptimum evaluates the published optimal solution of the toy
// instance and checks the cost the benchmark reports for it.
func TestToyOptimum(t *testing.T) {
	dir := dataDir(t)
	in := readInstance(t, filepath.Join(dir, "toy.json"))
	pr, err := in.Problem()
	require.NoError(t, err)
	f, err := os.Open(filepath.Join(dir, "toy-solution-optimal.json"))
	require.NoError(t, err)
	defer f.Close()
	sol, err := mankowska.ReadSolution(f)
	require.NoError(t, err)
	plan, err := sol.Plan(pr)
	require.NoError(t, err)
	ev := mustEvaluate(t, pr, plan)
	require.True(t, ev.Feasible, "%v", ev.Violations)
	require.Equal(t, 334.0, ev.Cost.Travel)
	require.Zero(t, ev.Cost.TotalTardiness)
	require.InDelta(t, 111.333333, ev.Cost.Mankowska(), 1e-6)
}

func FuzzReadInstance(f *testing.F) {
	f.Add([]byte(tiny))
	f.Add([]byte(`{"patients":[{"id":"p1","time_window":[0,1],"required_caregivers":[{"service":"s1","duration":1}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,1],[1,0]]}`))
	f.Add([]byte(`{"patients":[]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"patients":[{"id":"p1","time_window":[0,1e300],"required_caregivers":[{"service":"s1","duration":1e300}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,1e300],[1,0]]}`))
	f.Add([]byte(`{"patients":[{"id":"p1","time_window":[0,1],"required_caregivers":[{"service":"s2","duration":1}]}],"caregivers":[{"id":"c1","abilities":["s1"]}],"central_offices":[{"id":"d"}],"distances":[[0,1],[1,0]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := mankowska.ReadInstance(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, wijk.ErrInvalid) {
				t.Fatalf("error does not match ErrInvalid: %v", err)
			}
			return
		}
		pr, err := in.Problem()
		if err != nil {
			t.Fatalf("accepted instance does not make a problem: %v", err)
		}
		// Whatever is accepted is within the bounds, and every visit has
		// a caregiver who may give it.
		for _, v := range pr.Visits() {
			if v.Duration <= 0 || v.Duration > visit.MaxDuration || v.Open < 0 || v.Close < v.Open || v.Close > visit.MaxTime {
				t.Fatalf("accepted visit out of bounds: %+v", v)
			}
			served := false
			for _, n := range pr.Nurses() {
				served = served || pr.Allowed(n.ID, v.ID)
			}
			if !served {
				t.Fatalf("accepted visit %s that no caregiver may give", v.ID)
			}
		}
		for _, row := range pr.Params().Travel {
			for _, x := range row {
				if x < 0 || x > visit.MaxTravel {
					t.Fatalf("accepted travel time %g", x)
				}
			}
		}
		ev := mustEvaluate(t, pr, visit.Plan{})
		if ev.Cost.Unassigned != len(pr.Visits()) {
			t.Fatalf("empty plan leaves %d of %d visits unassigned", ev.Cost.Unassigned, len(pr.Visits()))
		}
	})
}

// TestToySolved checks that the solver reproduces the toy instance's
// published optimum.
func TestToySolved(t *testing.T) {
	dir := dataDir(t)
	pr, err := readInstance(t, filepath.Join(dir, "toy.json")).Problem()
	require.NoError(t, err)
	res, err := visit.Solve(t.Context(), pr, visit.Options{Seed: 1, Workers: 2, MaxIterations: 2000})
	require.NoError(t, err)
	require.True(t, res.Evaluation.Feasible)
	require.Zero(t, res.Evaluation.Cost.Unassigned)
	require.InDelta(t, 111.333333, res.Evaluation.Cost.Mankowska(), 1e-6)
}

func mustEvaluate(t testing.TB, pr *visit.Problem, plan visit.Plan) visit.Evaluation {
	t.Helper()
	ev, err := visit.Evaluate(pr, plan)
	require.NoError(t, err)
	return ev
}
