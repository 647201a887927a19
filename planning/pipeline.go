// The pipeline from care to work: the functions below turn a team and
// its clients' care plans into the problems the two planners solve, and a
// day's plan back into facts the team records. They are pure: they build
// problems and read plans, and the caller solves (roster.Solve,
// visit.Solve) and decides what to adopt.
//
//   - RosterProblem: the roster problem of a period, with contract limits
//     from each member's contract hours and cover from the care the plans
//     ask for on each day and shift.
//   - Places: the office and the clients' homes as a day's locations,
//     from their addresses' coordinates, for a travel-time service.
//   - DayProblem: the visit problem of one day of an adopted roster.
//   - Hours: each member's hours records from a day's routes.
//   - DayReplanProblem and RosterReplanProblem: the problems that repair
//     a day's visits or a roster when someone falls ill, keeping what
//     happened or was pinned.
//   - DiffDay and DiffRoster: what changed between two plans, in words a
//     planner reads.

package planning

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/geo"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

// Defaults the pipeline uses when a parameter is left zero.
const (
	// DefaultMinRestMinutes is the least rest between two shifts on
	// consecutive days: eleven hours, so no early shift after a late one.
	DefaultMinRestMinutes = 11 * 60
	// DefaultCareMinutesPerNurse is how many minutes of care one nurse on
	// a shift is counted for: the rest of the shift goes to travel,
	// reports and the handover.
	DefaultCareMinutesPerNurse = 150
	// DefaultMaxConsecutive is the most working days in a row a contract
	// allows.
	DefaultMaxConsecutive = 5
)

// DefaultShifts returns the two shift types of a neighbourhood team's
// day: early from 07:00 and late from 16:00, six hours each.
func DefaultShifts() []roster.ShiftTypeParams {
	return []roster.ShiftTypeParams{
		{ID: "early", StartMinute: 7 * 60, Minutes: 6 * 60},
		{ID: "late", StartMinute: 16 * 60, Minutes: 6 * 60},
	}
}

// Absence is a stretch of days a member cannot work: leave, illness, a
// course. It is hard: the roster never puts the member on a shift then.
type Absence struct {
	// Member is the absent member.
	Member wijk.ID
	// From and To are the first and the last day (inclusive).
	From, To wijk.Date
}

// Wish is a member's wish not to work on a day, or not a given shift on
// it. Unlike an [Absence] it may be refused, at a price.
type Wish struct {
	// Member is who wishes.
	Member wijk.ID
	// Date is the day.
	Date wijk.Date
	// Shift is the shift type the member would rather not work; "" means
	// the whole day off.
	Shift string
	// Weight is the penalty when the wish is not granted (1 or more).
	Weight int
}

// CoverWeights are the penalties of cover missed or exceeded. The zero
// value means the defaults: 100 per missing nurse, 5 per nurse beyond
// what the care asks for, and 100 per missing nurse of a required level.
type CoverWeights struct {
	Under, Over, LevelUnder int
}

func (w CoverWeights) orDefault() CoverWeights {
	if w == (CoverWeights{}) {
		return CoverWeights{Under: 100, Over: 5, LevelUnder: 100}
	}
	return w
}

// RosterProblemParams is what [RosterProblem] needs.
type RosterProblemParams struct {
	// Team is the team to roster.
	Team *team.Team
	// Start is the first day of the period and Days its length (1 to
	// careplan.MaxDemandDays).
	Start wijk.Date
	Days  int
	// Plans are the team's clients' care plans; only active plans and
	// plans under review ask for care (see careplan.Demand). Nil plans
	// are skipped.
	Plans []*careplan.CarePlan
	// Shifts are the shift types; nil means [DefaultShifts].
	Shifts []roster.ShiftTypeParams
	// MinRestMinutes is the least rest between shifts on consecutive
	// days; 0 means [DefaultMinRestMinutes], a negative value no rest
	// rule (beyond the shifts' own NotFollowedBy).
	MinRestMinutes int
	// CareMinutesPerNurse is how much care one nurse on a shift is
	// counted for; 0 means [DefaultCareMinutesPerNurse].
	CareMinutesPerNurse int
	// Weights are the cover penalties; zero means the defaults.
	Weights CoverWeights
	// Contract turns a member's contract into limits over the days of
	// the period the member is available (a member of the team and not
	// absent: leave and illness take their share of the contract with
	// them); nil means [ContractFor] with the shortest shift type's
	// length.
	Contract func(m team.Member, days int) roster.Contract
	// Absences are days members cannot work.
	Absences []Absence
	// Wishes are days members would rather not work.
	Wishes []Wish
}

// RosterSetup is a roster problem together with what it takes to read
// its rosters back: the period's first day (day d of the problem is
// Start + d) and the members in the problem's order. Each employee's ID
// in the problem is the member's ID.
type RosterSetup struct {
	// Problem is the problem to solve.
	Problem *roster.Problem
	// Start is the date of day 0.
	Start wijk.Date
	// Members are the members rostered, in the problem's order.
	Members []wijk.ID
}

// Date returns the date of day d of the problem.
func (s *RosterSetup) Date(d int) wijk.Date { return s.Start.AddDays(d) }

// Day returns the problem's day index of date, or an error matching
// [wijk.ErrInvalid] when the date lies outside the period.
func (s *RosterSetup) Day(date wijk.Date) (int, error) {
	return dayOf("date", s.Start, s.Problem.Days(), date)
}

// Shifts returns the nurses on duty on date in roster r of the setup's
// problem, each starting and ending at from (the office), as
// [visit.ShiftsFromRoster] reads them.
func (s *RosterSetup) Shifts(r *roster.Roster, date wijk.Date, from string) ([]visit.Shift, error) {
	d, err := s.Day(date)
	if err != nil {
		return nil, err
	}
	return visit.ShiftsFromRoster(r, d, from)
}

func dayOf(field string, start wijk.Date, days int, date wijk.Date) (int, error) {
	if err := valid.Date(field, date); err != nil {
		return 0, err
	}
	d := date.DaysSince(start)
	if d < 0 || d >= days {
		return 0, wijk.Invalid(field, "must lie in the period %s to %s, got %s", start, start.AddDays(days-1), date)
	}
	return d, nil
}

// ContractFor turns contract hours per week into limits over a period of
// days, as a team plans them: at most the contract's share of the period
// rounded up to whole shifts of shiftMinutes, at least one shift less
// than that share rounded down, at most [DefaultMaxConsecutive] working
// days in a row, and no limit on weekends.
func ContractFor(perWeek time.Duration, days, shiftMinutes int) roster.Contract {
	shiftMinutes = max(shiftMinutes, 1)
	share := int(perWeek.Minutes()) * max(days, 0) / 7
	return roster.Contract{
		MaxMinutes:     max(ceilDiv(share, shiftMinutes)*shiftMinutes, shiftMinutes),
		MinMinutes:     max(0, share/shiftMinutes-1) * shiftMinutes,
		MaxConsecutive: DefaultMaxConsecutive,
		MaxWeekends:    roster.NoLimit,
	}
}

// RosterProblem builds the roster problem of a period from the team, its
// members' contracts and absences, and the care its clients' plans ask
// for:
//
//   - Employees: every member whose membership covers a day of the
//     period, in the order they joined, with their level and the limits
//     of their contract over the days they are available. Days outside
//     a membership and days of an [Absence] are days off the roster
//     cannot break. A member's status
//     (on leave) is not read: leave is given as absences with dates.
//   - Cover: see [Cover].
//   - Wishes become off requests.
//
// Errors match [wijk.ErrInvalid] and name the field.
func RosterProblem(p RosterProblemParams) (*RosterSetup, error) {
	if p.Team == nil {
		return nil, wijk.Invalid("team", "is required")
	}
	if err := valid.Date("start", p.Start); err != nil {
		return nil, err
	}
	if err := valid.Range("days", p.Days, 1, careplan.MaxDemandDays); err != nil {
		return nil, err
	}
	shifts := p.Shifts
	if shifts == nil {
		shifts = DefaultShifts()
	}
	if len(shifts) == 0 {
		return nil, wijk.Invalid("shifts", "must list at least one shift type")
	}
	rest := p.MinRestMinutes
	switch {
	case rest == 0:
		rest = DefaultMinRestMinutes
	case rest < 0:
		rest = 0
	}
	params := roster.ProblemParams{Days: p.Days, FirstWeekday: p.Start.Weekday(), MinRestMinutes: rest, Shifts: slices.Clone(shifts)}

	// The members of the period, one employee per person.
	last := p.Start.AddDays(p.Days - 1)
	type person struct {
		m    team.Member
		days []bool // covered by a membership
	}
	var people []*person
	byID := map[wijk.ID]*person{}
	for _, m := range p.Team.History() {
		if m.Start.After(last) || (!m.End.IsZero() && m.End.Before(p.Start)) {
			continue
		}
		ps := byID[m.Person]
		if ps == nil {
			ps = &person{days: make([]bool, p.Days)}
			byID[m.Person] = ps
			people = append(people, ps)
		}
		ps.m = m // the latest membership gives level and contract
		for d := range p.Days {
			if m.On(p.Start.AddDays(d)) {
				ps.days[d] = true
			}
		}
	}
	if len(people) == 0 {
		return nil, wijk.Invalid("team", "has no member in the period %s to %s", p.Start, last)
	}
	off := map[wijk.ID]map[int]bool{}
	for i, a := range p.Absences {
		f := fmt.Sprintf("absences[%d]", i)
		if byID[a.Member] == nil {
			return nil, wijk.Invalid(f+".member", "must be a member of the team in the period, got %q", a.Member)
		}
		if err := valid.Date(f+".from", a.From); err != nil {
			return nil, err
		}
		if err := valid.Date(f+".to", a.To); err != nil {
			return nil, err
		}
		if a.To.Before(a.From) {
			return nil, wijk.Invalid(f+".to", "must not be before from (%s), got %s", a.From, a.To)
		}
		for d := max(0, a.From.DaysSince(p.Start)); d <= min(p.Days-1, a.To.DaysSince(p.Start)); d++ {
			if off[a.Member] == nil {
				off[a.Member] = map[int]bool{}
			}
			off[a.Member][d] = true
		}
	}
	contract := p.Contract
	if contract == nil {
		shortest := shifts[0].Minutes
		for _, s := range shifts {
			shortest = min(shortest, s.Minutes)
		}
		contract = func(m team.Member, days int) roster.Contract {
			return ContractFor(m.ContractPerWeek, days, shortest)
		}
	}
	setup := &RosterSetup{Start: p.Start}
	for _, ps := range people {
		e := roster.EmployeeParams{ID: string(ps.m.Person), Level: ps.m.Level}
		for d, on := range ps.days {
			if !on || off[ps.m.Person][d] {
				e.DaysOff = append(e.DaysOff, d)
			}
		}
		e.Contract = contract(ps.m, p.Days-len(e.DaysOff))
		params.Employees = append(params.Employees, e)
		setup.Members = append(setup.Members, ps.m.Person)
	}

	demand, err := careplan.Demand(p.Plans, p.Start, last)
	if err != nil {
		return nil, err
	}
	params.Cover, err = Cover(CoverParams{Start: p.Start, Days: p.Days, Shifts: shifts, Demand: demand,
		CareMinutesPerNurse: p.CareMinutesPerNurse, Weights: p.Weights})
	if err != nil {
		return nil, err
	}
	for i, w := range p.Wishes {
		f := fmt.Sprintf("wishes[%d]", i)
		if byID[w.Member] == nil {
			return nil, wijk.Invalid(f+".member", "must be a member of the team in the period, got %q", w.Member)
		}
		d, err := dayOf(f+".date", p.Start, p.Days, w.Date)
		if err != nil {
			return nil, err
		}
		params.OffRequests = append(params.OffRequests, roster.RequestParams{Employee: string(w.Member), Day: d, Shift: w.Shift, Weight: w.Weight})
	}
	setup.Problem, err = roster.NewProblem(params)
	if err != nil {
		return nil, err
	}
	return setup, nil
}

// CoverParams is what [Cover] needs.
type CoverParams struct {
	// Start is the date of day 0 and Days the length of the period.
	Start wijk.Date
	Days  int
	// Shifts are the shift types.
	Shifts []roster.ShiftTypeParams
	// Demand is the care asked for (careplan.Demand); visits outside the
	// period are left out.
	Demand []careplan.Visit
	// CareMinutesPerNurse is how much care one nurse on a shift is
	// counted for; 0 means [DefaultCareMinutesPerNurse].
	CareMinutesPerNurse int
	// Weights are the penalties; zero means the defaults.
	Weights CoverWeights
}

// Cover derives the roster's cover from the care asked for. Each visit
// belongs to one shift: the earliest-starting shift that is still running
// at the visit's earliest start and has begun by its latest start; failing
// that, the earliest-starting one still running at its earliest start;
// failing that, the last shift of the day. Then, for every day and shift:
//
//   - one nurse for every CareMinutesPerNurse minutes of care in the
//     shift, rounded up, and at least one nurse on every shift;
//   - for each level above the lowest (level 4 and level 5) that some
//     visit of the shift needs: a nurse of that level or higher for every
//     CareMinutesPerNurse minutes of the care that needs it, rounded up.
//
// Rows come day by day, in the order of the shift types, the level rows
// after the shift's row.
func Cover(p CoverParams) ([]roster.CoverParams, error) {
	if err := valid.Date("start", p.Start); err != nil {
		return nil, err
	}
	if err := valid.Range("days", p.Days, 1, roster.MaxDays); err != nil {
		return nil, err
	}
	if len(p.Shifts) == 0 {
		return nil, wijk.Invalid("shifts", "must list at least one shift type")
	}
	per := p.CareMinutesPerNurse
	switch {
	case per == 0:
		per = DefaultCareMinutesPerNurse
	case per < 0:
		return nil, wijk.Invalid("careMinutesPerNurse", "must not be negative, got %d", per)
	}
	w := p.Weights.orDefault()
	// order: shift indices by start, then as given.
	order := make([]int, len(p.Shifts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p.Shifts[a].StartMinute, p.Shifts[b].StartMinute) })
	shiftOf := func(v careplan.Visit) int {
		for _, i := range order {
			s := p.Shifts[i]
			if v.EarliestStart < s.StartMinute+s.Minutes && s.StartMinute <= v.LatestStart {
				return i
			}
		}
		for _, i := range order {
			s := p.Shifts[i]
			if v.EarliestStart < s.StartMinute+s.Minutes {
				return i
			}
		}
		return order[len(order)-1]
	}
	levels := team.Levels()[1:]
	type need struct {
		minutes int
		level   []int // minutes of care needing levels[i] or higher
	}
	needs := make([]need, p.Days*len(p.Shifts))
	for i := range needs {
		needs[i].level = make([]int, len(levels))
	}
	for i, v := range p.Demand {
		d := v.Date.DaysSince(p.Start)
		if v.Date.IsZero() || d < 0 || d >= p.Days {
			continue
		}
		if v.Minutes < 0 {
			return nil, wijk.Invalid(fmt.Sprintf("demand[%d].minutes", i), "must not be negative, got %d", v.Minutes)
		}
		n := &needs[d*len(p.Shifts)+shiftOf(v)]
		n.minutes += v.Minutes
		for j, l := range levels {
			if v.Level >= l {
				n.level[j] += v.Minutes
			}
		}
	}
	var out []roster.CoverParams
	for d := range p.Days {
		for s, st := range p.Shifts {
			n := needs[d*len(p.Shifts)+s]
			out = append(out, roster.CoverParams{Day: d, Shift: st.ID,
				Required: max(1, ceilDiv(n.minutes, per)), UnderWeight: w.Under, OverWeight: w.Over})
			for j, l := range levels {
				if n.level[j] > 0 {
					out = append(out, roster.CoverParams{Day: d, Shift: st.ID, Level: l,
						Required: max(1, ceilDiv(n.level[j], per)), UnderWeight: w.LevelUnder})
				}
			}
		}
	}
	return out, nil
}

// DayParams is what [DayProblem] needs.
type DayParams struct {
	// Setup is the roster problem the adopted roster answers, and Roster
	// that roster.
	Setup  *RosterSetup
	Roster *roster.Roster
	// Date is the day to plan; it must lie in the roster's period.
	Date wijk.Date
	// Plans are the clients' care plans.
	Plans []*careplan.CarePlan
	// Office is the location every nurse starts and ends at (when
	// nurses start from home, read the shifts with RosterSetup.Shifts,
	// set their From and To, and call visit.DayProblem).
	Office string
	// Locations, Travel, Speed, Addresses, Known, Undesired, Objective
	// and AllowUnqualified are as in visit.DayParams.
	Locations        []visit.LocationParams
	Travel           [][]float64
	Speed            float64
	Addresses        map[wijk.ID]string
	Known            map[wijk.ID][]wijk.ID
	Undesired        map[wijk.ID][]wijk.ID
	Objective        visit.Objective
	AllowUnqualified bool
}

// DayProblem builds the visit problem of one day of an adopted roster:
// the nurses on duty from the roster ([visit.ShiftsFromRoster]) and the
// visits the care plans ask for that day ([careplan.Demand]), through
// [visit.DayProblem]. It returns the shifts too: [Hours] and the reports
// read them.
func DayProblem(p DayParams) (*visit.Problem, []visit.Shift, error) {
	if p.Setup == nil || p.Setup.Problem == nil {
		return nil, nil, wijk.Invalid("setup", "is required")
	}
	if p.Roster == nil {
		return nil, nil, wijk.Invalid("roster", "is required")
	}
	if p.Roster.Problem() != p.Setup.Problem {
		return nil, nil, wijk.Invalid("roster", "must be a roster of the setup's problem")
	}
	shifts, err := p.Setup.Shifts(p.Roster, p.Date, p.Office)
	if err != nil {
		return nil, nil, err
	}
	if len(shifts) == 0 {
		return nil, nil, wijk.Invalid("roster", "has nobody on duty on %s", p.Date)
	}
	demand, err := careplan.Demand(p.Plans, p.Date, p.Date)
	if err != nil {
		return nil, nil, err
	}
	pr, err := visit.DayProblem(visit.DayParams{
		Date: p.Date, Demand: demand, Shifts: shifts,
		Locations: p.Locations, Travel: p.Travel, Speed: p.Speed,
		Addresses: p.Addresses, Known: p.Known, Undesired: p.Undesired,
		Objective: p.Objective, AllowUnqualified: p.AllowUnqualified,
	})
	if err != nil {
		return nil, nil, err
	}
	return pr, shifts, nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Places returns the locations of a day's visit problem from where the
// team's office is and where its clients live: the office (location
// officeID at point office) and each client's home at their address's
// coordinates (careplan.Address.Coordinates), as a location named by the
// client's ID; and the map from client to location that
// [DayParams.Addresses] takes. Ask a travel service for the times
// between them with visit.TravelMatrix (visit.StraightLine by default,
// wrapped in visit.Cached), and give the matrix as [DayParams.Travel].
// A client without coordinates, or a point that is not on Earth, is an
// error naming it.
func Places(officeID string, office geo.Point, clients []*careplan.Client) ([]visit.LocationParams, map[wijk.ID]string, error) {
	if officeID == "" {
		return nil, nil, wijk.Invalid("officeID", "is required")
	}
	if err := office.Validate("office"); err != nil {
		return nil, nil, err
	}
	at := office
	locs := []visit.LocationParams{{ID: officeID, Point: &at}}
	addresses := make(map[wijk.ID]string, len(clients))
	for i, c := range clients {
		f := fmt.Sprintf("clients[%d]", i)
		if c == nil {
			return nil, nil, wijk.Invalid(f, "is required")
		}
		if string(c.ID()) == officeID {
			return nil, nil, wijk.Invalid(f, "client %s has the office's location ID", c.ID())
		}
		if _, dup := addresses[c.ID()]; dup {
			return nil, nil, wijk.Invalid(f, "client %s is listed twice", c.ID())
		}
		pt := c.Address().Coordinates
		if pt == nil {
			return nil, nil, wijk.Invalid(f+".address.coordinates", "client %s has no coordinates: travel times need where the client lives", c.ID())
		}
		if err := pt.Validate(f + ".address.coordinates"); err != nil {
			return nil, nil, err
		}
		locs = append(locs, visit.LocationParams{ID: string(c.ID()), Point: pt})
		addresses[c.ID()] = string(c.ID())
	}
	return locs, addresses, nil
}
