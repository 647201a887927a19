package storagetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// t0 is when the suite's stories begin: whole seconds, UTC, so that a
// round trip through any backend gives back exactly what went in.
var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// world makes the suite's aggregates with deterministic IDs.
type world struct {
	t     testing.TB
	clock *wijk.ManualClock
	ids   *wijk.IDGenerator
}

func newWorld(t testing.TB, seed uint64) *world {
	clock := wijk.NewManualClock(t0)
	return &world{t: t, clock: clock, ids: wijk.NewSeededIDGenerator(clock, seed)}
}

func (w *world) id() wijk.ID { return w.ids.NewID() }

func (w *world) tick() time.Time { return w.clock.Advance(time.Minute) }

func (w *world) must(err error) {
	w.t.Helper()
	require.NoError(w.t, err)
}

// ward is a team with its members' IDs, the first a district nurse.
type ward struct {
	team    *team.Team
	members []wijk.ID
}

var firstNames = []string{"Anouk", "Bas", "Cor", "Dewi", "Eva", "Femke", "Gert", "Hanna", "Ilse", "Joost", "Karin", "Lotte"}

// newTeam founds a team of n members (at most 12).
func (w *world) newTeam(name string, n int) ward {
	w.t.Helper()
	var ms []team.MemberParams
	var people []wijk.ID
	for i := range n {
		p := w.id()
		people = append(people, p)
		level := team.Level3
		switch i % 3 {
		case 0:
			level = team.Level5
		case 1:
			level = team.Level4
		}
		ms = append(ms, team.MemberParams{Person: p, Name: firstNames[i%len(firstNames)], Level: level, ContractPerWeek: time.Duration(24+i%3*4) * time.Hour})
	}
	tm, err := team.NewTeam(team.NewTeamParams{
		ID: w.id(), Name: name,
		Neighbourhood: team.Neighbourhood{Area: name, Postcodes: []team.Postcode{"7511", "7512"}},
		Founded:       wijk.NewDate(2026, time.January, 1),
		Members:       ms,
		Roles:         []team.InitialRole{{Role: "planner", Holder: people[0], Until: wijk.NewDate(2026, time.December, 31)}},
		Now:           t0,
	})
	w.must(err)
	return ward{team: tm, members: people}
}

func (w *world) newCoach(name string) *team.Coach {
	w.t.Helper()
	c, err := team.NewCoach(team.NewCoachParams{ID: w.id(), Name: name})
	w.must(err)
	return c
}

func (w *world) newClient(name string) *careplan.Client {
	w.t.Helper()
	c, err := careplan.NewClient(careplan.ClientParams{
		ID: w.id(), Name: name, BirthDate: wijk.NewDate(1941, time.May, 12),
		Address: careplan.Address{Street: "Lindenstraat 4", Postcode: "7511 JK", City: "Enschede", Area: "Lasonder"},
		Contact: careplan.Contact{Phone: "053 123 4567"},
		Informal: []careplan.InformalCarer{
			{Name: "Marga", Relation: "daughter", HelpsWith: "shopping, Sunday dinner", Reach: "06 1234 5678 after 17:00"},
		},
		Formal:    []careplan.Professional{{Role: careplan.RoleGP, Name: "Dr. Smit", Organisation: "Huisartsen Lasonder"}},
		Goals:     []string{"walk to the market on Saturday again"},
		Strengths: []string{"cooks for herself"},
		Wishes:    []string{"first coffee, then care"},
	})
	w.must(err)
	return c
}

// newPlan writes a realistic plan for client: two problems, two
// interventions, admission ratings, and (when review is set) an
// authorisation by nurse with that review date, which makes it active.
func (w *world) newPlan(client wijk.ID, nurse wijk.ID, start, review wijk.Date) *careplan.CarePlan {
	w.t.Helper()
	p, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: w.id(), Client: client, Start: start, CreatedBy: nurse})
	w.must(err)
	w.must(p.AddProblem(careplan.Problem{
		Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
		Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin, 3 cm"}},
		Goal:  "wound closed within six weeks",
	}))
	w.must(p.AddProblem(careplan.Problem{
		Code: "Medication regimen", Scope: omaha.Individual, Severity: omaha.Potential,
		Goal: "takes her pills as prescribed, by herself",
	}))
	w.must(p.AddIntervention(careplan.Intervention{
		ID: w.id(), Problem: "24", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
		Description: "clean with saline, foam dressing, measure the wound",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerDay, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}},
		Level:       team.Level4,
	}))
	w.must(p.AddIntervention(careplan.Intervention{
		ID: w.id(), Problem: "42", Category: omaha.Surveillance, Target: "medication set-up",
		Description: "check the weekly pill organiser with her",
		Schedule:    careplan.Schedule{Times: 1, Per: careplan.PerWeek, Minutes: 10, Windows: []careplan.Window{{Earliest: 9*60 + 30, Latest: 11 * 60}}, Days: []time.Weekday{time.Monday}},
		Level:       team.Level3,
	}))
	w.must(p.Rate(careplan.Rating{Problem: "24", Kind: careplan.Admission, Date: start, By: nurse, KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 2}}))
	w.must(p.Rate(careplan.Rating{Problem: "42", Kind: careplan.Admission, Date: start, By: nurse, KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 4}}))
	if !review.IsZero() {
		w.must(p.Authorise(careplan.AuthoriseParams{By: team.Actor{Member: nurse, Level: team.Level5}, At: start.In(time.UTC, 15*60), MinutesPerWeek: 160, ReviewDate: review}))
	}
	return p
}

// newProposal drafts a proposal in the team, owned by its first member.
func (w *world) newProposal(wd ward, title string) *consensus.Proposal {
	w.t.Helper()
	p, err := consensus.NewProposal(consensus.ProposalParams{
		ID: w.id(), Team: wd.team.ID(), Owner: wd.members[0], Title: title,
		Text: "Try a shared breakfast on Fridays.", Reason: "We rarely see each other.",
		CreatedAt: w.tick(),
	})
	w.must(err)
	return p
}

// adopt takes a drafted proposal through one consent round to adopted.
func (w *world) adopt(p *consensus.Proposal, wd ward) {
	w.t.Helper()
	w.must(p.Present(consensus.Act{By: p.Owner(), At: w.tick()}, wd.team.Decisionmakers()))
	w.must(p.StartRound(consensus.Act{By: p.Owner(), At: w.tick()}, w.clock.Now().Add(time.Hour)))
	for i, m := range wd.team.Decisionmakers() {
		k := consensus.Consent
		reason := ""
		if i == 1 {
			k, reason = consensus.ConsentWithConcern, "mind the early shift"
		}
		w.must(p.TakeStance(consensus.StanceParams{Member: m, Kind: k, Reason: reason, At: w.tick()}))
	}
	_, err := p.Close(consensus.Act{By: p.Owner(), At: w.tick()})
	w.must(err)
}

// decide makes the log entry of an adopted proposal.
func (w *world) decide(p *consensus.Proposal) consensus.Decision {
	w.t.Helper()
	d, err := consensus.NewDecision(p, consensus.DecisionParams{
		ID: w.id(), Rationale: "We want to try it for three months.", ReviewOn: wijk.NewDate(2026, time.June, 1),
	})
	w.must(err)
	return d
}

// newMeeting opens a meeting of the team, facilitated by its second member.
func (w *world) newMeeting(wd ward, at time.Time) *consensus.Meeting {
	w.t.Helper()
	m, err := consensus.NewMeeting(consensus.MeetingParams{
		ID: w.id(), Team: wd.team.ID(), Facilitator: wd.members[1], Present: wd.team.Decisionmakers(), StartsAt: at,
	})
	w.must(err)
	return m
}

// unicodeText is n runes of mixed scripts.
func unicodeText(n int) string {
	const sample = "Zoë Ødegård-Çelik — 山田 花子 · Ελένη · Алёна · 🌷☕ "
	var b strings.Builder
	rs := []rune(sample)
	for i := range n {
		b.WriteRune(rs[i%len(rs)])
	}
	return strings.TrimSpace(b.String())
}

// SeedTeam stores a team of members people with clients clients, each
// with an authorised care plan, and returns the team's ID: a realistic
// caseload for benchmarks.
func SeedTeam(tb testing.TB, s storage.Store, members, clients int) wijk.ID {
	tb.Helper()
	w := newWorld(tb, 99)
	wd := w.newTeam("Wijkteam Lasonder", members)
	_, err := s.Teams().Create(context.Background(), wd.team, ch("founded"))
	require.NoError(tb, err)
	for i := range clients {
		c := w.newClient(fmt.Sprintf("Cliënt %d", i))
		_, err := s.Clients().Create(context.Background(), wd.team.ID(), c, ch("intake"))
		require.NoError(tb, err)
		p := w.newPlan(c.ID(), wd.members[0], wijk.NewDate(2026, 3, 2), wijk.NewDate(2026, 4, 13))
		_, err = s.CarePlans().Create(context.Background(), p, ch("plan"))
		require.NoError(tb, err)
	}
	return wd.team.ID()
}

// TeamWithHistory returns a team founded on 2026-01-01 with two members,
// one of whom left on 2026-02-01, and a third hired from 2026-03-01, and
// everyone who was ever in it: a team whose people are not all current,
// for tests of what a backend keeps about them (such as a migration that
// fills the people of teams stored before it).
func TeamWithHistory(tb testing.TB) (*team.Team, []wijk.ID) {
	tb.Helper()
	people := []wijk.ID{"01JNQ3ZK7RA6Y2M0C3P4V8X9TC", "01JNQ3ZK7RA6Y2M0C3P4V8X9TD", "01JNQ3ZK7RA6Y2M0C3P4V8X9TE"}
	tm, err := team.NewTeam(team.NewTeamParams{
		ID: "01JNQ3ZK7RA6Y2M0C3P4V8X9TB", Name: "Wijkteam Noord", Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"7511"}},
		Founded: wijk.NewDate(2026, time.January, 1), Now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC),
		Members: []team.MemberParams{
			{Person: people[0], Name: "Anouk", Level: team.Level5, ContractPerWeek: 24 * time.Hour},
			{Person: people[1], Name: "Bas", Level: team.Level4, ContractPerWeek: 24 * time.Hour},
		},
	})
	require.NoError(tb, err)
	require.NoError(tb, tm.Leave("d1", people[1], wijk.NewDate(2026, 2, 1), time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)))
	require.NoError(tb, tm.Hire("d2", wijk.NewDate(2026, 3, 1), team.MemberParams{Person: people[2], Name: "Cor", Level: team.Level3, ContractPerWeek: 20 * time.Hour}))
	return tm, people
}
