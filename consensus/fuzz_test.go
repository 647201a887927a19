package consensus

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func FuzzNewProposal(f *testing.F) {
	f.Add("Start at 07:30", "Morning visits start at 07:30.", "Clients ask.", 1, 3, "")
	f.Add("", "", "", 0, 0, "")
	f.Add("a\nb", "\xff", " ", 3, -1, "nope")
	f.Add("x", "y", "z", 2, 101, string(id(9)))
	f.Fuzz(func(t *testing.T, title, text, reason string, quorum, maxRounds int, revisits string) {
		p, err := NewProposal(ProposalParams{ID: id(200), Team: teamID, Owner: ann, Title: title, Text: text,
			Reason: reason, Quorum: Quorum(quorum), MaxRounds: maxRounds, Revisits: wijk.ID(revisits), CreatedAt: t0})
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.Equal(t, Draft, p.State())
		require.True(t, p.Quorum().Valid())
		require.GreaterOrEqual(t, p.MaxRounds(), 1)
		_, err = RestoreProposal(p.Snapshot())
		require.NoError(t, err)
	})
}

func FuzzTakeStance(f *testing.F) {
	f.Add(4, "Mr Jansen needs insulin at 07:00", "a client's health", 10)
	f.Add(2, "", "", 5)
	f.Add(1, "", "x", 5)
	f.Add(0, "\x00", "", -5)
	f.Add(3, "busy", "", 100)
	f.Fuzz(func(t *testing.T, kind int, reason, harm string, minute int) {
		p := inRound(t, nil)
		err := p.TakeStance(StanceParams{Member: bob, Kind: StanceKind(kind), Reason: reason, Harm: harm, At: at(minute)})
		if err != nil {
			require.True(t, errors.Is(err, wijk.ErrInvalid) || errors.Is(err, wijk.ErrConflict), "unexpected error kind: %v", err)
			require.Empty(t, p.Stances())
			return
		}
		s := p.Stances()
		require.Len(t, s, 1)
		require.True(t, s[0].Kind.Valid())
		if s[0].Kind == Objection {
			require.Equal(t, Untested, s[0].Objection)
			require.NotEmpty(t, s[0].Harm)
		}
		_, err = RestoreProposal(p.Snapshot())
		require.NoError(t, err)
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"consent", "Consent With Concern", "stand_aside", "draft", "consent-round", "everyone", "advice process", "hire", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if k, err := ParseStanceKind(s); err == nil {
			require.True(t, k.Valid())
		}
		if st, err := ParseState(s); err == nil {
			require.True(t, st.Valid())
		}
		if o, err := ParseObjectionStatus(s); err == nil {
			require.True(t, o.Valid())
		}
		if q, err := ParseQuorum(s); err == nil {
			require.True(t, q.Valid())
		}
		if r, err := ParseResolution(s); err == nil {
			require.True(t, r.Valid())
		}
		if m, err := ParseMeetingState(s); err == nil {
			require.True(t, m.Valid())
		}
		if k, err := ParsePayloadKind(s); err == nil {
			require.True(t, k.Valid())
		}
		if r, err := RuleByName(s); err == nil {
			require.NotNil(t, r)
		}
	})
}

// FuzzProposalLife drives a proposal with a random sequence of operations
// and checks after each step that nothing panics, every refusal has one of
// the error kinds, and the state can always be saved and rebuilt.
func FuzzProposalLife(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add([]byte{0, 2, 4, 4, 4, 4, 8, 3, 2, 4, 9, 10})
	f.Add([]byte{0, 2, 5, 6, 3, 2, 3, 2, 3, 2, 7, 2, 4, 4, 4, 4, 8})
	f.Add([]byte{0, 1, 2, 12, 12, 9, 11, 3})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 64 {
			ops = ops[:64]
		}
		p := newDraft(t, func(pp *ProposalParams) {
			if len(ops) > 0 && ops[0]%2 == 1 {
				pp.Quorum = QuorumSilenceConsents
			}
			if len(ops) > 0 && ops[0]%3 == 1 {
				pp.Rule = MajorityRule{}
			}
		})
		who := []wijk.ID{ann, bob, cas, dee, eve, coach}
		minute := 1
		for i, op := range ops {
			minute += int(op>>4) + 1
			now := at(minute)
			by := who[(int(op)+i)%len(who)]
			var err error
			switch op % 13 {
			case 0:
				err = p.Present(Act{By: ann, At: now}, members())
			case 1:
				err = p.Clarify(Act{By: by, At: now})
			case 2:
				err = p.StartRound(Act{By: by, At: now}, now.Add(time.Duration(op)*time.Minute+time.Minute))
			case 3:
				err = p.Amend(Act{By: by, At: now, Why: "answering the objection"}, Revision{Text: "version " + string(rune('a'+i%26)), Reason: "reason"})
			case 4:
				err = p.TakeStance(StanceParams{Member: by, Kind: Consent, At: now})
			case 5:
				err = p.TakeStance(StanceParams{Member: by, Kind: Objection, Reason: "r", Harm: "h", At: now})
			case 6:
				err = p.TestObjection(TestParams{Objector: who[int(op)%4], By: by, Valid: op%2 == 0, Reason: "tested", At: now})
			case 7:
				err = p.Escalate(Act{By: by, At: now, Why: "stuck"}, coach, op%2 == 0)
			case 8:
				_, err = p.Close(Act{By: by, At: now})
			case 9:
				p.CloseIfDue(now)
			case 10:
				err = p.Withdraw(Act{By: by, At: now, Why: "no longer needed"})
			case 11:
				err = p.TakeStance(StanceParams{Member: by, Kind: StandAside, At: now})
			case 12:
				err = p.TakeStance(StanceParams{Member: by, Kind: ConsentWithConcern, Reason: "c", At: now})
			}
			if err != nil {
				require.True(t, errors.Is(err, wijk.ErrInvalid) || errors.Is(err, wijk.ErrConflict) ||
					errors.Is(err, wijk.ErrForbidden) || errors.Is(err, wijk.ErrNotFound), "unexpected error: %v", err)
			}
			_, rerr := RestoreProposal(p.Snapshot())
			require.NoError(t, rerr, "after op %d (%d)", i, op%13)
			require.True(t, p.State().Valid())
			if p.State() == Adopted {
				_, derr := NewDecision(p, DecisionParams{ID: id(500), Rationale: "r", ReviewOn: wijk.DateOf(now).AddDays(30)})
				require.NoError(t, derr)
			}
		}
	})
}

func FuzzMeetingOpening(f *testing.F) {
	f.Add("The car arrives Friday.", "Summer holidays", "Rota")
	f.Add("", "", "")
	f.Add("\x00", "a\nb", "\xff")
	f.Fuzz(func(t *testing.T, notice, topic, title string) {
		m := newMeeting(t)
		_ = m.AcceptPreviousReport(Act{By: bob, At: at(1)}, "")
		nErr := m.AddNotice(Act{By: cas, At: at(2)}, notice)
		tErr := m.AddOtherBusiness(Act{By: bob, At: at(3)}, topic)
		err := m.FixAgenda(Act{By: dee, At: at(4)}, []ItemParams{{ID: id(401), Title: title, Owner: ann}}, &seqIDs{n: 10})
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.Equal(t, MeetingOpening, m.State())
			require.Empty(t, m.Agenda())
		} else {
			want := 1
			if tErr == nil {
				want++
			}
			require.Len(t, m.Agenda(), want)
		}
		if nErr != nil {
			require.Empty(t, m.Notices())
		}
		_, rerr := RestoreMeeting(m.Snapshot())
		require.NoError(t, rerr)
	})
}

func FuzzPayloadValidate(f *testing.F) {
	f.Add("Fay", 5, int64(28*time.Hour), "mentor", 10, 20, "")
	f.Add("", 0, int64(0), "", 0, 0, "\x00")
	f.Add("a\nb", 9, int64(-1), "Team  Player", 30, 10, "note")
	f.Fuzz(func(t *testing.T, name string, level int, contract int64, role string, from, until int, note string) {
		d := func(n int) wijk.Date {
			if n <= 0 {
				return wijk.Date{}
			}
			return wijk.NewDate(2026, 1, 1).AddDays(n % 5000)
		}
		payloads := []Payload{
			Hire{Member: team.MemberParams{Person: fay, Name: name, Level: team.Level(level), ContractPerWeek: time.Duration(contract)}, Start: d(from)},
			Leave{Person: wijk.ID(name), LastDay: d(until)},
			AssignRole{Role: team.RoleName(role), Holder: bob, From: d(from), Until: d(until)},
			HandOverRole{Role: team.RoleName(role), To: cas, On: d(from), Until: d(until), Note: note},
			ChangeNorms{Norms: team.Norms{SizeNorm: level, CaseloadMin: from, CaseloadMax: until, MaxRolesPerMember: level}},
		}
		for _, p := range payloads {
			err := p.Validate()
			if err != nil {
				require.ErrorIs(t, err, wijk.ErrInvalid)
				continue
			}
			require.True(t, p.Kind().Valid())
			_, err = NewProposal(ProposalParams{ID: id(200), Team: teamID, Owner: ann, Title: "t", Text: "x", Reason: "y", Payload: p, CreatedAt: t0})
			require.NoError(t, err)
		}
	})
}
