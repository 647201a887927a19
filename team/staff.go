package team

import (
	"fmt"
	"slices"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
)

// StaffRole is a task the organisation gives a person outside the teams.
// Neither role makes anyone a manager: staff decide nothing for a team and
// never read a client's dossier. The zero value is not valid.
type StaffRole int

// The staff roles.
const (
	// StaffBackOffice: the back office, which pays, bills and reports. It
	// sees every team's figures (names shown, as the teams see each
	// other's) and hours records.
	StaffBackOffice StaffRole = iota + 1
	// StaffPrivacyOfficer: the person who checks who read and changed
	// what. It reads the whole audit log.
	StaffPrivacyOfficer
)

var staffRoleEnum = enum.New[StaffRole]("StaffRole", "role", "back office", "privacy officer")

// StaffRoles returns every valid StaffRole.
func StaffRoles() []StaffRole { return staffRoleEnum.Values() }

// Valid reports whether r is a defined role.
func (r StaffRole) Valid() bool { return staffRoleEnum.Valid(r) }

// String returns the role in words, e.g. "back office".
func (r StaffRole) String() string { return staffRoleEnum.String(r) }

// ParseStaffRole reads a role written by String.
func ParseStaffRole(s string) (StaffRole, error) { return staffRoleEnum.Parse(s) }

// MarshalText writes the staff role in words, e.g. "privacy officer"; a
// StaffRole that is not valid is refused with an error matching
// [wijk.ErrInvalid].
func (r StaffRole) MarshalText() ([]byte, error) { return staffRoleEnum.MarshalText(r) }

// UnmarshalText reads a staff role as [ParseStaffRole] does.
func (r *StaffRole) UnmarshalText(b []byte) error { return staffRoleEnum.UnmarshalText(b, r) }

// StaffGrant is one term in which a person holds a staff role: from From
// to Until, both days inclusive; a zero Until means the term runs until it
// is ended.
type StaffGrant struct {
	// Role is the role held.
	Role StaffRole `json:"role"`
	// From is the first day of the term.
	From wijk.Date `json:"from"`
	// Until is the last day of the term; zero while it runs.
	Until wijk.Date `json:"until"`
	// Reason says why the role was given (a contract, a job title).
	Reason string `json:"reason"`
}

// On reports whether the grant covers day d.
func (g StaffGrant) On(d wijk.Date) bool {
	return !d.Before(g.From) && (g.Until.IsZero() || !d.After(g.Until))
}

// Validate checks the grant's own rules; field names it in the error.
func (g StaffGrant) Validate(field string) error {
	if err := staffRoleEnum.Check(field+".role", g.Role); err != nil {
		return err
	}
	if err := valid.Date(field+".from", g.From); err != nil {
		return err
	}
	if !g.Until.IsZero() && g.Until.Before(g.From) {
		return wijk.Invalid(field+".until", "must not be before from (%s)", g.From)
	}
	return valid.Required(field+".reason", g.Reason, valid.MaxName)
}

// maxStaffGrants bounds the grants one person may collect.
const maxStaffGrants = 1000

// Staff is a person who works for the organisation outside the teams, with
// the roles they hold over time. The staff ID is the person's ID, as a
// coach's is.
type Staff struct {
	id     wijk.ID
	name   string
	grants []StaffGrant
}

// NewStaffParams describes a staff member.
type NewStaffParams struct {
	// ID is the person's ID. Required.
	ID wijk.ID
	// Name is the person's name. Required, one line.
	Name string
}

// NewStaff returns a staff member holding no role yet.
func NewStaff(p NewStaffParams) (*Staff, error) {
	if err := p.ID.Validate("id"); err != nil {
		return nil, err
	}
	if err := valid.Name("name", p.Name); err != nil {
		return nil, err
	}
	return &Staff{id: p.ID, name: p.Name}, nil
}

// ID returns the person's ID.
func (s *Staff) ID() wijk.ID { return s.id }

// Name returns the person's name.
func (s *Staff) Name() string { return s.name }

// Grants returns every term the person held a role, in the order given.
func (s *Staff) Grants() []StaffGrant { return slices.Clone(s.grants) }

// Holds reports whether the person holds role on day d.
func (s *Staff) Holds(role StaffRole, d wijk.Date) bool {
	for _, g := range s.grants {
		if g.Role == role && g.On(d) {
			return true
		}
	}
	return false
}

// Grant gives the person role from day from to until (zero: until it is
// ended), for reason. Terms of one role may not overlap
// (wijk.ErrConflict).
func (s *Staff) Grant(role StaffRole, from, until wijk.Date, reason string) error {
	g := StaffGrant{Role: role, From: from, Until: until, Reason: reason}
	if err := g.Validate("grant"); err != nil {
		return err
	}
	if len(s.grants) >= maxStaffGrants {
		return wijk.Invalid("grant", "a person may hold at most %d terms", maxStaffGrants)
	}
	for _, o := range s.grants {
		if o.Role == role && grantsOverlap(o, g) {
			return wijk.Conflictf("%s already holds the role %s from %s: end that term first", s.name, role, o.From)
		}
	}
	s.grants = append(s.grants, g)
	return nil
}

// End ends the running term of role with last as its last day
// (wijk.ErrNotFound when no term of the role runs then or later; a last day
// before the term began is wijk.ErrInvalid).
func (s *Staff) End(role StaffRole, last wijk.Date) error {
	if err := valid.Date("last", last); err != nil {
		return err
	}
	for i, g := range s.grants {
		if g.Role != role || (!g.Until.IsZero() && g.Until.Before(last)) {
			continue
		}
		if last.Before(g.From) {
			return wijk.Invalid("last", "must not be before the term began on %s", g.From)
		}
		s.grants[i].Until = last
		return nil
	}
	return wijk.NotFoundf("%s holds no term of the role %s that runs on %s", s.name, role, last)
}

func grantsOverlap(a, b StaffGrant) bool {
	aEndsBeforeB := !a.Until.IsZero() && a.Until.Before(b.From)
	bEndsBeforeA := !b.Until.IsZero() && b.Until.Before(a.From)
	return !aEndsBeforeB && !bEndsBeforeA
}

// StaffSnapshot is a staff member's full state, for storage.
type StaffSnapshot struct {
	// ID is the person's ID.
	ID wijk.ID `json:"id"`
	// Name is the person's name.
	Name string `json:"name"`
	// Grants are the terms of their roles, in the order given.
	Grants []StaffGrant `json:"grants"`
}

// Snapshot returns the full state; the slice is a copy.
func (s *Staff) Snapshot() StaffSnapshot {
	return StaffSnapshot{ID: s.id, Name: s.name, Grants: slices.Clone(s.grants)}
}

// RestoreStaff rebuilds a staff member from a snapshot, checking every rule
// NewStaff and Grant keep.
func RestoreStaff(snap StaffSnapshot) (*Staff, error) {
	s, err := NewStaff(NewStaffParams{ID: snap.ID, Name: snap.Name})
	if err != nil {
		return nil, err
	}
	for i, g := range snap.Grants {
		if err := s.Grant(g.Role, g.From, g.Until, g.Reason); err != nil {
			return nil, wijk.InField(fmt.Sprintf("grants[%d]", i), err)
		}
	}
	return s, nil
}
