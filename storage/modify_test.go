package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/memory"
	"github.com/wijkzorg/wijk/team"
)

// modifyFixture is a memory store holding one team, Lasonder, with two
// members, Anouk and Bas, at version 1.
type modifyFixture struct {
	s          *memory.Store
	team       wijk.ID
	anouk, bas wijk.ID
	ids        *wijk.IDGenerator
	clock      *wijk.ManualClock
	created    storage.Version
}

func newModifyFixture(t testing.TB) *modifyFixture {
	t.Helper()
	clock := wijk.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	ids := wijk.NewSeededIDGenerator(clock, 1)
	f := &modifyFixture{s: memory.New(memory.Options{Clock: clock}), ids: ids, clock: clock}
	f.anouk, f.bas = ids.NewID(), ids.NewID()
	tm, err := team.NewTeam(team.NewTeamParams{
		ID: ids.NewID(), Name: "Wijkteam Lasonder", Neighbourhood: team.Neighbourhood{Area: "Lasonder"},
		Founded: wijk.NewDate(2026, 1, 1), Now: clock.Now(),
		Members: []team.MemberParams{
			{Person: f.anouk, Name: "Anouk", Level: team.Level5, ContractPerWeek: 32 * time.Hour},
			{Person: f.bas, Name: "Bas", Level: team.Level4, ContractPerWeek: 28 * time.Hour},
		},
	})
	require.NoError(t, err)
	f.team = tm.ID()
	f.created, err = f.s.Teams().Create(context.Background(), tm, change("anouk", "founded the team"))
	require.NoError(t, err)
	return f
}

func change(actor, summary string) storage.Change {
	return storage.Change{Actor: actor, Summary: summary}
}

// writeBehind changes the team as another writer would, between Modify's
// read and its write.
func (f *modifyFixture) writeBehind(t testing.TB, role string) {
	t.Helper()
	ctx := context.Background()
	tm, v, err := f.s.Teams().Get(ctx, f.team)
	require.NoError(t, err)
	require.NoError(t, tm.DefineRole("", team.RoleDefinition{Name: role}))
	_, err = f.s.Teams().Update(ctx, tm, v, change("bas", "new role: "+role))
	require.NoError(t, err)
}

// stored returns the team as stored and its version.
func (f *modifyFixture) stored(t testing.TB) (*team.Team, storage.Version) {
	t.Helper()
	tm, v, err := f.s.Teams().Get(context.Background(), f.team)
	require.NoError(t, err)
	return tm, v
}

// summaries returns the audit log's summaries in order.
func (f *modifyFixture) summaries(t testing.TB) []string {
	t.Helper()
	log, err := f.s.Audit(context.Background(), storage.AuditQuery{})
	require.NoError(t, err)
	var out []string
	for _, e := range log {
		out = append(out, e.Actor+": "+e.Summary)
	}
	return out
}

// roleNames returns the names of the roles the team defined itself.
func roleNames(tm *team.Team) []string {
	var out []string
	for _, r := range tm.Roles() {
		if !r.Standard {
			out = append(out, string(r.Name))
		}
	}
	slices.Sort(out)
	return out
}

// A writer that gets in between: Modify's first write is a conflict, so
// it reads the team again and runs fn on what the other writer stored;
// both changes are kept.
func TestModifyRetriesOnTheAggregateAnotherWriterStored(t *testing.T) {
	f := newModifyFixture(t)
	var seen [][]string
	got, v, err := storage.Modify(context.Background(), f.s.Teams(), f.team, func(tm *team.Team) error {
		seen = append(seen, roleNames(tm))
		if len(seen) == 1 {
			f.writeBehind(t, "intake")
		}
		return tm.GoOnLeave(f.bas)
	}, change("anouk", "Bas on parental leave"))
	require.NoError(t, err)

	require.Empty(t, cmp.Diff([][]string{nil, {"intake"}}, seen), "fn ran again, on the team as the other writer left it")
	require.Equal(t, storage.Version(3), v)
	stored, sv := f.stored(t)
	require.Equal(t, v, sv)
	require.Equal(t, []string{"intake"}, roleNames(stored))
	m, ok := stored.Member(f.bas)
	require.True(t, ok)
	require.Equal(t, team.StatusOnLeave, m.Status, "Modify's own change is stored")
	require.Equal(t, roleNames(stored), roleNames(got), "Modify returns the team as stored")
	require.Equal(t, []string{"anouk: founded the team", "bas: new role: intake", "anouk: Bas on parental leave"}, f.summaries(t))
}

// Writers racing on one team all get their change in: of ModifyAttempts
// writers, each is overtaken at most once by each of the others, so none
// runs out of attempts.
func TestModifyConcurrentWriters(t *testing.T) {
	f := newModifyFixture(t)
	var wg, read sync.WaitGroup
	var calls atomic.Int64
	versions := make([]storage.Version, storage.ModifyAttempts)
	errs := make([]error, storage.ModifyAttempts)
	read.Add(storage.ModifyAttempts)
	for i := range storage.ModifyAttempts {
		wg.Go(func() {
			first := true
			_, versions[i], errs[i] = storage.Modify(context.Background(), f.s.Teams(), f.team, func(tm *team.Team) error {
				calls.Add(1)
				if first {
					// Everyone reads version 1 before anyone writes.
					first = false
					read.Done()
					read.Wait()
				}
				return tm.DefineRole("", team.RoleDefinition{Name: fmt.Sprintf("role %d", i)})
			}, change("anouk", fmt.Sprintf("role %d", i)))
		})
	}
	wg.Wait()
	require.GreaterOrEqual(t, calls.Load(), int64(storage.ModifyAttempts+storage.ModifyAttempts-1), "four of the first writes were conflicts, and were retried")
	for _, err := range errs {
		require.NoError(t, err)
	}
	slices.Sort(versions)
	require.Equal(t, []storage.Version{2, 3, 4, 5, 6}, versions, "each write over the one before")
	stored, v := f.stored(t)
	require.Equal(t, storage.Version(6), v)
	require.Equal(t, []string{"role 0", "role 1", "role 2", "role 3", "role 4"}, roleNames(stored))
}

// A writer that always gets in between: Modify gives up after
// ModifyAttempts attempts, waiting longer before each, with an error that
// matches wijk.ErrConflict and says how often it tried; its change is not
// stored.
func TestModifyGivesUp(t *testing.T) {
	f := newModifyFixture(t)
	calls := 0
	start := time.Now()
	_, _, err := storage.Modify(context.Background(), f.s.Teams(), f.team, func(tm *team.Team) error {
		calls++
		f.writeBehind(t, fmt.Sprintf("role %d", calls))
		return tm.GoOnLeave(f.bas)
	}, change("anouk", "Bas on parental leave"))
	elapsed := time.Since(start)

	require.ErrorIs(t, err, wijk.ErrConflict)
	require.ErrorContains(t, err, "gave up after 5 attempts")
	require.Equal(t, storage.ModifyAttempts, calls)
	require.GreaterOrEqual(t, elapsed, 150*time.Millisecond, "waits of 10, 20, 40 and 80 ms between the attempts")
	stored, v := f.stored(t)
	require.Equal(t, storage.Version(1+storage.ModifyAttempts), v, "only the other writer's changes")
	m, _ := stored.Member(f.bas)
	require.Equal(t, team.StatusActive, m.Status)
	require.NotContains(t, f.summaries(t), "anouk: Bas on parental leave")
}

// cancelOnConflict is the teams repository, and it ends a context as soon
// as a write of it is a conflict: while Modify waits to try again.
type cancelOnConflict struct {
	storage.Teams
	cancel context.CancelFunc
}

func (r cancelOnConflict) Update(ctx context.Context, tm *team.Team, expected storage.Version, ch storage.Change) (storage.Version, error) {
	v, err := r.Teams.Update(ctx, tm, expected, ch)
	if errors.Is(err, wijk.ErrConflict) {
		r.cancel()
	}
	return v, err
}

// A context that ends while Modify waits to try again stops it at once
// with the context's error.
func TestModifyStopsWhenTheContextEnds(t *testing.T) {
	f := newModifyFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	repo := cancelOnConflict{Teams: f.s.Teams(), cancel: cancel}
	start := time.Now()
	_, _, err := storage.Modify(ctx, repo, f.team, func(tm *team.Team) error {
		calls++
		f.writeBehind(t, "intake")
		return tm.GoOnLeave(f.bas)
	}, change("anouk", "Bas on parental leave"))
	require.ErrorIs(t, err, context.Canceled)
	require.NotErrorIs(t, err, wijk.ErrConflict, "the caller stopped it; it did not give up")
	require.ErrorContains(t, err, "stopped after 1 attempt (the last: ")
	require.Equal(t, 1, calls)
	require.Less(t, time.Since(start), 5*time.Second, "it did not wait out the backoff")

	// Ended before it starts: fn does not run.
	_, _, err = storage.Modify(ctx, f.s.Teams(), f.team, func(*team.Team) error { calls++; return nil }, change("anouk", "x"))
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 1, calls)
	_, v := f.stored(t)
	require.Equal(t, storage.Version(2), v, "only the other writer's change")
}

// Errors that a second attempt would not cure stop Modify at once and
// come back unchanged: fn's own, a missing aggregate, a write refused for
// another reason than a conflict.
func TestModifyStopsOnOtherErrors(t *testing.T) {
	errNo := errors.New("Bas is not on the team this week")
	tests := []struct {
		name      string
		id        func(f *modifyFixture) wijk.ID
		fn        func(f *modifyFixture) func(*team.Team) error
		ch        storage.Change
		wantIs    error
		wantCalls int
	}{
		{
			name:      "fn fails",
			id:        func(f *modifyFixture) wijk.ID { return f.team },
			fn:        func(*modifyFixture) func(*team.Team) error { return func(*team.Team) error { return errNo } },
			ch:        change("anouk", "x"),
			wantIs:    errNo,
			wantCalls: 1,
		},
		{
			name: "fn breaks a domain rule",
			id:   func(f *modifyFixture) wijk.ID { return f.team },
			fn: func(f *modifyFixture) func(*team.Team) error {
				return func(tm *team.Team) error { return tm.GoOnLeave(f.ids.NewID()) }
			},
			ch:        change("anouk", "x"),
			wantIs:    wijk.ErrNotFound,
			wantCalls: 1,
		},
		{
			name: "fn refuses with a conflict of its own",
			id:   func(f *modifyFixture) wijk.ID { return f.team },
			fn: func(*modifyFixture) func(*team.Team) error {
				return func(*team.Team) error { return wijk.Conflictf("Bas is already on leave") }
			},
			ch:        change("anouk", "x"),
			wantIs:    wijk.ErrConflict,
			wantCalls: 1,
		},
		{
			name:      "no such team",
			id:        func(f *modifyFixture) wijk.ID { return f.ids.NewID() },
			fn:        func(*modifyFixture) func(*team.Team) error { return func(*team.Team) error { return nil } },
			ch:        change("anouk", "x"),
			wantIs:    wijk.ErrNotFound,
			wantCalls: 0,
		},
		{
			name:      "the write is refused",
			id:        func(f *modifyFixture) wijk.ID { return f.team },
			fn:        func(*modifyFixture) func(*team.Team) error { return func(*team.Team) error { return nil } },
			ch:        change("", "no actor"),
			wantIs:    wijk.ErrInvalid,
			wantCalls: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newModifyFixture(t)
			calls := 0
			fn := tc.fn(f)
			_, v, err := storage.Modify(context.Background(), f.s.Teams(), tc.id(f), func(tm *team.Team) error {
				calls++
				return fn(tm)
			}, tc.ch)
			require.ErrorIs(t, err, tc.wantIs)
			require.NotContains(t, err.Error(), "attempt", "returned as it came")
			require.Zero(t, v)
			require.Equal(t, tc.wantCalls, calls)
			_, sv := f.stored(t)
			require.Equal(t, f.created, sv, "nothing written")
		})
	}
}

func TestModifyRefusesNoRepositoryOrNoFunction(t *testing.T) {
	f := newModifyFixture(t)
	_, _, err := storage.Modify[*team.Team](context.Background(), nil, f.team, func(*team.Team) error { return nil }, change("anouk", "x"))
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "repo")
	_, _, err = storage.Modify(context.Background(), f.s.Teams(), f.team, nil, change("anouk", "x"))
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "fn")
}

// ClientsInPlace updates a client in the care of the team it is in at the
// moment of the write: a client moved to another team meanwhile stays
// there, with Modify's change.
func TestModifyClientsInPlace(t *testing.T) {
	f := newModifyFixture(t)
	ctx := context.Background()
	other, err := team.NewTeam(team.NewTeamParams{
		ID: f.ids.NewID(), Name: "Wijkteam Noord", Neighbourhood: team.Neighbourhood{Area: "Noord"},
		Founded: wijk.NewDate(2026, 1, 1), Now: f.clock.Now(),
		Members: []team.MemberParams{{Person: f.ids.NewID(), Name: "Carla", Level: team.Level4, ContractPerWeek: 24 * time.Hour}},
	})
	require.NoError(t, err)
	_, err = f.s.Teams().Create(ctx, other, change("carla", "founded the team"))
	require.NoError(t, err)
	c, err := careplan.NewClient(careplan.ClientParams{ID: f.ids.NewID(), Name: "mevrouw Jansen", BirthDate: wijk.NewDate(1941, 5, 3),
		Address: careplan.Address{Street: "Lasondersingel 1", Postcode: "7514 BN", City: "Enschede", Area: "Lasonder"}})
	require.NoError(t, err)
	_, err = f.s.Clients().Create(ctx, f.team, c, change("anouk", "intake"))
	require.NoError(t, err)

	clients := storage.ClientsInPlace(f.s.Clients())
	addGoal := func(goal string) func(*careplan.Client) error {
		return func(c *careplan.Client) error {
			p := c.Snapshot()
			p.Goals = append(p.Goals, goal)
			return c.Update(p)
		}
	}
	_, v, err := storage.Modify(ctx, clients, c.ID(), addGoal("walk to the market"), change("anouk", "goal"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	teamOf, err := f.s.Clients().TeamOf(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, f.team, teamOf, "the client stays where they are")

	moved := false
	_, v, err = storage.Modify(ctx, clients, c.ID(), func(cl *careplan.Client) error {
		if !moved {
			moved = true
			mc, mv, err := f.s.Clients().Get(ctx, c.ID())
			require.NoError(t, err)
			_, err = f.s.Clients().Update(ctx, other.ID(), mc, mv, change("anouk", "referred to Noord"))
			require.NoError(t, err)
		}
		return addGoal("cook again")(cl)
	}, change("anouk", "goal"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(4), v)
	stored, _, err := f.s.Clients().Get(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, []string{"walk to the market", "cook again"}, stored.Goals())
	teamOf, err = f.s.Clients().TeamOf(ctx, c.ID())
	require.NoError(t, err)
	require.Equal(t, other.ID(), teamOf, "the move made meanwhile is kept")
}
