package visit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wijkzorg/wijk/internal/teamday"
	"github.com/wijkzorg/wijk/roster/visit"
)

// grid builds a day of n single visits and n/5 double visits on a grid,
// for benchmarks.
func grid(b *testing.B, n int) *visit.Problem {
	p := visit.ProblemParams{Locations: []visit.LocationParams{{ID: "office", X: 50, Y: 50}}, Objective: visit.MankowskaObjective()}
	for k := range max(2, n/8) {
		p.Nurses = append(p.Nurses, visit.NurseParams{ID: fmt.Sprintf("n%d", k), Abilities: []string{"a", "b"}[:1+k%2], Start: "office"})
	}
	for i := range n {
		loc := fmt.Sprintf("l%d", i)
		p.Locations = append(p.Locations, visit.LocationParams{ID: loc, X: float64((i * 37) % 100), Y: float64((i * 61) % 100)})
		open := float64((i * 53) % 480)
		p.Visits = append(p.Visits, visit.VisitParams{ID: loc, Client: loc, Location: loc, Open: open, Close: open + 120, Duration: 15, Ability: "a"})
		if i%5 == 0 {
			p.Visits = append(p.Visits, visit.VisitParams{ID: loc + "b", Client: loc, Location: loc, Open: open, Close: open + 120, Duration: 15, Ability: "b"})
			p.Links = append(p.Links, visit.LinkParams{First: loc, Second: loc + "b", Kind: visit.Simultaneous})
		}
	}
	pr, err := visit.NewProblem(p)
	if err != nil {
		b.Fatal(err)
	}
	return pr
}

func BenchmarkEvaluate(b *testing.B) {
	pr := grid(b, 200)
	res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, MaxIterations: 1})
	if err != nil {
		b.Fatal(err)
	}
	plan := res.Evaluation.Plan()
	for b.Loop() {
		_, _ = visit.Evaluate(pr, plan)
	}
}

func BenchmarkSolve100Iterations(b *testing.B) {
	pr := grid(b, 200)
	for b.Loop() {
		if _, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1, MaxIterations: 100}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSolveTeamDays solves six team days (40 visits, 6 nurses) without
// a limit on one worker and reports the time per iteration: the measure of
// how fast the search tries places.
func BenchmarkSolveTeamDays(b *testing.B) {
	var prs []*visit.Problem
	for d := uint64(21); d <= 26; d++ {
		pr, err := teamday.Day(d, 40, 6)
		if err != nil {
			b.Fatal(err)
		}
		prs = append(prs, pr)
	}
	var iters int64
	for b.Loop() {
		for _, pr := range prs {
			res, err := visit.Solve(context.Background(), pr, visit.Options{Seed: 1, Workers: 1})
			if err != nil {
				b.Fatal(err)
			}
			iters += res.Iterations
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(iters), "ns/iteration")
}
