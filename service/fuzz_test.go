package service_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// FuzzSessions drives sessions of random people through random operations
// on the story world, on random days. Nothing may panic, every refusal is a
// wijk error of a known kind, and every request the service lets through
// must be one the policy table allows for the facts as this test reads
// them from storage itself. Every request about a client's record leaves
// exactly one access entry (one per client for a caseload), refused or
// allowed as the request was; a write that failed after it was allowed
// leaves none; no other request leaves any.
func FuzzSessions(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 0, 0})
	f.Add([]byte{1, 1, 5, 1, 2, 3, 4, 0, 6, 2, 1, 1})
	f.Add([]byte{7, 0, 15, 0, 3, 0, 7, 0, 1, 0, 0, 40})
	f.Add([]byte{2, 1, 0, 1, 0, 0, 9, 1, 1, 0, 1, 30, 3, 0, 4, 1, 0, 0})
	f.Fuzz(func(t *testing.T, input []byte) {
		if len(input) > 120 {
			input = input[:120]
		}
		w := newWorld(t, backends[0])
		people := []wijk.ID{w.anne, w.bram, w.cem, w.dewi, w.eva, w.gijs, w.fay, w.zoe, w.yara, w.carla, w.bo, w.pim, w.sam, w.marga, w.bep, w.wim}
		teams := []wijk.ID{w.noord, w.zuid}
		clients := []wijk.ID{w.bep, w.wim}
		plans := []wijk.ID{w.bepPlan, w.wimPlan}
		sessions := map[string]*service.Session{}
		next := since(t, w.store)
		for len(input) >= 6 {
			b := input[:6]
			input = input[6:]
			person := people[int(b[0])%len(people)]
			purpose := service.Care()
			if b[1]%4 == 1 {
				purpose = service.Emergency("unwell and alone")
			}
			key := fmt.Sprint(person, purpose.Kind)
			s := sessions[key]
			if s == nil {
				s = w.asFor(person, purpose)
				sessions[key] = s
			}
			day := day0.AddDays(2 + int(b[5])%40)
			w.clock.Set(day.In(time.UTC, 9*60+len(input)))
			tm, cl, pl := teams[int(b[3])%2], clients[int(b[3])%2], plans[int(b[3])%2]
			other := people[int(b[4])%len(people)]
			before := oracle{w: w, day: day}
			before.load(t)
			w.mu.Lock()
			from := len(w.accesses)
			w.mu.Unlock()
			own := false
			op := b[2] % 20
			// What the operation is about, from the test's own knowledge
			// (Bep is Noord's client, Wim Zuid's): the oracle's facts are
			// taken from this, not from what the service reports.
			wantTeam, wantClient := tm, wijk.ID("")
			switch op {
			case 0, 1, 2, 4, 5:
				wantClient = cl
			case 19:
				wantTeam = ""
			}
			var err error
			switch op {
			case 0:
				_, err = s.Client(ctx, cl)
			case 1:
				_, err = s.Plan(ctx, pl)
			case 2:
				_, err = s.Plans(ctx, cl)
			case 3:
				_, err = s.Clients(ctx, tm)
			case 4:
				_, err = s.Rate(ctx, pl, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 3}}})
			case 5:
				_, err = s.Authorise(ctx, pl, 60, day.AddDays(30))
			case 6:
				who := person
				if b[4]%2 == 1 {
					who = other
				}
				own = who == person
				err = s.RecordHours(ctx, tm, team.HoursRecord{Person: who, Day: day, Worked: 7 * time.Hour, ClientFacing: 4 * time.Hour})
			case 7:
				_, err = s.Hours(ctx, tm, day0, day)
			case 8:
				y, m, _ := day.Date()
				_, err = s.TeamFigures(ctx, tm, y, m)
			case 9:
				_, err = s.MemberFigures(ctx, tm, day0, day)
			case 10:
				_, err = s.Team(ctx, tm)
			case 11:
				_, err = s.DecisionLog(ctx, tm)
			case 12:
				_, err = s.Propose(ctx, service.ProposalDraft{Team: tm, Title: "Idea", Text: "An idea.", Reason: "Why not."})
			case 13:
				_, err = s.AssignRole(ctx, tm, team.RoleMentor, other, day, day.AddDays(30))
			case 14:
				q := storage.AuditQuery{}
				if b[4]%3 == 1 {
					q.EntityID = cl
				} else if b[4]%3 == 2 {
					q.EntityID = tm
				} else {
					wantTeam = ""
				}
				_, err = s.Audit(ctx, q)
			case 15:
				_, err = s.GoOnLeave(ctx, tm, other)
			case 16:
				_, err = s.ReturnFromLeave(ctx, tm, other)
			case 17:
				_, err = s.OpenProposals(ctx, tm)
			case 18:
				y, m, _ := day.Date()
				_, err = s.CompareTeams(ctx, y, m, team.DefaultProductivityBand)
			case 19:
				_, err = s.RegisterCoach(ctx, team.NewCoachParams{ID: w.ids.NewID(), Name: "Coach"})
			}
			if err != nil && !errors.Is(err, wijk.ErrForbidden) && !errors.Is(err, wijk.ErrInvalid) &&
				!errors.Is(err, wijk.ErrConflict) && !errors.Is(err, wijk.ErrNotFound) {
				t.Fatalf("op %d: an error of no kind: %v", op, err)
			}
			w.mu.Lock()
			got := append([]service.Access(nil), w.accesses[from:]...)
			w.mu.Unlock()
			allowed := 0
			for _, a := range got {
				if !a.Decision.Allowed {
					continue
				}
				allowed++
				if op != 18 { // CompareTeams asks about every team in turn
					if a.Team != wantTeam {
						t.Fatalf("op %d: the service decided about team %q, the request was about %q", op, a.Team, wantTeam)
					}
					a.Client = wantClient
				}
				f := before.facts(t, person, a)
				f.Own = own
				if purpose.Kind == service.PurposeEmergency {
					f.EmergencyReason = purpose.Reason
				}
				if d := policy.Decide(a.Action, f); !d.Allowed {
					t.Fatalf("op %d: %s was allowed to %s (team %s, client %s) by rule %s, but the table forbids it for %+v",
						op, person, a.Action, a.Team, a.Client, a.Decision.Rule, f)
				}
			}
			if err == nil && allowed == 0 {
				t.Fatalf("op %d succeeded without an allowed decision", op)
			}
			entries := next()
			want, outcome := 0, storage.OutcomeAllowed
			switch {
			case op > 5:
			case errors.Is(err, wijk.ErrForbidden):
				want, outcome = 1, storage.OutcomeRefused
			case err == nil:
				want = 1 // each team has one client
			}
			if len(entries) != want {
				t.Fatalf("op %d (error %v): %d access entries, want %d: %+v", op, err, len(entries), want, entries)
			}
			for _, e := range entries {
				if e.Outcome != outcome || e.Person != string(person) {
					t.Fatalf("op %d (error %v): entry %+v, want outcome %s by %s", op, err, e, outcome, person)
				}
			}
		}
	})
}

// oracle reads the facts of a world from storage on its own, the way the
// policy's doc states them, to check the service's answers against.
type oracle struct {
	w     *world
	day   wijk.Date
	teams map[wijk.ID]*team.Team
}

func (o *oracle) load(t *testing.T) {
	o.teams = map[wijk.ID]*team.Team{}
	ids, err := o.w.store.Teams().List(ctx)
	require.NoError(t, err)
	for _, id := range ids {
		tm, _, err := o.w.store.Teams().Get(ctx, id)
		require.NoError(t, err)
		o.teams[id] = tm
	}
}

// facts are the facts about person for access a, as of the oracle's day.
func (o *oracle) facts(t *testing.T, person wijk.ID, a service.Access) policy.Facts {
	var f policy.Facts
	for id, tm := range o.teams {
		for _, m := range tm.History() {
			if m.Person != person || o.day.Before(m.Start) || (!m.End.IsZero() && o.day.After(m.End)) {
				continue
			}
			active := m.Status != team.StatusOnLeave
			if id != a.Team {
				f.MemberElsewhere = f.MemberElsewhere || active
				continue
			}
			f.Level = m.Level
			f.Member = f.Member || active
			f.OnLeave = f.OnLeave || !active
			f.Decides = f.Decides || m.Status == team.StatusActive
		}
		if id == a.Team && tm.Coach() == person {
			f.Coach = true
		}
	}
	if st, _, err := o.w.store.Staff().Get(ctx, person); err == nil {
		f.BackOffice = st.Holds(team.StaffBackOffice, o.day)
		f.PrivacyOfficer = st.Holds(team.StaffPrivacyOfficer, o.day)
	}
	if a.Client != "" {
		f.Subject = a.Client == person
		if c, _, err := o.w.store.Clients().Get(ctx, a.Client); err == nil {
			f.Representative = c.RepresentedBy(person)
		}
	}
	return f
}
