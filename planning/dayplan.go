package planning

import (
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/roster/visit"
)

// DayPlan is a team's visit plan for one day, as the team keeps it: the
// visit problem as it was given to the solver (so that it can be solved
// again when someone falls ill), the routes (which nurse makes which
// visits, in order), the pins (a visit's fixed nurse or start, part of
// the problem), and where the plan stands: proposed, adopted by a team
// decision, or superseded by a re-plan.
//
// Make one with [NewDayPlan]; rebuild a stored one with
// [RestoreDayPlan].
type DayPlan struct {
	lifecycle
	day     wijk.Date
	problem *visit.Problem
	form    VisitProblemSnapshot
	routes  []RouteSnapshot
}

// DayPlanParams are what a new visit plan is made of.
type DayPlanParams struct {
	// ID is the plan's ID and Team the team it is for.
	ID   wijk.ID
	Team wijk.ID
	// Day is the day planned; the problem's times are minutes from its
	// midnight.
	Day wijk.Date
	// Problem is the visit problem as given to the solver, pins included.
	Problem visit.ProblemParams
	// Plan is the routes: at most one per nurse of the problem, each
	// visit of the problem in at most one route. A visit in no route is
	// unassigned.
	Plan visit.Plan
	// CreatedAt is when the plan was made.
	CreatedAt time.Time
}

// NewDayPlan validates p and returns a proposed visit plan. Errors match
// wijk.ErrInvalid and name the field: the problem must be one
// [visit.NewProblem] accepts, and every route must name a nurse of the
// problem (once) and visits of the problem (each once in the plan), and
// keep every visit pinned to a nurse off the other nurses' routes.
func NewDayPlan(p DayPlanParams) (*DayPlan, error) {
	l, err := newLifecycle(p.ID, p.Team, p.CreatedAt)
	if err != nil {
		return nil, err
	}
	d := &DayPlan{lifecycle: l}
	if err := d.set(p.Day, p.Problem, p.Plan); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *DayPlan) set(day wijk.Date, params visit.ProblemParams, plan visit.Plan) error {
	if err := valid.Date("day", day); err != nil {
		return err
	}
	pr, err := visit.NewProblem(params)
	if err != nil {
		return wijk.InField("problem", err)
	}
	if err := checkDayRoutes(pr, plan); err != nil {
		return wijk.InField("plan", err)
	}
	d.day, d.problem, d.form, d.routes = day, pr, snapVisitProblem(pr.Params()), snapRoutes(plan)
	return nil
}

// checkDayRoutes checks that plan is a plan of pr: known nurses, once each;
// known visits, once each; no visit on the route of a nurse other than
// the one it is pinned to.
func checkDayRoutes(pr *visit.Problem, plan visit.Plan) error {
	nurses := map[string]bool{}
	for _, n := range pr.Nurses() {
		nurses[n.ID] = true
	}
	seenNurse := map[string]bool{}
	seenVisit := map[string]bool{}
	for i, r := range plan.Routes {
		f := fmt.Sprintf("routes[%d]", i)
		if !nurses[r.Nurse] {
			return wijk.Invalid(f+".nurse", "must name a nurse of the problem, got %q", r.Nurse)
		}
		if seenNurse[r.Nurse] {
			return wijk.Invalid(f+".nurse", "nurse %q has two routes", r.Nurse)
		}
		seenNurse[r.Nurse] = true
		for j, id := range r.Visits {
			vf := fmt.Sprintf("%s.visits[%d]", f, j)
			v, ok := pr.Visit(id)
			if !ok {
				return wijk.Invalid(vf, "must name a visit of the problem, got %q", id)
			}
			if seenVisit[id] {
				return wijk.Invalid(vf, "visit %q is planned twice", id)
			}
			seenVisit[id] = true
			if v.Nurse != "" && v.Nurse != r.Nurse {
				return wijk.Invalid(vf, "visit %q is pinned to nurse %q, not %q", id, v.Nurse, r.Nurse)
			}
		}
	}
	return nil
}

// ID returns the plan's ID.
func (d *DayPlan) ID() wijk.ID { return d.id }

// Team returns the team the plan is for.
func (d *DayPlan) Team() wijk.ID { return d.team }

// CreatedAt returns when the plan was made.
func (d *DayPlan) CreatedAt() time.Time { return d.createdAt }

// Day returns the day planned.
func (d *DayPlan) Day() wijk.Date { return d.day }

// Problem returns the visit problem, ready for the solver.
func (d *DayPlan) Problem() *visit.Problem { return d.problem }

// Params returns a copy of the problem's parameters, as given to the
// solver.
func (d *DayPlan) Params() visit.ProblemParams { return d.problem.Params() }

// Plan returns a copy of the routes.
func (d *DayPlan) Plan() visit.Plan { return snapPlan(d.routes) }

// Status returns where the plan stands.
func (d *DayPlan) Status() Status { return d.status }

// Adoption returns the decision that adopted the plan, and false when it
// was never adopted.
func (d *DayPlan) Adoption() (Adoption, bool) { return d.adoption, d.adoption.Decision != "" }

// SupersededBy returns the re-plan that replaced the plan, and false when
// it has not been replaced.
func (d *DayPlan) SupersededBy() (Supersession, bool) {
	return d.supersedes, d.status == Superseded
}

// Revise replaces the problem and the routes of a proposed plan: the team
// moved a visit, pinned one or solved again before deciding. The day
// stays. An adopted or superseded plan is not changed (wijk.ErrConflict):
// make a new plan and let it supersede this one.
func (d *DayPlan) Revise(params visit.ProblemParams, plan visit.Plan) error {
	if err := d.mustBeProposed("visit plan"); err != nil {
		return err
	}
	return d.set(d.day, params, plan)
}

// Adopt records that the team decision decision adopted the proposed plan
// at at. Adopting a plan that is not proposed is a wijk.ErrConflict.
// Storage checks that the decision is in the team's decision log, in
// force, and adopts this plan as it is (consensus.AdoptDayPlan with its
// ID and [DayPlan.Digest]).
func (d *DayPlan) Adopt(decision wijk.ID, at time.Time) error {
	return d.adopt("visit plan", decision, at)
}

// Supersede records that the plan by replaced this one at at: a re-plan,
// say when a nurse fell ill during the day. A proposed plan may be
// superseded and so may an adopted one; a superseded one is not
// superseded again (wijk.ErrConflict). Storage checks that by is a stored
// visit plan of the same team and day.
func (d *DayPlan) Supersede(by wijk.ID, at time.Time) error {
	return d.supersede("visit plan", by, at)
}

// DayPlanSnapshot is a visit plan's full state, for storage.
type DayPlanSnapshot struct {
	PlanHeader
	// Day is the day planned.
	Day wijk.Date `json:"day"`
	// Problem is the visit problem, pins included.
	Problem VisitProblemSnapshot `json:"problem"`
	// Routes are the nurses' routes.
	Routes []RouteSnapshot `json:"routes"`
}

// Snapshot returns the plan's full state.
func (d *DayPlan) Snapshot() DayPlanSnapshot {
	return DayPlanSnapshot{
		PlanHeader: d.lifecycle.snapshot(), Day: d.day,
		Problem: snapVisitProblem(d.form.Params()), Routes: snapRoutes(snapPlan(d.routes)),
	}
}

// RestoreDayPlan rebuilds a visit plan from a snapshot, validating it as
// [NewDayPlan] does and replaying its adoption and supersession.
func RestoreDayPlan(s DayPlanSnapshot) (*DayPlan, error) {
	d, err := NewDayPlan(DayPlanParams{
		ID: s.ID, Team: s.Team, Day: s.Day, Problem: s.Problem.Params(), Plan: snapPlan(s.Routes), CreatedAt: s.CreatedAt,
	})
	if err != nil {
		return nil, err
	}
	if d.lifecycle, err = restoreLifecycle("visit plan", s.PlanHeader); err != nil {
		return nil, err
	}
	return d, nil
}
