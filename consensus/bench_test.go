package consensus

import (
	"testing"
	"time"

	"github.com/wijkzorg/wijk"
)

// lifeOf runs one proposal for a twelve-member team through an objection,
// an amendment and adoption, as a simulation would.
func lifeOf(b *testing.B, n int, team wijk.ID, members []wijk.ID) *Proposal {
	start := t0.Add(time.Duration(n) * time.Hour)
	tick := func(k int) time.Time { return start.Add(time.Duration(k) * time.Second) }
	p, err := NewProposal(ProposalParams{ID: id(n % 1000), Team: team, Owner: members[0], Title: "t", Text: "x", Reason: "y", CreatedAt: start})
	if err != nil {
		b.Fatal(err)
	}
	k := 1
	step := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
		k++
	}
	step(p.Present(Act{By: members[0], At: tick(k)}, members))
	step(p.StartRound(Act{By: members[1], At: tick(k)}, tick(1000)))
	step(p.TakeStance(StanceParams{Member: members[2], Kind: Objection, Reason: "r", Harm: "h", At: tick(k)}))
	step(p.TestObjection(TestParams{Objector: members[2], By: members[1], Valid: true, Reason: "r", At: tick(k)}))
	step(p.Amend(Act{By: members[0], At: tick(k), Why: "w"}, Revision{Text: "x2", Reason: "y"}))
	step(p.StartRound(Act{By: members[1], At: tick(k)}, tick(2000)))
	for i, m := range members {
		kind := Consent
		if i%4 == 3 {
			kind = StandAside
		}
		step(p.TakeStance(StanceParams{Member: m, Kind: kind, At: tick(k)}))
	}
	_, err = p.Close(Act{By: members[1], At: tick(k)})
	step(err)
	return p
}

func twelve() []wijk.ID {
	out := make([]wijk.ID, 12)
	for i := range out {
		out[i] = id(i + 1)
	}
	return out
}

func BenchmarkProposalLife(b *testing.B) {
	ms := twelve()
	n := 0
	for b.Loop() {
		lifeOf(b, n, teamID, ms)
		n++
	}
}

func BenchmarkStatistics(b *testing.B) {
	ms := twelve()
	var ps []*Proposal
	for n := range 1000 { // 100 teams, 10 proposals each
		ps = append(ps, lifeOf(b, n, id(100+n%100), ms))
	}
	for b.Loop() {
		Statistics(ps)
	}
}

func BenchmarkRestoreProposal(b *testing.B) {
	s := lifeOf(b, 1, teamID, twelve()).Snapshot()
	for b.Loop() {
		if _, err := RestoreProposal(s); err != nil {
			b.Fatal(err)
		}
	}
}
