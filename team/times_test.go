package team_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// Times outside the years 1 to 9999 (read in UTC) are refused where the
// team takes them, and where a stored team holds them, with an error that
// matches wijk.ErrInvalid and names the field: storage could not write
// them.
func TestTimesInYears1To9999(t *testing.T) {
	const rule = "must be in the years 1 to 9999"
	requireYears := func(t *testing.T, err error, field string) {
		t.Helper()
		requireField(t, err, field)
		var ve *wijk.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, rule, ve.Rule)
	}
	for _, bad := range []struct {
		name string
		at   time.Time
	}{
		{"year 10000", time.Date(10000, time.January, 1, 9, 0, 0, 0, time.UTC)},
		{"year 0", time.Date(0, time.June, 1, 9, 0, 0, 0, time.UTC)},
		{"year 10000 in UTC, 9999 locally", time.Date(9999, time.December, 31, 20, 0, 0, 0, time.FixedZone("-12", -12*3600))},
	} {
		t.Run(bad.name, func(t *testing.T) {
			// NewTeam's Now.
			p := foundParams()
			p.Now = bad.at
			tm, err := team.NewTeam(p)
			require.Nil(t, tm)
			requireYears(t, err, "now")

			// The operations' now and at.
			tm = newTeam(t)
			requireYears(t, tm.ChangeNorms("d1", team.DefaultNorms(), bad.at), "now")
			require.NoError(t, tm.SetCoach(coachID))
			requireYears(t, tm.RequestCoaching(team.CoachingRequestParams{ID: reqID, Topic: "meetings", By: anneID, At: bad.at}), "at")
			require.NoError(t, tm.RequestCoaching(team.CoachingRequestParams{ID: reqID, Topic: "meetings", By: anneID, At: t0}))
			requireYears(t, tm.AcceptCoaching(reqID, coachID, bad.at), "at")

			// A coaching request's Updated is bounded below by At only; it
			// is range-checked on its own.
			r, ok := tm.CoachingRequest(reqID)
			require.True(t, ok)
			r.Status, r.Updated = team.CoachingAccepted, bad.at
			if bad.at.Before(r.At) {
				requireField(t, r.Validate("r"), "r.updated") // before At: the older rule
			} else {
				requireYears(t, r.Validate("r"), "r.updated")
			}

			// A stored team holding such a time is refused.
			for _, tc := range []struct {
				field string
				edit  func(s *team.TeamSnapshot)
			}{
				{"handovers[0].at", func(s *team.TeamSnapshot) { s.Handovers[0].At = bad.at }},
				{"normChanges[0].at", func(s *team.TeamSnapshot) { s.NormChanges[0].At = bad.at }},
				{"coaching[0].at", func(s *team.TeamSnapshot) { s.Coaching[0].At, s.Coaching[0].Updated = bad.at, bad.at }},
			} {
				s := busyTeam(t).Snapshot()
				tc.edit(&s)
				back, err := team.RestoreTeam(s)
				require.Nil(t, back, tc.field)
				requireYears(t, err, tc.field)
			}
		})
	}
	t.Run("a stored coaching request updated in the year 10000", func(t *testing.T) {
		s := busyTeam(t).Snapshot()
		s.Coaching[0].Updated = time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC)
		back, err := team.RestoreTeam(s)
		require.Nil(t, back)
		requireYears(t, err, "coaching[0].updated")
	})
	t.Run("the last moment of 9999 is a time", func(t *testing.T) {
		p := foundParams()
		p.Now = time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
		_, err := team.NewTeam(p)
		require.NoError(t, err)
	})
}
