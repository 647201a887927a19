package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/wijkzorg/wijk/roster/visit"
)

// teamDay generates a neighbourhood team's morning: visits nurses on
// bicycles in a district of 2.5 by 2.5 km, leaving from the team's office
// in the middle. Most clients have one visit, some two (morning care and
// a check at noon); a tenth need wound care, which two nurses give; two
// clients need two nurses at once (a hoist). Every client knows two or
// three nurses. The same seed gives the same day.
func teamDay(seed uint64, visits, nurses int) (*visit.Problem, error) {
	rng := rand.New(rand.NewPCG(seed, 0x7ea3d47))
	p := visit.ProblemParams{
		Locations: []visit.LocationParams{{ID: "office", X: 1250, Y: 1250}},
		Speed:     250, // metres a minute: 15 km/h
		Objective: visit.DefaultObjective(),
	}
	for k := range nurses {
		nu := visit.NurseParams{ID: fmt.Sprintf("n%d", k+1), Abilities: []string{"care"}, ShiftStart: 420, ShiftEnd: 750, Start: "office"}
		if k%3 == 2 {
			nu.ShiftStart, nu.ShiftEnd = 450, 780
		}
		if k < 2 {
			nu.Abilities = append(nu.Abilities, "wound-care")
		}
		p.Nurses = append(p.Nurses, nu)
	}
	durations := []float64{10, 15, 20, 25, 30, 45}
	client := 0
	addClient := func() string {
		client++
		id := fmt.Sprintf("c%d", client)
		p.Locations = append(p.Locations, visit.LocationParams{ID: id, X: rng.Float64() * 2500, Y: rng.Float64() * 2500})
		known := rng.Perm(nurses)[:min(nurses, 2+rng.IntN(2))]
		cp := visit.ClientParams{ID: id}
		for _, k := range known {
			cp.Known = append(cp.Known, p.Nurses[k].ID)
		}
		p.Clients = append(p.Clients, cp)
		return id
	}
	add := func(c, suffix string, open, width float64) visit.VisitParams {
		v := visit.VisitParams{ID: c + suffix, Client: c, Location: c, Open: open, Close: open + width, Duration: durations[rng.IntN(len(durations))], Ability: "care"}
		if rng.IntN(10) == 0 {
			v.Ability = "wound-care"
		}
		p.Visits = append(p.Visits, v)
		return v
	}
	// two hoist transfers: two nurses at once, early in the morning
	for range min(2, visits/4) {
		c := addClient()
		open := 420 + float64(rng.IntN(90))
		a := visit.VisitParams{ID: c + "a", Client: c, Location: c, Open: open, Close: open + 30, Duration: 30, Ability: "care"}
		b := a
		b.ID = c + "b"
		p.Visits = append(p.Visits, a, b)
		p.Links = append(p.Links, visit.LinkParams{First: a.ID, Second: b.ID, Kind: visit.Simultaneous})
	}
	for len(p.Visits) < visits {
		c := addClient()
		open := 420 + float64(rng.IntN(180))
		add(c, "m", open, 60+float64(rng.IntN(3))*30)
		if len(p.Visits) < visits && rng.IntN(5) == 0 {
			add(c, "n", 660+float64(rng.IntN(30)), 60)
		}
	}
	return visit.NewProblem(p)
}

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
		pr, err := teamDay(uint64(s), visits, nurses)
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
