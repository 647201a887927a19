package consensus

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

// requireYears checks that err refuses a time outside the years 1 to 9999
// in field, and is nothing but a validation error.
func requireYears(t *testing.T, err error, field string) {
	t.Helper()
	requireKind(t, wijk.ErrInvalid, err)
	for _, kind := range []error{wijk.ErrConflict, wijk.ErrForbidden, wijk.ErrNotFound} {
		require.NotErrorIs(t, err, kind)
	}
	var ve *wijk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, field, ve.Field, ve.Error())
	require.Equal(t, "must be in the years 1 to 9999", ve.Rule)
}

// testedIndex returns the index of the first stance record with a test.
func testedIndex(t *testing.T, ss []Stance) int {
	t.Helper()
	for i, s := range ss {
		if !s.TestedAt.IsZero() {
			return i
		}
	}
	t.Fatal("no tested stance")
	return -1
}

// Times outside the years 1 to 9999 (read in UTC) are refused where
// proposals, meetings and decisions take them, and where a stored one
// holds them, with an error that matches wijk.ErrInvalid and names the
// field: storage could not write them.
func TestTimesInYears1To9999(t *testing.T) {
	for _, bad := range []struct {
		name string
		at   time.Time
	}{
		{"year 10000", time.Date(10000, time.January, 1, 9, 0, 0, 0, time.UTC)},
		{"year 0", time.Date(0, time.June, 1, 9, 0, 0, 0, time.UTC)},
	} {
		t.Run(bad.name, func(t *testing.T) {
			t.Run("operations", func(t *testing.T) {
				_, err := NewProposal(ProposalParams{ID: id(200), Team: teamID, Owner: ann, Title: "t", Text: "x", Reason: "y", CreatedAt: bad.at})
				requireYears(t, err, "createdAt")

				requireYears(t, newDraft(t, nil).Present(Act{By: ann, At: bad.at}, members()), "at")

				p := newDraft(t, nil)
				require.NoError(t, p.Present(Act{By: ann, At: at(1)}, members()))
				requireYears(t, p.StartRound(Act{By: cas, At: at(2)}, bad.at), "closesAt")
				require.Equal(t, Presented, p.State())

				p = inRound(t, nil)
				requireYears(t, p.TakeStance(StanceParams{Member: bob, Kind: Consent, At: bad.at}), "at")
				stance(t, p, bob, Objection, 3)
				requireYears(t, p.TestObjection(TestParams{Objector: bob, By: dee, Valid: true, Reason: "harm shown", At: bad.at}), "at")
				_, err = p.Close(Act{By: dee, At: bad.at})
				requireYears(t, err, "at")

				_, err = NewMeeting(MeetingParams{ID: id(300), Team: teamID, Facilitator: dee, Present: members(), StartsAt: bad.at})
				requireYears(t, err, "startsAt")
				requireYears(t, newMeeting(t).AddNotice(Act{By: cas, At: bad.at}, "notice"), "at")

				_, err = SuggestFacilitator(members(), []Facilitation{{Member: ann, At: t0}, {Member: bob, At: bad.at}})
				requireYears(t, err, "past[1].at")
			})

			t.Run("stored proposal", func(t *testing.T) {
				// In an open round a stance's test time has no upper bound
				// but the years.
				p := inRound(t, nil)
				stance(t, p, bob, Objection, 3)
				require.NoError(t, p.TestObjection(TestParams{Objector: bob, By: dee, Valid: true, Reason: "harm shown", At: at(4)}))
				ti := testedIndex(t, p.Snapshot().Stances)
				for _, tc := range []struct {
					field string
					edit  func(s *ProposalSnapshot)
				}{
					{"createdAt", func(s *ProposalSnapshot) { s.CreatedAt = bad.at }},
					{"versions[0].at", func(s *ProposalSnapshot) { s.Versions[0].At = bad.at }},
					{"transitions[1].at", func(s *ProposalSnapshot) { s.Transitions[1].At = bad.at }},
					{"roundCloses", func(s *ProposalSnapshot) { s.RoundCloses = bad.at }},
					{"roundOpened", func(s *ProposalSnapshot) { s.RoundOpened = bad.at }},
					{"stances[0].at", func(s *ProposalSnapshot) { s.Stances[0].At = bad.at }},
					{fmt.Sprintf("stances[%d].testedAt", ti), func(s *ProposalSnapshot) { s.Stances[ti].TestedAt = bad.at }},
				} {
					s := p.Snapshot()
					tc.edit(&s)
					r, err := RestoreProposal(s)
					require.Nil(t, r, tc.field)
					requireYears(t, err, tc.field)
				}
			})

			t.Run("stored meeting", func(t *testing.T) {
				m := newMeeting(t)
				require.NoError(t, m.AcceptPreviousReport(Act{By: bob, At: at(1)}, id(299)))
				require.NoError(t, m.AddNotice(Act{By: cas, At: at(2)}, "notice"))
				require.NoError(t, m.FixAgenda(Act{By: dee, At: at(4)}, []ItemParams{{ID: id(401), Title: "Rota", Owner: ann}}, &seqIDs{n: 20}))
				require.NoError(t, m.CloseItem(Act{By: dee, At: at(5)}, id(401), "done"))
				require.NoError(t, m.Close(Act{By: dee, At: at(6)}, "minutes"))
				for _, tc := range []struct {
					field string
					edit  func(s *MeetingSnapshot)
				}{
					{"startsAt", func(s *MeetingSnapshot) { s.StartsAt = bad.at }},
					{"report.at", func(s *MeetingSnapshot) { s.Report.At = bad.at }},
					{"notices[0].at", func(s *MeetingSnapshot) { s.Notices[0].At = bad.at }},
					{"fixedAt", func(s *MeetingSnapshot) { s.FixedAt = bad.at }},
					{"closedAt", func(s *MeetingSnapshot) { s.ClosedAt = bad.at }},
				} {
					s := m.Snapshot()
					tc.edit(&s)
					r, err := RestoreMeeting(s)
					require.Nil(t, r, tc.field)
					requireYears(t, err, tc.field)
				}
			})

			t.Run("decision", func(t *testing.T) {
				good, err := NewDecision(objectedAndAmended(t, nil), DecisionParams{ID: id(500), Rationale: "r", ReviewOn: wijk.NewDate(2026, 9, 1)})
				require.NoError(t, err)
				require.NoError(t, good.Validate())
				si, hi := testedIndex(t, good.Stances), testedIndex(t, good.History)
				for _, tc := range []struct {
					field string
					edit  func(d *Decision)
				}{
					{"presentedAt", func(d *Decision) { d.PresentedAt = bad.at }},
					{"decidedAt", func(d *Decision) { d.DecidedAt = bad.at }},
					{"objections[0].at", func(d *Decision) { d.Objections[0].At = bad.at }},
					{"stances[0].at", func(d *Decision) { d.Stances[0].At = bad.at }},
					{fmt.Sprintf("stances[%d].testedAt", si), func(d *Decision) { d.Stances[si].TestedAt = bad.at }},
					{fmt.Sprintf("history[%d].testedAt", hi), func(d *Decision) { d.History[hi].TestedAt = bad.at }},
				} {
					d := cloneDecision(good)
					tc.edit(&d)
					requireYears(t, d.Validate(), tc.field)
				}
			})
		})
	}
}
