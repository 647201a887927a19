package consensus

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestEnumsRoundTripByWord(t *testing.T) {
	t.Run("State", func(t *testing.T) { enumtest.RoundTrip(t, States(), ParseState) })
	t.Run("StanceKind", func(t *testing.T) { enumtest.RoundTrip(t, StanceKinds(), ParseStanceKind) })
	t.Run("ObjectionStatus", func(t *testing.T) { enumtest.RoundTrip(t, ObjectionStatuses(), ParseObjectionStatus) })
	t.Run("Quorum", func(t *testing.T) { enumtest.RoundTrip(t, quorumEnum.Values(), ParseQuorum) })
	t.Run("MeetingState", func(t *testing.T) { enumtest.RoundTrip(t, meetingStateEnum.Values(), ParseMeetingState) })
	t.Run("Resolution", func(t *testing.T) { enumtest.RoundTrip(t, resolutionEnum.Values(), ParseResolution) })
	t.Run("PayloadKind", func(t *testing.T) { enumtest.RoundTrip(t, PayloadKinds(), ParsePayloadKind) })
	t.Run("Outcome", func(t *testing.T) { enumtest.RoundTrip(t, outcomeEnum.Values(), ParseOutcome) })
}

// proposalWire is a ProposalSnapshot with the rule, an interface, kept by
// name, as storage keeps it.
type proposalWire struct {
	ProposalSnapshot
	Rule string
}

// TestSnapshotsJSONKeepEnumsByName checks the stored form of a proposal,
// a meeting and a decision: every enum is written as its word, and each
// reads back the same.
func TestSnapshotsJSONKeepEnumsByName(t *testing.T) {
	p := objectedAndAmended(t, func(pp *ProposalParams) { pp.Quorum = QuorumSilenceConsents })
	s := p.Snapshot()
	b, err := json.Marshal(proposalWire{s, s.Rule.Name()})
	require.NoError(t, err)
	var doc struct {
		Quorum, State string
		Stances       []struct{ Kind, Objection string }
		Transitions   []struct{ From, To string }
	}
	require.NoError(t, json.Unmarshal(b, &doc), "every enum is a JSON string")
	require.Equal(t, "silence consents", doc.Quorum)
	require.Equal(t, "adopted", doc.State)
	require.Equal(t, "objection", doc.Stances[0].Kind)
	require.Equal(t, "untested", doc.Stances[0].Objection)
	for i, st := range s.Stances {
		require.Equal(t, st.Kind.String(), doc.Stances[i].Kind)
		require.Equal(t, st.Objection.String(), doc.Stances[i].Objection)
	}
	require.Equal(t, "draft", doc.Transitions[0].From)
	require.Equal(t, "consent round", doc.Transitions[1].To)

	var w proposalWire
	require.NoError(t, json.Unmarshal(b, &w))
	w.ProposalSnapshot.Rule, err = RuleByName(w.Rule)
	require.NoError(t, err)
	r, err := RestoreProposal(w.ProposalSnapshot)
	require.NoError(t, err)
	if d := diff(s, r.Snapshot()); d != "" {
		t.Fatalf("proposal JSON round trip (-want +got):\n%s", d)
	}

	s.State = 0
	_, err = json.Marshal(proposalWire{s, s.Rule.Name()})
	require.ErrorIs(t, err, wijk.ErrInvalid, "a proposal without a state is not written")

	d, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "Clients asked for it.", ReviewOn: wijk.NewDate(2026, 9, 1)})
	require.NoError(t, err)
	require.NotEmpty(t, d.Objections)
	b, err = json.Marshal(d)
	require.NoError(t, err)
	require.Contains(t, string(b), `"resolution":"`+d.Objections[0].Resolution.String()+`"`)
	var dback Decision
	require.NoError(t, json.Unmarshal(b, &dback))
	if dd := diff(d, dback); dd != "" {
		t.Fatalf("decision JSON round trip (-want +got):\n%s", dd)
	}

	m := newMeeting(t)
	require.NoError(t, m.AcceptPreviousReport(Act{By: bob, At: at(1)}, ""))
	require.NoError(t, m.FixAgenda(Act{By: dee, At: at(2)}, []ItemParams{{ID: id(401), Title: "Rota", Owner: ann}}, nil))
	b, err = json.Marshal(m.Snapshot())
	require.NoError(t, err)
	require.Contains(t, string(b), `"state":"in progress"`)
	var ms MeetingSnapshot
	require.NoError(t, json.Unmarshal(b, &ms))
	rm, err := RestoreMeeting(ms)
	require.NoError(t, err)
	if dd := diff(m.Snapshot(), rm.Snapshot()); dd != "" {
		t.Fatalf("meeting JSON round trip (-want +got):\n%s", dd)
	}
}
