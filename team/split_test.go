package team_test

import (
	"fmt"
	"math/rand/v2"
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
