package team_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func TestHoursRecordValidate(t *testing.T) {
	h := time.Hour
	ok := team.HoursRecord{Person: anneID, Day: day("2025-03-03"), Worked: 8 * h, ClientFacing: 5 * h, Travel: 2 * h}
	tests := []struct {
		name  string
		edit  func(*team.HoursRecord)
		field string
	}{
		{"no person", func(r *team.HoursRecord) { r.Person = "" }, "hours.person"},
		{"no day", func(r *team.HoursRecord) { r.Day = wijk.Date{} }, "hours.day"},
		{"negative worked", func(r *team.HoursRecord) { r.Worked = -h }, "hours.worked"},
		{"negative travel", func(r *team.HoursRecord) { r.Travel = -h }, "hours.travel"},
		{"negative sick", func(r *team.HoursRecord) { r.Sick = -time.Minute }, "hours.sick"},
		{"part over a day", func(r *team.HoursRecord) { r.Leave = 25 * h }, "hours.leave"},
		{"seconds", func(r *team.HoursRecord) { r.Training = 30 * time.Second }, "hours.training"},
		{"client-facing over worked", func(r *team.HoursRecord) { r.ClientFacing = 7 * h }, "hours.worked"},
		{"day over 24h", func(r *team.HoursRecord) { r.Sick = 8 * h; r.Leave = 8 * h; r.Training = 1 * h }, "hours"},
	}
	require.NoError(t, ok.Validate("hours"))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			requireField(t, r.Validate("hours"), tc.field)
		})
	}
	full := team.HoursRecord{Person: anneID, Day: day("2025-03-03"), Worked: 16 * h, Sick: 8 * h}
	require.NoError(t, full.Validate("hours"), "exactly 24h adds up")
	require.NoError(t, team.HoursRecord{Person: anneID, Day: day("2025-03-03")}.Validate("hours"), "a day off")
	require.Equal(t, 8*h, team.HoursRecord{Sick: 2 * h, Leave: 5 * h, Training: h}.Absent())
}

func TestCheckHours(t *testing.T) {
	tm := newTeam(t)
	r := team.HoursRecord{Person: anneID, Day: day("2025-03-03"), Worked: 8 * time.Hour, ClientFacing: 5 * time.Hour}
	require.NoError(t, tm.CheckHours(r))
	require.NoError(t, tm.CheckHours(team.HoursRecord{Person: bramID, Day: day("2025-01-01")}), "a founder on the first day")
	requireKind(t, tm.CheckHours(team.HoursRecord{Person: dianaID, Day: day("2025-03-03")}), wijk.ErrNotFound)
	requireKind(t, tm.CheckHours(team.HoursRecord{Person: anneID, Day: day("2024-12-31")}), wijk.ErrNotFound)
	requireField(t, tm.CheckHours(team.HoursRecord{Person: anneID, Day: day("2025-03-04"), Worked: -1}), "hours.worked")
	require.NoError(t, tm.Leave("d1", cemID, day("2025-03-31"), t0))
	require.NoError(t, tm.CheckHours(team.HoursRecord{Person: cemID, Day: day("2025-03-31")}), "the last day still counts")
	requireKind(t, tm.CheckHours(team.HoursRecord{Person: cemID, Day: day("2025-04-01")}), wijk.ErrNotFound)
}

func TestCompareHours(t *testing.T) {
	a := team.HoursRecord{Person: bramID, Day: day("2025-03-02")}
	b := team.HoursRecord{Person: anneID, Day: day("2025-03-03")}
	c := team.HoursRecord{Person: bramID, Day: day("2025-03-03")}
	got := []team.HoursRecord{c, b, a}
	slices.SortFunc(got, team.CompareHours)
	diff(t, []team.HoursRecord{a, b, c}, got)
	require.Zero(t, team.CompareHours(c, team.HoursRecord{Person: bramID, Day: day("2025-03-03"), Worked: time.Hour}), "the key is member and day")
}

// figuresTeam has three founders (84 contracted hours a week), a member
// who came and left in February, and a few days of hours in March 2025
// (and one in April), which it returns beside the team.
func figuresTeam(t *testing.T) (*team.Team, []team.HoursRecord) {
	h := time.Hour
	tm := newTeam(t)
	require.NoError(t, tm.Hire("d1", day("2025-02-01"), team.MemberParams{Person: dianaID, Name: "Diana", Level: team.Level4, ContractPerWeek: 14 * h}))
	require.NoError(t, tm.Leave("d2", dianaID, day("2025-02-28"), t0))
	hours := []team.HoursRecord{
		{Person: anneID, Day: day("2025-03-03"), Worked: 8 * h, ClientFacing: 5 * h, Travel: h},
		{Person: bramID, Day: day("2025-03-03"), Worked: 6 * h, ClientFacing: 4 * h, Travel: h},
		{Person: cemID, Day: day("2025-03-04"), Sick: 8 * h},
		{Person: bramID, Day: day("2025-03-05"), Leave: 6 * h, Training: 2 * h},
		{Person: anneID, Day: day("2025-04-01"), Worked: 8 * h, ClientFacing: 8 * h},
	}
	for _, r := range hours {
		require.NoError(t, tm.CheckHours(r))
	}
	return tm, hours
}

func TestMonthFigures(t *testing.T) {
	h := time.Hour
	tm, hours := figuresTeam(t)
	f, err := tm.MonthFigures(hours, 2025, time.March)
	require.NoError(t, err)
	diff(t, team.MonthFigures{
		Team: teamID, TeamName: "Wijkteam Noord", Year: 2025, Month: time.March,
		Worked: 14 * h, ClientFacing: 9 * h, Travel: 2 * h, Sick: 8 * h, Leave: 6 * h, Training: 2 * h,
		Contracted:   372 * h, // 84 h a week × 31 days ÷ 7
		Headcount:    3,
		Productivity: team.Ratio{Num: 9, Den: 14},
		Absenteeism:  team.Ratio{Num: 8, Den: 372},
		// Founded in January: month-end headcounts 3, 4, 3; one leaver.
		Turnover: team.Ratio{Num: 1, Den: 10.0 / 3},
	}, f)
	require.Equal(t, "64.3%", f.Productivity.String())
	require.InDelta(t, 0.3, f.Turnover.Value(), 1e-12)

	feb, err := tm.MonthFigures(hours, 2025, time.February)
	require.NoError(t, err)
	// Diana's 14 h a week for 28 days adds 56 h to the founders' 336 h.
	require.Equal(t, 392*h, feb.Contracted)
	require.Equal(t, 4, feb.Headcount)
	require.False(t, feb.Productivity.Defined())
	require.Equal(t, "n/a", feb.Productivity.String())

	before, err := tm.MonthFigures(hours, 2024, time.June)
	require.NoError(t, err)
	require.False(t, before.Turnover.Defined())
	require.Zero(t, before.Contracted)

	_, err = tm.MonthFigures(hours, 2025, 13)
	requireField(t, err, "month")
	_, err = tm.MonthFigures(hours, 0, time.March)
	requireField(t, err, "year")
}

// Hours records live outside the team, so the figures check the records
// they are given: each valid, for a member on the day, once per member
// and day. Records of other months are not looked at.
func TestMonthFiguresRejectsBadHours(t *testing.T) {
	tests := []struct {
		name  string
		edit  func([]team.HoursRecord) []team.HoursRecord
		field string
	}{
		{"hours of a stranger", func(hs []team.HoursRecord) []team.HoursRecord { hs[0].Person = dianaID; return hs }, "hours[0].person"},
		{"hours twice for a member and day", func(hs []team.HoursRecord) []team.HoursRecord { return append(hs, hs[1]) }, "hours[5]"},
		{"hours over a day", func(hs []team.HoursRecord) []team.HoursRecord { hs[0].Sick = 20 * time.Hour; return hs }, "hours[0]"},
		{"malformed person", func(hs []team.HoursRecord) []team.HoursRecord { hs[2].Person = "x"; return hs }, "hours[2].person"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tm, hours := figuresTeam(t)
			_, err := tm.MonthFigures(tc.edit(hours), 2025, time.March)
			requireField(t, err, tc.field)
		})
	}
	tm, hours := figuresTeam(t)
	hours[4].Person = dianaID // April: not part of March's figures
	_, err := tm.MonthFigures(hours, 2025, time.March)
	require.NoError(t, err)
	shuffled := []team.HoursRecord{hours[3], hours[0], hours[2], hours[1]}
	a, err := tm.MonthFigures(hours, 2025, time.March)
	require.NoError(t, err)
	b, err := tm.MonthFigures(shuffled, 2025, time.March)
	require.NoError(t, err)
	diff(t, a, b)
}

func TestTurnoverIgnoresSplitMoves(t *testing.T) {
	tm := splitTeam(t, 8, 0)
	p, err := tm.ProposeSplit(team.SplitInput{})
	require.NoError(t, err)
	_, err = tm.ApplySplit(p, team.ApplySplitParams{Decision: "s1", On: day("2025-06-01"), NewTeamID: team2ID, NewTeamName: "Zuid", NewArea: "Zuid", Now: t0})
	require.NoError(t, err)
	f, err := tm.MonthFigures(nil, 2025, time.June)
	require.NoError(t, err)
	require.Zero(t, f.Turnover.Num)
}

func TestCompare(t *testing.T) {
	fig := func(id wijk.ID, name string, cf, worked float64) team.MonthFigures {
		return team.MonthFigures{Team: id, TeamName: name, Year: 2025, Month: time.March, Productivity: team.Ratio{Num: cf, Den: worked}}
	}
	figs := []team.MonthFigures{
		fig(idPool[20], "Oost", 50, 100),
		fig(idPool[21], "West", 0, 0),
		fig(idPool[22], "Noord", 63, 100),
		fig(idPool[23], "Zuid", 70, 100),
		fig(idPool[24], "Centrum", 126, 200),
		fig(idPool[25], "Haven", 60, 100),
	}
	rows, err := team.Compare(figs, team.DefaultProductivityBand)
	require.NoError(t, err)
	type line struct {
		Rank int
		Name string
		Band team.BandPosition
	}
	var got []line
	for _, r := range rows {
		got = append(got, line{r.Rank, r.Figures.TeamName, r.Band})
	}
	diff(t, []line{
		{1, "Zuid", team.AboveBand},
		{2, "Centrum", team.InBand},
		{2, "Noord", team.InBand},
		{4, "Haven", team.InBand},
		{5, "Oost", team.BelowBand},
		{6, "West", team.NoData},
	}, got)

	_, err = team.Compare(figs, team.Band{Low: 0.7, High: 0.6})
	requireField(t, err, "band")
	dup := append(figs, figs[0])
	_, err = team.Compare(dup, team.DefaultProductivityBand)
	requireField(t, err, "figures[6].team")
	other := fig(idPool[26], "Later", 1, 2)
	other.Month = time.April
	_, err = team.Compare(append(figs, other), team.DefaultProductivityBand)
	requireField(t, err, "figures[6]")
}

func TestCompareTeams(t *testing.T) {
	a, aHours := figuresTeam(t)
	p := foundParams()
	p.ID, p.Name = team2ID, "Wijkteam Zuid"
	b, err := team.NewTeam(p)
	require.NoError(t, err)
	bHours := []team.HoursRecord{{Person: anneID, Day: day("2025-03-10"), Worked: 8 * time.Hour, ClientFacing: 4 * time.Hour}}
	require.NoError(t, b.CheckHours(bHours[0]))
	require.Error(t, team.CheckOneTeamAtATime(a, b), "the test teams share founders")
	hours := map[wijk.ID][]team.HoursRecord{teamID: aHours, team2ID: bHours}
	rows, err := team.CompareTeams([]*team.Team{b, a}, hours, 2025, time.March, team.DefaultProductivityBand)
	require.NoError(t, err)
	require.Equal(t, "Wijkteam Noord", rows[0].Figures.TeamName)
	require.Equal(t, team.InBand, rows[0].Band)
	require.Equal(t, "Wijkteam Zuid", rows[1].Figures.TeamName)
	require.Equal(t, team.BelowBand, rows[1].Band)
	_, err = team.CompareTeams([]*team.Team{nil}, hours, 2025, time.March, team.DefaultProductivityBand)
	requireKind(t, err, wijk.ErrInvalid)
	bHours[0].Person = dianaID
	_, err = team.CompareTeams([]*team.Team{a, b}, hours, 2025, time.March, team.DefaultProductivityBand)
	requireField(t, err, "teams[1].hours[0].person")
	rows, err = team.CompareTeams([]*team.Team{a, b}, nil, 2025, time.March, team.DefaultProductivityBand)
	require.NoError(t, err, "no hours is no data, not an error")
	require.Equal(t, team.NoData, rows[0].Band)
}
