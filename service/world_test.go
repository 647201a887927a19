package service_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/storage/postgres"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/team"
)

var ctx = context.Background()

// backend opens a fresh, migrated, empty store for one test.
type backend struct {
	name string
	open func(t testing.TB, clock wijk.Clock) storage.Store
}

var backends = []backend{
	{"memory", func(t testing.TB, clock wijk.Clock) storage.Store { return memory.New(memory.Options{Clock: clock}) }},
	{"sqlite", func(t testing.TB, clock wijk.Clock) storage.Store {
		s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wijk.db"), sqlite.Options{Clock: clock})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.NoError(t, s.Migrate(ctx))
		return s
	}},
	{"postgres", func(t testing.TB, clock wijk.Clock) storage.Store {
		s, err := postgres.New(ctx, pgtest.Fresh(t), postgres.Options{Clock: clock})
		require.NoError(t, err)
		require.NoError(t, s.Migrate(ctx))
		return s
	}},
}

// eachBackend runs fn on a fresh world on every backend.
func eachBackend(t *testing.T, fn func(t *testing.T, w *world)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, newWorld(t, b))
		})
	}
}

// day0 is the Monday the world's story begins.
var day0 = wijk.NewDate(2026, time.March, 2)

// world is two neighbourhood teams and the people around them, set up
// through the service itself on day 0 (the back office founds the teams)
// and looked at on day 2:
//
//	Noord: Anne (level 5), Bram (4), Cem (3), Dewi (4, on leave), Eva (4,
//	       leaving on day 30), Gijs (3, left after day 1); Fay (5) is hired
//	       from day 30. Coach Carla was invited. Client Bep, whose daughter
//	       Marga is her representative.
//	Zuid:  Zoë (level 5), Yara (4). Client Wim.
//	Bo works in the back office, Pim is the privacy officer; Sam is nobody.
type world struct {
	t     testing.TB
	store storage.Store
	clock *wijk.ManualClock
	ids   *wijk.IDGenerator
	svc   *service.Service

	mu       sync.Mutex
	accesses []service.Access

	anne, bram, cem, dewi, eva, gijs, fay wijk.ID
	zoe, yara, carla, bo, pim, sam, marga wijk.ID
	noord, zuid                           wijk.ID
	bep, wim                              wijk.ID
	bepPlan, wimPlan                      wijk.ID
	gijsLeaves, evaLeaves, fayHired       consensus.Decision
}

func newWorld(t testing.TB, b backend) *world {
	t.Helper()
	clock := wijk.NewManualClock(day0.In(time.UTC, 9*60))
	w := &world{t: t, clock: clock, ids: wijk.NewSeededIDGenerator(clock, 1)}
	w.store = b.open(t, clock)
	svc, err := service.New(w.store, clock, w.ids, service.WithAccessObserver(func(_ context.Context, a service.Access) {
		w.mu.Lock()
		w.accesses = append(w.accesses, a)
		w.mu.Unlock()
	}))
	require.NoError(t, err)
	w.svc = svc
	for _, p := range []*wijk.ID{&w.anne, &w.bram, &w.cem, &w.dewi, &w.eva, &w.gijs, &w.fay, &w.zoe, &w.yara, &w.carla, &w.bo, &w.pim, &w.sam, &w.marga} {
		*p = w.ids.NewID()
	}
	w.setUp()
	w.clock.Set(day0.AddDays(2).In(time.UTC, 9*60))
	w.mu.Lock()
	w.accesses = nil
	w.mu.Unlock()
	return w
}

func (w *world) must(err error) {
	w.t.Helper()
	require.NoError(w.t, err)
}

// tick moves the clock on a minute.
func (w *world) tick() time.Time { return w.clock.Advance(time.Minute) }

// as opens a care session for person.
func (w *world) as(person wijk.ID) *service.Session {
	w.t.Helper()
	s, err := w.svc.As(ctx, person, service.Care())
	require.NoError(w.t, err)
	return s
}

// asFor opens a session for person with purpose.
func (w *world) asFor(person wijk.ID, p service.Purpose) *service.Session {
	w.t.Helper()
	s, err := w.svc.As(ctx, person, p)
	require.NoError(w.t, err)
	return s
}

func (w *world) system() *service.Session {
	w.t.Helper()
	s, err := w.svc.AsSystem(ctx, "setup", service.Administration("setting up the organisation"))
	require.NoError(w.t, err)
	return s
}

// lastAccess returns the last decision the service reported.
func (w *world) lastAccess() service.Access {
	w.mu.Lock()
	defer w.mu.Unlock()
	require.NotEmpty(w.t, w.accesses)
	return w.accesses[len(w.accesses)-1]
}

func member(p wijk.ID, name string, l team.Level) team.MemberParams {
	return team.MemberParams{Person: p, Name: name, Level: l, ContractPerWeek: 28 * time.Hour}
}

func (w *world) setUp() {
	sys := w.system()
	_, err := sys.RegisterCoach(ctx, team.NewCoachParams{ID: w.carla, Name: "Carla"})
	w.must(err)
	for _, s := range []struct {
		id   wijk.ID
		name string
		role team.StaffRole
	}{{w.bo, "Bo", team.StaffBackOffice}, {w.pim, "Pim", team.StaffPrivacyOfficer}} {
		_, err = sys.RegisterStaff(ctx, team.NewStaffParams{ID: s.id, Name: s.name})
		w.must(err)
		_, err = sys.GrantStaffRole(ctx, s.id, s.role, day0, wijk.Date{}, "employed")
		w.must(err)
	}

	office := w.asFor(w.bo, service.Administration("two new teams start"))
	noord, err := office.FoundTeam(ctx, team.NewTeamParams{
		Name: "Buurtteam Noord", Neighbourhood: team.Neighbourhood{Area: "Noord", Postcodes: []team.Postcode{"7511", "7512"}}, Founded: day0,
		Members: []team.MemberParams{member(w.anne, "Anne", team.Level5), member(w.bram, "Bram", team.Level4), member(w.cem, "Cem", team.Level3),
			member(w.dewi, "Dewi", team.Level4), member(w.eva, "Eva", team.Level4), member(w.gijs, "Gijs", team.Level3)},
		Roles: []team.InitialRole{{Role: "planner", Holder: w.bram, Until: day0.AddDays(180)}},
	})
	w.must(err)
	w.noord = noord.ID()
	zuid, err := office.FoundTeam(ctx, team.NewTeamParams{
		Name: "Buurtteam Zuid", Neighbourhood: team.Neighbourhood{Area: "Zuid", Postcodes: []team.Postcode{"7513"}}, Founded: day0,
		Members: []team.MemberParams{member(w.zoe, "Zoë", team.Level5), member(w.yara, "Yara", team.Level4)},
	})
	w.must(err)
	w.zuid = zuid.ID()
	_, err = w.as(w.cem).InviteCoach(ctx, w.noord, w.carla)
	w.must(err)

	w.bep, w.bepPlan = w.intake(w.bram, w.anne, w.noord, "Bep de Vries", "7511 JK",
		[]careplan.Representative{{Person: w.marga, Name: "Marga", Relation: "daughter, power of attorney"}})
	w.wim, w.wimPlan = w.intake(w.yara, w.zoe, w.zuid, "Wim Jansen", "7513 AB", nil)

	w.gijsLeaves = w.decide(w.noord, w.bram, "Gijs leaves", consensus.Leave{Person: w.gijs, LastDay: day0.AddDays(1)})
	w.evaLeaves = w.decide(w.noord, w.cem, "Eva leaves", consensus.Leave{Person: w.eva, LastDay: day0.AddDays(30)})
	w.fayHired = w.decide(w.noord, w.anne, "Hire Fay", consensus.Hire{Member: member(w.fay, "Fay", team.Level5), Start: day0.AddDays(30)})
	_, err = w.as(w.anne).GoOnLeave(ctx, w.noord, w.dewi)
	w.must(err)
}

// intake takes a client in and writes and authorises a care plan.
func (w *world) intake(by, districtNurse, teamID wijk.ID, name, postcode string, reps []careplan.Representative) (client, plan wijk.ID) {
	w.t.Helper()
	w.tick()
	c, err := w.as(by).TakeIn(ctx, teamID, careplan.ClientParams{
		Name: name, BirthDate: wijk.NewDate(1941, time.May, 12),
		Address:         careplan.Address{Street: "Lindenstraat 4", Postcode: postcode, City: "Enschede"},
		Goals:           []string{"walk to the market again"},
		Representatives: reps,
	})
	w.must(err)
	p, err := w.as(by).WritePlan(ctx, service.PlanDraft{
		Client: c.ID(),
		Problems: []careplan.Problem{{Code: "Skin", Scope: omaha.Individual, Severity: omaha.Actual,
			Signs: []careplan.Sign{{Name: "lesion/pressure ulcer", Detail: "wound on the left shin"}}, Goal: "wound closed"}},
		Interventions: []careplan.Intervention{{Problem: "Skin", Category: omaha.TreatmentsProcedures, Target: "dressing change/wound care",
			Description: "foam dressing", Schedule: careplan.Schedule{Times: 3, Per: careplan.PerWeek, Minutes: 20, Windows: []careplan.Window{{Earliest: 9 * 60, Latest: 10 * 60}}}, Level: team.Level4}},
		Ratings: []service.Rating{{Problem: "Skin", Kind: careplan.Admission, KBS: careplan.KBS{Knowledge: 2, Behavior: 3, Status: 2}}},
	})
	w.must(err)
	w.tick()
	_, err = w.as(districtNurse).Authorise(ctx, p.ID(), 60, day0.AddDays(42))
	w.must(err)
	return c.ID(), p.ID()
}

// decide takes a proposal with payload through the team by consent: the
// owner proposes and presents it, every active member consents, the
// owner closes the round and applies the decision, unless it adopts a
// plan (the caller adopts the plan with it).
func (w *world) decide(teamID, owner wijk.ID, title string, payload consensus.Payload) consensus.Decision {
	w.t.Helper()
	w.tick()
	o := w.as(owner)
	p, err := o.Propose(ctx, service.ProposalDraft{Team: teamID, Title: title, Text: title + ".", Reason: "We talked it through.", Payload: payload})
	w.must(err)
	d := w.adopt(o, p)
	if payload != nil && payload.Kind() != consensus.PayloadAdoptRoster && payload.Kind() != consensus.PayloadAdoptDayPlan {
		_, err = o.ApplyDecision(ctx, teamID, d.ID)
		w.must(err)
	}
	return d
}

func (w *world) today() wijk.Date { return wijk.DateOf(w.clock.Now()) }

// requireRefused checks that err is a refusal by rule.
func requireRefused(t *testing.T, err error, rule string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, wijk.ErrForbidden, "error: %v", err)
	require.ErrorContains(t, err, "rule "+rule)
	var refusal *policy.Refusal
	require.ErrorAs(t, err, &refusal)
	require.Equal(t, policy.RuleID(rule), refusal.Rule)
}
