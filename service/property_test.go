package service_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// stint is one membership as the property test planned it: the ground
// truth the service's answers are checked against.
type stint struct {
	person     wijk.ID
	team       wijk.ID
	start, end wijk.Date // end zero while it runs
	onLeave    bool
}

func (s stint) covers(d wijk.Date) bool {
	return !d.Before(s.start) && (s.end.IsZero() || !d.After(s.end))
}

// Random people, teams, memberships over time and requests: no session
// ever reads or writes a client of a team it does not belong to on the day,
// except a read through emergency access, and that access is marked; and
// every active member of the client's team is let in.
func TestPropertyNoAccessOutsideOwnTeam(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= 3; seed++ {
				t.Run(fmt.Sprint(seed), func(t *testing.T) { checkNoAccessOutsideOwnTeam(t, b, seed) })
			}
		})
	}
}

func checkNoAccessOutsideOwnTeam(t *testing.T, b backend, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	clock := wijk.NewManualClock(day0.In(time.UTC, 9*60))
	ids := wijk.NewSeededIDGenerator(clock, seed)
	store := b.open(t, clock)
	var accesses []service.Access
	svc, err := service.New(store, clock, ids, service.WithAccessObserver(func(_ context.Context, a service.Access) { accesses = append(accesses, a) }))
	require.NoError(t, err)
	setup := storage.Change{Actor: "property-test", Summary: "setup"}

	people := make([]wijk.ID, 18)
	for i := range people {
		people[i] = ids.NewID()
	}
	// Teams of 2–4 founders each; the rest of the people start outside.
	const nTeams = 4
	var stints []stint
	teams := make([]*team.Team, nTeams)
	next := 0
	for i := range teams {
		n := 2 + rng.IntN(3)
		var ms []team.MemberParams
		for range n {
			p := people[next]
			next++
			ms = append(ms, team.MemberParams{Person: p, Name: fmt.Sprintf("P%d", next), Level: team.Levels()[rng.IntN(3)], ContractPerWeek: 24 * time.Hour})
		}
		tm, err := team.NewTeam(team.NewTeamParams{ID: ids.NewID(), Name: fmt.Sprintf("Team %d", i), Neighbourhood: team.Neighbourhood{Area: fmt.Sprintf("Area %d", i)},
			Founded: day0, Members: ms, Now: clock.Now()})
		require.NoError(t, err)
		teams[i] = tm
		for _, m := range ms {
			stints = append(stints, stint{person: m.Person, team: tm.ID(), start: day0})
		}
	}
	// Memberships change over the coming weeks: leavers, hires of people
	// from outside or from another team after they leave, long leave.
	for range 12 {
		i := rng.IntN(nTeams)
		tm := teams[i]
		switch rng.IntN(3) {
		case 0: // someone leaves on a day to come
			var cur []int
			for k, s := range stints {
				if s.team == tm.ID() && s.end.IsZero() && !s.onLeave {
					cur = append(cur, k)
				}
			}
			if len(cur) < 2 {
				continue
			}
			k := cur[rng.IntN(len(cur))]
			last := day0.AddDays(rng.IntN(20))
			if err := tm.Leave(team.DecisionRef(fmt.Sprintf("leave-%d", k)), stints[k].person, last, clock.Now()); err != nil {
				continue
			}
			stints[k].end = last
		case 1: // someone joins: from outside, or after leaving another team
			p := people[rng.IntN(len(people))]
			start := day0.AddDays(1 + rng.IntN(25))
			free := true
			for _, s := range stints {
				if s.person == p && (s.end.IsZero() || !s.end.Before(start)) {
					free = false
				}
			}
			if !free {
				continue
			}
			if err := tm.Hire(team.DecisionRef(fmt.Sprintf("hire-%d", len(stints))), start, team.MemberParams{Person: p, Name: "New", Level: team.Level4, ContractPerWeek: 20 * time.Hour}); err != nil {
				continue
			}
			stints = append(stints, stint{person: p, team: tm.ID(), start: start})
		case 2: // someone goes on long leave
			for k, s := range stints {
				if s.team == tm.ID() && s.end.IsZero() && !s.onLeave && s.start == day0 && rng.IntN(3) == 0 {
					require.NoError(t, tm.GoOnLeave(s.person))
					stints[k].onLeave = true
					break
				}
			}
		}
	}
	for _, tm := range teams {
		_, err := store.Teams().Create(ctx, tm, setup)
		require.NoError(t, err)
	}
	// Clients, each in one team's care, each with a care plan.
	type client struct {
		id, plan, team wijk.ID
	}
	var clients []client
	for i := range 10 {
		tm := teams[rng.IntN(nTeams)]
		c, err := careplan.NewClient(careplan.ClientParams{ID: ids.NewID(), Name: fmt.Sprintf("Client %d", i), BirthDate: wijk.NewDate(1940, 1, 1),
			Address: careplan.Address{Street: "Straat 1", Postcode: "7511 AA", City: "Enschede"}})
		require.NoError(t, err)
		_, err = store.Clients().Create(ctx, tm.ID(), c, setup)
		require.NoError(t, err)
		p, err := careplan.NewCarePlan(careplan.CarePlanParams{ID: ids.NewID(), Client: c.ID(), Start: day0, CreatedBy: people[0]})
		require.NoError(t, err)
		require.NoError(t, p.AddProblem(careplan.Problem{Code: "Skin", Scope: omaha.Individual, Severity: omaha.Potential, Goal: "intact skin"}))
		_, err = store.CarePlans().Create(ctx, p, setup)
		require.NoError(t, err)
		clients = append(clients, client{id: c.ID(), plan: p.ID(), team: tm.ID()})
	}

	member := func(p, teamID wijk.ID, d wijk.Date) bool {
		for _, s := range stints {
			if s.person == p && s.team == teamID && s.covers(d) && !s.onLeave {
				return true
			}
		}
		return false
	}
	memberElsewhere := func(p, teamID wijk.ID, d wijk.Date) bool {
		for _, s := range stints {
			if s.person == p && s.team != teamID && s.covers(d) && !s.onLeave {
				return true
			}
		}
		return false
	}

	// One care session per person, kept across days, so that what a session
	// remembers is tested too; emergency sessions beside them.
	outsider := ids.NewID()
	everyone := append(slices.Clone(people), outsider)
	care := map[wijk.ID]*service.Session{}
	for _, p := range everyone {
		care[p], err = svc.As(ctx, p, service.Care())
		require.NoError(t, err)
	}
	allowed, refused, emergencies := 0, 0, 0
	for i := range 250 {
		day := day0.AddDays(rng.IntN(30))
		clock.Set(day.In(time.UTC, 8*60+i))
		c := clients[rng.IntN(len(clients))]
		p := everyone[rng.IntN(len(everyone))]
		if rng.IntN(2) == 0 { // half the time, someone who is or was in the client's team
			var theirs []wijk.ID
			for _, st := range stints {
				if st.team == c.team {
					theirs = append(theirs, st.person)
				}
			}
			p = theirs[rng.IntN(len(theirs))]
		}
		s := care[p]
		emergency := rng.IntN(5) == 0
		if emergency {
			s, err = svc.As(ctx, p, service.Emergency("found unwell in the street"))
			require.NoError(t, err)
		}
		op := rng.IntN(7)
		write := op >= 3 && op <= 5
		accesses = accesses[:0]
		switch op {
		case 0:
			_, err = s.Client(ctx, c.id)
		case 1:
			_, err = s.Plan(ctx, c.plan)
		case 2:
			_, err = s.Plans(ctx, c.id)
		case 3:
			_, err = s.RevisePlan(ctx, c.plan, service.PlanRevision{UpdateProblems: []careplan.Problem{{Code: "Skin", Scope: omaha.Individual, Severity: omaha.Potential, Goal: fmt.Sprintf("goal %d", i)}}}, "")
		case 4:
			var cl *careplan.Client
			cl, _, err = store.Clients().Get(ctx, c.id)
			require.NoError(t, err)
			cp := cl.Snapshot()
			cp.Goals = []string{fmt.Sprintf("goal %d", i)}
			_, err = s.UpdateClient(ctx, c.id, cp, "")
		case 5:
			to := teams[rng.IntN(nTeams)].ID()
			if to == c.team {
				to = teams[(slices.IndexFunc(teams, func(t *team.Team) bool { return t.ID() == c.team })+1)%nTeams].ID()
			}
			err = s.Refer(ctx, c.id, to, "moved house")
			if err == nil { // from now on the client is in the other team's care
				clients[slices.IndexFunc(clients, func(x client) bool { return x.id == c.id })].team = to
			}
		case 6: // the whole caseload of the client's team: never in an emergency
			_, err = s.Clients(ctx, c.team)
			write = emergency // an emergency may not open it; treat it as a write below
		}
		in := member(p, c.team, day)
		what := fmt.Sprintf("request %d: op %d by %s on %s (member %v, emergency %v)", i, op, p, day, in, emergency)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrForbidden, what)
			require.False(t, in, "%s: an active member of the client's team was refused: %v", what, err)
			refused++
			continue
		}
		allowed++
		if in {
			continue
		}
		require.True(t, emergency && !write && memberElsewhere(p, c.team, day), "%s: let in without belonging to the client's team", what)
		require.NotEmpty(t, accesses, what)
		require.True(t, accesses[len(accesses)-1].Decision.Emergency, "%s: emergency access not marked", what)
		emergencies++
	}
	require.Positive(t, allowed)
	require.Positive(t, refused)
	t.Logf("%d allowed (%d in emergency), %d refused", allowed, emergencies, refused)
}
