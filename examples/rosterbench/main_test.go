package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
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
