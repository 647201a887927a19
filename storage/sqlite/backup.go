package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// CopyHandle gives package storage/storecopy the store's rows as stored,
// to copy them to or from another backend. Its value is of no use
// elsewhere.
func (s *Store) CopyHandle() repo.Handle { return repo.NewHandle(s.core) }

// Backup writes a copy of the database, as of one moment, to a new file
// at path, while the store goes on serving: reads and writes continue
// during the backup (SQLite's VACUUM INTO, on a connection of its own,
// reads one snapshot of the write-ahead log). The copy holds every write
// acknowledged before Backup began, and none that was half done; it is
// synced to disk before Backup returns, and Open opens it like any other
// store's file. Backup refuses a path where a file already exists
// (wijk.ErrConflict): it never overwrites. On failure it removes what it
// wrote.
//
// Verify the copy's chains after opening it (Chains().Verify of each log),
// and keep the heads it reports with the backup: they prove later that
// the restored logs were not rewritten.
func (s *Store) Backup(ctx context.Context, path string) error {
	if path == "" {
		return wijk.Invalid("path", "is required: the file to write the backup to")
	}
	if _, err := os.Lstat(path); err == nil {
		return wijk.Conflictf("sqlite: backup to %s: a file already exists there; a backup never overwrites", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", s.dsn)
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer func() { _ = db.Close() }()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		if isExists(err) {
			return wijk.Conflictf("sqlite: backup to %s: a file already exists there; a backup never overwrites", path)
		}
		_ = os.Remove(path) // a partial copy, which nobody else can have
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	if err := syncFile(path); err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}

// isExists reports whether err is VACUUM INTO's refusal of a file that
// already holds something (put there after Backup looked): that file is
// someone else's and stays.
func isExists(err error) bool { return strings.Contains(err.Error(), "output file already exists") }

// syncFile flushes the file at path, and its directory entry, to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer func() { _ = d.Close() }()
	return d.Sync()
}
