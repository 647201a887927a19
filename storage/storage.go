package storage

import (
	"context"
	"time"

	"errors"

	"github.com/wijkzorg/wijk"
)

// ErrSchemaTooNew is returned (wrapped, with both version numbers) by a
// backend asked to open a database that a newer version of wijk migrated:
// the code cannot know what the newer schema means, so it refuses rather
// than risk the data.
var ErrSchemaTooNew = errors.New("database schema is newer than this version of wijk")

// Version counts the writes of one aggregate: 1 after it is created, one
// more after every update. A write states the version it was based on; if
// the stored version is another, someone else wrote in between and the
// write fails with wijk.ErrConflict instead of overwriting their change.
type Version int64

// Change says who makes a write and why, for the audit log.
type Change struct {
	// Actor is who makes the change: a member's ID, "system", a
	// migration's name. Required.
	Actor string
	// Summary is a short line for the audit log, e.g. "authorised 6 h/week".
	Summary string
}

// Validate checks that the change names an actor and that both texts are
// short single lines.
func (c Change) Validate() error {
	if c.Actor == "" {
		return wijk.Invalid("change.actor", "is required: every write names who made it")
	}
	if len(c.Actor) > 200 {
		return wijk.Invalid("change.actor", "must be at most 200 bytes")
	}
	if len(c.Summary) > 1000 {
		return wijk.Invalid("change.summary", "must be at most 1000 bytes")
	}
	return nil
}

// Action is what a write did to an entity.
type Action string

// The actions in the audit log.
const (
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionAppend Action = "append"
)

// AuditEntry is one line of the audit log: every write leaves one, in the
// same transaction as the write itself.
type AuditEntry struct {
	// Seq orders the log: it increases with every entry.
	Seq int64
	// At is when the write was made (UTC, millisecond precision).
	At time.Time
	// Actor and Summary come from the write's Change.
	Actor   string
	Summary string
	// Entity is the kind of thing written ("team", "client", "careplan", …)
	// and EntityID which one.
	Entity   string
	EntityID wijk.ID
	// Action is what the write did.
	Action Action
}

// AuditQuery selects audit entries.
type AuditQuery struct {
	// EntityID, when set, keeps only the entries of that entity.
	EntityID wijk.ID
	// After keeps only entries with Seq > After (for paging).
	After int64
	// Limit caps the number of entries; 0 means no cap.
	Limit int
}

// AuditLog reads the append-only audit log. No method of any backend edits
// or deletes an entry, and the SQL backends refuse UPDATE and DELETE on the
// log's table even when asked directly.
type AuditLog interface {
	// Audit returns the entries matching q in the order they were written.
	Audit(ctx context.Context, q AuditQuery) ([]AuditEntry, error)
}
