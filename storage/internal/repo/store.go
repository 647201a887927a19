package repo

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
)

// Store implements storage.Store over an Engine.
type Store struct {
	e Engine
}

// New returns the Store over e.
func New(e Engine) *Store { return &Store{e: e} }

var _ storage.Store = (*Store)(nil)

// Teams keeps teams.
func (s *Store) Teams() storage.Teams { return teams{s} }

// Coaches keeps coaches.
func (s *Store) Coaches() storage.Coaches { return coaches{s} }

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
	return s.e.InTx(ctx, func(e Engine) error { return fn(ctx, &Store{e: e}) })
}

// write stores data under key and appends the audit line, atomically.
// expected 0 creates. requires, when set, must exist.
func (s *Store) write(ctx context.Context, t *Table, key string, auditID wijk.ID, expected storage.Version, data []byte, cols []any, requires *Ref, ch storage.Change, action storage.Action) (storage.Version, error) {
	v, err := s.e.Write(ctx, WriteOp{
		Table: t, Key: key, Expected: int64(expected), Data: data, Cols: cols, Requires: requires,
		Audit: storage.AuditEntry{
			At: s.e.Now().UTC().Truncate(time.Millisecond), Actor: ch.Actor, Summary: ch.Summary,
			Entity: t.Entity, EntityID: auditID, Action: action,
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
