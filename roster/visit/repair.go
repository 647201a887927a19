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

// ReplanProblem builds the problem of a repair after a disruption, without
// solving it: every visit of the plan that started before d.At stays as it
// was (pinned to its nurse and start time); the nurse who dropped out is
// excluded from every other visit; Now is d.At, so no visit starts before
// it. It returns that problem and the old plan without the dropped nurse's
// later visits, as a start for the solver, or a nil start when that plan
// breaks a rule of the new problem. A plan that breaks a hard rule of pr
// cannot be repaired (wijk.ErrConflict).
func ReplanProblem(pr *Problem, plan Plan, d Disruption) (*Problem, *Plan, error) {
	if err := pr.check("problem"); err != nil {
		return nil, nil, err
	}
	k, ok := pr.nurse[d.Nurse]
	if !ok {
		return nil, nil, wijk.Invalid("disruption.nurse", "must name a nurse of the problem, got %q", d.Nurse)
	}
	if err := clock("disruption.at", d.At); err != nil {
		return nil, nil, err
	}
	ev := evaluate(pr, plan)
	if !ev.Feasible {
		return nil, nil, wijk.Conflictf("the plan to repair breaks a hard rule: %s", ev.Violations[0])
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
		return nil, nil, wijk.Conflictf("cannot repair the plan: %v", err)
	}
	if !evaluate(npr, initial).Feasible {
		return npr, nil, nil
	}
	return npr, &initial, nil
}

// Replan repairs a plan after a disruption: it builds the problem with
// [ReplanProblem] and solves it, starting from the old plan so that as
// little as possible changes. It returns the problem the new plan answers
// (the old one with the pins, the exclusions and Now set to d.At) and the
// solver's result.
func Replan(ctx context.Context, pr *Problem, plan Plan, d Disruption, opts Options) (*Problem, Result, error) {
	npr, start, err := ReplanProblem(pr, plan, d)
	if err != nil {
		return nil, Result{}, err
	}
	opts.Start = start
	res, err := Solve(ctx, npr, opts)
	return npr, res, err
}
