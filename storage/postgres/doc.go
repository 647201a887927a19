// Package postgres stores wijk's data in PostgreSQL (14 or newer), for
// deployments that outgrow one machine. It works on a *sql.DB that the
// application opens with the pgx stdlib driver, and uses nothing that would
// keep it from running on a PostgreSQL-compatible distributed database.
package postgres
