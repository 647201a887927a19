package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/roster/curtois"
)

const tiny = "SECTION_HORIZON\r\n7\r\n\r\nSECTION_SHIFTS\r\nD,480,\r\n\r\nSECTION_STAFF\r\n" +
	"A,D=7,2400,960,5,1,1,1\r\nB,D=7,2400,960,5,1,1,1\r\n\r\nSECTION_COVER\r\n" +
	"0,D,1,100,1\r\n1,D,1,100,1\r\n2,D,2,100,1\r\n3,D,1,100,1\r\n"

func TestSolveOneAndDir(t *testing.T) {
	dir := t.TempDir()
	inst := filepath.Join(dir, "Instance1.txt")
	require.NoError(t, os.WriteFile(inst, []byte(tiny), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "best-known.tsv"),
		[]byte("instance\tdays\tstaff\tshift_types\tbest_known\tlower_bound\nInstance1\t7\t2\t1\t0\t0\n"), 0o644))

	var out bytes.Buffer
	csv := filepath.Join(dir, "solution.csv")
	require.NoError(t, run([]string{"-instance", inst, "-time", "0", "-iterations", "3000", "-out", csv}, &out))
	require.Contains(t, out.String(), "objective:       0\n")
	require.Contains(t, out.String(), "hard violations: 0\n")
	b, err := os.ReadFile(csv)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "employee,day,shift\n"))

	out.Reset()
	require.NoError(t, run([]string{"-dir", dir, "-time", "0", "-iterations", "3000"}, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	require.Equal(t, []string{"Instance1", "0", "0", "0", "-"}, strings.Fields(lines[1])[:5])
	// the tree search proves the perfect roster optimal: its bound is 0
	require.Equal(t, []string{"yes", "0"}, strings.Fields(lines[1])[6:])

	require.Error(t, run([]string{}, &out))
}

func TestWhereCountsShortfallByWeekdayAndHalfWeekends(t *testing.T) {
	const inst = "SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\n" +
		"A,D=14,6720,0,5,1,1,2\nB,D=14,6720,0,5,1,1,2\n\nSECTION_COVER\n" +
		"1,D,1,100,1\n5,D,2,100,1\n6,D,1,100,1\n"
	p, err := curtois.Parse(strings.NewReader(inst))
	require.NoError(t, err)
	// A works the first weekend whole, B the second Saturday alone;
	// Tuesday (day 1) and the first Saturday are one short each
	r, err := curtois.ReadSolution(strings.NewReader("employee,day,shift\nA,5,D\nA,6,D\nB,12,D\n"), p)
	require.NoError(t, err)
	var out bytes.Buffer
	where(&out, r)
	require.Equal(t, "  employees short, by weekday:   Mon 0, Tue 1, Wed 0, Thu 0, Fri 0, Sat 1, Sun 0\n"+
		"  weekends worked:               2, on one day only 1\n", out.String())
}
