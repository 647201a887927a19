package sqlcore

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/chain"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// logSpec says where a chained log lives: its table, the column that
// numbers it, and the columns its hash covers, in chain order.
type logSpec struct {
	table, seq string
	fields     []string
}

var logSpecs = map[storage.Log]logSpec{
	storage.LogAudit:     {"wijk_audit", "seq", []string{"at", "actor", "entity", "entity_id", "client_id", "action", "summary"}},
	storage.LogAccess:    {"wijk_access", "seq", accessCols},
	storage.LogDecisions: {"wijk_decisions", "chain_seq", []string{"id", "data"}},
}

var accessCols = []string{"at", "person", "role", "client_id", "entity", "entity_id", "action", "purpose", "reason", "outcome", "rule", "application"}

// The order in which one transaction takes the heads of the logs, so that
// two transactions never wait for each other: the audit log's first (a
// write takes it before the rows it writes), then the decision log's,
// then the access log's (appended last, just before commit).

// lockHead reads a log's head and, where the dialect has row locks, keeps
// every other transaction from appending to the log until this one ends:
// the next number is drawn here, so numbers follow commit order with no
// gaps. Call it inside a transaction.
func (s *Store) lockHead(ctx context.Context, log storage.Log) (int64, []byte, error) {
	q := `SELECT seq, hash FROM wijk_chain_heads WHERE log = $1`
	if s.D.RowLocks {
		q += ` FOR UPDATE`
	}
	var seq int64
	var h []byte
	if err := s.Q.QueryRowContext(ctx, q, string(log)).Scan(&seq, &h); err != nil {
		return 0, nil, fmt.Errorf("reading the head of the %s log: %w", log, err)
	}
	return seq, h, nil
}

// setHead moves a log's head.
func (s *Store) setHead(ctx context.Context, log storage.Log, seq int64, h []byte) error {
	if _, err := s.Q.ExecContext(ctx, `UPDATE wijk_chain_heads SET seq = $1, hash = $2 WHERE log = $3`, seq, h, string(log)); err != nil {
		return fmt.Errorf("moving the head of the %s log: %w", log, err)
	}
	return nil
}

// ChainHead returns a log's stored head.
func (s *Store) ChainHead(ctx context.Context, log storage.Log) (int64, []byte, error) {
	var seq int64
	var h []byte
	err := s.Q.QueryRowContext(ctx, `SELECT seq, hash FROM wijk_chain_heads WHERE log = $1`, string(log)).Scan(&seq, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("the head of the %s log is missing", log)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("reading the head of the %s log: %w", log, err)
	}
	return seq, h, nil
}

// auditInsert is the statement that appends one chained audit line.
const auditInsert = `INSERT INTO wijk_audit (seq, at, actor, entity, entity_id, client_id, action, summary, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`

// chainAudit numbers and hashes an audit line after the head (seq, prev).
func chainAudit(a storage.AuditEntry, seq int64, prev []byte) (string, []byte) {
	at := FormatTime(a.At)
	return at, chain.Next(prev, chain.Canon(string(storage.LogAudit), seq, repo.AuditFields(a, at)...))
}

// AppendAudit appends one audit line on its own.
func (s *Store) AppendAudit(ctx context.Context, a storage.AuditEntry) error {
	return s.InTx(ctx, func(e repo.Engine) error {
		tx := e.(*Store)
		seq, prev, err := tx.lockHead(ctx, storage.LogAudit)
		if err != nil {
			return err
		}
		_, err = tx.appendAudit(ctx, a, seq+1, prev)
		return err
	})
}

// appendAudit writes one audit line numbered seq after the hash prev, and
// moves the head; the caller holds the head. It returns the line's hash.
func (s *Store) appendAudit(ctx context.Context, a storage.AuditEntry, seq int64, prev []byte) ([]byte, error) {
	at, h := chainAudit(a, seq, prev)
	if _, err := s.Q.ExecContext(ctx, auditInsert, seq, at, a.Actor, a.Entity, string(a.EntityID), string(a.Client),
		string(a.Action), a.Summary, h); err != nil {
		return nil, fmt.Errorf("writing the audit log: %w", err)
	}
	return h, s.setHead(ctx, storage.LogAudit, seq, h)
}

// accessRows numbers and chains entries after the head (seq, prev): for
// each, the values of one row of wijk_access (seq, the fields, hash). It
// returns the rows and the last hash.
func accessRows(es []storage.AccessEntry, seq int64, prev []byte) ([][]any, []byte) {
	rows := make([][]any, len(es))
	for i, a := range es {
		seq++
		fields := repo.AccessFields(a, FormatTime(a.At))
		prev = chain.Next(prev, chain.Canon(string(storage.LogAccess), seq, fields...))
		r := make([]any, 0, len(fields)+2)
		r = append(r, seq)
		for _, f := range fields {
			r = append(r, f)
		}
		rows[i] = append(r, prev)
	}
	return rows, prev
}

// accessInsert writes one access entry.
var accessInsert = `INSERT INTO wijk_access (seq, ` + strings.Join(accessCols, ", ") + `, hash) VALUES (` + placeholders(1, len(accessCols)+2) + `)`

// accessBatch is how many access entries one INSERT statement writes.
const accessBatch = 64

// AppendAccess appends access entries, numbered and chained in order.
func (s *Store) AppendAccess(ctx context.Context, es []storage.AccessEntry) error {
	if s.tx == nil && s.D.OneStatementWrite && len(es) <= accessBatch {
		s.accessHead.mu.Lock()
		defer s.accessHead.mu.Unlock()
		if s.accessHead.known {
			done, err := s.appendAccessOne(ctx, es)
			if done || err != nil {
				return err
			}
		}
	}
	var head headCache
	err := s.InTx(ctx, func(e repo.Engine) error {
		tx := e.(*Store)
		seq, prev, err := tx.lockHead(ctx, storage.LogAccess)
		if err != nil {
			return err
		}
		defer func() { head.seq, head.hash = seq, prev }()
		rows, last := accessRows(es, seq, prev)
		seq, prev = seq+int64(len(rows)), last
		if s.D.CacheStatements {
			// An embedded database: one cached single-row statement per
			// entry costs less than binding one statement's hundreds of
			// parameters.
			for _, r := range rows {
				if _, err := tx.Q.ExecContext(ctx, accessInsert, r...); err != nil {
					return fmt.Errorf("writing the access log: %w", err)
				}
			}
			rows = nil
		}
		for len(rows) > 0 {
			n := min(len(rows), accessBatch)
			var phs []string
			var args []any
			for _, r := range rows[:n] {
				ph := make([]string, len(r))
				for i, v := range r {
					args = append(args, v)
					ph[i] = fmt.Sprintf("$%d", len(args))
				}
				phs = append(phs, "("+strings.Join(ph, ", ")+")")
			}
			q := `INSERT INTO wijk_access (seq, ` + strings.Join(accessCols, ", ") + `, hash) VALUES ` + strings.Join(phs, ", ")
			if _, err := tx.Q.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("writing the access log: %w", err)
			}
			rows = rows[n:]
		}
		return tx.setHead(ctx, storage.LogAccess, seq, prev)
	})
	if err == nil && s.tx == nil && s.D.OneStatementWrite {
		s.accessHead.known, s.accessHead.seq, s.accessHead.hash = true, head.seq, head.hash
	}
	return err
}

// appendAccessOne appends entries after the head this process last left,
// in one statement of its own (one round trip, one commit): the head
// moves only if it is still where it was left, and the entries go in only
// if it moved. It reports false, with nothing written, when another
// transaction moved the head since; then the caller takes the head's lock
// and appends as usual. The caller holds s.accessHead.mu.
func (s *Store) appendAccessOne(ctx context.Context, es []storage.AccessEntry) (bool, error) {
	c := s.accessHead
	seq, prev := c.seq, c.hash
	var args []any
	arg := func(v any, cast string) string {
		args = append(args, v)
		return fmt.Sprintf("$%d::%s", len(args), cast)
	}
	oldSeq, oldHash := arg(seq, "bigint"), arg(prev, "bytea")
	rows, last := accessRows(es, seq, prev)
	seq, prev = seq+int64(len(rows)), last
	var phs []string
	for _, r := range rows {
		ph := []string{arg(r[0], "bigint")}
		for _, f := range r[1 : len(r)-1] {
			ph = append(ph, arg(f, "text"))
		}
		ph = append(ph, arg(r[len(r)-1], "bytea"))
		phs = append(phs, "("+strings.Join(ph, ", ")+")")
	}
	q := `WITH h AS (UPDATE wijk_chain_heads SET seq = ` + arg(seq, "bigint") + `, hash = ` + arg(prev, "bytea") + `
	WHERE log = 'access' AND seq = ` + oldSeq + ` AND hash = ` + oldHash + ` RETURNING 1)
INSERT INTO wijk_access (seq, ` + strings.Join(accessCols, ", ") + `, hash)
	SELECT v.* FROM (VALUES ` + strings.Join(phs, ", ") + `) AS v WHERE EXISTS (SELECT 1 FROM h)`
	res, err := s.Q.ExecContext(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("writing the access log: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("writing the access log: %w", err)
	}
	if n == 0 {
		c.known = false
		return false, nil
	}
	if n != int64(len(es)) {
		return false, fmt.Errorf("writing the access log: %d of %d entries written", n, len(es))
	}
	c.seq, c.hash = seq, prev
	return true, nil
}

// ListAccess reads the access log.
func (s *Store) ListAccess(ctx context.Context, q storage.AccessQuery) ([]storage.AccessEntry, error) {
	where := []string{"seq > $1"}
	args := []any{q.After}
	eq := func(col, v string) {
		if v != "" {
			args = append(args, v)
			where = append(where, fmt.Sprintf("%s = $%d", col, len(args)))
		}
	}
	eq("client_id", string(q.Client))
	eq("person", q.Person)
	eq("action", string(q.Action))
	eq("outcome", string(q.Outcome))
	if !q.From.IsZero() {
		args = append(args, FormatTime(q.From))
		where = append(where, fmt.Sprintf("at >= $%d", len(args)))
	}
	if !q.To.IsZero() {
		args = append(args, FormatTime(q.To))
		where = append(where, fmt.Sprintf("at < $%d", len(args)))
	}
	query := `SELECT seq, ` + strings.Join(accessCols, ", ") + ` FROM wijk_access WHERE ` + strings.Join(where, " AND ") + ` ORDER BY seq`
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.Q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the access log: %w", err)
	}
	defer rows.Close()
	var out []storage.AccessEntry
	for rows.Next() {
		var a storage.AccessEntry
		var at, role, client, entityID, action, outcome string
		if err := rows.Scan(&a.Seq, &at, &a.Person, &role, &client, &a.Entity, &entityID, &action, &a.Purpose, &a.Reason,
			&outcome, &a.Rule, &a.Application); err != nil {
			return nil, fmt.Errorf("reading the access log: %w", err)
		}
		if a.At, err = ParseTime(at); err != nil {
			return nil, fmt.Errorf("access entry %d: %w", a.Seq, err)
		}
		a.Role, a.Client, a.EntityID = storage.AccessRole(role), wijk.ID(client), wijk.ID(entityID)
		a.Action, a.Outcome = storage.AccessAction(action), storage.Outcome(outcome)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Links reads the stored entries of a chained log, as stored.
func (s *Store) Links(ctx context.Context, log storage.Log, after int64, limit int) ([]repo.Link, error) {
	spec, ok := logSpecs[log]
	if !ok {
		return nil, fmt.Errorf("no chained log %q", log)
	}
	query := `SELECT ` + spec.seq + `, ` + strings.Join(spec.fields, ", ") + `, hash FROM ` + spec.table +
		` WHERE ` + spec.seq + ` > $1 ORDER BY ` + spec.seq
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.Q.QueryContext(ctx, query, after)
	if err != nil {
		return nil, fmt.Errorf("reading the %s log: %w", log, err)
	}
	defer rows.Close()
	var out []repo.Link
	raw := make([][]byte, len(spec.fields))
	dest := make([]any, 0, len(spec.fields)+2)
	var l repo.Link
	dest = append(dest, &l.Seq)
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	var h []byte
	dest = append(dest, &h)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("reading the %s log: %w", log, err)
		}
		fields := make([]string, len(raw))
		for i, b := range raw {
			fields[i] = string(b)
		}
		out = append(out, repo.Link{Seq: l.Seq, Fields: fields, Hash: append([]byte(nil), h...)})
	}
	return out, rows.Err()
}

// Checkpoints reads a log's checkpoints, oldest first.
func (s *Store) Checkpoints(ctx context.Context, log storage.Log) ([]storage.Checkpoint, error) {
	rows, err := s.Q.QueryContext(ctx, `SELECT seq, hash, at, actor, removed, public_key, signature FROM wijk_checkpoints WHERE log = $1 ORDER BY seq`, string(log))
	if err != nil {
		return nil, fmt.Errorf("reading the checkpoints of the %s log: %w", log, err)
	}
	defer rows.Close()
	var out []storage.Checkpoint
	for rows.Next() {
		cp := storage.Checkpoint{Log: log}
		var at string
		var key []byte
		if err := rows.Scan(&cp.Seq, &cp.Hash, &at, &cp.Actor, &cp.Removed, &key, &cp.Signature); err != nil {
			return nil, fmt.Errorf("reading the checkpoints of the %s log: %w", log, err)
		}
		if cp.At, err = ParseTime(at); err != nil {
			cp.At = time.Time{} // a damaged time fails the signature check
		}
		cp.Key = ed25519.PublicKey(key)
		out = append(out, cp)
	}
	return out, rows.Err()
}

// Purge stores the checkpoint, then removes the entries it covers (the
// tables' guards let through only what a checkpoint covers).
func (s *Store) Purge(ctx context.Context, cp storage.Checkpoint) (int64, error) {
	spec, ok := logSpecs[cp.Log]
	if !ok || cp.Log == storage.LogDecisions {
		return 0, fmt.Errorf("the %s log is not purged", cp.Log)
	}
	var n int64
	err := s.InTx(ctx, func(e repo.Engine) error {
		tx := e.(*Store)
		if _, err := tx.Q.ExecContext(ctx, `INSERT INTO wijk_checkpoints (log, seq, hash, at, actor, removed, public_key, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			string(cp.Log), cp.Seq, cp.Hash, FormatTime(cp.At), cp.Actor, cp.Removed, []byte(cp.Key), cp.Signature); err != nil {
			return fmt.Errorf("storing the checkpoint of the %s log: %w", cp.Log, err)
		}
		res, err := tx.Q.ExecContext(ctx, `DELETE FROM `+spec.table+` WHERE `+spec.seq+` <= $1`, cp.Seq)
		if err != nil {
			return fmt.Errorf("purging the %s log: %w", cp.Log, err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
