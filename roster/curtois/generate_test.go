package curtois

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// sizes spans the benchmark's range: small to the largest, short to a year.
var sizes = []GenerateParams{
	{Seed: 1, Days: 14, Staff: 8, ShiftTypes: 1},
	{Seed: 2, Days: 28, Staff: 30, ShiftTypes: 4},
	{Seed: 3, Days: 42, Staff: 45, ShiftTypes: 6},
	{Seed: 4, Days: 84, Staff: 40, ShiftTypes: 5},
	{Seed: 5, Days: 182, Staff: 100, ShiftTypes: 8},
	{Seed: 6, Days: 364, Staff: 150, ShiftTypes: 32},
}

// A generated instance is feasible (its reference roster keeps every hard
// rule), reads back through Parse as the same problem, and is the same for
// the same seed.
func TestGenerate(t *testing.T) {
	for _, g := range sizes {
		t.Run(fmt.Sprintf("%dd-%ds-%dt", g.Days, g.Staff, g.ShiftTypes), func(t *testing.T) {
			pr, ref, err := Generate(g)
			require.NoError(t, err)
			ev := ref.Evaluate()
			require.True(t, ev.Feasible(), "reference roster breaks %v", ev.Violations)
			require.Equal(t, g.Days, pr.Days())
			require.Len(t, pr.EmployeeIDs(), g.Staff)
			require.Len(t, pr.ShiftIDs(), g.ShiftTypes)

			var b bytes.Buffer
			require.NoError(t, WriteInstance(&b, pr))
			back, err := Parse(bytes.NewReader(b.Bytes()))
			require.NoError(t, err)
			require.Equal(t, pr.Params(), back.Params(), "Parse reads back what WriteInstance wrote")

			pr2, _, err := Generate(g)
			require.NoError(t, err)
			var b2 bytes.Buffer
			require.NoError(t, WriteInstance(&b2, pr2))
			require.Equal(t, b.Bytes(), b2.Bytes(), "same seed, same instance")
		})
	}
	a, _, _ := Generate(GenerateParams{Seed: 1, Days: 28, Staff: 10, ShiftTypes: 3})
	b, _, _ := Generate(GenerateParams{Seed: 2, Days: 28, Staff: 10, ShiftTypes: 3})
	require.NotEqual(t, a.Params(), b.Params(), "another seed, another instance")
}

// The public instances read, written and read again give the same problem.
func TestWriteInstanceRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(dataDir(t), "Instance*.txt"))
	if len(files) == 0 {
		t.Skip("no Curtois instances under WIJK_DATA")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		pr, err := Parse(bytes.NewReader(data))
		require.NoError(t, err, f)
		var b bytes.Buffer
		require.NoError(t, WriteInstance(&b, pr))
		back, err := Parse(bytes.NewReader(b.Bytes()))
		require.NoError(t, err, f)
		require.Equal(t, pr.Params(), back.Params(), f)
	}
}

// Sizes outside the benchmark's range are refused with the field named.
func TestGenerateBadSizes(t *testing.T) {
	for _, c := range []struct {
		g    GenerateParams
		want string
	}{
		{GenerateParams{Days: 10, Staff: 5, ShiftTypes: 2}, "days"},
		{GenerateParams{Days: 15, Staff: 5, ShiftTypes: 2}, "days"},
		{GenerateParams{Days: 28, Staff: 0, ShiftTypes: 2}, "staff"},
		{GenerateParams{Days: 28, Staff: 151, ShiftTypes: 2}, "staff"},
		{GenerateParams{Days: 28, Staff: 5, ShiftTypes: 33}, "shiftTypes"},
	} {
		_, _, err := Generate(c.g)
		require.ErrorContains(t, err, c.want)
	}
	require.Error(t, WriteInstance(&bytes.Buffer{}, nil))
}

// The independent checker reads a generated instance as we do: it finds
// the reference roster feasible, with the penalty we compute.
func TestGeneratedInstancesMatchIndependentChecker(t *testing.T) {
	py, checker := independentChecker(t)
	for _, g := range []GenerateParams{sizes[1], sizes[3]} {
		pr, ref, err := Generate(g)
		require.NoError(t, err)
		tmp := t.TempDir()
		inst, sol := filepath.Join(tmp, "gen.txt"), filepath.Join(tmp, "gen.csv")
		var b bytes.Buffer
		require.NoError(t, WriteInstance(&b, pr))
		require.NoError(t, os.WriteFile(inst, b.Bytes(), 0o644))
		b.Reset()
		require.NoError(t, WriteSolution(&b, ref))
		require.NoError(t, os.WriteFile(sol, b.Bytes(), 0o644))
		out, err := exec.Command(py, checker, inst, sol).CombinedOutput()
		require.NoError(t, err, string(out))
		require.Contains(t, string(out), "feasible: yes")
		m := objectiveLine.FindSubmatch(out)
		require.NotNil(t, m, string(out))
		obj, _ := strconv.Atoi(string(m[1]))
		require.Equal(t, ref.Evaluate().Penalty, obj)
	}
}
