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
// It implements [storage.Store]; the interface's documentation is the
// contract each method keeps.
type Store struct {
	// repos holds the repositories, which every backend shares; this
	// backend supplies the engine under them.
	repos *repo.Store
	core  *sqlcore.Store
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
	s := &Store{repos: repo.New(core), core: core}
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

// Teams returns the repository of teams, kept in the database. See
// [storage.Teams] for the contract.
func (s *Store) Teams() storage.Teams { return s.repos.Teams() }

// Coaches returns the repository of coaches, kept in the database. See
// [storage.Coaches] for the contract.
func (s *Store) Coaches() storage.Coaches { return s.repos.Coaches() }

// Staff returns the repository of the organisation's staff, kept in the
// database. See [storage.Staff] for the contract.
func (s *Store) Staff() storage.Staff { return s.repos.Staff() }

// Hours returns the repository of the members' hours records, kept in the
// database. See [storage.Hours] for the contract.
func (s *Store) Hours() storage.Hours { return s.repos.Hours() }

// Clients returns the repository of clients, kept in the database. See
// [storage.Clients] for the contract.
func (s *Store) Clients() storage.Clients { return s.repos.Clients() }

// CarePlans returns the repository of care plans, kept in the database.
// See [storage.CarePlans] for the contract.
func (s *Store) CarePlans() storage.CarePlans { return s.repos.CarePlans() }

// Proposals returns the repository of proposals, kept in the database. See
// [storage.Proposals] for the contract.
func (s *Store) Proposals() storage.Proposals { return s.repos.Proposals() }

// Meetings returns the repository of meetings, kept in the database. See
// [storage.Meetings] for the contract.
func (s *Store) Meetings() storage.Meetings { return s.repos.Meetings() }

// DecisionLog returns the teams' decision logs, kept in the database. See
// [storage.DecisionLog] for the contract.
func (s *Store) DecisionLog() storage.DecisionLog { return s.repos.DecisionLog() }

// Rosters returns the repository of the teams' rosters, kept in the database.
// See [storage.Rosters] for the contract.
func (s *Store) Rosters() storage.Rosters { return s.repos.Rosters() }

// DayPlans returns the repository of the teams' visit plans, kept
// in the database. See [storage.DayPlans] for the contract.
func (s *Store) DayPlans() storage.DayPlans { return s.repos.DayPlans() }

// Audit returns the entries of the audit log that q selects, in the order
// they were written. See [storage.AuditLog] for the contract.
func (s *Store) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	return s.repos.Audit(ctx, q)
}

// Access returns the access log, kept in the database. See
// [storage.AccessLog] for the contract.
func (s *Store) Access() storage.AccessLog { return s.repos.Access() }

// Chains returns what verifies, anchors and purges the chained logs kept
// in the database. See [storage.Chains] for the contract.
func (s *Store) Chains() storage.Chains { return s.repos.Chains() }

// InTx runs fn in one transaction, as [storage.Store.InTx] describes: one
// PostgreSQL transaction on one connection of the pool, committed when fn
// returns nil and rolled back otherwise. Transactions run side by side;
// of two that update the same aggregate from the same version, one fails
// with wijk.ErrConflict.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx storage.Store) error) error {
	return s.repos.InTx(ctx, fn)
}
