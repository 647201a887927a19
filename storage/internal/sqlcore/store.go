package sqlcore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// Store is the dialect-independent part of a SQL backend: the repo.Engine
// over database/sql. A Store made for a transaction works inside it; the
// root Store works on the pool.
type Store struct {
	DB    *sql.DB
	D     *Dialect
	Clock wijk.Clock
	M     []Migration
	// Q runs the statements: the pool, or the transaction.
	Q  Querier
	tx *sql.Tx
}

var _ repo.Engine = (*Store)(nil)

// New returns the root Store over db.
func New(db *sql.DB, d *Dialect, clock wijk.Clock, ms []Migration) *Store {
	return &Store{DB: db, D: d, Clock: clock, M: ms, Q: db}
}

// InTx runs fn with an Engine bound to one transaction: all of fn's writes
// commit together, or none does (an error or panic in fn rolls back).
// Inside a transaction, InTx runs fn in the same transaction.
func (s *Store) InTx(ctx context.Context, fn func(e repo.Engine) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return InTx(ctx, s.DB, func(tx *sql.Tx) error {
		return fn(&Store{DB: s.DB, D: s.D, Clock: s.Clock, M: s.M, Q: tx, tx: tx})
	})
}

// Now stamps the audit log.
func (s *Store) Now() time.Time { return wijk.Now(s.Clock) }

// Migrate brings the schema up to date.
func (s *Store) Migrate(ctx context.Context) error {
	return Migrate(ctx, s.DB, s.M, s.D, FormatTime(wijk.Now(s.Clock)))
}

// Check refuses a database newer than the code.
func (s *Store) Check(ctx context.Context) error { return CheckSchema(ctx, s.DB, s.M) }

// SchemaVersion returns the applied schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) { return SchemaVersion(ctx, s.DB) }

// Get reads one record.
func (s *Store) Get(ctx context.Context, t *repo.Table, key string) (repo.Doc, error) {
	d, err := Get(ctx, s.Q, (*Table)(t), key)
	if err != nil {
		return repo.Doc{}, err
	}
	return repo.Doc{Key: d.ID, Version: d.Version, Data: d.Data}, nil
}

func checkCol(t *repo.Table, col string) error {
	if col == "id" || slices.Contains(t.Columns, col) {
		return nil
	}
	return fmt.Errorf("%s has no column %q", t.Name, col)
}

// Column reads one text index column of one record.
func (s *Store) Column(ctx context.Context, t *repo.Table, key, col string) (string, error) {
	if err := checkCol(t, col); err != nil {
		return "", err
	}
	var v string
	err := s.Q.QueryRowContext(ctx, `SELECT `+col+` FROM `+t.Name+` WHERE id = $1`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", wijk.NotFoundf("%s %s not found", t.Entity, key)
	}
	if err != nil {
		return "", fmt.Errorf("reading %s %s: %w", t.Entity, key, err)
	}
	return v, nil
}

var ops = map[repo.Op]string{repo.Eq: "=", repo.Lt: "<", repo.Le: "<=", repo.Gt: ">", repo.Ge: ">="}

// Find reads the records q selects.
func (s *Store) Find(ctx context.Context, t *repo.Table, q repo.Query) ([]repo.Doc, error) {
	var where []string
	var args []any
	for _, f := range q.Filters {
		if err := checkCol(t, f.Col); err != nil {
			return nil, err
		}
		if f.Op == repo.In {
			set, ok := f.Val.([]string)
			if !ok {
				return nil, fmt.Errorf("%s.%s: IN needs []string, got %T", t.Name, f.Col, f.Val)
			}
			if len(set) == 0 {
				return nil, nil
			}
			ph := make([]string, len(set))
			for i, v := range set {
				args = append(args, v)
				ph[i] = fmt.Sprintf("$%d", len(args))
			}
			where = append(where, f.Col+" IN ("+strings.Join(ph, ", ")+")")
			continue
		}
		op, ok := ops[f.Op]
		if !ok {
			return nil, fmt.Errorf("%s.%s: unknown comparison %d", t.Name, f.Col, f.Op)
		}
		switch f.Val.(type) {
		case string, int64:
		default:
			return nil, fmt.Errorf("%s.%s: compared values are strings or int64s, got %T", t.Name, f.Col, f.Val)
		}
		args = append(args, f.Val)
		where = append(where, fmt.Sprintf("%s %s $%d", f.Col, op, len(args)))
	}
	for _, c := range q.Order {
		if err := checkCol(t, c); err != nil {
			return nil, err
		}
	}
	order := strings.Join(append(slices.Clone(q.Order), "id"), ", ")
	if q.Limit > 0 {
		order += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	docs, err := List(ctx, s.Q, (*Table)(t), strings.Join(where, " AND "), order, args...)
	if err != nil {
		return nil, err
	}
	out := make([]repo.Doc, len(docs))
	for i, d := range docs {
		out[i] = repo.Doc{Key: d.ID, Version: d.Version, Data: d.Data}
	}
	return out, nil
}

// Put stores a record with an optimistic version check.
func (s *Store) Put(ctx context.Context, t *repo.Table, key string, expected int64, data []byte, cols []any) (int64, error) {
	return Put(ctx, s.Q, s.D, (*Table)(t), key, expected, data, cols...)
}

// AppendAudit writes one audit line.
func (s *Store) AppendAudit(ctx context.Context, e storage.AuditEntry) error {
	return AppendAudit(ctx, s.Q, AuditEntry{
		At: FormatTime(e.At), Actor: e.Actor, Entity: e.Entity, EntityID: string(e.EntityID),
		Action: string(e.Action), Summary: e.Summary,
	})
}

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
