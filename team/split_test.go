package team_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// splitTeam founds a team of n members: every fourth one (from the first)
// a district nurse, contracts of 24 to 36 hours.
func splitTeam(t testing.TB, n, _ int) *team.Team {
	t.Helper()
	levels := []team.Level{team.Level5, team.Level4, team.Level4, team.Level3}
	var ms []team.MemberParams
	for i := range n {
		ms = append(ms, team.MemberParams{
			Person: person(i), Name: fmt.Sprintf("Nurse %02d", i), Level: levels[i%4],
			ContractPerWeek: time.Duration(24+4*(i%4)) * time.Hour,
		})
	}
	p := foundParams()
	p.Members, p.Roles = ms, nil
	p.Neighbourhood = team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"1011", "1012", "2011", "2012"}}
	tm, err := team.NewTeam(p)
	require.NoError(t, err)
	return tm
}

func client(i int) wijk.ID { return idPool[200+i] }

// twoClusters: clients 0–9 live in 1011/1012 and are visited by members
// 0–3; clients 10–19 live in 2011/2012 and are visited by members 4–7.
func twoClusters() team.SplitInput {
	var in team.SplitInput
	for c := range 20 {
		pc := []team.Postcode{"1011 AA", "1012 BB", "2011 CC", "2012 DD"}[c/5]
		in.Clients = append(in.Clients, team.ClientLocation{Client: client(c), Postcode: pc})
		base := 0
		if c >= 10 {
			base = 4
		}
		in.Visits = append(in.Visits,
			team.VisitCount{Client: client(c), Member: person(base + c%4), Visits: 6},
			team.VisitCount{Client: client(c), Member: person(base + (c+1)%4), Visits: 2})
	}
	return in
}

func TestProposeSplitKeepsClustersTogether(t *testing.T) {
	tm := splitTeam(t, 8, 20)
	p, err := tm.ProposeSplit(twoClusters())
	require.NoError(t, err)
	require.Equal(t, 1.0, p.Continuity.Value())
	require.Equal(t, []wijk.ID{person(0), person(1), person(2), person(3)}, p.Sides[0].Members)
	require.Equal(t, []wijk.ID{person(4), person(5), person(6), person(7)}, p.Sides[1].Members)
	diff(t, []team.Postcode{"1011", "1012"}, p.Sides[0].Areas)
	diff(t, []team.Postcode{"2011", "2012"}, p.Sides[1].Areas)
	require.Equal(t, team.LevelMix{Level3: 1, Level4: 2, Level5: 1}, p.Sides[0].Levels)
	require.Equal(t, p.Sides[0].ContractPerWeek, p.Sides[1].ContractPerWeek)
	require.Len(t, p.Sides[0].Clients, 10)
	require.Len(t, p.Clients, 20)
	require.Len(t, p.Members, 8)
	require.Equal(t, "A", p.Sides[0].Label)
	require.Contains(t, p.Members[0].Reason, "22 of 22 visits (100.0%) are to clients who go to team A")
	require.Contains(t, p.Members[0].Reason, "the district nurse of team A")
	require.Contains(t, p.Clients[0].Reason, "area 1011 goes to team A; 8 of 8 visits (100.0%)")
	require.Contains(t, p.Notes[0], "within its size and caseload norms")
	text := p.Explain()
	require.Contains(t, text, "continuity kept 100.0% of visits")
	require.Contains(t, text, "member Nurse 04 → team B")
}

func TestProposeSplitIsDeterministic(t *testing.T) {
	tm := splitTeam(t, 24, 120)
	in := benchInput(24, 120)
	want, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := team.SplitInput{Clients: append([]team.ClientLocation(nil), in.Clients...), Visits: append([]team.VisitCount(nil), in.Visits...)}
		r.Shuffle(len(shuffled.Clients), func(i, j int) { shuffled.Clients[i], shuffled.Clients[j] = shuffled.Clients[j], shuffled.Clients[i] })
		r.Shuffle(len(shuffled.Visits), func(i, j int) { shuffled.Visits[i], shuffled.Visits[j] = shuffled.Visits[j], shuffled.Visits[i] })
		got, err := tm.ProposeSplit(shuffled)
		require.NoError(t, err)
		diff(t, want, got)
	}
}

func TestProposeSplitBalance(t *testing.T) {
	tm := splitTeam(t, 24, 120)
	p, err := tm.ProposeSplit(benchInput(24, 120))
	require.NoError(t, err)
	for _, s := range p.Sides {
		require.GreaterOrEqual(t, s.Levels.Level5, 1, "each side gets a district nurse")
		require.InDelta(t, 12, len(s.Members), 3)
		require.Len(t, s.Members, 12, "both sides stay within the size norm of 12")
	}
	a, b := p.Sides[0].ContractPerWeek.Hours(), p.Sides[1].ContractPerWeek.Hours()
	require.Less(t, abs(a-b)/(a+b), 0.15, "hours %v vs %v", a, b)
	require.Greater(t, p.Continuity.Value(), 0.75, "continuity %v", p.Continuity)
	require.Equal(t, p.Continuity.Num, p.Sides[0].Continuity.Num+p.Sides[1].Continuity.Num)
	require.Equal(t, p.Continuity.Den, p.Sides[0].Continuity.Den+p.Sides[1].Continuity.Den)
	require.Contains(t, p.Notes[0], "24 members, more than the size norm of 12 and 120 clients")
	// Every area stays whole: no area on both sides.
	side := map[team.Postcode]int{}
	for _, c := range p.Clients {
		if s, ok := side[c.Area]; ok {
			require.Equal(t, s, c.Side, "area %s split", c.Area)
		}
		side[c.Area] = c.Side
		require.Equal(t, c.Postcode.Area(), c.Area)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestProposeSplitSpreadsDistrictNurses(t *testing.T) {
	// Both district nurses work in cluster A; continuity alone would keep
	// them together, the level rule sends one to team B.
	tm := splitTeam(t, 8, 20)
	require.NoError(t, tm.ChangeLevel(person(4), team.Level4))
	require.NoError(t, tm.ChangeLevel(person(1), team.Level5))
	p, err := tm.ProposeSplit(twoClusters())
	require.NoError(t, err)
	require.Equal(t, 1, p.Sides[0].Levels.Level5)
	require.Equal(t, 1, p.Sides[1].Levels.Level5)
	require.Less(t, p.Continuity.Value(), 1.0)
	// The district nurse who moves is told why.
	var moved []team.MemberPlacement
	for _, m := range p.Members {
		if 2*m.VisitsKept < m.VisitsTotal {
			moved = append(moved, m)
		}
	}
	require.Len(t, moved, 1)
	require.Equal(t, team.Level5, moved[0].Level)
	require.Regexp(t, `^placed in team B so that team B has a level-5 district nurse, though only 0 of \d+ visits \(0\.0%\) are to its clients$`, moved[0].Reason)
}

func TestProposeSplitOneArea(t *testing.T) {
	tm := splitTeam(t, 4, 0)
	in := team.SplitInput{Clients: []team.ClientLocation{
		{Client: client(0), Postcode: "1011 AA"}, {Client: client(1), Postcode: "1011 AB"},
	}}
	p, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	require.Len(t, p.Sides[0].Areas, 1)
	require.Len(t, p.Sides[1].Areas, 1)
	require.Contains(t, strings.Join(p.Notes, "\n"), "divides it by full postcode")
	require.False(t, p.Continuity.Defined())
}

func TestProposeSplitRejects(t *testing.T) {
	tm := splitTeam(t, 8, 20)
	tests := []struct {
		name  string
		edit  func(*team.SplitInput)
		field string
	}{
		{"bad client id", func(in *team.SplitInput) { in.Clients[3].Client = "x" }, "clients[3].client"},
		{"bad postcode", func(in *team.SplitInput) { in.Clients[3].Postcode = "AB12" }, "clients[3].postcode"},
		{"client twice", func(in *team.SplitInput) { in.Clients[3].Client = in.Clients[2].Client }, "clients"},
		{"unknown client", func(in *team.SplitInput) { in.Visits[0].Client = idPool[399] }, "visits[0].client"},
		{"not a member", func(in *team.SplitInput) { in.Visits[0].Member = dianaID }, "visits[0].member"},
		{"negative visits", func(in *team.SplitInput) { in.Visits[0].Visits = -1 }, "visits[0].visits"},
		{"pair twice", func(in *team.SplitInput) { in.Visits = append(in.Visits, in.Visits[0]) }, "visits[40]"},
		{"negative balance weight", func(in *team.SplitInput) { in.BalanceWeight = -1 }, "balanceWeight"},
		{"balance weight too big", func(in *team.SplitInput) { in.BalanceWeight = 101 }, "balanceWeight"},
		{"balance weight NaN", func(in *team.SplitInput) { in.BalanceWeight = math.NaN() }, "balanceWeight"},
		{"negative min team size", func(in *team.SplitInput) { in.MinTeamSize = -1 }, "minTeamSize"},
		{"min team size over half", func(in *team.SplitInput) { in.MinTeamSize = 5 }, "minTeamSize"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := twoClusters()
			tc.edit(&in)
			_, err := tm.ProposeSplit(in)
			requireField(t, err, tc.field)
		})
	}
	small := splitTeam(t, 1, 0)
	_, err := small.ProposeSplit(team.SplitInput{})
	requireKind(t, err, wijk.ErrConflict)
}

func TestApplySplit(t *testing.T) {
	tm := splitTeam(t, 8, 20)
	require.NoError(t, tm.AssignRole("", team.RolePlanner, person(5), day("2025-01-01"), day("2025-12-31"), t0))
	require.NoError(t, tm.DefineRole("", team.RoleDefinition{Name: "wound care"}))
	p, err := tm.ProposeSplit(twoClusters())
	require.NoError(t, err)
	ap := team.ApplySplitParams{Decision: "split-1", On: day("2025-07-01"), NewTeamID: team2ID, NewTeamName: "Wijkteam Noord-Oost", Now: t0}

	bad := ap
	bad.Decision = ""
	_, err = tm.ApplySplit(p, bad)
	requireField(t, err, "decision")
	bad = ap
	bad.NewTeamID = teamID
	_, err = tm.ApplySplit(p, bad)
	requireField(t, err, "newTeamID")
	bad = ap
	bad.NewTeamName = ""
	_, err = tm.ApplySplit(p, bad)
	requireField(t, err, "newTeam.name")
	bad = ap
	bad.On = day("2024-12-01")
	_, err = tm.ApplySplit(p, bad)
	requireKind(t, err, wijk.ErrConflict)
	require.Equal(t, 8, tm.Size(), "nothing changed after refusals")

	mover := p.Sides[1].Members[0]
	require.NoError(t, tm.GoOnLeave(mover))
	nt, err := tm.ApplySplit(p, ap)
	require.NoError(t, err)
	moved, ok := nt.Member(mover)
	require.True(t, ok)
	require.Equal(t, team.StatusOnLeave, moved.Status, "a member on leave moves on leave")
	require.Equal(t, 4, tm.Size())
	require.Equal(t, 4, nt.Size())
	require.Equal(t, day("2025-07-01"), nt.Founded())
	diff(t, []team.Postcode{"2011", "2012"}, nt.Neighbourhood().Postcodes)
	diff(t, []team.Postcode{"1011", "1012"}, tm.Neighbourhood().Postcodes)
	require.Len(t, nt.Roles(), 7, "custom roles go along")
	m, ok := nt.Member(person(5))
	require.True(t, ok)
	require.Equal(t, team.JoinSplit, m.Joined)
	require.Equal(t, team.DecisionRef("split-1"), m.JoinDecision)
	_, held := tm.Holder(team.RolePlanner)
	require.False(t, held, "the mover's role is released")

	hist := team.PersonHistory(person(5), nt, tm)
	require.Len(t, hist, 2)
	require.Equal(t, teamID, hist[0].Team)
	require.Equal(t, day("2025-06-30"), hist[0].End)
	require.Equal(t, team.EndSplit, hist[0].EndReason)
	require.Equal(t, team2ID, hist[1].Team)
	require.NoError(t, team.CheckOneTeamAtATime(tm, nt))

	_, err = tm.ApplySplit(p, ap)
	requireKind(t, err, wijk.ErrConflict)
	other := p
	other.Team = team2ID
	_, err = tm.ApplySplit(other, ap)
	requireKind(t, err, wijk.ErrConflict)
}

// benchInput builds a team's visits: clients spread over areas in
// postcode order, each with a main nurse from the group serving its area
// and a few others, some from anywhere in the team.
func benchInput(members, clients int) team.SplitInput {
	r := rand.New(rand.NewPCG(42, 7))
	var in team.SplitInput
	areas := clients / 10
	for c := range clients {
		a := c * areas / clients
		pc := team.Postcode(fmt.Sprintf("%04d %c%c", 1011+a*3, 'A'+c%26, 'B'+c%24))
		in.Clients = append(in.Clients, team.ClientLocation{Client: client(c), Postcode: pc})
		group := a * members / areas // nurses near this area
		seen := map[int]bool{}
		add := func(m, v int) {
			if seen[m] {
				return
			}
			seen[m] = true
			in.Visits = append(in.Visits, team.VisitCount{Client: client(c), Member: person(m), Visits: v})
		}
		add((group+r.IntN(3))%members, 10+r.IntN(20))
		for range 1 + r.IntN(2) {
			add((group+r.IntN(5))%members, 1+r.IntN(8))
		}
		if r.IntN(4) == 0 {
			add(r.IntN(members), 1+r.IntN(3))
		}
	}
	return in
}

func BenchmarkProposeSplit24x120(b *testing.B) {
	tm := splitTeam(b, 24, 120)
	in := benchInput(24, 120)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tm.ProposeSplit(in); err != nil {
			b.Fatal(err)
		}
	}
}

// scenarioTeam founds the team of the continuity scenario: two clusters of
// seven members, each with one district nurse. Cluster A (members 0–6)
// are full-timers at 36 hours, cluster B (members 7–13) part-timers at 20
// hours, so that moving a full-timer from A to B is tempting for balance.
func scenarioTeam(t testing.TB) *team.Team {
	t.Helper()
	levels := []team.Level{team.Level5, team.Level4, team.Level4, team.Level4, team.Level3, team.Level3, team.Level3}
	var ms []team.MemberParams
	for i := range 14 {
		hours := 36
		if i >= 7 {
			hours = 20
		}
		ms = append(ms, team.MemberParams{
			Person: person(i), Name: fmt.Sprintf("Nurse %02d", i), Level: levels[i%7],
			ContractPerWeek: time.Duration(hours) * time.Hour,
		})
	}
	p := foundParams()
	p.Members, p.Roles = ms, nil
	p.Neighbourhood = team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"1011", "1012", "1013", "1014", "2011", "2012", "2013", "2014"}}
	tm, err := team.NewTeam(p)
	require.NoError(t, err)
	return tm
}

// scenarioInput gives the scenario's 40 clients: clients 0–19 live in
// 1011–1014 and are visited only by members 0–6, clients 20–39 live in
// 2011–2014 and are visited only by members 7–13. Member 6 makes 35
// visits: she is the main nurse of clients 0 and 7 (10 visits each) and
// sees clients 3, 11 and 16 five times each.
func scenarioInput() team.SplitInput {
	var in team.SplitInput
	for c := range 40 {
		area := []string{"1011", "1012", "1013", "1014", "2011", "2012", "2013", "2014"}[c/5]
		pc := team.Postcode(fmt.Sprintf("%s %c%c", area, 'B'+c%5, 'B'+c/5))
		in.Clients = append(in.Clients, team.ClientLocation{Client: client(c), Postcode: pc})
		visit := func(m, n int) {
			in.Visits = append(in.Visits, team.VisitCount{Client: client(c), Member: person(m), Visits: n})
		}
		if c >= 20 {
			visit(7+c%7, 12)
			visit(7+(c+1)%7, 6)
			continue
		}
		switch c {
		case 0, 7:
			visit(6, 10)
			visit(c%6, 6)
		default:
			visit(c%6, 12)
			visit((c+1)%6, 6)
			if c == 3 || c == 11 || c == 16 {
				visit(6, 5)
			}
		}
	}
	return in
}

// TestProposeSplitContinuityFirst is the scenario in which the old score
// moved member 6 (35 visits, all in cluster A) to cluster B only to even
// out contract hours: continuity of care must come first.
func TestProposeSplitContinuityFirst(t *testing.T) {
	tm := scenarioTeam(t)
	in := scenarioInput()
	p, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	memberSide := map[wijk.ID]int{}
	for _, m := range p.Members {
		memberSide[m.Person] = m.Side
	}
	clientSide := map[wijk.ID]int{}
	for _, c := range p.Clients {
		clientSide[c.Client] = c.Side
	}
	// Every client keeps every nurse who visited them.
	var lost []string
	for _, v := range in.Visits {
		if memberSide[v.Member] != clientSide[v.Client] {
			lost = append(lost, fmt.Sprintf("client %s loses member %s (%d visits)", v.Client, v.Member, v.Visits))
		}
	}
	require.Empty(t, lost, "\n%s", p.Explain())
	require.Equal(t, 1.0, p.Continuity.Value())
	// In particular no client loses the nurse who visited them most.
	most := map[wijk.ID]team.VisitCount{}
	for _, v := range in.Visits {
		if v.Visits > most[v.Client].Visits {
			most[v.Client] = v
		}
	}
	for c, v := range most {
		require.Equal(t, clientSide[c], memberSide[v.Member], "client %s loses its main nurse %s", c, v.Member)
	}
	for i, m := range p.Members {
		want := 0
		if i >= 7 {
			want = 1
		}
		require.Equal(t, want, m.Side, "member %s: %s", m.Name, m.Reason)
		require.Contains(t, m.Reason, "(100.0%) are to clients who go to team")
	}
	require.Equal(t, 35, p.Members[6].VisitsTotal)
	require.Equal(t, 35, p.Members[6].VisitsKept)
	diff(t, []team.Postcode{"1011", "1012", "1013", "1014"}, p.Sides[0].Areas)
	diff(t, []team.Postcode{"2011", "2012", "2013", "2014"}, p.Sides[1].Areas)
	require.Equal(t, 1, p.Sides[0].Levels.Level5)
	require.Equal(t, 1, p.Sides[1].Levels.Level5)
	// The hours stay unequal: that is the price of continuity here, and
	// the notes say so.
	require.Equal(t, 7*36*time.Hour, p.Sides[0].ContractPerWeek)
	require.Equal(t, 7*20*time.Hour, p.Sides[1].ContractPerWeek)
	require.Contains(t, strings.Join(p.Notes, "\n"), "continuity of care comes first, and balance only decides between layouts that keep as many visits")
	// Same input, same proposal.
	again, err := tm.ProposeSplit(scenarioInput())
	require.NoError(t, err)
	diff(t, p, again)
}

// foundWith founds a team with the given members and norms (the zero
// Norms meaning the defaults).
func foundWith(t testing.TB, norms team.Norms, ms []team.MemberParams) *team.Team {
	t.Helper()
	p := foundParams()
	p.Members, p.Roles, p.Norms = ms, nil, norms
	tm, err := team.NewTeam(p)
	require.NoError(t, err)
	return tm
}

// TestProposeSplitTieGoesToBalance: member 4 visits one client in each
// area equally often, so both her placements keep the same continuity;
// the one that balances contract hours wins, whichever side that is.
func TestProposeSplitTieGoesToBalance(t *testing.T) {
	in := team.SplitInput{Clients: []team.ClientLocation{
		{Client: client(0), Postcode: "1011 AA"}, {Client: client(1), Postcode: "1011 AB"},
		{Client: client(2), Postcode: "2011 AA"}, {Client: client(3), Postcode: "2011 AB"},
	}}
	for c, m := range []int{0, 1, 2, 3} {
		in.Visits = append(in.Visits, team.VisitCount{Client: client(c), Member: person(m), Visits: 10})
	}
	in.Visits = append(in.Visits,
		team.VisitCount{Client: client(0), Member: person(4), Visits: 5},
		team.VisitCount{Client: client(2), Member: person(4), Visits: 5})
	levels := []team.Level{team.Level5, team.Level3, team.Level5, team.Level3, team.Level4}
	for _, tc := range []struct {
		name       string
		hoursA     int // members 0 and 1; members 2 and 3 work 56 − hoursA
		wantSide   int
		wantHoursA time.Duration
	}{
		{"team A works more", 36, 1, 72 * time.Hour},
		{"team B works more", 20, 0, 70 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ms []team.MemberParams
			for i, lv := range levels {
				h := map[bool]int{true: tc.hoursA, false: 56 - tc.hoursA}[i < 2]
				if i == 4 {
					h = 30
				}
				ms = append(ms, team.MemberParams{Person: person(i), Name: fmt.Sprintf("Nurse %02d", i), Level: lv, ContractPerWeek: time.Duration(h) * time.Hour})
			}
			tm := foundWith(t, team.Norms{}, ms)
			p, err := tm.ProposeSplit(in)
			require.NoError(t, err)
			require.Equal(t, 45.0, p.Continuity.Num, "continuity is the same either way")
			diff(t, []team.Postcode{"1011"}, p.Sides[0].Areas)
			require.Equal(t, tc.wantSide, p.Members[4].Side)
			require.Equal(t, tc.wantHoursA, p.Sides[0].ContractPerWeek)
			label := p.Sides[tc.wantSide].Label
			other := p.Sides[1-tc.wantSide].Label
			require.Equal(t, fmt.Sprintf("5 of 10 visits (50.0%%) are to clients who go to team %s and as many to team %s's; placed to balance hours and levels", label, other), p.Members[4].Reason)
		})
	}
}

// TestProposeSplitBalanceWeight: a team that sets a balance weight may
// trade continuity for hours, and the proposal says what that cost.
func TestProposeSplitBalanceWeight(t *testing.T) {
	tm := scenarioTeam(t)
	in := scenarioInput()
	first, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	require.Equal(t, 1.0, first.Continuity.Value())
	require.Contains(t, strings.Join(first.Notes, "\n"),
		"the new teams are uneven (team A: 7 members, 252h0m0s a week; team B: 7 members, 140h0m0s a week): continuity of care comes first")

	in.BalanceWeight = 1
	p, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	require.Less(t, p.Continuity.Value(), 1.0)
	lost := int(first.Continuity.Num - p.Continuity.Num)
	require.Contains(t, p.Notes, fmt.Sprintf(
		"balance weight 1 was used; it cost continuity of care: the proposal keeps %s of visits (%d of 731), %d fewer than the 100.0%% kept with continuity first",
		p.Continuity, int(p.Continuity.Num), lost))
	require.NotContains(t, strings.Join(p.Notes, "\n"), "uneven")
	var moved []string
	for _, m := range p.Members {
		if 2*m.VisitsKept < m.VisitsTotal {
			moved = append(moved, m.Name)
			require.Contains(t, m.Reason, "to balance hours and levels, by the balance weight of 1, though only")
		}
	}
	require.NotEmpty(t, moved)
	a, b := p.Sides[0].ContractPerWeek, p.Sides[1].ContractPerWeek
	require.Less(t, (a - b).Abs(), (first.Sides[0].ContractPerWeek - first.Sides[1].ContractPerWeek).Abs())

	// A weight that costs nothing says so.
	in = twoClusters()
	in.BalanceWeight = 0.5
	p, err = splitTeam(t, 8, 20).ProposeSplit(in)
	require.NoError(t, err)
	require.Equal(t, 1.0, p.Continuity.Value())
	require.Contains(t, p.Notes, "balance weight 0.5 was used; it cost no continuity: the proposal keeps 100.0% of visits, no fewer than with continuity first")
}

// TestProposeSplitMatchesBruteForce compares, on a few hundred small
// random teams, the proposal with the best layout found by trying every
// division of members and areas: the proposal must satisfy the district
// nurse, minimum team size and size norm rules as well as the best layout
// does, and keep at least as many visits. Half the cases use the default
// minimum team size, half set one. It also checks that the proposal is the same for the
// same input in another order, and that a member placed against their
// visits is told which rule put them there.
func TestProposeSplitMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(2025, 11))
	for n := range 300 {
		checkSplitAgainstBruteForce(t, r, n)
	}
}

// checkSplitAgainstBruteForce draws random case n from r and checks its
// proposal against every layout (see TestProposeSplitMatchesBruteForce).
func checkSplitAgainstBruteForce(t *testing.T, r *rand.Rand, n int) {
	t.Helper()
	levels := []team.Level{team.Level3, team.Level4, team.Level5}
	areaPool := []string{"1011", "1012", "2011", "2012"}
	m := 2 + r.IntN(7) // 2–8 members
	var ms []team.MemberParams
	for i := range m {
		ms = append(ms, team.MemberParams{
			Person: person(i), Name: fmt.Sprintf("Nurse %02d", i), Level: levels[r.IntN(3)],
			ContractPerWeek: time.Duration(8+r.IntN(33)) * time.Hour,
		})
	}
	norms := team.DefaultNorms()
	norms.SizeNorm = 2 + r.IntN(6)
	tm := foundWith(t, norms, ms)

	var in team.SplitInput
	minSize := max(2, (m+2)/3) // the default
	if r.IntN(2) == 0 {
		in.MinTeamSize = 1 + r.IntN(m/2)
		minSize = in.MinTeamSize
	}
	nAreas, nClients := 1+r.IntN(4), 1+r.IntN(10)
	for c := range nClients {
		pc := team.Postcode(fmt.Sprintf("%s %s", areaPool[r.IntN(nAreas)], []string{"AA", "AB", "AC"}[r.IntN(3)]))
		in.Clients = append(in.Clients, team.ClientLocation{Client: client(c), Postcode: pc})
		for i := range m {
			if r.IntN(3) == 0 {
				in.Visits = append(in.Visits, team.VisitCount{Client: client(c), Member: person(i), Visits: r.IntN(20)})
			}
		}
	}
	p, err := tm.ProposeSplit(in)
	require.NoError(t, err, "case %d", n)

	// Units as the split sees them: postcode areas, or full postcodes
	// when every client lives in one area.
	areas := map[string]bool{}
	for _, c := range in.Clients {
		areas[string(c.Postcode)[:4]] = true
	}
	unitOf := func(pc team.Postcode) string {
		if len(areas) == 1 && len(in.Clients) > 1 {
			return string(pc)
		}
		return string(pc)[:4]
	}
	unitIdx := map[string]int{}
	clientUnit := map[wijk.ID]int{}
	for _, c := range in.Clients {
		k := unitOf(c.Postcode)
		if _, ok := unitIdx[k]; !ok {
			unitIdx[k] = len(unitIdx)
		}
		clientUnit[c.Client] = unitIdx[k]
	}
	u := len(unitIdx)
	w := make([][]int, u) // visits per unit and member
	for i := range w {
		w[i] = make([]int, m)
	}
	memberIdx := map[wijk.ID]int{}
	l5 := 0
	for i, mp := range ms {
		memberIdx[mp.Person] = i
		if mp.Level == team.Level5 {
			l5++
		}
	}
	for _, v := range in.Visits {
		w[clientUnit[v.Client]][memberIdx[v.Member]] += v.Visits
	}
	type rating struct{ noDistrict, underMin, overSize, kept int }
	rate := func(memSide func(int) int, unitSide func(int) int) rating {
		var rt rating
		var cnt, dn [2]int
		for i := range m {
			cnt[memSide(i)]++
			if ms[i].Level == team.Level5 {
				dn[memSide(i)]++
			}
		}
		for s := range 2 {
			if l5 >= 2 && dn[s] == 0 {
				rt.noDistrict++
			}
			rt.underMin += max(0, minSize-cnt[s])
			rt.overSize += max(0, cnt[s]-norms.SizeNorm)
		}
		for k := range u {
			for i := range m {
				if memSide(i) == unitSide(k) {
					rt.kept += w[k][i]
				}
			}
		}
		return rt
	}
	better := func(a, b rating) bool {
		if a.noDistrict != b.noDistrict {
			return a.noDistrict < b.noDistrict
		}
		if a.underMin != b.underMin {
			return a.underMin < b.underMin
		}
		if a.overSize != b.overSize {
			return a.overSize < b.overSize
		}
		return a.kept > b.kept
	}
	var best rating
	found := false
	for um := 0; um < 1<<u; um += 2 { // the first unit on side 0
		if u >= 2 && um == 0 {
			continue // each side gets an area when there are two
		}
		for mm := 1; mm < 1<<m-1; mm++ { // each side gets a member
			rt := rate(func(i int) int { return mm >> i & 1 }, func(k int) int { return um >> k & 1 })
			if !found || better(rt, best) {
				best, found = rt, true
			}
		}
	}
	require.True(t, found)

	side := map[wijk.ID]int{}
	for _, mp := range p.Members {
		side[mp.Person] = mp.Side
	}
	unitSide := make([]int, u)
	for _, c := range p.Clients {
		unitSide[clientUnit[c.Client]] = c.Side
	}
	got := rate(func(i int) int { return side[ms[i].Person] }, func(k int) int { return unitSide[k] })
	require.Equal(t, float64(got.kept), p.Continuity.Num, "case %d", n)
	require.Equal(t, best.noDistrict, got.noDistrict, "case %d: district nurse rule\n%s", n, p.Explain())
	require.Equal(t, best.underMin, got.underMin, "case %d: minimum size rule\n%s", n, p.Explain())
	if 2*minSize <= m {
		require.Zero(t, got.underMin, "case %d: both sides can have %d members\n%s", n, minSize, p.Explain())
	}
	require.Equal(t, best.overSize, got.overSize, "case %d: size rule\n%s", n, p.Explain())
	require.GreaterOrEqual(t, got.kept, best.kept, "case %d: continuity\n%s", n, p.Explain())

	for _, mp := range p.Members {
		if 2*mp.VisitsKept < mp.VisitsTotal {
			require.Regexp(t, `^placed in team [AB] so that team [AB] (has a level-5 district nurse|has at least \d+ members|stays within the size norm of \d+|has a member), though only`, mp.Reason, "case %d", n)
		}
	}

	// The same input in another order gives the same proposal.
	again := team.SplitInput{Clients: slices.Clone(in.Clients), Visits: slices.Clone(in.Visits), MinTeamSize: in.MinTeamSize}
	slices.Reverse(again.Clients)
	r.Shuffle(len(again.Visits), func(i, j int) { again.Visits[i], again.Visits[j] = again.Visits[j], again.Visits[i] })
	q, err := tm.ProposeSplit(again)
	require.NoError(t, err)
	diff(t, p, q)
}

// thirteen is the 13-member team (four district nurses) and its 80
// clients in eight areas on which continuity alone proposed 12/1: the one
// member of team B was to carry ten clients alone and keep 51% of their
// visits.
func thirteen(t testing.TB) (*team.Team, team.SplitInput) {
	return splitTeam(t, 13, 80), benchInput(13, 80)
}

// bestKeptWithSides returns the most visits any layout of splitTeam's
// members and in's areas keeps with each side having a district nurse and
// between lo and hi members, and an area on each side; found by trying
// every division of the members, each area then going where its visits
// are.
func bestKeptWithSides(members int, in team.SplitInput, lo, hi int) int {
	unitIdx := map[string]int{}
	clientUnit := map[wijk.ID]int{}
	for _, c := range in.Clients {
		k := string(c.Postcode)[:4]
		if _, ok := unitIdx[k]; !ok {
			unitIdx[k] = len(unitIdx)
		}
		clientUnit[c.Client] = unitIdx[k]
	}
	memberIdx := map[wijk.ID]int{}
	for i := range members {
		memberIdx[person(i)] = i
	}
	w := make([][]int, len(unitIdx))
	for k := range w {
		w[k] = make([]int, members)
	}
	for _, v := range in.Visits {
		w[clientUnit[v.Client]][memberIdx[v.Member]] += v.Visits
	}
	best := -1
	for mm := 1; mm < 1<<members-1; mm++ {
		var cnt, dn [2]int
		for i := range members {
			cnt[mm>>i&1]++
			if i%4 == 0 { // splitTeam's district nurses
				dn[mm>>i&1]++
			}
		}
		if cnt[0] < lo || cnt[1] < lo || cnt[0] > hi || cnt[1] > hi || dn[0] == 0 || dn[1] == 0 {
			continue
		}
		kept, units := 0, [2]int{}
		cheapest := math.MaxInt // least loss of moving one area across
		for k := range w {
			var v [2]int
			for i, n := range w[k] {
				v[mm>>i&1] += n
			}
			side := 0
			if v[1] > v[0] {
				side = 1
			}
			kept += v[side]
			units[side]++
			cheapest = min(cheapest, v[side]-v[1-side])
		}
		if units[0] == 0 || units[1] == 0 {
			kept -= cheapest
		}
		best = max(best, kept)
	}
	return best
}

// TestProposeSplitMinTeamSize: on the 13-member team, continuity alone
// would make a team of one; the minimum team size (a third of 13, rounded
// up: 5) gives two teams that can work, keeping nearly the most visits
// any such layout keeps. (The search is a heuristic: with eight areas it
// starts only from cuts in postcode order, and when this was written
// missed the best layout, which puts the last area with the first four,
// by 8 visits of 1,880.)
func TestProposeSplitMinTeamSize(t *testing.T) {
	tm, in := thirteen(t)
	// Minimum 1, the old behaviour: 12/1, the one-member team keeping
	// 51% of its clients' visits.
	in.MinTeamSize = 1
	old, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	require.Len(t, old.Sides[0].Members, 12)
	require.Len(t, old.Sides[1].Members, 1)
	require.Equal(t, "51.0%", old.Sides[1].Continuity.String())

	in.MinTeamSize = 0
	p, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	for _, s := range p.Sides {
		require.GreaterOrEqual(t, len(s.Members), 5, "team %s\n%s", s.Label, p.Explain())
		require.GreaterOrEqual(t, s.Levels.Level5, 1, "team %s", s.Label)
		require.Greater(t, s.Continuity.Value(), 0.85, "team %s", s.Label)
	}
	best := bestKeptWithSides(13, in, 5, 12)
	require.Equal(t, 1729, best)
	require.InDelta(t, best, p.Continuity.Num, 0.01*float64(best), "\n%s", p.Explain())
	require.Less(t, p.Continuity.Num, old.Continuity.Num, "the rule costs some continuity here")
	require.NotContains(t, strings.Join(p.Notes, "\n"), "cannot both have the minimum")

	// MinTeamSize 5, set explicitly, is the default for 13.
	in.MinTeamSize = 5
	q, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	diff(t, p, q)
}

// TestProposeSplitMinTeamSizeSet: a team that sets its own minimum gets
// it, and a member placed on the side where fewer of their visits are, to
// make up the minimum, is told so.
func TestProposeSplitMinTeamSizeSet(t *testing.T) {
	tm, in := thirteen(t)
	in.MinTeamSize = 2
	p, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	small := min(len(p.Sides[0].Members), len(p.Sides[1].Members))
	require.Equal(t, 2, small, "\n%s", p.Explain())
	best := bestKeptWithSides(13, in, 2, 12)
	require.InDelta(t, best, p.Continuity.Num, 0.01*float64(best), "\n%s", p.Explain())
	var told []string
	for _, m := range p.Members {
		if 2*m.VisitsKept < m.VisitsTotal {
			told = append(told, m.Reason)
		}
	}
	require.Equal(t, []string{"placed in team B so that team B has at least 2 members, though only 65 of 149 visits (43.6%) are to its clients"}, told)

	// The largest minimum, half the team rounded down, gives 6 and 7.
	in.MinTeamSize = 6
	p, err = tm.ProposeSplit(in)
	require.NoError(t, err)
	require.ElementsMatch(t, []int{6, 7}, []int{len(p.Sides[0].Members), len(p.Sides[1].Members)})
	in.MinTeamSize = 7
	_, err = tm.ProposeSplit(in)
	requireField(t, err, "minTeamSize")
}

// TestProposeSplitMinTeamSizeSmallTeam: a team of three cannot give both
// sides the default minimum of 2; the split comes as close as it can and
// says so, and a team of two may set no minimum above 1.
func TestProposeSplitMinTeamSizeSmallTeam(t *testing.T) {
	in := team.SplitInput{Clients: []team.ClientLocation{
		{Client: client(0), Postcode: "1011 AA"}, {Client: client(1), Postcode: "2011 AA"},
	}}
	for _, n := range []int{2, 3} {
		tm := splitTeam(t, n, 2)
		p, err := tm.ProposeSplit(in)
		require.NoError(t, err)
		require.ElementsMatch(t, []int{n - 1, 1}, []int{len(p.Sides[0].Members), len(p.Sides[1].Members)})
		require.Contains(t, p.Notes, fmt.Sprintf("with %d members the two new teams cannot both have the minimum of 2 members", n))
	}
	two := splitTeam(t, 2, 2)
	in.MinTeamSize = 1
	p, err := two.ProposeSplit(in)
	require.NoError(t, err)
	require.NotContains(t, strings.Join(p.Notes, "\n"), "cannot both have the minimum")
	in.MinTeamSize = 2
	_, err = two.ProposeSplit(in)
	requireField(t, err, "minTeamSize")
}
