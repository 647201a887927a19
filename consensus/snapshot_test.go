package consensus

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
)

func TestProposalSnapshotRoundTrip(t *testing.T) {
	states := map[string]*Proposal{
		"draft":   newDraft(t, nil),
		"round":   inRound(t, nil),
		"adopted": objectedAndAmended(t, nil),
	}
	esc := inRound(t, nil)
	require.NoError(t, esc.Escalate(Act{By: bob, At: at(3), Why: "we ask for help"}, coach, true))
	states["escalated"] = esc
	m := newMeeting(t)
	require.NoError(t, m.AcceptPreviousReport(Act{By: bob, At: at(1)}, ""))
	require.NoError(t, m.FixAgenda(Act{By: dee, At: at(2)}, []ItemParams{{ID: id(401), Title: "Rota", Owner: ann}}, nil))
	taken := newDraft(t, nil)
	require.NoError(t, m.TakeUp(id(401), taken))
	states["taken up"] = taken
	for name, p := range states {
		t.Run(name, func(t *testing.T) {
			r, err := RestoreProposal(p.Snapshot())
			require.NoError(t, err)
			if d := diff(p.Snapshot(), r.Snapshot()); d != "" {
				t.Fatalf("round trip (-want +got):\n%s", d)
			}
		})
	}
}

func TestRestoreProposalRejectsCorruptState(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(s *ProposalSnapshot)
		field string
	}{
		{"no versions", func(s *ProposalSnapshot) { s.Versions = nil }, "versions"},
		{"state does not match", func(s *ProposalSnapshot) { s.State = Withdrawn }, "state"},
		{"bad state", func(s *ProposalSnapshot) { s.State = 42 }, "state"},
		{"skipped version number", func(s *ProposalSnapshot) { s.Versions[1].Number = 3 }, "versions[1].number"},
		{"version by someone else", func(s *ProposalSnapshot) { s.Versions[1].Author = bob }, "versions[1].author"},
		{"impossible step", func(s *ProposalSnapshot) { s.Transitions[0].To = Adopted }, "transitions[0].to"},
		{"broken chain", func(s *ProposalSnapshot) { s.Transitions[1].From = Amended }, "transitions[1].from"},
		{"time going back", func(s *ProposalSnapshot) { s.Transitions[1].At = t0.Add(-time.Hour) }, "transitions[1].at"},
		{"anonymous step", func(s *ProposalSnapshot) { s.Transitions[0].By = "" }, "transitions[0].by"},
		{"no why", func(s *ProposalSnapshot) { s.Transitions[0].Why = "" }, "transitions[0].why"},
		{"stranger's stance", func(s *ProposalSnapshot) { s.Stances[0].Member = eve }, "stances[0].member"},
		{"stance on missing version", func(s *ProposalSnapshot) { s.Stances[0].Version = 9 }, "stances[0].version"},
		{"objection without harm", func(s *ProposalSnapshot) { s.Stances[0].Harm = "" }, "stances[0].harm"},
		{"consent marked tested", func(s *ProposalSnapshot) { s.Stances[len(s.Stances)-1].Objection = ValidObjection }, "stances[7].objection"},
		{"tested without reason", func(s *ProposalSnapshot) { s.Stances[1].TestReason = "" }, "stances[1].testReason"},
		{"unsorted eligible", func(s *ProposalSnapshot) { s.Eligible[0], s.Eligible[1] = s.Eligible[1], s.Eligible[0] }, "eligible"},
		{"coach without escalation", func(s *ProposalSnapshot) { s.Coach = coach }, "coach"},
		{"meeting without facilitator", func(s *ProposalSnapshot) { s.Meeting = id(300) }, "facilitator"},
		{"no rule", func(s *ProposalSnapshot) { s.Rule = nil }, "rule"},
		{"adopted over a valid objection", func(s *ProposalSnapshot) {
			last := &s.Stances[len(s.Stances)-1]
			last.Kind, last.Reason, last.Harm = Objection, "clients lose their insulin slot", "a client's health"
			last.Objection, last.TestedBy, last.TestReason, last.TestedAt = ValidObjection, cas, "harm shown", last.At
		}, "state"},
		{"adopted with a stance missing", func(s *ProposalSnapshot) { s.Stances = s.Stances[:len(s.Stances)-2] }, "state"},
		{"stance before its round", func(s *ProposalSnapshot) { s.Stances[0].At = at(1) }, "stances[0].at"},
		{"stance after the decision", func(s *ProposalSnapshot) { s.Stances[len(s.Stances)-1].At = at(30) }, "stances[7].at"},
		{"test after the decision", func(s *ProposalSnapshot) { s.Stances[5].TestedAt = at(30) }, "stances[5].testedAt"},
	}
	p := objectedAndAmended(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := p.Snapshot()
			tt.mod(&s)
			_, err := RestoreProposal(s)
			requireKind(t, wijk.ErrInvalid, err)
			var ve *wijk.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tt.field, ve.Field, ve.Error())
		})
	}
}

func TestRestoreProposalRejectsStancesWithoutRound(t *testing.T) {
	p := newDraft(t, nil)
	require.NoError(t, p.Present(Act{By: ann, At: at(1)}, members()))
	s := p.Snapshot()
	s.Stances = []Stance{{Member: bob, Version: 1, Kind: Consent, At: at(2), Objection: NotAnObjection}}
	_, err := RestoreProposal(s)
	requireKind(t, wijk.ErrInvalid, err)
	var ve *wijk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "stances[0].at", ve.Field, ve.Error())
}

func TestRestoreProposalRejectsExpiryTheRuleWouldAdopt(t *testing.T) {
	p := inRound(t, nil)
	for i, m := range members() {
		stance(t, p, m, Consent, 3+i)
	}
	s := p.Snapshot()
	s.State = Expired
	s.Transitions = append(s.Transitions, Transition{From: ConsentRound, To: Expired, At: at(60), Why: "deadline passed", Version: 1})
	_, err := RestoreProposal(s)
	requireKind(t, wijk.ErrInvalid, err)
	var ve *wijk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "state", ve.Field, ve.Error())
}
