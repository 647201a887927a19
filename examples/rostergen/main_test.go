package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk/roster/curtois"
)

// -dir writes the whole ladder, each file a benchmark instance of its size.
func TestLadder(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run([]string{"-seed", "3", "-dir", dir}, &out, &out))
	require.Equal(t, len(ladder), strings.Count(out.String(), "reference roster penalty"))
	for _, l := range ladder[:4] { // the small ones: parsing a year of 150 staff is slow under -race
		f, err := os.Open(filepath.Join(dir, fmt.Sprintf("Gen%d-%d-%d.txt", l.Days, l.Staff, l.ShiftTypes)))
		require.NoError(t, err)
		pr, err := curtois.Parse(f)
		f.Close()
		require.NoError(t, err)
		require.Equal(t, l.Days, pr.Days())
		require.Len(t, pr.EmployeeIDs(), l.Staff)
	}
}

// Without -dir one instance goes to standard output; bad sizes are refused.
func TestOne(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"-days", "14", "-staff", "3", "-types", "2"}, &out, &errOut))
	require.True(t, strings.HasPrefix(out.String(), "# Generated"))
	require.ErrorContains(t, run([]string{"-days", "15"}, &out, &errOut), "days")
}
