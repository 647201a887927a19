package consensus

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
)

// id returns a fixed, valid ID for small n.
func id(n int) wijk.ID { return wijk.ID(fmt.Sprintf("01J00000000000000000000%03d", n)) }

var (
	teamID = id(100)
	ann    = id(1) // owner
	bob    = id(2)
	cas    = id(3)
	dee    = id(4)
	eve    = id(5)
	coach  = id(50)
	t0     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func members() []wijk.ID { return []wijk.ID{ann, bob, cas, dee} }

func newDraft(t *testing.T, mod func(*ProposalParams)) *Proposal {
	t.Helper()
	pp := ProposalParams{
		ID: id(200), Team: teamID, Owner: ann, Title: "Start the day at 07:30",
		Text: "Morning visits start at 07:30 instead of 07:00.", Reason: "Clients ask for a later start.",
		CreatedAt: t0,
	}
	if mod != nil {
		mod(&pp)
	}
	p, err := NewProposal(pp)
	require.NoError(t, err)
	return p
}

// inRound returns a proposal in its first consent round, closing at at(60).
func inRound(t *testing.T, mod func(*ProposalParams)) *Proposal {
	t.Helper()
	p := newDraft(t, mod)
	require.NoError(t, p.Present(Act{By: p.Owner(), At: at(1)}, members()))
	require.NoError(t, p.StartRound(Act{By: cas, At: at(2)}, at(60)))
	return p
}

func stance(t *testing.T, p *Proposal, m wijk.ID, k StanceKind, minute int) {
	t.Helper()
	sp := StanceParams{Member: m, Kind: k, At: at(minute)}
	switch k {
	case ConsentWithConcern:
		sp.Reason = "the evening shift gets busier"
	case Objection:
		sp.Reason, sp.Harm = "Mr Jansen needs insulin at 07:00", "a client's health"
	}
	require.NoError(t, p.TakeStance(sp))
}

func requireKind(t *testing.T, kind error, err error) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, kind, "got %v", err)
}

// diff is cmp.Diff that compares wijk.Date values by equality.
func diff(want, got any) string {
	return cmp.Diff(want, got, cmp.Comparer(func(a, b wijk.Date) bool { return a == b }))
}
