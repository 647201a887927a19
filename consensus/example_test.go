package consensus_test

import (
	"fmt"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/team"
)

// A team meeting in the SDMI way: the facilitator is the member who
// facilitated least recently; the opening deals with the last report,
// notices and other business; the agenda is fixed; Anouk proposes to hire
// a carer. Bas objects that the team then has only one district nurse for
// every assessment; the team tests the objection and finds it valid. Anouk
// amends the proposal to hire a district nurse instead, everyone consents,
// the decision goes into the log, and the hire is applied to the team with
// the decision as its reference.
func Example_meeting() {
	clock := wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	ids := wijk.NewSeededIDGenerator(clock, 1)
	anouk, bas, cor, dewi, fatima := ids.NewID(), ids.NewID(), ids.NewID(), ids.NewID(), ids.NewID()
	names := map[wijk.ID]string{anouk: "Anouk", bas: "Bas", cor: "Cor", dewi: "Dewi", fatima: "Fatima"}
	tick := func() time.Time { return clock.Advance(time.Minute) }

	tm, err := team.NewTeam(team.NewTeamParams{
		ID: ids.NewID(), Name: "Wijkteam Oud-Zuid",
		Neighbourhood: team.Neighbourhood{Area: "Oud-Zuid"},
		Founded:       wijk.NewDate(2026, 1, 1),
		Members: []team.MemberParams{
			{Person: anouk, Name: "Anouk", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: bas, Name: "Bas", Level: team.Level4, ContractPerWeek: 28 * time.Hour},
			{Person: cor, Name: "Cor", Level: team.Level3, ContractPerWeek: 24 * time.Hour},
			{Person: dewi, Name: "Dewi", Level: team.Level4, ContractPerWeek: 32 * time.Hour},
		},
		Now: clock.Now(),
	})
	if err != nil {
		panic(err)
	}

	// Who facilitates? Anouk and Bas facilitated the last two meetings,
	// Cor the one before; Dewi never did.
	past := []consensus.Facilitation{
		{Member: cor, At: clock.Now().AddDate(0, 0, -42)},
		{Member: anouk, At: clock.Now().AddDate(0, 0, -28)},
		{Member: bas, At: clock.Now().AddDate(0, 0, -14)},
	}
	facilitator, _ := consensus.SuggestFacilitator(tm.Decisionmakers(), past)
	fmt.Println("facilitator:", names[facilitator])

	m, err := consensus.NewMeeting(consensus.MeetingParams{
		ID: ids.NewID(), Team: tm.ID(), Facilitator: facilitator,
		Present: tm.Decisionmakers(), StartsAt: clock.Now(),
	})
	if err != nil {
		panic(err)
	}
	must(m.AcceptPreviousReport(consensus.Act{By: cor, At: tick()}, ids.NewID()))
	must(m.AddNotice(consensus.Act{By: bas, At: tick()}, "The GP practice moves in April."))
	must(m.AddOtherBusiness(consensus.Act{By: cor, At: tick()}, "Summer holidays"))
	hiring := ids.NewID()
	must(m.FixAgenda(consensus.Act{By: facilitator, At: tick()},
		[]consensus.ItemParams{{ID: hiring, Title: "A new colleague", Owner: anouk}}, ids))
	for _, it := range m.Agenda() {
		fmt.Println("agenda:", it.Title, "(by "+names[it.Owner]+")")
	}

	// Anouk's proposal, carrying the hire it would make.
	p, err := m.Propose(hiring, consensus.ProposalParams{
		ID: ids.NewID(), Team: tm.ID(), Owner: anouk, Title: "Hire Fatima",
		Text:   "Hire Fatima as a carer (level 3), 28 hours a week, from 1 April.",
		Reason: "Our caseload grew to 55 clients; we are short of hands in the mornings.",
		Payload: consensus.Hire{
			Member: team.MemberParams{Person: fatima, Name: "Fatima", Level: team.Level3, ContractPerWeek: 28 * time.Hour},
			Start:  wijk.NewDate(2026, 4, 1),
		},
		CreatedAt: tick(),
	})
	if err != nil {
		panic(err)
	}
	must(p.Present(consensus.Act{By: anouk, At: tick()}, tm.Decisionmakers()))
	must(p.Clarify(consensus.Act{By: facilitator, At: tick(), Why: "what is your proposal, and what is its reason?"}))
	must(p.StartRound(consensus.Act{By: facilitator, At: tick()}, clock.Now().Add(time.Hour)))

	must(p.TakeStance(consensus.StanceParams{Member: anouk, Kind: consensus.Consent, At: tick()}))
	must(p.TakeStance(consensus.StanceParams{Member: bas, Kind: consensus.Objection,
		Reason: "Anouk is our only district nurse; every assessment and care-hour decision waits for her.",
		Harm:   "clients who need a new assessment wait longer", At: tick()}))
	must(p.TakeStance(consensus.StanceParams{Member: cor, Kind: consensus.Consent, At: tick()}))
	must(p.TakeStance(consensus.StanceParams{Member: dewi, Kind: consensus.Consent, At: tick()}))
	must(p.TestObjection(consensus.TestParams{Objector: bas, By: facilitator, Valid: true,
		Reason: "two assessments waited more than a week last month", At: tick()}))
	if _, err := p.Close(consensus.Act{By: facilitator, At: tick()}); err != nil {
		fmt.Println("round 1: not adopted, a valid objection stands")
	}

	// Anouk amends: Fatima is a district nurse, so hire her at level 5.
	must(p.Amend(consensus.Act{By: anouk, At: tick(), Why: "answer Bas's objection: a second district nurse"},
		consensus.Revision{
			Text:   "Hire Fatima as a district nurse (level 5), 28 hours a week, from 1 April.",
			Reason: "We need more hands and a second person who can assess clients.",
			Payload: consensus.Hire{
				Member: team.MemberParams{Person: fatima, Name: "Fatima", Level: team.Level5, ContractPerWeek: 28 * time.Hour},
				Start:  wijk.NewDate(2026, 4, 1),
			},
		}))
	must(p.StartRound(consensus.Act{By: facilitator, At: tick()}, clock.Now().Add(time.Hour)))
	for _, s := range []consensus.StanceParams{
		{Member: anouk, Kind: consensus.Consent},
		{Member: bas, Kind: consensus.Consent},
		{Member: cor, Kind: consensus.ConsentWithConcern, Reason: "the mornings stay tight until April"},
		{Member: dewi, Kind: consensus.StandAside, Reason: "I was not part of the interviews"},
	} {
		s.At = tick()
		must(p.TakeStance(s))
	}
	v, err := p.Close(consensus.Act{By: facilitator, At: tick()})
	if err != nil {
		panic(err)
	}
	fmt.Printf("round %d: %s (%s)\n", p.Rounds(), p.State(), v.Reason)
	must(m.CloseItem(consensus.Act{By: facilitator, At: tick()}, hiring, "Fatima is hired as a district nurse"))
	must(m.Close(consensus.Act{By: facilitator, At: tick()}, "Fatima hired; holidays next time."))

	// The decision goes into the log with every stance and objection.
	d, err := consensus.NewDecision(p, consensus.DecisionParams{
		ID: ids.NewID(), Rationale: "More hands, and assessments no longer wait for one person.",
		ReviewOn: wijk.NewDate(2026, 10, 1),
	})
	if err != nil {
		panic(err)
	}
	log, _ := consensus.NewDecisionLog(tm.ID())
	must(log.Append(d))
	fmt.Println("decided:", d.Text)
	for _, s := range d.Stances {
		fmt.Printf("  %s: %s\n", names[s.Member], s.Kind)
	}
	for _, o := range d.Objections {
		fmt.Printf("  objection by %s on version %d: %s, resolved: %s\n", names[o.Member], o.Version, o.Test, o.Resolution)
	}

	// The payload is applied to the team with the decision as reference.
	if _, err := consensus.Apply(d, tm, tick()); err != nil {
		panic(err)
	}
	f, _ := tm.Member(fatima)
	fmt.Printf("team: %d members; %s joins on %s at %s, decision %t\n",
		tm.Size(), f.Name, f.Start, f.Level.Title(), f.JoinDecision == team.DecisionRef(d.ID))

	// Output:
	// facilitator: Dewi
	// agenda: A new colleague (by Anouk)
	// agenda: Summer holidays (by Cor)
	// round 1: not adopted, a valid objection stands
	// round 2: adopted (no valid objection)
	// decided: Hire Fatima as a district nurse (level 5), 28 hours a week, from 1 April.
	//   Anouk: consent
	//   Bas: consent
	//   Cor: consent with concern
	//   Dewi: stand aside
	//   objection by Bas on version 1: valid, resolved: amended
	// team: 5 members; Fatima joins on 2026-04-01 at district nurse, decision true
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// A team that chose "silence consents" closes its rounds at the deadline:
// whoever has not objected by then is taken to consent. No timer runs;
// the caller asks the model what is due at a given moment.
func ExampleCloseDue() {
	monday := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ids := wijk.NewSeededIDGenerator(wijk.NewManualClock(monday), 2)
	ann, bob, cas := ids.NewID(), ids.NewID(), ids.NewID()
	p, err := consensus.NewProposal(consensus.ProposalParams{
		ID: ids.NewID(), Team: ids.NewID(), Owner: ann, Title: "New phone contract",
		Text: "Switch the team phones to the cheaper contract.", Reason: "It saves 40 euros a month.",
		Quorum: consensus.QuorumSilenceConsents, CreatedAt: monday,
	})
	if err != nil {
		panic(err)
	}
	must(p.Present(consensus.Act{By: ann, At: monday}, []wijk.ID{ann, bob, cas}))
	friday := monday.AddDate(0, 0, 4)
	must(p.StartRound(consensus.Act{By: ann, At: monday}, friday))
	must(p.TakeStance(consensus.StanceParams{Member: bob, Kind: consensus.Consent, At: monday.Add(time.Hour)}))

	fmt.Println("Thursday:", len(consensus.CloseDue(friday.Add(-24*time.Hour), []*consensus.Proposal{p})), "closed;", p.State())
	fmt.Println("Friday:", len(consensus.CloseDue(friday, []*consensus.Proposal{p})), "closed;", p.State())
	last := p.Transitions()[len(p.Transitions())-1]
	fmt.Println("why:", last.Why)
	// Output:
	// Thursday: 0 closed; consent round
	// Friday: 1 closed; adopted
	// why: deadline passed; adopted: no valid objection
}

// The same stances give different outcomes under different decision rules:
// an objection found not valid does not block consent, but it does block
// unanimity.
func ExampleRule() {
	var tally consensus.Tally
	tally.Eligible = 3
	tally.Quorum = consensus.QuorumEveryone
	tally.Consent = []wijk.ID{"01J00000000000000000000001", "01J00000000000000000000002"}
	tally.NotValidObjections = []wijk.ID{"01J00000000000000000000003"}
	for _, r := range []consensus.Rule{consensus.ConsentRule{}, consensus.UnanimityRule{}, consensus.MajorityRule{}} {
		fmt.Printf("%s: %s\n", r.Name(), r.Decide(tally).Outcome)
	}
	// Output:
	// consent: adopt
	// unanimity: block
	// majority: adopt
}
