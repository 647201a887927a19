package consensus

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
)

func TestProposalHappyPath(t *testing.T) {
	p := newDraft(t, nil)
	require.Equal(t, Draft, p.State())
	require.NoError(t, p.Present(Act{By: ann, At: at(1)}, []wijk.ID{dee, cas, bob, ann}))
	require.Equal(t, members(), p.Eligible(), "eligible members are kept sorted")
	require.NoError(t, p.Clarify(Act{By: bob, At: at(2), Why: "what about Mr Jansen?"}))
	require.NoError(t, p.StartRound(Act{By: bob, At: at(3)}, at(60)))
	stance(t, p, ann, Consent, 4)
	stance(t, p, bob, ConsentWithConcern, 5)
	stance(t, p, cas, StandAside, 6)
	_, err := p.Close(Act{By: bob, At: at(7)})
	requireKind(t, wijk.ErrConflict, err)
	require.Contains(t, err.Error(), "1 of 4 eligible members have taken no stance")
	stance(t, p, dee, Consent, 8)
	v, err := p.Close(Act{By: bob, At: at(9)})
	require.NoError(t, err)
	require.Equal(t, Adopt, v.Outcome)
	require.Equal(t, Adopted, p.State())
	require.Equal(t, at(9), p.DecidedAt())
	require.Equal(t, at(1), p.PresentedAt())
	require.Equal(t, 1, p.Rounds())

	want := []Transition{
		{From: Draft, To: Presented, By: ann, At: at(1), Why: "the owner presented the proposal and its reason", Version: 1},
		{From: Presented, To: Clarifying, By: bob, At: at(2), Why: "what about Mr Jansen?", Version: 1},
		{From: Clarifying, To: ConsentRound, By: bob, At: at(3), Why: "consent round 1 on version 1, closing 2026-03-02T10:00:00Z", Version: 1},
		{From: ConsentRound, To: Adopted, By: bob, At: at(9), Why: "adopted: no valid objection", Version: 1},
	}
	if d := cmp.Diff(want, p.Transitions()); d != "" {
		t.Fatalf("transitions (-want +got):\n%s", d)
	}
}

func TestNewProposalRejectsBadInput(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(*ProposalParams)
		field string
	}{
		{"no id", func(p *ProposalParams) { p.ID = "" }, "id"},
		{"bad team", func(p *ProposalParams) { p.Team = "x" }, "team"},
		{"no owner", func(p *ProposalParams) { p.Owner = "" }, "owner"},
		{"blank title", func(p *ProposalParams) { p.Title = "  " }, "title"},
		{"two-line title", func(p *ProposalParams) { p.Title = "a\nb" }, "title"},
		{"no text", func(p *ProposalParams) { p.Text = "" }, "text"},
		{"no reason", func(p *ProposalParams) { p.Reason = "" }, "reason"},
		{"bad quorum", func(p *ProposalParams) { p.Quorum = 9 }, "quorum"},
		{"negative rounds", func(p *ProposalParams) { p.MaxRounds = -1 }, "maxRounds"},
		{"bad revisits", func(p *ProposalParams) { p.Revisits = "nope" }, "revisits"},
		{"no time", func(p *ProposalParams) { p.CreatedAt = time.Time{} }, "createdAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pp := ProposalParams{ID: id(200), Team: teamID, Owner: ann, Title: "t", Text: "x", Reason: "y", CreatedAt: t0}
			tt.mod(&pp)
			_, err := NewProposal(pp)
			requireKind(t, wijk.ErrInvalid, err)
			var ve *wijk.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tt.field, ve.Field)
		})
	}
}

func TestNewProposalDefaults(t *testing.T) {
	p := newDraft(t, nil)
	require.Equal(t, "consent", p.Rule().Name())
	require.Equal(t, QuorumEveryone, p.Quorum())
	require.Equal(t, DefaultMaxRounds, p.MaxRounds())
	require.Equal(t, 1, p.Current().Number)
}

func TestInvalidTransitionsSayWhy(t *testing.T) {
	tests := []struct {
		name string
		run  func(p *Proposal) error
	}{
		{"round on a draft", func(p *Proposal) error { return p.StartRound(Act{By: ann, At: at(5)}, at(60)) }},
		{"clarify a draft", func(p *Proposal) error { return p.Clarify(Act{By: ann, At: at(5)}) }},
		{"close a draft", func(p *Proposal) error { _, err := p.Close(Act{By: ann, At: at(5)}); return err }},
		{"stance on a draft", func(p *Proposal) error {
			return p.TakeStance(StanceParams{Member: ann, Kind: Consent, At: at(5)})
		}},
		{"escalate a draft", func(p *Proposal) error { return p.Escalate(Act{By: ann, At: at(5), Why: "stuck"}, coach, true) }},
		{"withdraw twice", func(p *Proposal) error {
			if err := p.Withdraw(Act{By: ann, At: at(5), Why: "no longer needed"}); err != nil {
				return err
			}
			return p.Withdraw(Act{By: ann, At: at(6), Why: "again"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newDraft(t, nil)
			requireKind(t, wijk.ErrConflict, tt.run(p))
		})
	}
	p := newDraft(t, nil)
	err := p.Clarify(Act{By: ann, At: at(5)})
	require.EqualError(t, err, "proposal "+string(p.ID())+" cannot move from draft to clarifying")
}

func TestWhoMayDoWhat(t *testing.T) {
	tests := []struct {
		name string
		run  func(p *Proposal) error
	}{
		{"non-owner presents", func(p *Proposal) error {
			return newDraft(t, nil).Present(Act{By: bob, At: at(5)}, members())
		}},
		{"non-owner amends", func(p *Proposal) error {
			return p.Amend(Act{By: bob, At: at(5), Why: "better"}, Revision{Text: "x", Reason: "y"})
		}},
		{"non-owner withdraws", func(p *Proposal) error { return p.Withdraw(Act{By: bob, At: at(5), Why: "no"}) }},
		{"outsider stance", func(p *Proposal) error {
			return p.TakeStance(StanceParams{Member: eve, Kind: Consent, At: at(5)})
		}},
		{"outsider closes", func(p *Proposal) error { _, err := p.Close(Act{By: eve, At: at(5)}); return err }},
		{"outsider tests", func(p *Proposal) error {
			return p.TestObjection(TestParams{Objector: bob, By: eve, Reason: "x", At: at(5)})
		}},
		{"outsider escalates", func(p *Proposal) error { return p.Escalate(Act{By: eve, At: at(5), Why: "x"}, coach, true) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := inRound(t, nil)
			stance(t, p, bob, Objection, 3)
			requireKind(t, wijk.ErrForbidden, tt.run(p))
		})
	}
}

func TestStanceValidation(t *testing.T) {
	tests := []struct {
		name  string
		sp    StanceParams
		field string
	}{
		{"no kind", StanceParams{Member: bob, At: at(5)}, "kind"},
		{"no member", StanceParams{Kind: Consent, At: at(5)}, "member"},
		{"no time", StanceParams{Member: bob, Kind: Consent}, "at"},
		{"concern without text", StanceParams{Member: bob, Kind: ConsentWithConcern, At: at(5)}, "reason"},
		{"objection without reason", StanceParams{Member: bob, Kind: Objection, Harm: "clients", At: at(5)}, "reason"},
		{"objection without harm", StanceParams{Member: bob, Kind: Objection, Reason: "I prefer 08:00", At: at(5)}, "harm"},
		{"harm on a consent", StanceParams{Member: bob, Kind: Consent, Harm: "x", At: at(5)}, "harm"},
		{"invalid utf8", StanceParams{Member: bob, Kind: StandAside, Reason: "\xff", At: at(5)}, "reason"},
		{"before the round", StanceParams{Member: bob, Kind: Consent, At: at(1)}, "at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := inRound(t, nil)
			err := p.TakeStance(tt.sp)
			requireKind(t, wijk.ErrInvalid, err)
			var ve *wijk.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tt.field, ve.Field)
			require.Empty(t, p.Stances(), "a refused stance is not stored")
		})
	}
}

func TestStanceChangesKeepHistory(t *testing.T) {
	p := inRound(t, nil)
	stance(t, p, bob, Objection, 3)
	stance(t, p, bob, ConsentWithConcern, 4)
	err := p.TakeStance(StanceParams{Member: bob, Kind: ConsentWithConcern, Reason: "the evening shift gets busier", At: at(5)})
	requireKind(t, wijk.ErrConflict, err)
	h := p.Stances()
	require.Len(t, h, 2)
	require.Equal(t, Objection, h[0].Kind)
	require.Equal(t, Untested, h[0].Objection)
	require.Equal(t, ConsentWithConcern, p.CurrentStances(1)[0].Kind)
	h[0].Kind = Consent
	require.Equal(t, Objection, p.Stances()[0].Kind, "Stances returns a copy")
}

func TestObjectionTesting(t *testing.T) {
	tests := []struct {
		name    string
		test    *bool
		outcome Outcome
	}{
		{"untested objection waits", nil, Wait},
		{"valid objection blocks", ptr(true), Block},
		{"objection found not valid does not block", ptr(false), Adopt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := inRound(t, nil)
			stance(t, p, ann, Consent, 3)
			stance(t, p, bob, Objection, 4)
			stance(t, p, cas, Consent, 5)
			stance(t, p, dee, Consent, 6)
			if tt.test != nil {
				require.NoError(t, p.TestObjection(TestParams{Objector: bob, By: cas, Valid: *tt.test, Reason: "checked with the care plan", At: at(7)}))
			}
			v := p.Rule().Decide(p.Tally(at(8)))
			require.Equal(t, tt.outcome, v.Outcome, v.Reason)
			_, err := p.Close(Act{By: cas, At: at(8)})
			if tt.outcome == Adopt {
				require.NoError(t, err)
				require.Equal(t, Adopted, p.State())
			} else {
				requireKind(t, wijk.ErrConflict, err)
				require.Equal(t, ConsentRound, p.State())
			}
		})
	}
}

func TestObjectionTestRules(t *testing.T) {
	p := inRound(t, nil)
	stance(t, p, ann, Consent, 3)
	err := p.TestObjection(TestParams{Objector: ann, By: cas, Valid: true, Reason: "x", At: at(4)})
	requireKind(t, wijk.ErrConflict, err)
	stance(t, p, bob, Objection, 4)
	requireKind(t, wijk.ErrInvalid, p.TestObjection(TestParams{Objector: bob, By: cas, Valid: true, At: at(5)}))
	require.NoError(t, p.TestObjection(TestParams{Objector: bob, By: cas, Valid: true, Reason: "harm shown", At: at(5)}))
	requireKind(t, wijk.ErrConflict, p.TestObjection(TestParams{Objector: bob, By: cas, Valid: false, Reason: "again", At: at(6)}))
	cur := p.CurrentStances(1)
	require.Equal(t, ValidObjection, cur[1].Objection)
	require.Equal(t, cas, cur[1].TestedBy)
	require.Len(t, p.Stances(), 3, "the test is a new record; the untested objection stays in the history")
}

func TestAmendStartsStancesAgain(t *testing.T) {
	p := inRound(t, nil)
	stance(t, p, ann, Consent, 3)
	stance(t, p, bob, Objection, 4)
	require.NoError(t, p.TestObjection(TestParams{Objector: bob, By: cas, Valid: true, Reason: "insulin timing matters", At: at(5)}))
	requireKind(t, wijk.ErrInvalid, p.Amend(Act{By: ann, At: at(6)}, Revision{Text: "new", Reason: "why"}))
	requireKind(t, wijk.ErrConflict, p.Amend(Act{By: ann, At: at(6), Why: "same"}, Revision{Text: p.Current().Text, Reason: p.Current().Reason}))
	require.NoError(t, p.Amend(Act{By: ann, At: at(6), Why: "insulin clients keep 07:00"}, Revision{Text: "Morning visits start at 07:30, except insulin visits at 07:00.", Reason: "Clients ask for a later start; insulin cannot wait."}))
	require.Equal(t, Amended, p.State())
	require.Equal(t, 2, p.Current().Number)
	require.Equal(t, "insulin clients keep 07:00", p.Current().Change)
	require.Empty(t, p.CurrentStances(2))
	require.Len(t, p.CurrentStances(1), 2, "stances on version 1 stay in the history")
	tl := p.Tally(at(6))
	require.Len(t, tl.Missing, 4)

	v1 := p.Versions()[0]
	v1.Text = "changed"
	require.NotEqual(t, "changed", p.Versions()[0].Text, "versions are immutable from outside")

	require.NoError(t, p.StartRound(Act{By: bob, At: at(7)}, at(60)))
	for i, m := range members() {
		stance(t, p, m, Consent, 8+i)
	}
	_, err := p.Close(Act{By: dee, At: at(20)})
	require.NoError(t, err)
	require.Equal(t, 2, p.Rounds())
}

func TestDeadlines(t *testing.T) {
	tests := []struct {
		name   string
		quorum Quorum
		rule   Rule
		setup  func(t *testing.T, p *Proposal)
		due    bool
		want   State
	}{
		{"everyone: missing stance expires", QuorumEveryone, nil, func(t *testing.T, p *Proposal) {
			stance(t, p, ann, Consent, 3)
		}, true, Expired},
		{"silence consents: adopted at the deadline", QuorumSilenceConsents, nil, func(t *testing.T, p *Proposal) {
			stance(t, p, ann, Consent, 3)
		}, true, Adopted},
		{"silence consents: valid objection expires", QuorumSilenceConsents, nil, func(t *testing.T, p *Proposal) {
			stance(t, p, bob, Objection, 3)
			require.NoError(t, p.TestObjection(TestParams{Objector: bob, By: ann, Valid: true, Reason: "harm", At: at(4)}))
		}, true, Expired},
		{"silence consents: untested objection expires", QuorumSilenceConsents, nil, func(t *testing.T, p *Proposal) {
			stance(t, p, bob, Objection, 3)
		}, true, Expired},
		{"advice complete waits for the owner", QuorumSilenceConsents, AdviceProcessRule{}, func(t *testing.T, p *Proposal) {
			stance(t, p, bob, Objection, 3)
		}, false, ConsentRound},
		{"advice missing expires", QuorumEveryone, AdviceProcessRule{}, func(t *testing.T, p *Proposal) {}, true, Expired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := inRound(t, func(pp *ProposalParams) { pp.Quorum, pp.Rule = tt.quorum, tt.rule })
			tt.setup(t, p)
			require.False(t, p.CloseIfDue(at(59)), "not due before the deadline")
			require.Equal(t, tt.due, p.CloseIfDue(at(61)))
			require.Equal(t, tt.want, p.State())
			if tt.due {
				last := p.Transitions()[len(p.Transitions())-1]
				require.Equal(t, wijk.ID(""), last.By)
				require.Equal(t, at(60), last.At, "recorded at the deadline")
			}
		})
	}
}

func TestRoundClosedAtDeadline(t *testing.T) {
	p := inRound(t, nil)
	err := p.TakeStance(StanceParams{Member: bob, Kind: Consent, At: at(60)})
	requireKind(t, wijk.ErrConflict, err)
	requireKind(t, wijk.ErrConflict, p.Withdraw(Act{By: ann, At: at(61), Why: "late"}))
	ids := CloseDue(at(61), []*Proposal{nil, p, newDraft(t, nil)})
	require.Equal(t, []wijk.ID{p.ID()}, ids)
}

func TestAdviceProcessOwnerDecides(t *testing.T) {
	p := inRound(t, func(pp *ProposalParams) { pp.Rule = AdviceProcessRule{} })
	stance(t, p, ann, Consent, 3)
	stance(t, p, bob, Objection, 4)
	stance(t, p, cas, ConsentWithConcern, 5)
	stance(t, p, dee, StandAside, 6)
	_, err := p.Close(Act{By: bob, At: at(7)})
	requireKind(t, wijk.ErrForbidden, err)
	_, err = p.Close(Act{By: ann, At: at(7), Why: "heard the advice; going ahead with a check after a month"})
	require.NoError(t, err)
	require.Equal(t, Adopted, p.State())
}

func TestEscalation(t *testing.T) {
	p := inRound(t, nil)
	requireKind(t, wijk.ErrConflict, p.Escalate(Act{By: bob, At: at(3), Why: "stuck"}, coach, false))
	for r := 2; r <= 3; r++ {
		require.NoError(t, p.Amend(Act{By: ann, At: at(r * 10), Why: "another try"}, Revision{Text: "version " + string(rune('0'+r)), Reason: "reason"}))
		require.NoError(t, p.StartRound(Act{By: bob, At: at(r*10 + 1)}, at(200)))
	}
	require.NoError(t, p.Amend(Act{By: ann, At: at(40), Why: "a fourth try"}, Revision{Text: "version 4", Reason: "reason"}))
	err := p.StartRound(Act{By: bob, At: at(41)}, at(50))
	requireKind(t, wijk.ErrConflict, err)
	require.Contains(t, err.Error(), "escalate")

	requireKind(t, wijk.ErrInvalid, p.Escalate(Act{By: bob, At: at(42), Why: "stuck"}, cas, false))
	require.NoError(t, p.Escalate(Act{By: bob, At: at(42), Why: "three rounds, no consent"}, coach, false))
	require.Equal(t, coach, p.Coach())
	require.Equal(t, coach, p.Facilitator())
	require.NoError(t, p.StartRound(Act{By: coach, At: at(43)}, at(90)))
	requireKind(t, wijk.ErrForbidden, p.TakeStance(StanceParams{Member: coach, Kind: Consent, At: at(44)}))
	for i, m := range members() {
		stance(t, p, m, Consent, 45+i)
	}
	_, err = p.Close(Act{By: coach, At: at(50)})
	requireKind(t, wijk.ErrForbidden, err)
	requireKind(t, wijk.ErrForbidden, p.Amend(Act{By: coach, At: at(50), Why: "x"}, Revision{Text: "a", Reason: "b"}))
	_, err = p.Close(Act{By: cas, At: at(50)})
	require.NoError(t, err)
}

func TestEscalateOnRequest(t *testing.T) {
	p := inRound(t, nil)
	require.NoError(t, p.Escalate(Act{By: cas, At: at(3), Why: "we keep going round in circles"}, coach, true))
	requireKind(t, wijk.ErrConflict, p.Escalate(Act{By: cas, At: at(4), Why: "again"}, coach, true))
}

func TestTimeNeverGoesBack(t *testing.T) {
	p := inRound(t, nil)
	stance(t, p, bob, Consent, 10)
	requireKind(t, wijk.ErrInvalid, p.TakeStance(StanceParams{Member: cas, Kind: Consent, At: at(9)}))
	requireKind(t, wijk.ErrInvalid, p.Withdraw(Act{By: ann, At: at(9), Why: "x"}))
}

func ptr[T any](v T) *T { return &v }

// The owner may concede an objection to their own proposal but may not
// dismiss it: that call belongs to the facilitator or another member.
func TestOwnerMayNotDismissAnObjectionToTheirProposal(t *testing.T) {
	p := inRound(t, nil)
	stance(t, p, bob, Objection, 3)
	err := p.TestObjection(TestParams{Objector: bob, By: ann, Valid: false, Reason: "just a preference", At: at(4)})
	requireKind(t, wijk.ErrForbidden, err)
	st := p.Snapshot()
	require.Equal(t, Untested, st.Stances[len(st.Stances)-1].Objection, "a refused test changes nothing")

	require.NoError(t, p.TestObjection(TestParams{Objector: bob, By: ann, Valid: true, Reason: "insulin must be on time", At: at(5)}))

	// A stored record in which the owner dismissed an objection is refused.
	q := inRound(t, nil)
	stance(t, q, bob, Objection, 3)
	require.NoError(t, q.TestObjection(TestParams{Objector: bob, By: dee, Valid: false, Reason: "a preference", At: at(4)}))
	snap := q.Snapshot()
	snap.Stances[len(snap.Stances)-1].TestedBy = ann
	_, err = RestoreProposal(snap)
	requireKind(t, wijk.ErrInvalid, err)
}

func TestPresentToTeamTakesTheActiveMembers(t *testing.T) {
	tm := newTeam(t)
	require.NoError(t, tm.GoOnLeave(dee))
	p := newDraft(t, nil)
	requireKind(t, wijk.ErrInvalid, p.PresentToTeam(Act{By: ann, At: at(1)}, nil))
	require.NoError(t, p.PresentToTeam(Act{By: ann, At: at(1)}, tm))
	require.ElementsMatch(t, tm.Decisionmakers(), p.Snapshot().Eligible)
	require.NotContains(t, p.Snapshot().Eligible, dee, "a member on leave takes no stance")
}
