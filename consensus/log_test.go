package consensus

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
)

// objectedAndAmended runs a proposal through an objection tested valid, an
// amendment, a second objection found not valid, a withdrawn objection and
// adoption.
func objectedAndAmended(t *testing.T, mod func(*ProposalParams)) *Proposal {
	t.Helper()
	p := inRound(t, mod)
	stance(t, p, bob, Objection, 3)
	require.NoError(t, p.TestObjection(TestParams{Objector: bob, By: dee, Valid: true, Reason: "insulin must be on time", At: at(4)}))
	require.NoError(t, p.Amend(Act{By: ann, At: at(5), Why: "keep 07:00 for insulin"}, Revision{Text: "Start at 07:30; insulin at 07:00.", Reason: "Later start, insulin on time."}))
	require.NoError(t, p.StartRound(Act{By: dee, At: at(6)}, at(60)))
	stance(t, p, ann, Consent, 7)
	stance(t, p, bob, ConsentWithConcern, 8)
	require.NoError(t, p.TakeStance(StanceParams{Member: cas, Kind: Objection, Reason: "I like 07:00 better", Harm: "my routine", At: at(9)}))
	require.NoError(t, p.TestObjection(TestParams{Objector: cas, By: dee, Valid: false, Reason: "a preference, not harm", At: at(10)}))
	stance(t, p, dee, Objection, 11)
	stance(t, p, dee, StandAside, 12)
	_, err := p.Close(Act{By: dee, At: at(13)})
	require.NoError(t, err)
	return p
}

func TestNewDecisionRecordsEverything(t *testing.T) {
	p := objectedAndAmended(t, nil)
	d, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "Clients asked for it.", ReviewOn: wijk.NewDate(2026, 9, 1)})
	require.NoError(t, err)
	require.Equal(t, 2, d.Version)
	require.Equal(t, 2, d.Rounds)
	require.Equal(t, "Start at 07:30; insulin at 07:00.", d.Text)
	require.Len(t, d.Stances, 4)
	require.Empty(t, d.Silent)
	got := make(map[wijk.ID]Resolution)
	for _, o := range d.Objections {
		got[o.Member] = o.Resolution
	}
	want := map[wijk.ID]Resolution{bob: ResolvedByAmendment, cas: ResolvedNotValid, dee: ResolvedWithdrawn}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("resolutions (-want +got):\n%s", diff)
	}
	require.Equal(t, at(1), d.PresentedAt)
	require.Equal(t, at(13), d.DecidedAt)

	_, err = NewDecision(newDraft(t, nil), DecisionParams{ID: id(501), Rationale: "x", ReviewOn: wijk.NewDate(2026, 9, 1)})
	requireKind(t, wijk.ErrConflict, err)
	_, err = NewDecision(p, DecisionParams{ID: id(501), Rationale: "", ReviewOn: wijk.NewDate(2026, 9, 1)})
	requireKind(t, wijk.ErrInvalid, err)
	_, err = NewDecision(p, DecisionParams{ID: id(501), Rationale: "x", ReviewOn: wijk.NewDate(2026, 3, 2)})
	requireKind(t, wijk.ErrInvalid, err) // review on the day of the decision
}

func TestOverruledUnderMajority(t *testing.T) {
	p := inRound(t, func(pp *ProposalParams) { pp.Rule = MajorityRule{} })
	stance(t, p, ann, Consent, 3)
	stance(t, p, bob, Consent, 4)
	stance(t, p, cas, Consent, 5)
	stance(t, p, dee, Objection, 6)
	_, err := p.Close(Act{By: ann, At: at(7)})
	require.NoError(t, err)
	d, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "3 to 1", ReviewOn: wijk.NewDate(2027, 1, 1)})
	require.NoError(t, err)
	require.Equal(t, ResolvedOverruled, d.Objections[0].Resolution)
}

func adopt(t *testing.T, p *Proposal, start int) {
	t.Helper()
	require.NoError(t, p.Present(Act{By: p.Owner(), At: at(start)}, members()))
	require.NoError(t, p.StartRound(Act{By: bob, At: at(start + 1)}, at(start+60)))
	for i, m := range members() {
		stance(t, p, m, Consent, start+2+i)
	}
	_, err := p.Close(Act{By: bob, At: at(start + 10)})
	require.NoError(t, err)
}

func TestDecisionLogSupersedes(t *testing.T) {
	l, err := NewDecisionLog(teamID)
	require.NoError(t, err)
	p := newDraft(t, nil)
	adopt(t, p, 1)
	review := wijk.NewDate(2026, 9, 1)
	d1, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "asked for", ReviewOn: review})
	require.NoError(t, err)
	require.NoError(t, l.Append(d1))
	requireKind(t, wijk.ErrConflict, l.Append(d1))

	_, err = l.Revisit(id(599), ProposalParams{})
	requireKind(t, wijk.ErrNotFound, err)
	p2, err := l.Revisit(id(500), ProposalParams{ID: id(201), Team: teamID, Owner: bob, Title: "Back to 07:00",
		Text: "Start at 07:00 again.", Reason: "Traffic at 07:30 is worse.", CreatedAt: at(100)})
	require.NoError(t, err)
	require.Equal(t, id(500), p2.Revisits())
	adopt(t, p2, 101)
	d2, err := NewDecision(p2, DecisionParams{ID: id(501), Rationale: "traffic", ReviewOn: review})
	require.NoError(t, err)
	require.Equal(t, id(500), d2.Supersedes)

	require.Len(t, l.DueForReview(review), 1)
	require.NoError(t, l.Append(d2))
	by, ok := l.SupersededBy(id(500))
	require.True(t, ok)
	require.Equal(t, id(501), by)
	require.Equal(t, []wijk.ID{id(501)}, decisionIDs(l.Current()))
	require.Equal(t, []wijk.ID{id(500), id(501)}, decisionIDs(l.Entries()))
	require.Empty(t, l.DueForReview(review.AddDays(-1)))
	require.Len(t, l.DueForReview(review), 1)

	_, err = l.Revisit(id(500), ProposalParams{})
	requireKind(t, wijk.ErrConflict, err)

	r, err := RestoreDecisionLog(teamID, l.Entries())
	require.NoError(t, err)
	if diff := diff(l.Entries(), r.Entries()); diff != "" {
		t.Fatalf("restored log (-want +got):\n%s", diff)
	}
	_, err = RestoreDecisionLog(teamID, []Decision{d2, d1})
	requireKind(t, wijk.ErrNotFound, err)

	e := l.Entries()
	e[0].Stances[0].Kind = Objection
	got, err := l.Get(id(500))
	require.NoError(t, err)
	require.Equal(t, Consent, got.Stances[0].Kind, "entries are copies")
}

func TestDecisionValidation(t *testing.T) {
	p := objectedAndAmended(t, nil)
	good, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "r", ReviewOn: wijk.NewDate(2026, 9, 1)})
	require.NoError(t, err)
	tests := []struct {
		name  string
		mod   func(d *Decision)
		field string
	}{
		{"no id", func(d *Decision) { d.ID = "" }, "id"},
		{"no rationale", func(d *Decision) { d.Rationale = " " }, "rationale"},
		{"no rounds", func(d *Decision) { d.Rounds = 0 }, "rounds"},
		{"stranger's stance", func(d *Decision) { d.Stances[0].Member = eve }, "stances[0].member"},
		{"missing silent", func(d *Decision) { d.Stances = d.Stances[1:] }, "silent"},
		{"bad resolution", func(d *Decision) { d.Objections[0].Resolution = 0 }, "objections[0].resolution"},
		{"no review", func(d *Decision) { d.ReviewOn = wijk.Date{} }, "reviewOn"},
		{"unsorted eligible", func(d *Decision) { d.Eligible[0], d.Eligible[1] = d.Eligible[1], d.Eligible[0] }, "eligible"},
		{"consent marked as a valid objection", func(d *Decision) { d.Stances[0].Objection = ValidObjection }, "stances[0].objection"},
		{"objection without a test state", func(d *Decision) { d.Stances[2].Objection = 0 }, "stances[2].objection"},
		{"consent adopted over a valid objection", func(d *Decision) { d.Stances[2].Objection = ValidObjection }, "stances[2].objection"},
		{"consent adopted over an untested objection", func(d *Decision) {
			d.Stances[2].Objection, d.Stances[2].TestedBy, d.Stances[2].TestReason = Untested, "", ""
		}, "stances[2].objection"},
		{"history objection not an objection", func(d *Decision) { d.History[0].Objection = NotAnObjection }, "history[0].objection"},
		{"consent overruling an objection", func(d *Decision) { d.Objections[0].Resolution = ResolvedOverruled }, "objections[0].resolution"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := cloneDecision(good)
			tt.mod(&d)
			err := d.Validate()
			requireKind(t, wijk.ErrInvalid, err)
			var ve *wijk.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tt.field, ve.Field)
		})
	}
	l, _ := NewDecisionLog(id(101))
	requireKind(t, wijk.ErrInvalid, l.Append(good))
}

func decisionIDs(ds []Decision) []wijk.ID {
	out := make([]wijk.ID, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func TestDecisionKeepsFullHistory(t *testing.T) {
	p := objectedAndAmended(t, nil)
	d, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "r", ReviewOn: wijk.NewDate(2026, 9, 1)})
	require.NoError(t, err)
	if diff := cmp.Diff(p.Stances(), d.History); diff != "" {
		t.Fatalf("history (-want +got):\n%s", diff)
	}
	d.History[0].Member = eve
	requireKind(t, wijk.ErrInvalid, d.Validate())
}
