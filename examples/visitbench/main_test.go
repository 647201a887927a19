package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

// instance is a one-patient benchmark instance with the given time window
// and duration.
func instance(window, duration string) string {
	return `{"patients":[{"id":"p1","time_window":` + window + `,"required_caregivers":[{"service":"s1","duration":` + duration + `}]}],` +
		`"services":[{"id":"s1","default_duration":10}],"caregivers":[{"id":"c1","abilities":["s1"]}],` +
		`"central_offices":[{"id":"d"}],"distances":[[0,5],[5,0]]}`
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestSolvesASoundInstance(t *testing.T) {
	path := write(t, t.TempDir(), "one.json", instance("[0,60]", "15"))
	var out bytes.Buffer
	require.NoError(t, run([]string{"-instance", path, "-iterations", "20", "-workers", "1"}, &out))
	require.Contains(t, out.String(), "feasible: yes")
}

// TestRefusesAbsurdNumbers: finite but absurd numbers are input errors
// naming the field, not days to plan.
func TestRefusesAbsurdNumbers(t *testing.T) {
	dir := t.TempDir()
	for name, doc := range map[string]string{
		"duration": instance("[0,60]", "1e300"),
		"window":   instance("[0,1e300]", "15"),
	} {
		t.Run(name, func(t *testing.T) {
			path := write(t, dir, name+".json", doc)
			err := run([]string{"-instance", path, "-iterations", "20", "-workers", "1"}, &bytes.Buffer{})
			require.ErrorIs(t, err, wijk.ErrInvalid)
			var ve *wijk.ValidationError
			require.True(t, errors.As(err, &ve))
			require.True(t, strings.HasPrefix(ve.Field, "patients[0]."), ve.Field)
		})
	}
}

func TestReadBestKeepsOnlySoundCosts(t *testing.T) {
	path := write(t, t.TempDir(), "best.tsv", "instance\tdistance\tmax_tardiness\ttotal_tardiness\ttotal_cost\n"+
		"a\t1\t0\t0\t218.5\nb\t1\t0\t0\tNaN\nc\t1\t0\t0\t+Inf\nd\t1\t0\t0\t0\ne\t1\t0\t0\t-3\n")
	best, err := readBest(path)
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"a": 218.5}, best)
}

// TestTeamDaysRange: -first and -seeds choose the days, and a range that
// is empty is an error rather than an empty table.
func TestTeamDaysRange(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-teamday", "8x2", "-first", "3", "-seeds", "4", "-time", "0"}, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 4, out.String())
	require.True(t, strings.HasPrefix(strings.TrimSpace(lines[1]), "3 "), lines[1])
	require.True(t, strings.HasPrefix(strings.TrimSpace(lines[2]), "4 "), lines[2])
	require.Error(t, run([]string{"-teamday", "8x2", "-first", "5", "-seeds", "4"}, &bytes.Buffer{}))
	require.Error(t, run([]string{"-teamday", "8x2", "-refseeds", "0"}, &bytes.Buffer{}))
}
