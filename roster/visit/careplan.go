package visit

import (
	"fmt"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/team"
)

// Shift is one nurse on duty for the day, as the team's roster has it.
type Shift struct {
	// Member is the nurse's member ID.
	Member wijk.ID
	// Level is her qualification level.
	Level team.Level
	// Start and End bound the shift, in minutes after midnight.
	Start, End int
	// From is the location she starts at (the office, or home); To is
	// where she ends, empty meaning From.
	From, To string
}

// DayParams is what [DayProblem] needs to turn care-plan demand into a
// day's visit problem.
type DayParams struct {
	// Date is the day to plan.
	Date wijk.Date
	// Demand is the visit demand from the care plans
	// ([careplan.Demand]); visits on other dates are left out.
	Demand []careplan.Visit
	// Shifts are the nurses on duty that day.
	Shifts []Shift
	// Locations are all places: the office, nurses' homes, clients'
	// addresses.
	Locations []LocationParams
	// Travel and Speed give travel times as in [ProblemParams]. Where
	// the locations have points on Earth (from the clients' address
	// coordinates), Travel comes from [TravelMatrix] with a [Travel]
	// such as [StraightLine] or a road-network service, best wrapped in
	// [Cached] so that the team's days ask once.
	Travel [][]float64
	Speed  float64
	// Addresses gives each client's location ID.
	Addresses map[wijk.ID]string
	// Known lists, per client, the members the client knows.
	Known map[wijk.ID][]wijk.ID
	// Undesired lists, per client, the members who must not come.
	Undesired map[wijk.ID][]wijk.ID
	// Objective weighs the cost parts; the zero value means
	// [DefaultObjective].
	Objective Objective
	// AllowUnqualified plans the day even when a visit needs a level no
	// nurse on duty has (see [ProblemParams.AllowUnqualified]).
	AllowUnqualified bool
}

// DayProblem builds the visit problem of one day from the care plans'
// demand and the roster. Each demanded visit on the date becomes a visit
// with ID "CLIENT/N" (the client's N-th visit of the day, in demand order)
// at the client's address, with the demand's start window, minutes and
// level; each shift becomes a nurse with ID the member's ID. Times are
// minutes after midnight. Nurse and client IDs in Known and Undesired that
// are not on duty or not visited that day are ignored.
func DayProblem(p DayParams) (*Problem, error) {
	if err := valid.Date("date", p.Date); err != nil {
		return nil, err
	}
	pp := ProblemParams{Locations: p.Locations, Travel: p.Travel, Speed: p.Speed, Objective: p.Objective, AllowUnqualified: p.AllowUnqualified}
	if pp.Objective == (Objective{}) {
		pp.Objective = DefaultObjective()
	}
	onDuty := map[wijk.ID]bool{}
	for i, s := range p.Shifts {
		f := fmt.Sprintf("shifts[%d]", i)
		if err := s.Member.Validate(f + ".member"); err != nil {
			return nil, err
		}
		if err := s.Level.Validate(f + ".level"); err != nil {
			return nil, err
		}
		if s.Start < 0 || s.End <= s.Start || s.End > 48*60 {
			return nil, wijk.Invalid(f, "shift must start at or after midnight and end after it starts, got %d-%d", s.Start, s.End)
		}
		onDuty[s.Member] = true
		pp.Nurses = append(pp.Nurses, NurseParams{ID: string(s.Member), Level: s.Level, ShiftStart: float64(s.Start), ShiftEnd: float64(s.End), Start: s.From, End: s.To})
	}
	count := map[wijk.ID]int{}
	for i, v := range p.Demand {
		if v.Date != p.Date {
			continue
		}
		f := fmt.Sprintf("demand[%d]", i)
		addr, ok := p.Addresses[v.Client]
		if !ok {
			return nil, wijk.Invalid(f+".client", "client %s has no address", v.Client)
		}
		count[v.Client]++
		pp.Visits = append(pp.Visits, VisitParams{
			ID: fmt.Sprintf("%s/%d", v.Client, count[v.Client]), Client: string(v.Client), Location: addr,
			Open: float64(v.EarliestStart), Close: float64(v.LatestStart), Duration: float64(v.Minutes), Level: v.Level,
		})
	}
	for _, c := range sortedIDs(count) {
		cp := ClientParams{ID: string(c)}
		for _, m := range p.Known[c] {
			if onDuty[m] {
				cp.Known = append(cp.Known, string(m))
			}
		}
		for _, m := range p.Undesired[c] {
			if onDuty[m] {
				cp.Undesired = append(cp.Undesired, string(m))
			}
		}
		if len(cp.Known) > 0 || len(cp.Undesired) > 0 {
			pp.Clients = append(pp.Clients, cp)
		}
	}
	return NewProblem(pp)
}

func sortedIDs(m map[wijk.ID]int) []wijk.ID {
	ids := make([]wijk.ID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
}

// ShiftsFromRoster reads the nurses on duty on day d (0-based) of a
// proposed or accepted roster: each employee working a shift that day,
// with the shift's start and end and their level. Employee IDs must be
// member IDs. Every nurse starts and ends at from (the office); set From
// and To on the result where nurses start at home. A shift that runs past
// midnight ends at midnight here: the visit planner plans one day.
func ShiftsFromRoster(r *roster.Roster, d int, from string) ([]Shift, error) {
	if r == nil {
		return nil, wijk.Invalid("roster", "is required")
	}
	p := r.Problem()
	if p == nil {
		return nil, wijk.Invalid("roster", "must be made by package roster")
	}
	if d < 0 || d >= p.Days() {
		return nil, wijk.Invalid("day", "must be between 0 and %d, got %d", p.Days()-1, d)
	}
	if err := valid.Name("from", from); err != nil {
		return nil, err
	}
	params := p.Params()
	types := make(map[string]roster.ShiftTypeParams, len(params.Shifts))
	for _, st := range params.Shifts {
		types[st.ID] = st
	}
	var out []Shift
	for i, e := range params.Employees {
		sh, err := r.Shift(e.ID, d)
		if err != nil {
			return nil, err
		}
		if sh == "" {
			continue
		}
		id, err := wijk.ParseID(e.ID)
		if err != nil {
			return nil, wijk.InField(fmt.Sprintf("roster.employees[%d]", i), err)
		}
		st := types[sh]
		out = append(out, Shift{Member: id, Level: e.Level, Start: st.StartMinute, End: min(st.StartMinute+st.Minutes, 24*60), From: from})
	}
	return out, nil
}
