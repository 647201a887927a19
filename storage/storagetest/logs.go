package storagetest

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// access is an allowed read of client by person at at.
func access(person string, client wijk.ID, at time.Time) storage.AccessEntry {
	return storage.AccessEntry{At: at, Person: person, Role: storage.RoleMember, Client: client,
		Entity: storage.EntityClient, EntityID: client, Action: storage.AccessRead, Purpose: "care",
		Outcome: storage.OutcomeAllowed, Rule: "dossier-team", Application: "suite"}
}

// requireWhole verifies every chained log and returns their heads.
func requireWhole(t *testing.T, s storage.Store) map[storage.Log]storage.Head {
	t.Helper()
	heads := map[storage.Log]storage.Head{}
	for _, log := range storage.Logs() {
		v, err := s.Chains().Verify(ctx, log, storage.VerifyOptions{})
		require.NoError(t, err, "the %s log", log)
		h, err := s.Chains().Head(ctx, log)
		require.NoError(t, err)
		require.Equal(t, h, v.Head, "the %s log's stored head is where the walk ended", log)
		heads[log] = h
	}
	return heads
}

// testAccessLog appends entries outside and inside transactions and
// queries them every way a privacy officer or a client asks.
func testAccessLog(t *testing.T, s storage.Store) {
	w := newWorld(t, 30)
	a, b := w.id(), w.id()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	e1 := access("anouk", a, day(1))
	e2 := access("bas", b, day(2))
	e3 := access("bas", a, day(3))
	e3.Outcome, e3.Rule, e3.Role = storage.OutcomeRefused, "dossier-team", storage.RoleNone
	e4 := access("cor", a, day(4))
	e4.Action, e4.Purpose, e4.Reason = storage.AccessEmergency, "emergency", "found unwell at the market"
	require.NoError(t, s.Access().Append(ctx, e1, e2))
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		return tx.Access().Append(ctx, e3, e4)
	}))

	all, err := s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	require.Len(t, all, 4)
	for i, e := range all {
		require.Equal(t, int64(i+1), e.Seq, "numbered 1, 2, 3 … in commit order")
	}
	want := []storage.AccessEntry{e1, e2, e3, e4}
	for i := range want {
		want[i].Seq = int64(i + 1)
	}
	diff(t, want, all)

	seqs := func(q storage.AccessQuery) []int64 {
		t.Helper()
		got, err := s.Access().List(ctx, q)
		require.NoError(t, err)
		var out []int64
		for _, e := range got {
			out = append(out, e.Seq)
		}
		return out
	}
	require.Equal(t, []int64{1, 3, 4}, seqs(storage.AccessQuery{Client: a}))
	require.Equal(t, []int64{2, 3}, seqs(storage.AccessQuery{Person: "bas"}))
	require.Equal(t, []int64{2, 3}, seqs(storage.AccessQuery{From: day(2), To: day(4)}))
	require.Equal(t, []int64{4}, seqs(storage.AccessQuery{Action: storage.AccessEmergency}))
	require.Equal(t, []int64{3}, seqs(storage.AccessQuery{Outcome: storage.OutcomeRefused}))
	require.Equal(t, []int64{3, 4}, seqs(storage.AccessQuery{Client: a, After: 1, Limit: 2}))
	require.Equal(t, []int64{4}, seqs(storage.AccessQuery{Client: a, After: 3, Limit: 2}))
	_, err = s.Access().List(ctx, storage.AccessQuery{From: day(3), To: day(2)})
	requireKind(t, err, wijk.ErrInvalid)
	requireWhole(t, s)
}

// testAccessLogRollback: entries appended in a transaction that rolls
// back are gone, and the next entry takes the number they would have had.
func testAccessLogRollback(t *testing.T, s storage.Store) {
	w := newWorld(t, 31)
	c := w.id()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if err := tx.Access().Append(ctx, access("anouk", c, t0)); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.NoError(t, s.Access().Append(ctx, access("bas", c, t0)))
	all, err := s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	require.Len(t, all, 1)
	require.Equal(t, "bas", all[0].Person)
	require.Equal(t, int64(1), all[0].Seq)
	requireWhole(t, s)
}

// testBadAccess: an entry that breaks a rule is refused with the field
// named, and nothing of its call is stored.
func testBadAccess(t *testing.T, s storage.Store) {
	w := newWorld(t, 32)
	c := w.id()
	good := access("anouk", c, t0)
	bad := []func(e *storage.AccessEntry){
		func(e *storage.AccessEntry) { e.Person = "" },
		func(e *storage.AccessEntry) { e.At = time.Time{} },
		func(e *storage.AccessEntry) { e.Action = "peek" },
		func(e *storage.AccessEntry) { e.Role = "boss" },
		func(e *storage.AccessEntry) { e.Outcome = "maybe" },
		func(e *storage.AccessEntry) { e.Rule = "" },
		func(e *storage.AccessEntry) { e.Client = "" },
		func(e *storage.AccessEntry) { e.Action, e.Reason = storage.AccessEmergency, "" },
		func(e *storage.AccessEntry) { e.Person = "anouk\nforged line" },
		func(e *storage.AccessEntry) { e.Application = string([]byte{0xff}) },
	}
	for i, f := range bad {
		e := good
		f(&e)
		err := s.Access().Append(ctx, good, e)
		requireKind(t, err, wijk.ErrInvalid)
		require.Contains(t, err.Error(), "entries[1]", "case %d names the entry", i)
	}
	all, err := s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	require.Empty(t, all)
}

// testAccessLogConcurrent: many callers appending at once, outside
// transactions (grouped into shared commits) and inside, lose nothing, and
// the chain numbers them 1, 2, 3 … without a gap.
func testAccessLogConcurrent(t *testing.T, s storage.Store) {
	w := newWorld(t, 33)
	c := w.id()
	const workers, each = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				e := access(fmt.Sprintf("p%02d", g), c, t0.Add(time.Duration(i)*time.Second))
				if g%4 == 0 {
					errs <- s.InTx(ctx, func(ctx context.Context, tx storage.Store) error { return tx.Access().Append(ctx, e) })
				} else {
					errs <- s.Access().Append(ctx, e)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	all, err := s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	require.Len(t, all, workers*each)
	per := map[string]int{}
	for i, e := range all {
		require.Equal(t, int64(i+1), e.Seq)
		per[e.Person]++
	}
	for g := range workers {
		require.Equal(t, each, per[fmt.Sprintf("p%02d", g)])
	}
	requireWhole(t, s)
}

// endingCtx is a context that ends right after its first check: a caller
// whose context ends while the commit it leads is under way.
type endingCtx struct {
	context.Context
	checked atomic.Bool
	done    chan struct{}
}

func newEndingCtx() *endingCtx {
	c := &endingCtx{Context: context.Background(), done: make(chan struct{})}
	close(c.done)
	return c
}

func (c *endingCtx) Err() error {
	if c.checked.Swap(true) {
		return context.Canceled
	}
	return nil
}

func (c *endingCtx) Done() <-chan struct{} {
	if c.checked.Load() {
		return c.done
	}
	return nil
}

// testAccessLogEndingContext: the commit that a caller leads for others
// goes through when that caller's context ends meanwhile; a context that
// has ended before the call stores nothing.
func testAccessLogEndingContext(t *testing.T, s storage.Store) {
	w := newWorld(t, 40)
	c := w.id()
	require.NoError(t, s.Access().Append(newEndingCtx(), access("anouk", c, t0)))
	gone, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, s.Access().Append(gone, access("bas", c, t0)), context.Canceled)
	all, err := s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	require.Len(t, all, 1)
	require.Equal(t, "anouk", all[0].Person)
}

// storedTeamAndClient stores a team of n members and one client in its
// care.
func storedTeamAndClient(t *testing.T, s storage.Store, w *world, n int) (ward, *careplan.Client) {
	t.Helper()
	wd := w.newTeam("Noord", n)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	cl := w.newClient("Bep")
	_, err = s.Clients().Create(ctx, wd.team.ID(), cl, ch("intake"))
	require.NoError(t, err)
	return wd, cl
}

// testChains: writes of every kind leave the three logs whole; a head
// written down verifies later, and a head that was never on the chain
// does not. The writes of a client's record and care plans are found by
// the client.
func testChains(t *testing.T, s storage.Store) {
	w := newWorld(t, 34)
	wd, cl := storedTeamAndClient(t, s, w, 4)
	p := w.newPlan(cl.ID(), wd.members[0], wijk.NewDate(2026, 3, 2), wijk.NewDate(2026, 6, 1))
	_, err := s.CarePlans().Create(ctx, p, ch("plan"))
	require.NoError(t, err)
	anchored := requireWhole(t, s)
	for _, title := range []string{"Friday breakfast", "New planning board"} {
		pr := w.newProposal(wd, title)
		w.adopt(pr, wd)
		_, err := s.Proposals().Create(ctx, pr, ch("proposed "+title))
		require.NoError(t, err)
		require.NoError(t, s.DecisionLog().Append(ctx, w.decide(pr), ch("logged "+title)))
	}
	require.NoError(t, s.Access().Append(ctx, access("anouk", cl.ID(), t0)))
	heads := requireWhole(t, s)
	require.Equal(t, int64(7), heads[storage.LogAudit].Seq)
	require.Equal(t, int64(2), heads[storage.LogDecisions].Seq)
	require.Equal(t, int64(1), heads[storage.LogAccess].Seq)

	// Written down as text and read back, the heads still verify.
	for _, h := range []storage.Head{anchored[storage.LogAudit], heads[storage.LogAudit], heads[storage.LogDecisions]} {
		back, err := storage.ParseHead(h.String())
		require.NoError(t, err)
		_, err = s.Chains().Verify(ctx, h.Log, storage.VerifyOptions{Anchors: []storage.Head{back}})
		require.NoError(t, err)
	}
	forged := heads[storage.LogAudit]
	forged.Hash = append([]byte(nil), forged.Hash...)
	forged.Hash[0] ^= 1
	_, err = s.Chains().Verify(ctx, storage.LogAudit, storage.VerifyOptions{Anchors: []storage.Head{forged}})
	var br *storage.ChainBreak
	require.ErrorAs(t, err, &br)
	require.ErrorIs(t, err, storage.ErrTampered)
	require.Equal(t, forged.Seq, br.Seq)

	// The client's writes: the record and the plan, by client.
	lines, err := s.Audit(ctx, storage.AuditQuery{Client: cl.ID()})
	require.NoError(t, err)
	require.Len(t, lines, 2)
	require.Equal(t, storage.EntityClient, lines[0].Entity)
	require.Equal(t, storage.EntityCarePlan, lines[1].Entity)
	require.Equal(t, p.ID(), lines[1].EntityID)
	for _, l := range lines {
		require.Equal(t, cl.ID(), l.Client)
	}
}

// testChainsMixedWrites: writes outside a transaction and inside one, in
// turn, chain on one another: a backend that remembers the head it left
// for its next write finds it moved by the transaction, and still chains
// every line once.
func testChainsMixedWrites(t *testing.T, s storage.Store) {
	w := newWorld(t, 41)
	wd := w.newTeam("Noord", 3)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	coach := w.newCoach("Carla")
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		_, err := tx.Coaches().Create(ctx, coach, ch("coach, in a transaction"))
		return err
	}))
	for v := storage.Version(1); v <= 3; v++ {
		_, err = s.Coaches().Update(ctx, coach, v, ch("coach, alone"))
		require.NoError(t, err)
	}
	_, err = s.Coaches().Update(ctx, coach, 1, ch("stale"))
	requireKind(t, err, wijk.ErrConflict)
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		_, err := tx.Coaches().Update(ctx, coach, 4, ch("coach, in a transaction again"))
		return err
	}))
	_, err = s.Coaches().Update(ctx, coach, 5, ch("coach, alone again"))
	require.NoError(t, err)
	lines, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, lines, 7)
	for i, l := range lines {
		require.Equal(t, int64(i+1), l.Seq)
	}
	requireWhole(t, s)
}

// testChainsConcurrent: writers in parallel (hours of different members,
// each with an access entry in its transaction, and access entries on
// their own) leave every log numbered without gaps and whole: the chain
// follows commit order.
func testChainsConcurrent(t *testing.T, s storage.Store) {
	w := newWorld(t, 35)
	wd, cl := storedTeamAndClient(t, s, w, 8)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i, m := range wd.members {
		wg.Go(func() {
			for d := 1; d <= 5; d++ {
				h := recordFor(m, wijk.NewDate(2026, 3, d))
				errs <- s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
					if _, err := tx.Hours().Record(ctx, wd.team.ID(), h, ch("hours")); err != nil {
						return err
					}
					return tx.Access().Append(ctx, access(fmt.Sprint(i), cl.ID(), t0))
				})
				errs <- s.Access().Append(ctx, access(fmt.Sprint(i), cl.ID(), t0))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	heads := requireWhole(t, s)
	require.Equal(t, int64(2+8*5), heads[storage.LogAudit].Seq)
	require.Equal(t, int64(2*8*5), heads[storage.LogAccess].Seq)
}

// testPurge: entries past their retention are removed only with a signed
// checkpoint in their place, the purge leaves an audit line, and the log
// verifies from the checkpoint on (with the signer's key trusted, not
// with another's).
func testPurge(t *testing.T, s storage.Store) {
	w := newWorld(t, 36)
	c := w.id()
	old := time.Date(2019, 1, 7, 9, 0, 0, 0, time.UTC)
	var es []storage.AccessEntry
	for i := range 5 {
		es = append(es, access("anouk", c, old.Add(time.Duration(i)*24*time.Hour)))
	}
	recent := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	es = append(es, access("bas", c, recent), access("cor", c, recent))
	require.NoError(t, s.Access().Append(ctx, es...))
	pub, key, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	otherPub, _, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)

	_, err = s.Chains().Purge(ctx, storage.PurgeRequest{Log: storage.LogAccess, Change: ch("purge")})
	requireKind(t, err, wijk.ErrInvalid) // no key
	_, err = s.Chains().Purge(ctx, storage.PurgeRequest{Log: storage.LogDecisions, Key: key, Change: ch("purge")})
	requireKind(t, err, wijk.ErrInvalid)

	cp, err := s.Chains().Purge(ctx, storage.PurgeRequest{Log: storage.LogAccess, Key: key, Change: ch("yearly purge")})
	require.NoError(t, err)
	require.Equal(t, int64(5), cp.Seq)
	require.Equal(t, int64(5), cp.Removed)
	left, err := s.Access().List(ctx, storage.AccessQuery{})
	require.NoError(t, err)
	require.Len(t, left, 2)
	require.Equal(t, int64(6), left[0].Seq)

	v, err := s.Chains().Verify(ctx, storage.LogAccess, storage.VerifyOptions{Keys: []ed25519.PublicKey{pub}})
	require.NoError(t, err)
	require.Equal(t, int64(5), v.From)
	require.Equal(t, int64(2), v.Entries)
	_, err = s.Chains().Verify(ctx, storage.LogAccess, storage.VerifyOptions{Keys: []ed25519.PublicKey{otherPub}})
	require.ErrorIs(t, err, storage.ErrTampered)
	cps, err := s.Chains().Checkpoints(ctx, storage.LogAccess)
	require.NoError(t, err)
	require.Len(t, cps, 1)
	require.Equal(t, cp.Hash, cps[0].Hash)

	lines, err := s.Audit(ctx, storage.AuditQuery{Entity: storage.EntityLog})
	require.NoError(t, err)
	require.Len(t, lines, 1)
	require.Equal(t, storage.ActionPurge, lines[0].Action)
	require.Equal(t, "yearly purge", lines[0].Summary)

	// Nothing more is old enough: a second purge changes nothing.
	again, err := s.Chains().Purge(ctx, storage.PurgeRequest{Log: storage.LogAccess, Key: key, Change: ch("again")})
	require.NoError(t, err)
	require.Zero(t, again.Seq)
	require.NoError(t, s.Access().Append(ctx, access("dewi", c, recent)))
	requireWhole(t, s)
}

// ChainTamperer edits a SQL backend's chained logs behind its back, as
// someone with direct access to the database could: it drops the guards
// (the triggers) first.
type ChainTamperer struct {
	// DB is a connection of its own to the store's database.
	DB *sql.DB
	// DropGuards are the statements that drop the logs' triggers.
	DropGuards []string
}

// NewChainTamperable returns a fresh store and a tamperer of its logs.
type NewChainTamperable func(t *testing.T) (storage.Store, ChainTamperer)

// RunTamperedLogs fills the logs, then edits one entry, deletes one, and
// swaps two, in each log, each on a fresh store: Verify names the first
// broken entry every time, and passes on the untouched logs.
func RunTamperedLogs(t *testing.T, newStore NewChainTamperable) {
	type logCase struct {
		log        storage.Log
		table, seq string
		edit       string // a statement that changes entry $1
	}
	cases := []logCase{
		{storage.LogAudit, "wijk_audit", "seq", `UPDATE wijk_audit SET summary = 'nothing to see' WHERE seq = $1`},
		{storage.LogAccess, "wijk_access", "seq", `UPDATE wijk_access SET person = 'someone else' WHERE seq = $1`},
		{storage.LogDecisions, "wijk_decisions", "chain_seq", `UPDATE wijk_decisions SET id = id || 'x' WHERE chain_seq = $1`},
	}
	fill := func(t *testing.T, s storage.Store) {
		w := newWorld(t, 37)
		wd := w.newTeam("Noord", 4)
		_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
		require.NoError(t, err)
		for i := range 4 {
			pr := w.newProposal(wd, fmt.Sprintf("Proposal %d", i))
			w.adopt(pr, wd)
			_, err := s.Proposals().Create(ctx, pr, ch("proposed"))
			require.NoError(t, err)
			require.NoError(t, s.DecisionLog().Append(ctx, w.decide(pr), ch("logged")))
			require.NoError(t, s.Access().Append(ctx, access(fmt.Sprint("p", i), w.id(), t0)))
		}
		requireWhole(t, s)
	}
	tamper := map[string]func(t *testing.T, tt ChainTamperer, c logCase) int64{
		"edit": func(t *testing.T, tt ChainTamperer, c logCase) int64 {
			res, err := tt.DB.Exec(c.edit, 3)
			require.NoError(t, err)
			requireOneRow(t, res)
			return 3
		},
		"delete": func(t *testing.T, tt ChainTamperer, c logCase) int64 {
			res, err := tt.DB.Exec(`DELETE FROM `+c.table+` WHERE `+c.seq+` = $1`, 2)
			require.NoError(t, err)
			requireOneRow(t, res)
			return 2
		},
		"delete last": func(t *testing.T, tt ChainTamperer, c logCase) int64 {
			var last int64
			require.NoError(t, tt.DB.QueryRow(`SELECT MAX(`+c.seq+`) FROM `+c.table).Scan(&last))
			_, err := tt.DB.Exec(`DELETE FROM `+c.table+` WHERE `+c.seq+` = $1`, last)
			require.NoError(t, err)
			return last
		},
		"swap": func(t *testing.T, tt ChainTamperer, c logCase) int64 {
			// Renumber 2 and 4 through a free number: the rows trade places.
			for _, step := range [][2]int64{{2, -1}, {4, 2}, {-1, 4}} {
				_, err := tt.DB.Exec(`UPDATE `+c.table+` SET `+c.seq+` = $1 WHERE `+c.seq+` = $2`, step[1], step[0])
				require.NoError(t, err)
			}
			return 2
		},
	}
	for _, c := range cases {
		for _, name := range []string{"edit", "delete", "delete last", "swap"} {
			t.Run(string(c.log)+"/"+name, func(t *testing.T) {
				s, tt := newStore(t)
				fill(t, s)
				for _, q := range tt.DropGuards {
					_, err := tt.DB.Exec(q)
					require.NoError(t, err, q)
				}
				want := tamper[name](t, tt, c)
				_, err := s.Chains().Verify(ctx, c.log, storage.VerifyOptions{})
				var br *storage.ChainBreak
				require.ErrorAs(t, err, &br, "tampering is found")
				require.ErrorIs(t, err, storage.ErrTampered)
				require.Equal(t, c.log, br.Log)
				require.Equal(t, want, br.Seq, "the first broken entry is named: %v", err)
				if c.log != storage.LogDecisions {
					_, key, err := ed25519.GenerateKey(nil)
					require.NoError(t, err)
					_, err = s.Chains().Purge(ctx, storage.PurgeRequest{Log: c.log, Retention: time.Nanosecond, Key: key, Change: ch("purge")})
					require.ErrorIs(t, err, storage.ErrTampered, "a broken log is not purged: that would erase the evidence")
				}
				for _, other := range storage.Logs() {
					if other != c.log {
						_, err := s.Chains().Verify(ctx, other, storage.VerifyOptions{})
						require.NoError(t, err, "the untouched %s log", other)
					}
				}
			})
		}
	}
}

func requireOneRow(t *testing.T, res sql.Result) {
	t.Helper()
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(1), n)
}

func recordFor(person wijk.ID, day wijk.Date) team.HoursRecord {
	return team.HoursRecord{Person: person, Day: day, Worked: 8 * time.Hour, ClientFacing: 5 * time.Hour}
}

// NewClockedStore returns a fresh, migrated, empty store whose audit
// lines are stamped by clock.
type NewClockedStore func(t *testing.T, clock wijk.Clock) storage.Store

// RunPurgeAudit purges the audit log past a retention of two years: the
// lines written more than two years ago go, a signed checkpoint takes
// their place, the purge leaves its own line, and the log verifies from
// the checkpoint, with the signer's key trusted, and goes on verifying as
// it grows. A purge of what is already broken is refused.
func RunPurgeAudit(t *testing.T, open NewClockedStore) {
	w := newWorld(t, 39)
	s := open(t, w.clock)
	wd := w.newTeam("Noord", 3)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	coach := w.newCoach("Carla")
	_, err = s.Coaches().Create(ctx, coach, ch("coach"))
	require.NoError(t, err)
	w.clock.Advance(3 * 365 * 24 * time.Hour)
	cl := w.newClient("Bep")
	_, err = s.Clients().Create(ctx, wd.team.ID(), cl, ch("intake, three years on"))
	require.NoError(t, err)
	pub, key, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)

	cp, err := s.Chains().Purge(ctx, storage.PurgeRequest{Log: storage.LogAudit, Retention: 2 * 365 * 24 * time.Hour, Key: key,
		Change: storage.Change{Actor: "privacy officer", Summary: "yearly purge"}})
	require.NoError(t, err)
	require.Equal(t, int64(2), cp.Seq)
	require.Equal(t, int64(2), cp.Removed)
	require.Equal(t, w.clock.Now().UTC(), cp.At)
	lines, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, lines, 2)
	require.Equal(t, "intake, three years on", lines[0].Summary)
	require.Equal(t, storage.ActionPurge, lines[1].Action)
	require.Equal(t, "privacy officer", lines[1].Actor)
	v, err := s.Chains().Verify(ctx, storage.LogAudit, storage.VerifyOptions{Keys: []ed25519.PublicKey{pub}})
	require.NoError(t, err)
	require.Equal(t, int64(2), v.From)
	require.Equal(t, int64(4), v.Head.Seq)
	w.tick()
	_, err = s.Coaches().Update(ctx, coach, 1, ch("after the purge"))
	require.NoError(t, err)
	requireWhole(t, s)
}
