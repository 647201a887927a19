// Package sqlcore is the SQL engine shared by the SQLite and PostgreSQL
// backends: schema migrations, transactions, time encoding and the mapping
// of driver errors onto wijk's error kinds. The two backends differ only in
// a Dialect.
package sqlcore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wijkzorg/wijk/storage"
)

// Migration is one numbered schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// stepLine marks, in a migration's SQL, where a step written in Go runs:
// a line "-- wijk:step NAME". The SQL before it, the step and the SQL
// after it run in the migration's one transaction.
var stepLine = regexp.MustCompile(`(?m)^-- wijk:step ([a-z]+)\s*$`)

var migrationName = regexp.MustCompile(`^(\d{3,})_([a-z0-9_]+)\.up\.sql$`)

// LoadMigrations reads NNN_name.up.sql files from dir in fsys, in version
// order. Versions must start at 1 and have no gaps or duplicates, so that
// every dialect numbers the same steps the same way.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			if e.Name() == "README.md" || e.IsDir() {
				continue
			}
			return nil, fmt.Errorf("migration file %q is not named NNN_name.up.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: m[2], SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3 … without gaps: found %d where %d belongs", m.Version, i+1)
		}
	}
	return ms, nil
}

// The version table records the applied migrations, one row each: its
// number and name, when it was applied and the checksum of the SQL it was
// applied from (see Checksum; NULL for a migration applied before
// checksums were recorded). It is managed here, not by a numbered
// migration: Migrate creates it, and adds the checksum column to a table
// an older wijk made.
const (
	versionTable       = "wijk_schema_version"
	createVersionTable = `CREATE TABLE IF NOT EXISTS wijk_schema_version (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL,
	checksum   TEXT
)`
	addChecksumColumn = `ALTER TABLE wijk_schema_version ADD COLUMN checksum TEXT`
)

// migrationLockKey is the first half of PostgreSQL's advisory lock that
// serialises migrations ("wijk" in ASCII); the second half is a hash of
// the schema, so that migrations of different schemas do not wait for
// each other.
const migrationLockKey = 0x77696a6b

// Checksum identifies the SQL of migration m: "sha256:" and the SHA-256 of
// its text in hex, with Windows line ends read as Unix ones so that a
// checkout that converts them gives the same sum.
func Checksum(m Migration) string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(m.SQL, "\r\n", "\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// applied is one row of the version table.
type applied struct {
	version  int
	name     string
	checksum sql.NullString
}

// versionColumns returns the columns of the version table, none when there
// is no table. It creates nothing.
func versionColumns(ctx context.Context, q Querier, d *Dialect) (map[string]bool, error) {
	var query string
	switch d.Name {
	case "postgres":
		// to_regclass finds the table as an unqualified name would, through
		// the search_path, and is NULL when there is none.
		query = `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass('` + versionTable + `') AND attnum > 0 AND NOT attisdropped`
	case "sqlite":
		query = `SELECT name FROM pragma_table_info('` + versionTable + `')`
	default:
		return nil, fmt.Errorf("no schema version table lookup for dialect %q", d.Name)
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols[c] = true
	}
	return cols, rows.Err()
}

// readApplied reads the version table in version order: nothing when there
// is no table. It creates nothing, so it serves the read-only checks of
// Open and New as well as Migrate.
func readApplied(ctx context.Context, q Querier, d *Dialect) ([]applied, error) {
	cols, err := versionColumns(ctx, q, d)
	if err != nil {
		return nil, fmt.Errorf("reading the schema version: %w", err)
	}
	if len(cols) == 0 {
		return nil, nil
	}
	checksum := "NULL"
	if cols["checksum"] {
		checksum = "checksum"
	}
	rows, err := q.QueryContext(ctx, `SELECT version, name, `+checksum+` FROM `+versionTable+` ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("reading the schema version: %w", err)
	}
	defer rows.Close()
	var as []applied
	for rows.Next() {
		var a applied
		if err := rows.Scan(&a.version, &a.name, &a.checksum); err != nil {
			return nil, fmt.Errorf("reading the schema version: %w", err)
		}
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the schema version: %w", err)
	}
	return as, nil
}

// checkApplied refuses a record of applied migrations this code cannot
// build on: with ErrSchemaDamaged when a version is missing below a
// recorded one, or a recorded migration is not this code's (another name,
// or SQL with another checksum); with ErrSchemaTooNew when the database
// has migrations this code does not know.
func checkApplied(as []applied, ms []Migration) error {
	for i, a := range as {
		if a.version != i+1 {
			return fmt.Errorf("%w: version %d is recorded but version %d is not: a migration is missing from the record (applied out of order, or a row was removed)", storage.ErrSchemaDamaged, a.version, i+1)
		}
	}
	if len(as) > len(ms) {
		return fmt.Errorf("%w: the database is at version %d, this code knows up to %d; upgrade wijk", storage.ErrSchemaTooNew, len(as), len(ms))
	}
	for _, a := range as {
		m := ms[a.version-1]
		if a.name != m.Name {
			return fmt.Errorf("%w: version %d is recorded as migration %q, but this code's migration %d is %q", storage.ErrSchemaDamaged, a.version, a.name, m.Version, m.Name)
		}
		if sum := Checksum(m); a.checksum.Valid && a.checksum.String != sum {
			return fmt.Errorf("%w: migration %03d_%s was applied from SQL with checksum %s, but this code's has %s: the migration was changed after the database was migrated", storage.ErrSchemaDamaged, m.Version, m.Name, a.checksum.String, sum)
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration, 0 for an empty
// database. It only reads.
func SchemaVersion(ctx context.Context, db *sql.DB, d *Dialect) (int, error) {
	as, err := readApplied(ctx, db, d)
	if err != nil || len(as) == 0 {
		return 0, err
	}
	return as[len(as)-1].version, nil
}

// CheckSchema returns ErrSchemaTooNew (wrapped, with both versions) when
// the database is ahead of the code, ErrSchemaDamaged (wrapped, naming the
// version and what is wrong) when its record of applied migrations is not
// one ms could have written, and nil otherwise: also for a database that
// lacks migrations, which Migrate applies. It only reads, so it may run
// while another process migrates; it then sees the migrations committed
// so far.
func CheckSchema(ctx context.Context, db *sql.DB, ms []Migration, d *Dialect) error {
	as, err := readApplied(ctx, db, d)
	if err != nil {
		return err
	}
	return checkApplied(as, ms)
}

// Migrate applies every migration the database lacks, in order, each in
// one transaction with its version row: a migration is applied whole or
// not at all, and a process killed in the middle of one leaves the
// database at the version before it. It is safe to run from several
// processes at once: each transaction first takes the database's lock for
// migrations (on PostgreSQL an advisory transaction lock per schema; on
// SQLite the file's write lock, so db's transactions must take it when
// they begin, _txlock=immediate, as the backend's do), then reads the version table and applies the migration
// only if no other process has; the others wait for the lock (on SQLite
// retrying past the busy timeout until ctx ends). Before applying
// anything, and again under the lock before each migration, it refuses a
// database as CheckSchema does.
func Migrate(ctx context.Context, db *sql.DB, ms []Migration, d *Dialect, appliedAt string) error {
	if err := CheckSchema(ctx, db, ms, d); err != nil {
		return err
	}
	if err := lockedTx(ctx, db, d, func(tx *sql.Tx) error { return ensureVersionTable(ctx, tx, d) }); err != nil {
		return fmt.Errorf("creating the schema version table: %w", err)
	}
	for _, m := range ms {
		var refused error
		err := lockedTx(ctx, db, d, func(tx *sql.Tx) error {
			as, err := readApplied(ctx, tx, d)
			if err != nil {
				return err
			}
			if refused = checkApplied(as, ms); refused != nil {
				return refused
			}
			if len(as) >= m.Version {
				return nil // applied before, or by another process first
			}
			return applyOne(ctx, tx, m, d, appliedAt)
		})
		if refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("migration %03d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// ensureVersionTable creates the version table, or adds the checksum
// column to one an older wijk made.
func ensureVersionTable(ctx context.Context, tx *sql.Tx, d *Dialect) error {
	cols, err := versionColumns(ctx, tx, d)
	if err != nil {
		return err
	}
	switch {
	case len(cols) == 0:
		_, err = tx.ExecContext(ctx, createVersionTable)
	case !cols["checksum"]:
		_, err = tx.ExecContext(ctx, addChecksumColumn)
	}
	return err
}

// lockedTx runs fn in a transaction that first takes the lock for
// migrations, and commits it when fn returns nil. When the lock is busy
// past the dialect's wait (SQLite's busy timeout), it tries again until
// ctx ends.
func lockedTx(ctx context.Context, db *sql.DB, d *Dialect, fn func(tx *sql.Tx) error) error {
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		err := InTx(ctx, db, func(tx *sql.Tx) error {
			if d.Name == "postgres" {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '')))`, migrationLockKey); err != nil {
					return fmt.Errorf("taking the migration lock: %w", err)
				}
			}
			return fn(tx)
		})
		if err == nil || d.IsBusy == nil || !d.IsBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (waiting for another process's migration: %w)", ctx.Err(), err)
		case <-time.After(wait):
		}
	}
}

// applyOne applies m in tx and records it.
func applyOne(ctx context.Context, tx *sql.Tx, m Migration, d *Dialect, appliedAt string) error {
	for i, part := range stepLine.Split(m.SQL, -1) {
		if i > 0 {
			name := stepLine.FindAllStringSubmatch(m.SQL, -1)[i-1][1]
			step, ok := steps[name]
			if !ok {
				return fmt.Errorf("no migration step %q", name)
			}
			if err := step(ctx, tx, d); err != nil {
				return fmt.Errorf("step %s: %w", name, err)
			}
		}
		if strings.TrimSpace(part) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, part); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+versionTable+` (version, name, applied_at, checksum) VALUES ($1, $2, $3, $4)`, m.Version, m.Name, appliedAt, Checksum(m))
	return err
}
