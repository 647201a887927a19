package visit

import (
	"fmt"
	"math"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
)

// Plan is an answer to a visit problem: for each nurse, the visits in the
// order she makes them. Nurses without a route stay at home; visits in no
// route are unassigned. Start times are not part of a plan: [Evaluate]
// derives the earliest start of every visit from the order, which is the
// best schedule for that order because every cost part grows with start
// times.
type Plan struct {
	// Routes holds at most one route per nurse.
	Routes []Route
}

// Route is one nurse's visits in order.
type Route struct {
	// Nurse is the nurse's ID.
	Nurse string
	// Visits are visit IDs in the order they are made.
	Visits []string
}

// Stop is a visit with its times.
type Stop struct {
	// Visit is the visit's ID.
	Visit string
	// Arrival is when the nurse reaches the location (before Start when
	// she has to wait).
	Arrival float64
	// Start and End bound the visit itself.
	Start, End float64
	// Tardiness is how long after the window closed the visit started.
	Tardiness float64
}

// ScheduledRoute is a nurse's day with times.
type ScheduledRoute struct {
	// Nurse is the nurse's ID.
	Nurse string
	// Stops are the visits in order.
	Stops []Stop
	// Travel is the travel time of the route, there and back included.
	Travel float64
	// Back is when the nurse is at her end location (the shift start for
	// an empty route).
	Back float64
	// Overtime is how long after the shift end she is back.
	Overtime float64
}

// ViolationKind names a hard rule a plan breaks. The zero value is not
// valid.
type ViolationKind int

// The hard rules a plan can break.
const (
	// UnknownNurse: a route names a nurse the problem does not have.
	UnknownNurse ViolationKind = iota + 1
	// UnknownVisit: a route names a visit the problem does not have.
	UnknownVisit
	// DuplicateRoute: a nurse has more than one route.
	DuplicateRoute
	// DuplicateVisit: a visit appears more than once.
	DuplicateVisit
	// Unqualified: the nurse lacks the visit's ability or level.
	Unqualified
	// PinBroken: the visit is pinned to another nurse.
	PinBroken
	// ExcludedNurse: the nurse is excluded from the visit.
	ExcludedNurse
	// UndesiredPair: the client must not be visited by this nurse.
	UndesiredPair
	// PinnedTimeMissed: the visit is pinned to a time the route cannot make.
	PinnedTimeMissed
	// Deadlock: the route orders and double-visit couplings contradict
	// each other, so no schedule exists (nurse A's first visit must wait
	// for nurse B's second, whose first must wait for A's second).
	Deadlock
)

var violationEnum = enum.New[ViolationKind]("ViolationKind", "kind", "unknown-nurse", "unknown-visit", "duplicate-route", "duplicate-visit",
	"unqualified", "pin-broken", "excluded-nurse", "undesired-pair", "pinned-time-missed", "deadlock")

// String returns the kind's name, e.g. "unqualified".
func (k ViolationKind) String() string { return violationEnum.String(k) }

// Valid reports whether k is one of the kinds above.
func (k ViolationKind) Valid() bool { return violationEnum.Valid(k) }

// ParseViolationKind parses a kind's name, in any case; a space or an
// underscore may stand for a hyphen. The error matches [wijk.ErrInvalid].
func ParseViolationKind(s string) (ViolationKind, error) { return violationEnum.Parse(s) }

// MarshalText writes the name of the broken rule, e.g. "pin-broken"; a
// ViolationKind that is not valid is refused with an error matching
// [wijk.ErrInvalid].
func (k ViolationKind) MarshalText() ([]byte, error) { return violationEnum.MarshalText(k) }

// UnmarshalText reads a violation kind as [ParseViolationKind] does.
func (k *ViolationKind) UnmarshalText(b []byte) error { return violationEnum.UnmarshalText(b, k) }

// Violation is one broken hard rule, explained.
type Violation struct {
	// Kind is the rule.
	Kind ViolationKind
	// Nurse and Visit say where, when it applies.
	Nurse, Visit string
	// Message says what is wrong in words.
	Message string
}

func (v Violation) String() string { return v.Kind.String() + ": " + v.Message }

// Evaluation is a plan judged against its problem.
type Evaluation struct {
	// Feasible reports that no hard rule is broken (unassigned visits are
	// a cost, not a violation).
	Feasible bool
	// Cost is the breakdown and weighted total.
	Cost Cost
	// Routes has one entry per nurse, in the problem's order.
	Routes []ScheduledRoute
	// Unassigned lists the visits no nurse makes, in the problem's order.
	Unassigned []string
	// Violations explains every hard rule broken.
	Violations []Violation
}

// Evaluate computes the schedule and cost of plan. What is wrong with the
// plan is in the returned violations, not an error: entries naming
// unknown nurses or visits, and repeated visits, are left out of the
// schedule. The only error is a nil pr, or one not made by [NewProblem]
// (it matches [wijk.ErrInvalid] and names "problem").
func Evaluate(pr *Problem, plan Plan) (Evaluation, error) {
	if err := pr.check("problem"); err != nil {
		return Evaluation{}, err
	}
	return evaluate(pr, plan), nil
}

// check returns an error naming arg unless pr was made by [NewProblem].
func (pr *Problem) check(arg string) error {
	if pr == nil {
		return wijk.Invalid(arg, "is required")
	}
	if pr.nurse == nil {
		return wijk.Invalid(arg, "must be made by NewProblem")
	}
	return nil
}

func evaluate(pr *Problem, plan Plan) Evaluation {
	m := compile(pr)
	s := newState(m)
	var ev Evaluation
	routes := make([][]int, m.nk)
	seenNurse := make([]bool, m.nk)
	for _, r := range plan.Routes {
		k, ok := pr.nurse[r.Nurse]
		if !ok {
			ev.Violations = append(ev.Violations, Violation{Kind: UnknownNurse, Nurse: r.Nurse, Message: fmt.Sprintf("nurse %q is not in the problem", r.Nurse)})
			continue
		}
		if seenNurse[k] {
			ev.Violations = append(ev.Violations, Violation{Kind: DuplicateRoute, Nurse: r.Nurse, Message: fmt.Sprintf("nurse %q has more than one route", r.Nurse)})
			continue
		}
		seenNurse[k] = true
		for _, id := range r.Visits {
			v, ok := pr.visit[id]
			switch {
			case !ok:
				ev.Violations = append(ev.Violations, Violation{Kind: UnknownVisit, Nurse: r.Nurse, Visit: id, Message: fmt.Sprintf("visit %q is not in the problem", id)})
				continue
			case s.nurse[v] >= 0:
				ev.Violations = append(ev.Violations, Violation{Kind: DuplicateVisit, Nurse: r.Nurse, Visit: id, Message: fmt.Sprintf("visit %q is planned more than once", id)})
				continue
			}
			s.nurse[v] = k
			routes[k] = append(routes[k], v)
			if why := pr.allowed(v, k); why != 0 {
				ev.Violations = append(ev.Violations, Violation{Kind: why, Nurse: r.Nurse, Visit: id, Message: whyNot(pr, why, v, k)})
			}
		}
	}
	s.setRoutes(routes)
	ok := s.retime()
	if !ok {
		missed := false
		for v, p := range m.pin {
			if s.nurse[v] >= 0 && !math.IsNaN(p) && s.start[v] > p+eps && s.start[v] <= m.horizon {
				missed = true
				ev.Violations = append(ev.Violations, Violation{Kind: PinnedTimeMissed, Nurse: pr.params.Nurses[s.nurse[v]].ID, Visit: pr.params.Visits[v].ID,
					Message: fmt.Sprintf("visit %q is pinned to start at %g but cannot start before %g", pr.params.Visits[v].ID, p, s.start[v])})
			}
		}
		if !missed {
			ev.Violations = append(ev.Violations, Violation{Kind: Deadlock, Message: "the visit orders and the double-visit couplings contradict each other: no schedule exists"})
		}
	}
	return s.evaluation(ev)
}

func whyNot(pr *Problem, why ViolationKind, v, k int) string {
	vp, np := pr.params.Visits[v], pr.params.Nurses[k]
	switch why {
	case Unqualified:
		return fmt.Sprintf("nurse %q lacks what visit %q needs (ability %q, level %d)", np.ID, vp.ID, vp.Ability, int(vp.Level))
	case PinBroken:
		return fmt.Sprintf("visit %q is pinned to nurse %q, not %q", vp.ID, vp.Nurse, np.ID)
	case ExcludedNurse:
		return fmt.Sprintf("nurse %q is excluded from visit %q", np.ID, vp.ID)
	case UndesiredPair:
		return fmt.Sprintf("client %q must not be visited by nurse %q", vp.Client, np.ID)
	}
	return why.String()
}

// evaluation turns a timed state into an Evaluation, adding to ev's
// violations.
func (s *state) evaluation(ev Evaluation) Evaluation {
	m := s.m
	pr := m.pr
	ev.Cost = Cost{Travel: s.travel, TotalTardiness: s.tardSum, MaxTardiness: s.tardMax, Overtime: s.overtime,
		Continuity: s.unknown, Unassigned: s.unassigned}
	ev.Cost.Total = m.w.total(ev.Cost)
	ev.Routes = make([]ScheduledRoute, m.nk)
	for k, r := range s.routes {
		sr := ScheduledRoute{Nurse: pr.params.Nurses[k].ID, Travel: s.legs(k), Back: s.routeEnd(k), Overtime: s.routeOT[k]}
		from, t := m.kStart[k], m.kFrom[k]
		for _, v := range r {
			st := Stop{Visit: pr.params.Visits[v].ID, Arrival: t + m.travel[from][m.loc[v]], Start: s.start[v], End: s.start[v] + m.dur[v], Tardiness: s.tard(v)}
			sr.Stops = append(sr.Stops, st)
			from, t = m.loc[v], st.End
		}
		ev.Routes[k] = sr
	}
	for v, k := range s.nurse {
		if k < 0 {
			ev.Unassigned = append(ev.Unassigned, pr.params.Visits[v].ID)
		}
	}
	ev.Feasible = len(ev.Violations) == 0
	return ev
}

// Plan returns the plan the evaluation is of, routes in nurse order.
func (e Evaluation) Plan() Plan {
	var p Plan
	for _, r := range e.Routes {
		rt := Route{Nurse: r.Nurse}
		for _, st := range r.Stops {
			rt.Visits = append(rt.Visits, st.Visit)
		}
		p.Routes = append(p.Routes, rt)
	}
	return p
}
