package postgres

import (
	"context"
	"database/sql"
	"errors"
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

// Store is wijk's storage in PostgreSQL. It is safe for concurrent use.
type Store struct {
	*repo.Store
	core *sqlcore.Store
}

// New returns a Store on db, which the caller opened with the pgx stdlib
// driver (sql.Open("pgx", dsn)) and closes when done. Size db's pool for
// the sessions that run at once: database/sql keeps only 2 idle
// connections by default, so with more concurrent requests nearly every
// call opens a new connection; db.SetMaxIdleConns(n) with n at least the
// number of concurrent requests avoids it. Tables live in the
// connection's current schema (search_path). New refuses a database that a
// newer wijk migrated (storage.ErrSchemaTooNew) or whose record of applied
// migrations is damaged (storage.ErrSchemaDamaged); that check only reads,
// so it may run while another program migrates the schema. Call Migrate
// before first use of a new or older database.
func New(ctx context.Context, db *sql.DB, opts Options) (*Store, error) {
	if db == nil {
		return nil, errors.New("postgres: a *sql.DB is required")
	}
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	core := sqlcore.New(db, dialect, opts.Clock, ms)
	s := &Store{Store: repo.New(core), core: core}
	if err := s.core.Check(ctx); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

// Migrate applies the schema migrations the database lacks, in order,
// each in one transaction with its row in the version table: a migration
// is applied whole or not at all, so a program killed in the middle of
// one leaves the schema at the version before, and the next Migrate goes
// on from there. Several programs may migrate the same schema at once:
// each migration's transaction first takes an advisory lock of its own
// for that schema (pg_advisory_xact_lock), and the others wait for it,
// until ctx ends, and then find the migration applied. It refuses,
// changing nothing, a database that a newer wijk migrated
// (storage.ErrSchemaTooNew) or whose record of applied migrations is
// damaged (storage.ErrSchemaDamaged).
func (s *Store) Migrate(ctx context.Context) error { return s.core.Migrate(ctx) }

// SchemaVersion returns the schema version the database is at.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) { return s.core.SchemaVersion(ctx) }

var _ storage.Store = (*Store)(nil)
