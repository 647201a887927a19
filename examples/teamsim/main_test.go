package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// runSmall runs a small simulation into a fresh directory and returns the
// files it wrote and what it printed.
func runSmall(t *testing.T, extra ...string) (weeks, summary, stdout []byte) {
	t.Helper()
	dir := t.TempDir()
	args := append([]string{"-teams", "3", "-days", "60", "-seed", "7", "-out", dir}, extra...)
	var out, errOut bytes.Buffer
	require.NoError(t, run(args, &out, &errOut), errOut.String())
	require.Regexp(t, `^teamsim: 3 teams × \d+ days in \S+ `, errOut.String(), "elapsed time goes to stderr")
	weeks, err := os.ReadFile(filepath.Join(dir, "weeks.csv"))
	require.NoError(t, err)
	summary, err = os.ReadFile(filepath.Join(dir, "summary.txt"))
	require.NoError(t, err)
	return weeks, summary, out.Bytes()
}

// The same seed gives byte-identical output, whatever the number of
// workers; another seed gives other output.
func TestSameSeedSameBytes(t *testing.T) {
	w1, s1, o1 := runSmall(t, "-workers", "1")
	w2, s2, o2 := runSmall(t, "-workers", "3")
	require.Equal(t, string(w1), string(w2), "weeks.csv differs between runs with the same seed")
	require.Equal(t, string(s1), string(s2))
	require.Equal(t, string(o1), string(o2))
	require.Equal(t, string(s1), string(o1), "the summary printed is the summary written")

	w3, _, _ := runSmall(t, "-seed", "8")
	require.NotEqual(t, string(w1), string(w3), "another seed, another simulation")
}

func readWeeks(t *testing.T, data []byte) (header []string, rows []map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	header = recs[0]
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, h := range header {
			row[h] = r[i]
		}
		rows = append(rows, row)
	}
	return header, rows
}

func num(t *testing.T, row map[string]string, col string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row[col], 64)
	require.NoError(t, err, "column %s = %q", col, row[col])
	return v
}

// The CSV has the documented columns, one row per team per week.
func TestWeeksColumns(t *testing.T) {
	w, _, _ := runSmall(t)
	header, rows := readWeeks(t, w)
	want := []string{
		"team", "team_id", "parent", "week", "week_start",
		"members", "level5", "hires", "leavers", "splits",
		"clients", "referrals", "admitted", "declined", "discharged", "kbs_change_per_problem",
		"demand_hours", "worked_hours", "client_facing_hours", "travel_hours", "unmet_hours",
		"sick_hours", "leave_hours", "training_hours",
		"productivity", "absenteeism", "workload",
		"meetings", "proposals", "decisions", "withdrawn", "escalated", "rounds", "mean_days_to_decision",
		"stances", "objections", "valid_objections", "concerns", "stand_asides",
		"swayed", "suppressed_objections", "dissent", "poor_decisions",
		"initial_clients", "planned_hours", "continuity", "sampled_visits", "familiar_visits",
	}
	if diff := cmp.Diff(want, header); diff != "" {
		t.Fatalf("columns (-want +got):\n%s", diff)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		key := r["team"] + "/" + r["week"]
		require.False(t, seen[key], "two rows for %s", key)
		seen[key] = true
	}
	// Every founding team has a row for each of the 9 weeks (60 days).
	for _, team := range []string{"Team T0001", "Team T0002", "Team T0003"} {
		for w := range 9 {
			require.True(t, seen[team+"/"+strconv.Itoa(w)], "%s week %d", team, w)
		}
	}
}

// Sanity invariants of every row.
func TestWeeksInvariants(t *testing.T) {
	w, _, _ := runSmall(t, "-days", "120")
	_, rows := readWeeks(t, w)
	cfg := DefaultConfig()
	for _, r := range rows {
		name := r["team"] + " week " + r["week"]
		if r["productivity"] != "" {
			p := num(t, r, "productivity")
			require.True(t, p >= 0 && p <= 1, "%s: productivity %v", name, p)
		}
		require.LessOrEqual(t, num(t, r, "members"), float64(cfg.MaxMembers), name)
		require.GreaterOrEqual(t, num(t, r, "members"), 1.0, name)
		require.LessOrEqual(t, num(t, r, "client_facing_hours")+num(t, r, "travel_hours"), num(t, r, "worked_hours")+0.01, name)
		require.LessOrEqual(t, num(t, r, "decisions"), num(t, r, "rounds"), name)
		require.LessOrEqual(t, num(t, r, "valid_objections"), num(t, r, "objections"), name)
		require.LessOrEqual(t, num(t, r, "suppressed_objections"), num(t, r, "swayed"), name)
		require.LessOrEqual(t, num(t, r, "admitted")+num(t, r, "declined"), num(t, r, "referrals"), name)
	}
}

// A team that outgrows its norms splits by a consent decision, and the new
// team appears in the CSV with its parent.
func TestSplitsProduceTeams(t *testing.T) {
	// Small norms and plenty of referrals make every team outgrow them.
	w, _, out := runSmall(t, "-days", "120", "-size-norm", "7", "-min-split-members", "6", "-referrals", "4", "-hire-above", "0.6")
	_, rows := readWeeks(t, w)
	splits, lastWeekSplits, lastWeek := 0, 0, 0.0
	for _, r := range rows {
		lastWeek = max(lastWeek, num(t, r, "week"))
	}
	parents := map[string]bool{}
	children := map[string]string{}
	for _, r := range rows {
		splits += int(num(t, r, "splits"))
		if num(t, r, "week") == lastWeek {
			lastWeekSplits += int(num(t, r, "splits"))
		}
		if r["splits"] != "0" {
			parents[r["team"]] = true
		}
		if r["parent"] != "" {
			children[r["team"]] = r["parent"]
		}
	}
	require.Positive(t, splits)
	// A new team starts the day after its split was adopted: one split in
	// the last week may start its team after the run has ended.
	require.LessOrEqual(t, len(children), splits, "each split makes one new team")
	require.GreaterOrEqual(t, len(children), splits-lastWeekSplits, "each split makes one new team")
	for child, parent := range children {
		require.True(t, parents["Team "+parent], "%s split off from %s, which recorded a split", child, parent)
		require.True(t, strings.HasPrefix(child, "Team "+parent+"."), child)
	}
	require.Contains(t, string(out), "splits)")
}

// Flags override the JSON file, which overrides the defaults.
func TestConfigFileAndFlags(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sim.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"teams": 5, "days": 30, "dominance": 0.9, "objection_rate": 0.2}`), 0o644))
	cfg, err := loadConfig([]string{"-config", path, "-days", "40"}, &bytes.Buffer{})
	require.NoError(t, err)
	want := DefaultConfig()
	want.Teams, want.Days, want.Dominance, want.ObjectionRate = 5, 40, 0.9, 0.2
	if diff := cmp.Diff(want, cfg); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}

	require.NoError(t, os.WriteFile(path, []byte(`{"teams": 5, "dominanse": 0.9}`), 0o644))
	_, err = loadConfig([]string{"-config", path}, &bytes.Buffer{})
	require.ErrorContains(t, err, "dominanse", "an unknown field is refused")

	for _, args := range [][]string{
		{"-dominance", "1.5"},
		{"-teams", "0"},
		{"-start", "2026-01-06"}, // a Tuesday
		{"-objection-rate", "0.7", "-concern-rate", "0.5"},
	} {
		_, err := loadConfig(args, &bytes.Buffer{})
		require.Error(t, err, "%v", args)
	}
}

// Dominance is modelled explicitly: with no dominant members nobody is
// swayed; with strong dominance many are.
func TestDominanceSways(t *testing.T) {
	total := func(extra ...string) (swayed, stances int) {
		w, _, _ := runSmall(t, extra...)
		_, rows := readWeeks(t, w)
		for _, r := range rows {
			swayed += int(num(t, r, "swayed"))
			stances += int(num(t, r, "stances"))
		}
		return swayed, stances
	}
	none, n := total("-dominant-share", "0")
	require.Zero(t, none)
	require.Positive(t, n)
	strong, _ := total("-dominant-share", "0.5", "-dominance", "1", "-objection-rate", "0.2")
	require.Positive(t, strong)
}
