package team_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func FuzzParsePostcode(f *testing.F) {
	for _, s := range []string{"1234AB", "1234 ab", "1234", "0123 AB", "1234 SS", " 9999zz ", "12345", "١٢٣٤"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := team.ParsePostcode(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.NoError(t, p.Validate("p"))
		again, err := team.ParsePostcode(string(p))
		require.NoError(t, err)
		require.Equal(t, p, again)
		require.Len(t, string(p.Area()), 4)
	})
}

func FuzzParseDecisionRef(f *testing.F) {
	for _, s := range []string{"decision-1", "", " x", "a\nb", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := team.ParseDecisionRef(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.False(t, r.IsZero())
		require.NoError(t, r.Validate("d"))
	})
}

func FuzzParseRoleName(f *testing.F) {
	for _, s := range []string{"planner", " Team  Player ", "", "a\nb", "wondzorg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := team.ParseRoleName(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.NoError(t, r.Validate("r"))
		again, err := team.ParseRoleName(string(r))
		require.NoError(t, err)
		require.Equal(t, r, again)
	})
}

func FuzzNewTeam(f *testing.F) {
	f.Add("Noord", "Oud-Noord", "1031 AB", "Anne", 5, 1920, "planner", "Bram", 4, 1440, 12, 40, 60, 2)
	f.Add("", "", "", "", 0, 0, "", "", 0, 0, 0, 0, 0, 0)
	f.Add("X", "", "0000", "A\nB", 6, -5, "boss", "Anne", 3, 3601, 1, 60, 40, 0)
	f.Fuzz(func(t *testing.T, name, area, postcode, m1 string, l1, c1 int, role, m2 string, l2, c2, size, cmin, cmax, roles int) {
		p := team.NewTeamParams{
			ID: teamID, Name: name, Founded: day("2025-01-01"), Now: t0,
			Neighbourhood: team.Neighbourhood{Area: area},
			Norms:         team.Norms{SizeNorm: size, CaseloadMin: cmin, CaseloadMax: cmax, MaxRolesPerMember: roles},
			Members: []team.MemberParams{
				{Person: anneID, Name: m1, Level: team.Level(l1), ContractPerWeek: time.Duration(c1) * time.Minute},
				{Person: bramID, Name: m2, Level: team.Level(l2), ContractPerWeek: time.Duration(c2) * time.Minute},
			},
			Roles: []team.InitialRole{{Role: role, Holder: anneID, Until: day("2025-12-31")}},
		}
		if postcode != "" {
			p.Neighbourhood.Postcodes = []team.Postcode{team.Postcode(postcode)}
		}
		tm, err := team.NewTeam(p)
		if err != nil {
			require.Nil(t, tm)
			return
		}
		require.Equal(t, 2, tm.Size())
		require.NoError(t, tm.Norms().Validate("norms"))
		for _, m := range tm.Members() {
			require.NoError(t, m.Validate("m"))
		}
		back, err := team.RestoreTeam(tm.Snapshot())
		require.NoError(t, err)
		diff(t, tm.Snapshot(), back.Snapshot())
		_ = tm.Advisories(day("2026-01-01"))
	})
}

func FuzzHoursRecord(f *testing.F) {
	f.Add(480, 300, 60, 0, 0, 0)
	f.Add(-1, 0, 0, 0, 0, 0)
	f.Add(1440, 0, 0, 1, 0, 0)
	f.Fuzz(func(t *testing.T, worked, cf, travel, sick, leave, training int) {
		m := func(n int) time.Duration { return time.Duration(n) * time.Minute }
		h := team.HoursRecord{Person: anneID, Day: day("2025-03-03"), Worked: m(worked), ClientFacing: m(cf), Travel: m(travel), Sick: m(sick), Leave: m(leave), Training: m(training)}
		tm := newTeam(t)
		if err := tm.CheckHours(h); err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			_, err := tm.MonthFigures([]team.HoursRecord{h}, 2025, time.March)
			require.ErrorIs(t, err, wijk.ErrInvalid, "figures refuse what recording refuses")
			return
		}
		for _, d := range []time.Duration{h.Worked, h.ClientFacing, h.Travel, h.Sick, h.Leave, h.Training} {
			require.GreaterOrEqual(t, d, time.Duration(0))
		}
		require.LessOrEqual(t, h.ClientFacing+h.Travel, h.Worked)
		require.LessOrEqual(t, h.Worked+h.Absent(), 24*time.Hour)
		f, err := tm.MonthFigures([]team.HoursRecord{h}, 2025, time.March)
		require.NoError(t, err)
		require.LessOrEqual(t, f.Productivity.Value(), 1.0)
	})
}

func FuzzProposeSplit(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add([]byte{0, 0, 0, 255, 255, 255, 7, 7})
	f.Add([]byte{})
	tm := splitTeam(f, 8, 0)
	f.Fuzz(func(t *testing.T, data []byte) {
		// Each three bytes: a client (0–15), a member (0–9, where 8 and 9
		// are not members) and a visit count; the client's postcode area
		// comes from its number.
		var in team.SplitInput
		listed := map[int]bool{}
		for i := 0; i+2 < len(data); i += 3 {
			c := int(data[i] % 16)
			if !listed[c] {
				listed[c] = true
				in.Clients = append(in.Clients, team.ClientLocation{Client: client(c), Postcode: team.Postcode([]string{"1011", "1012 AB", "2011 CD", "3011"}[c%4])})
			}
			in.Visits = append(in.Visits, team.VisitCount{Client: client(c), Member: person(int(data[i+1] % 10)), Visits: int(data[i+2]) - 8})
		}
		p, err := tm.ProposeSplit(in)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.Len(t, p.Members, 8)
		require.Len(t, p.Clients, len(in.Clients))
		require.NotEmpty(t, p.Sides[0].Members)
		require.NotEmpty(t, p.Sides[1].Members)
		require.LessOrEqual(t, p.Continuity.Value(), 1.0)
		side := map[team.Postcode]int{}
		for _, c := range p.Clients {
			if s, ok := side[c.Area]; ok {
				require.Equal(t, s, c.Side)
			}
			side[c.Area] = c.Side
		}
	})
}
