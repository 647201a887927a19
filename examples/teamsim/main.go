// Teamsim is a seeded simulation of many self-managing neighbourhood teams
// over months, for research. Each team takes in referred clients with an
// Omaha System care plan, gives the care the plans ask for, records its
// members' hours (with sickness, leave and training), and meets every two
// weeks to decide by consent: routine proposals, hires when the workload is
// high, members leaving, and a split when the team outgrows its norms. In
// the consent rounds members take stances by configurable propensities, and
// dominant members sway the others; the simulation records the dissent.
//
// The teams can instead be organised traditionally (-organisation
// traditional): a manager decides, a planning department hands out timed
// tasks, and one larger team serves several neighbourhoods. Both ways serve
// the same neighbourhoods, clients and staff for a seed. Four mechanisms,
// each switchable, link the organisation to its outcomes: continuity of
// care (measured on days planned with roster/visit), job strain, the
// coordination cost of team size, and the effects of dominance.
//
// A run writes weeks.csv (one line per team per week), summary.txt and the
// configuration it ran with (config.json) to the output directory, and
// prints the summary. An experiment (-experiment FILE) runs arms, a grid of
// parameters and replications in parallel and writes tidy CSVs, a summary
// with confidence intervals, charts and an HTML report. The same seed and
// parameters give byte-identical files, whatever the number of workers. The
// elapsed time goes to stderr.
//
//	go run ./examples/teamsim -teams 850 -days 365 -seed 1 -out teamsim-out
//	go run ./examples/teamsim -experiment examples/teamsim/experiments/two-arms.json -out teamsim-experiment
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/team"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "teamsim:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if flagArg(args, "experiment") != "" {
		return runExperiment(args, stdout, stderr)
	}
	began := time.Now()
	cfg, err := loadConfig(args, stderr)
	if err != nil {
		return err
	}
	rows, err := simulate(cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return err
	}
	var csvBuf bytes.Buffer
	if err := writeWeeks(&csvBuf, rows); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(cfg.Out, "weeks.csv"), csvBuf.Bytes(), 0o644); err != nil {
		return err
	}
	var sum bytes.Buffer
	if err := summarise(cfg, rows, (cfg.Days-1)/7).write(&sum, cfg); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(cfg.Out, "summary.txt"), sum.Bytes(), 0o644); err != nil {
		return err
	}
	used := cfg
	used.Out, used.Workers = "", 0 // neither changes the results
	js, err := json.MarshalIndent(used, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(cfg.Out, "config.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	if _, err := stdout.Write(sum.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "teamsim: %d teams × %d days in %s (%d rows in %s)\n",
		cfg.Teams, cfg.Days, time.Since(began).Round(time.Millisecond), len(rows), filepath.Join(cfg.Out, "weeks.csv"))
	return nil
}

// simulate runs every team and returns the weekly rows in a fixed order:
// by founding team; within its lineage, the teams in the order they were
// founded; then by week. Each founding team and the teams that split off from it (its
// lineage) are simulated together by one worker, with random streams derived
// from the seed and the team's place in the lineage, so the result does not
// depend on how many workers run or in which order they finish.
func simulate(cfg Config) ([]weekRow, error) {
	start, err := cfg.startDate()
	if err != nil {
		return nil, err
	}
	// A self-managing team serves one neighbourhood at the start, a
	// traditional one Merge of them.
	lineages, per := cfg.Teams, 1
	if cfg.Organisation == traditional {
		per = cfg.Merge
		lineages = (cfg.Teams + per - 1) / per
	}
	// Coaches: one per CoachTeams self-managing teams, known before the
	// teams run. Traditional teams have a manager instead.
	coachIDs := wijk.NewSeededIDGenerator(wijk.NewManualClock(start.Time()), mix(cfg.Seed, 0xC0AC4))
	coaches := make([]wijk.ID, (lineages+cfg.CoachTeams-1)/cfg.CoachTeams)
	for i := range coaches {
		coaches[i] = coachIDs.NewID()
	}
	if cfg.Organisation == traditional {
		clear(coaches)
	}
	// The teams are saved weekly through the in-memory store, each over
	// its own version; the store is shared, so its write lock is the one
	// point where the workers meet (it does not change any result).
	var store storage.Store
	if cfg.Store {
		store = memory.New(memory.Options{Clock: wijk.NewManualClock(start.Time())})
	}
	results := make([][]weekRow, lineages)
	errs := make([]error, lineages)
	parallel(lineages, cfg.Workers, func(i int) {
		results[i], errs[i] = lineage(&cfg, i, i*per, min(cfg.Teams, (i+1)*per), coaches[i/cfg.CoachTeams], start, store)
	})
	var rows []weekRow
	for i, r := range results {
		if errs[i] != nil {
			return nil, fmt.Errorf("team T%04d: %w", i+1, errs[i])
		}
		rows = append(rows, r...)
	}
	return rows, nil
}

// parallel calls do(i) for every i below n on at most workers goroutines
// (0: one per CPU), each taking the next i as it finishes one, and returns
// when all are done. do must write only to its own i's results.
func parallel(n, workers int, do func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				do(i)
			}
		}()
	}
	wg.Wait()
}

// lineage simulates founding team n, which serves neighbourhoods from to
// to-1, and every team that splits off from it, day by day. Each day every
// team starts its day, the neighbourhoods' referrals go to the team that
// covers the client's postcode, and every team finishes its day.
func lineage(cfg *Config, n, from, to int, coach wijk.ID, start wijk.Date, store storage.Store) ([]weekRow, error) {
	var hoods []*hood
	for k := from; k < to; k++ {
		h, err := newHood(cfg, k, k-from)
		if err != nil {
			return nil, err
		}
		hoods = append(hoods, h)
	}
	root, err := foundTeam(cfg, n, hoods, coach, start)
	if err != nil {
		return nil, err
	}
	root.store = store
	teams := []*teamSim{root}
	for d := range cfg.Days {
		day := start.AddDays(d)
		for _, t := range teams {
			if err := t.beginDay(d, day); err != nil {
				return nil, fmt.Errorf("%s, day %d: %w", t.name, d, err)
			}
		}
		for _, h := range hoods {
			for range poisson(h.refs, cfg.ReferralsPerWeek/7) {
				ref := h.referral(cfg, false)
				t := route(teams, ref.postcode)
				if err := t.admit(ref, day); err != nil {
					return nil, fmt.Errorf("%s, day %d: %w", t.name, d, err)
				}
			}
		}
		for i, k := 0, len(teams); i < k; i++ {
			child, err := teams[i].endDay(d, day)
			if err != nil {
				return nil, fmt.Errorf("%s, day %d: %w", teams[i].name, d, err)
			}
			if child != nil {
				teams = append(teams, child)
			}
		}
	}
	var rows []weekRow
	for _, t := range teams {
		if err := t.flushWeek(); err != nil {
			return nil, err
		}
		rows = append(rows, t.rows...)
	}
	return rows, nil
}

// route returns the team of the lineage whose neighbourhood covers the
// postcode, the newest first; the founding team when none does.
func route(teams []*teamSim, pc team.Postcode) *teamSim {
	for i := len(teams) - 1; i > 0; i-- {
		if teams[i].t.Neighbourhood().Covers(pc) {
			return teams[i]
		}
	}
	return teams[0]
}
