package consensus

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
)

func TestStatistics(t *testing.T) {
	p1 := objectedAndAmended(t, nil) // adopted after 2 rounds, 12 minutes
	p2 := inRound(t, func(pp *ProposalParams) { pp.ID, pp.Owner = id(201), bob })
	stance(t, p2, ann, Consent, 3)
	require.True(t, p2.CloseIfDue(at(60))) // expired: three silent
	p3 := newDraft(t, func(pp *ProposalParams) { pp.ID, pp.Team = id(202), id(101) })
	p4 := newDraft(t, func(pp *ProposalParams) { pp.ID = id(203) })
	adopt(t, p4, 1) // adopted in 10 minutes, one round

	got := Statistics([]*Proposal{p4, nil, p3, p2, p1})
	require.Len(t, got, 2)
	require.Equal(t, teamID, got[0].Team)
	require.Equal(t, id(101), got[1].Team)
	require.Equal(t, 1, got[1].Proposals)
	require.Equal(t, 1, got[1].Open)

	ts := got[0]
	require.Equal(t, 3, ts.Proposals)
	require.Equal(t, 2, ts.Adopted)
	require.Equal(t, 1, ts.Expired)
	require.Equal(t, 4, ts.Rounds)
	require.InDelta(t, 1.5, ts.RoundsToDecision, 1e-9)
	require.Equal(t, (12*time.Minute+10*time.Minute)/2, ts.MeanTimeToDecision)
	require.Equal(t, ts.MeanTimeToDecision, ts.MedianTimeToDecision)

	want := map[wijk.ID]MemberStats{
		ann: {Member: ann, Rounds: 4, Consent: 3, Silent: 1, ProposalsOwned: 2, ProposalsAdopted: 2},
		bob: {Member: bob, Rounds: 4, Consent: 1, Concern: 1, Objection: 1, Silent: 1,
			ObjectionsRaised: 1, ObjectionsUpheld: 1, ProposalsOwned: 1},
		cas: {Member: cas, Rounds: 4, Consent: 1, Objection: 1, Silent: 2, ObjectionsRaised: 1, ObjectionsNotValid: 1},
		dee: {Member: dee, Rounds: 4, Consent: 1, StandAside: 1, Silent: 2, ObjectionsRaised: 1, StanceChanges: 1},
	}
	gotM := map[wijk.ID]MemberStats{}
	for _, m := range ts.Members {
		gotM[m.Member] = m
	}
	if d := cmp.Diff(want, gotM); d != "" {
		t.Fatalf("member stats (-want +got):\n%s", d)
	}
	require.Equal(t, 3, ts.ObjectionsRaised)
	require.Equal(t, 1, ts.ObjectionsUpheld)
	require.Equal(t, 6, ts.Silent)

	if d := cmp.Diff(got, Statistics([]*Proposal{p1, p2, p3, p4})); d != "" {
		t.Fatalf("order of proposals changed the result:\n%s", d)
	}
}
