package repo

import (
	"context"
	"time"

	"github.com/wijkzorg/wijk/storage"
)

// Table describes an aggregate table: the key, the version, the record in
// data, and the index columns that queries filter and sort on.
type Table struct {
	// Name of the table.
	Name string
	// Entity is the aggregate's name in errors and the audit log.
	Entity string
	// Columns are the index columns, in the order Put is given their
	// values. Each value is a string or an int64.
	Columns []string
	// Client, when not empty, names what holds the client of a record, for
	// the audit line: "id" (the record is the client) or an index column.
	Client string
	// Chained says the table is a chained log of its own (the decision
	// log): every new record gets the next number of that log and a hash.
	Chained storage.Log
	// Set, when not empty, names a set of strings kept beside each record
	// (the people of a team, the representatives of a client), in the
	// table Name_Set, for queries with the Has comparison.
	Set string
}

// SetTable is the name of the table that keeps t's set.
func (t *Table) SetTable() string { return t.Name + "_" + t.Set }

// Doc is one stored record.
type Doc struct {
	Key     string
	Version int64
	Data    []byte
}

// Op compares an index column with a value.
type Op int

// The comparisons a Filter may make. Strings compare byte-wise, int64s
// numerically.
const (
	Eq Op = iota + 1
	Lt
	Le
	Gt
	Ge
	// In: the column equals one of the []string values.
	In
	// Has: the record's set (Col names it) holds the string value.
	Has
)

// Filter keeps the rows whose column Col compares as Op with Val.
type Filter struct {
	Col string
	Op  Op
	Val any
}

// Query selects rows: all filters hold; sorted ascending by Order, then
// by key; at most Limit rows (0: no cap).
type Query struct {
	Filters []Filter
	Order   []string
	Limit   int
}

// Engine is what a backend provides.
type Engine interface {
	// Get reads one record; a missing key is an error matching
	// wijk.ErrNotFound.
	Get(ctx context.Context, t *Table, key string) (Doc, error)
	// GetVia reads one record as Get does and follows hops from it, all as
	// of one moment: the text index column hops[0].Col of the record names
	// a record of hops[0].To, whose column hops[1].Col names one of
	// hops[1].To, and so on. It returns the record, the key each hop
	// reached ("" from the first hop that found no record on), and the
	// version of the record the last hop reached (0 when it found none).
	GetVia(ctx context.Context, t *Table, key string, hops []Hop) (Doc, []string, int64, error)
	// Column reads one string index column of one record (wijk.ErrNotFound
	// for a missing key).
	Column(ctx context.Context, t *Table, key, col string) (string, error)
	// Find reads the records q selects.
	Find(ctx context.Context, t *Table, q Query) ([]Doc, error)
	// Write stores a record and its audit line, both or neither. With
	// Expected 0 the key must be new (an existing key is a
	// wijk.ErrConflict); otherwise the stored version must be Expected, or
	// nothing changes and the error matches wijk.ErrConflict (or
	// wijk.ErrNotFound when there is no such record). When Requires is set,
	// that record must exist (wijk.ErrNotFound otherwise) and, if
	// Requires.Version is set, still be at that version (wijk.ErrConflict
	// otherwise); it stays so until the write's transaction ends. The
	// engine numbers the audit line. It returns the new version.
	Write(ctx context.Context, w WriteOp) (int64, error)
	// Lock keeps others from writing the record, and from writing what
	// requires it, until the current transaction ends. Engines that run
	// one writing transaction at a time need do nothing.
	Lock(ctx context.Context, t *Table, key string) error
	// Audit reads the audit log.
	Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error)
	// AppendAudit appends one audit line on its own (a purge's).
	AppendAudit(ctx context.Context, a storage.AuditEntry) error
	// AppendAccess appends access entries, in order, in the current
	// transaction or in one of its own.
	AppendAccess(ctx context.Context, es []storage.AccessEntry) error
	// ListAccess reads the access log.
	ListAccess(ctx context.Context, q storage.AccessQuery) ([]storage.AccessEntry, error)
	// Links returns the stored entries of a chained log with Seq > after,
	// in order, at most limit, as stored (their fields as the chain
	// covers them, and their stored hash).
	Links(ctx context.Context, log storage.Log, after int64, limit int) ([]Link, error)
	// ChainHead returns the stored head of a log (0 and chain.Genesis
	// before the first entry).
	ChainHead(ctx context.Context, log storage.Log) (int64, []byte, error)
	// Checkpoints returns a log's checkpoints, oldest first.
	Checkpoints(ctx context.Context, log storage.Log) ([]storage.Checkpoint, error)
	// Purge stores cp and removes the entries of cp.Log up to cp.Seq, in
	// the current transaction. It returns how many it removed.
	Purge(ctx context.Context, cp storage.Checkpoint) (int64, error)
	// InTx runs fn in one transaction (joining the current one, if any):
	// committed when fn returns nil, rolled back on an error or a panic.
	InTx(ctx context.Context, fn func(e Engine) error) error
	// Now is the time that stamps audit lines.
	Now() time.Time
}

// Link is one stored entry of a chained log: its number, the fields the
// chain covers (as chain.Canon takes them), and its stored hash.
type Link struct {
	Seq    int64
	Fields []string
	Hash   []byte
}

// AuditFields are the fields of an audit line that its hash covers, in
// order, as text: the time in the stored form, then the rest.
func AuditFields(a storage.AuditEntry, at string) []string {
	return []string{at, a.Actor, a.Entity, string(a.EntityID), string(a.Client), string(a.Action), a.Summary}
}

// AccessFields are the fields of an access entry that its hash covers.
func AccessFields(a storage.AccessEntry, at string) []string {
	return []string{at, a.Person, string(a.Role), string(a.Client), a.Entity, string(a.EntityID), string(a.Action),
		a.Purpose, a.Reason, string(a.Outcome), a.Rule, a.Application}
}

// RecordFields are the fields of a chained record (a decision): its key
// and its stored bytes.
func RecordFields(key string, data []byte) []string { return []string{key, string(data)} }

// Hop follows a text index column of one table to the record it names in
// another (see Engine.GetVia).
type Hop struct {
	Col string
	To  *Table
}

// Ref names one record that a write needs, and optionally the version it
// must still be at (0: any).
type Ref struct {
	Table   *Table
	Key     string
	Version int64
}

// WriteOp is one write: a record, the version it was based on, its index
// column values (strings or int64s, in Table.Columns order), what must
// exist for it, and its audit line.
type WriteOp struct {
	Table    *Table
	Key      string
	Expected int64
	Data     []byte
	Cols     []any
	// Set replaces the record's set, for a table that keeps one.
	Set      []string
	Requires *Ref
	Audit    storage.AuditEntry
}

// The tables. The SQL migrations create them with these columns.
var (
	teamsTable     = &Table{Name: "wijk_teams", Entity: storage.EntityTeam, Set: "people"}
	coachesTable   = &Table{Name: "wijk_coaches", Entity: storage.EntityCoach}
	hoursTable     = &Table{Name: "wijk_hours", Entity: storage.EntityHours, Columns: []string{"team_id", "person_id", "day"}}
	clientsTable   = &Table{Name: "wijk_clients", Entity: storage.EntityClient, Columns: []string{"team_id"}, Set: "representatives", Client: "id"}
	plansTable     = &Table{Name: "wijk_careplans", Entity: storage.EntityCarePlan, Columns: []string{"client_id", "status", "review_date", "start_date"}, Client: "client_id"}
	proposalsTable = &Table{Name: "wijk_proposals", Entity: storage.EntityProposal, Columns: []string{"team_id", "open", "created_at"}}
	meetingsTable  = &Table{Name: "wijk_meetings", Entity: storage.EntityMeeting, Columns: []string{"team_id", "starts_at"}}
	decisionsTable = &Table{Name: "wijk_decisions", Entity: storage.EntityDecision, Columns: []string{"team_id", "pos", "decision_id"}, Chained: storage.LogDecisions}
	staffTable     = &Table{Name: "wijk_staff", Entity: storage.EntityStaff}
	rostersTable   = &Table{Name: "wijk_rosters", Entity: storage.EntityRoster, Columns: []string{"team_id", "start_day", "end_day", "status", "created_at"}}
	dayPlansTable  = &Table{Name: "wijk_day_plans", Entity: storage.EntityDayPlan, Columns: []string{"team_id", "day", "status", "created_at"}}
)

// Tables lists every table, for backends and tests.
func Tables() []*Table {
	return []*Table{teamsTable, coachesTable, hoursTable, clientsTable, plansTable, proposalsTable, meetingsTable, decisionsTable, staffTable, rostersTable, dayPlansTable}
}
