package planning

import (
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

// The stored form of a visit problem. It mirrors [visit.ProblemParams]
// field by field, with an explicit name for every field, so that the
// record does not change when the solver's Go types are renamed. Times
// are minutes from midnight of the day planned. An empty list is stored
// as absent.

// VisitProblemSnapshot is a day's visit problem as a stored visit plan keeps it.
type VisitProblemSnapshot struct {
	Locations        []LocationSnapshot `json:"locations"`
	Travel           [][]float64        `json:"travel"`
	Speed            float64            `json:"speed"`
	Nurses           []NurseSnapshot    `json:"nurses"`
	Visits           []VisitSnapshot    `json:"visits"`
	Links            []LinkSnapshot     `json:"links"`
	Clients          []ClientSnapshot   `json:"clients"`
	Objective        ObjectiveSnapshot  `json:"objective"`
	Now              *float64           `json:"now"`
	AllowUnqualified bool               `json:"allow_unqualified"`
}

// LocationSnapshot is [visit.LocationParams].
type LocationSnapshot struct {
	ID string  `json:"id"`
	X  float64 `json:"x"`
	Y  float64 `json:"y"`
}

// NurseSnapshot is [visit.NurseParams].
type NurseSnapshot struct {
	ID         string     `json:"id"`
	Level      team.Level `json:"level"`
	Abilities  []string   `json:"abilities"`
	ShiftStart float64    `json:"shift_start"`
	ShiftEnd   float64    `json:"shift_end"`
	Start      string     `json:"start"`
	End        string     `json:"end"`
}

// VisitSnapshot is [visit.VisitParams]: one visit to plan.
type VisitSnapshot struct {
	ID       string     `json:"id"`
	Client   string     `json:"client"`
	Location string     `json:"location"`
	Open     float64    `json:"open"`
	Close    float64    `json:"close"`
	Duration float64    `json:"duration"`
	Ability  string     `json:"ability"`
	Level    team.Level `json:"level"`
	// Nurse and Start are the visit's pins, when set.
	Nurse    string   `json:"nurse"`
	Start    *float64 `json:"start"`
	Excluded []string `json:"excluded"`
}

// LinkSnapshot is [visit.LinkParams]: a double visit.
type LinkSnapshot struct {
	First  string         `json:"first"`
	Second string         `json:"second"`
	Kind   visit.LinkKind `json:"kind"`
	MinGap float64        `json:"min_gap"`
	MaxGap float64        `json:"max_gap"`
}

// ClientSnapshot is [visit.ClientParams].
type ClientSnapshot struct {
	ID        string   `json:"id"`
	Known     []string `json:"known"`
	Undesired []string `json:"undesired"`
}

// ObjectiveSnapshot is [visit.Objective].
type ObjectiveSnapshot struct {
	Travel         float64 `json:"travel"`
	TotalTardiness float64 `json:"total_tardiness"`
	MaxTardiness   float64 `json:"max_tardiness"`
	Overtime       float64 `json:"overtime"`
	Continuity     float64 `json:"continuity"`
	Unassigned     float64 `json:"unassigned"`
}

// RouteSnapshot is [visit.Route]: one nurse's visits, in order.
type RouteSnapshot struct {
	Nurse  string   `json:"nurse"`
	Visits []string `json:"visits"`
}

func snapFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func snapVisitProblem(p visit.ProblemParams) VisitProblemSnapshot {
	return VisitProblemSnapshot{
		Locations: snapList(p.Locations, func(l visit.LocationParams) LocationSnapshot { return LocationSnapshot{ID: l.ID, X: l.X, Y: l.Y} }),
		Travel:    snapList(p.Travel, func(row []float64) []float64 { return snapClone(row) }),
		Speed:     p.Speed,
		Nurses: snapList(p.Nurses, func(n visit.NurseParams) NurseSnapshot {
			return NurseSnapshot{ID: n.ID, Level: n.Level, Abilities: snapClone(n.Abilities), ShiftStart: n.ShiftStart, ShiftEnd: n.ShiftEnd, Start: n.Start, End: n.End}
		}),
		Visits: snapList(p.Visits, func(v visit.VisitParams) VisitSnapshot {
			return VisitSnapshot{
				ID: v.ID, Client: v.Client, Location: v.Location, Open: v.Open, Close: v.Close, Duration: v.Duration,
				Ability: v.Ability, Level: v.Level, Nurse: v.Nurse, Start: snapFloat(v.Start), Excluded: snapClone(v.Excluded),
			}
		}),
		Links: snapList(p.Links, func(l visit.LinkParams) LinkSnapshot {
			return LinkSnapshot{First: l.First, Second: l.Second, Kind: l.Kind, MinGap: l.MinGap, MaxGap: l.MaxGap}
		}),
		Clients: snapList(p.Clients, func(c visit.ClientParams) ClientSnapshot {
			return ClientSnapshot{ID: c.ID, Known: snapClone(c.Known), Undesired: snapClone(c.Undesired)}
		}),
		Objective: ObjectiveSnapshot(p.Objective),
		Now:       snapFloat(p.Now), AllowUnqualified: p.AllowUnqualified,
	}
}

// Params returns the problem as the solver takes it.
func (p VisitProblemSnapshot) Params() visit.ProblemParams {
	return visit.ProblemParams{
		Locations: snapList(p.Locations, func(l LocationSnapshot) visit.LocationParams { return visit.LocationParams{ID: l.ID, X: l.X, Y: l.Y} }),
		Travel:    snapList(p.Travel, func(row []float64) []float64 { return snapClone(row) }),
		Speed:     p.Speed,
		Nurses: snapList(p.Nurses, func(n NurseSnapshot) visit.NurseParams {
			return visit.NurseParams{ID: n.ID, Level: n.Level, Abilities: snapClone(n.Abilities), ShiftStart: n.ShiftStart, ShiftEnd: n.ShiftEnd, Start: n.Start, End: n.End}
		}),
		Visits: snapList(p.Visits, func(v VisitSnapshot) visit.VisitParams {
			return visit.VisitParams{
				ID: v.ID, Client: v.Client, Location: v.Location, Open: v.Open, Close: v.Close, Duration: v.Duration,
				Ability: v.Ability, Level: v.Level, Nurse: v.Nurse, Start: snapFloat(v.Start), Excluded: snapClone(v.Excluded),
			}
		}),
		Links: snapList(p.Links, func(l LinkSnapshot) visit.LinkParams {
			return visit.LinkParams{First: l.First, Second: l.Second, Kind: l.Kind, MinGap: l.MinGap, MaxGap: l.MaxGap}
		}),
		Clients: snapList(p.Clients, func(c ClientSnapshot) visit.ClientParams {
			return visit.ClientParams{ID: c.ID, Known: snapClone(c.Known), Undesired: snapClone(c.Undesired)}
		}),
		Objective: visit.Objective(p.Objective),
		Now:       snapFloat(p.Now), AllowUnqualified: p.AllowUnqualified,
	}
}

func snapRoutes(p visit.Plan) []RouteSnapshot {
	return snapList(p.Routes, func(r visit.Route) RouteSnapshot { return RouteSnapshot{Nurse: r.Nurse, Visits: snapClone(r.Visits)} })
}

func snapPlan(rs []RouteSnapshot) visit.Plan {
	return visit.Plan{Routes: snapList(rs, func(r RouteSnapshot) visit.Route { return visit.Route{Nurse: r.Nurse, Visits: snapClone(r.Visits)} })}
}
