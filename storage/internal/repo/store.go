package repo

import (
	"context"
	"sync/atomic"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/storage"
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
func (s *Store) Teams() storage.Teams { return teams{repository[*team.Team]{s, teamsAgg}} }

// Coaches keeps coaches.
func (s *Store) Coaches() storage.Coaches { return repository[*team.Coach]{s, coachesAgg} }

// Staff keeps the organisation's staff.
func (s *Store) Staff() storage.Staff { return repository[*team.Staff]{s, staffAgg} }

// Hours keeps hours records.
func (s *Store) Hours() storage.Hours { return hours{s} }

// Clients keeps clients.
func (s *Store) Clients() storage.Clients {
	return clients{repository[*careplan.Client]{s, clientsAgg}}
}

// CarePlans keeps care plans.
func (s *Store) CarePlans() storage.CarePlans {
	return plans{repository[*careplan.CarePlan]{s, plansAgg}}
}

// Proposals keeps proposals.
func (s *Store) Proposals() storage.Proposals {
	return proposals{repository[*consensus.Proposal]{s, proposalsAgg}}
}

// Meetings keeps meetings.
func (s *Store) Meetings() storage.Meetings {
	return meetings{repository[*consensus.Meeting]{s, meetingsAgg}}
}

// DecisionLog keeps decision logs.
func (s *Store) DecisionLog() storage.DecisionLog { return decisions{s} }

// Rosters keeps rosters.
func (s *Store) Rosters() storage.Rosters {
	return rosters{repository[*planning.Roster]{s, rostersAgg}}
}

// DayPlans keeps visit plans.
func (s *Store) DayPlans() storage.DayPlans {
	return dayPlans{repository[*planning.DayPlan]{s, dayPlansAgg}}
}

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
