package team

import (
	"slices"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// maxRecords bounds each list in a snapshot, so a corrupt or hostile
// snapshot cannot make restoring run away.
const maxRecords = 1_000_000

// TeamSnapshot is a team's full state, for storage: everything a Team
// holds, in exported fields. [Team.Snapshot] fills it, [RestoreTeam]
// rebuilds a Team from it after checking every rule a Team keeps.
type TeamSnapshot struct {
	ID            wijk.ID       `json:"id"`
	Name          string        `json:"name"`
	Neighbourhood Neighbourhood `json:"neighbourhood"`
	Founded       wijk.Date     `json:"founded"`
	Norms         Norms         `json:"norms"`
	Coach         wijk.ID       `json:"coach"`
	// Members holds every membership, past and present, in the order they
	// began.
	Members []Member `json:"members"`
	// Roles holds every role the team uses or used.
	Roles []Role `json:"roles"`
	// Assignments holds every role term, in the order they began.
	Assignments []RoleAssignment `json:"assignments"`
	// Handovers holds every change of a role's holder, oldest first.
	Handovers   []Handover   `json:"handovers"`
	NormChanges []NormChange `json:"norm_changes"`
	// AreaChanges holds every decided change of the neighbourhood, oldest
	// first.
	AreaChanges []AreaChange      `json:"area_changes"`
	Coaching    []CoachingRequest `json:"coaching"`
}

// Snapshot returns the team's full state. The snapshot shares nothing with
// the team.
func (t *Team) Snapshot() TeamSnapshot {
	return TeamSnapshot{
		ID: t.id, Name: t.name, Neighbourhood: t.hood.clone(), Founded: t.founded, Norms: t.norms, Coach: t.coach,
		Members:     slices.Clone(t.members),
		Roles:       slices.Clone(t.roles),
		Assignments: slices.Clone(t.assignments),
		Handovers:   slices.Clone(t.handovers),
		NormChanges: slices.Clone(t.normChanges),
		AreaChanges: t.AreaChanges(),
		Coaching:    slices.Clone(t.coaching),
	}
}

// RestoreTeam rebuilds a team from a snapshot. It checks every rule a Team
// keeps (each record on its own, and across records: one running
// membership per person with no overlapping periods, roles held by members,
// at most one holder per role, …) and
// returns an error matching [wijk.ErrInvalid] that names the offending
// field when the snapshot breaks one.
func RestoreTeam(s TeamSnapshot) (*Team, error) {
	if err := s.ID.Validate("id"); err != nil {
		return nil, err
	}
	if err := valid.Name("name", s.Name); err != nil {
		return nil, err
	}
	hood, err := s.Neighbourhood.normalised("neighbourhood")
	if err != nil {
		return nil, err
	}
	if !slices.Equal(hood.Postcodes, s.Neighbourhood.Postcodes) {
		return nil, wijk.Invalid("neighbourhood.postcodes", "must be canonical, sorted and without duplicates")
	}
	if err := valid.Date("founded", s.Founded); err != nil {
		return nil, err
	}
	if err := s.Norms.Validate("norms"); err != nil {
		return nil, err
	}
	if s.Coach != "" {
		if err := s.Coach.Validate("coach"); err != nil {
			return nil, err
		}
	}
	// A fixed order, so that the error names the same field every time.
	for _, c := range []struct {
		name string
		n    int
	}{{"members", len(s.Members)}, {"roles", len(s.Roles)}, {"assignments", len(s.Assignments)},
		{"handovers", len(s.Handovers)}, {"normChanges", len(s.NormChanges)}, {"areaChanges", len(s.AreaChanges)},
		{"coaching", len(s.Coaching)}} {
		if c.n > maxRecords {
			return nil, wijk.Invalid(c.name, "must hold at most %d records, got %d", maxRecords, c.n)
		}
	}
	t := &Team{id: s.ID, name: s.Name, hood: hood, founded: s.Founded, norms: s.Norms, coach: s.Coach}

	for i, m := range s.Members {
		field := "members[" + itoa(i) + "]"
		if err := m.Validate(field); err != nil {
			return nil, err
		}
		if m.Start.Before(s.Founded) {
			return nil, wijk.Invalid(field+".start", "must not be before the team was founded (%v)", s.Founded)
		}
		if m.Person == s.Coach && m.Current() {
			return nil, wijk.Invalid(field+".person", "is the team's coach; a coach is never a member")
		}
		if i > 0 && m.Start.Before(s.Members[i-1].Start) {
			return nil, wijk.Invalid(field+".start", "members must be in the order they began")
		}
		if j, ok := t.lastMembership(m.Person); ok {
			prev := t.members[j]
			if prev.Current() || !m.Start.After(prev.End) {
				return nil, wijk.Invalid(field, "overlaps an earlier membership of person %s", m.Person)
			}
		}
		t.members = append(t.members, m)
	}

	for i, r := range s.Roles {
		field := "roles[" + itoa(i) + "]"
		if err := r.Validate(field); err != nil {
			return nil, err
		}
		if _, ok := t.role(r.Name); ok {
			return nil, wijk.Invalid(field+".name", "role %q appears twice", r.Name)
		}
		t.roles = append(t.roles, r)
	}
	for _, std := range StandardRoles() {
		if _, ok := t.role(std); !ok {
			return nil, wijk.Invalid("roles", "must include the standard role %q", std)
		}
	}

	for i, a := range s.Assignments {
		field := "assignments[" + itoa(i) + "]"
		if err := a.Validate(field); err != nil {
			return nil, err
		}
		ri, ok := t.role(a.Role)
		if !ok {
			return nil, wijk.Invalid(field+".role", "names no role of the team: %q", a.Role)
		}
		if a.Current() && !t.roles[ri].Retired.IsZero() {
			return nil, wijk.Invalid(field, "role %q is retired but still held", a.Role)
		}
		if a.Current() && !t.IsMember(a.Holder) {
			return nil, wijk.Invalid(field+".holder", "is not a current member but still holds role %q", a.Role)
		}
		if !t.memberOn(a.Holder, a.From) {
			return nil, wijk.Invalid(field+".holder", "was not a member on %v when the term began", a.From)
		}
		if a.Current() {
			if _, held := t.currentAssignment(a.Role); held {
				return nil, wijk.Invalid(field, "role %q has two current holders", a.Role)
			}
		}
		t.assignments = append(t.assignments, a)
	}
	for i, h := range s.Handovers {
		field := "handovers[" + itoa(i) + "]"
		if err := h.Validate(field); err != nil {
			return nil, err
		}
		if _, ok := t.role(h.Role); !ok {
			return nil, wijk.Invalid(field+".role", "names no role of the team: %q", h.Role)
		}
		t.handovers = append(t.handovers, h)
	}
	for i, n := range s.NormChanges {
		field := "normChanges[" + itoa(i) + "]"
		if err := valid.Time(field+".at", n.At); err != nil {
			return nil, err
		}
		if err := n.Decision.Validate(field + ".decision"); err != nil {
			return nil, err
		}
		if err := n.From.Validate(field + ".from"); err != nil {
			return nil, err
		}
		if err := n.To.Validate(field + ".to"); err != nil {
			return nil, err
		}
		t.normChanges = append(t.normChanges, n)
	}
	for i, c := range s.AreaChanges {
		field := "areaChanges[" + itoa(i) + "]"
		if err := valid.Time(field+".at", c.At); err != nil {
			return nil, err
		}
		if err := c.Decision.Validate(field + ".decision"); err != nil {
			return nil, err
		}
		from, err := c.From.normalised(field + ".from")
		if err != nil {
			return nil, err
		}
		to, err := c.To.normalised(field + ".to")
		if err != nil {
			return nil, err
		}
		t.areaChanges = append(t.areaChanges, AreaChange{At: c.At, Decision: c.Decision, From: from, To: to})
	}
	for i, r := range s.Coaching {
		field := "coaching[" + itoa(i) + "]"
		if err := r.Validate(field); err != nil {
			return nil, err
		}
		if _, ok := t.coachingIndex(r.ID); ok {
			return nil, wijk.Invalid(field+".id", "request %s appears twice", r.ID)
		}
		t.coaching = append(t.coaching, r)
	}
	return t, nil
}
