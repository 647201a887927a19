package service_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/internal/pgtest"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/postgres"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/storage/storagetest"
)

// accessChildEnv tells a child process what to open: "sqlite:PATH" or
// "postgres:DSN" (the DSN's search_path names the parent's schema).
const accessChildEnv = "WIJK_ACCESS_DURABILITY_CHILD"

// The child's workers: readers read plans, writers update clients; each
// worker acts as a member of its own.
const (
	accessReaders = 8
	accessWriters = 2
)

// When the parent kills the child: after this many acknowledgements, or
// this long after the first one.
const (
	killAfterReads  = 200
	killAfterWrites = 20
	killAfterTime   = 1500 * time.Millisecond
)

// TestAccessLogSurvivesSIGKILL starts a child process that reads care
// plans through the sessions of eight members and updates clients through
// those of two more, and prints "read PERSON PLAN" after each read and
// "write PERSON CLIENT SUMMARY" after each write returns. It kills the child
// with SIGKILL in the middle of the stream and reopens the store: every
// acknowledged read must have its allowed read entry in the access log,
// every acknowledged write its audit line and its update entry, and the
// three chained logs must verify.
func TestAccessLogSurvivesSIGKILL(t *testing.T) {
	if spec := os.Getenv(accessChildEnv); spec != "" {
		accessChild(spec)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "wijk.db")
		open := func(t *testing.T, clock wijk.Clock) *sqlite.Store {
			s, err := sqlite.Open(ctx, path, sqlite.Options{Clock: clock})
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			return s
		}
		seed := open(t, wijk.NewManualClock(day0.In(time.UTC, 0)))
		require.NoError(t, seed.Migrate(ctx))
		storagetest.SeedTeam(t, seed, 12, 60)
		require.NoError(t, seed.Close()) // the child is the only writer
		acks := runAccessChild(t, "sqlite:"+path)
		checkAccessAcks(t, open(t, nil), acks)
	})
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(pgtest.EnvDSN) == "" {
			t.Skipf("%s is not set", pgtest.EnvDSN)
		}
		db := pgtest.Fresh(t) // a fresh schema, dropped when the test ends
		var schema string
		require.NoError(t, db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema))
		require.True(t, strings.HasPrefix(schema, "wijk_test_"), "the fresh pool uses schema %q", schema)
		u, err := url.Parse(os.Getenv(pgtest.EnvDSN))
		require.NoError(t, err)
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dsn := u.String()

		seed, err := postgres.New(ctx, db, postgres.Options{Clock: wijk.NewManualClock(day0.In(time.UTC, 0))})
		require.NoError(t, err)
		require.NoError(t, seed.Migrate(ctx))
		storagetest.SeedTeam(t, seed, 12, 60)
		acks := runAccessChild(t, "postgres:"+dsn)

		// Reopen: a new pool on the schema the child wrote to.
		again, err := sql.Open("pgx", dsn)
		require.NoError(t, err)
		t.Cleanup(func() { _ = again.Close() })
		s, err := postgres.New(ctx, again, postgres.Options{})
		require.NoError(t, err)
		checkAccessAcks(t, s, acks)
	})
}

// accessAcks is what the child acknowledged.
type accessAcks struct {
	reads      map[[2]string]int // (person, plan) → acknowledged reads
	writes     map[[2]string]int // (person, plan) → acknowledged writes
	summaries  map[string][]string
	nReads     int
	nWrites    int
	killedLate bool // killed on time, not on counts
}

// runAccessChild starts the child on spec, reads its acknowledgements,
// kills it with SIGKILL and waits for it.
func runAccessChild(t *testing.T, spec string) accessAcks {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestAccessLogSurvivesSIGKILL$", "-test.count=1")
	cmd.Env = append(os.Environ(), accessChildEnv+"="+spec)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	var killed, onTime atomic.Bool
	var once sync.Once
	kill := func() {
		once.Do(func() {
			killed.Store(true)
			_ = cmd.Process.Signal(syscall.SIGKILL)
		})
	}
	// However the test ends, the child does not outlive it.
	safety := time.AfterFunc(30*time.Second, kill)
	defer safety.Stop()
	defer kill()

	acks := accessAcks{reads: map[[2]string]int{}, writes: map[[2]string]int{}, summaries: map[string][]string{}}
	var late *time.Timer
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		f := strings.Fields(lines.Text())
		switch {
		case len(f) == 3 && f[0] == "read":
			acks.reads[[2]string{f[1], f[2]}]++
			acks.nReads++
		case len(f) == 4 && f[0] == "write":
			acks.writes[[2]string{f[1], f[2]}]++
			acks.summaries[f[2]] = append(acks.summaries[f[2]], f[3])
			acks.nWrites++
		default:
			continue
		}
		if late == nil {
			late = time.AfterFunc(killAfterTime, func() { onTime.Store(true); kill() })
			defer late.Stop()
		}
		if acks.nReads >= killAfterReads && acks.nWrites >= killAfterWrites {
			kill()
		}
	}
	require.NoError(t, lines.Err())
	err = cmd.Wait()
	require.True(t, killed.Load(), "the child stopped before it was killed: %v", err)
	require.Error(t, err, "the child was killed")
	acks.killedLate = onTime.Load()
	t.Logf("the child acknowledged %d reads and %d writes before SIGKILL (killed on time: %v)", acks.nReads, acks.nWrites, acks.killedLate)
	// Without acknowledgements of both kinds the test proves nothing.
	require.Positive(t, acks.nReads, "no read was acknowledged")
	require.Positive(t, acks.nWrites, "no write was acknowledged")
	return acks
}

// checkAccessAcks checks that the reopened store s kept every
// acknowledged access, and that its chained logs verify.
func checkAccessAcks(t *testing.T, s storage.Store, acks accessAcks) {
	t.Helper()
	// (a) Every acknowledged read has its allowed read entry.
	allowed := map[[2]string]map[storage.AccessAction]int{}
	entity := map[string]string{} // entity ID → kind
	people := map[string]bool{}
	for k := range acks.reads {
		people[k[0]] = true
	}
	for k := range acks.writes {
		people[k[0]] = true
	}
	for p := range people {
		es, err := s.Access().List(ctx, storage.AccessQuery{Person: p, Outcome: storage.OutcomeAllowed})
		require.NoError(t, err)
		for _, e := range es {
			k := [2]string{e.Person, string(e.EntityID)}
			if allowed[k] == nil {
				allowed[k] = map[storage.AccessAction]int{}
			}
			allowed[k][e.Action]++
			entity[string(e.EntityID)] = e.Entity
			require.Equal(t, storage.RoleMember, e.Role)
		}
	}
	for k, n := range acks.reads {
		require.GreaterOrEqual(t, allowed[k][storage.AccessRead], n,
			"%s read plan %s %d times and was told so, but the access log keeps %d reads", k[0], k[1], n, allowed[k][storage.AccessRead])
		require.Equal(t, storage.EntityCarePlan, entity[k[1]], "plan %s", k[1])
	}
	// (b) Every acknowledged write has its audit line, its update entry,
	// and its version of the plan.
	for k, n := range acks.writes {
		require.GreaterOrEqual(t, allowed[k][storage.AccessUpdate], n,
			"%s updated client %s %d times and was told so, but the access log keeps %d updates", k[0], k[1], n, allowed[k][storage.AccessUpdate])
		require.Equal(t, storage.EntityClient, entity[k[1]], "client %s", k[1])
	}
	for client, sums := range acks.summaries {
		audit, err := s.Audit(ctx, storage.AuditQuery{EntityID: wijk.ID(client)})
		require.NoError(t, err)
		for _, sum := range sums {
			require.True(t, slices.ContainsFunc(audit, func(a storage.AuditEntry) bool {
				return a.Summary == sum && a.Action == storage.ActionUpdate && a.Client == wijk.ID(client)
			}), "the acknowledged write %q of client %s has no audit line", sum, client)
		}
		_, v, err := s.Clients().Get(ctx, wijk.ID(client))
		require.NoError(t, err)
		require.GreaterOrEqual(t, v, storage.Version(1+len(sums)), "client %s lost acknowledged writes", client)
	}
	// (c) The chained logs hold.
	for _, l := range storage.Logs() {
		v, err := s.Chains().Verify(ctx, l, storage.VerifyOptions{})
		require.NoError(t, err, "the %s log", l)
		if l == storage.LogAccess {
			require.GreaterOrEqual(t, v.Entries, int64(acks.nReads+acks.nWrites))
		}
	}
}

// accessChild reads and writes through sessions until it is killed. It
// acknowledges an access on stdout only after the call returned without
// error; on any error it stops, and the parent fails.
func accessChild(spec string) {
	fail := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "access durability child: "+format+"\n", args...)
		os.Exit(3)
	}
	// Never outlive a parent that died before it could kill us.
	time.AfterFunc(60*time.Second, func() { fail("not killed within a minute") })

	clock := wijk.NewManualClock(day0.In(time.UTC, 0))
	var store storage.Store
	switch kind, target, _ := strings.Cut(spec, ":"); kind {
	case "sqlite":
		s, err := sqlite.Open(ctx, target, sqlite.Options{Clock: clock})
		if err != nil {
			fail("%v", err)
		}
		store = s
	case "postgres":
		db, err := sql.Open("pgx", target)
		if err != nil {
			fail("%v", err)
		}
		// database/sql keeps 2 idle connections by default: with ten
		// workers it would open a connection for nearly every call.
		db.SetMaxIdleConns(accessReaders + accessWriters + 2)
		if store, err = postgres.New(ctx, db, postgres.Options{Clock: clock}); err != nil {
			fail("%v", err)
		}
	default:
		fail("unknown backend in %q", spec)
	}
	teams, err := store.Teams().List(ctx)
	if err != nil || len(teams) != 1 {
		fail("listing teams: %v %v", teams, err)
	}
	tm, _, err := store.Teams().Get(ctx, teams[0])
	if err != nil {
		fail("%v", err)
	}
	plans, err := store.CarePlans().ListByTeam(ctx, tm.ID())
	if err != nil || len(plans) == 0 {
		fail("listing plans: %d %v", len(plans), err)
	}
	members := tm.Members()
	if len(members) < accessReaders+accessWriters {
		fail("the team has %d members", len(members))
	}
	// A day on which every seeded member is active.
	clock.Set(tm.Founded().In(time.UTC, 9*60))
	svc, err := service.New(store, clock, wijk.NewSeededIDGenerator(clock, uint64(os.Getpid())))
	if err != nil {
		fail("%v", err)
	}

	var mu sync.Mutex
	ack := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		// os.Stdout is unbuffered: one write per line.
		if _, err := fmt.Fprintf(os.Stdout, format+"\n", args...); err != nil {
			fail("acknowledging: %v", err)
		}
	}
	var wg sync.WaitGroup
	for g := range accessReaders {
		person := members[g].Person
		s, err := svc.As(ctx, person, service.Care())
		if err != nil {
			fail("%v", err)
		}
		wg.Go(func() {
			for i := g * 7; ; i++ {
				id := plans[i%len(plans)].ID()
				if _, err := s.Plan(context.Background(), id); err != nil {
					fail("%s reading plan %s: %v", person, id, err)
				}
				ack("read %s %s", person, id)
			}
		})
	}
	for g := range accessWriters {
		person := members[accessReaders+g].Person
		s, err := svc.As(ctx, person, service.Care())
		if err != nil {
			fail("%v", err)
		}
		// Each writer updates clients of its own: no conflicts.
		var mine []wijk.ID
		var params []careplan.ClientParams
		for i, p := range plans {
			if i%accessWriters != g {
				continue
			}
			c, _, err := store.Clients().Get(ctx, p.Client())
			if err != nil {
				fail("%v", err)
			}
			mine = append(mine, c.ID())
			params = append(params, c.Snapshot())
		}
		wg.Go(func() {
			for i := 0; ; i++ {
				id, p := mine[i%len(mine)], params[i%len(mine)]
				summary := fmt.Sprintf("durability-w%d-%d", g, i)
				p.Goals = []string{summary}
				if _, err := s.UpdateClient(context.Background(), id, p, summary); err != nil {
					fail("%s updating client %s: %v", person, id, err)
				}
				ack("write %s %s %s", person, id, summary)
			}
		})
	}
	wg.Wait()
	fail("the workers stopped")
}
