package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

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
// use. Close it when done. It implements [storage.Store]; the interface's
// documentation is the contract each method keeps.
type Store struct {
	// repos holds the repositories, which every backend shares; this
	// backend supplies the engine under them.
	repos *repo.Store
	core  *sqlcore.Store
	// log commits the access entries of reads, on a connection of its own
	// (see Open).
	log *sqlcore.Store
	dsn string

	appOnce sync.Once
	app     *sql.DB // the application's handle, see DB
}

// Open opens (creating if needed) the SQLite database at path, on two
// connections: one for everything the store does, one that commits the
// access entries of reads. It refuses a database that a newer wijk
// migrated (storage.ErrSchemaTooNew) or whose record of applied
// migrations is damaged (storage.ErrSchemaDamaged); that check only reads,
// so it may run while another program migrates the file. Call Migrate
// before first use of a new or older database.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	db, dsn, err := openDB(ctx, path)
	if err != nil {
		return nil, err
	}
	ms, err := migrations()
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	core := sqlcore.New(db, dialect, opts.Clock, ms)
	if err := core.Check(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	// The access entries of reads are committed on a second connection:
	// each commit waits for its flush to disk, and on the store's one
	// connection every read would wait with it. SQLite lets one connection
	// read while another commits.
	logDB, _, err := openDB(ctx, path)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	log := sqlcore.New(logDB, dialect, opts.Clock, ms)
	return &Store{repos: repo.New(core, log), core: core, log: log, dsn: dsn}, nil
}

// Migrate applies the schema migrations the database lacks, in order,
// each in one transaction with its row in the version table: a migration
// is applied whole or not at all, so a program killed in the middle of
// one leaves the database at the version before, and the next Migrate goes
// on from there. Several programs may migrate the same file at once: each
// migration first takes the file's write lock, and the others wait for it
// (past the busy timeout, until ctx ends) and then find it applied. It
// refuses, changing nothing, a database that a newer wijk migrated
// (storage.ErrSchemaTooNew) or whose record of applied migrations is
// damaged (storage.ErrSchemaDamaged).
func (s *Store) Migrate(ctx context.Context) error { return s.core.Migrate(ctx) }

// SchemaVersion returns the schema version the database is at.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) { return s.core.SchemaVersion(ctx) }

// Close closes the database, and the application's handle if DB opened
// one.
func (s *Store) Close() error {
	s.appOnce.Do(s.openApp) // a handle asked for after Close is a closed one
	return errors.Join(s.log.Close(), s.core.Close(), s.app.Close())
}

// openApp opens the application's handle (see DB).
func (s *Store) openApp() {
	s.app = sql.OpenDB(&appConnector{dsn: s.dsn, inTx: func(ctx context.Context) bool { return repo.InTxOf(ctx, s.repos) }})
	s.app.SetMaxOpenConns(1)
}

var _ storage.Store = (*Store)(nil)

// Teams returns the repository of teams, kept in the database file. See
// [storage.Teams] for the contract.
func (s *Store) Teams() storage.Teams { return s.repos.Teams() }

// Coaches returns the repository of coaches, kept in the database file.
// See [storage.Coaches] for the contract.
func (s *Store) Coaches() storage.Coaches { return s.repos.Coaches() }

// Staff returns the repository of the organisation's staff, kept in the
// database file. See [storage.Staff] for the contract.
func (s *Store) Staff() storage.Staff { return s.repos.Staff() }

// Hours returns the repository of the members' hours records, kept in the
// database file. See [storage.Hours] for the contract.
func (s *Store) Hours() storage.Hours { return s.repos.Hours() }

// Clients returns the repository of clients, kept in the database file.
// See [storage.Clients] for the contract.
func (s *Store) Clients() storage.Clients { return s.repos.Clients() }

// CarePlans returns the repository of care plans, kept in the database
// file. See [storage.CarePlans] for the contract.
func (s *Store) CarePlans() storage.CarePlans { return s.repos.CarePlans() }

// Proposals returns the repository of proposals, kept in the database
// file. See [storage.Proposals] for the contract.
func (s *Store) Proposals() storage.Proposals { return s.repos.Proposals() }

// Meetings returns the repository of meetings, kept in the database file.
// See [storage.Meetings] for the contract.
func (s *Store) Meetings() storage.Meetings { return s.repos.Meetings() }

// DecisionLog returns the teams' decision logs, kept in the database file.
// See [storage.DecisionLog] for the contract.
func (s *Store) DecisionLog() storage.DecisionLog { return s.repos.DecisionLog() }

// Rosters returns the repository of the teams' rosters, kept in the database file.
// See [storage.Rosters] for the contract.
func (s *Store) Rosters() storage.Rosters { return s.repos.Rosters() }

// DayPlans returns the repository of the teams' visit plans, kept
// in the database file. See [storage.DayPlans] for the contract.
func (s *Store) DayPlans() storage.DayPlans { return s.repos.DayPlans() }

// Audit returns the entries of the audit log that q selects, in the order
// they were written. See [storage.AuditLog] for the contract.
func (s *Store) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	return s.repos.Audit(ctx, q)
}

// Access returns the access log, kept in the database file. See
// [storage.AccessLog] for the contract.
func (s *Store) Access() storage.AccessLog { return s.repos.Access() }

// Chains returns what verifies, anchors and purges the chained logs kept
// in the database file. See [storage.Chains] for the contract.
func (s *Store) Chains() storage.Chains { return s.repos.Chains() }

// InTx runs fn in one transaction, as [storage.Store.InTx] describes. In
// SQLite the transaction takes the file's write lock when it begins and
// holds it until fn returns, so transactions run one at a time; with
// write-ahead logging, readers on other connections go on beside it.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx storage.Store) error) error {
	return s.repos.InTx(ctx, fn)
}

// DB returns a database handle on the store's file, for an application
// that keeps tables of its own in it. It shares the store's settings
// (write-ahead logging, the busy timeout, foreign keys) through a
// connection of its own, opened on first use and closed with the Store:
// SQLite serialises its writes with the store's, and reads go on beside
// them.
//
// Do not use it inside the Store's own InTx function: the transaction
// holds the file's write lock until the function returns. With the
// context the function is given, every call on the handle fails at once
// with an error matching storage.ErrTxMisuse; with another context, a
// write waits for the lock up to the busy timeout (5 s) and then fails.
// Close the Store, not the handle.
func (s *Store) DB() *sql.DB {
	s.appOnce.Do(s.openApp)
	return s.app
}
