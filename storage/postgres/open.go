package postgres

import (
	"embed"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

var dialect = &sqlcore.Dialect{
	Name:              "postgres",
	OneStatementWrite: true,
	RowLocks:          true,
	IsUniqueViolation: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == "23505"
	},
	IsDivisionByZero: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == "22012"
	},
	IsBusy: func(err error) bool {
		var e *pgconn.PgError
		// serialization_failure and deadlock_detected: retry the transaction.
		return errors.As(err, &e) && (e.Code == "40001" || e.Code == "40P01")
	},
}

func migrations() ([]sqlcore.Migration, error) {
	return sqlcore.LoadMigrations(migrationFS, "migrations")
}
