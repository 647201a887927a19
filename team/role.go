package team

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// RoleName names a role in a team. Names are lower case with single spaces
// ("team player"); [ParseRoleName] brings any spelling into that form.
type RoleName string

// The six standard roles every team starts with. Everyone's main role is
// care; these spread the work besides care over the members.
const (
	// RolePlanner makes the work schedules.
	RolePlanner RoleName = "planner"
	// RoleInformer reports the team's productivity figures.
	RoleInformer RoleName = "informer"
	// RoleHousekeeper looks after the office, expenses and budget.
	RoleHousekeeper RoleName = "housekeeper"
	// RoleDeveloper brings in what other teams learnt.
	RoleDeveloper RoleName = "developer"
	// RoleMentor welcomes new members and supports colleagues after hard
	// events.
	RoleMentor RoleName = "mentor"
	// RoleTeamPlayer watches the team's dynamics and meeting discipline.
	RoleTeamPlayer RoleName = "team player"
)

// StandardRoles returns the six standard roles in their usual order.
func StandardRoles() []RoleName {
	return []RoleName{RolePlanner, RoleInformer, RoleHousekeeper, RoleDeveloper, RoleMentor, RoleTeamPlayer}
}

// IsStandard reports whether r is one of the six standard roles.
func (r RoleName) IsStandard() bool {
	for _, s := range StandardRoles() {
		if r == s {
			return true
		}
	}
	return false
}

// maxRoleName is the longest role name, in characters.
const maxRoleName = 60

// ParseRoleName trims s, lower-cases it and collapses inner white space,
// then checks it: 1 to 60 characters, one line. The error matches
// [wijk.ErrInvalid] and names the field "role".
func ParseRoleName(s string) (RoleName, error) { return parseRoleName("role", s) }

func parseRoleName(field, s string) (RoleName, error) {
	if !utf8.ValidString(s) {
		return "", wijk.Invalid(field, "must be valid UTF-8")
	}
	if strings.ContainsAny(s, "\x00\r\n") {
		return "", wijk.Invalid(field, "must be a single line without NUL characters")
	}
	t := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if t == "" {
		return "", wijk.Invalid(field, "is required")
	}
	if n := utf8.RuneCountInString(t); n > maxRoleName {
		return "", wijk.Invalid(field, "must be at most %d characters, got %d", maxRoleName, n)
	}
	return RoleName(t), nil
}

// Validate reports whether r is a role name in canonical form.
func (r RoleName) Validate(field string) error {
	c, err := parseRoleName(field, string(r))
	if err != nil {
		return err
	}
	if c != r {
		return wijk.Invalid(field, "must be in canonical form %q, got %q", string(c), string(r))
	}
	return nil
}

// String returns the role name.
func (r RoleName) String() string { return string(r) }

// Role is a role a team uses: one of the standard six or one the team
// defined itself ("wound care specialist", "intake").
type Role struct {
	// Name names the role.
	Name RoleName `json:"name"`
	// Description says what the role does; optional.
	Description string `json:"description"`
	// Standard reports whether it is one of [StandardRoles].
	Standard bool `json:"standard"`
	// Retired is the day the team stopped using the role; zero while in
	// use. A retired role keeps its history.
	Retired wijk.Date `json:"retired"`
	// Decision is the decision that defined or retired the role, if any.
	Decision DecisionRef `json:"decision"`
}

// RoleDefinition is a team-defined role given when founding a team or to
// [Team.DefineRole].
type RoleDefinition struct {
	// Name names the role; it is brought into canonical form.
	Name string
	// Description says what the role does; optional, at most 10000
	// characters.
	Description string
}

// Validate checks r and stored role invariants; field prefixes the path.
func (r Role) Validate(field string) error {
	if err := r.Name.Validate(field + ".name"); err != nil {
		return err
	}
	if err := valid.Text(field+".description", r.Description, valid.MaxText); err != nil {
		return err
	}
	if r.Standard != r.Name.IsStandard() {
		return wijk.Invalid(field+".standard", "must be true exactly for the six standard roles")
	}
	return r.Decision.validateOptional(field + ".decision")
}

// RoleAssignment is one term of one member holding one role. A role held
// by three people in turn has three assignments; the team keeps them all.
type RoleAssignment struct {
	// Role is the role held.
	Role RoleName `json:"role"`
	// Holder is the person holding it.
	Holder wijk.ID `json:"holder"`
	// From is the first day of the term.
	From wijk.Date `json:"from"`
	// Until is the last day of the agreed term. Holding a role past Until
	// is allowed but listed as an advisory: the team should renew or hand
	// over.
	Until wijk.Date `json:"until"`
	// Ended is the day the holder stopped holding the role (no longer held
	// from that day on); zero while held. It may fall before or after
	// Until.
	Ended wijk.Date `json:"ended"`
	// Decision is the decision that gave the role, if the team decided it.
	Decision DecisionRef `json:"decision"`
}

// HeldOn reports whether the assignment covers day d: From ≤ d and, once
// it has ended, d < Ended.
func (a RoleAssignment) HeldOn(d wijk.Date) bool {
	if d.IsZero() || d.Before(a.From) {
		return false
	}
	return a.Ended.IsZero() || d.Before(a.Ended)
}

// Current reports whether the assignment still runs.
func (a RoleAssignment) Current() bool { return a.Ended.IsZero() }

// Validate checks the assignment's own invariants.
func (a RoleAssignment) Validate(field string) error {
	if err := a.Role.Validate(field + ".role"); err != nil {
		return err
	}
	if err := a.Holder.Validate(field + ".holder"); err != nil {
		return err
	}
	if err := validateTerm(field, a.From, a.Until); err != nil {
		return err
	}
	if !a.Ended.IsZero() && a.Ended.Before(a.From) {
		return wijk.Invalid(field+".ended", "must not be before from %v, got %v", a.From, a.Ended)
	}
	return a.Decision.validateOptional(field + ".decision")
}

func validateTerm(field string, from, until wijk.Date) error {
	if err := valid.Date(field+".from", from); err != nil {
		return err
	}
	if err := valid.Date(field+".until", until); err != nil {
		return err
	}
	if until.Before(from) {
		return wijk.Invalid(field+".until", "must not be before from %v, got %v", from, until)
	}
	return nil
}

// Handover records one change of a role's holder: a first assignment (From
// empty), a hand-over from one member to another, or a release (To empty),
// for instance when the holder leaves the team.
type Handover struct {
	// Role is the role that changed hands.
	Role RoleName `json:"role"`
	// From is the previous holder; empty for a first assignment.
	From wijk.ID `json:"from"`
	// To is the new holder; empty when the role was released.
	To wijk.ID `json:"to"`
	// On is the day the change took effect.
	On wijk.Date `json:"on"`
	// At is when the change was recorded.
	At time.Time `json:"at"`
	// Decision is the team decision behind the change, if any.
	Decision DecisionRef `json:"decision"`
	// Note is free text: what was handed over, what is pending.
	Note string `json:"note"`
}

// Validate checks the record's own invariants.
func (h Handover) Validate(field string) error {
	if err := h.Role.Validate(field + ".role"); err != nil {
		return err
	}
	if h.From == "" && h.To == "" {
		return wijk.Invalid(field, "needs a previous holder, a new holder, or both")
	}
	if h.From != "" {
		if err := h.From.Validate(field + ".from"); err != nil {
			return err
		}
	}
	if h.To != "" {
		if err := h.To.Validate(field + ".to"); err != nil {
			return err
		}
	}
	if h.From == h.To {
		return wijk.Invalid(field+".to", "must differ from the previous holder")
	}
	if err := valid.Date(field+".on", h.On); err != nil {
		return err
	}
	if err := valid.Time(field+".at", h.At); err != nil {
		return err
	}
	if err := h.Decision.validateOptional(field + ".decision"); err != nil {
		return err
	}
	return valid.Text(field+".note", h.Note, valid.MaxText)
}
