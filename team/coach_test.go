package team_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func TestCoach(t *testing.T) {
	_, err := team.NewCoach(team.NewCoachParams{ID: coachID})
	requireField(t, err, "name")
	_, err = team.NewCoach(team.NewCoachParams{ID: coachID, Name: "Ria", MaxTeams: -1})
	requireField(t, err, "maxTeams")
	c, err := team.NewCoach(team.NewCoachParams{ID: coachID, Name: "Ria"})
	require.NoError(t, err)
	require.Equal(t, team.DefaultCoachMaxTeams, c.MaxTeams())

	require.NoError(t, c.SetMaxTeams(2))
	require.NoError(t, c.Support(team2ID))
	requireKind(t, c.Support(team2ID), wijk.ErrConflict)
	tm := newTeam(t)
	require.NoError(t, team.Invite(c, tm))
	require.Equal(t, coachID, tm.Coach())
	require.Equal(t, 2, len(c.Teams()))
	require.True(t, c.Supports(teamID))
	requireKind(t, c.Support(idPool[4]), wijk.ErrConflict) // full
	requireKind(t, c.SetMaxTeams(1), wijk.ErrConflict)
	require.NoError(t, c.StopSupporting(team2ID))
	requireKind(t, c.StopSupporting(team2ID), wijk.ErrNotFound)

	// A coach is never a member.
	err = tm.Hire("d1", day("2025-02-01"), team.MemberParams{Person: coachID, Name: "Ria", Level: team.Level5, ContractPerWeek: 8 * time.Hour})
	requireKind(t, err, wijk.ErrForbidden)
	require.False(t, tm.MayDecide(coachID))
	requireKind(t, tm.SetCoach(anneID), wijk.ErrForbidden)

	other, err := team.NewCoach(team.NewCoachParams{ID: idPool[5], Name: "Wim"})
	require.NoError(t, err)
	requireKind(t, team.Invite(other, tm), wijk.ErrConflict)
	require.Empty(t, other.Teams())

	snap := c.Snapshot()
	back, err := team.RestoreCoach(snap)
	require.NoError(t, err)
	diff(t, snap, back.Snapshot())
	snap.Teams = append(snap.Teams, snap.Teams[0])
	_, err = team.RestoreCoach(snap)
	requireKind(t, err, wijk.ErrInvalid)
}

func TestInviteRefusesMember(t *testing.T) {
	tm := newTeam(t)
	c, err := team.NewCoach(team.NewCoachParams{ID: anneID, Name: "Anne"})
	require.NoError(t, err)
	requireKind(t, team.Invite(c, tm), wijk.ErrForbidden)
	require.Empty(t, c.Teams())
	require.Empty(t, tm.Coach())
}

func TestCoachingRequests(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	setup := func(t *testing.T) *team.Team {
		tm := newTeam(t)
		require.NoError(t, tm.SetCoach(coachID))
		require.NoError(t, tm.RequestCoaching(team.CoachingRequestParams{ID: reqID, Topic: "our meetings run long", By: anneID, At: at(0)}))
		return tm
	}
	t.Run("request", func(t *testing.T) {
		tm := newTeam(t)
		p := team.CoachingRequestParams{ID: reqID, Topic: "meetings", By: anneID, At: at(0)}
		requireKind(t, tm.RequestCoaching(p), wijk.ErrConflict) // no coach
		require.NoError(t, tm.SetCoach(coachID))
		bad := p
		bad.Topic = ""
		requireField(t, tm.RequestCoaching(bad), "topic")
		bad = p
		bad.By = dianaID
		requireKind(t, tm.RequestCoaching(bad), wijk.ErrForbidden)
		bad = p
		bad.Coach = bramID
		requireKind(t, tm.RequestCoaching(bad), wijk.ErrForbidden)
		require.NoError(t, tm.RequestCoaching(p))
		requireKind(t, tm.RequestCoaching(p), wijk.ErrConflict)
		r, ok := tm.CoachingRequest(reqID)
		require.True(t, ok)
		diff(t, team.CoachingRequest{ID: reqID, Topic: "meetings", By: anneID, At: at(0), Coach: coachID, Status: team.CoachingRequested, Updated: at(0)}, r)
	})

	type step struct {
		op   string
		by   wijk.ID
		text string
		at   int
		kind error // nil: must succeed
	}
	tests := []struct {
		name  string
		steps []step
		want  team.CoachingStatus
	}{
		{"accept then complete", []step{{"accept", coachID, "", 1, nil}, {"complete", coachID, "agreed a time box", 5, nil}}, team.CoachingCompleted},
		{"member records outcome", []step{{"accept", coachID, "", 1, nil}, {"complete", bramID, "better", 5, nil}}, team.CoachingCompleted},
		{"other coach cannot accept", []step{{"accept", idPool[5], "", 1, wijk.ErrForbidden}}, team.CoachingRequested},
		{"member cannot accept", []step{{"accept", anneID, "", 1, wijk.ErrForbidden}}, team.CoachingRequested},
		{"decline needs reason", []step{{"decline", coachID, "", 1, wijk.ErrInvalid}}, team.CoachingRequested},
		{"decline", []step{{"decline", coachID, "on holiday", 1, nil}, {"accept", coachID, "", 2, wijk.ErrConflict}}, team.CoachingDeclined},
		{"complete needs accept", []step{{"complete", coachID, "done", 1, wijk.ErrConflict}}, team.CoachingRequested},
		{"complete needs outcome", []step{{"accept", coachID, "", 1, nil}, {"complete", coachID, " ", 2, wijk.ErrInvalid}}, team.CoachingAccepted},
		{"stranger cannot complete", []step{{"accept", coachID, "", 1, nil}, {"complete", dianaID, "x", 2, wijk.ErrForbidden}}, team.CoachingAccepted},
		{"withdraw", []step{{"accept", coachID, "", 1, nil}, {"withdraw", cemID, "", 2, nil}, {"complete", coachID, "x", 3, wijk.ErrConflict}}, team.CoachingWithdrawn},
		{"coach cannot withdraw", []step{{"withdraw", coachID, "", 1, wijk.ErrForbidden}}, team.CoachingRequested},
		{"time goes back", []step{{"accept", coachID, "", -1, wijk.ErrConflict}}, team.CoachingRequested},
		{"unknown request", []step{{"accept-unknown", coachID, "", 1, wijk.ErrNotFound}}, team.CoachingRequested},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tm := setup(t)
			for _, s := range tc.steps {
				var err error
				switch s.op {
				case "accept":
					err = tm.AcceptCoaching(reqID, s.by, at(s.at))
				case "accept-unknown":
					err = tm.AcceptCoaching(idPool[6], s.by, at(s.at))
				case "decline":
					err = tm.DeclineCoaching(reqID, s.by, s.text, at(s.at))
				case "complete":
					err = tm.CompleteCoaching(reqID, s.by, s.text, at(s.at))
				case "withdraw":
					err = tm.WithdrawCoaching(reqID, s.by, s.text, at(s.at))
				}
				if s.kind == nil {
					require.NoError(t, err, s.op)
				} else {
					requireKind(t, err, s.kind)
				}
			}
			r, _ := tm.CoachingRequest(reqID)
			require.Equal(t, tc.want, r.Status)
		})
	}
	require.True(t, team.CoachingCompleted.Closed())
	require.False(t, team.CoachingAccepted.Closed())
	require.False(t, team.CoachingCompleted.CanMoveTo(team.CoachingRequested))
}

// CoachingRequest.Validate is what a restored team checks its requests
// with; it must refuse the records the operations never write.
func TestCoachingRequestValidate(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	good := team.CoachingRequest{ID: idPool[6], Topic: "meetings", By: anneID, At: at(0), Coach: coachID,
		Status: team.CoachingRequested, Updated: at(0)}
	require.NoError(t, good.Validate("r"))
	tests := []struct {
		name  string
		edit  func(*team.CoachingRequest)
		field string
	}{
		{"declined without reason", func(r *team.CoachingRequest) { r.Status, r.Updated = team.CoachingDeclined, at(1) }, "r.outcome"},
		{"completed without outcome", func(r *team.CoachingRequest) { r.Status, r.Updated = team.CoachingCompleted, at(1) }, "r.outcome"},
		{"requested with an outcome", func(r *team.CoachingRequest) { r.Outcome = "done" }, "r.outcome"},
		{"accepted with an outcome", func(r *team.CoachingRequest) {
			r.Status, r.Updated, r.Outcome = team.CoachingAccepted, at(1), "done"
		}, "r.outcome"},
		{"requested but updated later", func(r *team.CoachingRequest) { r.Updated = at(1) }, "r.updated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.edit(&r)
			requireField(t, r.Validate("r"), tc.field)
		})
	}
	declined := good
	declined.Status, declined.Updated, declined.Outcome = team.CoachingDeclined, at(1), "on holiday"
	require.NoError(t, declined.Validate("r"))
	withdrawn := good
	withdrawn.Status, withdrawn.Updated = team.CoachingWithdrawn, at(1)
	require.NoError(t, withdrawn.Validate("r"))
}
