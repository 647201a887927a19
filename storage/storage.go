package storage

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/team"
)

// ErrSchemaTooNew is returned (wrapped, with both version numbers) by a
// backend asked to open a database that a newer version of wijk migrated:
// the code cannot know what the newer schema means, so it refuses rather
// than risk the data.
var ErrSchemaTooNew = errors.New("database schema is newer than this version of wijk")

// ErrSchemaDamaged is returned (wrapped, naming the migration and what is
// wrong) by a backend asked to open or migrate a database whose record of
// applied migrations it cannot trust: a version missing below a recorded
// one, a recorded version whose name is not this code's migration of that
// number, or one applied from SQL other than this code's (its recorded
// checksum differs). The schema is then not one this code knows, and it
// refuses rather than write to it. Nothing is changed; the database needs
// a person to look at it.
var ErrSchemaDamaged = errors.New("database schema history is damaged")

// ErrCorrupt is matched by the error of a read that found a stored record
// it cannot accept: bytes that are not a record, a record format this code
// does not know, or an aggregate that breaks its domain's rules (then the
// error also matches wijk.ErrInvalid and names the field). It means the
// database was damaged or edited behind wijk's back; nothing is returned.
var ErrCorrupt = errors.New("stored record is damaged")

// ErrTxMisuse is matched by the error of a call made on a Store from
// inside that same Store's [Store.InTx] function, with the context the
// function was given. Such a call would wait for the transaction to end,
// which waits for the function: it would block until the context ends.
// Inside the function use only the tx Store it is given. The error also
// matches wijk.ErrInvalid (a mistake in the calling code, not something to
// retry).
var ErrTxMisuse = errors.New("a Store was used inside its own transaction")

// Version counts the writes of one aggregate: 1 after it is created, one
// more after every update. A write states the version it was based on; if
// the stored version is another, someone else wrote in between and the
// write fails with wijk.ErrConflict instead of overwriting their change.
type Version int64

// Change says who makes a write and why, for the audit log.
type Change struct {
	// Actor is who makes the change: a person's ID, "system", a
	// migration's name. Required. Through package service it is always the
	// person the session acts for.
	Actor string
	// Summary is a short line for the audit log, e.g. "authorised 6 h/week".
	Summary string
}

// MaxActor and MaxSummary bound the two texts of a [Change], in bytes.
const (
	MaxActor   = 200
	MaxSummary = 1000
)

// Validate checks that the change names an actor and that both texts are
// single lines of valid UTF-8 with no control characters, of at most
// [MaxActor] and [MaxSummary] bytes. A line break in an actor could forge
// a line in any text rendering of the audit log, so it is refused, not
// escaped.
func (c Change) Validate() error {
	if strings.TrimSpace(c.Actor) == "" {
		return wijk.Invalid("change.actor", "is required: every write names who made it")
	}
	if err := valid.Line("change.actor", c.Actor, MaxActor); err != nil {
		return err
	}
	return valid.Line("change.summary", c.Summary, MaxSummary)
}

// Action is what a write did to an entity.
type Action string

// The actions in the audit log.
const (
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionAppend Action = "append"
	// ActionPurge: entries of a log past their retention were removed
	// (see [Chains.Purge]); the entity is EntityLog.
	ActionPurge Action = "purge"
)

// The entity names of the audit log, exactly as they are stored in
// [AuditEntry.Entity].
const (
	EntityTeam     = "team"
	EntityCoach    = "coach"
	EntityStaff    = "staff"
	EntityHours    = "hours"
	EntityClient   = "client"
	EntityCarePlan = "care plan"
	EntityProposal = "proposal"
	EntityMeeting  = "meeting"
	EntityDecision = "decision"
	EntityRoster   = "roster"
	EntityDayPlan  = "visit plan"
	// EntityLog is a chained log, named by its Log ("audit", "access").
	EntityLog = "log"
)

// AuditEntry is one line of the audit log: every write leaves one, in the
// same transaction as the write itself.
type AuditEntry struct {
	// Seq orders the log: 1, 2, 3 … with no gaps, in the order the
	// writes committed.
	Seq int64
	// At is when the write was made (UTC, millisecond precision).
	At time.Time
	// Actor and Summary come from the write's Change.
	Actor   string
	Summary string
	// Entity is the kind of thing written (EntityTeam, EntityCarePlan, …)
	// and EntityID which one. An hours record is filed under the member's
	// ID, a decision under the decision's.
	Entity   string
	EntityID wijk.ID
	// Client is the client whose record the write changed: set for every
	// write of a client (EntityClient) or of one of their care plans
	// (EntityCarePlan), empty for the rest.
	Client wijk.ID
	// Action is what the write did.
	Action Action
}

// AuditQuery selects audit entries.
type AuditQuery struct {
	// EntityID, when set, keeps only the entries of that entity.
	EntityID wijk.ID
	// Entity, when set, keeps only the entries of that kind of entity
	// (EntityClient, …).
	Entity string
	// Client, when set, keeps only the writes of that client's record and
	// care plans.
	Client wijk.ID
	// After keeps only entries with Seq > After, for paging through the
	// log. Numbers are drawn in commit order on every backend (see
	// [Chains]), so a reader that follows the log as it grows may page on
	// from exactly the last Seq it saw.
	After int64
	// Limit caps the number of entries; 0 means no cap.
	Limit int
}

// AuditLog reads the append-only audit log. No method of any backend edits
// an entry, and only a purge ([Chains.Purge]) deletes one. The SQL backends
// refuse UPDATE and DELETE on the log's table even when asked directly;
// someone who drops that guard is found out by [Chains.Verify].
type AuditLog interface {
	// Audit returns the entries matching q in the order they were written.
	Audit(ctx context.Context, q AuditQuery) ([]AuditEntry, error)
}

// Store is everything wijk keeps: one repository per aggregate, the audit
// log, and transactions across them. Every backend (storage/memory,
// storage/sqlite, storage/postgres) implements it with the same behaviour;
// storage/storagetest proves it.
//
// Each write names who makes it and why (a [Change]) and leaves one line
// in the audit log in the same transaction. A Store is safe for concurrent
// use.
type Store interface {
	// Teams keeps teams.
	Teams() Teams
	// Coaches keeps coaches.
	Coaches() Coaches
	// Staff keeps the organisation's staff: people outside the teams with
	// a role such as the back office.
	Staff() Staff
	// Hours keeps the members' hours records, one per member and day.
	Hours() Hours
	// Clients keeps clients, each in the care of one team.
	Clients() Clients
	// CarePlans keeps care plans.
	CarePlans() CarePlans
	// Proposals keeps proposals.
	Proposals() Proposals
	// Meetings keeps meetings.
	Meetings() Meetings
	// DecisionLog keeps each team's append-only decision log.
	DecisionLog() DecisionLog
	// Rosters keeps the teams' rosters.
	Rosters() Rosters
	// DayPlans keeps the teams' visit plans, one or more per team and day.
	DayPlans() DayPlans
	// AuditLog reads the audit log.
	AuditLog
	// Access keeps the access log: every access to a client's record.
	Access() AccessLog
	// Chains verifies, anchors and purges the chained logs.
	Chains() Chains
	// InTx runs fn with a Store whose reads and writes all belong to one
	// transaction: they all take effect when fn returns nil, and none does
	// when fn returns an error or panics (the panic goes on after the
	// rollback). InTx within a transaction joins it.
	//
	// Inside fn use only tx, with the ctx fn is given: the outer Store
	// would wait for the transaction to end. A call on the outer Store
	// with that ctx fails at once with an error matching [ErrTxMisuse]
	// rather than block.
	InTx(ctx context.Context, fn func(ctx context.Context, tx Store) error) error
}

// Teams keeps teams. A team's hours records are kept apart, by [Hours].
type Teams interface {
	// Get returns the team and its version, or an error matching
	// wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*team.Team, Version, error)
	// Create stores a new team at version 1; an existing ID is a
	// wijk.ErrConflict.
	Create(ctx context.Context, t *team.Team, ch Change) (Version, error)
	// Update stores t over the version it was read at and returns the new
	// version. If the stored version is not expected, nothing changes and
	// the error matches wijk.ErrConflict. It also refuses (wijk.ErrConflict)
	// a team in which a membership ends before a day for which hours are
	// recorded for that member.
	Update(ctx context.Context, t *team.Team, expected Version, ch Change) (Version, error)
	// Members returns the team's current members, in the order they began.
	Members(ctx context.Context, id wijk.ID) ([]team.Member, error)
	// ListByPerson returns the IDs of the teams in which person has or had
	// a membership (a future one included), sorted: where to look for
	// what the person is on a day.
	ListByPerson(ctx context.Context, person wijk.ID) ([]wijk.ID, error)
	// List returns the IDs of every team, sorted.
	List(ctx context.Context) ([]wijk.ID, error)
}

// Coaches keeps coaches.
type Coaches interface {
	// Get returns the coach and its version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*team.Coach, Version, error)
	// Create stores a new coach at version 1.
	Create(ctx context.Context, c *team.Coach, ch Change) (Version, error)
	// Update stores c over version expected (wijk.ErrConflict if stale).
	Update(ctx context.Context, c *team.Coach, expected Version, ch Change) (Version, error)
}

// Staff keeps the organisation's staff, one record per person.
type Staff interface {
	// Get returns the staff member and their version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*team.Staff, Version, error)
	// Create stores a new staff member at version 1.
	Create(ctx context.Context, s *team.Staff, ch Change) (Version, error)
	// Update stores s over version expected (wijk.ErrConflict if stale).
	Update(ctx context.Context, s *team.Staff, expected Version, ch Change) (Version, error)
	// List returns every staff member, sorted by ID.
	List(ctx context.Context) ([]*team.Staff, error)
}

// Hours keeps hours records: one per member and day, each in the team the
// member belonged to that day, each with its own version.
type Hours interface {
	// Record stores a new record for a member of the team: the team must
	// exist and accept it ([team.Team.CheckHours]: wijk.ErrInvalid or
	// wijk.ErrNotFound otherwise), and a second record for the same member
	// and day is a wijk.ErrConflict. It returns version 1.
	Record(ctx context.Context, teamID wijk.ID, h team.HoursRecord, ch Change) (Version, error)
	// Correct replaces the record for the same member and day, stored at
	// version expected (wijk.ErrNotFound if there is none, wijk.ErrConflict
	// if it changed since).
	Correct(ctx context.Context, teamID wijk.ID, h team.HoursRecord, expected Version, ch Change) (Version, error)
	// Get returns the record of a member for a day and its version.
	Get(ctx context.Context, person wijk.ID, day wijk.Date) (team.HoursRecord, Version, error)
	// List returns the team's records for the days from–to (inclusive),
	// sorted by day, then person.
	List(ctx context.Context, teamID wijk.ID, from, to wijk.Date) ([]team.HoursRecord, error)
	// Month returns the team's records for one calendar month, sorted by
	// day, then person: the input of [team.Team.MonthFigures].
	Month(ctx context.Context, teamID wijk.ID, year int, month time.Month) ([]team.HoursRecord, error)
}

// Placement says in whose care a client is, as stored at the moment of a
// read: the client, the team, and the team's version. A reader that knows
// what it concluded from that version of the team (who its members were
// on a day) can tell from TeamVersion alone whether the conclusion still
// holds.
type Placement struct {
	// Client is the client.
	Client wijk.ID
	// Team is the team in whose care the client is.
	Team wijk.ID
	// TeamVersion is the team's version at the moment of the read.
	TeamVersion Version
}

// Clients keeps clients. Every client is in the care of one team, named
// when it is stored; an update may move the client to another team.
type Clients interface {
	// Get returns the client and its version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*careplan.Client, Version, error)
	// TeamOf returns the team that cares for the client.
	TeamOf(ctx context.Context, id wijk.ID) (wijk.ID, error)
	// GetPlaced returns the client, its version and its placement, read
	// at one moment.
	GetPlaced(ctx context.Context, id wijk.ID) (*careplan.Client, Version, Placement, error)
	// Placement returns the client's placement.
	Placement(ctx context.Context, id wijk.ID) (Placement, error)
	// Create stores a new client in teamID's care (the team must exist).
	Create(ctx context.Context, teamID wijk.ID, c *careplan.Client, ch Change) (Version, error)
	// Update stores c, in teamID's care, over version expected.
	Update(ctx context.Context, teamID wijk.ID, c *careplan.Client, expected Version, ch Change) (Version, error)
	// ListByTeam returns the clients in the team's care, sorted by ID.
	ListByTeam(ctx context.Context, teamID wijk.ID) ([]*careplan.Client, error)
	// ListByRepresentative returns the IDs of the clients that have
	// person registered as a representative, sorted.
	ListByRepresentative(ctx context.Context, person wijk.ID) ([]wijk.ID, error)
}

// CarePlans keeps care plans.
type CarePlans interface {
	// Get returns the plan and its version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*careplan.CarePlan, Version, error)
	// GetPlaced returns the plan, its version and its client's placement,
	// read at one moment, in one read: what a reader needs to decide
	// whether the person asking may see the plan.
	GetPlaced(ctx context.Context, id wijk.ID) (*careplan.CarePlan, Version, Placement, error)
	// Create stores a new plan; its client must be stored.
	Create(ctx context.Context, p *careplan.CarePlan, ch Change) (Version, error)
	// Update stores p over version expected.
	Update(ctx context.Context, p *careplan.CarePlan, expected Version, ch Change) (Version, error)
	// ListByClient returns the client's plans, oldest episode first.
	ListByClient(ctx context.Context, client wijk.ID) ([]*careplan.CarePlan, error)
	// ListByTeam returns the plans of every client in the team's care,
	// sorted by client, then oldest episode first.
	ListByTeam(ctx context.Context, teamID wijk.ID) ([]*careplan.CarePlan, error)
	// DueForReview returns the active plans of the team's clients whose
	// review date is on or before day, the most overdue first (ties by
	// plan ID), as [careplan.DueForReview] orders them.
	DueForReview(ctx context.Context, teamID wijk.ID, day wijk.Date) ([]*careplan.CarePlan, error)
}

// Proposals keeps proposals.
type Proposals interface {
	// Get returns the proposal and its version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*consensus.Proposal, Version, error)
	// Create stores a new proposal.
	Create(ctx context.Context, p *consensus.Proposal, ch Change) (Version, error)
	// Update stores p over version expected.
	Update(ctx context.Context, p *consensus.Proposal, expected Version, ch Change) (Version, error)
	// Open returns the team's proposals that are not in a final state,
	// oldest first (ties by ID).
	Open(ctx context.Context, teamID wijk.ID) ([]*consensus.Proposal, error)
}

// Meetings keeps meetings.
type Meetings interface {
	// Get returns the meeting and its version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*consensus.Meeting, Version, error)
	// Create stores a new meeting.
	Create(ctx context.Context, m *consensus.Meeting, ch Change) (Version, error)
	// Update stores m over version expected.
	Update(ctx context.Context, m *consensus.Meeting, expected Version, ch Change) (Version, error)
	// ListByTeam returns the team's meetings in the order they start.
	ListByTeam(ctx context.Context, teamID wijk.ID) ([]*consensus.Meeting, error)
}

// DecisionLog keeps each team's decision log. It only grows: no method
// changes or removes an entry.
type DecisionLog interface {
	// Append adds d to its team's log, after every check
	// [consensus.DecisionLog.Append] makes against the entries stored.
	// Two appends racing for the same place in one log: one wins, the
	// other fails with wijk.ErrConflict and may be retried.
	Append(ctx context.Context, d consensus.Decision, ch Change) error
	// Log returns the team's log, entries in the order they were
	// appended (time order). A team without decisions has an empty log.
	Log(ctx context.Context, teamID wijk.ID) (*consensus.DecisionLog, error)
}

// Rosters keeps the teams' rosters ([planning.Roster]), each for a period.
//
// A write checks the roster against what is stored, in its transaction:
//   - its team must be stored (wijk.ErrNotFound);
//   - an adopted roster names a decision of its team's decision log (a
//     decision that is not there is wijk.ErrNotFound), made no later than
//     the adoption (wijk.ErrInvalid), that adopts this roster as it is:
//     its payload is a consensus.AdoptRoster with the roster's ID
//     (wijk.ErrInvalid otherwise) and the digest of the roster as written
//     (planning.Roster.Digest; another digest, of the roster before a
//     revision, is wijk.ErrConflict). A decision taken by one member
//     through the advice process, or superseded by a later decision, is
//     wijk.ErrConflict;
//   - a superseded roster names a stored roster of the same team whose
//     period overlaps its own (wijk.ErrNotFound, wijk.ErrInvalid);
//   - at most one adopted roster of a team covers a day: adopting one
//     while another adopted roster of the team overlaps it is a
//     wijk.ErrConflict. Supersede the old roster first, in the same
//     transaction;
//   - an update keeps the roster's team and period (wijk.ErrInvalid); it
//     changes an adopted roster only to supersede it, and a superseded
//     one not at all (wijk.ErrConflict).
type Rosters interface {
	// Get returns the roster and its version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*planning.Roster, Version, error)
	// Create stores a new roster at version 1.
	Create(ctx context.Context, r *planning.Roster, ch Change) (Version, error)
	// Update stores r over version expected (wijk.ErrConflict if stale).
	Update(ctx context.Context, r *planning.Roster, expected Version, ch Change) (Version, error)
	// ListByTeam returns the team's rosters, in every status, whose period
	// overlaps the days from–to (inclusive), sorted by first day, then
	// oldest first.
	ListByTeam(ctx context.Context, teamID wijk.ID, from, to wijk.Date) ([]*planning.Roster, error)
	// Adopted returns the team's adopted roster whose period covers day
	// and its version, or wijk.ErrNotFound when there is none.
	Adopted(ctx context.Context, teamID wijk.ID, day wijk.Date) (*planning.Roster, Version, error)
}

// DayPlans keeps the teams' visit plans ([planning.DayPlan]), each for
// one day. A write checks the plan against what is stored as [Rosters]
// does: its team stored, its adopting decision in the team's decision log
// and adopting this plan as it is (consensus.AdoptDayPlan with the plan's
// ID and planning.DayPlan.Digest),
// the plan that superseded it a stored plan of the same team and day, at
// most one adopted plan per team and day, and an update that keeps the
// team and day and moves only forward.
type DayPlans interface {
	// Get returns the plan and its version, or wijk.ErrNotFound.
	Get(ctx context.Context, id wijk.ID) (*planning.DayPlan, Version, error)
	// Create stores a new plan at version 1.
	Create(ctx context.Context, d *planning.DayPlan, ch Change) (Version, error)
	// Update stores d over version expected (wijk.ErrConflict if stale).
	Update(ctx context.Context, d *planning.DayPlan, expected Version, ch Change) (Version, error)
	// ListByTeam returns the team's plans for day, in every status, oldest
	// first.
	ListByTeam(ctx context.Context, teamID wijk.ID, day wijk.Date) ([]*planning.DayPlan, error)
	// Adopted returns the team's adopted plan for day and its version, or
	// wijk.ErrNotFound when there is none.
	Adopted(ctx context.Context, teamID wijk.ID, day wijk.Date) (*planning.DayPlan, Version, error)
}
