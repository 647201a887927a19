package team_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func TestRoleHandOver(t *testing.T) {
	tm := newTeam(t)
	requireKind(t, tm.HandOverRole("", team.RoleMentor, cemID, day("2025-02-01"), day("2025-12-31"), "", t0), wijk.ErrConflict)
	requireKind(t, tm.HandOverRole("", team.RolePlanner, anneID, day("2025-02-01"), day("2025-12-31"), "", t0), wijk.ErrConflict)
	requireKind(t, tm.HandOverRole("", team.RolePlanner, cemID, day("2024-12-01"), day("2025-12-31"), "", t0), wijk.ErrConflict)
	requireKind(t, tm.HandOverRole("", team.RolePlanner, dianaID, day("2025-02-01"), day("2025-12-31"), "", t0), wijk.ErrNotFound)
	requireKind(t, tm.HandOverRole("", "boss", cemID, day("2025-02-01"), day("2025-12-31"), "", t0), wijk.ErrNotFound)

	require.NoError(t, tm.HandOverRole("d5", team.RolePlanner, cemID, day("2025-02-01"), day("2026-01-31"), "roster for March is drafted", t0))
	h, ok := tm.Holder(team.RolePlanner)
	require.True(t, ok)
	require.Equal(t, cemID, h.Holder)
	require.Equal(t, team.DecisionRef("d5"), h.Decision)
	as := tm.Assignments()
	require.Equal(t, day("2025-02-01"), as[0].Ended)
	require.True(t, as[0].HeldOn(day("2025-01-31")))
	require.False(t, as[0].HeldOn(day("2025-02-01")))
	hs := tm.Handovers()
	diff(t, team.Handover{Role: team.RolePlanner, From: anneID, To: cemID, On: day("2025-02-01"), At: t0, Decision: "d5", Note: "roster for March is drafted"}, hs[len(hs)-1])
}

func TestAssignReleaseRenewRetire(t *testing.T) {
	tm := newTeam(t)
	requireKind(t, tm.AssignRole("", team.RolePlanner, cemID, day("2025-02-01"), day("2025-12-31"), t0), wijk.ErrConflict)
	requireKind(t, tm.AssignRole("", team.RoleMentor, cemID, day("2025-02-01"), day("2025-01-31"), t0), wijk.ErrInvalid)
	requireKind(t, tm.AssignRole("", team.RoleMentor, cemID, day("2024-12-01"), day("2025-12-31"), t0), wijk.ErrConflict)
	require.NoError(t, tm.AssignRole("", team.RoleMentor, cemID, day("2025-02-01"), day("2025-12-31"), t0))

	requireKind(t, tm.ReleaseRole("", team.RoleDeveloper, day("2025-03-01"), "", t0), wijk.ErrConflict)
	requireKind(t, tm.ReleaseRole("", team.RoleMentor, day("2025-01-01"), "", t0), wijk.ErrConflict)
	require.NoError(t, tm.ReleaseRole("", team.RoleMentor, day("2025-03-01"), "too busy", t0))
	_, held := tm.Holder(team.RoleMentor)
	require.False(t, held)

	requireKind(t, tm.RenewTerm("", team.RoleMentor, day("2026-01-01")), wijk.ErrConflict)
	require.NoError(t, tm.RenewTerm("d2", team.RoleInformer, day("2025-12-31")))
	h, _ := tm.Holder(team.RoleInformer)
	require.Equal(t, day("2025-12-31"), h.Until)

	requireKind(t, tm.RetireRole("", team.RolePlanner, day("2025-03-01")), wijk.ErrConflict)
	require.NoError(t, tm.RetireRole("d3", team.RoleMentor, day("2025-03-01")))
	requireKind(t, tm.RetireRole("d3", team.RoleMentor, day("2025-03-01")), wijk.ErrConflict)
	requireKind(t, tm.AssignRole("", team.RoleMentor, cemID, day("2025-04-01"), day("2025-12-31"), t0), wijk.ErrConflict)
	requireKind(t, tm.DefineRole("", team.RoleDefinition{Name: "mentor"}), wijk.ErrConflict)
	require.NoError(t, tm.ReviveRole("d4", team.RoleMentor))
	require.NoError(t, tm.AssignRole("", team.RoleMentor, cemID, day("2025-04-01"), day("2025-12-31"), t0))

	require.NoError(t, tm.DefineRole("d6", team.RoleDefinition{Name: "Intake", Description: "first visits"}))
	requireKind(t, tm.DefineRole("", team.RoleDefinition{Name: " "}), wijk.ErrInvalid)
	require.NoError(t, tm.AssignRole("d7", "intake", bramID, day("2025-04-01"), day("2025-12-31"), t0))
	require.Equal(t, []team.RoleName{"informer", "intake"}, tm.RolesOf(bramID))
}

func TestAdvisories(t *testing.T) {
	kinds := func(as []team.Advisory) []team.AdvisoryKind {
		var out []team.AdvisoryKind
		for _, a := range as {
			out = append(out, a.Kind)
		}
		return out
	}
	t.Run("fresh team: four roles unheld", func(t *testing.T) {
		tm := newTeam(t)
		as := tm.Advisories(day("2025-03-01"))
		require.Len(t, as, 4)
		for _, a := range as {
			require.Equal(t, team.AdvisoryUnheldRole, a.Kind)
		}
		require.Equal(t, team.RoleDeveloper, as[0].Role, "sorted by role name")
	})
	t.Run("expired term", func(t *testing.T) {
		tm := newTeam(t)
		as := tm.Advisories(day("2025-07-01"))
		require.Contains(t, kinds(as), team.AdvisoryTermExpired)
		var exp team.Advisory
		for _, a := range as {
			if a.Kind == team.AdvisoryTermExpired {
				exp = a
			}
		}
		require.Equal(t, team.RoleInformer, exp.Role)
		require.Equal(t, bramID, exp.Member)
		require.Contains(t, exp.Message, "Bram")
		require.NotContains(t, kinds(tm.Advisories(day("2025-06-30"))), team.AdvisoryTermExpired)
	})
	t.Run("role concentration", func(t *testing.T) {
		tm := newTeam(t)
		for _, r := range []team.RoleName{team.RoleMentor, team.RoleDeveloper} {
			require.NoError(t, tm.AssignRole("", r, anneID, day("2025-01-01"), day("2025-12-31"), t0))
		}
		as := tm.Advisories(day("2025-03-01"))
		require.Contains(t, kinds(as), team.AdvisoryRoleConcentration)
		for _, a := range as {
			if a.Kind == team.AdvisoryRoleConcentration {
				require.Equal(t, anneID, a.Member)
				require.Contains(t, a.Message, "3 roles")
			}
		}
		require.NoError(t, tm.ChangeNorms("d1", team.Norms{SizeNorm: 12, CaseloadMin: 40, CaseloadMax: 60, MaxRolesPerMember: 3}, t0))
		require.NotContains(t, kinds(tm.Advisories(day("2025-03-01"))), team.AdvisoryRoleConcentration)
	})
	t.Run("no district nurse and over size", func(t *testing.T) {
		tm := newTeam(t)
		require.NoError(t, tm.Leave("d1", anneID, day("2025-02-28"), t0))
		require.Contains(t, kinds(tm.Advisories(day("2025-03-01"))), team.AdvisoryNoDistrictNurse)
		require.NoError(t, tm.ChangeNorms("d2", team.Norms{SizeNorm: 2, CaseloadMin: 40, CaseloadMax: 60, MaxRolesPerMember: 2}, t0))
		require.NoError(t, tm.Hire("d3", day("2025-03-01"), founders()[0]))
		ks := kinds(tm.Advisories(day("2025-03-01")))
		require.Contains(t, ks, team.AdvisoryOverSize)
		require.NotContains(t, ks, team.AdvisoryNoDistrictNurse)
	})
	t.Run("retired role is not unheld", func(t *testing.T) {
		tm := newTeam(t)
		require.NoError(t, tm.RetireRole("", team.RoleDeveloper, day("2025-02-01")))
		for _, a := range tm.Advisories(day("2025-03-01")) {
			require.NotEqual(t, team.RoleDeveloper, a.Role)
		}
	})
	t.Run("caseload", func(t *testing.T) {
		tm := newTeam(t)
		_, ok := tm.CaseloadAdvisory(50)
		require.False(t, ok)
		a, ok := tm.CaseloadAdvisory(61)
		require.True(t, ok)
		require.Equal(t, team.AdvisoryCaseload, a.Kind)
		require.Contains(t, a.Message, "more than")
		a, ok = tm.CaseloadAdvisory(12)
		require.True(t, ok)
		require.Contains(t, a.Message, "fewer than")
	})
}

func TestRoleName(t *testing.T) {
	r, err := team.ParseRoleName("  Team\tPlayer ")
	require.NoError(t, err)
	require.Equal(t, team.RoleTeamPlayer, r)
	require.True(t, r.IsStandard())
	for _, bad := range []string{"", "  ", "a\nb", "\xff"} {
		_, err := team.ParseRoleName(bad)
		requireField(t, err, "role")
	}
	require.Error(t, team.RoleName("Planner").Validate("r"))
}
