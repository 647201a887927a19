package sqlcore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

var _ repo.Dumper = (*Store)(nil)

// Snapshot runs fn in a read-only transaction that sees the database as
// of one moment: REPEATABLE READ on PostgreSQL; on SQLite a read
// transaction, which under write-ahead logging keeps its snapshot while
// others commit. Inside a transaction, fn runs in it.
func (s *Store) Snapshot(ctx context.Context, fn func(d repo.Dumper) error) error {
	if s.tx != nil {
		return fn(s)
	}
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("beginning a read-only transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	in := &Store{DB: s.DB, D: s.D, Clock: s.Clock, M: s.M, Q: tx, tx: tx, accessHead: &headCache{}, auditHead: &headCache{}}
	if err := fn(in); err != nil {
		return err
	}
	return tx.Commit()
}

// byKey is the ORDER BY that sorts keys byte-wise, whatever the
// database's collation.
func (s *Store) byKey() string {
	if s.D.Name == "postgres" {
		return `id COLLATE "C"`
	}
	return "id"
}

// Rows calls fn with every row of t, in byte order of the keys.
func (s *Store) Rows(ctx context.Context, t *repo.Table, fn func(repo.Row) error) error {
	var sets map[string][]string
	if t.Set != "" {
		// Read whole first: a connection runs one query at a time.
		var err error
		if sets, err = s.readSets(ctx, t); err != nil {
			return err
		}
	}
	names := append([]string{"id", "version", "data"}, t.Columns...)
	if t.Chained != "" {
		names = append(names, "chain_seq", "hash")
	}
	rows, err := s.Q.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+t.Name+` ORDER BY `+s.byKey())
	if err != nil {
		return fmt.Errorf("reading %s: %w", t.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r repo.Row
		cols := make([]any, len(t.Columns))
		var seq sql.NullInt64
		var hash []byte
		dest := []any{&r.Key, &r.Version, &r.Data}
		for i := range cols {
			dest = append(dest, &cols[i])
		}
		if t.Chained != "" {
			dest = append(dest, &seq, &hash)
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("reading %s: %w", t.Name, err)
		}
		for i, c := range cols {
			switch c := c.(type) {
			case []byte:
				cols[i] = string(c)
			case string, int64:
			default:
				return fmt.Errorf("reading %s %s: column %s holds a %T, not text or a whole number", t.Name, r.Key, t.Columns[i], c)
			}
		}
		r.Cols = cols
		if len(r.Cols) == 0 {
			r.Cols = nil
		}
		r.Set = sets[r.Key]
		r.ChainSeq, r.Hash = seq.Int64, hash
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readSets reads the set of every record of t.
func (s *Store) readSets(ctx context.Context, t *repo.Table) (map[string][]string, error) {
	rows, err := s.Q.QueryContext(ctx, `SELECT id, value FROM `+t.SetTable())
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", t.SetTable(), err)
	}
	defer rows.Close()
	sets := map[string][]string{}
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("reading %s: %w", t.SetTable(), err)
		}
		sets[id] = append(sets[id], v)
	}
	for _, vs := range sets {
		slices.Sort(vs)
	}
	return sets, rows.Err()
}

// insertRows inserts rows of values into table's columns, in statements
// of at most 200 rows.
func (s *Store) insertRows(ctx context.Context, table string, names []string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), 200)
		var phs []string
		var args []any
		for _, r := range rows[:n] {
			phs = append(phs, "("+placeholders(len(args)+1, len(r))+")")
			args = append(args, r...)
		}
		if _, err := s.Q.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(names, ", ")+`) VALUES `+strings.Join(phs, ", "), args...); err != nil {
			return fmt.Errorf("writing %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// LoadRows stores rows in t as given.
func (s *Store) LoadRows(ctx context.Context, t *repo.Table, rows []repo.Row) error {
	names := append([]string{"id", "version", "data"}, t.Columns...)
	if t.Chained != "" {
		names = append(names, "chain_seq", "hash")
	}
	vals := make([][]any, len(rows))
	var set [][]any
	for i, r := range rows {
		if len(r.Cols) != len(t.Columns) {
			return fmt.Errorf("%s %s: %d index values for %d columns", t.Name, r.Key, len(r.Cols), len(t.Columns))
		}
		v := append([]any{r.Key, r.Version, r.Data}, r.Cols...)
		if t.Chained != "" {
			v = append(v, r.ChainSeq, r.Hash)
		}
		vals[i] = v
		if len(r.Set) > 0 && t.Set == "" {
			return fmt.Errorf("%s %s: the table keeps no set", t.Name, r.Key)
		}
		for _, m := range r.Set {
			set = append(set, []any{r.Key, m})
		}
	}
	if err := s.insertRows(ctx, t.Name, names, vals); err != nil {
		return err
	}
	if len(set) == 0 {
		return nil
	}
	return s.insertRows(ctx, t.SetTable(), []string{"id", "value"}, set)
}

// LoadLinks stores entries of the audit or access log as given.
func (s *Store) LoadLinks(ctx context.Context, log storage.Log, links []repo.Link) error {
	spec, ok := logSpecs[log]
	if !ok || log == storage.LogDecisions {
		return fmt.Errorf("the %s log's entries are not loaded on their own", log)
	}
	vals := make([][]any, len(links))
	for i, l := range links {
		if len(l.Fields) != len(spec.fields) {
			return fmt.Errorf("the %s log's entry %d has %d fields, not %d", log, l.Seq, len(l.Fields), len(spec.fields))
		}
		v := make([]any, 0, len(l.Fields)+2)
		v = append(v, l.Seq)
		for _, f := range l.Fields {
			v = append(v, f)
		}
		vals[i] = append(v, l.Hash)
	}
	return s.insertRows(ctx, spec.table, append(append([]string{spec.seq}, spec.fields...), "hash"), vals)
}

// LoadHead sets a log's head and stores its checkpoints as given.
func (s *Store) LoadHead(ctx context.Context, log storage.Log, seq int64, hash []byte, cps []storage.Checkpoint) error {
	res, err := s.Q.ExecContext(ctx, `UPDATE wijk_chain_heads SET seq = $1, hash = $2 WHERE log = $3`, seq, hash, string(log))
	if err != nil {
		return fmt.Errorf("setting the head of the %s log: %w", log, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("setting the head of the %s log: the database has no head for it (is it migrated?)", log)
	}
	vals := make([][]any, len(cps))
	for i, cp := range cps {
		vals[i] = []any{string(log), cp.Seq, cp.Hash, FormatTime(cp.At), cp.Actor, cp.Removed, []byte(cp.Key), cp.Signature}
	}
	return s.insertRows(ctx, "wijk_checkpoints", []string{"log", "seq", "hash", "at", "actor", "removed", "public_key", "signature"}, vals)
}
