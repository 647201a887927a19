package visit

import (
	"fmt"
	"math"
	"slices"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/team"
)

// Times and travel in a visit problem are plain minutes (float64). A real
// team's day counts from midnight; the benchmark counts from the start of
// the planning horizon. Nothing in the package depends on which.

// LinkKind says how the two visits of a double visit are coupled. The zero
// LinkKind is not valid.
type LinkKind int

// The kinds of double visit.
const (
	// Simultaneous: both nurses start together (a hoist transfer).
	Simultaneous LinkKind = iota + 1
	// Sequential: the second visit starts between MinGap and MaxGap minutes
	// after the first one starts (wound care, then medication).
	Sequential
)

var linkKindEnum = enum.New[LinkKind]("LinkKind", "kind", "simultaneous", "sequential")

// String returns "simultaneous" or "sequential".
func (k LinkKind) String() string { return linkKindEnum.String(k) }

// Valid reports whether k is Simultaneous or Sequential.
func (k LinkKind) Valid() bool { return linkKindEnum.Valid(k) }

// ParseLinkKind parses "simultaneous" or "sequential", in any case.
func ParseLinkKind(s string) (LinkKind, error) { return linkKindEnum.Parse(s) }

// MarshalText writes how a double visit is coupled, "simultaneous" or
// "sequential"; the zero LinkKind is refused with an error matching
// [wijk.ErrInvalid].
func (k LinkKind) MarshalText() ([]byte, error) { return linkKindEnum.MarshalText(k) }

// UnmarshalText reads a link kind as [ParseLinkKind] does.
func (k *LinkKind) UnmarshalText(b []byte) error { return linkKindEnum.UnmarshalText(b, k) }

// LocationParams is a place nurses travel between: a client's home, the
// team's office, a nurse's home.
type LocationParams struct {
	// ID names the location; unique within the problem.
	ID string
	// X and Y are coordinates, used only when the problem has no travel
	// matrix (travel time is then the straight-line distance divided by
	// the problem's Speed).
	X, Y float64
	// Point, when set, is where the location is on Earth (a client's
	// address coordinates, careplan.Address). [TravelMatrix] asks a [Travel]
	// for the times between points; a problem whose locations have
	// points needs its Travel matrix, since X and Y are not used for
	// them.
	Point *geo.Point
}

// NurseParams describes one nurse working the day.
type NurseParams struct {
	// ID names the nurse; unique within the problem.
	ID string
	// Level is the nurse's qualification level; zero means not stated,
	// and such a nurse cannot take a visit that requires a level.
	Level team.Level
	// Abilities are the kinds of care the nurse gives (free labels the
	// visits' Ability refers to).
	Abilities []string
	// ShiftStart is when the nurse leaves the start location.
	ShiftStart float64
	// ShiftEnd is when the nurse should be back at the end location;
	// coming back later is overtime. Zero means the shift has no end.
	ShiftEnd float64
	// Start is the location the nurse leaves from (required).
	Start string
	// End is the location the nurse returns to; empty means Start.
	End string
}

// VisitParams describes one visit: one nurse, at one client, once.
type VisitParams struct {
	// ID names the visit; unique within the problem.
	ID string
	// Client is who is visited; visits of one client share it.
	Client string
	// Location is where the visit takes place.
	Location string
	// Open and Close bound the time window in which the visit should
	// start. Starting before Open is not allowed (the nurse waits);
	// starting after Close is allowed and costs tardiness.
	Open, Close float64
	// Duration is how long the visit lasts, in minutes.
	Duration float64
	// Ability, when set, must be among the nurse's abilities.
	Ability string
	// Level, when set, is the lowest qualification level that may do the
	// visit.
	Level team.Level
	// Nurse pins the visit to this nurse when set.
	Nurse string
	// Start pins the visit to start at exactly this time when set.
	Start *float64
	// Excluded lists nurses who must not do this visit (for example one
	// who has gone home ill).
	Excluded []string
}

// LinkParams couples two visits into a double visit. A visit belongs to at
// most one link.
type LinkParams struct {
	// First and Second are the visit IDs; the gap is measured from the
	// start of First to the start of Second.
	First, Second string
	// Kind is Simultaneous or Sequential.
	Kind LinkKind
	// MinGap and MaxGap bound the gap for a Sequential link
	// (0 <= MinGap <= MaxGap); both must be 0 for a Simultaneous link.
	MinGap, MaxGap float64
}

// ClientParams says what the team knows about a client's preferences.
type ClientParams struct {
	// ID is the client, as the visits' Client refers to it.
	ID string
	// Known lists the nurses the client knows. When the list is not
	// empty, each visit by a nurse not on it counts against continuity.
	Known []string
	// Undesired lists nurses who must never visit this client (a nurse
	// allergic to the client's cat). This is a hard rule.
	Undesired []string
}

// ProblemParams is the whole input of a day's visit planning.
type ProblemParams struct {
	// Locations are all the places; nurses and visits refer to them by ID.
	Locations []LocationParams
	// Travel, when set, is the travel time from location i to location j
	// in the order of Locations (it may be asymmetric). When nil, travel
	// is computed from the coordinates.
	Travel [][]float64
	// Speed converts coordinate distance into minutes when Travel is nil
	// (distance / Speed); zero means 1.
	Speed float64
	// Nurses are the nurses working the day (at least one).
	Nurses []NurseParams
	// Visits are the visits to plan.
	Visits []VisitParams
	// Links are the double visits.
	Links []LinkParams
	// Clients are optional preferences per client.
	Clients []ClientParams
	// Objective weighs the cost parts.
	Objective Objective
	// Now, when set, says the day is under way: a visit not pinned to a
	// start time cannot start before Now. [Replan] sets it.
	Now *float64
	// AllowUnqualified accepts visits that no nurse of the problem has
	// the ability and level for; they stay unassigned in every plan.
	// Without it such a visit is an input error: no plan can serve it, and
	// the day needs another nurse, not a planner.
	AllowUnqualified bool
}

// Problem is a validated day of visit planning. It is immutable; build it
// with [NewProblem] and read it back with [Problem.Params].
type Problem struct {
	params ProblemParams
	travel [][]float64
	locIdx map[string]int
	nurse  map[string]int
	visit  map[string]int
	client map[string]int
	link   []int // visit index -> link index, -1 when single
}

// Bounds on every number a problem takes, so that a value that cannot be
// meant (a visit of 1e300 minutes, a window a century long) is refused as
// input instead of being planned as if it were sound.
const (
	// MaxTime is the latest time, in minutes, a problem may name: the
	// window of a visit, a pinned start, a nurse's shift, Now. Times count
	// from 0 (midnight of the day planned, or the start of a benchmark's
	// horizon) and may run into the next day (a night shift), but no
	// further: two days.
	MaxTime = 48 * 60
	// MaxDuration is the longest a visit may last, in minutes: one day.
	MaxDuration = 24 * 60
	// MaxTravel is the longest one trip may take, in minutes, whether
	// given in the travel matrix or computed from coordinates: the
	// whole horizon.
	MaxTravel = MaxTime
	// MaxCoordinate bounds the absolute value of a location's X and Y;
	// it admits metres in any national or UTM grid.
	MaxCoordinate = 1e8
	// MaxWeight bounds each weight of an [Objective], so that no weighted
	// cost can overflow.
	MaxWeight = 1e12
	// MaxLocations bounds the number of locations: the travel matrix has
	// one cell per pair, 25 million cells at the bound.
	MaxLocations = 5000
	// MaxEntities bounds the number of nurses, of visits and of clients
	// each.
	MaxEntities = 20000
)

// NewProblem validates p and returns the problem. Every rule broken is
// reported as a *wijk.ValidationError naming the field, e.g.
// "visits[3].close", and the rule or bound: times within [0, MaxTime],
// durations within (0, MaxDuration], travel within [0, MaxTravel], and so
// on (see the constants). A visit that no nurse has the ability and level
// for is refused unless p.AllowUnqualified is set. Lateness and overtime
// are costs, not rules, so a window no shift reaches is not refused: the
// plan shows it late.
func NewProblem(p ProblemParams) (*Problem, error) {
	p = cloneParams(p)
	pr := &Problem{
		params: p,
		locIdx: map[string]int{},
		nurse:  map[string]int{},
		visit:  map[string]int{},
		client: map[string]int{},
	}
	if len(p.Locations) == 0 {
		return nil, wijk.Invalid("locations", "at least one location is required")
	}
	if len(p.Locations) > MaxLocations {
		return nil, wijk.Invalid("locations", "must list at most %d locations, got %d", MaxLocations, len(p.Locations))
	}
	for _, c := range []struct {
		field string
		n     int
	}{{"nurses", len(p.Nurses)}, {"visits", len(p.Visits)}, {"clients", len(p.Clients)}} {
		if c.n > MaxEntities {
			return nil, wijk.Invalid(c.field, "must list at most %d, got %d", MaxEntities, c.n)
		}
	}
	for i, l := range p.Locations {
		f := fmt.Sprintf("locations[%d]", i)
		if err := valid.Name(f+".id", l.ID); err != nil {
			return nil, err
		}
		if _, dup := pr.locIdx[l.ID]; dup {
			return nil, wijk.Invalid(f+".id", "duplicate location %q", l.ID)
		}
		if err := coordinate(f+".x", l.X); err != nil {
			return nil, err
		}
		if err := coordinate(f+".y", l.Y); err != nil {
			return nil, err
		}
		if l.Point != nil {
			if err := l.Point.Validate(f + ".point"); err != nil {
				return nil, err
			}
			if p.Travel == nil {
				return nil, wijk.Invalid("travel", "is required when locations have points on Earth (location %q has one): build it with TravelMatrix", l.ID)
			}
		}
		pr.locIdx[l.ID] = i
	}
	if p.Speed < 0 || !finite(p.Speed) {
		return nil, wijk.Invalid("speed", "must be a positive number or zero")
	}
	n := len(p.Locations)
	if p.Travel != nil {
		if len(p.Travel) != n {
			return nil, wijk.Invalid("travel", "must have one row per location (%d), got %d", n, len(p.Travel))
		}
		for i, row := range p.Travel {
			if len(row) != n {
				return nil, wijk.Invalid(fmt.Sprintf("travel[%d]", i), "must have %d columns, got %d", n, len(row))
			}
			for j, t := range row {
				if !finite(t) || t < 0 || t > MaxTravel {
					return nil, wijk.Invalid(fmt.Sprintf("travel[%d][%d]", i, j), "must be a number of minutes from 0 to %d, got %g", MaxTravel, t)
				}
			}
		}
		pr.travel = p.Travel
	} else {
		speed := p.Speed
		if speed == 0 {
			speed = 1
		}
		pr.travel = make([][]float64, n)
		for i, a := range p.Locations {
			pr.travel[i] = make([]float64, n)
			for j, b := range p.Locations {
				t := math.Hypot(a.X-b.X, a.Y-b.Y) / speed
				if !finite(t) || t > MaxTravel {
					return nil, wijk.Invalid("speed", "travel from %q to %q would take %g minutes at speed %g; a trip must take at most %d", a.ID, b.ID, t, speed, MaxTravel)
				}
				pr.travel[i][j] = t
			}
		}
	}
	if len(p.Nurses) == 0 {
		return nil, wijk.Invalid("nurses", "at least one nurse is required")
	}
	for i, nu := range p.Nurses {
		if err := pr.checkNurse(nu); err != nil {
			return nil, wijk.InField(fmt.Sprintf("nurses[%d]", i), err)
		}
		pr.nurse[nu.ID] = i
	}
	for i, c := range p.Clients {
		f := fmt.Sprintf("clients[%d]", i)
		if err := valid.Name(f+".id", c.ID); err != nil {
			return nil, err
		}
		if _, dup := pr.client[c.ID]; dup {
			return nil, wijk.Invalid(f+".id", "duplicate client %q", c.ID)
		}
		if err := pr.checkNurseList(f+".known", c.Known); err != nil {
			return nil, err
		}
		if err := pr.checkNurseList(f+".undesired", c.Undesired); err != nil {
			return nil, err
		}
		pr.client[c.ID] = i
	}
	for i, v := range p.Visits {
		if err := pr.checkVisit(v); err != nil {
			return nil, wijk.InField(fmt.Sprintf("visits[%d]", i), err)
		}
		pr.visit[v.ID] = i
	}
	if !p.AllowUnqualified {
		if err := pr.checkServable(); err != nil {
			return nil, err
		}
	}
	pr.link = make([]int, len(p.Visits))
	for i := range pr.link {
		pr.link[i] = -1
	}
	for i, l := range p.Links {
		if err := pr.checkLink(l); err != nil {
			return nil, wijk.InField(fmt.Sprintf("links[%d]", i), err)
		}
		a, b := pr.visit[l.First], pr.visit[l.Second]
		pr.link[a], pr.link[b] = i, i
	}
	if p.Now != nil {
		if err := clock("now", *p.Now); err != nil {
			return nil, err
		}
	}
	if err := p.Objective.Validate(); err != nil {
		return nil, wijk.InField("objective", err)
	}
	return pr, nil
}

func (pr *Problem) checkNurse(nu NurseParams) error {
	if err := valid.Name("id", nu.ID); err != nil {
		return err
	}
	if _, dup := pr.nurse[nu.ID]; dup {
		return wijk.Invalid("id", "duplicate nurse %q", nu.ID)
	}
	if nu.Level != 0 {
		if err := nu.Level.Validate("level"); err != nil {
			return err
		}
	}
	for j, a := range nu.Abilities {
		if err := valid.Name(fmt.Sprintf("abilities[%d]", j), a); err != nil {
			return err
		}
	}
	if err := clock("shiftStart", nu.ShiftStart); err != nil {
		return err
	}
	if err := clock("shiftEnd", nu.ShiftEnd); err != nil {
		return err
	}
	if nu.ShiftEnd != 0 && nu.ShiftEnd < nu.ShiftStart {
		return wijk.Invalid("shiftEnd", "must not be before the shift start")
	}
	if _, ok := pr.locIdx[nu.Start]; !ok {
		return wijk.Invalid("start", "must name a location, got %q", nu.Start)
	}
	if _, ok := pr.locIdx[nu.End]; nu.End != "" && !ok {
		return wijk.Invalid("end", "must name a location, got %q", nu.End)
	}
	return nil
}

func (pr *Problem) checkNurseList(field string, ids []string) error {
	seen := map[string]bool{}
	for j, id := range ids {
		if _, ok := pr.nurse[id]; !ok {
			return wijk.Invalid(fmt.Sprintf("%s[%d]", field, j), "must name a nurse, got %q", id)
		}
		if seen[id] {
			return wijk.Invalid(fmt.Sprintf("%s[%d]", field, j), "duplicate nurse %q", id)
		}
		seen[id] = true
	}
	return nil
}

func (pr *Problem) checkVisit(v VisitParams) error {
	if err := valid.Name("id", v.ID); err != nil {
		return err
	}
	if _, dup := pr.visit[v.ID]; dup {
		return wijk.Invalid("id", "duplicate visit %q", v.ID)
	}
	if err := valid.Name("client", v.Client); err != nil {
		return err
	}
	if _, ok := pr.locIdx[v.Location]; !ok {
		return wijk.Invalid("location", "must name a location, got %q", v.Location)
	}
	if err := clock("open", v.Open); err != nil {
		return err
	}
	if err := clock("close", v.Close); err != nil {
		return err
	}
	if v.Close < v.Open {
		return wijk.Invalid("close", "must not be before open (%g < %g)", v.Close, v.Open)
	}
	if !finite(v.Duration) || v.Duration <= 0 || v.Duration > MaxDuration {
		return wijk.Invalid("duration", "must be more than 0 and at most %d minutes, got %g", MaxDuration, v.Duration)
	}
	if v.Ability != "" {
		if err := valid.Name("ability", v.Ability); err != nil {
			return err
		}
	}
	if v.Level != 0 {
		if err := v.Level.Validate("level"); err != nil {
			return err
		}
	}
	if v.Nurse != "" {
		k, ok := pr.nurse[v.Nurse]
		if !ok {
			return wijk.Invalid("nurse", "must name a nurse, got %q", v.Nurse)
		}
		if !pr.qualified(pr.params.Nurses[k], v) {
			return wijk.Invalid("nurse", "pinned nurse %q lacks the ability or level the visit needs", v.Nurse)
		}
		if slices.Contains(v.Excluded, v.Nurse) {
			return wijk.Invalid("nurse", "pinned nurse %q is also excluded", v.Nurse)
		}
	}
	if v.Start != nil {
		if err := clock("start", *v.Start); err != nil {
			return err
		}
		if *v.Start < v.Open {
			return wijk.Invalid("start", "pinned start %g is before the window opens at %g", *v.Start, v.Open)
		}
	}
	return pr.checkNurseList("excluded", v.Excluded)
}

func (pr *Problem) checkLink(l LinkParams) error {
	a, ok := pr.visit[l.First]
	if !ok {
		return wijk.Invalid("first", "must name a visit, got %q", l.First)
	}
	b, ok := pr.visit[l.Second]
	if !ok {
		return wijk.Invalid("second", "must name a visit, got %q", l.Second)
	}
	if a == b {
		return wijk.Invalid("second", "must differ from first")
	}
	if pr.link[a] >= 0 {
		return wijk.Invalid("first", "visit %q is already in a link", l.First)
	}
	if pr.link[b] >= 0 {
		return wijk.Invalid("second", "visit %q is already in a link", l.Second)
	}
	if err := linkKindEnum.Check("kind", l.Kind); err != nil {
		return err
	}
	if err := clock("minGap", l.MinGap); err != nil {
		return err
	}
	if err := clock("maxGap", l.MaxGap); err != nil {
		return err
	}
	switch l.Kind {
	case Simultaneous:
		if l.MinGap != 0 || l.MaxGap != 0 {
			return wijk.Invalid("minGap", "a simultaneous link has no gap")
		}
	case Sequential:
		if l.MinGap < 0 || l.MaxGap < l.MinGap {
			return wijk.Invalid("maxGap", "need 0 <= minGap <= maxGap, got [%g, %g]", l.MinGap, l.MaxGap)
		}
	}
	return nil
}

// checkServable refuses a visit that no nurse is qualified for: none has
// its ability, or none with the ability has its level. It looks at
// qualification only; a visit every qualified nurse is excluded from is
// left to the plan (Replan excludes the nurse who dropped out, and the
// visit she alone could do must still show as unassigned).
func (pr *Problem) checkServable() error {
	// best[a] is the highest level among nurses with ability a ("" for
	// every nurse); a key is present when some nurse has the ability.
	best := map[string]team.Level{}
	for _, n := range pr.params.Nurses {
		lvl := team.Level(0)
		if n.Level.Valid() {
			lvl = n.Level
		}
		for _, a := range append([]string{""}, n.Abilities...) {
			if b, ok := best[a]; !ok || lvl > b {
				best[a] = lvl
			}
		}
	}
	for i, v := range pr.params.Visits {
		f := fmt.Sprintf("visits[%d]", i)
		b, ok := best[v.Ability]
		if !ok {
			return wijk.Invalid(f+".ability", "no nurse has ability %q, which visit %q needs", v.Ability, v.ID)
		}
		if v.Level != 0 && !b.Covers(v.Level) {
			if v.Ability == "" {
				return wijk.Invalid(f+".level", "no nurse has %s or higher, which visit %q needs", v.Level, v.ID)
			}
			return wijk.Invalid(f+".level", "no nurse with ability %q has %s or higher, which visit %q needs", v.Ability, v.Level, v.ID)
		}
	}
	return nil
}

// qualified reports whether nurse n has what visit v needs (ability and
// level); pins, exclusions and undesired pairs are separate rules.
func (pr *Problem) qualified(n NurseParams, v VisitParams) bool {
	if v.Ability != "" && !slices.Contains(n.Abilities, v.Ability) {
		return false
	}
	if v.Level != 0 && !n.Level.Covers(v.Level) {
		return false
	}
	return true
}

// Allowed reports whether nurse may do visit under the hard rules:
// ability, level, pin, exclusion and undesired pairs. Unknown IDs give
// false.
func (pr *Problem) Allowed(nurse, visit string) bool {
	k, ok := pr.nurse[nurse]
	if !ok {
		return false
	}
	v, ok := pr.visit[visit]
	if !ok {
		return false
	}
	return pr.allowed(v, k) == 0
}

// allowed returns 0 when nurse k may do visit v, else the rule broken.
func (pr *Problem) allowed(v, k int) ViolationKind {
	vp, np := pr.params.Visits[v], pr.params.Nurses[k]
	if !pr.qualified(np, vp) {
		return Unqualified
	}
	if vp.Nurse != "" && vp.Nurse != np.ID {
		return PinBroken
	}
	if slices.Contains(vp.Excluded, np.ID) {
		return ExcludedNurse
	}
	if c, ok := pr.client[vp.Client]; ok && slices.Contains(pr.params.Clients[c].Undesired, np.ID) {
		return UndesiredPair
	}
	return 0
}

// unknown reports whether visit v by nurse k counts against continuity.
func (pr *Problem) unknown(v, k int) bool {
	c, ok := pr.client[pr.params.Visits[v].Client]
	if !ok {
		return false
	}
	known := pr.params.Clients[c].Known
	return len(known) > 0 && !slices.Contains(known, pr.params.Nurses[k].ID)
}

// Params returns a deep copy of the problem's input; NewProblem(p.Params())
// rebuilds an equal problem.
func (pr *Problem) Params() ProblemParams { return cloneParams(pr.params) }

// Nurses returns the nurses in input order.
func (pr *Problem) Nurses() []NurseParams { return cloneParams(pr.params).Nurses }

// Visits returns the visits in input order.
func (pr *Problem) Visits() []VisitParams { return cloneParams(pr.params).Visits }

// Links returns the double-visit links in input order.
func (pr *Problem) Links() []LinkParams { return slices.Clone(pr.params.Links) }

// Objective returns the weights of the cost parts.
func (pr *Problem) Objective() Objective { return pr.params.Objective }

// Visit returns the visit with the given ID.
func (pr *Problem) Visit(id string) (VisitParams, bool) {
	i, ok := pr.visit[id]
	if !ok {
		return VisitParams{}, false
	}
	return cloneVisit(pr.params.Visits[i]), true
}

// TravelTime returns the travel time between two locations, or false when
// either is unknown.
func (pr *Problem) TravelTime(from, to string) (float64, bool) {
	i, ok1 := pr.locIdx[from]
	j, ok2 := pr.locIdx[to]
	if !ok1 || !ok2 {
		return 0, false
	}
	return pr.travel[i][j], true
}

// WithObjective returns a copy of the problem that uses o.
func (pr *Problem) WithObjective(o Objective) (*Problem, error) {
	p := pr.Params()
	p.Objective = o
	return NewProblem(p)
}

func (pr *Problem) String() string {
	return fmt.Sprintf("visit problem: %d nurses, %d visits, %d double visits", len(pr.params.Nurses), len(pr.params.Visits), len(pr.params.Links))
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// clock checks a time or gap in minutes: from 0 to MaxTime.
func clock(field string, x float64) error {
	if !finite(x) || x < 0 || x > MaxTime {
		return wijk.Invalid(field, "must be a number of minutes from 0 to %d, got %g", MaxTime, x)
	}
	return nil
}

func coordinate(field string, x float64) error {
	if !finite(x) || math.Abs(x) > MaxCoordinate {
		return wijk.Invalid(field, "must be a finite number from -%g to %g, got %g", MaxCoordinate, MaxCoordinate, x)
	}
	return nil
}

func cloneVisit(v VisitParams) VisitParams {
	v.Excluded = slices.Clone(v.Excluded)
	if v.Start != nil {
		s := *v.Start
		v.Start = &s
	}
	return v
}

func cloneParams(p ProblemParams) ProblemParams {
	p.Locations = slices.Clone(p.Locations)
	for i := range p.Locations {
		if pt := p.Locations[i].Point; pt != nil {
			c := *pt
			p.Locations[i].Point = &c
		}
	}
	if p.Travel != nil {
		t := make([][]float64, len(p.Travel))
		for i, r := range p.Travel {
			t[i] = slices.Clone(r)
		}
		p.Travel = t
	}
	p.Nurses = slices.Clone(p.Nurses)
	for i := range p.Nurses {
		p.Nurses[i].Abilities = slices.Clone(p.Nurses[i].Abilities)
	}
	p.Visits = slices.Clone(p.Visits)
	for i := range p.Visits {
		p.Visits[i] = cloneVisit(p.Visits[i])
	}
	p.Links = slices.Clone(p.Links)
	if p.Now != nil {
		now := *p.Now
		p.Now = &now
	}
	p.Clients = slices.Clone(p.Clients)
	for i := range p.Clients {
		p.Clients[i].Known = slices.Clone(p.Clients[i].Known)
		p.Clients[i].Undesired = slices.Clone(p.Clients[i].Undesired)
	}
	return p
}
