package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// smallExperiment is a two-arm experiment with a grid, small enough for a
// test.
const smallExperiment = `{
  "name": "small",
  "seed": 5,
  "replications": 2,
  "base": {"teams": 4, "days": 42},
  "arms": [
    {"name": "self-managing", "params": {"organisation": "self-managing"}},
    {"name": "traditional", "params": {"organisation": "traditional", "merge": 2, "autonomy": 0.3}}
  ],
  "grid": {"coordination_per_member": [0.002, 0.008]}
}`

// experimentFiles are the files an experiment writes, compared byte for
// byte between runs.
var experimentFiles = []string{"steps.csv", "runs.csv", "summary.csv", "calibration.csv", "experiment.json", "report.html", "charts/productivity.svg", "charts/productivity.png"}

func runSmallExperiment(t *testing.T, file string, extra ...string) (dir string, stdout string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "e.json")
	require.NoError(t, os.WriteFile(path, []byte(file), 0o644))
	dir = filepath.Join(t.TempDir(), "out")
	var out, errOut bytes.Buffer
	args := append([]string{"-experiment", path, "-out", dir}, extra...)
	require.NoError(t, run(args, &out, &errOut), errOut.String())
	return dir, out.String()
}

// The same experiment file and seed give byte-identical files, whatever the
// number of workers; another seed gives other figures.
func TestExperimentSameBytes(t *testing.T) {
	d1, out := runSmallExperiment(t, smallExperiment, "-workers", "1")
	require.Contains(t, out, `2 arms × 2 grid points × 2 replications`)
	d2, _ := runSmallExperiment(t, smallExperiment, "-workers", "3")
	for _, f := range experimentFiles {
		b1, err := os.ReadFile(filepath.Join(d1, f))
		require.NoError(t, err)
		b2, err := os.ReadFile(filepath.Join(d2, f))
		require.NoError(t, err)
		require.NotEmpty(t, b1, f)
		require.Equal(t, b1, b2, "%s differs between two runs of the same experiment", f)
	}
	other := bytes.Replace([]byte(smallExperiment), []byte(`"seed": 5`), []byte(`"seed": 6`), 1)
	d3, _ := runSmallExperiment(t, string(other))
	s1, _ := os.ReadFile(filepath.Join(d1, "steps.csv"))
	s3, _ := os.ReadFile(filepath.Join(d3, "steps.csv"))
	require.NotEqual(t, s1, s3, "another seed, other runs")
}

// The CSVs are tidy: one line per run per week in steps.csv, one per run
// in runs.csv, one per arm, point and metric in summary.csv, with the
// interval around the mean.
func TestExperimentCSVs(t *testing.T) {
	dir, _ := runSmallExperiment(t, smallExperiment)
	read := func(name string) []map[string]string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		_, rows := readWeeks(t, data)
		return rows
	}
	steps := read("steps.csv")
	require.Len(t, steps, 2*2*2*6, "arms × points × replications × weeks")
	require.Equal(t, "self-managing", steps[0]["arm"])
	require.Equal(t, "coordination_per_member=0.002", steps[0]["point"])
	runs := read("runs.csv")
	require.Len(t, runs, 2*2*2)
	require.Equal(t, runs[0]["seed"], runs[4]["seed"], "replication 0 of both arms runs on the same seed")
	require.NotEqual(t, runs[0]["seed"], runs[1]["seed"])
	summary := read("summary.csv")
	require.Len(t, summary, 2*2*len(runMetrics))
	for _, r := range summary {
		if r["mean"] == "" {
			continue
		}
		mean, lo, hi := num(t, r, "mean"), num(t, r, "ci95_low"), num(t, r, "ci95_high")
		require.LessOrEqual(t, lo, mean, r["metric"])
		require.GreaterOrEqual(t, hi, mean, r["metric"])
	}
	cal := read("calibration.csv")
	require.Len(t, cal, 2*len(claims), "every claim at every grid point")
}

// A chart is written as a PNG of the documented size with something drawn
// on it.
func TestExperimentChartPNG(t *testing.T) {
	dir, _ := runSmallExperiment(t, smallExperiment)
	for _, name := range chartMetrics {
		f, err := os.Open(filepath.Join(dir, "charts", name+".png"))
		require.NoError(t, err)
		img, err := png.Decode(f)
		f.Close()
		require.NoError(t, err, name)
		b := img.Bounds()
		require.Equal(t, pngWidth, b.Dx(), name)
		require.Equal(t, pngHeight, b.Dy(), name)
		dark := 0
		for y := b.Min.Y; y < b.Max.Y; y += 3 {
			for x := b.Min.X; x < b.Max.X; x += 3 {
				if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xC000 {
					dark++
				}
			}
		}
		require.Greater(t, dark, 500, "%s.png has hardly anything drawn on it", name)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), "Beside the published claims")
}

// A bad experiment file is refused with the field and the rule, before
// anything runs or is written.
func TestExperimentBadFile(t *testing.T) {
	cases := map[string]struct{ file, want string }{
		"unknown parameter":  {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a","params":{"autonomyy":0.5}}]}`, `arms[0].params.autonomyy: unknown parameter`},
		"name in other case": {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a"}],"grid":{"Teams":[2,3]}}`, `grid.Teams: unknown parameter`},
		"seed per run":       {`{"name":"x","seed":1,"replications":2,"base":{"seed":4},"arms":[{"name":"a"}]}`, "base.seed: cannot be set in an experiment"},
		"null value":         {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a"}],"grid":{"teams":[2,null]}}`, "grid.teams[1]: must be a number, a string or true/false"},
		"params not object":  {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a","params":[1]}]}`, "arms[0].params: must be an object of parameters"},
		"trailing data":      {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a"}]} {}`, "more than one JSON value"},
		"huge grid":          {hugeGrid(), "grid: has more than 1000 points"},
		"too many runs":      {`{"name":"x","seed":1,"replications":1000,"arms":[{"name":"a"}],"grid":{"teams":[1,2,3,4,5,6,7,8,9,10,11]}}`, "is 11000 runs, at most 10000"},
		"one replication":    {`{"name":"x","seed":1,"replications":1,"arms":[{"name":"a"}]}`, "replications: must be 2 to 1000"},
		"twice the same arm": {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a"},{"name":"a"}]}`, `arms[1].name: "a" is used twice`},
		"no arms":            {`{"name":"x","seed":1,"replications":2,"arms":[]}`, "arms: must hold 1 to 20 arms"},
		"bad value":          {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a","params":{"autonomy":2}}]}`, "autonomy"},
		"empty grid":         {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a"}],"grid":{"autonomy":[]}}`, "grid.autonomy: must list at least one value"},
		"unknown top field":  {`{"name":"x","seed":1,"replications":2,"arms":[{"name":"a"}],"armz":[]}`, `unknown field "armz"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "e.json")
			require.NoError(t, os.WriteFile(path, []byte(c.file), 0o644))
			out := filepath.Join(t.TempDir(), "out")
			var so, se bytes.Buffer
			err := run([]string{"-experiment", path, "-out", out}, &so, &se)
			require.ErrorContains(t, err, c.want)
			_, statErr := os.Stat(out)
			require.True(t, os.IsNotExist(statErr), "nothing is written for a bad file")
		})
	}
}

// hugeGrid is an experiment whose grid has 2^40 points.
func hugeGrid() string {
	keys := []string{}
	for k := range configKeys {
		if _, ok := runControls[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	grid := ""
	for i, k := range keys[:40] {
		if i > 0 {
			grid += ","
		}
		grid += fmt.Sprintf("%q:[1,2]", k)
	}
	return `{"name":"x","seed":1,"replications":2,"arms":[{"name":"a"}],"grid":{` + grid + `}}`
}

// Overrides on the command line are checked like the file, and
// experiment.json records the experiment as run.
func TestExperimentOverrides(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.json")
	require.NoError(t, os.WriteFile(path, []byte(smallExperiment), 0o644))
	var so, se bytes.Buffer
	err := run([]string{"-experiment", path, "-out", filepath.Join(t.TempDir(), "o"), "-replications", "1"}, &so, &se)
	require.ErrorContains(t, err, "replications: must be 2 to 1000")

	dir, _ := runSmallExperiment(t, smallExperiment, "-teams", "2", "-days", "14")
	js, err := os.ReadFile(filepath.Join(dir, "experiment.json"))
	require.NoError(t, err)
	require.Contains(t, string(js), `"teams": 2`)
	require.Contains(t, string(js), `"days": 14`)
	steps, err := os.ReadFile(filepath.Join(dir, "steps.csv"))
	require.NoError(t, err)
	_, rows := readWeeks(t, steps)
	require.Len(t, rows, 2*2*2*2, "two weeks per run")
}

// The claims table sets a self-managing arm beside a traditional one at
// each grid point, never an arm beside itself.
func TestExperimentClaimsNeedBothArms(t *testing.T) {
	file := `{"name":"one arm","seed":2,"replications":2,"base":{"teams":3,"days":28},
	  "arms":[{"name":"only"}],"grid":{"organisation":["self-managing","traditional"]}}`
	dir, _ := runSmallExperiment(t, file)
	data, err := os.ReadFile(filepath.Join(dir, "calibration.csv"))
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 1, "only the header: one arm has nothing to be compared with")
}

// mechanismRuns runs reps replications of each configuration (paired
// seeds) and returns every run's figures, per configuration.
func mechanismRuns(t *testing.T, reps int, cfgs ...Config) [][]runFigures {
	t.Helper()
	var jobs []job
	for a, c := range cfgs {
		for r := range reps {
			c := c
			c.Seed, c.Workers, c.Store = mix(99, uint64(r)), 1, false
			require.NoError(t, c.Validate())
			jobs = append(jobs, job{arm: a, rep: r, cfg: c})
		}
	}
	res, err := runJobs(jobs, 0)
	require.NoError(t, err)
	out := make([][]runFigures, len(cfgs))
	for i, j := range jobs {
		out[j.arm] = append(out[j.arm], res[i].run)
	}
	return out
}

// mean is a run metric's mean over runs.
func mean(t *testing.T, runs []runFigures, cfg Config, metric string) float64 {
	t.Helper()
	for _, m := range runMetrics {
		if m.name == metric {
			var xs []float64
			for _, r := range runs {
				xs = append(xs, m.f(r, cfg))
			}
			e := estimateOf(xs)
			require.Equal(t, len(runs), e.n, "%s defined in every run", metric)
			return e.mean
		}
	}
	t.Fatalf("no metric %s", metric)
	return 0
}

func mechanismBase() Config {
	c := DefaultConfig()
	c.Teams, c.Days = 6, 140
	return c
}

// Continuity: care by nurses the client does not know takes longer, so
// with the mechanism on a traditional team (low continuity) gives more care
// hours per client; and a self-managing team, planning with the client's
// familiar nurses, reaches higher continuity than a traditional one.
func TestMechanismContinuity(t *testing.T) {
	trad := mechanismBase()
	trad.Organisation, trad.Merge = traditional, 2
	off := trad
	off.Continuity = false
	self := mechanismBase()
	runs := mechanismRuns(t, 3, trad, off, self)
	on, without := mean(t, runs[0], trad, "care_hours_per_client"), mean(t, runs[1], off, "care_hours_per_client")
	t.Logf("care hours per client: %.2f with the mechanism, %.2f without", on, without)
	require.Greater(t, on, without*1.05, "unfamiliar nurses need more time: %.1f h with the mechanism, %.1f h without", on, without)
	ct, cs := mean(t, runs[0], trad, "continuity"), mean(t, runs[2], self, "continuity")
	t.Logf("continuity: self-managing %.3f, traditional %.3f", cs, ct)
	require.Greater(t, cs, ct+0.2, "self-managing continuity %.2f, traditional %.2f", cs, ct)
}

// Continuity, second effect: at low continuity clients improve more
// slowly, so fewer are discharged in the same time.
func TestMechanismContinuityImprovement(t *testing.T) {
	slow := mechanismBase()
	slow.Organisation, slow.Merge = traditional, 2
	slow.ContinuityExtraCare, slow.ContinuityImprove = 0, 0.6
	plain := slow
	plain.ContinuityImprove = 0
	runs := mechanismRuns(t, 3, slow, plain)
	ds, dp := mean(t, runs[0], slow, "discharged"), mean(t, runs[1], plain, "discharged")
	t.Logf("discharged: %.1f when unfamiliar care slows improvement, %.1f when it does not", ds, dp)
	require.Less(t, ds, dp*0.95)
}

// Strain: less autonomy means more sickness and more leavers; with the
// mechanism off, autonomy changes nothing at all.
func TestMechanismStrain(t *testing.T) {
	high := mechanismBase()
	high.Autonomy, high.LeavePerYear = 0.9, 0.3
	low := high
	low.Autonomy = 0.1
	runs := mechanismRuns(t, 3, high, low)
	ah, al := mean(t, runs[0], high, "absenteeism"), mean(t, runs[1], low, "absenteeism")
	t.Logf("absenteeism %.4f at low autonomy, %.4f at high; turnover %.3f and %.3f", al, ah, mean(t, runs[1], low, "turnover"), mean(t, runs[0], high, "turnover"))
	require.Greater(t, al, ah*1.1, "absenteeism %.3f at low autonomy, %.3f at high", al, ah)
	lh, ll := mean(t, runs[0], high, "turnover"), mean(t, runs[1], low, "turnover")
	require.Greater(t, ll, lh, "turnover %.3f at low autonomy, %.3f at high", ll, lh)

	high.Strain, low.Strain = false, false
	runs = mechanismRuns(t, 2, high, low)
	require.Equal(t, runs[0], runs[1], "without the mechanism autonomy has no effect")
}

// Coordination: the larger the team, the more of its time goes to
// coordinating; with the mechanism on, productivity is lower.
func TestMechanismCoordination(t *testing.T) {
	cfg := mechanismBase()
	small, err := foundTeamForTest(&cfg, 5)
	require.NoError(t, err)
	large, err := foundTeamForTest(&cfg, 12)
	require.NoError(t, err)
	require.Greater(t, large.overhead(large.headcount()), small.overhead(small.headcount()), "a team of 12 coordinates more than a team of 5")

	on := mechanismBase()
	on.CoordinationPerMember = 0.01
	off := on
	off.Coordination = false
	runs := mechanismRuns(t, 2, on, off)
	pon, poff := mean(t, runs[0], on, "productivity"), mean(t, runs[1], off, "productivity")
	t.Logf("productivity %.4f with coordination, %.4f without", pon, poff)
	require.Less(t, pon, poff, "productivity %.3f with coordination, %.3f without", pon, poff)
}

// foundTeamForTest founds a team of exactly size members.
func foundTeamForTest(cfg *Config, size int) (*teamSim, error) {
	c := *cfg
	c.MembersMin, c.MembersMax = size, size
	h, err := newHood(&c, 0, 0)
	if err != nil {
		return nil, err
	}
	start, err := c.startDate()
	if err != nil {
		return nil, err
	}
	return foundTeam(&c, 0, []*hood{h}, "", start)
}

// Dominance: objections swayed by dominant members make poorer decisions
// (adopted over a valid objection nobody tested) and frustrated members
// leave; with the effects off, neither happens.
func TestMechanismDominance(t *testing.T) {
	on := mechanismBase()
	on.DominantShare, on.Dominance, on.ObjectionRate = 0.3, 0.9, 0.2
	on.SuppressedLeaving = 3
	off := on
	off.DominanceEffects = false
	runs := mechanismRuns(t, 3, on, off)
	pon, poff := mean(t, runs[0], on, "poor_decision_share"), mean(t, runs[1], off, "poor_decision_share")
	require.Greater(t, pon, 0.0, "suppressed valid objections make poor decisions")
	require.Equal(t, 0.0, poff)
	lon, loff := mean(t, runs[0], on, "leavers"), mean(t, runs[1], off, "leavers")
	t.Logf("poor decisions %.4f with the effects; leavers %.1f with, %.1f without", pon, lon, loff)
	require.Greater(t, lon, loff, "leavers %.1f with the effects, %.1f without", lon, loff)
}

// estimateOf gives the textbook interval: mean ± t(0.975, n−1)·sd/√n.
func TestEstimateOf(t *testing.T) {
	e := estimateOf([]float64{1, 2, 3, 4, 5, math.NaN()})
	require.Equal(t, 5, e.n)
	require.InDelta(t, 3, e.mean, 1e-12)
	require.InDelta(t, 1.5811388, e.sd, 1e-6)
	require.InDelta(t, 3-2.7764451*1.5811388/2.2360680, e.lo, 1e-6)
	one := estimateOf([]float64{7})
	require.Equal(t, 7.0, one.mean)
	require.True(t, math.IsNaN(one.lo), "one value: no interval")
}
