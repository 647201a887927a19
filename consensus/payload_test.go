package consensus

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

var (
	fay  = id(6)
	gus  = id(7)
	zeta = id(8)
)

func day(y int, m time.Month, d int) wijk.Date { return wijk.NewDate(y, m, d) }

func newTeam(t *testing.T) *team.Team {
	t.Helper()
	tm, err := team.NewTeam(team.NewTeamParams{
		ID: teamID, Name: "Wijkteam Zuid",
		Neighbourhood: team.Neighbourhood{Area: "Zuid", Postcodes: []team.Postcode{"1071", "1072"}},
		Founded:       day(2026, 1, 1),
		Members: []team.MemberParams{
			{Person: ann, Name: "Ann", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: bob, Name: "Bob", Level: team.Level4, ContractPerWeek: 24 * time.Hour},
			{Person: cas, Name: "Cas", Level: team.Level3, ContractPerWeek: 28 * time.Hour},
			{Person: dee, Name: "Dee", Level: team.Level4, ContractPerWeek: 32 * time.Hour},
		},
		Roles: []team.InitialRole{{Role: "planner", Holder: bob, Until: day(2026, 12, 31)}},
		Now:   t0,
	})
	require.NoError(t, err)
	return tm
}

// decided runs a proposal with the payload to adoption and logs it.
func decided(t *testing.T, tm *team.Team, pl Payload) Decision {
	t.Helper()
	p := newDraft(t, func(pp *ProposalParams) { pp.Payload = pl })
	require.NoError(t, p.Present(Act{By: ann, At: at(1)}, tm.Decisionmakers()))
	require.NoError(t, p.StartRound(Act{By: cas, At: at(2)}, at(60)))
	for i, m := range tm.Decisionmakers() {
		stance(t, p, m, Consent, 3+i)
	}
	_, err := p.Close(Act{By: cas, At: at(20)})
	require.NoError(t, err)
	d, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "agreed", ReviewOn: day(2026, 9, 1)})
	require.NoError(t, err)
	return d
}

func TestApplyPayloads(t *testing.T) {
	ref := team.DecisionRef(id(500))
	tests := []struct {
		name    string
		payload Payload
		check   func(t *testing.T, tm *team.Team)
	}{
		{"hire", Hire{Member: team.MemberParams{Person: fay, Name: "Fay", Level: team.Level5, ContractPerWeek: 28 * time.Hour}, Start: day(2026, 4, 1)},
			func(t *testing.T, tm *team.Team) {
				m, ok := tm.Member(fay)
				require.True(t, ok)
				require.Equal(t, ref, m.JoinDecision)
				require.Equal(t, day(2026, 4, 1), m.Start)
			}},
		{"leave", Leave{Person: dee, LastDay: day(2026, 5, 31)},
			func(t *testing.T, tm *team.Team) {
				var m team.Member
				for _, h := range tm.History() {
					if h.Person == dee {
						m = h
					}
				}
				require.Equal(t, ref, m.EndDecision)
				require.Equal(t, day(2026, 5, 31), m.End)
			}},
		{"assign role", AssignRole{Role: team.RoleMentor, Holder: cas, From: day(2026, 3, 2), Until: day(2026, 12, 31)},
			func(t *testing.T, tm *team.Team) {
				a, ok := tm.Holder(team.RoleMentor)
				require.True(t, ok)
				require.Equal(t, cas, a.Holder)
				require.Equal(t, ref, a.Decision)
			}},
		{"hand over role", HandOverRole{Role: team.RolePlanner, To: dee, On: day(2026, 3, 9), Until: day(2027, 3, 8), Note: "the spring rota is half done"},
			func(t *testing.T, tm *team.Team) {
				a, ok := tm.Holder(team.RolePlanner)
				require.True(t, ok)
				require.Equal(t, dee, a.Holder)
				h := tm.Handovers()
				require.Equal(t, ref, h[len(h)-1].Decision)
			}},
		{"change norms", ChangeNorms{Norms: team.Norms{SizeNorm: 10, CaseloadMin: 35, CaseloadMax: 50, MaxRolesPerMember: 2}},
			func(t *testing.T, tm *team.Team) {
				require.Equal(t, 10, tm.Norms().SizeNorm)
				c := tm.NormChanges()
				require.Equal(t, ref, c[len(c)-1].Decision)
			}},
		{"change neighbourhood", ChangeNeighbourhood{Neighbourhood: team.Neighbourhood{Area: "Centrum", Postcodes: []team.Postcode{"7511", "7512"}}},
			func(t *testing.T, tm *team.Team) {
				require.Equal(t, "Centrum", tm.Neighbourhood().Area)
				c := tm.AreaChanges()
				require.Equal(t, ref, c[len(c)-1].Decision)
				require.True(t, tm.Carries(ref))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.payload.Validate())
			tm := newTeam(t)
			d := decided(t, tm, tt.payload)
			newTeam, err := Apply(d, tm, at(30))
			require.NoError(t, err)
			require.Nil(t, newTeam)
			tt.check(t, tm)
		})
	}
}

func TestApplySplit(t *testing.T) {
	tm := newTeam(t)
	var in team.SplitInput
	clients := []struct {
		n  int
		pc team.Postcode
		by wijk.ID
	}{{1, "1071", ann}, {2, "1071", bob}, {3, "1072", cas}, {4, "1072", dee}}
	for _, c := range clients {
		in.Clients = append(in.Clients, team.ClientLocation{Client: id(600 + c.n), Postcode: c.pc})
		in.Visits = append(in.Visits, team.VisitCount{Client: id(600 + c.n), Member: c.by, Visits: 10})
	}
	sp, err := tm.ProposeSplit(in)
	require.NoError(t, err)
	d := decided(t, tm, Split{Proposal: sp, On: day(2026, 6, 1), NewTeamID: id(101), NewTeamName: "Wijkteam Zuid 2", NewArea: "Zuid-Oost"})
	b, err := Apply(d, tm, at(30))
	require.NoError(t, err)
	require.NotNil(t, b)
	require.Equal(t, id(101), b.ID())
	require.Len(t, b.Members(), len(sp.Sides[1].Members))
}

func TestApplyRefuses(t *testing.T) {
	tm := newTeam(t)
	hire := Hire{Member: team.MemberParams{Person: fay, Name: "Fay", Level: team.Level5, ContractPerWeek: 28 * time.Hour}, Start: day(2026, 4, 1)}
	d := decided(t, tm, hire)

	noPayload := d
	noPayload.Payload = nil
	_, err := Apply(noPayload, tm, at(30))
	requireKind(t, wijk.ErrInvalid, err)
	_, err = Apply(d, nil, at(30))
	requireKind(t, wijk.ErrInvalid, err)
	other, err := team.NewTeam(team.NewTeamParams{ID: id(101), Name: "Other", Neighbourhood: team.Neighbourhood{Area: "West"},
		Founded: day(2026, 1, 1), Members: []team.MemberParams{{Person: gus, Name: "Gus", Level: team.Level4, ContractPerWeek: time.Hour}}, Now: t0})
	require.NoError(t, err)
	_, err = Apply(d, other, at(30))
	requireKind(t, wijk.ErrInvalid, err)

	_, err = Apply(d, tm, at(30))
	require.NoError(t, err)
	_, err = Apply(d, tm, at(31))
	requireKind(t, wijk.ErrConflict, err) // a member cannot join twice

	// A decision that adopts a plan changes no team.
	for _, p := range []Payload{AdoptRoster{Roster: id(300), Digest: strings.Repeat("ab", 32)}, AdoptDayPlan{Plan: id(301), Digest: strings.Repeat("0", 64)}} {
		adopts := decided(t, tm, p)
		_, err = Apply(adopts, tm, at(33))
		requireKind(t, wijk.ErrInvalid, err)
		require.ErrorContains(t, err, "adopts a plan")
		pid, digest, ok := AdoptedPlan(p, p.Kind())
		require.True(t, ok)
		require.NotEmpty(t, pid)
		require.Len(t, digest, 64)
	}
	_, _, ok := AdoptedPlan(AdoptRoster{Roster: id(300)}, PayloadAdoptDayPlan)
	require.False(t, ok, "a roster's decision adopts no day plan")
	_, _, ok = AdoptedPlan(hire, PayloadAdoptRoster)
	require.False(t, ok)

	leave := decided(t, newTeam(t), Leave{Person: zeta, LastDay: day(2026, 5, 1)})
	_, err = Apply(leave, tm, at(32))
	requireKind(t, wijk.ErrNotFound, err)
}

func TestPayloadValidation(t *testing.T) {
	good := team.MemberParams{Person: fay, Name: "Fay", Level: team.Level5, ContractPerWeek: 28 * time.Hour}
	tests := []struct {
		name  string
		p     Payload
		field string
	}{
		{"hire without start", Hire{Member: good}, "start"},
		{"hire without level", Hire{Member: team.MemberParams{Person: fay, Name: "Fay", ContractPerWeek: time.Hour}, Start: day(2026, 4, 1)}, "member.level"},
		{"leave without person", Leave{LastDay: day(2026, 4, 1)}, "person"},
		{"leave without day", Leave{Person: fay}, "lastDay"},
		{"role not canonical", AssignRole{Role: "Planner", Holder: fay, From: day(2026, 4, 1), Until: day(2026, 5, 1)}, "role"},
		{"term backwards", AssignRole{Role: team.RolePlanner, Holder: fay, From: day(2026, 4, 1), Until: day(2026, 3, 1)}, "until"},
		{"hand over to nobody", HandOverRole{Role: team.RolePlanner, On: day(2026, 4, 1), Until: day(2026, 5, 1)}, "to"},
		{"split without sides", Split{Proposal: team.SplitProposal{Team: teamID}, On: day(2026, 4, 1), NewTeamID: id(101), NewTeamName: "B"}, "proposal.sides[0].members"},
		{"split into itself", Split{Proposal: team.SplitProposal{Team: teamID, Sides: [2]team.SplitSide{{Members: []wijk.ID{ann}}, {Members: []wijk.ID{bob}}}}, On: day(2026, 4, 1), NewTeamID: teamID, NewTeamName: "B"}, "newTeamID"},
		{"split member twice", Split{Proposal: team.SplitProposal{Team: teamID, Sides: [2]team.SplitSide{{Members: []wijk.ID{ann}}, {Members: []wijk.ID{ann}}}}, On: day(2026, 4, 1), NewTeamID: id(101), NewTeamName: "B"}, "proposal.sides[1].members[0]"},
		{"norms out of range", ChangeNorms{Norms: team.Norms{SizeNorm: 1, CaseloadMin: 1, CaseloadMax: 2, MaxRolesPerMember: 1}}, "norms.sizeNorm"},
		{"neighbourhood of nothing", ChangeNeighbourhood{}, "neighbourhood"},
		{"neighbourhood with a bad postcode", ChangeNeighbourhood{Neighbourhood: team.Neighbourhood{Postcodes: []team.Postcode{"12"}}}, "neighbourhood.postcodes[0]"},
		{"roster without an ID", AdoptRoster{Digest: strings.Repeat("a", 64)}, "roster"},
		{"roster without a digest", AdoptRoster{Roster: id(300)}, "digest"},
		{"roster digest too short", AdoptRoster{Roster: id(300), Digest: "abc"}, "digest"},
		{"roster digest in capitals", AdoptRoster{Roster: id(300), Digest: strings.Repeat("A", 64)}, "digest"},
		{"day plan without an ID", AdoptDayPlan{Digest: strings.Repeat("0", 64)}, "plan"},
		{"day plan digest not hex", AdoptDayPlan{Plan: id(300), Digest: strings.Repeat("g", 64)}, "digest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			requireKind(t, wijk.ErrInvalid, err)
			var ve *wijk.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tt.field, ve.Field)
			_, err = NewProposal(ProposalParams{ID: id(200), Team: teamID, Owner: ann, Title: "t", Text: "x", Reason: "y", Payload: tt.p, CreatedAt: t0})
			require.ErrorAs(t, err, &ve)
			require.Equal(t, "payload."+tt.field, ve.Field)
		})
	}
}

func TestAmendmentCarriesItsOwnPayload(t *testing.T) {
	carer := Hire{Member: team.MemberParams{Person: fay, Name: "Fay", Level: team.Level3, ContractPerWeek: 28 * time.Hour}, Start: day(2026, 4, 1)}
	nurse := carer
	nurse.Member.Level = team.Level5
	p := inRound(t, func(pp *ProposalParams) { pp.Payload = carer })
	require.Equal(t, carer, p.Payload())
	same := Revision{Text: p.Current().Text, Reason: p.Current().Reason, Payload: carer}
	requireKind(t, wijk.ErrConflict, p.Amend(Act{By: ann, At: at(3), Why: "nothing"}, same))
	bad := Revision{Text: "x", Reason: "y", Payload: Hire{Member: carer.Member}}
	requireKind(t, wijk.ErrInvalid, p.Amend(Act{By: ann, At: at(3), Why: "no start"}, bad))
	onlyPayload := Revision{Text: p.Current().Text, Reason: p.Current().Reason, Payload: nurse}
	require.NoError(t, p.Amend(Act{By: ann, At: at(3), Why: "hire at level 5"}, onlyPayload))
	require.Equal(t, nurse, p.Payload())
	require.Equal(t, carer, p.Versions()[0].Payload)
	require.NoError(t, p.StartRound(Act{By: bob, At: at(4)}, at(60)))
	for i, m := range members() {
		stance(t, p, m, Consent, 5+i)
	}
	_, err := p.Close(Act{By: bob, At: at(10)})
	require.NoError(t, err)
	d, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "r", ReviewOn: day(2026, 9, 1)})
	require.NoError(t, err)
	require.Equal(t, nurse, d.Payload)
	r, err := RestoreProposal(p.Snapshot())
	require.NoError(t, err)
	require.Equal(t, nurse, r.Payload())
}

// A payload is one of the package's value types. Their pointers also
// satisfy the interface; a nil one must be refused, not dereferenced, and
// a non-nil one must be refused too, since Apply and storage only know the
// value types.
func TestPointerPayloadsRefused(t *testing.T) {
	var nilHire *Hire
	var nilNorms *ChangeNorms
	hire := Hire{
		Member: team.MemberParams{Person: fay, Name: "Fay", Level: team.Level3, ContractPerWeek: 24 * time.Hour},
		Start:  day(2026, 4, 1),
	}
	for _, pl := range []Payload{nilHire, nilNorms, &hire, &ChangeNorms{Norms: team.DefaultNorms()}} {
		t.Run(fmt.Sprintf("%T", pl), func(t *testing.T) {
			_, err := NewProposal(ProposalParams{ID: id(200), Team: teamID, Owner: ann, Title: "T",
				Text: "x", Reason: "y", CreatedAt: t0, Payload: pl})
			requireKind(t, wijk.ErrInvalid, err)

			p := inRound(t, nil)
			requireKind(t, wijk.ErrInvalid, p.Amend(Act{By: ann, At: at(3), Why: "add the hire"}, Revision{Text: "x2", Reason: "y", Payload: pl}))
			require.Len(t, p.Versions(), 1)

			d := decided(t, newTeam(t), hire)
			d.Payload = pl
			requireKind(t, wijk.ErrInvalid, d.Validate())
		})
	}
}

// Through the log, only a logged decision that still stands is applied.
func TestLogApplyChecksTheLog(t *testing.T) {
	tm := newTeam(t)
	hire := Hire{Member: team.MemberParams{Person: fay, Name: "Fay", Level: team.Level5, ContractPerWeek: 28 * time.Hour}, Start: day(2026, 4, 1)}
	d := decided(t, tm, hire)
	l, err := NewDecisionLog(tm.ID())
	require.NoError(t, err)

	_, err = l.Apply(d.ID, tm, at(30))
	requireKind(t, wijk.ErrNotFound, err)
	require.False(t, tm.IsMember(fay), "an unlogged decision changes nothing")

	require.NoError(t, l.Append(d))
	_, err = l.Apply(d.ID, tm, at(30))
	require.NoError(t, err)
	require.True(t, tm.IsMember(fay))
}

func TestLogApplyRefusesASupersededDecision(t *testing.T) {
	tm := newTeam(t)
	l, err := NewDecisionLog(teamID)
	require.NoError(t, err)
	p := newDraft(t, nil)
	adopt(t, p, 1)
	d1, err := NewDecision(p, DecisionParams{ID: id(500), Rationale: "asked for", ReviewOn: day(2026, 9, 1)})
	require.NoError(t, err)
	require.NoError(t, l.Append(d1))
	p2, err := l.Revisit(id(500), ProposalParams{ID: id(201), Team: teamID, Owner: bob, Title: "Back to 07:00",
		Text: "Start at 07:00 again.", Reason: "Traffic at 07:30 is worse.", CreatedAt: at(100)})
	require.NoError(t, err)
	adopt(t, p2, 101)
	d2, err := NewDecision(p2, DecisionParams{ID: id(501), Rationale: "traffic", ReviewOn: day(2026, 9, 1)})
	require.NoError(t, err)
	require.NoError(t, l.Append(d2))

	_, err = l.Apply(id(500), tm, at(200))
	requireKind(t, wijk.ErrConflict, err)
}
