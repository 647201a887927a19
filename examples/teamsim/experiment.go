package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
)

// experiment is an experiment file: arms (ways of organising) run on the
// same neighbourhoods with the same seeds, optionally over a grid of
// parameter values, each replicated.
type experiment struct {
	// Name names the experiment in the report.
	Name string `json:"name"`
	// Description says what the experiment asks, for the report.
	Description string `json:"description"`
	// Seed derives every replication's seed: replication r of every arm
	// and grid point runs with the same seed, so the arms see the same
	// clients and staff.
	Seed uint64 `json:"seed"`
	// Replications is the number of runs per arm and grid point.
	Replications int `json:"replications"`
	// Base holds parameters (as in a -config file) that apply to every
	// run, over the defaults.
	Base json.RawMessage `json:"base"`
	// Arms are the ways of organising compared; each has a name and the
	// parameters that differ from the base.
	Arms []arm `json:"arms"`
	// Grid maps parameter names to the values to try; every combination
	// is a grid point, run for every arm. Empty: one point.
	Grid map[string][]json.RawMessage `json:"grid"`
}

// arm is one way of organising.
type arm struct {
	Name   string          `json:"name"`
	Params json.RawMessage `json:"params"`
}

// point is one combination of grid values: a label and the parameters.
type point struct {
	label  string
	params []json.RawMessage // one JSON object per grid parameter
}

// job is one run of an experiment.
type job struct {
	arm, point, rep int
	cfg             Config
}

// loadExperiment reads and checks an experiment file.
func loadExperiment(path string) (*experiment, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var e experiment
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("experiment %s: %w", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("experiment %s: more than one JSON value", path)
	}
	if err := e.validate(); err != nil {
		return nil, fmt.Errorf("experiment %s: %w", path, err)
	}
	return &e, nil
}

func (e *experiment) validate() error {
	var errs []error
	check := func(ok bool, field, rule string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(rule, args...)))
		}
	}
	check(strings.TrimSpace(e.Name) != "", "name", "is required")
	check(e.Replications >= 2 && e.Replications <= 1000, "replications", "must be 2 to 1000 (a confidence interval needs two runs)")
	check(len(e.Arms) >= 1 && len(e.Arms) <= 20, "arms", "must hold 1 to 20 arms")
	seen := map[string]bool{}
	for i, a := range e.Arms {
		check(strings.TrimSpace(a.Name) != "" && !strings.ContainsAny(a.Name, ",\n\""), fmt.Sprintf("arms[%d].name", i), "is required, without commas, quotes or line breaks")
		check(!seen[a.Name], fmt.Sprintf("arms[%d].name", i), "%q is used twice", a.Name)
		seen[a.Name] = true
	}
	if err := checkParams("base", e.Base); err != nil {
		errs = append(errs, err)
	}
	for i, a := range e.Arms {
		if err := checkParams(fmt.Sprintf("arms[%d].params", i), a.Params); err != nil {
			errs = append(errs, err)
		}
	}
	points := 1
	for _, name := range slices.Sorted(maps.Keys(e.Grid)) {
		vs := e.Grid[name]
		field := "grid." + name
		if err := checkKey(field, name); err != nil {
			errs = append(errs, err)
		}
		check(len(vs) >= 1, field, "must list at least one value")
		for i, v := range vs {
			if err := checkValue(fmt.Sprintf("%s[%d]", field, i), v); err != nil {
				errs = append(errs, err)
			}
		}
		points *= max(1, len(vs))
		if points > 1000 {
			check(false, "grid", "has more than 1000 points")
			break
		}
	}
	if runs := len(e.Arms) * points * e.Replications; len(errs) == 0 && runs > maxRuns {
		check(false, "replications", "times arms times grid points is %d runs, at most %d", runs, maxRuns)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Every run's configuration must be valid: build them once.
	_, err := e.jobs()
	return err
}

// maxRuns is the most runs an experiment may ask for.
const maxRuns = 10000

// configKeys are the parameter names a run takes, exactly as in the json
// tags of Config; runControls are those an experiment sets itself.
var (
	configKeys = func() map[string]bool {
		keys := map[string]bool{}
		t := reflect.TypeFor[Config]()
		for i := range t.NumField() {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" {
				keys[name] = true
			}
		}
		return keys
	}()
	runControls = map[string]string{
		"seed":    "every replication's seed comes from the experiment's seed",
		"workers": "each run is simulated on one worker; -workers sets how many run at once",
		"out":     "-out names the experiment's directory",
		"store":   "runs in an experiment are not saved",
	}
)

// checkKey refuses a parameter name a run does not take, or one the
// experiment sets itself. Names must match exactly: JSON decoding would
// otherwise take "Teams" for "teams".
func checkKey(field, key string) error {
	if why, ok := runControls[key]; ok {
		return fmt.Errorf("%s: cannot be set in an experiment (%s)", field, why)
	}
	if !configKeys[key] {
		return fmt.Errorf("%s: unknown parameter %q (the names are the json names in config.go)", field, key)
	}
	return nil
}

// checkValue refuses a parameter value that is null, an object or a list.
func checkValue(field string, v json.RawMessage) error {
	t := bytes.TrimSpace(v)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) || t[0] == '{' || t[0] == '[' {
		return fmt.Errorf("%s: must be a number, a string or true/false, got %s", field, compact(v))
	}
	return nil
}

// checkParams checks a layer of parameters: an object whose names a run
// takes, with plain values.
func checkParams(field string, js json.RawMessage) error {
	if len(bytes.TrimSpace(js)) == 0 {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(js, &m); err != nil || m == nil {
		return fmt.Errorf("%s: must be an object of parameters", field)
	}
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := checkKey(field+"."+k, k); err != nil {
			errs = append(errs, err)
		} else if err := checkValue(field+"."+k, m[k]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// override sets the number of teams and days in the base (0: leave as
// is) and the replications, so that the experiment as written out is the
// experiment as run, and checks the result.
func (e *experiment) override(teams, days, reps int) error {
	if teams > 0 || days > 0 {
		base := map[string]json.RawMessage{}
		if len(bytes.TrimSpace(e.Base)) > 0 {
			if err := json.Unmarshal(e.Base, &base); err != nil {
				return fmt.Errorf("base: %w", err)
			}
		}
		if teams > 0 {
			base["teams"] = json.RawMessage(strconv.Itoa(teams))
		}
		if days > 0 {
			base["days"] = json.RawMessage(strconv.Itoa(days))
		}
		js, err := json.Marshal(base)
		if err != nil {
			return err
		}
		e.Base = js
	}
	if reps > 0 {
		e.Replications = reps
	}
	return e.validate()
}

// points returns the grid points in a fixed order: parameters by name,
// values in the order given, the last parameter varying fastest.
func (e *experiment) points() []point {
	names := slices.Sorted(maps.Keys(e.Grid))
	pts := []point{{label: "base"}}
	for _, name := range names {
		var next []point
		for _, p := range pts {
			for _, v := range e.Grid[name] {
				label := name + "=" + string(compact(v))
				if p.label != "base" {
					label = p.label + " " + label
				}
				obj := json.RawMessage(fmt.Sprintf(`{%q:%s}`, name, compact(v)))
				next = append(next, point{label: label, params: append(slices.Clone(p.params), obj)})
			}
		}
		pts = next
	}
	return pts
}

func compact(v json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return v
	}
	return b.Bytes()
}

// jobs builds every run's configuration: the defaults, the base, the
// arm's parameters, the grid point's values, then the replication's seed.
// Each run is simulated on one worker without the store: the runs
// themselves go in parallel.
func (e *experiment) jobs() ([]job, error) {
	var out []job
	for p, pt := range e.points() {
		for a, am := range e.Arms {
			cfg := DefaultConfig()
			layers := []struct {
				what string
				js   json.RawMessage
			}{{"base", e.Base}, {"arms[" + am.Name + "].params", am.Params}}
			for _, g := range pt.params {
				layers = append(layers, struct {
					what string
					js   json.RawMessage
				}{"grid", g})
			}
			for _, l := range layers {
				if len(bytes.TrimSpace(l.js)) == 0 {
					continue
				}
				dec := json.NewDecoder(bytes.NewReader(l.js))
				dec.DisallowUnknownFields()
				if err := dec.Decode(&cfg); err != nil {
					return nil, fmt.Errorf("%s: %w", l.what, err)
				}
			}
			cfg.Workers, cfg.Store, cfg.Out = 1, false, ""
			for r := range e.Replications {
				c := cfg
				c.Seed = mix(e.Seed, uint64(r))
				if err := c.Validate(); err != nil {
					return nil, fmt.Errorf("arm %s, point %s: %w", am.Name, pt.label, err)
				}
				out = append(out, job{arm: a, point: p, rep: r, cfg: c})
			}
		}
	}
	return out, nil
}

// runResult is what one run leaves: its weekly figures summed over the
// teams, and its figures over the whole run.
type runResult struct {
	steps []step
	run   runFigures
}

// runExperiment runs every job on workers goroutines and writes the
// experiment's files to out.
func runExperiment(args []string, stdout, stderr io.Writer) error {
	began := time.Now()
	fs := flag.NewFlagSet("teamsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("experiment", "", "experiment file (JSON)")
	out := fs.String("out", "teamsim-experiment", "output directory")
	workers := fs.Int("workers", 0, "runs simulated at once (0: one per CPU); does not change results")
	reps := fs.Int("replications", 0, "replications per arm and grid point, overriding the file (0: the file's)")
	teams := fs.Int("teams", 0, "teams at the start, overriding the file (0: the file's)")
	days := fs.Int("days", 0, "days to simulate, overriding the file (0: the file's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	e, err := loadExperiment(*path)
	if err != nil {
		return err
	}
	if err := e.override(*teams, *days, *reps); err != nil {
		return fmt.Errorf("experiment %s with the flags' overrides: %w", *path, err)
	}
	jobs, err := e.jobs()
	if err != nil {
		return err
	}
	// The runs allocate much short-lived memory; collecting less often
	// trades some hundreds of megabytes for a faster experiment.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	res, err := runJobs(jobs, *workers)
	if err != nil {
		return err
	}
	if err := writeExperiment(*out, e, jobs, res); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "teamsim: experiment %q: %d arms × %d grid points × %d replications written to %s\n",
		e.Name, len(e.Arms), len(e.points()), e.Replications, *out)
	fmt.Fprintf(stderr, "teamsim: %d runs in %s\n", len(jobs), time.Since(began).Round(time.Millisecond))
	return nil
}

// runJobs simulates the jobs, at most workers at once, and returns their
// results in job order.
func runJobs(jobs []job, workers int) ([]runResult, error) {
	res := make([]runResult, len(jobs))
	errs := make([]error, len(jobs))
	parallel(len(jobs), workers, func(i int) {
		rows, err := simulate(jobs[i].cfg)
		if err != nil {
			errs[i] = err
			return
		}
		res[i] = reduce(jobs[i].cfg, rows)
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("run %d (seed %d): %w", i, jobs[i].cfg.Seed, err)
		}
	}
	return res, nil
}

// step is one week of a run, summed over its teams.
type step struct {
	// week is the week's number; days the days of it the run covers
	// (fewer than 7 in a last, partial week).
	week, days                                   int
	teams, members, clients, splits, hires       int
	leavers, decisions, poorDecisions            int
	worked, clientFacing, sick, scheduled, unmet int
	demand                                       int
	contSum                                      float64
	contN                                        int
	need, capacity                               float64
}

// runFigures are a run's outcomes over the whole run.
type runFigures struct {
	teamsEnd, membersEnd, clientsServed     int
	memberDays, leavers, hires, splits      int
	worked, clientFacing, sick, scheduled   int
	unmet, demand, decisions, poorDecisions int
	kbsProblems, kbsChange, discharged      int
	// matureWorked and matureFacing are the founding teams' hours over
	// the run's last 13 weeks.
	matureWorked, matureFacing int
	// sampledVisits and familiarVisits count the visits on sampled days'
	// plans, and those by a nurse the client knew.
	sampledVisits, familiarVisits int
	managers                      int // traditional teams at the end, one manager each (× ManagersPerTeam)
}

// reduce sums a run's weekly rows.
func reduce(cfg Config, rows []weekRow) runResult {
	weeks := (cfg.Days + 6) / 7
	res := runResult{steps: make([]step, weeks)}
	for w := range res.steps {
		res.steps[w].week, res.steps[w].days = w, min(7, cfg.Days-7*w)
	}
	last := (cfg.Days - 1) / 7
	f := &res.run
	for _, r := range rows {
		s := &res.steps[r.week]
		s.teams++
		s.members += r.members
		s.clients += r.clients
		s.splits += r.splits
		s.hires += r.hires
		s.leavers += r.leavers
		s.decisions += r.decisions
		s.poorDecisions += r.poorDecisions
		s.worked += r.worked
		s.clientFacing += r.clientFacing
		s.sick += r.sick
		s.scheduled += r.scheduled
		s.unmet += r.unmet
		s.demand += r.demand
		s.contSum += r.contSum
		s.contN += r.contN
		s.need += r.need
		s.capacity += r.capacity

		f.clientsServed += r.initial + r.admitted
		f.memberDays += r.members * s.days
		f.leavers += r.leavers
		f.hires += r.hires
		f.splits += r.splits
		f.worked += r.worked
		f.clientFacing += r.clientFacing
		f.sick += r.sick
		f.scheduled += r.scheduled
		f.unmet += r.unmet
		f.demand += r.demand
		f.decisions += r.decisions
		f.poorDecisions += r.poorDecisions
		f.kbsProblems += r.kbsProblems
		f.kbsChange += r.kbsChange
		f.discharged += r.discharged
		f.sampledVisits += r.sampledVisits
		f.familiarVisits += r.familiarVisits
		if r.parent == "" && r.week > last-13 {
			f.matureWorked += r.worked
			f.matureFacing += r.clientFacing
		}
		if r.week == last {
			f.teamsEnd++
			f.membersEnd += r.members
		}
	}
	if cfg.Organisation == traditional {
		f.managers = f.teamsEnd
	}
	return res
}

// div is num/den, NaN when den is zero (the figure is undefined).
func div(num, den float64) float64 {
	if den == 0 {
		return math.NaN()
	}
	return num / den
}

// stepMetric is one weekly figure of the experiment.
type stepMetric struct {
	name, title, unit string
	f                 func(s step, cfg Config) float64
}

// stepMetrics are the columns of steps.csv after the keys, and the charts.
var stepMetrics = []stepMetric{
	{"teams", "Teams", "teams", func(s step, _ Config) float64 { return float64(s.teams) }},
	{"members", "Members", "members", func(s step, _ Config) float64 { return float64(s.members) }},
	{"clients", "Clients in care", "clients", func(s step, _ Config) float64 { return float64(s.clients) }},
	{"productivity", "Productivity (client-facing share of hours worked)", "share", func(s step, _ Config) float64 { return div(float64(s.clientFacing), float64(s.worked)) }},
	{"absenteeism", "Absenteeism (sick share of scheduled hours)", "share", func(s step, _ Config) float64 { return div(float64(s.sick), float64(s.scheduled)) }},
	{"turnover", "Turnover (leavers per member, annualised)", "per year", func(s step, _ Config) float64 {
		return div(365/float64(s.days)*float64(s.leavers), float64(s.members))
	}},
	{"care_hours_per_client", "Client-facing care hours per client per week", "hours", func(s step, _ Config) float64 {
		return div(7/float64(s.days)*float64(s.clientFacing)/60, float64(s.clients))
	}},
	{"continuity", "Continuity the clients have (last sampled share of visits by a known nurse)", "share", func(s step, _ Config) float64 { return div(s.contSum, float64(s.contN)) }},
	{"unmet_share", "Care not given (share of demand)", "share", func(s step, _ Config) float64 { return div(float64(s.unmet), float64(s.demand)) }},
	{"workload", "Workload (care and travel asked ÷ time for it)", "ratio", func(s step, _ Config) float64 { return div(s.need, s.capacity) }},
	{"splits", "Team splits", "splits", func(s step, _ Config) float64 { return float64(s.splits) }},
	{"hires", "Hires", "hires", func(s step, _ Config) float64 { return float64(s.hires) }},
	{"leavers", "Leavers", "leavers", func(s step, _ Config) float64 { return float64(s.leavers) }},
	{"poor_decision_share", "Decisions adopted over a suppressed valid objection (share)", "share", func(s step, _ Config) float64 {
		return div(float64(s.poorDecisions), float64(s.decisions))
	}},
}

// runMetric is one figure of a whole run.
type runMetric struct {
	name, title string
	f           func(r runFigures, cfg Config) float64
}

// runMetrics are the columns of runs.csv after the keys, and the metrics of
// summary.csv.
var runMetrics = []runMetric{
	{"teams_end", "Teams at the end", func(r runFigures, _ Config) float64 { return float64(r.teamsEnd) }},
	{"members_end", "Members at the end", func(r runFigures, _ Config) float64 { return float64(r.membersEnd) }},
	{"clients_served", "Clients served", func(r runFigures, _ Config) float64 { return float64(r.clientsServed) }},
	{"care_hours_per_client", "Client-facing hours per client served", func(r runFigures, _ Config) float64 {
		return div(float64(r.clientFacing)/60, float64(r.clientsServed))
	}},
	{"productivity", "Productivity", func(r runFigures, _ Config) float64 { return div(float64(r.clientFacing), float64(r.worked)) }},
	{"mature_productivity", "Productivity of the founding teams, last 13 weeks", func(r runFigures, _ Config) float64 {
		return div(float64(r.matureFacing), float64(r.matureWorked))
	}},
	{"absenteeism", "Absenteeism", func(r runFigures, _ Config) float64 { return div(float64(r.sick), float64(r.scheduled)) }},
	{"turnover", "Turnover (leavers per member-year)", func(r runFigures, _ Config) float64 { return div(365*float64(r.leavers), float64(r.memberDays)) }},
	{"continuity", "Continuity: share of sampled days' visits by a nurse the client knew", func(r runFigures, _ Config) float64 {
		return div(float64(r.familiarVisits), float64(r.sampledVisits))
	}},
	{"unmet_share", "Care not given", func(r runFigures, _ Config) float64 { return div(float64(r.unmet), float64(r.demand)) }},
	{"kbs_change_per_problem", "KBS change per problem at discharge", func(r runFigures, _ Config) float64 {
		return div(float64(r.kbsChange), float64(r.kbsProblems))
	}},
	{"discharged", "Clients discharged", func(r runFigures, _ Config) float64 { return float64(r.discharged) }},
	{"splits", "Team splits", func(r runFigures, _ Config) float64 { return float64(r.splits) }},
	{"hires", "Hires", func(r runFigures, _ Config) float64 { return float64(r.hires) }},
	{"leavers", "Leavers", func(r runFigures, _ Config) float64 { return float64(r.leavers) }},
	{"poor_decision_share", "Share of decisions adopted over a suppressed valid objection", func(r runFigures, _ Config) float64 {
		return div(float64(r.poorDecisions), float64(r.decisions))
	}},
	{"back_office_per_1000", "Back office per 1,000 nurses (an input)", func(_ runFigures, cfg Config) float64 { return cfg.BackOfficePer1000 }},
	{"support_staff_per_1000", "Back office, coaches, planners and managers per 1,000 nurses at the end", func(r runFigures, cfg Config) float64 {
		staff := cfg.BackOfficePer1000 * float64(r.membersEnd) / 1000
		if cfg.Organisation == traditional {
			staff += cfg.PlannersPer100*float64(r.membersEnd)/100 + cfg.ManagersPerTeam*float64(r.managers)
		} else {
			staff += float64((cfg.Teams + cfg.CoachTeams - 1) / cfg.CoachTeams)
		}
		return div(1000*staff, float64(r.membersEnd))
	}},
}
