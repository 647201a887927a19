// Package postgres stores wijk's data in PostgreSQL (14 or newer), for
// deployments that outgrow one machine. It works on a *sql.DB that the
// application opens with the pgx stdlib driver, and uses nothing that would
// keep it from running on a PostgreSQL-compatible distributed database.
//
// # Backup and restore
//
// The store's tables, the schema version and the guards of the logs all
// live in the connection's schema (search_path), so pg_dump of that
// schema while the application runs is a complete, consistent backup:
//
//	pg_dump --dbname="$WIJK_DSN" --schema=wijk --format=custom --no-owner --no-privileges --file=wijk.dump
//	createdb wijk_restored
//	pg_restore --dbname="postgres://…/wijk_restored" --no-owner --no-privileges --exit-on-error --single-transaction wijk.dump
//
// (add --clean --if-exists to the restore when the schema is public,
// which the new database already has). After a restore, open it with New
// and verify each log with Chains().Verify, giving the heads written down
// at the backup as anchors; storecopy.Compare compares a restored store
// with its source record for record. docs/backup.md in the repository has
// the whole procedure, and package storage/storecopy moves a SQLite
// store here.
package postgres
