package team

import (
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Roles returns the roles the team uses or used, standard ones first, then
// its own in the order it defined them. Retired roles are included with
// their Retired date.
func (t *Team) Roles() []Role { return slices.Clone(t.roles) }

// Assignments returns every role term the team recorded, current and past,
// in the order they began.
func (t *Team) Assignments() []RoleAssignment { return slices.Clone(t.assignments) }

// Handovers returns the record of every change of a role's holder, oldest
// first.
func (t *Team) Handovers() []Handover { return slices.Clone(t.handovers) }

// Holder returns the current holder of role and their term, or false when
// nobody holds it.
func (t *Team) Holder(role RoleName) (RoleAssignment, bool) {
	i, ok := t.currentAssignment(role)
	if !ok {
		return RoleAssignment{}, false
	}
	return t.assignments[i], true
}

// RolesOf returns the roles person currently holds, sorted by name.
func (t *Team) RolesOf(person wijk.ID) []RoleName {
	var out []RoleName
	for _, a := range t.assignments {
		if a.Holder == person && a.Current() {
			out = append(out, a.Role)
		}
	}
	slices.Sort(out)
	return out
}

func (t *Team) role(name RoleName) (int, bool) {
	for i, r := range t.roles {
		if r.Name == name {
			return i, true
		}
	}
	return 0, false
}

func (t *Team) currentAssignment(role RoleName) (int, bool) {
	for i := len(t.assignments) - 1; i >= 0; i-- {
		if t.assignments[i].Role == role && t.assignments[i].Current() {
			return i, true
		}
	}
	return 0, false
}

func (t *Team) checkNewRole(field string, d RoleDefinition) (Role, error) {
	name, err := parseRoleName(field+".name", d.Name)
	if err != nil {
		return Role{}, err
	}
	if err := valid.Text(field+".description", d.Description, valid.MaxText); err != nil {
		return Role{}, err
	}
	if i, ok := t.role(name); ok {
		if t.roles[i].Retired.IsZero() {
			return Role{}, wijk.Conflictf("team %s: role %q already exists", t.name, name)
		}
		return Role{}, wijk.Conflictf("team %s: role %q was retired on %v; restore it with ReviveRole", t.name, name, t.roles[i].Retired)
	}
	return Role{Name: name, Description: d.Description}, nil
}

// DefineRole adds a role of the team's own making. ref is optional (roles
// are informal); when the team decided it, pass the reference and it is
// stored with the role.
func (t *Team) DefineRole(ref DecisionRef, d RoleDefinition) error {
	if err := ref.validateOptional("decision"); err != nil {
		return err
	}
	r, err := t.checkNewRole("role", d)
	if err != nil {
		return err
	}
	r.Decision = ref
	t.roles = append(t.roles, r)
	return nil
}

// RetireRole stops the team using a role from day on: nobody may hold it
// then, and it is no longer listed as unheld. Its history stays.
func (t *Team) RetireRole(ref DecisionRef, role RoleName, on wijk.Date) error {
	if err := ref.validateOptional("decision"); err != nil {
		return err
	}
	if err := valid.Date("on", on); err != nil {
		return err
	}
	i, ok := t.role(role)
	if !ok {
		return wijk.NotFoundf("team %s: no role %q", t.name, role)
	}
	if !t.roles[i].Retired.IsZero() {
		return wijk.Conflictf("team %s: role %q is already retired", t.name, role)
	}
	if a, held := t.Holder(role); held {
		return wijk.Conflictf("team %s: role %q is held by %s; release it first", t.name, role, a.Holder)
	}
	t.roles[i].Retired, t.roles[i].Decision = on, ref
	return nil
}

// ReviveRole takes a retired role back into use.
func (t *Team) ReviveRole(ref DecisionRef, role RoleName) error {
	if err := ref.validateOptional("decision"); err != nil {
		return err
	}
	i, ok := t.role(role)
	if !ok {
		return wijk.NotFoundf("team %s: no role %q", t.name, role)
	}
	if t.roles[i].Retired.IsZero() {
		return wijk.Conflictf("team %s: role %q is in use", t.name, role)
	}
	t.roles[i].Retired, t.roles[i].Decision = wijk.Date{}, ref
	return nil
}

// checkAssign checks that holder may take role for the term from–until.
func (t *Team) checkAssign(field string, role RoleName, holder wijk.ID, from, until wijk.Date) error {
	if err := validateTerm(field, from, until); err != nil {
		return err
	}
	i, ok := t.role(role)
	if !ok {
		return wijk.NotFoundf("team %s: no role %q; define it first", t.name, role)
	}
	if !t.roles[i].Retired.IsZero() {
		return wijk.Conflictf("team %s: role %q was retired on %v", t.name, role, t.roles[i].Retired)
	}
	if err := holder.Validate(field + ".holder"); err != nil {
		return err
	}
	mi, ok := t.current(holder)
	if !ok {
		return wijk.NotFoundf("team %s: person %s is not a current member; only members hold roles", t.name, holder)
	}
	if from.Before(t.members[mi].Start) {
		return wijk.Conflictf("team %s: %s joined on %v, after the term starts (%v)", t.name, t.members[mi].Name, t.members[mi].Start, from)
	}
	return nil
}

func (t *Team) assign(role RoleName, holder wijk.ID, from, until wijk.Date, ref DecisionRef, now time.Time, note string) {
	prev := wijk.ID("")
	if i, ok := t.currentAssignment(role); ok {
		prev = t.assignments[i].Holder
		t.assignments[i].Ended = from
	}
	t.assignments = append(t.assignments, RoleAssignment{Role: role, Holder: holder, From: from, Until: until, Decision: ref})
	t.handovers = append(t.handovers, Handover{Role: role, From: prev, To: holder, On: from, At: now, Decision: ref, Note: note})
}

// AssignRole gives an unheld role to a current member for the term from–
// until (both days inclusive). ref is optional: roles are taken on
// informally; when the team decided it, pass the decision's reference and
// it is kept with the term and its record. A member may end up holding
// more roles than the norm: that is an advisory, not an error.
func (t *Team) AssignRole(ref DecisionRef, role RoleName, holder wijk.ID, from, until wijk.Date, now time.Time) error {
	if err := ref.validateOptional("decision"); err != nil {
		return err
	}
	if err := valid.Time("now", now); err != nil {
		return err
	}
	if err := t.checkAssign("term", role, holder, from, until); err != nil {
		return err
	}
	if a, held := t.Holder(role); held {
		return wijk.Conflictf("team %s: role %q is held by %s; hand it over instead", t.name, role, a.Holder)
	}
	t.assign(role, holder, from, until, ref, now, "")
	return nil
}

// HandOverRole passes a held role to another current member from day on,
// for a new term ending on until, and records the hand-over with the note
// (what was passed on, what is pending). The previous holder stops holding
// it on day on. ref is optional, as for [Team.AssignRole].
func (t *Team) HandOverRole(ref DecisionRef, role RoleName, to wijk.ID, on, until wijk.Date, note string, now time.Time) error {
	if err := ref.validateOptional("decision"); err != nil {
		return err
	}
	if err := valid.Time("now", now); err != nil {
		return err
	}
	if err := valid.Text("note", note, valid.MaxText); err != nil {
		return err
	}
	if err := t.checkAssign("term", role, to, on, until); err != nil {
		return err
	}
	i, held := t.currentAssignment(role)
	if !held {
		return wijk.Conflictf("team %s: nobody holds role %q; assign it instead", t.name, role)
	}
	cur := t.assignments[i]
	if cur.Holder == to {
		return wijk.Conflictf("team %s: %s already holds role %q", t.name, to, role)
	}
	if on.Before(cur.From) {
		return wijk.Conflictf("team %s: role %q is held since %v; the hand-over cannot take effect before that (%v)", t.name, role, cur.From, on)
	}
	t.assign(role, to, on, until, ref, now, note)
	return nil
}

// RenewTerm extends the current holder's term of role to until (a new
// agreed end), clearing a term-expired advisory.
func (t *Team) RenewTerm(ref DecisionRef, role RoleName, until wijk.Date) error {
	if err := ref.validateOptional("decision"); err != nil {
		return err
	}
	if err := valid.Date("until", until); err != nil {
		return err
	}
	i, held := t.currentAssignment(role)
	if !held {
		return wijk.Conflictf("team %s: nobody holds role %q", t.name, role)
	}
	if until.Before(t.assignments[i].From) {
		return wijk.Invalid("until", "must not be before the term started (%v), got %v", t.assignments[i].From, until)
	}
	t.assignments[i].Until = until
	if ref != "" {
		t.assignments[i].Decision = ref
	}
	return nil
}

// ReleaseRole ends the current holder's term of role on day on (they no
// longer hold it from that day), leaving the role unheld, and records it.
func (t *Team) ReleaseRole(ref DecisionRef, role RoleName, on wijk.Date, note string, now time.Time) error {
	if err := ref.validateOptional("decision"); err != nil {
		return err
	}
	if err := valid.Date("on", on); err != nil {
		return err
	}
	if err := valid.Time("now", now); err != nil {
		return err
	}
	if err := valid.Text("note", note, valid.MaxText); err != nil {
		return err
	}
	i, held := t.currentAssignment(role)
	if !held {
		return wijk.Conflictf("team %s: nobody holds role %q", t.name, role)
	}
	a := &t.assignments[i]
	if on.Before(a.From) {
		return wijk.Conflictf("team %s: role %q is held since %v; it cannot be released before that (%v)", t.name, role, a.From, on)
	}
	a.Ended = on
	t.handovers = append(t.handovers, Handover{Role: role, From: a.Holder, On: on, At: now, Decision: ref, Note: note})
	return nil
}
