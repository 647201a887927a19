package consensus

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
)

func TestSuggestFacilitator(t *testing.T) {
	tests := []struct {
		name       string
		candidates []wijk.ID
		past       []Facilitation
		want       wijk.ID
	}{
		{"nobody facilitated: lowest ID", []wijk.ID{cas, bob, dee}, nil, bob},
		{"never facilitated goes first", []wijk.ID{bob, cas}, []Facilitation{{bob, at(0)}}, cas},
		{"least recent wins", []wijk.ID{bob, cas, dee}, []Facilitation{{bob, at(30)}, {cas, at(10)}, {dee, at(20)}}, cas},
		{"latest facilitation counts", []wijk.ID{bob, cas}, []Facilitation{{bob, at(5)}, {cas, at(10)}, {bob, at(40)}}, cas},
		{"tie broken by ID", []wijk.ID{dee, cas}, []Facilitation{{dee, at(10)}, {cas, at(10)}}, cas},
		{"past of non-candidates ignored", []wijk.ID{bob}, []Facilitation{{eve, at(1)}}, bob},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SuggestFacilitator(tt.candidates, tt.past)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
	_, err := SuggestFacilitator(nil, nil)
	requireKind(t, wijk.ErrInvalid, err)
	_, err = SuggestFacilitator([]wijk.ID{bob, bob}, nil)
	requireKind(t, wijk.ErrInvalid, err)
	_, err = SuggestFacilitator([]wijk.ID{bob}, []Facilitation{{bob, time.Time{}}})
	requireKind(t, wijk.ErrInvalid, err)
}

func newMeeting(t *testing.T) *Meeting {
	t.Helper()
	m, err := NewMeeting(MeetingParams{ID: id(300), Team: teamID, Facilitator: dee, Present: members(), StartsAt: t0})
	require.NoError(t, err)
	return m
}

type seqIDs struct{ n int }

func (s *seqIDs) NewID() wijk.ID { s.n++; return id(400 + s.n) }

func TestMeetingFlow(t *testing.T) {
	m := newMeeting(t)
	require.Equal(t, MeetingOpening, m.State())
	err := m.FixAgenda(Act{By: dee, At: at(1)}, nil, &seqIDs{})
	requireKind(t, wijk.ErrConflict, err)
	require.Contains(t, err.Error(), "previous report")

	require.NoError(t, m.AcceptPreviousReport(Act{By: bob, At: at(1)}, id(299)))
	requireKind(t, wijk.ErrConflict, m.AcceptPreviousReport(Act{By: bob, At: at(1)}, id(299)))
	require.NoError(t, m.AddNotice(Act{By: cas, At: at(2)}, "The new car arrives on Friday."))
	require.NoError(t, m.AddOtherBusiness(Act{By: bob, At: at(3)}, "Summer holidays"))
	requireKind(t, wijk.ErrForbidden, m.AddNotice(Act{By: eve, At: at(3)}, "not here"))

	items := []ItemParams{{ID: id(401), Title: "Morning start time", Owner: ann}, {ID: id(402), Title: "Phone rota", Owner: dee}}
	requireKind(t, wijk.ErrForbidden, m.FixAgenda(Act{By: ann, At: at(4)}, items, &seqIDs{n: 10}))
	require.NoError(t, m.FixAgenda(Act{By: dee, At: at(4)}, items, &seqIDs{n: 10}))
	require.Equal(t, MeetingInProgress, m.State())
	requireKind(t, wijk.ErrConflict, m.AddNotice(Act{By: cas, At: at(5)}, "too late"))
	requireKind(t, wijk.ErrConflict, m.FixAgenda(Act{By: dee, At: at(5)}, items, &seqIDs{}))
	want := []AgendaItem{
		{ID: id(401), Title: "Morning start time", Owner: ann},
		{ID: id(402), Title: "Phone rota", Owner: dee},
		{ID: id(411), Title: "Summer holidays", Owner: bob, OtherBusiness: true},
	}
	if d := cmp.Diff(want, m.Agenda()); d != "" {
		t.Fatalf("agenda (-want +got):\n%s", d)
	}

	pp := ProposalParams{ID: id(200), Team: teamID, Owner: dee, Title: "Phone rota", Text: "x", Reason: "y", CreatedAt: at(6)}
	_, err = m.Propose(id(402), pp)
	requireKind(t, wijk.ErrForbidden, err)
	_, err = m.Propose(id(499), pp)
	requireKind(t, wijk.ErrNotFound, err)

	pp.Owner, pp.Title = bob, "Start at 07:30"
	_, err = m.Propose(id(401), pp) // the item is Ann's, not Bob's
	requireKind(t, wijk.ErrForbidden, err)
	require.Empty(t, m.Agenda()[0].Proposal)

	pp.Owner = ann
	p, err := m.Propose(id(401), pp)
	require.NoError(t, err)
	require.Equal(t, dee, p.Facilitator())
	require.Equal(t, m.ID(), p.Meeting())
	require.Equal(t, p.ID(), m.Agenda()[0].Proposal)
	_, err = m.Propose(id(401), pp)
	requireKind(t, wijk.ErrConflict, err)

	require.NoError(t, p.Present(Act{By: ann, At: at(7)}, members()))
	require.NoError(t, p.StartRound(Act{By: dee, At: at(8)}, at(60)))
	requireKind(t, wijk.ErrForbidden, p.Amend(Act{By: dee, At: at(9), Why: "better"}, Revision{Text: "a", Reason: "b"}))

	requireKind(t, wijk.ErrForbidden, m.CloseItem(Act{By: ann, At: at(10)}, id(401), "adopted"))
	require.NoError(t, m.CloseItem(Act{By: dee, At: at(10)}, id(401), "adopted"))
	requireKind(t, wijk.ErrConflict, m.CloseItem(Act{By: dee, At: at(11)}, id(401), "again"))
	require.NoError(t, m.Close(Act{By: dee, At: at(12)}, "Start time adopted; phone rota next time."))
	require.Equal(t, MeetingClosed, m.State())
	require.Equal(t, Facilitation{Member: dee, At: t0}, m.Facilitation())
}

func TestTakeUpForbidsFacilitatorsProposal(t *testing.T) {
	m := newMeeting(t)
	require.NoError(t, m.AcceptPreviousReport(Act{By: bob, At: at(1)}, ""))
	require.NoError(t, m.FixAgenda(Act{By: dee, At: at(2)}, []ItemParams{{ID: id(401), Title: "Rota", Owner: ann}}, nil))
	own := newDraft(t, func(pp *ProposalParams) { pp.Owner = dee })
	requireKind(t, wijk.ErrForbidden, m.TakeUp(id(401), own))
	other := newDraft(t, func(pp *ProposalParams) { pp.Team = id(101) })
	requireKind(t, wijk.ErrInvalid, m.TakeUp(id(401), other))
	p := newDraft(t, nil)
	require.NoError(t, m.TakeUp(id(401), p))
	require.Equal(t, dee, p.Facilitator())
}

func TestNewMeetingValidation(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*MeetingParams)
	}{
		{"facilitator absent", func(p *MeetingParams) { p.Facilitator = eve }},
		{"no members", func(p *MeetingParams) { p.Present = nil }},
		{"duplicate member", func(p *MeetingParams) { p.Present = []wijk.ID{dee, dee} }},
		{"no time", func(p *MeetingParams) { p.StartsAt = time.Time{} }},
		{"bad team", func(p *MeetingParams) { p.Team = "t" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp := MeetingParams{ID: id(300), Team: teamID, Facilitator: dee, Present: members(), StartsAt: t0}
			tt.mod(&mp)
			_, err := NewMeeting(mp)
			requireKind(t, wijk.ErrInvalid, err)
		})
	}
}

func TestMeetingSnapshotRoundTrip(t *testing.T) {
	m := newMeeting(t)
	check := func() {
		t.Helper()
		r, err := RestoreMeeting(m.Snapshot())
		require.NoError(t, err)
		if d := cmp.Diff(m.Snapshot(), r.Snapshot()); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
	}
	check()
	require.NoError(t, m.AcceptPreviousReport(Act{By: bob, At: at(1), Why: "typo fixed"}, id(299)))
	require.NoError(t, m.AddNotice(Act{By: cas, At: at(2)}, "notice"))
	require.NoError(t, m.AddOtherBusiness(Act{By: bob, At: at(3)}, "holidays"))
	check()
	require.NoError(t, m.FixAgenda(Act{By: dee, At: at(4)}, []ItemParams{{ID: id(401), Title: "Rota", Owner: ann}}, &seqIDs{n: 20}))
	check()
	require.NoError(t, m.CloseItem(Act{By: dee, At: at(5)}, id(401), "done"))
	require.NoError(t, m.Close(Act{By: dee, At: at(6)}, "minutes"))
	check()

	bad := m.Snapshot()
	bad.Agenda[0].Outcome = ""
	_, err := RestoreMeeting(bad)
	requireKind(t, wijk.ErrInvalid, err)
	bad = m.Snapshot()
	bad.Report = nil
	_, err = RestoreMeeting(bad)
	requireKind(t, wijk.ErrInvalid, err)
	bad = m.Snapshot()
	bad.ClosedAt = at(-5)
	_, err = RestoreMeeting(bad)
	requireKind(t, wijk.ErrInvalid, err)
}
