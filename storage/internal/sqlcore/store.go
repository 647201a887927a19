package sqlcore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
)

// Store is the dialect-independent part of a SQL backend. A Store made by
// Begin works inside one transaction; the root Store works on the pool.
type Store struct {
	DB    *sql.DB
	D     *Dialect
	Clock wijk.Clock
	M     []Migration
	// Q runs the statements: the pool, or the transaction.
	Q  Querier
	tx *sql.Tx
}

// New returns the root Store over db.
func New(db *sql.DB, d *Dialect, clock wijk.Clock, ms []Migration) *Store {
	return &Store{DB: db, D: d, Clock: clock, M: ms, Q: db}
}

// InTx runs fn with a Store bound to one transaction: all of fn's writes
// commit together, or none does (an error or panic in fn rolls back).
// Inside a transaction, InTx runs fn in the same transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return InTx(ctx, s.DB, func(tx *sql.Tx) error {
		return fn(&Store{DB: s.DB, D: s.D, Clock: s.Clock, M: s.M, Q: tx, tx: tx})
	})
}

// Migrate brings the schema up to date.
func (s *Store) Migrate(ctx context.Context) error {
	return Migrate(ctx, s.DB, s.M, s.D, FormatTime(wijk.Now(s.Clock)))
}

// Check refuses a database newer than the code.
func (s *Store) Check(ctx context.Context) error { return CheckSchema(ctx, s.DB, s.M) }

// SchemaVersion returns the applied schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) { return SchemaVersion(ctx, s.DB) }

// Audit reads the audit log.
func (s *Store) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	rows, err := ListAudit(ctx, s.Q, string(q.EntityID), q.After, q.Limit)
	if err != nil {
		return nil, err
	}
	out := make([]storage.AuditEntry, 0, len(rows))
	for _, r := range rows {
		at, err := ParseTime(r.At)
		if err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", r.Seq, err)
		}
		out = append(out, storage.AuditEntry{
			Seq: r.Seq, At: at, Actor: r.Actor, Summary: r.Summary,
			Entity: r.Entity, EntityID: wijk.ID(r.EntityID), Action: storage.Action(r.Action),
		})
	}
	return out, nil
}

// Write stores one aggregate and its audit line in one transaction. With
// expected 0 the aggregate must be new.
func (s *Store) Write(ctx context.Context, t *Table, id wijk.ID, expected storage.Version, data []byte, ch storage.Change, cols ...any) (storage.Version, error) {
	if err := ch.Validate(); err != nil {
		return 0, err
	}
	var v int64
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		v, err = Put(ctx, tx.Q, s.D, t, string(id), int64(expected), data, cols...)
		if err != nil {
			return err
		}
		action := storage.ActionUpdate
		if expected == 0 {
			action = storage.ActionCreate
		}
		return AppendAudit(ctx, tx.Q, AuditEntry{
			At: FormatTime(wijk.Now(s.Clock)), Actor: ch.Actor, Entity: t.Entity,
			EntityID: string(id), Action: string(action), Summary: ch.Summary,
		})
	})
	return storage.Version(v), err
}
