// Package storecopy moves a whole wijk store from one backend to another:
// from SQLite to PostgreSQL when a deployment outgrows one machine, back
// to SQLite for an archive, or out of memory into a file.
//
// A copy is not an export and import of the aggregates: it moves the rows
// exactly as stored. Every record keeps its bytes, its version, its index
// columns and its set; the audit log, the access log and the decision log
// keep their numbers and their stored hashes, their heads and the signed
// checkpoints of past purges. So the copy verifies exactly as the source
// did, a head written down before the move still anchors the copy, and a
// checkpoint still holds its signature.
//
// [Copy] refuses a source whose chains do not verify (the error matches
// storage.ErrTampered, and nothing is written: moving a broken log would
// launder it), and a destination that is not empty ([ErrNotEmpty]). It
// reads the source as of one moment (a read-only snapshot transaction;
// on SQLite the store's own calls wait for it, since the store works on one
// connection), writes the destination in one transaction, and
// compares the two record for record and verifies the destination's
// chains before that transaction commits: a copy that fails is not kept.
//
// The stores of storage/memory, storage/sqlite and storage/postgres can
// be copied: each has a CopyHandle method, through which this package
// reaches the rows as stored. The handle is opaque, and only this package
// uses it.
package storecopy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// Store is a store of one of wijk's backends: *memory.Store,
// *sqlite.Store or *postgres.Store.
type Store interface {
	storage.Store
	// CopyHandle gives this package the store's rows as stored.
	CopyHandle() repo.Handle
}

// ErrNotEmpty is matched by the error of a copy into a store that already
// holds a record, a log entry or a checkpoint. The error also matches
// wijk.ErrConflict.
var ErrNotEmpty = repo.ErrNotEmpty

// Report says what a copy moved, or what a comparison compared.
type Report struct {
	// Rows counts the rows of each aggregate table, by table name.
	Rows map[string]int64
	// Sets counts the entries of each table's set (the people of the
	// teams, the representatives of the clients), by set table name.
	Sets map[string]int64
	// Logs reports each chained log.
	Logs map[storage.Log]LogReport
}

// LogReport is one chained log as the copy verified it.
type LogReport struct {
	// Entries counts the entries kept: those after the last checkpoint.
	Entries int64
	// Checkpoints counts the checkpoints of past purges.
	Checkpoints int
	// Head is the log's head, the same in both stores.
	Head storage.Head
}

// String renders the report, one line per table and log.
func (r Report) String() string {
	var b strings.Builder
	for _, t := range slices.Sorted(maps.Keys(r.Rows)) {
		fmt.Fprintf(&b, "%-32s %d rows\n", t, r.Rows[t])
	}
	for _, t := range slices.Sorted(maps.Keys(r.Sets)) {
		fmt.Fprintf(&b, "%-32s %d entries\n", t, r.Sets[t])
	}
	for _, log := range storage.Logs() {
		if l, ok := r.Logs[log]; ok {
			fmt.Fprintf(&b, "%-32s %d entries, %d checkpoints, head %s\n", string(log)+" log", l.Entries, l.Checkpoints, l.Head)
		}
	}
	return b.String()
}

func report(r repo.CopyReport) Report {
	out := Report{Rows: r.Rows, Sets: r.Sets, Logs: map[storage.Log]LogReport{}}
	for log, l := range r.Logs {
		out.Logs[log] = LogReport{Entries: l.Entries, Checkpoints: l.Checkpoints, Head: l.Head}
	}
	return out
}

// Copy moves everything src keeps into dst, which must be migrated and
// empty, and returns what it moved once the copy compares equal to the
// source and its chains verify. The comparison runs in the transaction
// that writes dst, before it commits: on any error dst is left empty.
func Copy(ctx context.Context, dst, src Store) (Report, error) {
	if dst == nil || src == nil {
		return Report{}, fmt.Errorf("storecopy: both stores are required")
	}
	r, err := repo.Copy(ctx, dst.CopyHandle(), src.CopyHandle())
	if err != nil {
		return Report{}, fmt.Errorf("storecopy: %w", err)
	}
	return report(r), nil
}

// Compare reads a and b, each as of one moment, and returns an error
// naming the first difference between them: a row (its key, version,
// bytes, index columns or set), a log entry, a head or a checkpoint. It
// also verifies both stores' chains. Use it to check a restored backup or
// a copy against its source.
func Compare(ctx context.Context, a, b Store) (Report, error) {
	if a == nil || b == nil {
		return Report{}, fmt.Errorf("storecopy: both stores are required")
	}
	r, err := repo.Compare(ctx, a.CopyHandle(), b.CopyHandle())
	if err != nil {
		return Report{}, fmt.Errorf("storecopy: %w", err)
	}
	return report(r), nil
}
