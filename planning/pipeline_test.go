package planning_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/team"
)

// id makes a readable ULID: "ANNE" becomes 01J0000000000000000000ANNE.
func id(name string) wijk.ID {
	return wijk.ID("01J" + strings.Repeat("0", 23-len(name)) + name)
}

var (
	anne = id("ANNE") // level 5, 32 h
	bram = id("BRAM") // level 4, 24 h
	cem  = id("CEM")  // level 3, 28 h
)

func names(s string) string {
	for _, n := range []string{"ANNE", "BRAM", "CEM", "BEP", "JAN", "KEES"} {
		if s == string(id(n)) {
			return strings.ToUpper(n[:1]) + strings.ToLower(n[1:])
		}
	}
	return s
}

// must stops a test helper on an error: the helpers build fixed, valid
// fixtures, so an error here is a bug in the test.
func must(err error) {
	if err != nil {
		panic(err)
	}
}

func newTeam() *team.Team {
	tm, err := team.NewTeam(team.NewTeamParams{
		ID: id("TEAM"), Name: "Buurtteam Zuid", Neighbourhood: team.Neighbourhood{Area: "Zuid"},
		Founded: wijk.NewDate(2026, time.January, 5),
		Members: []team.MemberParams{
			{Person: anne, Name: "Anne", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: bram, Name: "Bram", Level: team.Level4, ContractPerWeek: 24 * time.Hour},
			{Person: cem, Name: "Cem", Level: team.Level3, ContractPerWeek: 28 * time.Hour},
		},
		Now: time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC),
	})
	must(err)
	return tm
}

// carePlan returns an active plan for client: one intervention a day per
// window, of the given minutes and level.
func carePlan(client wijk.ID, minutes int, level team.Level, windows ...careplan.Window) *careplan.CarePlan {
	p, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: id("P" + string(client[len(client)-3:])), Client: client,
		Start: wijk.NewDate(2026, time.February, 2), CreatedBy: anne})
	must(err)
	must(p.AddProblem(careplan.Problem{Code: "Skin", Scope: omaha.Individual, Severity: omaha.Potential, Goal: "skin intact"}))
	must(p.AddIntervention(careplan.Intervention{
		ID: id("V" + string(client[len(client)-3:])), Problem: "24", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care", Description: "dress the wound",
		Schedule: careplan.Schedule{Times: len(windows), Per: careplan.PerDay, Minutes: minutes, Windows: windows},
		Level:    level,
	}))
	must(p.Rate(careplan.Rating{Problem: "24", Kind: careplan.Admission, Date: p.Start(), By: anne,
		KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 3}}))
	must(p.Authorise(careplan.AuthoriseParams{By: team.Actor{Member: anne, Level: team.Level5},
		At: time.Date(2026, 2, 2, 12, 0, 0, 0, time.UTC), MinutesPerWeek: 7 * minutes * len(windows), ReviewDate: wijk.NewDate(2026, time.May, 1)}))
	return p
}

func demand(day, earliest, latest, minutes int, level team.Level) careplan.Visit {
	return careplan.Visit{Client: id("BEP"), Plan: id("PBEP"), Date: monday.AddDays(day),
		EarliestStart: earliest, LatestStart: latest, Minutes: minutes, Level: level}
}

func TestCover(t *testing.T) {
	base := func(d int, shift string, req int) roster.CoverParams {
		return roster.CoverParams{Day: d, Shift: shift, Required: req, UnderWeight: 100, OverWeight: 5}
	}
	lvl := func(d int, shift string, l team.Level, req int) roster.CoverParams {
		return roster.CoverParams{Day: d, Shift: shift, Level: l, Required: req, UnderWeight: 100}
	}
	tests := []struct {
		name   string
		per    int
		demand []careplan.Visit
		want   []roster.CoverParams
	}{
		{"no care still one nurse a shift", 0, nil,
			[]roster.CoverParams{base(0, "early", 1), base(0, "late", 1)}},
		{"minutes to nurses, rounded up", 0, []careplan.Visit{
			demand(0, 8*60, 9*60, 90, team.Level3), demand(0, 9*60, 10*60, 90, team.Level3), // 180 min early
			demand(0, 17*60, 18*60, 150, team.Level3), // exactly one nurse late
		}, []roster.CoverParams{base(0, "early", 2), base(0, "late", 1)}},
		{"minutes per nurse as a parameter", 60, []careplan.Visit{
			demand(0, 8*60, 9*60, 130, team.Level3),
		}, []roster.CoverParams{base(0, "early", 3), base(0, "late", 1)}},
		{"a level-5 visit asks a level-4 and a level-5 nurse", 0, []careplan.Visit{
			demand(0, 8*60, 9*60, 30, team.Level4), demand(0, 9*60, 10*60, 20, team.Level5),
		}, []roster.CoverParams{base(0, "early", 1), lvl(0, "early", team.Level4, 1), lvl(0, "early", team.Level5, 1), base(0, "late", 1)}},
		{"level minutes count per level", 0, []careplan.Visit{
			demand(0, 17*60, 18*60, 100, team.Level4), demand(0, 18*60, 19*60, 100, team.Level4), demand(0, 19*60, 20*60, 100, team.Level3),
		}, []roster.CoverParams{base(0, "early", 1), base(0, "late", 2), lvl(0, "late", team.Level4, 2)}},
		{"a visit between shifts goes to the next one", 0, []careplan.Visit{
			demand(0, 14*60, 15*60, 30, team.Level4),
		}, []roster.CoverParams{base(0, "early", 1), base(0, "late", 1), lvl(0, "late", team.Level4, 1)}},
		{"a window reaching into the early shift stays early", 0, []careplan.Visit{
			demand(0, 12*60, 17*60, 30, team.Level4),
		}, []roster.CoverParams{base(0, "early", 1), lvl(0, "early", team.Level4, 1), base(0, "late", 1)}},
		{"a visit before the first shift goes to it", 0, []careplan.Visit{
			demand(0, 6*60, 6*60+30, 30, team.Level4),
		}, []roster.CoverParams{base(0, "early", 1), lvl(0, "early", team.Level4, 1), base(0, "late", 1)}},
		{"a visit after the last shift goes to it", 0, []careplan.Visit{
			demand(0, 23*60, 23*60+30, 30, team.Level4),
		}, []roster.CoverParams{base(0, "early", 1), base(0, "late", 1), lvl(0, "late", team.Level4, 1)}},
		{"visits outside the period are left out", 0, []careplan.Visit{
			demand(-1, 8*60, 9*60, 300, team.Level5), demand(1, 8*60, 9*60, 300, team.Level5),
		}, []roster.CoverParams{base(0, "early", 1), base(0, "late", 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := planning.Cover(planning.CoverParams{Start: monday, Days: 1, Shifts: planning.DefaultShifts(),
				Demand: tt.demand, CareMinutesPerNurse: tt.per})
			require.NoError(t, err)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("cover (-want +got):\n%s", d)
			}
		})
	}
}

func TestCoverRefusesBadInput(t *testing.T) {
	tests := []struct {
		name  string
		p     planning.CoverParams
		field string
	}{
		{"no start", planning.CoverParams{Days: 1, Shifts: planning.DefaultShifts()}, "start"},
		{"no days", planning.CoverParams{Start: monday, Shifts: planning.DefaultShifts()}, "days"},
		{"no shifts", planning.CoverParams{Start: monday, Days: 1}, "shifts"},
		{"negative minutes per nurse", planning.CoverParams{Start: monday, Days: 1, Shifts: planning.DefaultShifts(), CareMinutesPerNurse: -1}, "careMinutesPerNurse"},
		{"negative care", planning.CoverParams{Start: monday, Days: 1, Shifts: planning.DefaultShifts(),
			Demand: []careplan.Visit{demand(0, 60, 60, -5, team.Level3)}}, "demand[0].minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := planning.Cover(tt.p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Contains(t, err.Error(), tt.field)
		})
	}
}

func TestContractFor(t *testing.T) {
	tests := []struct {
		perWeek       time.Duration
		days, shift   int
		wantMax, want int // MaxMinutes, MinMinutes
	}{
		{32 * time.Hour, 7, 360, 2160, 1440},  // share 1920: 5.3 shifts
		{24 * time.Hour, 14, 360, 2880, 2520}, // share 2880: exactly 8 shifts
		{28 * time.Hour, 7, 480, 1920, 960},   // share 1680: 3.5 shifts of 8 h
		{8 * time.Hour, 3, 360, 360, 0},       // share 205: less than a shift
		{32 * time.Hour, 0, 360, 360, 0},      // no available day
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v over %d days", tt.perWeek, tt.days), func(t *testing.T) {
			want := roster.Contract{MaxMinutes: tt.wantMax, MinMinutes: tt.want, MaxConsecutive: planning.DefaultMaxConsecutive, MaxWeekends: roster.NoLimit}
			if d := cmp.Diff(want, planning.ContractFor(tt.perWeek, tt.days, tt.shift)); d != "" {
				t.Errorf("contract (-want +got):\n%s", d)
			}
		})
	}
}

func TestRosterProblem(t *testing.T) {
	tm := newTeam()
	plans := []*careplan.CarePlan{
		carePlan(id("BEP"), 30, team.Level4, careplan.Window{Earliest: 8 * 60, Latest: 9 * 60}),
		carePlan(id("JAN"), 20, team.Level3, careplan.Window{Earliest: 8 * 60, Latest: 10 * 60}, careplan.Window{Earliest: 18 * 60, Latest: 19 * 60}),
	}
	setup, err := planning.RosterProblem(planning.RosterProblemParams{
		Team: tm, Start: monday, Days: 7, Plans: plans,
		Absences: []planning.Absence{{Member: bram, From: monday.AddDays(-3), To: monday.AddDays(1)}}, // leave into the period
		Wishes:   []planning.Wish{{Member: cem, Date: monday.AddDays(2), Weight: 10}},
	})
	require.NoError(t, err)
	require.Equal(t, []wijk.ID{anne, bram, cem}, setup.Members)
	require.Equal(t, monday.AddDays(3), setup.Date(3))
	d, err := setup.Day(monday.AddDays(6))
	require.NoError(t, err)
	require.Equal(t, 6, d)
	_, err = setup.Day(monday.AddDays(7))
	require.ErrorIs(t, err, wijk.ErrInvalid)

	p := setup.Problem.Params()
	require.Equal(t, time.Monday, p.FirstWeekday)
	require.Equal(t, planning.DefaultMinRestMinutes, p.MinRestMinutes)
	require.True(t, setup.Problem.CannotFollow("late", "early"), "no early shift after a late one")

	// Bram is away on days 0 and 1: those are hard days off, and his
	// contract counts the five days he is there.
	wantEmployees := []roster.EmployeeParams{
		{ID: string(anne), Level: team.Level5, Contract: planning.ContractFor(32*time.Hour, 7, 360)},
		{ID: string(bram), Level: team.Level4, Contract: planning.ContractFor(24*time.Hour, 5, 360), DaysOff: []int{0, 1}},
		{ID: string(cem), Level: team.Level3, Contract: planning.ContractFor(28*time.Hour, 7, 360)},
	}
	if d := cmp.Diff(wantEmployees, p.Employees); d != "" {
		t.Errorf("employees (-want +got):\n%s", d)
	}
	require.Equal(t, []roster.RequestParams{{Employee: string(cem), Day: 2, Weight: 10}}, p.OffRequests)

	// Every day: 50 minutes of care early with a level-4 visit, 20 late.
	for day := range 7 {
		want := []roster.CoverParams{
			{Day: day, Shift: "early", Required: 1, UnderWeight: 100, OverWeight: 5},
			{Day: day, Shift: "early", Level: team.Level4, Required: 1, UnderWeight: 100},
			{Day: day, Shift: "late", Required: 1, UnderWeight: 100, OverWeight: 5},
		}
		if d := cmp.Diff(want, p.Cover[3*day:3*day+3]); d != "" {
			t.Errorf("day %d cover (-want +got):\n%s", day, d)
		}
	}
	require.Len(t, p.Cover, 21)
}

func TestRosterProblemRefusesBadInput(t *testing.T) {
	tm := newTeam()
	ok := planning.RosterProblemParams{Team: tm, Start: monday, Days: 7}
	tests := []struct {
		name  string
		edit  func(*planning.RosterProblemParams)
		field string
	}{
		{"no team", func(p *planning.RosterProblemParams) { p.Team = nil }, "team"},
		{"no start", func(p *planning.RosterProblemParams) { p.Start = wijk.Date{} }, "start"},
		{"no days", func(p *planning.RosterProblemParams) { p.Days = 0 }, "days"},
		{"period before the team", func(p *planning.RosterProblemParams) { p.Start = wijk.NewDate(2025, time.January, 1) }, "team"},
		{"empty shift list", func(p *planning.RosterProblemParams) { p.Shifts = []roster.ShiftTypeParams{} }, "shifts"},
		{"absence of a stranger", func(p *planning.RosterProblemParams) {
			p.Absences = []planning.Absence{{Member: id("X"), From: monday, To: monday}}
		}, "absences[0].member"},
		{"absence ending before it starts", func(p *planning.RosterProblemParams) {
			p.Absences = []planning.Absence{{Member: anne, From: monday.AddDays(2), To: monday}}
		}, "absences[0].to"},
		{"wish outside the period", func(p *planning.RosterProblemParams) {
			p.Wishes = []planning.Wish{{Member: anne, Date: monday.AddDays(9), Weight: 1}}
		}, "wishes[0].date"},
		{"wish without weight", func(p *planning.RosterProblemParams) {
			p.Wishes = []planning.Wish{{Member: anne, Date: monday, Weight: 0}}
		}, "offRequests[0].weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			_, err := planning.RosterProblem(p)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Contains(t, err.Error(), tt.field)
		})
	}
}

// rosterOf builds a roster of setup from rows of marks, one row per
// member in setup order: E early, L late, - off.
func rosterOf(t testing.TB, pr *roster.Problem, rows ...string) *roster.Roster {
	t.Helper()
	r, err := roster.NewRoster(pr)
	require.NoError(t, err)
	for e, id := range pr.EmployeeIDs() {
		for d, c := range rows[e] {
			sh := map[rune]string{'E': "early", 'L': "late", '-': ""}[c]
			require.NoError(t, r.Set(id, d, sh))
		}
	}
	return r
}

func TestDayProblem(t *testing.T) {
	tm := newTeam()
	plans := []*careplan.CarePlan{
		carePlan(id("BEP"), 30, team.Level4, careplan.Window{Earliest: 8 * 60, Latest: 9 * 60}),
		carePlan(id("JAN"), 20, team.Level3, careplan.Window{Earliest: 17 * 60, Latest: 19 * 60}),
	}
	setup, err := planning.RosterProblem(planning.RosterProblemParams{Team: tm, Start: monday, Days: 3, Plans: plans})
	require.NoError(t, err)
	r := rosterOf(t, setup.Problem, "EE-", "L-E", "-LL")
	pr, shifts, err := planning.DayProblem(planning.DayParams{
		Setup: setup, Roster: r, Date: monday, Plans: plans, Office: "office",
		Locations: []visit.LocationParams{{ID: "office"}, {ID: "bep", X: 3}, {ID: "jan", Y: 4}},
		Speed:     0.25, Addresses: map[wijk.ID]string{id("BEP"): "bep", id("JAN"): "jan"},
		Known: map[wijk.ID][]wijk.ID{id("BEP"): {anne, cem}},
	})
	require.NoError(t, err)
	want := []visit.Shift{
		{Member: anne, Level: team.Level5, Start: 7 * 60, End: 13 * 60, From: "office"},
		{Member: bram, Level: team.Level4, Start: 16 * 60, End: 22 * 60, From: "office"},
	}
	require.Equal(t, want, shifts)
	var visits []string
	for _, v := range pr.Visits() {
		visits = append(visits, fmt.Sprintf("%s at %s %v-%v %v min %s", v.ID, v.Location, v.Open, v.Close, v.Duration, v.Level))
	}
	require.Equal(t, []string{
		string(id("BEP")) + "/1 at bep 480-540 30 min level 4",
		string(id("JAN")) + "/1 at jan 1020-1140 20 min level 3",
	}, visits)
	// Cem is not on duty: only Anne counts as known.
	require.Equal(t, []visit.ClientParams{{ID: string(id("BEP")), Known: []string{string(anne)}}}, pr.Params().Clients)
	tt, ok := pr.TravelTime("office", "jan")
	require.True(t, ok)
	require.InDelta(t, 16.0, tt, 1e-9)

	_, _, err = planning.DayProblem(planning.DayParams{Setup: setup, Roster: r, Date: monday.AddDays(3), Office: "office"})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Contains(t, err.Error(), "date")
	_, _, err = planning.DayProblem(planning.DayParams{Setup: setup, Date: monday, Office: "office"})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	other, err := planning.RosterProblem(planning.RosterProblemParams{Team: tm, Start: monday, Days: 3})
	require.NoError(t, err)
	_, _, err = planning.DayProblem(planning.DayParams{Setup: other, Roster: r, Date: monday, Office: "office"})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Contains(t, err.Error(), "roster")
}

func TestNilInputDoesNotPanic(t *testing.T) {
	_, err := planning.RosterProblem(planning.RosterProblemParams{})
	require.True(t, errors.Is(err, wijk.ErrInvalid))
	_, _, err = planning.DayProblem(planning.DayParams{})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = planning.Hours(planning.HoursParams{})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, _, err = planning.DayReplanProblem(planning.DayReplanParams{})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, _, err = planning.RosterReplanProblem(planning.RosterReplanParams{})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = planning.DiffRoster(nil, nil, wijk.Date{})
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Equal(t, "no changes\n", planning.DiffDay(visit.Evaluation{}, visit.Evaluation{}, 0).String())
}

// A team of three plans a week: the roster problem comes from the care
// plans and the contracts, with Bram on leave on Monday and Tuesday.
func ExampleRosterProblem() {
	tm := newTeam()
	plans := []*careplan.CarePlan{
		carePlan(id("BEP"), 45, team.Level4, careplan.Window{Earliest: 8 * 60, Latest: 9 * 60}),
		carePlan(id("JAN"), 60, team.Level3, careplan.Window{Earliest: 8 * 60, Latest: 10 * 60}, careplan.Window{Earliest: 18 * 60, Latest: 19 * 60}),
		carePlan(id("KEES"), 90, team.Level3, careplan.Window{Earliest: 9 * 60, Latest: 11 * 60}),
	}
	setup, err := planning.RosterProblem(planning.RosterProblemParams{
		Team: tm, Start: monday, Days: 7, Plans: plans,
		Absences: []planning.Absence{{Member: bram, From: monday, To: monday.AddDays(1)}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := setup.Problem.Params()
	for i, e := range p.Employees {
		fmt.Printf("%-4s level %d: %d–%d h, days off %v\n", names(string(setup.Members[i])), e.Level,
			e.Contract.MinMinutes/60, e.Contract.MaxMinutes/60, e.DaysOff)
	}
	for _, c := range p.Cover {
		if c.Day == 0 {
			level := "anyone"
			if c.Level != 0 {
				level = c.Level.String() + "+"
			}
			fmt.Printf("%s %s: %d × %s\n", setup.Date(c.Day).Weekday(), c.Shift, c.Required, level)
		}
	}
	// Output:
	// Anne level 5: 24–36 h, days off []
	// Bram level 4: 6–18 h, days off [0 1]
	// Cem  level 3: 18–30 h, days off []
	// Monday early: 2 × anyone
	// Monday early: 1 × level 4+
	// Monday late: 1 × anyone
}
