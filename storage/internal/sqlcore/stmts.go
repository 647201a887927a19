package sqlcore

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statement cache. wijk's statements come from a
// fixed set of tables and queries, far fewer than this; a query beyond the
// bound simply runs unprepared.
const maxCachedStmts = 256

// stmtCache prepares each distinct statement once per database and reuses
// it. In an embedded database, preparing a statement is a large share of
// a small write; a server driver (pgx) keeps its own cache instead.
//
// Preparing takes a connection from the pool, and an embedded database's
// pool may hold a single connection, which a running transaction owns. So
// a statement first met inside a transaction runs unprepared there and is
// noted; the noted statements are prepared when the transaction has ended
// (preparePending). No lock is held while preparing.
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// lookup returns the cached statement for query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// room reports whether one more statement may be cached; c.mu is held.
func (c *stmtCache) room() bool { return c.m != nil && len(c.m)+len(c.pending) < maxCachedStmts }

// note records query for preparing after the transaction it ran in.
func (c *stmtCache) note(query string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[query]; !ok && c.room() {
		c.pending[query] = true
	}
}

// prepare prepares query on the pool and caches it. It returns nil when
// the cache is full or closed, or preparing fails (the caller then runs
// query unprepared and meets whatever error preparing gave).
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	ok := c.room() || c.pending[query]
	c.mu.Unlock()
	if !ok {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		c.mu.Lock()
		delete(c.pending, query)
		c.mu.Unlock()
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, query)
	if old, ok := c.m[query]; ok || c.m == nil {
		_ = st.Close() // prepared meanwhile by another caller, or closed
		return old
	}
	c.m[query] = st
	return st
}

// preparePending prepares the statements noted inside transactions. Call
// it with no transaction of this goroutine open.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	queries := make([]string, 0, len(c.pending))
	for q := range c.pending {
		queries = append(queries, q)
	}
	c.mu.Unlock()
	for _, q := range queries {
		c.prepare(ctx, q)
	}
}

// close closes every cached statement; later calls run unprepared.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		_ = st.Close()
	}
	c.m, c.pending = nil, map[string]bool{}
}

// cachedQuerier runs statements through a stmtCache: on the pool, or,
// with tx set, inside that transaction.
type cachedQuerier struct {
	c  *stmtCache
	tx *sql.Tx
	q  Querier // the pool or tx, for a statement the cache does not hold
}

func (q cachedQuerier) prepared(ctx context.Context, query string) *sql.Stmt {
	st := q.c.lookup(query)
	switch {
	case st != nil && q.tx != nil:
		return q.tx.StmtContext(ctx, st)
	case st != nil:
		return st
	case q.tx != nil:
		q.c.note(query)
		return nil
	default:
		return q.c.prepare(ctx, query)
	}
}

func (q cachedQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := q.prepared(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.q.ExecContext(ctx, query, args...)
}

func (q cachedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := q.prepared(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.q.QueryContext(ctx, query, args...)
}

func (q cachedQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := q.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.q.QueryRowContext(ctx, query, args...)
}
