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

// VisitProblem is a day's visit problem as a stored visit plan keeps it.
type VisitProblem struct {
	Locations        []VisitLocation `json:"locations"`
	Travel           [][]float64     `json:"travel"`
	Speed            float64         `json:"speed"`
	Nurses           []VisitNurse    `json:"nurses"`
	Visits           []VisitVisit    `json:"visits"`
	Links            []VisitLink     `json:"links"`
	Clients          []VisitClient   `json:"clients"`
	Objective        VisitObjective  `json:"objective"`
	Now              *float64        `json:"now"`
	AllowUnqualified bool            `json:"allow_unqualified"`
}

// VisitLocation is [visit.LocationParams].
type VisitLocation struct {
	ID string  `json:"id"`
	X  float64 `json:"x"`
	Y  float64 `json:"y"`
}

// VisitNurse is [visit.NurseParams].
type VisitNurse struct {
	ID         string     `json:"id"`
	Level      team.Level `json:"level"`
	Abilities  []string   `json:"abilities"`
	ShiftStart float64    `json:"shift_start"`
	ShiftEnd   float64    `json:"shift_end"`
	Start      string     `json:"start"`
	End        string     `json:"end"`
}

// VisitVisit is [visit.VisitParams]: one visit to plan.
type VisitVisit struct {
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

// VisitLink is [visit.LinkParams]: a double visit.
type VisitLink struct {
	First  string         `json:"first"`
	Second string         `json:"second"`
	Kind   visit.LinkKind `json:"kind"`
	MinGap float64        `json:"min_gap"`
	MaxGap float64        `json:"max_gap"`
}

// VisitClient is [visit.ClientParams].
type VisitClient struct {
	ID        string   `json:"id"`
	Known     []string `json:"known"`
	Undesired []string `json:"undesired"`
}

// VisitObjective is [visit.Objective].
type VisitObjective struct {
	Travel         float64 `json:"travel"`
	TotalTardiness float64 `json:"total_tardiness"`
	MaxTardiness   float64 `json:"max_tardiness"`
	Overtime       float64 `json:"overtime"`
	Continuity     float64 `json:"continuity"`
	Unassigned     float64 `json:"unassigned"`
}

// VisitRoute is [visit.Route]: one nurse's visits, in order.
type VisitRoute struct {
	Nurse  string   `json:"nurse"`
	Visits []string `json:"visits"`
}

func floatPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func visitProblemOf(p visit.ProblemParams) VisitProblem {
	return VisitProblem{
		Locations: convert(p.Locations, func(l visit.LocationParams) VisitLocation { return VisitLocation{ID: l.ID, X: l.X, Y: l.Y} }),
		Travel:    convert(p.Travel, func(row []float64) []float64 { return orNil(row) }),
		Speed:     p.Speed,
		Nurses: convert(p.Nurses, func(n visit.NurseParams) VisitNurse {
			return VisitNurse{ID: n.ID, Level: n.Level, Abilities: orNil(n.Abilities), ShiftStart: n.ShiftStart, ShiftEnd: n.ShiftEnd, Start: n.Start, End: n.End}
		}),
		Visits: convert(p.Visits, func(v visit.VisitParams) VisitVisit {
			return VisitVisit{
				ID: v.ID, Client: v.Client, Location: v.Location, Open: v.Open, Close: v.Close, Duration: v.Duration,
				Ability: v.Ability, Level: v.Level, Nurse: v.Nurse, Start: floatPtr(v.Start), Excluded: orNil(v.Excluded),
			}
		}),
		Links: convert(p.Links, func(l visit.LinkParams) VisitLink {
			return VisitLink{First: l.First, Second: l.Second, Kind: l.Kind, MinGap: l.MinGap, MaxGap: l.MaxGap}
		}),
		Clients: convert(p.Clients, func(c visit.ClientParams) VisitClient {
			return VisitClient{ID: c.ID, Known: orNil(c.Known), Undesired: orNil(c.Undesired)}
		}),
		Objective: VisitObjective(p.Objective),
		Now:       floatPtr(p.Now), AllowUnqualified: p.AllowUnqualified,
	}
}

// Params returns the problem as the solver takes it.
func (p VisitProblem) Params() visit.ProblemParams {
	return visit.ProblemParams{
		Locations: convert(p.Locations, func(l VisitLocation) visit.LocationParams { return visit.LocationParams{ID: l.ID, X: l.X, Y: l.Y} }),
		Travel:    convert(p.Travel, func(row []float64) []float64 { return orNil(row) }),
		Speed:     p.Speed,
		Nurses: convert(p.Nurses, func(n VisitNurse) visit.NurseParams {
			return visit.NurseParams{ID: n.ID, Level: n.Level, Abilities: orNil(n.Abilities), ShiftStart: n.ShiftStart, ShiftEnd: n.ShiftEnd, Start: n.Start, End: n.End}
		}),
		Visits: convert(p.Visits, func(v VisitVisit) visit.VisitParams {
			return visit.VisitParams{
				ID: v.ID, Client: v.Client, Location: v.Location, Open: v.Open, Close: v.Close, Duration: v.Duration,
				Ability: v.Ability, Level: v.Level, Nurse: v.Nurse, Start: floatPtr(v.Start), Excluded: orNil(v.Excluded),
			}
		}),
		Links: convert(p.Links, func(l VisitLink) visit.LinkParams {
			return visit.LinkParams{First: l.First, Second: l.Second, Kind: l.Kind, MinGap: l.MinGap, MaxGap: l.MaxGap}
		}),
		Clients: convert(p.Clients, func(c VisitClient) visit.ClientParams {
			return visit.ClientParams{ID: c.ID, Known: orNil(c.Known), Undesired: orNil(c.Undesired)}
		}),
		Objective: visit.Objective(p.Objective),
		Now:       floatPtr(p.Now), AllowUnqualified: p.AllowUnqualified,
	}
}

func routesOf(p visit.Plan) []VisitRoute {
	return convert(p.Routes, func(r visit.Route) VisitRoute { return VisitRoute{Nurse: r.Nurse, Visits: orNil(r.Visits)} })
}

func planOf(rs []VisitRoute) visit.Plan {
	return visit.Plan{Routes: convert(rs, func(r VisitRoute) visit.Route { return visit.Route{Nurse: r.Nurse, Visits: orNil(r.Visits)} })}
}
