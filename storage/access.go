package storage

import (
	"context"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// AccessAction is what an access to a client's record did, in the words
// of NEN 7513.
type AccessAction string

// The actions of the access log.
const (
	// AccessRead: the record was read.
	AccessRead AccessAction = "read"
	// AccessCreate: a record was made (a client taken in, a care plan
	// written).
	AccessCreate AccessAction = "create"
	// AccessUpdate: a record was changed.
	AccessUpdate AccessAction = "update"
	// AccessExport: the record was handed out of wijk (a copy for the
	// client, a transfer).
	AccessExport AccessAction = "export"
	// AccessErase: the record was destroyed at the client's request. No
	// session method erases a record yet; the action is part of the log's
	// vocabulary so that a vendor's own erasure can be logged.
	AccessErase AccessAction = "erase"
	// AccessEmergency: the record was opened in an emergency by someone
	// outside the client's team ("breaking the glass").
	AccessEmergency AccessAction = "emergency"
)

// AccessRole is the capacity in which a person accessed a record.
type AccessRole string

// The roles of the access log.
const (
	// RoleMember: a member of a team (the client's own, or another in an
	// emergency).
	RoleMember AccessRole = "member"
	// RoleCoach: a team's coach.
	RoleCoach AccessRole = "coach"
	// RoleOrganisation: the organisation's staff (back office, privacy
	// officer).
	RoleOrganisation AccessRole = "organisation"
	// RoleClient: the client themself.
	RoleClient AccessRole = "client"
	// RoleRepresentative: a registered representative of the client.
	RoleRepresentative AccessRole = "representative"
	// RoleSystem: a process of the vendor's own.
	RoleSystem AccessRole = "system"
	// RoleNone: a person with no standing towards the record (always
	// refused).
	RoleNone AccessRole = "none"
)

// Outcome says whether an access was allowed.
type Outcome string

// The outcomes of the access log.
const (
	OutcomeAllowed Outcome = "allowed"
	OutcomeRefused Outcome = "refused"
)

// AccessEntry is one line of the access log: one access to a client's
// record, allowed or refused (NEN 7513: who, in which role, which client,
// what, when, from which application, on what grounds).
type AccessEntry struct {
	// Seq orders the log: 1, 2, 3 … with no gaps, in the order the
	// entries were committed.
	Seq int64
	// At is when the access was made (UTC, millisecond precision).
	At time.Time
	// Person is who accessed: a person's ID, or "system:NAME".
	Person string
	// Role is the capacity they acted in.
	Role AccessRole
	// Client is the data subject; empty only for a refused request that
	// named no client (a team's caseload).
	Client wijk.ID
	// Entity and EntityID name the record accessed (EntityClient,
	// EntityCarePlan, or EntityTeam for a refused caseload).
	Entity   string
	EntityID wijk.ID
	// Action is what was done.
	Action AccessAction
	// Purpose is the session's purpose ("care", "emergency", …) and
	// Reason its reason in words (required for an emergency).
	Purpose string
	Reason  string
	// Outcome is allowed or refused; Rule names the rule that decided.
	Outcome Outcome
	Rule    string
	// Application is the application or device the vendor named.
	Application string
}

// MaxAccessText bounds each text of an AccessEntry, in bytes.
const MaxAccessText = 1000

// Validate checks an entry before it is stored: a person, known action,
// role and outcome, a rule, a reason for an emergency, and every text one
// clean line.
func (e AccessEntry) Validate() error {
	if strings.TrimSpace(e.Person) == "" {
		return wijk.Invalid("access.person", "is required: every access names who made it")
	}
	if e.At.IsZero() {
		return wijk.Invalid("access.at", "is required")
	}
	if err := valid.Time("access.at", e.At); err != nil {
		return err
	}
	switch e.Action {
	case AccessRead, AccessCreate, AccessUpdate, AccessExport, AccessErase, AccessEmergency:
	default:
		return wijk.Invalid("access.action", "must be read, create, update, export, erase or emergency, got %q", e.Action)
	}
	switch e.Role {
	case RoleMember, RoleCoach, RoleOrganisation, RoleClient, RoleRepresentative, RoleSystem, RoleNone:
	default:
		return wijk.Invalid("access.role", "must be member, coach, organisation, client, representative, system or none, got %q", e.Role)
	}
	switch e.Outcome {
	case OutcomeAllowed, OutcomeRefused:
	default:
		return wijk.Invalid("access.outcome", "must be allowed or refused, got %q", e.Outcome)
	}
	if e.Client == "" && e.Outcome == OutcomeAllowed {
		return wijk.Invalid("access.client", "is required for an allowed access: name whose record was accessed")
	}
	if e.Rule == "" {
		return wijk.Invalid("access.rule", "is required: name the rule that decided")
	}
	if e.Action == AccessEmergency && strings.TrimSpace(e.Reason) == "" {
		return wijk.Invalid("access.reason", "is required for emergency access")
	}
	for _, f := range []struct{ name, v string }{
		{"access.person", e.Person}, {"access.client", string(e.Client)}, {"access.entity", e.Entity},
		{"access.entityID", string(e.EntityID)}, {"access.purpose", e.Purpose}, {"access.reason", e.Reason},
		{"access.rule", e.Rule}, {"access.application", e.Application},
	} {
		if err := valid.Line(f.name, f.v, MaxAccessText); err != nil {
			return err
		}
	}
	return nil
}

// AccessQuery selects access entries. Every field set must hold.
type AccessQuery struct {
	// Client keeps the accesses to one client's record.
	Client wijk.ID
	// Person keeps one person's accesses.
	Person string
	// From and To keep the accesses made at or after From and before To
	// (either may be zero).
	From, To time.Time
	// Action keeps one kind of access.
	Action AccessAction
	// Outcome keeps the allowed or the refused.
	Outcome Outcome
	// After keeps entries with Seq > After: the next page starts after the
	// last Seq of the one before.
	After int64
	// Limit caps the number of entries; 0 means no cap.
	Limit int
}

// Validate checks the query.
func (q AccessQuery) Validate() error {
	if q.Limit < 0 || q.After < 0 {
		return wijk.Invalid("query", "limit and after must not be negative")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return wijk.Invalid("query.to", "must not be before query.from")
	}
	return nil
}

// AccessLog keeps the access log: who saw or changed which client's
// record, when, why, and with what outcome. It only grows, except by a
// purge ([Chains.Purge]) of entries past their retention.
type AccessLog interface {
	// Append adds entries, in order. Inside a transaction they commit with
	// it (and vanish with a rollback). Outside one, Append returns once
	// the entries are durable; concurrent Appends are committed together,
	// so many readers share one commit. A context that ends while the
	// commit is under way does not stop it (it serves the other callers
	// too): Append then returns nil, the entries being kept.
	Append(ctx context.Context, entries ...AccessEntry) error
	// List returns the entries q selects, oldest first.
	List(ctx context.Context, q AccessQuery) ([]AccessEntry, error)
}
