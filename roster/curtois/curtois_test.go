package curtois

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/roster"
)

// tiny is a small instance in the benchmark's format, with CRLF line
// endings and comments as the published files have.
var tiny = strings.ReplaceAll(`# A tiny instance
SECTION_HORIZON
# days
7

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
E,480,
L,480,E

SECTION_STAFF
# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends
A,E=7|L=0,2400,960,5,2,2,1
B,E=7|L=7,2400,960,5,2,2,1

SECTION_DAYS_OFF
# EmployeeID, DayIndexes (start at zero)
A,3
B

SECTION_SHIFT_ON_REQUESTS
# EmployeeID, Day, ShiftID, Weight
A,0,E,2

SECTION_SHIFT_OFF_REQUESTS
# EmployeeID, Day, ShiftID, Weight
B,1,L,3

SECTION_COVER
# Day, ShiftID, Requirement, Weight for under, Weight for over
0,E,1,100,1
1,L,1,100,1
2,E,2,100,1
`, "\n", "\r\n")

func TestParseTiny(t *testing.T) {
	p, err := Parse(strings.NewReader(tiny))
	require.NoError(t, err)
	got := p.Params()
	want := roster.ProblemParams{
		Days:         7,
		FirstWeekday: time.Monday,
		Shifts: []roster.ShiftTypeParams{
			{ID: "E", Minutes: 480},
			{ID: "L", Minutes: 480, NotFollowedBy: []string{"E"}},
		},
		Employees: []roster.EmployeeParams{
			{ID: "A", Contract: roster.Contract{MaxShifts: map[string]int{"E": 7, "L": 0}, MaxMinutes: 2400, MinMinutes: 960,
				MaxConsecutive: 5, MinConsecutive: 2, MinConsecutiveOff: 2, MaxWeekends: 1}, DaysOff: []int{3}},
			{ID: "B", Contract: roster.Contract{MaxShifts: map[string]int{"E": 7, "L": 7}, MaxMinutes: 2400, MinMinutes: 960,
				MaxConsecutive: 5, MinConsecutive: 2, MinConsecutiveOff: 2, MaxWeekends: 1}},
		},
		Cover: []roster.CoverParams{
			{Day: 0, Shift: "E", Required: 1, UnderWeight: 100, OverWeight: 1},
			{Day: 1, Shift: "L", Required: 1, UnderWeight: 100, OverWeight: 1},
			{Day: 2, Shift: "E", Required: 2, UnderWeight: 100, OverWeight: 1},
		},
		OnRequests:  []roster.RequestParams{{Employee: "A", Day: 0, Shift: "E", Weight: 2}},
		OffRequests: []roster.RequestParams{{Employee: "B", Day: 1, Shift: "L", Weight: 3}},
	}
	if diff := cmp.Diff(want, got, cmpEmpty); diff != "" {
		t.Fatalf("params (-want +got):\n%s", diff)
	}
}

// cmpEmpty treats nil and empty slices as equal.
var cmpEmpty = cmp.FilterValues(func(a, b any) bool { return isEmpty(a) && isEmpty(b) }, cmp.Comparer(func(a, b any) bool { return true }))

func isEmpty(v any) bool {
	switch s := v.(type) {
	case []int:
		return len(s) == 0
	case []string:
		return len(s) == 0
	case []roster.Assignment:
		return len(s) == 0
	}
	return false
}

func TestParseErrorsNameSectionLineAndField(t *testing.T) {
	tests := []struct {
		name, from, to, field string
	}{
		{"bad horizon", "\r\n7\r\n", "\r\nseven\r\n", "SECTION_HORIZON line 4 field 1 (days)"},
		{"shift length", "L,480,E", "L,long,E", "SECTION_SHIFTS line 9 field 2 (LengthInMins)"},
		{"unknown follower", "L,480,E", "L,480,X", "SECTION_SHIFTS line 9 notFollowedBy[0]"},
		{"staff fields", "A,E=7|L=0,2400,960,5,2,2,1", "A,E=7|L=0,2400,960,5,2,2", "SECTION_STAFF line 13"},
		{"staff max shifts", "A,E=7|L=0,", "A,E7|L=0,", "SECTION_STAFF line 13 field 2 (MaxShifts)"},
		{"staff unknown shift", "A,E=7|L=0,", "A,E=7|N=0,", "SECTION_STAFF line 13 field 2 (MaxShifts)"},
		{"staff min above max", "B,E=7|L=7,2400,960", "B,E=7|L=7,2400,9600", "SECTION_STAFF line 14 contract.minMinutes"},
		{"duplicate staff", "B,E=7|L=7", "A,E=7|L=7", "SECTION_STAFF line 14 field 1 (ID)"},
		{"day off employee", "A,3\r\n", "Z,3\r\n", "SECTION_DAYS_OFF line 18 field 1 (EmployeeID)"},
		{"day off range", "A,3\r\n", "A,30\r\n", "SECTION_DAYS_OFF line 18 field 2 (DayIndex)"},
		{"request day", "A,0,E,2", "A,-1,E,2", "SECTION_SHIFT_ON_REQUESTS line 23 field 2 (Day)"},
		{"request shift", "B,1,L,3", "B,1,Q,3", "SECTION_SHIFT_OFF_REQUESTS line 27 field 3 (ShiftID)"},
		{"request weight", "B,1,L,3", "B,1,L,0", "SECTION_SHIFT_OFF_REQUESTS line 27 weight"},
		{"cover fields", "2,E,2,100,1", "2,E,2,100", "SECTION_COVER line 33"},
		{"cover weight", "2,E,2,100,1", "2,E,2,100,x", "SECTION_COVER line 33 field 5 (WeightForOver)"},
		{"shift longer than a day", "L,480,E", "L,100000,E", "SECTION_SHIFTS line 9 minutes"},
		{"huge horizon", "\r\n7\r\n", "\r\n99999999999\r\n", "SECTION_HORIZON line 4 field 1 (days)"},
		{"huge max minutes", "A,E=7|L=0,2400", "A,E=7|L=0,999999999999", "SECTION_STAFF line 13 contract.maxMinutes"},
		{"huge cover requirement", "2,E,2,100,1", "2,E,99999999,100,1", "SECTION_COVER line 33 required"},
		{"huge cover weight", "2,E,2,100,1", "2,E,2,100000000,1", "SECTION_COVER line 33 underWeight"},
		{"huge request weight", "B,1,L,3", "B,1,L,9999999999", "SECTION_SHIFT_OFF_REQUESTS line 27 weight"},
		{"unknown section", "SECTION_COVER", "SECTION_COVERS", "line 29"},
		{"missing section", "SECTION_COVER", "# SECTION_COVER", "SECTION_COVER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, tiny, tt.from)
			_, err := Parse(strings.NewReader(strings.Replace(tiny, tt.from, tt.to, 1)))
			require.ErrorIs(t, err, wijk.ErrInvalid)
			var ve *wijk.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Equal(t, tt.field, ve.Field, err.Error())
		})
	}
}

func TestSolutionRoundTrip(t *testing.T) {
	p, err := Parse(strings.NewReader(tiny))
	require.NoError(t, err)
	r, err := roster.NewRoster(p)
	require.NoError(t, err)
	require.NoError(t, r.Set("A", 0, "E"))
	require.NoError(t, r.Set("A", 1, "E"))
	require.NoError(t, r.Set("B", 1, "L"))
	require.NoError(t, r.Set("B", 6, "E"))
	var buf bytes.Buffer
	require.NoError(t, WriteSolution(&buf, r))
	require.Equal(t, "employee,day,shift\nA,0,E\nA,1,E\nB,1,L\nB,6,E\n", buf.String())
	back, err := ReadSolution(&buf, p)
	require.NoError(t, err)
	require.Equal(t, r.Assignments(), back.Assignments())

	// without the header, with CRLF, blank lines and comments
	back, err = ReadSolution(strings.NewReader("# made by hand\r\nA,0,E\r\n\r\nA,1, E\r\nB,1,L\r\nB,6,E\r\n"), p)
	require.NoError(t, err)
	require.Equal(t, r.Assignments(), back.Assignments())
}

func TestReadSolutionErrors(t *testing.T) {
	p, err := Parse(strings.NewReader(tiny))
	require.NoError(t, err)
	for in, field := range map[string]string{
		"A,0\n":                     "line 1",
		"employee,day,shift\nA,x,E": "line 2 field 2 (day)",
		"A,0,E\nZ,0,E":              "line 2 employee",
		"A,0,E\nA,9,E":              "line 2 day",
		"A,0,E\nA,1,N":              "line 2 shift",
		"A,0,E\nA,0,L":              "line 2",
		"A,0,":                      "line 1 field 3 (shift)",
	} {
		_, err := ReadSolution(strings.NewReader(in), p)
		require.ErrorIs(t, err, wijk.ErrInvalid, in)
		var ve *wijk.ValidationError
		require.True(t, errors.As(err, &ve))
		require.Equal(t, field, ve.Field, in)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(tiny)
	f.Add(strings.ReplaceAll(tiny, "\r\n", "\n"))
	f.Add("SECTION_HORIZON\n1\nSECTION_SHIFTS\nD,1\nSECTION_STAFF\nA,,1,0,1,0,0,0\nSECTION_COVER\n0,D,1,1,1\n")
	f.Add("SECTION_HORIZON\n99999999999999999999\n")
	f.Add(strings.Replace(tiny, "L,480,E", "L,100000,E", 1))
	f.Add(strings.Replace(tiny, "B,1,L,3", strings.Repeat("B,1,L,1000000\r\n", 150), 1))
	f.Add("x")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := Parse(strings.NewReader(in))
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		// an accepted instance is a valid problem that rebuilds
		_, err = roster.NewProblem(p.Params())
		require.NoError(t, err)
		ev := mustRoster(t, p).Evaluate()
		require.GreaterOrEqual(t, ev.Penalty, 0)
	})
}

func FuzzReadSolution(f *testing.F) {
	f.Add("employee,day,shift\nA,0,E\nB,1,L\n")
	f.Add("A,0,E\nA,0,E\n")
	f.Add("#\n\n,,\n")
	p, err := Parse(strings.NewReader(tiny))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, in string) {
		r, err := ReadSolution(strings.NewReader(in), p)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		var buf bytes.Buffer
		require.NoError(t, WriteSolution(&buf, r))
		again, err := ReadSolution(&buf, p)
		require.NoError(t, err)
		require.Equal(t, r.Assignments(), again.Assignments())
	})
}

// dataDir returns $WIJK_DATA/curtois, by default ../shared/data/curtois
// beside the module root, or skips the test when it is absent.
func dataDir(t *testing.T) string {
	t.Helper()
	base := os.Getenv("WIJK_DATA")
	if base == "" {
		dir, err := os.Getwd()
		require.NoError(t, err)
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				t.Skip("module root not found")
			}
			dir = parent
		}
		base = filepath.Join(dir, "..", "shared", "data")
	}
	d := filepath.Join(base, "curtois")
	if _, err := os.Stat(d); err != nil {
		t.Skipf("benchmark data not found at %s (set WIJK_DATA)", d)
	}
	return d
}

func parseFile(t *testing.T, path string) *roster.Problem {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	p, err := Parse(f)
	require.NoError(t, err, path)
	return p
}

// TestBenchmarkInstancesParse reads every published instance and checks
// its size against best-known.tsv.
func TestBenchmarkInstancesParse(t *testing.T) {
	dir := dataDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "Instance*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sizes := map[string][3]int{}
	tsv, err := os.ReadFile(filepath.Join(dir, "best-known.tsv"))
	require.NoError(t, err)
	for _, line := range strings.Split(string(tsv), "\n")[1:] {
		f := strings.Split(line, "\t")
		if len(f) >= 4 {
			d, _ := strconv.Atoi(f[1])
			s, _ := strconv.Atoi(f[2])
			k, _ := strconv.Atoi(f[3])
			sizes[f[0]] = [3]int{d, s, k}
		}
	}
	for _, path := range files {
		p := parseFile(t, path)
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		if want, ok := sizes[name]; ok {
			require.Equal(t, want, [3]int{p.Days(), len(p.EmployeeIDs()), len(p.ShiftIDs())}, name)
		}
		// the empty roster is consistent: every cover row is short
		ev := mustRoster(t, p).Evaluate()
		require.Zero(t, ev.Breakdown.CoverOver, name)
	}
}

var objectiveLine = regexp.MustCompile(`(?m)^objective: (\d+)`)

// TestSolverOutputMatchesIndependentChecker solves the small instances
// briefly, writes the CSV, and checks that the independent checker
// (python3 tools/curtois_eval.py beside the data) computes the same
// objective and finds the roster feasible exactly when the evaluator
// does. The lower bound the solver proves must not exceed the best
// objective known for the instance. It skips when the data, the checker
// or python3 are missing.
func TestSolverOutputMatchesIndependentChecker(t *testing.T) {
	dir := dataDir(t)
	known := bestKnown(t, filepath.Join(dir, "best-known.tsv"))
	py, checker := independentChecker(t)
	for _, name := range []string{"Instance1", "Instance2", "Instance4", "Instance7"} {
		path := filepath.Join(dir, name+".txt")
		p := parseFile(t, path)
		res, err := roster.Solve(context.Background(), p, roster.Options{Seed: 1, Workers: 2, MaxIterations: 2_000})
		require.NoError(t, err)
		out := filepath.Join(t.TempDir(), name+".csv")
		f, err := os.Create(out)
		require.NoError(t, err)
		require.NoError(t, WriteSolution(f, res.Roster))
		require.NoError(t, f.Close())
		b, err := exec.Command(py, checker, path, out).CombinedOutput()
		require.NoError(t, err, string(b))
		m := objectiveLine.FindSubmatch(b)
		require.NotNil(t, m, string(b))
		obj, _ := strconv.Atoi(string(m[1]))
		require.Equal(t, res.Evaluation.Penalty, obj, name)
		require.Equal(t, res.Evaluation.Feasible(), strings.Contains(string(b), "feasible: yes"), name)
		require.Positive(t, res.Bound, name)
		require.LessOrEqual(t, res.Bound, res.Evaluation.Penalty, name)
		if bk, ok := known[name]; ok {
			require.LessOrEqual(t, res.Bound, bk, name)
		}
		if res.Optimal {
			require.Equal(t, res.Evaluation.Penalty, res.Bound, name)
		}
		// and our reader reads the file back to the same evaluation
		f, err = os.Open(out)
		require.NoError(t, err)
		back, err := ReadSolution(f, p)
		f.Close()
		require.NoError(t, err)
		require.Equal(t, res.Evaluation, back.Evaluate())
	}
}

// independentChecker returns python3 and the benchmark's checker
// (curtois_eval.py, beside the data), and skips when either is missing.
func independentChecker(t *testing.T) (py, checker string) {
	t.Helper()
	checker = filepath.Join(dataDir(t), "..", "..", "tools", "curtois_eval.py")
	if _, err := os.Stat(checker); err != nil {
		t.Skip("checker not found")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	return py, checker
}

// bestKnown reads the best objective known per instance from the
// benchmark's table (instance in the first column, best_known in the
// fifth); none when the table is absent.
func bestKnown(t *testing.T, path string) map[string]int {
	t.Helper()
	out := map[string]int{}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return out
	}
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(strings.TrimSpace(line), "\t")
		require.GreaterOrEqual(t, len(f), 5, line)
		v, err := strconv.Atoi(f[4])
		require.NoError(t, err, line)
		out[f[0]] = v
	}
	return out
}

func mustRoster(t testing.TB, p *roster.Problem) *roster.Roster {
	t.Helper()
	r, err := roster.NewRoster(p)
	require.NoError(t, err)
	return r
}
