package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/repo"
	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
)

// Options configure a Store.
type Options struct {
	// Clock stamps the audit log; nil means real time.
	Clock wijk.Clock
}

// Store is wijk's storage in one SQLite file. It is safe for concurrent
// use. Close it when done.
type Store struct {
	*repo.Store
	core *sqlcore.Store
}

// Open opens (creating if needed) the SQLite database at path. It refuses a
// database that a newer wijk migrated (storage.ErrSchemaTooNew). Call
// Migrate before first use of a new or older database.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	db, err := openDB(ctx, path)
	if err != nil {
		return nil, err
	}
	ms, err := migrations()
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	core := sqlcore.New(db, dialect, opts.Clock, ms)
	s := &Store{Store: repo.New(core), core: core}
	if err := s.core.Check(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return s, nil
}

// Migrate applies the schema migrations the database lacks.
func (s *Store) Migrate(ctx context.Context) error { return s.core.Migrate(ctx) }

// SchemaVersion returns the schema version the database is at.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) { return s.core.SchemaVersion(ctx) }

// Close closes the database.
func (s *Store) Close() error { return s.core.Close() }

var _ storage.Store = (*Store)(nil)

// DB returns the database handle the store works through, for an
// application that keeps tables of its own in the same file. Going through
// this handle rather than opening the file a second time shares the store's
// settings and its page cache, and avoids waiting on its lock. The handle
// has one connection: inside InTx it belongs to the transaction, so do not
// use DB from within InTx's function. Close the Store, not the handle.
func (s *Store) DB() *sql.DB { return s.core.DB }
