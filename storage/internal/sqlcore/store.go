package sqlcore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/chain"
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
	Q     Querier
	tx    *sql.Tx
	stmts *stmtCache // nil unless the dialect caches statements
	// accessHead and auditHead are the access and audit logs' heads as
	// this process last left them, for appends in one statement (see
	// appendAccessOne and Write).
	accessHead, auditHead *headCache
}

// headCache remembers a log's head between appends.
type headCache struct {
	mu    sync.Mutex
	known bool
	seq   int64
	hash  []byte
}

var _ repo.Engine = (*Store)(nil)

// New returns the root Store over db.
func New(db *sql.DB, d *Dialect, clock wijk.Clock, ms []Migration) *Store {
	s := &Store{DB: db, D: d, Clock: clock, M: ms, Q: db, accessHead: &headCache{}, auditHead: &headCache{}}
	if d.CacheStatements {
		s.stmts = newStmtCache(db)
		s.Q = cachedQuerier{c: s.stmts, q: db}
	}
	return s
}

// Close closes the cached statements and then the database.
func (s *Store) Close() error {
	if s.stmts != nil {
		s.stmts.close()
	}
	return s.DB.Close()
}

// InTx runs fn with an Engine bound to one transaction: all of fn's writes
// commit together, or none does (an error or panic in fn rolls back).
// Inside a transaction, InTx runs fn in the same transaction.
func (s *Store) InTx(ctx context.Context, fn func(e repo.Engine) error) error {
	if s.tx != nil {
		return fn(s)
	}
	err := InTx(ctx, s.DB, func(tx *sql.Tx) error {
		in := &Store{DB: s.DB, D: s.D, Clock: s.Clock, M: s.M, Q: tx, tx: tx, stmts: s.stmts, accessHead: s.accessHead, auditHead: s.auditHead}
		if s.stmts != nil {
			in.Q = cachedQuerier{c: s.stmts, tx: tx, q: tx}
		}
		return fn(in)
	})
	if s.stmts != nil {
		s.stmts.preparePending(ctx)
	}
	return err
}

// Now stamps the audit log.
func (s *Store) Now() time.Time { return wijk.Now(s.Clock) }

// Migrate brings the schema up to date.
func (s *Store) Migrate(ctx context.Context) error {
	return Migrate(ctx, s.DB, s.M, s.D, FormatTime(wijk.Now(s.Clock)))
}

// Check refuses a database newer than the code or with a damaged record of
// its migrations (see CheckSchema). It only reads.
func (s *Store) Check(ctx context.Context) error { return CheckSchema(ctx, s.DB, s.M, s.D) }

// SchemaVersion returns the applied schema version. It only reads.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) { return SchemaVersion(ctx, s.DB, s.D) }

// Get reads one record.
func (s *Store) Get(ctx context.Context, t *repo.Table, key string) (repo.Doc, error) {
	d, err := Get(ctx, s.Q, (*Table)(t), key)
	if err != nil {
		return repo.Doc{}, err
	}
	return repo.Doc{Key: d.ID, Version: d.Version, Data: d.Data}, nil
}

// GetVia reads one record and follows hops from it, in one statement.
func (s *Store) GetVia(ctx context.Context, t *repo.Table, key string, hops []repo.Hop) (repo.Doc, []string, int64, error) {
	if len(hops) == 0 {
		d, err := s.Get(ctx, t, key)
		return d, nil, 0, err
	}
	query, err := viaQuery(t, hops)
	if err != nil {
		return repo.Doc{}, nil, 0, err
	}
	keys := make([]string, len(hops))
	var last int64
	d := repo.Doc{Key: key}
	dest := make([]any, 0, len(hops)+3)
	dest = append(dest, &d.Version, &d.Data)
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	dest = append(dest, &last)
	err = s.Q.QueryRowContext(ctx, query, key).Scan(dest...)
	if err == sql.ErrNoRows {
		return repo.Doc{}, nil, 0, wijk.NotFoundf("%s %s not found", t.Entity, key)
	}
	if err != nil {
		return repo.Doc{}, nil, 0, fmt.Errorf("reading %s %s: %w", t.Entity, key, err)
	}
	for i := range keys {
		if keys[i] == "" { // a hop found nothing: neither does any after it
			clear(keys[i:])
			last = 0
			break
		}
	}
	return d, keys, last, nil
}

// viaKey names one GetVia statement: the table and the hops, which the
// repositories keep in package variables.
type viaKey struct {
	t     *repo.Table
	first *repo.Hop
	n     int
}

// viaQueries caches the text of each GetVia statement.
var viaQueries sync.Map // viaKey → string

// viaQuery returns the statement that reads a record of t and follows
// hops from it with left joins; a hop that finds nothing gives an empty
// key and a version of 0.
func viaQuery(t *repo.Table, hops []repo.Hop) (string, error) {
	k := viaKey{t, &hops[0], len(hops)}
	if q, ok := viaQueries.Load(k); ok {
		return q.(string), nil
	}
	cols := []string{"t0.version", "t0.data"}
	from := "FROM " + t.Name + " t0"
	prev := t
	for i, h := range hops {
		if err := checkCol(prev, h.Col); err != nil {
			return "", err
		}
		from += fmt.Sprintf(" LEFT JOIN %s t%d ON t%d.id = t%d.%s", h.To.Name, i+1, i+1, i, h.Col)
		cols = append(cols, fmt.Sprintf("COALESCE(t%d.id, '')", i+1))
		prev = h.To
	}
	cols = append(cols, fmt.Sprintf("COALESCE(t%d.version, 0)", len(hops)))
	q := "SELECT " + strings.Join(cols, ", ") + " " + from + " WHERE t0.id = $1"
	viaQueries.Store(k, q)
	return q, nil
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
		if f.Op == repo.Has {
			v, ok := f.Val.(string)
			if t.Set == "" || f.Col != t.Set || !ok {
				return nil, fmt.Errorf("%s: Has needs the table's set and a string, got %q and %T", t.Name, f.Col, f.Val)
			}
			args = append(args, v)
			where = append(where, fmt.Sprintf("id IN (SELECT id FROM %s WHERE value = $%d)", t.SetTable(), len(args)))
			continue
		}
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

// Write stores a record and its audit line atomically. The audit log's
// head is taken first (see lockHead): the line's number and hash are drawn
// under it, and nothing else appends until the transaction ends. A record
// of a chained table (the decision log) is numbered and hashed in its own
// log as well.
func (s *Store) Write(ctx context.Context, w repo.WriteOp) (int64, error) {
	if len(w.Cols) != len(w.Table.Columns) {
		return 0, fmt.Errorf("%s: %d index values for %d columns", w.Table.Entity, len(w.Cols), len(w.Table.Columns))
	}
	fast := s.tx == nil && s.D.OneStatementWrite && w.Table.Set == "" && w.Table.Chained == ""
	if fast {
		// Outside a transaction, on a server: one statement of its own,
		// after the head this process last left. It moves the head only
		// if it is still there; if another writer moved it, the statement
		// fails as a whole and the write takes the head's lock below.
		c := s.auditHead
		c.mu.Lock()
		if c.known {
			v, h, err := s.writeOne(ctx, w, c.seq+1, c.hash, true)
			if err == nil {
				c.seq, c.hash = c.seq+1, h
				c.mu.Unlock()
				return v, nil
			}
			if !errors.Is(err, errStaleHead) {
				c.mu.Unlock()
				return 0, err
			}
			c.known = false
		}
		c.mu.Unlock()
	}
	var v int64
	var head headCache
	err := s.InTx(ctx, func(e repo.Engine) error {
		tx := e.(*Store)
		aseq, aprev, err := tx.lockHead(ctx, storage.LogAudit)
		if err != nil {
			return err
		}
		aseq++
		var cseq int64
		var chash []byte
		if log := w.Table.Chained; log != "" && w.Expected == 0 {
			var cprev []byte
			if cseq, cprev, err = tx.lockHead(ctx, log); err != nil {
				return err
			}
			cseq++
			chash = chain.Next(cprev, chain.Canon(string(log), cseq, repo.RecordFields(w.Key, w.Data)...))
			t := *w.Table
			t.Columns = append(slices.Clone(t.Columns), "chain_seq", "hash")
			w.Table, w.Cols = &t, append(slices.Clone(w.Cols), cseq, chash)
		}
		if s.D.OneStatementWrite && w.Table.Set == "" {
			if v, head.hash, err = tx.writeOne(ctx, w, aseq, aprev, false); err != nil {
				return err
			}
		} else {
			v, err = Put(ctx, tx.Q, s.D, (*Table)(w.Table), w.Key, w.Expected, w.Data, w.Requires, w.Cols...)
			if err != nil {
				return err
			}
			if w.Table.Set != "" {
				if err := replaceSet(ctx, tx.Q, w.Table, w.Key, w.Set); err != nil {
					return err
				}
			}
			if head.hash, err = tx.appendAudit(ctx, w.Audit, aseq, aprev); err != nil {
				return err
			}
		}
		head.seq = aseq
		if chash != nil {
			return tx.setHead(ctx, w.Table.Chained, cseq, chash)
		}
		return nil
	})
	if err == nil && fast {
		c := s.auditHead
		c.mu.Lock()
		c.known, c.seq, c.hash = true, head.seq, head.hash
		c.mu.Unlock()
	}
	return v, err
}

// errStaleHead is writeOne's answer when the head it was given is no
// longer the log's: nothing was written.
var errStaleHead = errors.New("the audit log's head has moved")

// replaceSet makes the record's set hold exactly values.
func replaceSet(ctx context.Context, q Querier, t *repo.Table, key string, values []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM `+t.SetTable()+` WHERE id = $1`, key); err != nil {
		return fmt.Errorf("writing %s %s: %w", t.Entity, key, err)
	}
	args := []any{key}
	var rows []string
	for _, v := range values {
		if slices.Contains(args[1:], any(v)) {
			continue
		}
		args = append(args, v)
		rows = append(rows, fmt.Sprintf("($1, $%d)", len(args)))
	}
	if len(rows) == 0 {
		return nil
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO `+t.SetTable()+` (id, value) VALUES `+strings.Join(rows, ", "), args...); err != nil {
		return fmt.Errorf("writing %s %s: %w", t.Entity, key, err)
	}
	return nil
}

// writeOne makes a write, its requirement check, its audit line (numbered
// aseq after the hash aprev) and the move of the audit log's head one
// statement (data-modifying common table expressions): one round trip to
// the server. The caller holds the audit log's head. It returns the new
// version and the audit line's hash.
//
// With guard set, the caller does not hold the head: the head moves only
// if it is still at aseq-1 with hash aprev, and a write that happened
// while it did not is undone with the whole statement (errStaleHead).
func (s *Store) writeOne(ctx context.Context, w repo.WriteOp, aseq int64, aprev []byte, guard bool) (int64, []byte, error) {
	t := w.Table
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		cast := "text"
		switch v.(type) {
		case int64:
			cast = "bigint"
		case []byte:
			cast = "bytea"
		}
		return fmt.Sprintf("$%d::%s", len(args), cast)
	}
	key := arg(w.Key)
	// req holds the required record's version, locked against updates
	// until the transaction ends; ok says whether the write may go ahead.
	req, ok := `SELECT 0::bigint AS version`, `EXISTS (SELECT 1 FROM req)`
	if r := w.Requires; r != nil {
		req = `SELECT version FROM ` + r.Table.Name + ` WHERE id = ` + arg(r.Key) + ` FOR SHARE`
		if r.Version != 0 {
			ok = `EXISTS (SELECT 1 FROM req WHERE version = ` + arg(r.Version) + `)`
		}
	}
	a := w.Audit
	at, ahash := chainAudit(a, aseq, aprev)
	headGuard, stale := "", ""
	if guard {
		headGuard = ` AND seq = ` + arg(aseq-1) + ` AND hash = ` + arg(aprev)
		// A division by zero undoes the statement: the record was written
		// but the head had moved, so its audit line cannot be chained here.
		stale = `, (SELECT 1 / (CASE WHEN EXISTS (SELECT 1 FROM w) AND NOT EXISTS (SELECT 1 FROM h) THEN 0 ELSE 1 END))`
	}
	audit := `INSERT INTO wijk_audit (seq, at, actor, entity, entity_id, client_id, action, summary, hash) SELECT ` +
		strings.Join([]string{arg(aseq), arg(at), arg(a.Actor), arg(a.Entity), arg(string(a.EntityID)), arg(string(a.Client)),
			arg(string(a.Action)), arg(a.Summary), arg(ahash)}, ", ") + ` FROM w),
h AS (UPDATE wijk_chain_heads SET seq = ` + arg(aseq) + `, hash = ` + arg(ahash) + ` WHERE log = 'audit' AND EXISTS (SELECT 1 FROM w)` + headGuard + ` RETURNING 1`
	var q string
	if w.Expected == 0 {
		vals := []string{key, "1", arg(w.Data)}
		for _, c := range w.Cols {
			vals = append(vals, arg(c))
		}
		names := append([]string{"id", "version", "data"}, t.Columns...)
		q = `WITH req AS (` + req + `),
w AS (INSERT INTO ` + t.Name + ` (` + strings.Join(names, ", ") + `) SELECT ` + strings.Join(vals, ", ") + `
	WHERE ` + ok + ` ON CONFLICT (id) DO NOTHING RETURNING version),
a AS (` + audit + `)
SELECT (SELECT version FROM req), (SELECT version FROM w), NULL::bigint` + stale
	} else {
		set := []string{"version = version + 1", "data = " + arg(w.Data)}
		for i, c := range w.Cols {
			set = append(set, t.Columns[i]+" = "+arg(c))
		}
		q = `WITH req AS (` + req + `),
w AS (UPDATE ` + t.Name + ` SET ` + strings.Join(set, ", ") + `
	WHERE id = ` + key + ` AND version = ` + arg(w.Expected) + ` AND ` + ok + ` RETURNING version),
a AS (` + audit + `)
SELECT (SELECT version FROM req), (SELECT version FROM w), (SELECT version FROM ` + t.Name + ` WHERE id = ` + key + `)` + stale
	}
	var rv, v, cur sql.NullInt64
	dest := []any{&rv, &v, &cur}
	if guard {
		var one sql.NullInt64
		dest = append(dest, &one)
	}
	if err := s.Q.QueryRowContext(ctx, q, args...).Scan(dest...); err != nil {
		if guard && s.D.IsDivisionByZero != nil && s.D.IsDivisionByZero(err) {
			return 0, nil, errStaleHead
		}
		if s.D.IsUniqueViolation(err) {
			return 0, nil, wijk.Conflictf("%s %s already exists", t.Entity, w.Key)
		}
		return 0, nil, fmt.Errorf("writing %s %s: %w", t.Entity, w.Key, err)
	}
	switch {
	case !rv.Valid:
		return 0, nil, wijk.NotFoundf("%s %s not found", w.Requires.Table.Entity, w.Requires.Key)
	case w.Requires != nil && w.Requires.Version != 0 && rv.Int64 != w.Requires.Version:
		return 0, nil, requiredChanged(w.Requires, rv.Int64)
	case v.Valid:
		return v.Int64, ahash, nil
	case w.Expected == 0:
		return 0, nil, wijk.Conflictf("%s %s already exists", t.Entity, w.Key)
	case !cur.Valid:
		return 0, nil, wijk.NotFoundf("%s %s not found", t.Entity, w.Key)
	case cur.Int64 == w.Expected:
		return 0, nil, wijk.Conflictf("%s %s was changed by someone else at the same moment as this write, which was based on version %d", t.Entity, w.Key, w.Expected)
	}
	return 0, nil, wijk.Conflictf("%s %s was changed by someone else: stored version %d, this write was based on version %d", t.Entity, w.Key, cur.Int64, w.Expected)
}

func requiredChanged(r *repo.Ref, now int64) error {
	return wijk.Conflictf("%s %s changed while this write was prepared (version %d, now %d); try again", r.Table.Entity, r.Key, r.Version, now)
}

// Lock takes the record's row lock until the transaction ends, where the
// dialect has row locks (PostgreSQL: SELECT … FOR UPDATE); SQLite runs one
// writing transaction at a time and needs none. The audit log's head is
// taken first, as every write takes it before its rows: two transactions
// then never hold a row and the head each in the other's way.
func (s *Store) Lock(ctx context.Context, t *repo.Table, key string) error {
	if !s.D.RowLocks {
		return nil
	}
	if s.tx != nil {
		if _, _, err := s.lockHead(ctx, storage.LogAudit); err != nil {
			return err
		}
	}
	rows, err := s.Q.QueryContext(ctx, `SELECT 1 FROM `+t.Name+` WHERE id = $1 FOR UPDATE`, key)
	if err != nil {
		return fmt.Errorf("locking %s %s: %w", t.Entity, key, err)
	}
	return rows.Close()
}

// Audit reads the audit log.
func (s *Store) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	rows, err := ListAudit(ctx, s.Q, q)
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
			Entity: r.Entity, EntityID: wijk.ID(r.EntityID), Client: wijk.ID(r.Client), Action: storage.Action(r.Action),
		})
	}
	return out, nil
}
