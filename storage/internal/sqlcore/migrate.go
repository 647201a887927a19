// Package sqlcore is the SQL engine shared by the SQLite and PostgreSQL
// backends: schema migrations, transactions, time encoding and the mapping
// of driver errors onto wijk's error kinds. The two backends differ only in
// a Dialect.
package sqlcore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

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

const createVersionTable = `CREATE TABLE IF NOT EXISTS wijk_schema_version (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// SchemaVersion returns the highest applied migration, 0 for an empty
// database.
func SchemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	if _, err := db.ExecContext(ctx, createVersionTable); err != nil {
		return 0, fmt.Errorf("creating the schema version table: %w", err)
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM wijk_schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("reading the schema version: %w", err)
	}
	return int(v.Int64), nil
}

// CheckSchema returns ErrSchemaTooNew (wrapped, with both versions) when
// the database is ahead of the code, and nil otherwise.
func CheckSchema(ctx context.Context, db *sql.DB, ms []Migration) error {
	v, err := SchemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if v > len(ms) {
		return fmt.Errorf("%w: the database is at version %d, this code knows up to %d; upgrade wijk", storage.ErrSchemaTooNew, v, len(ms))
	}
	return nil
}

// Migrate applies every migration the database lacks, each step and its
// version row in one transaction. It is safe to run from several processes
// at once: a step another process applied first is skipped.
func Migrate(ctx context.Context, db *sql.DB, ms []Migration, d *Dialect, appliedAt string) error {
	if err := CheckSchema(ctx, db, ms); err != nil {
		return err
	}
	for _, m := range ms {
		if err := applyOne(ctx, db, m, d, appliedAt); err != nil {
			return fmt.Errorf("migration %03d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

func applyOne(ctx context.Context, db *sql.DB, m Migration, d *Dialect, appliedAt string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM wijk_schema_version WHERE version = $1`, m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
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
	if _, err := tx.ExecContext(ctx, `INSERT INTO wijk_schema_version (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, appliedAt); err != nil {
		if d.IsUniqueViolation(err) {
			return nil // another process applied it first; its transaction won
		}
		return err
	}
	return tx.Commit()
}
