package repo

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/team"
)

// Store implements storage.Store over an Engine.
type Store struct {
	e Engine
	// id is shared by a root Store and the Stores of its transactions.
	id *rootID
	// group commits the access entries appended outside a transaction;
	// nil in a transaction's Store.
	group *group
}

// rootID identifies one root Store.
type rootID struct{ _ byte }

// New returns the Store over e. The access entries of callers outside a
// transaction are committed through logWriter, when given: an engine on
// its own connection to the same database, so that their commits (and
// their flushes to disk) do not hold up the reads on e's.
func New(e Engine, logWriter ...Engine) *Store {
	id := &rootID{}
	g := guarded{Engine: e, id: id}
	lw := g
	if len(logWriter) > 0 && logWriter[0] != nil {
		lw = guarded{Engine: logWriter[0], id: id}
	}
	return &Store{e: g, id: id, group: &group{e: lw}}
}

// txMark marks the context a transaction's function is given: which root
// Store the transaction belongs to, and whether it is still running.
type txMark struct {
	id   *rootID
	done atomic.Bool
}

type txMarkKey struct{}

// InTxOf reports whether ctx is the context of a running transaction of
// s's root Store: a call on the root Store with it would wait for that
// transaction.
func InTxOf(ctx context.Context, s *Store) bool {
	m, ok := ctx.Value(txMarkKey{}).(*txMark)
	return ok && m.id == s.id && !m.done.Load()
}

// guarded is a root Store's engine: it refuses every call made with the
// context of one of the Store's own running transactions, which would
// otherwise wait for that transaction to end.
type guarded struct {
	Engine
	id *rootID
}

// txMisuse is the error of such a call.
type txMisuse struct{}

func (txMisuse) Error() string {
	return "storage: the outer Store was used inside its own InTx function, where it would wait for the transaction to end; inside the function use only the tx Store it is given"
}

func (txMisuse) Is(target error) bool {
	return target == storage.ErrTxMisuse || target == wijk.ErrInvalid
}

func (g guarded) check(ctx context.Context) error {
	if m, ok := ctx.Value(txMarkKey{}).(*txMark); ok && m.id == g.id && !m.done.Load() {
		return txMisuse{}
	}
	return nil
}

func (g guarded) Get(ctx context.Context, t *Table, key string) (Doc, error) {
	if err := g.check(ctx); err != nil {
		return Doc{}, err
	}
	return g.Engine.Get(ctx, t, key)
}

func (g guarded) GetVia(ctx context.Context, t *Table, key string, hops []Hop) (Doc, []string, int64, error) {
	if err := g.check(ctx); err != nil {
		return Doc{}, nil, 0, err
	}
	return g.Engine.GetVia(ctx, t, key, hops)
}

func (g guarded) Column(ctx context.Context, t *Table, key, col string) (string, error) {
	if err := g.check(ctx); err != nil {
		return "", err
	}
	return g.Engine.Column(ctx, t, key, col)
}

func (g guarded) Find(ctx context.Context, t *Table, q Query) ([]Doc, error) {
	if err := g.check(ctx); err != nil {
		return nil, err
	}
	return g.Engine.Find(ctx, t, q)
}

func (g guarded) Write(ctx context.Context, w WriteOp) (int64, error) {
	if err := g.check(ctx); err != nil {
		return 0, err
	}
	return g.Engine.Write(ctx, w)
}

func (g guarded) Lock(ctx context.Context, t *Table, key string) error {
	if err := g.check(ctx); err != nil {
		return err
	}
	return g.Engine.Lock(ctx, t, key)
}

func (g guarded) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	if err := g.check(ctx); err != nil {
		return nil, err
	}
	return g.Engine.Audit(ctx, q)
}

func (g guarded) InTx(ctx context.Context, fn func(e Engine) error) error {
	if err := g.check(ctx); err != nil {
		return err
	}
	return g.Engine.InTx(ctx, fn)
}

var _ storage.Store = (*Store)(nil)

// Teams keeps teams.
func (s *Store) Teams() storage.Teams { return teams{s} }

// Coaches keeps coaches.
func (s *Store) Coaches() storage.Coaches {
	return plain[team.Coach, *team.Coach]{s: s, t: coachesTable, encode: records.EncodeCoach, decode: records.DecodeCoach}
}

// Staff keeps the organisation's staff.
func (s *Store) Staff() storage.Staff {
	return plain[team.Staff, *team.Staff]{s: s, t: staffTable, encode: records.EncodeStaff, decode: records.DecodeStaff}
}

// Hours keeps hours records.
func (s *Store) Hours() storage.Hours { return hours{s} }

// Clients keeps clients.
func (s *Store) Clients() storage.Clients { return clients{s} }

// CarePlans keeps care plans.
func (s *Store) CarePlans() storage.CarePlans { return plans{s} }

// Proposals keeps proposals.
func (s *Store) Proposals() storage.Proposals { return proposals{s} }

// Meetings keeps meetings.
func (s *Store) Meetings() storage.Meetings { return meetings{s} }

// DecisionLog keeps decision logs.
func (s *Store) DecisionLog() storage.DecisionLog { return decisions{s} }

// Audit reads the audit log.
func (s *Store) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	if q.Limit < 0 || q.After < 0 {
		return nil, wijk.Invalid("query", "limit and after must not be negative")
	}
	return s.e.Audit(ctx, q)
}

// InTx runs fn in one transaction.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx storage.Store) error) error {
	if fn == nil {
		return wijk.Invalid("fn", "is required")
	}
	return s.e.InTx(ctx, func(e Engine) error {
		m := &txMark{id: s.id}
		defer m.done.Store(true)
		return fn(context.WithValue(ctx, txMarkKey{}, m), &Store{e: e, id: s.id})
	})
}

// write stores data under key and appends the audit line, atomically.
// expected 0 creates. requires, when set, must exist.
func (s *Store) write(ctx context.Context, t *Table, key string, auditID wijk.ID, expected storage.Version, data []byte, cols []any, requires *Ref, ch storage.Change, action storage.Action) (storage.Version, error) {
	return s.writeSet(ctx, t, key, auditID, expected, data, cols, nil, requires, ch, action)
}

// writeSet is write for a table that keeps a set beside each record.
func (s *Store) writeSet(ctx context.Context, t *Table, key string, auditID wijk.ID, expected storage.Version, data []byte, cols []any, set []string, requires *Ref, ch storage.Change, action storage.Action) (storage.Version, error) {
	var client wijk.ID
	switch {
	case t.Client == "id":
		client = wijk.ID(key)
	case t.Client != "":
		client = wijk.ID(cols[slices.Index(t.Columns, t.Client)].(string))
	}
	v, err := s.e.Write(ctx, WriteOp{
		Table: t, Key: key, Expected: int64(expected), Data: data, Cols: cols, Set: set, Requires: requires,
		Audit: storage.AuditEntry{
			At: s.e.Now().UTC().Truncate(time.Millisecond), Actor: ch.Actor, Summary: ch.Summary,
			Entity: t.Entity, EntityID: auditID, Client: client, Action: action,
		},
	})
	if err != nil {
		return 0, err
	}
	return storage.Version(v), nil
}

// checkWrite validates what every write needs: a change, and for an
// update a version to base it on.
func checkWrite(ch storage.Change, expected storage.Version, update bool) error {
	if err := ch.Validate(); err != nil {
		return err
	}
	if update && expected < 1 {
		return wijk.Invalid("expected", "must be the version the aggregate was read at (1 or more), got %d", expected)
	}
	return nil
}

// get reads one record and decodes it.
func get[T any](ctx context.Context, e Engine, t *Table, id wijk.ID, decode func([]byte) (T, error)) (T, storage.Version, error) {
	var zero T
	if err := id.Validate("id"); err != nil {
		return zero, 0, err
	}
	d, err := e.Get(ctx, t, string(id))
	if err != nil {
		return zero, 0, err
	}
	v, err := decode(d.Data)
	if err != nil {
		return zero, 0, fmt.Errorf("%s %s: %w", t.Entity, id, err)
	}
	return v, storage.Version(d.Version), nil
}

// find reads and decodes the records q selects.
func find[T any](ctx context.Context, e Engine, t *Table, q Query, decode func([]byte) (T, error)) ([]T, error) {
	docs, err := e.Find(ctx, t, q)
	if err != nil {
		return nil, err
	}
	return decodeAll(t, docs, decode)
}

// parallelFrom is the number of records from which decoding is shared
// among the processors: a team's caseload is read in one go, and decoding
// (JSON, then the domain's checks) is most of the cost of reading it.
const parallelFrom = 16

// decodeAll decodes docs in order; the first error (in order) wins.
func decodeAll[T any](t *Table, docs []Doc, decode func([]byte) (T, error)) ([]T, error) {
	out := make([]T, len(docs))
	errs := make([]error, len(docs))
	one := func(i int) {
		v, err := decode(docs[i].Data)
		if err != nil {
			errs[i] = fmt.Errorf("%s %s: %w", t.Entity, docs[i].Key, err)
			return
		}
		out[i] = v
	}
	workers := min(runtime.GOMAXPROCS(0), len(docs)/parallelFrom*2)
	if workers < 2 {
		for i := range docs {
			one(i)
			if errs[i] != nil {
				return nil, errs[i]
			}
		}
		return out, nil
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(docs); i += workers {
				one(i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func action(update bool) storage.Action {
	if update {
		return storage.ActionUpdate
	}
	return storage.ActionCreate
}

func (g guarded) AppendAudit(ctx context.Context, a storage.AuditEntry) error {
	if err := g.check(ctx); err != nil {
		return err
	}
	return g.Engine.AppendAudit(ctx, a)
}

func (g guarded) AppendAccess(ctx context.Context, es []storage.AccessEntry) error {
	if err := g.check(ctx); err != nil {
		return err
	}
	return g.Engine.AppendAccess(ctx, es)
}

func (g guarded) ListAccess(ctx context.Context, q storage.AccessQuery) ([]storage.AccessEntry, error) {
	if err := g.check(ctx); err != nil {
		return nil, err
	}
	return g.Engine.ListAccess(ctx, q)
}

func (g guarded) Links(ctx context.Context, log storage.Log, after int64, limit int) ([]Link, error) {
	if err := g.check(ctx); err != nil {
		return nil, err
	}
	return g.Engine.Links(ctx, log, after, limit)
}

func (g guarded) ChainHead(ctx context.Context, log storage.Log) (int64, []byte, error) {
	if err := g.check(ctx); err != nil {
		return 0, nil, err
	}
	return g.Engine.ChainHead(ctx, log)
}

func (g guarded) Checkpoints(ctx context.Context, log storage.Log) ([]storage.Checkpoint, error) {
	if err := g.check(ctx); err != nil {
		return nil, err
	}
	return g.Engine.Checkpoints(ctx, log)
}

func (g guarded) Purge(ctx context.Context, cp storage.Checkpoint) (int64, error) {
	if err := g.check(ctx); err != nil {
		return 0, err
	}
	return g.Engine.Purge(ctx, cp)
}
