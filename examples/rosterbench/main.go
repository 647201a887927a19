// Command rosterbench solves shift-rostering benchmark instances (the
// Curtois & Qu text format) with the wijk roster solver and reports the
// objective, the hard violations and the penalty breakdown.
//
//	go run ./examples/rosterbench -instance Instance1.txt -time 60s -seed 1 -out solution.csv
//	go run ./examples/rosterbench -dir ../shared/data/curtois -time 60s
//
// With -dir it solves every Instance*.txt in the folder and prints a
// table with the best-known objective from best-known.tsv in that folder.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/curtois"
	"github.com/wijkzorg/wijk/team"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rosterbench:", err)
		os.Exit(1)
	}
}

type config struct {
	instance, dir, out string
	limit              time.Duration
	iterations         int64
	seed               uint64
	workers            int
	verbose            bool
	cpuProfile         string
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("rosterbench", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.instance, "instance", "", "instance file to solve")
	fs.StringVar(&c.dir, "dir", "", "folder of instances to solve one after the other")
	fs.StringVar(&c.out, "out", "", "write the solution CSV here (with -dir: a folder for NAME.csv files)")
	fs.DurationVar(&c.limit, "time", 60*time.Second, "time budget per instance (0: none; without -iterations too, the search stops when it has converged)")
	fs.Int64Var(&c.iterations, "iterations", 0, "move budget per worker (0: none); with -time 0 the result is reproducible")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed")
	fs.IntVar(&c.workers, "workers", 2, "parallel search workers")
	fs.BoolVar(&c.verbose, "v", false, "print progress")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the search to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (c.instance == "") == (c.dir == "") {
		return errors.New("give exactly one of -instance FILE and -dir DIR")
	}
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if c.instance != "" {
		return solveOne(ctx, c, stdout)
	}
	return solveDir(ctx, c, stdout)
}

func load(path string) (*roster.Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := curtois.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

func solve(ctx context.Context, c config, p *roster.Problem, stdout io.Writer) (roster.Result, error) {
	opt := roster.Options{Seed: c.seed, Workers: c.workers, TimeLimit: c.limit, MaxIterations: c.iterations}
	if c.verbose {
		opt.Progress = func(pr roster.Progress) {
			fmt.Fprintf(stdout, "  %8.2fs  %10d moves  best %s\n", pr.Elapsed.Seconds(), pr.Iterations, pr.Best)
		}
	}
	res, err := roster.Solve(ctx, p, opt)
	if err != nil && !errors.Is(err, context.Canceled) {
		return res, err
	}
	return res, nil
}

func writeCSV(path string, r *roster.Roster) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := curtois.WriteSolution(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func solveOne(ctx context.Context, c config, stdout io.Writer) error {
	p, err := load(c.instance)
	if err != nil {
		return err
	}
	res, err := solve(ctx, c, p, stdout)
	if err != nil {
		return err
	}
	ev := res.Evaluation
	fmt.Fprintf(stdout, "instance:        %s\n", filepath.Base(c.instance))
	fmt.Fprintf(stdout, "objective:       %d\n", ev.Penalty)
	fmt.Fprintf(stdout, "hard violations: %d%s\n", len(ev.Violations), byRule(ev.Violations))
	fmt.Fprintf(stdout, "  shift-on requests not granted: %d\n", ev.Breakdown.ShiftOnRequests)
	fmt.Fprintf(stdout, "  shift-off requests not granted: %d\n", ev.Breakdown.ShiftOffRequests)
	fmt.Fprintf(stdout, "  cover under:                   %d\n", ev.Breakdown.CoverUnder)
	fmt.Fprintf(stdout, "  cover over:                    %d\n", ev.Breakdown.CoverOver)
	if c.verbose {
		where(stdout, res.Roster)
	}
	for i, v := range ev.Violations {
		if i == 20 {
			fmt.Fprintf(stdout, "  … %d more\n", len(ev.Violations)-20)
			break
		}
		fmt.Fprintf(stdout, "  violation: %s (%s)\n", v.Message, v.Rule)
	}
	if res.Optimal {
		fmt.Fprintf(stdout, "proven optimal:  yes (branch and price: no roster can do better)\n")
	} else if res.Bound > 0 && ev.Penalty > 0 && ev.Feasible() {
		fmt.Fprintf(stdout, "lower bound:     %d (no feasible roster has a lower objective; at most %.2f%% to gain)\n",
			res.Bound, 100*float64(ev.Penalty-res.Bound)/float64(ev.Penalty))
	}
	fmt.Fprintf(stdout, "seconds:         %.1f (%d moves)\n", res.Elapsed.Seconds(), res.Iterations)
	if c.out != "" {
		return writeCSV(c.out, res.Roster)
	}
	return nil
}

// where prints where the roster falls short of cover, by weekday, and
// how many weekends its employees work on one day only: on long horizons
// the shortfall gathers where the contracts' weekend maxima bind.
func where(stdout io.Writer, r *roster.Roster) {
	params := r.Problem().Params()
	level := make(map[string]team.Level, len(params.Employees))
	for _, e := range params.Employees {
		level[e.ID] = e.Level
	}
	type dayShift struct {
		day   int
		shift string
	}
	on := map[dayShift][]string{}
	works := map[string]map[int]bool{}
	for _, a := range r.Assignments() {
		if a.Shift == "" {
			continue
		}
		k := dayShift{a.Day, a.Shift}
		on[k] = append(on[k], a.Employee)
		if works[a.Employee] == nil {
			works[a.Employee] = map[int]bool{}
		}
		works[a.Employee][a.Day] = true
	}
	weekday := func(d int) time.Weekday { return time.Weekday((int(params.FirstWeekday) + d) % 7) }
	var short [7]int
	for _, c := range params.Cover {
		n := 0
		for _, e := range on[dayShift{c.Day, c.Shift}] {
			if c.Level == 0 || level[e] >= c.Level {
				n++
			}
		}
		if n < c.Required {
			short[weekday(c.Day)] += c.Required - n
		}
	}
	fmt.Fprintf(stdout, "  employees short, by weekday:   Mon %d, Tue %d, Wed %d, Thu %d, Fri %d, Sat %d, Sun %d\n",
		short[time.Monday], short[time.Tuesday], short[time.Wednesday], short[time.Thursday],
		short[time.Friday], short[time.Saturday], short[time.Sunday])
	worked, half := 0, 0
	for _, e := range params.Employees {
		for d := range params.Days {
			wd := weekday(d)
			if wd != time.Saturday && (wd != time.Sunday || d > 0) {
				continue
			}
			days := []int{d}
			if wd == time.Saturday && d+1 < params.Days {
				days = append(days, d+1)
			}
			n := 0
			for _, x := range days {
				if works[e.ID][x] {
					n++
				}
			}
			if n > 0 {
				worked++
			}
			if n > 0 && n < len(days) {
				half++
			}
		}
	}
	fmt.Fprintf(stdout, "  weekends worked:               %d, on one day only %d\n", worked, half)
}

var instanceNum = regexp.MustCompile(`(\d+)`)

func solveDir(ctx context.Context, c config, stdout io.Writer) error {
	files, err := filepath.Glob(filepath.Join(c.dir, "Instance*.txt"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no Instance*.txt in %s", c.dir)
	}
	sort.Slice(files, func(i, j int) bool { return order(files[i]) < order(files[j]) })
	best := readBest(filepath.Join(c.dir, "best-known.tsv"))
	const row = "%-12s %10s %5s %11s %8s %8s %7s %7s\n"
	fmt.Fprintf(stdout, row, "instance", "objective", "hard", "best known", "gap %", "seconds", "proven", "bound")
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		p, err := load(f)
		if err != nil {
			return err
		}
		res, err := solve(ctx, c, p, io.Discard)
		if err != nil {
			return err
		}
		bk, gap := "-", "-"
		if b, ok := best[name]; ok {
			bk = strconv.Itoa(b)
			if b > 0 {
				gap = fmt.Sprintf("%.2f", 100*float64(res.Evaluation.Penalty-b)/float64(b))
			}
		}
		proven, bound := "-", "-"
		if res.Optimal {
			proven = "yes"
		}
		// the bound speaks of rosters without hard violations
		if (res.Bound > 0 || res.Optimal) && res.Evaluation.Feasible() {
			bound = strconv.Itoa(res.Bound)
		}
		fmt.Fprintf(stdout, row, name, strconv.Itoa(res.Evaluation.Penalty), strconv.Itoa(len(res.Evaluation.Violations)),
			bk, gap, fmt.Sprintf("%.1f", res.Elapsed.Seconds()), proven, bound)
		if c.out != "" {
			if err := os.MkdirAll(c.out, 0o755); err != nil {
				return err
			}
			if err := writeCSV(filepath.Join(c.out, name+".csv"), res.Roster); err != nil {
				return err
			}
		}
	}
	return nil
}

func order(path string) int {
	n, _ := strconv.Atoi(instanceNum.FindString(filepath.Base(path)))
	return n
}

// readBest reads best-known.tsv (instance, days, staff, shift types, best
// known, …); a missing file gives an empty table.
func readBest(path string) map[string]int {
	out := map[string]int{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) >= 5 {
			if v, err := strconv.Atoi(fs[4]); err == nil {
				out[fs[0]] = v
			}
		}
	}
	return out
}

// byRule counts violations per rule, e.g. " (day-off 2, pin 1)".
func byRule(vs []roster.Violation) string {
	if len(vs) == 0 {
		return ""
	}
	n := map[roster.Rule]int{}
	for _, v := range vs {
		n[v.Rule]++
	}
	var parts []string
	for r := roster.RuleMaxShifts; r <= roster.RulePin; r++ {
		if n[r] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, n[r]))
		}
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
