package team_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func TestNewTeam(t *testing.T) {
	tm := newTeam(t)
	require.Equal(t, "Wijkteam Noord", tm.Name())
	require.Equal(t, team.DefaultNorms(), tm.Norms())
	require.Equal(t, 3, tm.Size())
	diff(t, []team.Postcode{"1031", "1032"}, tm.Neighbourhood().Postcodes)
	anne, ok := tm.Member(anneID)
	require.True(t, ok)
	diff(t, team.Member{
		Person: anneID, Name: "Anne", Level: team.Level5, ContractPerWeek: 32 * time.Hour,
		Start: day("2025-01-01"), Status: team.StatusActive, Joined: team.JoinFounder,
	}, anne)
	require.Len(t, tm.Roles(), 6)
	h, ok := tm.Holder(team.RoleInformer)
	require.True(t, ok)
	require.Equal(t, bramID, h.Holder)
	require.Len(t, tm.Handovers(), 2)
	require.ElementsMatch(t, []wijk.ID{anneID, bramID, cemID}, tm.Decisionmakers())
	require.True(t, slices.IsSorted(tm.Decisionmakers()))
}

func TestNewTeamRejects(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*team.NewTeamParams)
		field string
		kind  error
	}{
		{"no id", func(p *team.NewTeamParams) { p.ID = "" }, "id", wijk.ErrInvalid},
		{"no name", func(p *team.NewTeamParams) { p.Name = "  " }, "name", wijk.ErrInvalid},
		{"two-line name", func(p *team.NewTeamParams) { p.Name = "a\nb" }, "name", wijk.ErrInvalid},
		{"empty neighbourhood", func(p *team.NewTeamParams) { p.Neighbourhood = team.Neighbourhood{} }, "neighbourhood", wijk.ErrInvalid},
		{"bad postcode", func(p *team.NewTeamParams) { p.Neighbourhood.Postcodes = []team.Postcode{"0123 AB"} }, "neighbourhood.postcodes[0]", wijk.ErrInvalid},
		{"no founded", func(p *team.NewTeamParams) { p.Founded = wijk.Date{} }, "founded", wijk.ErrInvalid},
		{"bad norms", func(p *team.NewTeamParams) {
			p.Norms = team.Norms{SizeNorm: 1, CaseloadMin: 1, CaseloadMax: 2, MaxRolesPerMember: 1}
		}, "norms.sizeNorm", wijk.ErrInvalid},
		{"caseload upside down", func(p *team.NewTeamParams) {
			p.Norms = team.Norms{SizeNorm: 12, CaseloadMin: 60, CaseloadMax: 40, MaxRolesPerMember: 2}
		}, "norms.caseloadMax", wijk.ErrInvalid},
		{"no now", func(p *team.NewTeamParams) { p.Now = time.Time{} }, "now", wijk.ErrInvalid},
		{"no members", func(p *team.NewTeamParams) { p.Members = nil; p.Roles = nil }, "members", wijk.ErrInvalid},
		{"member twice", func(p *team.NewTeamParams) { p.Members = append(p.Members, p.Members[0]) }, "members[3].person", wijk.ErrInvalid},
		{"bad level", func(p *team.NewTeamParams) { p.Members[1].Level = 2 }, "members[1].level", wijk.ErrInvalid},
		{"no contract", func(p *team.NewTeamParams) { p.Members[1].ContractPerWeek = 0 }, "members[1].contractPerWeek", wijk.ErrInvalid},
		{"over 60 hours", func(p *team.NewTeamParams) { p.Members[1].ContractPerWeek = 61 * time.Hour }, "members[1].contractPerWeek", wijk.ErrInvalid},
		{"seconds in contract", func(p *team.NewTeamParams) { p.Members[1].ContractPerWeek = 24*time.Hour + time.Second }, "members[1].contractPerWeek", wijk.ErrInvalid},
		{"coach as member", func(p *team.NewTeamParams) { p.Coach = anneID }, "members[0].person", wijk.ErrInvalid},
		{"unknown role", func(p *team.NewTeamParams) { p.Roles[0].Role = "boss" }, "", wijk.ErrNotFound},
		{"role for stranger", func(p *team.NewTeamParams) { p.Roles[0].Holder = dianaID }, "", wijk.ErrNotFound},
		{"term upside down", func(p *team.NewTeamParams) { p.Roles[0].Until = day("2024-12-31") }, "roles[0].until", wijk.ErrInvalid},
		{"role twice defined", func(p *team.NewTeamParams) { p.CustomRoles = []team.RoleDefinition{{Name: "Mentor"}} }, "", wijk.ErrConflict},
		{"role given twice", func(p *team.NewTeamParams) {
			p.Roles = append(p.Roles, team.InitialRole{Role: " PLANNER", Holder: cemID, Until: day("2025-12-31")})
		}, "roles[2].role", wijk.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := foundParams()
			tc.edit(&p)
			tm, err := team.NewTeam(p)
			require.Nil(t, tm)
			requireKind(t, err, tc.kind)
			if tc.field != "" {
				requireField(t, err, tc.field)
			}
		})
	}
}

func TestNewTeamCustomRolesAndDefaults(t *testing.T) {
	p := foundParams()
	p.CustomRoles = []team.RoleDefinition{{Name: "  Wound   Care ", Description: "keeps wound care up to date"}}
	p.Roles = append(p.Roles, team.InitialRole{Role: "wound care", Holder: cemID, Until: day("2025-12-31")})
	tm, err := team.NewTeam(p)
	require.NoError(t, err)
	roles := tm.Roles()
	require.Len(t, roles, 7)
	require.Equal(t, team.RoleName("wound care"), roles[6].Name)
	require.False(t, roles[6].Standard)
	require.Equal(t, []team.RoleName{"wound care"}, tm.RolesOf(cemID))
}

func TestHire(t *testing.T) {
	diana := team.MemberParams{Person: dianaID, Name: "Diana", Level: team.Level4, ContractPerWeek: 30 * time.Hour}

	t.Run("without a decision the join is refused", func(t *testing.T) {
		tm := newTeam(t)
		err := tm.Hire("", day("2025-02-01"), diana)
		requireField(t, err, "decision")
		require.Contains(t, err.Error(), "team decision is required")
		require.False(t, tm.IsMember(dianaID))
	})
	t.Run("with a decision the reference is stored", func(t *testing.T) {
		tm := newTeam(t)
		require.NoError(t, tm.Hire("decision-17", day("2025-02-01"), diana))
		m, ok := tm.Member(dianaID)
		require.True(t, ok)
		require.Equal(t, team.DecisionRef("decision-17"), m.JoinDecision)
		require.Equal(t, team.JoinHired, m.Joined)
		require.Equal(t, day("2025-02-01"), m.Start)
		require.Equal(t, 4, tm.Size())
	})
	tests := []struct {
		name  string
		setup func(*team.Team)
		ref   team.DecisionRef
		start wijk.Date
		m     team.MemberParams
		kind  error
	}{
		{"bad reference", nil, "two\nlines", day("2025-02-01"), diana, wijk.ErrInvalid},
		{"reference with padding", nil, " d1", day("2025-02-01"), diana, wijk.ErrInvalid},
		{"before founding", nil, "d1", day("2024-12-31"), diana, wijk.ErrInvalid},
		{"no start", nil, "d1", wijk.Date{}, diana, wijk.ErrInvalid},
		{"no name", nil, "d1", day("2025-02-01"), team.MemberParams{Person: dianaID, Level: team.Level4, ContractPerWeek: time.Hour}, wijk.ErrInvalid},
		{"already a member", nil, "d1", day("2025-02-01"), team.MemberParams{Person: anneID, Name: "Anne", Level: team.Level5, ContractPerWeek: time.Hour}, wijk.ErrConflict},
		{"the coach", func(tm *team.Team) { require.NoError(t, tm.SetCoach(dianaID)) }, "d1", day("2025-02-01"), diana, wijk.ErrForbidden},
		{"rejoin too early", func(tm *team.Team) {
			require.NoError(t, tm.Hire("d0", day("2025-01-10"), diana))
			require.NoError(t, tm.Leave("d0b", dianaID, day("2025-01-31"), t0))
		}, "d1", day("2025-01-31"), diana, wijk.ErrConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tm := newTeam(t)
			if tc.setup != nil {
				tc.setup(tm)
			}
			before := tm.Snapshot()
			requireKind(t, tm.Hire(tc.ref, tc.start, tc.m), tc.kind)
			diff(t, before, tm.Snapshot())
		})
	}
	t.Run("rejoin after leaving keeps both records", func(t *testing.T) {
		tm := newTeam(t)
		require.NoError(t, tm.Hire("d0", day("2025-01-10"), diana))
		require.NoError(t, tm.Leave("d1", dianaID, day("2025-01-31"), t0))
		require.NoError(t, tm.Hire("d2", day("2025-03-01"), diana))
		var mine []team.Member
		for _, m := range tm.History() {
			if m.Person == dianaID {
				mine = append(mine, m)
			}
		}
		require.Len(t, mine, 2)
		require.Equal(t, team.StatusLeft, mine[0].Status)
		require.Equal(t, team.StatusActive, mine[1].Status)
	})
}

func TestLeave(t *testing.T) {
	tm := newTeam(t)
	require.NoError(t, tm.AssignRole("", team.RoleMentor, anneID, day("2025-01-01"), day("2025-12-31"), t0))
	requireKind(t, tm.Leave("", anneID, day("2025-03-31"), t0), wijk.ErrInvalid)
	requireKind(t, tm.Leave("d9", dianaID, day("2025-03-31"), t0), wijk.ErrNotFound)
	requireKind(t, tm.Leave("d9", anneID, day("2024-12-31"), t0), wijk.ErrConflict)

	require.NoError(t, tm.Leave("d9", anneID, day("2025-03-31"), t0))
	require.False(t, tm.IsMember(anneID))
	require.Equal(t, 2, tm.Size())
	last := tm.History()[0]
	require.Equal(t, team.StatusLeft, last.Status)
	require.Equal(t, day("2025-03-31"), last.End)
	require.Equal(t, team.EndLeft, last.EndReason)
	require.Equal(t, team.DecisionRef("d9"), last.EndDecision)
	require.True(t, last.On(day("2025-03-31")))
	require.False(t, last.On(day("2025-04-01")))
	require.Empty(t, tm.RolesOf(anneID))
	_, held := tm.Holder(team.RolePlanner)
	require.False(t, held)
	hs := tm.Handovers()
	release := hs[len(hs)-1]
	require.Equal(t, anneID, release.From)
	require.Empty(t, release.To)
	require.Equal(t, day("2025-04-01"), release.On)
	require.Equal(t, team.DecisionRef("d9"), release.Decision)
	requireKind(t, tm.Leave("d10", anneID, day("2025-04-30"), t0), wijk.ErrNotFound)
}

func TestLeaveRefusedWithLaterHours(t *testing.T) {
	tm := newTeam(t)
	hours := []team.HoursRecord{
		{Person: anneID, Day: day("2025-05-02"), Worked: 8 * time.Hour},
		{Person: cemID, Day: day("2025-04-02"), Worked: 8 * time.Hour},
	}
	require.NoError(t, tm.CheckHours(hours[1]))
	err := tm.CheckLeave(cemID, day("2025-03-31"), hours)
	requireKind(t, err, wijk.ErrConflict)
	require.Contains(t, err.Error(), "Cem")
	require.True(t, tm.IsMember(cemID))
	require.NoError(t, tm.CheckLeave(cemID, day("2025-04-02"), hours), "hours on the last day are fine; Anne's are hers")
	requireKind(t, tm.CheckLeave(cemID, day("2024-12-31"), nil), wijk.ErrConflict)
	requireKind(t, tm.CheckLeave(dianaID, day("2025-04-30"), nil), wijk.ErrNotFound)
	requireField(t, tm.CheckLeave(cemID, wijk.Date{}, nil), "last")
}

func TestLeaveStatus(t *testing.T) {
	tm := newTeam(t)
	requireKind(t, tm.ReturnFromLeave(bramID), wijk.ErrConflict)
	require.NoError(t, tm.GoOnLeave(bramID))
	requireKind(t, tm.GoOnLeave(bramID), wijk.ErrConflict)
	m, _ := tm.Member(bramID)
	require.Equal(t, team.StatusOnLeave, m.Status)
	require.True(t, tm.IsMember(bramID))
	require.False(t, tm.MayDecide(bramID))
	require.NotContains(t, tm.Decisionmakers(), bramID)
	require.NoError(t, tm.ReturnFromLeave(bramID))
	require.True(t, tm.MayDecide(bramID))
	requireKind(t, tm.GoOnLeave(dianaID), wijk.ErrNotFound)
}

func TestChangeNorms(t *testing.T) {
	tm := newTeam(t)
	n := team.Norms{SizeNorm: 10, CaseloadMin: 35, CaseloadMax: 50, MaxRolesPerMember: 3}
	requireKind(t, tm.ChangeNorms("", n, t0), wijk.ErrInvalid)
	requireKind(t, tm.ChangeNorms("d1", team.Norms{}, t0), wijk.ErrInvalid)
	requireKind(t, tm.ChangeNorms("d1", team.DefaultNorms(), t0), wijk.ErrConflict)
	require.NoError(t, tm.ChangeNorms("d1", n, t0))
	require.Equal(t, n, tm.Norms())
	diff(t, []team.NormChange{{At: t0, Decision: "d1", From: team.DefaultNorms(), To: n}}, tm.NormChanges())
}

func TestChangeNeighbourhoodAndLevel(t *testing.T) {
	tm := newTeam(t)
	before := tm.Neighbourhood()
	requireKind(t, tm.ChangeNeighbourhood("", team.Neighbourhood{Area: "X"}, t0), wijk.ErrInvalid)
	requireKind(t, tm.ChangeNeighbourhood("d1", team.Neighbourhood{Area: "X"}, time.Time{}), wijk.ErrInvalid)
	require.Empty(t, tm.AreaChanges(), "refused changes leave no record")
	require.NoError(t, tm.ChangeNeighbourhood("d1", team.Neighbourhood{Postcodes: []team.Postcode{"1033 ab", "1031"}}, t0))
	diff(t, []team.AreaChange{{At: t0, Decision: "d1", From: before, To: tm.Neighbourhood()}}, tm.AreaChanges())
	back, err := team.RestoreTeam(tm.Snapshot())
	require.NoError(t, err)
	diff(t, tm.AreaChanges(), back.AreaChanges())
	diff(t, []team.Postcode{"1031", "1033 AB"}, tm.Neighbourhood().Postcodes)
	require.True(t, tm.Neighbourhood().Covers("1031 XY"))
	require.False(t, tm.Neighbourhood().Covers("1033 AC"))

	requireKind(t, tm.ChangeLevel(bramID, 6), wijk.ErrInvalid)
	require.NoError(t, tm.ChangeLevel(bramID, team.Level5))
	m, _ := tm.Member(bramID)
	require.Equal(t, team.Level5, m.Level)
}

func TestGettersReturnCopies(t *testing.T) {
	tm := newTeam(t)
	tm.Members()[0].Name = "changed"
	tm.History()[0].Name = "changed"
	tm.Roles()[0].Name = "changed"
	tm.Assignments()[0].Holder = dianaID
	tm.Neighbourhood().Postcodes[0] = "9999"
	m, _ := tm.Member(anneID)
	require.Equal(t, "Anne", m.Name)
	require.Equal(t, team.RolePlanner, tm.Roles()[0].Name)
	require.Equal(t, anneID, tm.Assignments()[0].Holder)
	require.Equal(t, team.Postcode("1031"), tm.Neighbourhood().Postcodes[0])
}

func TestEnums(t *testing.T) {
	for _, s := range []team.MemberStatus{team.StatusActive, team.StatusOnLeave, team.StatusLeft} {
		got, err := team.ParseMemberStatus(strings.ToUpper(s.String()))
		require.NoError(t, err)
		require.Equal(t, s, got)
		require.True(t, s.Valid())
	}
	require.False(t, team.MemberStatus(0).Valid())
	require.Equal(t, "MemberStatus(0)", team.MemberStatus(0).String())
	_, err := team.ParseMemberStatus("gone")
	requireField(t, err, "status")
	for _, k := range []team.JoinKind{team.JoinFounder, team.JoinHired, team.JoinSplit} {
		got, err := team.ParseJoinKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	require.False(t, team.JoinKind(0).Valid())
	for _, r := range []team.EndReason{team.EndLeft, team.EndSplit} {
		got, err := team.ParseEndReason(r.String())
		require.NoError(t, err)
		require.Equal(t, r, got)
	}
	require.False(t, team.EndReason(0).Valid())
	for k := team.AdvisoryUnheldRole; k <= team.AdvisoryCaseload; k++ {
		got, err := team.ParseAdvisoryKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	require.False(t, team.AdvisoryKind(0).Valid())
	for s := team.CoachingRequested; s <= team.CoachingCompleted; s++ {
		got, err := team.ParseCoachingStatus(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	require.False(t, team.CoachingStatus(0).Valid())
	for p := team.NoData; p <= team.AboveBand; p++ {
		got, err := team.ParseBandPosition(p.String())
		require.NoError(t, err)
		require.Equal(t, p, got)
	}
	require.False(t, team.BandPosition(0).Valid())
}

func TestPostcode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1234AB", "1234 AB", true},
		{" 1234 ab ", "1234 AB", true},
		{"1234", "1234", true},
		{"9999 ZZ", "9999 ZZ", true},
		{"0123 AB", "", false},
		{"123 AB", "", false},
		{"1234 A", "", false},
		{"1234 SS", "", false},
		{"1234 SA", "", false},
		{"1234 ABC", "", false},
		{"12a4", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, err := team.ParsePostcode(tc.in)
		if !tc.ok {
			requireField(t, err, "postcode")
			continue
		}
		require.NoError(t, err, tc.in)
		require.Equal(t, team.Postcode(tc.want), got)
		require.NoError(t, got.Validate("p"))
	}
	require.Equal(t, team.Postcode("1234"), team.Postcode("1234 AB").Area())
	require.Error(t, team.Postcode("1234ab").Validate("p"))
}

func TestDecisionRef(t *testing.T) {
	for _, bad := range []string{"", " x", "x ", "a\nb", "a\x00b", strings.Repeat("x", 201), "\xff"} {
		_, err := team.ParseDecisionRef(bad)
		requireField(t, err, "decision")
	}
	r, err := team.ParseDecisionRef("consensus/01JABC…")
	require.NoError(t, err)
	require.False(t, r.IsZero())
	require.True(t, team.DecisionRef("").IsZero())
}
