// Command visitbench plans benchmark days of home visits and prints the
// cost parts, or a table with the gap to the best known results.
//
//	visitbench -instance FILE.json -time 10s -seed 1 -out solution.json
//	visitbench -dir DIR -time 10s -best best-known.tsv
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/roster/visit/mankowska"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "visitbench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("visitbench", flag.ContinueOnError)
	instance := fs.String("instance", "", "benchmark instance (JSON) to solve")
	dir := fs.String("dir", "", "folder of instances to solve one after the other")
	limit := fs.Duration("time", 10*time.Second, "time per instance")
	iters := fs.Int64("iterations", 0, "iteration budget per worker (reproducible runs); 0 means use -time only")
	seed := fs.Uint64("seed", 1, "random seed")
	workers := fs.Int("workers", 0, "parallel searches (0: 2)")
	teamday := fs.String("teamday", "", "instead of benchmark instances, generated team days of VISITSxNURSES (e.g. 40x6), solved without a limit and with -time")
	seeds := fs.Int("seeds", 10, "with -teamday: the days of seeds -first to this")
	first := fs.Int("first", 1, "with -teamday: the first day's seed")
	refSeeds := fs.Int("refseeds", 1, "with -teamday: reference runs per day, with solver seeds -seed and up; the best is the reference")
	out := fs.String("out", "", "where to write the solution JSON (-instance only)")
	match := fs.String("match", "", "with -dir: only instances whose file name contains this text")
	best := fs.String("best", "", "best-known table (TSV: instance, distance, max_tardiness, total_tardiness, total_cost); default DIR/../best-known.tsv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := visit.Options{Seed: *seed, Workers: *workers, TimeLimit: *limit, MaxIterations: *iters}
	if *iters > 0 {
		opts.TimeLimit = 0
	}
	switch {
	case *teamday != "":
		var v, n int
		if _, err := fmt.Sscanf(*teamday, "%dx%d", &v, &n); err != nil || v < 1 || n < 1 || v > 1000 || n > 100 {
			return fmt.Errorf("-teamday: want VISITSxNURSES such as 40x6, got %q", *teamday)
		}
		if *first < 1 || *seeds < *first || *refSeeds < 1 || *refSeeds > 100 {
			return fmt.Errorf("-teamday: want 1 <= -first <= -seeds and -refseeds between 1 and 100")
		}
		return teamDays(v, n, *first, *seeds, *refSeeds, *limit, opts, stdout)
	case *instance != "" && *dir == "":
		return one(*instance, *out, opts, stdout)
	case *dir != "" && *instance == "":
		if *best == "" {
			*best = filepath.Join(*dir, "..", "best-known.tsv")
		}
		return table(*dir, *match, *best, opts, stdout)
	}
	return errors.New("give either -instance FILE or -dir DIR")
}

func load(path string) (*visit.Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	in, err := mankowska.ReadInstance(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return in.Problem()
}

func solve(path string, opts visit.Options) (*visit.Problem, visit.Result, error) {
	pr, err := load(path)
	if err != nil {
		return nil, visit.Result{}, err
	}
	res, err := visit.Solve(context.Background(), pr, opts)
	return pr, res, err
}

func one(path, out string, opts visit.Options, stdout io.Writer) error {
	pr, res, err := solve(path, opts)
	if err != nil {
		return err
	}
	ev := res.Evaluation
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		if err := mankowska.WriteSolution(f, mankowska.NewSolution(pr, ev)); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	feasible := "yes"
	if !ev.Feasible || ev.Cost.Unassigned > 0 {
		feasible = "no"
	}
	fmt.Fprintf(stdout, "feasible: %s\n", feasible)
	for _, v := range ev.Violations {
		fmt.Fprintf(stdout, "  - %s\n", v)
	}
	if n := ev.Cost.Unassigned; n > 0 {
		fmt.Fprintf(stdout, "unassigned: %d\n", n)
	}
	fmt.Fprintf(stdout, "distance: %.6f\n", ev.Cost.Travel)
	fmt.Fprintf(stdout, "total_tardiness: %.6f\n", ev.Cost.TotalTardiness)
	fmt.Fprintf(stdout, "max_tardiness: %.6f\n", ev.Cost.MaxTardiness)
	fmt.Fprintf(stdout, "total_cost: %.6f\n", ev.Cost.Mankowska())
	fmt.Fprintf(stdout, "iterations: %d\n", res.Iterations)
	fmt.Fprintf(stdout, "seconds: %.2f (%s)\n", res.Elapsed.Seconds(), res.Stop)
	return nil
}

func readBest(path string) (map[string]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	best := map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 {
			continue
		}
		// A cost is finite and positive; the header line and anything
		// else (NaN, Inf, 0) give no gap rather than a meaningless one.
		if v, err := strconv.ParseFloat(cols[4], 64); err == nil && v > 0 && !math.IsInf(v, 0) {
			best[cols[0]] = v
		}
	}
	return best, sc.Err()
}

func table(dir, match, bestPath string, opts visit.Options, stdout io.Writer) error {
	best, err := readBest(bestPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "visitbench: no best-known table (%v): gaps left out\n", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	slices.SortStableFunc(files, func(a, b string) int { return compareNames(filepath.Base(a), filepath.Base(b)) })
	fmt.Fprintf(stdout, "%-26s %8s %10s %10s %10s %10s %10s %8s %8s %s\n", "instance", "feasible", "distance", "tardiness", "max_tard", "cost", "best", "gap%", "seconds", "stop")
	for _, path := range files {
		if !strings.Contains(filepath.Base(path), match) {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		_, res, err := solve(path, opts)
		if err != nil {
			return err
		}
		ev := res.Evaluation
		feasible := "yes"
		if !ev.Feasible || ev.Cost.Unassigned > 0 {
			feasible = "no"
		}
		cost := ev.Cost.Mankowska()
		b, gap := "-", "-"
		if v, ok := best[name]; ok {
			b = fmt.Sprintf("%.3f", v)
			gap = fmt.Sprintf("%.2f", 100*(cost-v)/v)
		}
		fmt.Fprintf(stdout, "%-26s %8s %10.3f %10.3f %10.3f %10.3f %10s %8s %8.2f %s\n", name, feasible, ev.Cost.Travel, ev.Cost.TotalTardiness, ev.Cost.MaxTardiness, cost, b, gap, res.Elapsed.Seconds(), res.Stop)
	}
	return nil
}

// compareNames orders "X_10_2" before "X_100_1": by the numbers in the
// name, then by the name.
func compareNames(a, b string) int {
	na, nb := numbers(a), numbers(b)
	if c := slices.Compare(na, nb); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func numbers(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}
