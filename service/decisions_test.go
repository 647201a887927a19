package service_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/team"
)

// A decision is applied only from the team's own log: a made-up ID,
// another team's decision, a superseded one and one applied before are
// all refused, and the team does not change.
func TestApplyOnlyWhatWasDecided(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		anne := w.as(w.anne)
		before, err := anne.Team(ctx, w.noord)
		require.NoError(t, err)

		_, err = anne.ApplyDecision(ctx, w.noord, w.ids.NewID())
		require.ErrorIs(t, err, wijk.ErrNotFound, "a made-up decision")
		zuidDecision := w.decide(w.zuid, w.zoe, "Hire Sam", nil)
		_, err = anne.ApplyDecision(ctx, w.noord, zuidDecision.ID)
		require.ErrorIs(t, err, wijk.ErrNotFound, "another team's decision")
		_, err = anne.ApplyDecision(ctx, w.noord, w.fayHired.ID)
		require.ErrorIs(t, err, wijk.ErrConflict, "a decision applied before")
		require.ErrorContains(t, err, "already applied")

		// Norms decided, then revisited before they were applied: the first
		// decision is superseded.
		smaller := team.DefaultNorms()
		smaller.SizeNorm = 10
		first := w.decide(w.noord, w.cem, "Stay at ten", nil)
		cem := w.as(w.cem)
		p, err := cem.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Stay at ten after all", Text: "Size norm 10.",
			Reason: "New information.", Revisits: first.ID, Payload: consensus.ChangeNorms{Norms: smaller}})
		require.NoError(t, err)
		second := w.adopt(cem, p)
		_, err = anne.ApplyDecision(ctx, w.noord, first.ID)
		require.Error(t, err)
		after, err := anne.Team(ctx, w.noord)
		require.NoError(t, err)
		require.Equal(t, before.Snapshot(), after.Snapshot(), "nothing refused changed the team")

		_, err = anne.ApplyDecision(ctx, w.noord, second.ID)
		require.NoError(t, err)
		tm, err := anne.Team(ctx, w.noord)
		require.NoError(t, err)
		require.Equal(t, 10, tm.Norms().SizeNorm)
		require.True(t, tm.Carries(team.DecisionRef(second.ID)))
	})
}

// A hire is refused when the person is in another team from their first
// day: a person is in one team at a time, checked against every team.
func TestHireOfSomeoneInAnotherTeam(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		cem := w.as(w.cem)
		p, err := cem.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Hire Yara", Text: "Yara joins.", Reason: "She asked.",
			Payload: consensus.Hire{Member: member(w.yara, "Yara", team.Level4), Start: w.today().AddDays(7)}})
		require.NoError(t, err)
		d := w.adopt(cem, p)
		_, err = w.as(w.anne).ApplyDecision(ctx, w.noord, d.ID)
		require.ErrorIs(t, err, wijk.ErrConflict)
		tm, err := w.as(w.anne).Team(ctx, w.noord)
		require.NoError(t, err)
		require.False(t, tm.IsMember(w.yara))
	})
}

// A decision to change the neighbourhood is applied like any other.
func TestApplyChangeNeighbourhood(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		hood := team.Neighbourhood{Area: "Noord en Centrum", Postcodes: []team.Postcode{"7511", "7512", "7514"}}
		d := w.decide(w.noord, w.bram, "Take on Centrum", consensus.ChangeNeighbourhood{Neighbourhood: hood})
		tm, err := w.as(w.anne).Team(ctx, w.noord)
		require.NoError(t, err)
		require.Equal(t, "Noord en Centrum", tm.Neighbourhood().Area)
		require.Equal(t, team.DecisionRef(d.ID), tm.AreaChanges()[0].Decision)
	})
}

// A split proposed from stored clients, adopted and applied, founds the new
// team and moves side B's clients to it, whose members then read them.
func TestApplySplit(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		anne := w.as(w.anne)
		carl, _ := w.intake(w.cem, w.anne, w.noord, "Carl Visser", "7512 CD", nil)
		proposal, err := anne.ProposeSplit(ctx, w.noord, team.SplitInput{
			Visits: []team.VisitCount{{Client: w.bep, Member: w.bram, Visits: 9}, {Client: carl, Member: w.cem, Visits: 9}},
		})
		require.NoError(t, err)
		_, err = w.as(w.zoe).ProposeSplit(ctx, w.noord, team.SplitInput{})
		requireRefused(t, err, "dossier-team")
		// Applied before its first day, the split would leave side B's
		// clients with nobody: it waits for that day.
		early := consensus.Split{Proposal: proposal, On: w.today().AddDays(14), NewTeamID: w.ids.NewID(), NewTeamName: "Buurtteam Noord-Oost"}
		bram := w.as(w.bram)
		p, err := bram.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Split in two weeks", Text: "Split.", Reason: "We are too many.", Payload: early})
		require.NoError(t, err)
		d := w.adopt(bram, p)
		_, err = anne.ApplyDecision(ctx, w.noord, d.ID)
		require.ErrorIs(t, err, wijk.ErrConflict)

		split := consensus.Split{Proposal: proposal, On: w.today(), NewTeamID: w.ids.NewID(), NewTeamName: "Buurtteam Noord-Oost"}
		w.decide(w.noord, w.bram, "Split in two", split)
		mover := proposal.Sides[1].Members[0]
		newTeam, err := w.as(mover).Team(ctx, split.NewTeamID)
		require.NoError(t, err, "a member of side B reads the new team")
		require.Equal(t, "Buurtteam Noord-Oost", newTeam.Name())
		if !containsID(proposal.Sides[1].Members, w.anne) {
			_, err = anne.Team(ctx, split.NewTeamID)
			requireRefused(t, err, "team-read")
		}
		for _, c := range proposal.Sides[1].Clients {
			pl, err := w.store.Clients().Placement(ctx, c)
			require.NoError(t, err)
			require.Equal(t, split.NewTeamID, pl.Team, "side B's clients moved with the split")
		}
	})
}

func containsID(ids []wijk.ID, id wijk.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// adopt presents p, lets every eligible member consent and closes the
// round, returning the logged decision.
func (w *world) adopt(owner *service.Session, p *consensus.Proposal) consensus.Decision {
	w.t.Helper()
	w.tick()
	_, err := owner.Present(ctx, p.ID(), nil)
	w.must(err)
	p, err = owner.StartRound(ctx, p.ID(), w.clock.Now().Add(time.Hour))
	w.must(err)
	for _, m := range p.Eligible() {
		w.tick()
		_, err = w.as(m).TakeStance(ctx, p.ID(), consensus.Consent, "", "")
		w.must(err)
	}
	w.tick()
	a, err := owner.Close(ctx, p.ID(), service.Record{Rationale: "Everyone consented.", ReviewOn: w.today().AddDays(180)})
	w.must(err)
	return a.Decision
}

// A split moves only the team's own clients: a payload naming another
// team's client is refused when applied, and nothing moves.
func TestSplitCannotTakeAnotherTeamsClient(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		zoe := w.as(w.zoe)
		proposal, err := zoe.ProposeSplit(ctx, w.zuid, team.SplitInput{Visits: []team.VisitCount{{Client: w.wim, Member: w.yara, Visits: 4}}})
		require.NoError(t, err)
		side := 1
		if len(proposal.Sides[1].Clients) == 0 {
			side = 0
		}
		proposal.Sides[side].Clients = append(proposal.Sides[side].Clients, w.bep) // Noord's client
		if side == 0 {
			proposal.Sides[0], proposal.Sides[1] = proposal.Sides[1], proposal.Sides[0]
		}
		split := consensus.Split{Proposal: proposal, On: w.today(), NewTeamID: w.ids.NewID(), NewTeamName: "Zuid-West"}
		p, err := zoe.Propose(ctx, service.ProposalDraft{Team: w.zuid, Title: "Split", Text: "Split.", Reason: "Growth.", Payload: split})
		require.NoError(t, err)
		d := w.adopt(zoe, p)
		_, err = zoe.ApplyDecision(ctx, w.zuid, d.ID)
		require.ErrorIs(t, err, wijk.ErrConflict)
		require.ErrorContains(t, err, "not in the care of")
		pl, err := w.store.Clients().Placement(ctx, w.bep)
		require.NoError(t, err)
		require.Equal(t, w.noord, pl.Team, "Bep stays with Noord")
		_, err = w.as(w.yara).Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
	})
}

// A change to the team is decided by the whole team: the advice process,
// where the owner decides after asking whom they choose, cannot carry one.
func TestAdviceProcessCannotChangeTheTeam(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram := w.as(w.bram)
		_, err := bram.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Anne leaves", Text: "Anne leaves.", Reason: "I say so.",
			Rule: consensus.AdviceProcessRule{}, Payload: consensus.Leave{Person: w.anne, LastDay: w.today()}})
		require.ErrorIs(t, err, wijk.ErrInvalid)
		p, err := bram.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "New kettle", Text: "Buy a kettle.", Reason: "Tea.",
			Rule: consensus.AdviceProcessRule{}})
		require.NoError(t, err, "the advice process is fine for what changes nothing in the team")
		_, err = bram.Amend(ctx, p.ID(), "and Anne leaves", consensus.Revision{Text: "Anne leaves.", Reason: "I say so.",
			Payload: consensus.Leave{Person: w.anne, LastDay: w.today()}})
		require.ErrorIs(t, err, wijk.ErrInvalid)
	})
}
