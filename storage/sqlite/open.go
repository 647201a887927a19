package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

var dialect = &sqlcore.Dialect{
	Name:            "sqlite",
	CacheStatements: true,
	IsUniqueViolation: func(err error) bool {
		var e *msqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		c := e.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || c == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	},
	IsBusy: func(err error) bool {
		var e *msqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		c := e.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	},
}

// openDB opens the SQLite file at path with the settings wijk relies on:
// foreign keys on, write-ahead logging, a busy timeout, a page cache of
// about 32 MB (SQLite's default of 2 MB rereads a team's pages from the
// file), transactions that take the write lock when they begin, and one
// connection (SQLite allows one writer; a single connection avoids
// "database is locked" under load).
func openDB(ctx context.Context, path string) (*sql.DB, string, error) {
	if path == "" {
		return nil, "", errors.New("sqlite: a database file path is required")
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "cache_size(-32000)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	// Switching a new file to write-ahead logging takes the file's
	// exclusive lock, and SQLite does not wait for it when another process
	// opening the same new file holds it: it fails at once with
	// SQLITE_BUSY. Open tries again, as the busy timeout would have waited.
	deadline := time.Now().Add(openBusyWait)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: opening %s: %w", path, err)
		}
		db.SetMaxOpenConns(1)
		err = db.PingContext(ctx)
		if err == nil {
			return db, dsn, nil
		}
		_ = db.Close()
		if !dialect.IsBusy(err) || time.Now().After(deadline) {
			return nil, "", fmt.Errorf("sqlite: opening %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			return nil, "", fmt.Errorf("sqlite: opening %s: %w (%w)", path, ctx.Err(), err)
		case <-time.After(wait):
		}
	}
}

// openBusyWait is how long opening a file waits for other processes that
// open it at the same moment: the busy timeout.
const openBusyWait = 5 * time.Second

// appConnector opens the connections of the application's handle
// (Store.DB). Each refuses to work with the context of a running
// transaction of the store, which holds the file's write lock.
type appConnector struct {
	dsn  string
	inTx func(context.Context) bool
}

// errAppInTx is the error of the application's handle used inside the
// store's own transaction.
var errAppInTx error = appInTx{}

type appInTx struct{}

func (appInTx) Error() string {
	return "sqlite: Store.DB was used inside the Store's own InTx function, where it would wait for the transaction's lock; use the tx Store inside the function, and the handle before or after it"
}

func (appInTx) Is(target error) bool {
	return target == storage.ErrTxMisuse || target == wijk.ErrInvalid
}

func (c *appConnector) Connect(ctx context.Context) (driver.Conn, error) {
	if c.inTx(ctx) {
		return nil, errAppInTx
	}
	conn, err := c.Driver().Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &appConn{conn: conn, inTx: c.inTx}, nil
}

func (c *appConnector) Driver() driver.Driver { return &msqlite.Driver{} }

// appConn is one connection of the application's handle. It passes every
// call on to the SQLite connection, after checking the context.
type appConn struct {
	conn driver.Conn
	inTx func(context.Context) bool
}

var (
	_ driver.ConnBeginTx        = (*appConn)(nil)
	_ driver.ConnPrepareContext = (*appConn)(nil)
	_ driver.ExecerContext      = (*appConn)(nil)
	_ driver.QueryerContext     = (*appConn)(nil)
	_ driver.Pinger             = (*appConn)(nil)
	_ driver.SessionResetter    = (*appConn)(nil)
	_ driver.Validator          = (*appConn)(nil)
)

func (c *appConn) check(ctx context.Context) error {
	if c.inTx(ctx) {
		return errAppInTx
	}
	return nil
}

func (c *appConn) Prepare(query string) (driver.Stmt, error) {
	st, err := c.conn.Prepare(query)
	if err != nil {
		return nil, err
	}
	return &appStmt{Stmt: st, inTx: c.inTx}, nil
}

func (c *appConn) Close() error { return c.conn.Close() }

// Begin is required by driver.Conn; database/sql calls BeginTx instead.
func (c *appConn) Begin() (driver.Tx, error) {
	//lint:ignore SA1019 passing the required method on
	return c.conn.Begin()
}

func (c *appConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	return c.conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *appConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	st, err := c.conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &appStmt{Stmt: st, inTx: c.inTx}, nil
}

// appStmt is a statement prepared on the application's handle: run with
// the context of the store's own transaction, it fails as the handle does.
type appStmt struct {
	driver.Stmt
	inTx func(context.Context) bool
}

var (
	_ driver.StmtExecContext  = (*appStmt)(nil)
	_ driver.StmtQueryContext = (*appStmt)(nil)
)

func (s *appStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.inTx(ctx) {
		return nil, errAppInTx
	}
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *appStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.inTx(ctx) {
		return nil, errAppInTx
	}
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (c *appConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	return c.conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *appConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	return c.conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c *appConn) Ping(ctx context.Context) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	return c.conn.(driver.Pinger).Ping(ctx)
}

func (c *appConn) ResetSession(ctx context.Context) error {
	return c.conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *appConn) IsValid() bool { return c.conn.(driver.Validator).IsValid() }

func migrations() ([]sqlcore.Migration, error) {
	return sqlcore.LoadMigrations(migrationFS, "migrations")
}
