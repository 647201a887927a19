package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/chain"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// Options configure a Store.
type Options struct {
	// Clock stamps the audit log; nil means real time.
	Clock wijk.Clock
}

// Store is wijk's storage in memory. It is safe for concurrent use. It
// implements [storage.Store]; the interface's documentation is the
// contract each method keeps.
type Store struct {
	// repos holds the repositories, which every backend shares; this
	// backend supplies the engine under them.
	repos *repo.Store
}

var _ storage.Store = (*Store)(nil)

// New returns an empty store.
func New(opts Options) *Store {
	db := &db{clock: opts.Clock, tables: map[string]map[string]*row{}, heads: map[storage.Log]head{},
		checkpoints: map[storage.Log][]storage.Checkpoint{}}
	return &Store{repos: repo.New(&engine{db: db})}
}

// Teams returns the repository of teams, kept in memory. See
// [storage.Teams] for the contract.
func (s *Store) Teams() storage.Teams { return s.repos.Teams() }

// Coaches returns the repository of coaches, kept in memory. See
// [storage.Coaches] for the contract.
func (s *Store) Coaches() storage.Coaches { return s.repos.Coaches() }

// Staff returns the repository of the organisation's staff, kept in
// memory. See [storage.Staff] for the contract.
func (s *Store) Staff() storage.Staff { return s.repos.Staff() }

// Hours returns the repository of the members' hours records, kept in
// memory. See [storage.Hours] for the contract.
func (s *Store) Hours() storage.Hours { return s.repos.Hours() }

// Clients returns the repository of clients, kept in memory. See
// [storage.Clients] for the contract.
func (s *Store) Clients() storage.Clients { return s.repos.Clients() }

// CarePlans returns the repository of care plans, kept in memory. See
// [storage.CarePlans] for the contract.
func (s *Store) CarePlans() storage.CarePlans { return s.repos.CarePlans() }

// Proposals returns the repository of proposals, kept in memory. See
// [storage.Proposals] for the contract.
func (s *Store) Proposals() storage.Proposals { return s.repos.Proposals() }

// Meetings returns the repository of meetings, kept in memory. See
// [storage.Meetings] for the contract.
func (s *Store) Meetings() storage.Meetings { return s.repos.Meetings() }

// DecisionLog returns the teams' decision logs, kept in memory. See
// [storage.DecisionLog] for the contract.
func (s *Store) DecisionLog() storage.DecisionLog { return s.repos.DecisionLog() }

// Rosters returns the repository of the teams' rosters, kept in memory.
// See [storage.Rosters] for the contract.
func (s *Store) Rosters() storage.Rosters { return s.repos.Rosters() }

// DayPlans returns the repository of the teams' visit plans, kept
// in memory. See [storage.DayPlans] for the contract.
func (s *Store) DayPlans() storage.DayPlans { return s.repos.DayPlans() }

// Audit returns the entries of the audit log that q selects, in the order
// they were written. See [storage.AuditLog] for the contract.
func (s *Store) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	return s.repos.Audit(ctx, q)
}

// Access returns the access log, kept in memory. See [storage.AccessLog]
// for the contract.
func (s *Store) Access() storage.AccessLog { return s.repos.Access() }

// Chains returns what verifies, anchors and purges the chained logs kept
// in memory. See [storage.Chains] for the contract.
func (s *Store) Chains() storage.Chains { return s.repos.Chains() }

// InTx runs fn in one transaction, as [storage.Store.InTx] describes. In
// memory a transaction holds the store's write lock from start to end, so
// transactions run one at a time and reads outside one wait for it; when
// fn fails or panics, its writes are undone.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx storage.Store) error) error {
	return s.repos.InTx(ctx, fn)
}

type row struct {
	version int64
	data    []byte
	cols    []any
	set     []string
}

type db struct {
	mu     sync.RWMutex
	clock  wijk.Clock
	tables map[string]map[string]*row
	// The chained logs: the audit and access entries with their hashes,
	// the links of the decision log, each log's head and checkpoints.
	audit       []chained[storage.AuditEntry]
	access      []chained[storage.AccessEntry]
	decisions   []repo.Link
	heads       map[storage.Log]head
	checkpoints map[storage.Log][]storage.Checkpoint
}

// chained is one entry of a chained log and its hash.
type chained[E any] struct {
	e    E
	seq  int64
	hash []byte
}

type head struct {
	seq  int64
	hash []byte
}

// link appends the next entry of log, whose fields (after its number) the
// chain covers, and returns its number and hash. The caller holds the
// write lock in a transaction; a rollback restores the head.
func (tx *engine) link(log storage.Log, fields []string) (int64, []byte) {
	h, ok := tx.db.heads[log]
	if !ok {
		h = head{0, chain.Genesis}
	}
	seq := h.seq + 1
	hash := chain.Next(h.hash, chain.Canon(string(log), seq, fields...))
	tx.db.heads[log] = head{seq, hash}
	tx.tx.undo = append(tx.tx.undo, func() {
		if ok {
			tx.db.heads[log] = h
		} else {
			delete(tx.db.heads, log)
		}
	})
	return seq, hash
}

// appendAudit appends an audit line; the caller holds the write lock in
// a transaction.
func (tx *engine) appendAudit(a storage.AuditEntry) {
	a.At = a.At.UTC().Truncate(time.Millisecond)
	seq, hash := tx.link(storage.LogAudit, repo.AuditFields(a, repo.FormatTime(a.At)))
	a.Seq = seq
	tx.db.audit = append(tx.db.audit, chained[storage.AuditEntry]{a, seq, hash})
	n := len(tx.db.audit) - 1
	tx.tx.undo = append(tx.tx.undo, func() { tx.db.audit = tx.db.audit[:n] })
}

// engine is the store outside a transaction (tx nil, every call locks)
// or inside one (tx set, the lock is held).
type engine struct {
	db *db
	tx *txState
}

type txState struct {
	undo []func()
}

var _ repo.Engine = (*engine)(nil)

func (e *engine) rlock() func() {
	if e.tx != nil {
		return func() {}
	}
	e.db.mu.RLock()
	return e.db.mu.RUnlock
}

func (e *engine) Now() time.Time { return wijk.Now(e.db.clock) }

func (e *engine) Get(ctx context.Context, t *repo.Table, key string) (repo.Doc, error) {
	if err := ctx.Err(); err != nil {
		return repo.Doc{}, err
	}
	defer e.rlock()()
	r, ok := e.db.tables[t.Name][key]
	if !ok {
		return repo.Doc{}, wijk.NotFoundf("%s %s not found", t.Entity, key)
	}
	return repo.Doc{Key: key, Version: r.version, Data: r.data}, nil
}

func (e *engine) GetVia(ctx context.Context, t *repo.Table, key string, hops []repo.Hop) (repo.Doc, []string, int64, error) {
	if err := ctx.Err(); err != nil {
		return repo.Doc{}, nil, 0, err
	}
	defer e.rlock()()
	r, ok := e.db.tables[t.Name][key]
	if !ok {
		return repo.Doc{}, nil, 0, wijk.NotFoundf("%s %s not found", t.Entity, key)
	}
	keys := make([]string, len(hops))
	var version int64
	from, at := t, r
	for i, h := range hops {
		c, err := colIndex(from, h.Col)
		if err != nil {
			return repo.Doc{}, nil, 0, err
		}
		next, _ := colValue("", at, c).(string)
		to, ok := e.db.tables[h.To.Name][next]
		if !ok {
			break
		}
		keys[i], version, from, at = next, to.version, h.To, to
	}
	if len(hops) == 0 || keys[len(hops)-1] == "" {
		version = 0
	}
	return repo.Doc{Key: key, Version: r.version, Data: r.data}, keys, version, nil
}

func colIndex(t *repo.Table, col string) (int, error) {
	if col == "id" {
		return -1, nil
	}
	i := slices.Index(t.Columns, col)
	if i < 0 {
		return 0, fmt.Errorf("%s has no column %q", t.Name, col)
	}
	return i, nil
}

func colValue(key string, r *row, i int) any {
	if i < 0 {
		return key
	}
	return r.cols[i]
}

func compare(a, b any) (int, error) {
	switch a := a.(type) {
	case string:
		if b, ok := b.(string); ok {
			return cmp.Compare(a, b), nil
		}
	case int64:
		if b, ok := b.(int64); ok {
			return cmp.Compare(a, b), nil
		}
	}
	return 0, fmt.Errorf("cannot compare %T with %T", a, b)
}

func (e *engine) Column(ctx context.Context, t *repo.Table, key, col string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	i, err := colIndex(t, col)
	if err != nil {
		return "", err
	}
	defer e.rlock()()
	r, ok := e.db.tables[t.Name][key]
	if !ok {
		return "", wijk.NotFoundf("%s %s not found", t.Entity, key)
	}
	s, ok := colValue(key, r, i).(string)
	if !ok {
		return "", fmt.Errorf("%s.%s is not a text column", t.Name, col)
	}
	return s, nil
}

func (e *engine) Find(ctx context.Context, t *repo.Table, q repo.Query) ([]repo.Doc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type filter struct {
		i int
		f repo.Filter
	}
	fs := make([]filter, len(q.Filters))
	for k, f := range q.Filters {
		if f.Op == repo.Has {
			if t.Set == "" || f.Col != t.Set {
				return nil, fmt.Errorf("%s keeps no set %q", t.Name, f.Col)
			}
			if _, ok := f.Val.(string); !ok {
				return nil, fmt.Errorf("%s.%s: Has needs a string, got %T", t.Name, f.Col, f.Val)
			}
			fs[k] = filter{0, f}
			continue
		}
		i, err := colIndex(t, f.Col)
		if err != nil {
			return nil, err
		}
		fs[k] = filter{i, f}
	}
	order := make([]int, len(q.Order))
	for k, c := range q.Order {
		i, err := colIndex(t, c)
		if err != nil {
			return nil, err
		}
		order[k] = i
	}
	defer e.rlock()()
	type hit struct {
		key string
		r   *row
	}
	var hits []hit
	for key, r := range e.db.tables[t.Name] {
		keep := true
		for _, f := range fs {
			if f.f.Op == repo.Has {
				if !slices.Contains(r.set, f.f.Val.(string)) {
					keep = false
					break
				}
				continue
			}
			ok, err := match(colValue(key, r, f.i), f.f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", t.Name, err)
			}
			if !ok {
				keep = false
				break
			}
		}
		if keep {
			hits = append(hits, hit{key, r})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		for _, i := range order {
			if c, _ := compare(colValue(a.key, a.r, i), colValue(b.key, b.r, i)); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.key, b.key)
	})
	if q.Limit > 0 && len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	out := make([]repo.Doc, len(hits))
	for k, h := range hits {
		out[k] = repo.Doc{Key: h.key, Version: h.r.version, Data: h.r.data}
	}
	return out, nil
}

func match(v any, f repo.Filter) (bool, error) {
	if f.Op == repo.In {
		set, ok := f.Val.([]string)
		if !ok {
			return false, fmt.Errorf("column %s: IN needs []string, got %T", f.Col, f.Val)
		}
		s, ok := v.(string)
		return ok && slices.Contains(set, s), nil
	}
	c, err := compare(v, f.Val)
	if err != nil {
		return false, fmt.Errorf("column %s: %w", f.Col, err)
	}
	switch f.Op {
	case repo.Eq:
		return c == 0, nil
	case repo.Lt:
		return c < 0, nil
	case repo.Le:
		return c <= 0, nil
	case repo.Gt:
		return c > 0, nil
	case repo.Ge:
		return c >= 0, nil
	}
	return false, fmt.Errorf("column %s: unknown comparison %d", f.Col, f.Op)
}

// write runs fn under the write lock: within the transaction, or in a
// transaction of its own.
func (e *engine) write(ctx context.Context, fn func(tx *engine) error) error {
	if e.tx != nil {
		return fn(e)
	}
	return e.InTx(ctx, func(tx repo.Engine) error { return fn(tx.(*engine)) })
}

func (e *engine) Write(ctx context.Context, w repo.WriteOp) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	t := w.Table
	if len(w.Cols) != len(t.Columns) {
		return 0, fmt.Errorf("%s: %d index values for %d columns", t.Entity, len(w.Cols), len(t.Columns))
	}
	for i, c := range w.Cols {
		switch c.(type) {
		case string, int64:
		default:
			return 0, fmt.Errorf("%s.%s: index values are strings or int64s, got %T", t.Name, t.Columns[i], c)
		}
	}
	var v int64
	err := e.write(ctx, func(tx *engine) error {
		if r := w.Requires; r != nil {
			req, ok := tx.db.tables[r.Table.Name][r.Key]
			if !ok {
				return wijk.NotFoundf("%s %s not found", r.Table.Entity, r.Key)
			}
			if r.Version != 0 && req.version != r.Version {
				return wijk.Conflictf("%s %s changed while this write was prepared (version %d, now %d); try again", r.Table.Entity, r.Key, r.Version, req.version)
			}
		}
		tab := tx.db.tables[t.Name]
		if tab == nil {
			tab = map[string]*row{}
			tx.db.tables[t.Name] = tab
		}
		old, exists := tab[w.Key]
		switch {
		case w.Expected == 0 && exists:
			return wijk.Conflictf("%s %s already exists", t.Entity, w.Key)
		case w.Expected != 0 && !exists:
			return wijk.NotFoundf("%s %s not found", t.Entity, w.Key)
		case w.Expected != 0 && old.version != w.Expected:
			return wijk.Conflictf("%s %s was changed by someone else: stored version %d, this write was based on version %d", t.Entity, w.Key, old.version, w.Expected)
		}
		v = w.Expected + 1
		tab[w.Key] = &row{version: v, data: w.Data, cols: slices.Clone(w.Cols), set: slices.Clone(w.Set)}
		tx.tx.undo = append(tx.tx.undo, func() {
			if exists {
				tab[w.Key] = old
			} else {
				delete(tab, w.Key)
			}
		})
		tx.appendAudit(w.Audit)
		if t.Chained != "" && w.Expected == 0 {
			seq, hash := tx.link(t.Chained, repo.RecordFields(w.Key, w.Data))
			tx.db.decisions = append(tx.db.decisions, repo.Link{Seq: seq, Fields: repo.RecordFields(w.Key, w.Data), Hash: hash})
			n := len(tx.db.decisions) - 1
			tx.tx.undo = append(tx.tx.undo, func() { tx.db.decisions = tx.db.decisions[:n] })
		}
		return nil
	})
	return v, err
}

// Lock does nothing: writing transactions run one at a time.
func (e *engine) Lock(ctx context.Context, t *repo.Table, key string) error { return ctx.Err() }

func (e *engine) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer e.rlock()()
	var out []storage.AuditEntry
	for _, c := range e.db.audit {
		a := c.e
		if a.Seq <= q.After || (q.EntityID != "" && a.EntityID != q.EntityID) || (q.Entity != "" && a.Entity != q.Entity) ||
			(q.Client != "" && a.Client != q.Client) {
			continue
		}
		out = append(out, a)
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

func (e *engine) InTx(ctx context.Context, fn func(repo.Engine) error) (err error) {
	if e.tx != nil {
		return fn(e)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	e.db.mu.Lock()
	defer e.db.mu.Unlock()
	tx := &engine{db: e.db, tx: &txState{}}
	done := false
	defer func() {
		if !done {
			for i := len(tx.tx.undo) - 1; i >= 0; i-- {
				tx.tx.undo[i]()
			}
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	done = true
	return nil
}

func (e *engine) AppendAudit(ctx context.Context, a storage.AuditEntry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return e.write(ctx, func(tx *engine) error {
		tx.appendAudit(a)
		return nil
	})
}

func (e *engine) AppendAccess(ctx context.Context, es []storage.AccessEntry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return e.write(ctx, func(tx *engine) error {
		n := len(tx.db.access)
		for _, a := range es {
			a.At = a.At.UTC().Truncate(time.Millisecond)
			seq, hash := tx.link(storage.LogAccess, repo.AccessFields(a, repo.FormatTime(a.At)))
			a.Seq = seq
			tx.db.access = append(tx.db.access, chained[storage.AccessEntry]{a, seq, hash})
		}
		tx.tx.undo = append(tx.tx.undo, func() { tx.db.access = tx.db.access[:n] })
		return nil
	})
}

func (e *engine) ListAccess(ctx context.Context, q storage.AccessQuery) ([]storage.AccessEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer e.rlock()()
	var out []storage.AccessEntry
	for _, c := range e.db.access {
		a := c.e
		if a.Seq <= q.After || (q.Client != "" && a.Client != q.Client) || (q.Person != "" && a.Person != q.Person) ||
			(!q.From.IsZero() && a.At.Before(q.From)) || (!q.To.IsZero() && !a.At.Before(q.To)) ||
			(q.Action != "" && a.Action != q.Action) || (q.Outcome != "" && a.Outcome != q.Outcome) {
			continue
		}
		out = append(out, a)
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

func (e *engine) Links(ctx context.Context, log storage.Log, after int64, limit int) ([]repo.Link, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer e.rlock()()
	var out []repo.Link
	add := func(l repo.Link) bool {
		if l.Seq > after {
			out = append(out, l)
		}
		return limit > 0 && len(out) == limit
	}
	switch log {
	case storage.LogAudit:
		for _, c := range e.db.audit {
			if add(repo.Link{Seq: c.seq, Fields: repo.AuditFields(c.e, repo.FormatTime(c.e.At)), Hash: c.hash}) {
				break
			}
		}
	case storage.LogAccess:
		for _, c := range e.db.access {
			if add(repo.Link{Seq: c.seq, Fields: repo.AccessFields(c.e, repo.FormatTime(c.e.At)), Hash: c.hash}) {
				break
			}
		}
	case storage.LogDecisions:
		for _, l := range e.db.decisions {
			if add(l) {
				break
			}
		}
	}
	return out, nil
}

func (e *engine) ChainHead(ctx context.Context, log storage.Log) (int64, []byte, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	defer e.rlock()()
	h, ok := e.db.heads[log]
	if !ok {
		return 0, chain.Genesis, nil
	}
	return h.seq, h.hash, nil
}

func (e *engine) Checkpoints(ctx context.Context, log storage.Log) ([]storage.Checkpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer e.rlock()()
	return slices.Clone(e.db.checkpoints[log]), nil
}

func (e *engine) Purge(ctx context.Context, cp storage.Checkpoint) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int64
	err := e.write(ctx, func(tx *engine) error {
		old := tx.db.checkpoints[cp.Log]
		tx.db.checkpoints[cp.Log] = append(slices.Clone(old), cp)
		switch cp.Log {
		case storage.LogAudit:
			n = dropThrough(tx, &tx.db.audit, cp.Seq)
		case storage.LogAccess:
			n = dropThrough(tx, &tx.db.access, cp.Seq)
		default:
			return fmt.Errorf("the %s log is not purged", cp.Log)
		}
		tx.tx.undo = append(tx.tx.undo, func() { tx.db.checkpoints[cp.Log] = old })
		return nil
	})
	return n, err
}

// dropThrough removes the entries of *log numbered up to seq, undoably,
// and returns how many it removed.
func dropThrough[E any](tx *engine, log *[]chained[E], seq int64) int64 {
	all := *log
	i := 0
	for i < len(all) && all[i].seq <= seq {
		i++
	}
	*log = all[i:]
	tx.tx.undo = append(tx.tx.undo, func() { *log = all })
	return int64(i)
}
