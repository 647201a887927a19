package team_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func TestStaffGrantsOverTime(t *testing.T) {
	s, err := team.NewStaff(team.NewStaffParams{ID: person(90), Name: "Ilse Bakker"})
	require.NoError(t, err)
	mar1, apr1, may1 := wijk.NewDate(2026, 3, 1), wijk.NewDate(2026, 4, 1), wijk.NewDate(2026, 5, 1)
	require.False(t, s.Holds(team.StaffBackOffice, mar1))
	require.NoError(t, s.Grant(team.StaffBackOffice, mar1, wijk.Date{}, "finance and billing"))
	require.True(t, s.Holds(team.StaffBackOffice, mar1))
	require.True(t, s.Holds(team.StaffBackOffice, may1), "an open term runs on")
	require.False(t, s.Holds(team.StaffBackOffice, mar1.AddDays(-1)), "not before it began")
	require.False(t, s.Holds(team.StaffPrivacyOfficer, apr1), "one role does not give another")

	err = s.Grant(team.StaffBackOffice, apr1, wijk.Date{}, "again")
	require.ErrorIs(t, err, wijk.ErrConflict, "terms of one role do not overlap")
	require.NoError(t, s.End(team.StaffBackOffice, apr1))
	require.True(t, s.Holds(team.StaffBackOffice, apr1), "the last day is included")
	require.False(t, s.Holds(team.StaffBackOffice, apr1.AddDays(1)))
	require.ErrorIs(t, s.End(team.StaffBackOffice, may1), wijk.ErrNotFound, "no term runs then")
	require.NoError(t, s.Grant(team.StaffBackOffice, may1, wijk.Date{}, "back from leave"))
	require.True(t, s.Holds(team.StaffBackOffice, may1))

	back, err := team.RestoreStaff(s.Snapshot())
	require.NoError(t, err)
	require.Equal(t, s.Snapshot(), back.Snapshot())
}

func TestStaffRules(t *testing.T) {
	day := wijk.NewDate(2026, 3, 1)
	tests := []struct {
		name  string
		snap  team.StaffSnapshot
		field string
	}{
		{"no id", team.StaffSnapshot{Name: "Ilse"}, "id"},
		{"no name", team.StaffSnapshot{ID: person(90)}, "name"},
		{"two-line name", team.StaffSnapshot{ID: person(90), Name: "Ilse\nBakker"}, "name"},
		{"zero role", team.StaffSnapshot{ID: person(90), Name: "Ilse", Grants: []team.StaffGrant{{From: day, Reason: "x"}}}, "grants[0].grant.role"},
		{"no first day", team.StaffSnapshot{ID: person(90), Name: "Ilse", Grants: []team.StaffGrant{{Role: team.StaffBackOffice, Reason: "x"}}}, "grants[0].grant.from"},
		{"ends before it begins", team.StaffSnapshot{ID: person(90), Name: "Ilse", Grants: []team.StaffGrant{{Role: team.StaffBackOffice, From: day, Until: day.AddDays(-1), Reason: "x"}}}, "grants[0].grant.until"},
		{"no reason", team.StaffSnapshot{ID: person(90), Name: "Ilse", Grants: []team.StaffGrant{{Role: team.StaffBackOffice, From: day}}}, "grants[0].grant.reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := team.RestoreStaff(tt.snap)
			require.ErrorIs(t, err, wijk.ErrInvalid)
			var ve *wijk.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tt.field, ve.Field)
		})
	}
	r, err := team.ParseStaffRole("Privacy Officer")
	require.NoError(t, err)
	require.Equal(t, team.StaffPrivacyOfficer, r)
	_, err = team.ParseStaffRole("manager")
	require.ErrorIs(t, err, wijk.ErrInvalid)
}
