// Package teamday generates a neighbourhood team's working day as a visit
// planning problem, seeded: the days the visit planner is measured on
// (examples/visitbench -teamday) and tested on (roster/visit), so both
// read the same days.
package teamday

import (
	"fmt"
	"math/rand/v2"

	"github.com/wijkzorg/wijk/roster/visit"
)

// Day generates a neighbourhood team's morning: visits nurses on
// bicycles in a district of 2.5 by 2.5 km, leaving from the team's office
// in the middle. Most clients have one visit, some two (morning care and
// a check at noon); a tenth need wound care, which two nurses give; two
// clients need two nurses at once (a hoist). Every client knows two or
// three nurses. The same seed gives the same day.
func Day(seed uint64, visits, nurses int) (*visit.Problem, error) {
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
