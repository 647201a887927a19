package team_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// TestSnapshotsJSONKeepEnumsByName checks the stored form of a team, a
// coach and a staff member: every enum is written as its word, a running
// membership's end reason is left out, and each reads back the same.
func TestSnapshotsJSONKeepEnumsByName(t *testing.T) {
	s := busyTeam(t).Snapshot()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var doc struct {
		Members []struct {
			Level          int
			Status, Joined string
			EndReason      *string `json:"end_reason"`
		}
		Coaching []struct{ Status string }
	}
	require.NoError(t, json.Unmarshal(b, &doc), "every enum is a JSON string")
	var running, ended int
	for i, m := range doc.Members {
		require.Equal(t, s.Members[i].Status.String(), m.Status)
		require.Equal(t, s.Members[i].Joined.String(), m.Joined)
		require.Equal(t, int(s.Members[i].Level), m.Level, "a qualification level is a number of the care system, kept as such")
		if s.Members[i].EndReason == 0 {
			require.Nil(t, m.EndReason, "a running membership has no end reason")
			running++
		} else {
			require.Equal(t, s.Members[i].EndReason.String(), *m.EndReason)
			ended++
		}
	}
	require.NotZero(t, running)
	require.NotZero(t, ended)
	require.Equal(t, "accepted", doc.Coaching[0].Status)

	var back team.TeamSnapshot
	require.NoError(t, json.Unmarshal(b, &back))
	r, err := team.RestoreTeam(back)
	require.NoError(t, err)
	diff(t, s, r.Snapshot())

	s.Members[0].Status = 0
	_, err = json.Marshal(s)
	require.ErrorIs(t, err, wijk.ErrInvalid, "a member without a status is not written")

	c, err := team.NewCoach(team.NewCoachParams{ID: coachID, Name: "Ria"})
	require.NoError(t, err)
	require.NoError(t, c.Support(team2ID))
	b, err = json.Marshal(c.Snapshot())
	require.NoError(t, err)
	var cs team.CoachSnapshot
	require.NoError(t, json.Unmarshal(b, &cs))
	diff(t, c.Snapshot(), cs)

	st, err := team.NewStaff(team.NewStaffParams{ID: person(90), Name: "Ilse Bakker"})
	require.NoError(t, err)
	require.NoError(t, st.Grant(team.StaffPrivacyOfficer, day("2026-03-01"), wijk.Date{}, "privacy"))
	b, err = json.Marshal(st.Snapshot())
	require.NoError(t, err)
	require.Contains(t, string(b), `"role":"privacy officer"`)
	var ss team.StaffSnapshot
	require.NoError(t, json.Unmarshal(b, &ss))
	diff(t, st.Snapshot(), ss)
}
