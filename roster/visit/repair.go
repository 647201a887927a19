package visit

import (
	"context"
	"slices"

	"github.com/wijkzorg/wijk"
)

// Disruption is a nurse dropping out during the day.
type Disruption struct {
	// Nurse is the nurse who stops.
	Nurse string
	// At is when she stops: visits she started before At are done or
	// under way, the rest must go to others.
	At float64
}

// Replan repairs a plan after a disruption. Every visit of the plan that
// started before d.At stays as it was (pinned to its nurse and start
// time); the nurse who dropped out makes no further visit; every other
// visit is planned again among the remaining nurses, none starting before
// d.At, starting from the old plan so that as little as possible changes.
// It returns the problem the new plan answers (the old one with the pins,
// the exclusions and Now set to d.At) and the solver's result.
func Replan(ctx context.Context, pr *Problem, plan Plan, d Disruption, opts Options) (*Problem, Result, error) {
	if err := pr.check("problem"); err != nil {
		return nil, Result{}, err
	}
	k, ok := pr.nurse[d.Nurse]
	if !ok {
		return nil, Result{}, wijk.Invalid("disruption.nurse", "must name a nurse of the problem, got %q", d.Nurse)
	}
	if err := clock("disruption.at", d.At); err != nil {
		return nil, Result{}, err
	}
	ev := evaluate(pr, plan)
	if !ev.Feasible {
		return nil, Result{}, wijk.Conflictf("the plan to repair breaks a hard rule: %s", ev.Violations[0])
	}
	p := pr.Params()
	at := d.At
	p.Now = &at
	started := map[string]bool{}
	var initial Plan
	for _, r := range ev.Routes {
		rt := Route{Nurse: r.Nurse}
		for _, st := range r.Stops {
			if st.Start < d.At {
				started[st.Visit] = true
				i := pr.visit[st.Visit]
				start := st.Start
				p.Visits[i].Nurse = r.Nurse
				p.Visits[i].Start = &start
			} else if r.Nurse == d.Nurse {
				continue
			}
			rt.Visits = append(rt.Visits, st.Visit)
		}
		initial.Routes = append(initial.Routes, rt)
	}
	gone := pr.params.Nurses[k].ID
	for i := range p.Visits {
		v := &p.Visits[i]
		if started[v.ID] {
			continue
		}
		if v.Nurse == gone {
			v.Nurse = ""
		}
		if !slices.Contains(v.Excluded, gone) {
			v.Excluded = append(v.Excluded, gone)
		}
	}
	npr, err := NewProblem(p)
	if err != nil {
		return nil, Result{}, wijk.Conflictf("cannot repair the plan: %v", err)
	}
	if evaluate(npr, initial).Feasible {
		opts.Start = &initial
	} else {
		opts.Start = nil
	}
	res, err := Solve(ctx, npr, opts)
	return npr, res, err
}
