package sqlcore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// Querier is what both *sql.DB and *sql.Tx offer.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// InTx runs fn in a transaction on db: committed when fn returns nil,
// rolled back when it returns an error or panics (the panic goes on after
// the rollback).
func InTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning a transaction: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	committed = true
	return nil
}

// Table is the repository's table description.
type Table repo.Table

// Doc is one stored aggregate.
type Doc struct {
	ID      string
	Version int64
	Data    []byte
}

// Get reads one aggregate; a missing ID gives an error matching
// wijk.ErrNotFound.
func Get(ctx context.Context, q Querier, t *Table, id string) (Doc, error) {
	d := Doc{ID: id}
	err := q.QueryRowContext(ctx, `SELECT version, data FROM `+t.Name+` WHERE id = $1`, id).Scan(&d.Version, &d.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return Doc{}, wijk.NotFoundf("%s %s not found", t.Entity, id)
	}
	if err != nil {
		return Doc{}, fmt.Errorf("reading %s %s: %w", t.Entity, id, err)
	}
	return d, nil
}

// List reads the aggregates matching where (SQL over the index columns,
// with $1… placeholders), in the order given.
func List(ctx context.Context, q Querier, t *Table, where, order string, args ...any) ([]Doc, error) {
	query := `SELECT id, version, data FROM ` + t.Name
	if where != "" {
		query += ` WHERE ` + where
	}
	if order != "" {
		query += ` ORDER BY ` + order
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", t.Entity, err)
	}
	defer rows.Close()
	var docs []Doc
	for rows.Next() {
		var d Doc
		if err := rows.Scan(&d.ID, &d.Version, &d.Data); err != nil {
			return nil, fmt.Errorf("listing %s: %w", t.Entity, err)
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing %s: %w", t.Entity, err)
	}
	return docs, nil
}

// Put stores an aggregate. With expected 0 it must be new (a duplicate ID
// is a conflict); otherwise the stored version must equal expected, or
// nothing changes and the error matches wijk.ErrConflict. When req is set,
// the record it names must exist (at its version, if one is given) or
// nothing changes: the check is part of the same statement, and only a
// write that changed nothing asks why. It returns the new version.
func Put(ctx context.Context, q Querier, d *Dialect, t *Table, id string, expected int64, data []byte, req *repo.Ref, cols ...any) (int64, error) {
	if len(cols) != len(t.Columns) {
		return 0, fmt.Errorf("%s: %d index values for %d columns", t.Entity, len(cols), len(t.Columns))
	}
	var args []any
	if expected == 0 {
		names := append([]string{"id", "version", "data"}, t.Columns...)
		args = append(append(args, id, int64(1), data), cols...)
		// ON CONFLICT DO NOTHING rather than catching the unique violation:
		// in PostgreSQL a failed statement aborts the whole transaction,
		// and the caller's transaction must stay usable after a conflict.
		query := `INSERT INTO ` + t.Name + ` (` + strings.Join(names, ", ") + `) SELECT ` + placeholders(1, len(names)) +
			` WHERE ` + requirement(req, &args) + ` ON CONFLICT (id) DO NOTHING`
		res, err := q.ExecContext(ctx, query, args...)
		if err != nil {
			if d.IsUniqueViolation(err) {
				return 0, wijk.Conflictf("%s %s already exists", t.Entity, id)
			}
			return 0, fmt.Errorf("inserting %s %s: %w", t.Entity, id, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("inserting %s %s: %w", t.Entity, id, err)
		}
		if k == 1 {
			return 1, nil
		}
		if err := checkRequired(ctx, q, req); err != nil {
			return 0, err
		}
		return 0, wijk.Conflictf("%s %s already exists", t.Entity, id)
	}
	set := []string{"version = $1", "data = $2"}
	for i, c := range t.Columns {
		set = append(set, fmt.Sprintf("%s = $%d", c, i+3))
	}
	n := len(t.Columns) + 3
	args = append(append(args, expected+1, data), cols...)
	args = append(args, id, expected)
	query := `UPDATE ` + t.Name + ` SET ` + strings.Join(set, ", ") + fmt.Sprintf(` WHERE id = $%d AND version = $%d AND `, n, n+1) + requirement(req, &args)
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("updating %s %s: %w", t.Entity, id, err)
	}
	k, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("updating %s %s: %w", t.Entity, id, err)
	}
	if k == 1 {
		return expected + 1, nil
	}
	if err := checkRequired(ctx, q, req); err != nil {
		return 0, err
	}
	cur, err := Get(ctx, q, t, id)
	if err != nil {
		return 0, err
	}
	return 0, wijk.Conflictf("%s %s was changed by someone else: stored version %d, this write was based on version %d", t.Entity, id, cur.Version, expected)
}

// requirement is the SQL condition that req's record exists (at its
// version, if one is given), its values appended to args; TRUE for none.
func requirement(req *repo.Ref, args *[]any) string {
	if req == nil {
		return "TRUE"
	}
	*args = append(*args, req.Key)
	cond := fmt.Sprintf(`EXISTS (SELECT 1 FROM %s WHERE id = $%d`, req.Table.Name, len(*args))
	if req.Version != 0 {
		*args = append(*args, req.Version)
		cond += fmt.Sprintf(` AND version = $%d`, len(*args))
	}
	return cond + `)`
}

// checkRequired explains why a write that named req changed nothing, if
// req is the reason: its record is missing or at another version.
func checkRequired(ctx context.Context, q Querier, req *repo.Ref) error {
	if req == nil {
		return nil
	}
	var v int64
	err := q.QueryRowContext(ctx, `SELECT version FROM `+req.Table.Name+` WHERE id = $1`, req.Key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return wijk.NotFoundf("%s %s not found", req.Table.Entity, req.Key)
	}
	if err != nil {
		return fmt.Errorf("reading %s %s: %w", req.Table.Entity, req.Key, err)
	}
	if req.Version != 0 && v != req.Version {
		return requiredChanged(req, v)
	}
	return nil
}

func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// AuditEntry is one line of the audit log, as stored.
type AuditEntry struct {
	Seq      int64
	At       string
	Actor    string
	Entity   string
	EntityID string
	Client   string
	Action   string
	Summary  string
}

// ListAudit reads the audit lines q selects, in the order they were
// written.
func ListAudit(ctx context.Context, q Querier, aq storage.AuditQuery) ([]AuditEntry, error) {
	query := `SELECT seq, at, actor, entity, entity_id, client_id, action, summary FROM wijk_audit WHERE seq > $1`
	args := []any{aq.After}
	for _, f := range []struct{ col, v string }{{"entity_id", string(aq.EntityID)}, {"entity", aq.Entity}, {"client_id", string(aq.Client)}} {
		if f.v != "" {
			args = append(args, f.v)
			query += fmt.Sprintf(` AND %s = $%d`, f.col, len(args))
		}
	}
	query += ` ORDER BY seq`
	if aq.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, aq.Limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.Seq, &e.At, &e.Actor, &e.Entity, &e.EntityID, &e.Client, &e.Action, &e.Summary); err != nil {
			return nil, fmt.Errorf("reading the audit log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
