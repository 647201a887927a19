package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/wijkzorg/wijk/internal/teamday"
	"github.com/wijkzorg/wijk/roster/visit"
)

// teamDays solves the generated days of seeds first…last twice: without a
// limit (the search stops when it has converged) and with the reference
// time limit, refSeeds times with solver seeds opts.Seed and up, keeping
// the best; it prints a table of the times and costs.
func teamDays(visits, nurses, first, last, refSeeds int, ref time.Duration, opts visit.Options, stdout io.Writer) error {
	fmt.Fprintf(stdout, "%4s %8s %6s %10s %10s %12s %10s %12s %7s\n", "seed", "time_s", "iters", "stop", "cost", "ref_time_s", "ref_cost", "ref_stop", "gap%")
	var worst, sum float64
	var slowest time.Duration
	within := 0
	for s := first; s <= last; s++ {
		pr, err := teamday.Day(uint64(s), visits, nurses)
		if err != nil {
			return err
		}
		o := opts
		o.TimeLimit, o.MaxIterations = 0, 0
		res, err := visit.Solve(context.Background(), pr, o)
		if err != nil {
			return err
		}
		line := fmt.Sprintf("%4d %8.3f %6d %10s %10.2f", s, res.Elapsed.Seconds(), res.Iterations, res.Stop, res.Evaluation.Cost.Total)
		slowest = max(slowest, res.Elapsed)
		if ref > 0 {
			o.TimeLimit = ref
			var rr visit.Result
			var took time.Duration
			for i := range refSeeds {
				o.Seed = opts.Seed + uint64(i)
				r, err := visit.Solve(context.Background(), pr, o)
				if err != nil {
					return err
				}
				took += r.Elapsed
				if i == 0 || r.Evaluation.Cost.Total < rr.Evaluation.Cost.Total {
					rr = r
				}
			}
			gap := 100 * (res.Evaluation.Cost.Total - rr.Evaluation.Cost.Total) / rr.Evaluation.Cost.Total
			worst = max(worst, gap)
			sum += gap
			if gap <= 0.5 {
				within++
			}
			line += fmt.Sprintf(" %12.3f %10.2f %12s %7.2f", took.Seconds(), rr.Evaluation.Cost.Total, rr.Stop, gap)
		}
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stdout, "slowest without a limit: %.3f s", slowest.Seconds())
	if ref > 0 {
		n := last - first + 1
		fmt.Fprintf(stdout, "; gap to the %s runs: within 0.5%% on %d of %d, mean %.2f%%, worst %.2f%%", ref, within, n, sum/float64(n), worst)
	}
	fmt.Fprintln(stdout)
	return nil
}
