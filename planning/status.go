package planning

import (
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Status says where a kept plan stands. The zero Status is not valid.
type Status int

// The statuses of a plan.
const (
	// Proposed: a solver or a planner made the plan; the team has not
	// decided on it. It may still be revised.
	Proposed Status = iota + 1
	// Adopted: a team decision adopted the plan; it is what the team
	// works to. It is no longer changed: a change is a re-plan.
	Adopted
	// Superseded: a re-plan replaced the plan. It is kept, as it was, for
	// the record.
	Superseded
)

var statusEnum = enum.New[Status]("Status", "status", "proposed", "adopted", "superseded")

// String returns "proposed", "adopted" or "superseded".
func (s Status) String() string { return statusEnum.String(s) }

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool { return statusEnum.Valid(s) }

// ParseStatus reads "proposed", "adopted" or "superseded".
func ParseStatus(s string) (Status, error) { return statusEnum.Parse(s) }

// MarshalText writes the status by its word, the form a stored plan
// keeps; the zero Status is refused with an error matching
// [wijk.ErrInvalid].
func (s Status) MarshalText() ([]byte, error) { return statusEnum.MarshalText(s) }

// UnmarshalText reads a status as [ParseStatus] does.
func (s *Status) UnmarshalText(b []byte) error { return statusEnum.UnmarshalText(b, s) }

// Adoption is the team decision that adopted a plan.
type Adoption struct {
	// Decision is the entry of the team's decision log that adopted the
	// plan.
	Decision wijk.ID
	// At is when the plan was adopted.
	At time.Time
}

// Supersession is the re-plan that replaced a plan.
type Supersession struct {
	// By is the plan (of the same kind and team) that replaced this one.
	By wijk.ID
	// At is when it was replaced.
	At time.Time
}

// lifecycle is the part a roster and a visit plan share: their ID, team,
// when they were made, and where they stand.
type lifecycle struct {
	id, team   wijk.ID
	createdAt  time.Time
	status     Status
	adoption   Adoption
	supersedes Supersession // the plan that superseded this one, when Superseded
}

// newLifecycle validates the common fields of a new plan.
func newLifecycle(id, team wijk.ID, createdAt time.Time) (lifecycle, error) {
	if err := id.Validate("id"); err != nil {
		return lifecycle{}, err
	}
	if err := team.Validate("team"); err != nil {
		return lifecycle{}, err
	}
	if err := valid.Time("createdAt", createdAt); err != nil {
		return lifecycle{}, err
	}
	return lifecycle{id: id, team: team, createdAt: createdAt, status: Proposed}, nil
}

// adopt moves a proposed plan to adopted by decision at at. kind names
// the plan in errors ("roster", "visit plan").
func (l *lifecycle) adopt(kind string, decision wijk.ID, at time.Time) error {
	if err := decision.Validate("decision"); err != nil {
		return err
	}
	if err := valid.Time("at", at); err != nil {
		return err
	}
	if l.status != Proposed {
		return wijk.Conflictf("%s %s is %s: only a proposed plan is adopted; make a new plan and adopt that", kind, l.id, l.status)
	}
	if at.Before(l.createdAt) {
		return wijk.Invalid("at", "must not be before the plan was made (%s)", l.createdAt.UTC().Format(time.RFC3339))
	}
	l.status = Adopted
	l.adoption = Adoption{Decision: decision, At: at}
	return nil
}

// supersede moves a proposed or adopted plan to superseded by plan by,
// at at.
func (l *lifecycle) supersede(kind string, by wijk.ID, at time.Time) error {
	if err := by.Validate("by"); err != nil {
		return err
	}
	if by == l.id {
		return wijk.Invalid("by", "a plan cannot supersede itself")
	}
	if err := valid.Time("at", at); err != nil {
		return err
	}
	if l.status == Superseded {
		return wijk.Conflictf("%s %s was already superseded by %s", kind, l.id, l.supersedes.By)
	}
	if !l.status.Valid() {
		return wijk.Conflictf("%s %s is %s: it cannot be superseded", kind, l.id, l.status)
	}
	from := l.createdAt
	if l.status == Adopted {
		from = l.adoption.At
	}
	if at.Before(from) {
		return wijk.Invalid("at", "must not be before the plan was made or adopted (%s)", from.UTC().Format(time.RFC3339))
	}
	l.status = Superseded
	l.supersedes = Supersession{By: by, At: at}
	return nil
}

// mustBeProposed refuses a change of a plan that is no longer proposed.
func (l *lifecycle) mustBeProposed(kind string) error {
	if l.status != Proposed {
		return wijk.Conflictf("%s %s is %s: only a proposed plan is changed; make a new plan instead", kind, l.id, l.status)
	}
	return nil
}

// PlanHeader is the stored form of what both kinds of plan share: their
// ID, team, when they were made and where they stand. It is embedded in
// [RosterSnapshot] and [DayPlanSnapshot].
type PlanHeader struct {
	// ID is the plan's ID, Team the team it is for.
	ID   wijk.ID `json:"id"`
	Team wijk.ID `json:"team"`
	// CreatedAt is when the plan was made.
	CreatedAt time.Time `json:"created_at"`
	// Status is where the plan stands.
	Status Status `json:"status"`
	// AdoptedBy and AdoptedAt are set for an adopted plan, and for a
	// superseded one that had been adopted.
	AdoptedBy wijk.ID   `json:"adopted_by"`
	AdoptedAt time.Time `json:"adopted_at"`
	// SupersededBy and SupersededAt are set for a superseded plan.
	SupersededBy wijk.ID   `json:"superseded_by"`
	SupersededAt time.Time `json:"superseded_at"`
}

func (l *lifecycle) snapshot() PlanHeader {
	return PlanHeader{
		ID: l.id, Team: l.team, CreatedAt: l.createdAt, Status: l.status,
		AdoptedBy: l.adoption.Decision, AdoptedAt: l.adoption.At,
		SupersededBy: l.supersedes.By, SupersededAt: l.supersedes.At,
	}
}

// restoreLifecycle rebuilds a lifecycle by replaying its transitions, so
// a stored plan keeps the same rules as one made in memory.
func restoreLifecycle(kind string, s PlanHeader) (lifecycle, error) {
	l, err := newLifecycle(s.ID, s.Team, s.CreatedAt)
	if err != nil {
		return lifecycle{}, err
	}
	if err := statusEnum.Check("status", s.Status); err != nil {
		return lifecycle{}, err
	}
	adopted := s.Status == Adopted || s.Status == Superseded && s.AdoptedBy != ""
	if adopted {
		if err := l.adopt(kind, s.AdoptedBy, s.AdoptedAt); err != nil {
			return lifecycle{}, wijk.InField("adopted", err)
		}
	} else if s.AdoptedBy != "" || !s.AdoptedAt.IsZero() {
		return lifecycle{}, wijk.Invalid("adoptedBy", "must be empty for a plan that was never adopted")
	}
	if s.Status == Superseded {
		if err := l.supersede(kind, s.SupersededBy, s.SupersededAt); err != nil {
			return lifecycle{}, wijk.InField("superseded", err)
		}
	} else if s.SupersededBy != "" || !s.SupersededAt.IsZero() {
		return lifecycle{}, wijk.Invalid("supersededBy", "must be empty for a plan that is not superseded")
	}
	return l, nil
}
