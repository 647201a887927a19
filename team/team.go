package team

import (
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// maxFounders bounds the members a team may be founded with.
const maxFounders = maxSizeNorm

// Team is a self-managing neighbourhood team: its name and area, its
// members past and present, the roles they hold, its norms, its coach, its
// and its coaching requests. There is no manager field: the team owns its
// work. The members' hours records are kept outside the team (see
// [HoursRecord] and [Team.CheckHours]).
//
// Every change that a team decides (a hire, a departure, a split, a norm)
// goes through a method that takes the [DecisionRef] of the adopted
// decision and stores it with the change. A Team is not safe for
// concurrent use; the code that holds it (a repository, a simulation)
// serialises access.
type Team struct {
	id          wijk.ID
	name        string
	hood        Neighbourhood
	founded     wijk.Date
	norms       Norms
	coach       wijk.ID
	members     []Member
	roles       []Role
	assignments []RoleAssignment
	handovers   []Handover
	normChanges []NormChange
	areaChanges []AreaChange
	coaching    []CoachingRequest
}

// InitialRole gives a role to a founding member when a team is founded.
type InitialRole struct {
	// Role names a standard role or one of the team's custom roles.
	Role string
	// Holder is a founding member's person ID.
	Holder wijk.ID
	// Until is the last day of the first term.
	Until wijk.Date
}

// NewTeamParams describes a team being founded: a fresh start, with its
// first members, its area and its first roles at once. No decision is
// needed: the founders are the team.
type NewTeamParams struct {
	// ID identifies the team. Required.
	ID wijk.ID
	// Name is the team's name. Required, one line.
	Name string
	// Neighbourhood is the area the team serves. Required.
	Neighbourhood Neighbourhood
	// Founded is the team's first day; the founders' memberships start
	// then. Required.
	Founded wijk.Date
	// Norms are the team's norms; the zero Norms means [DefaultNorms].
	Norms Norms
	// Members are the founders: at least one, at most 100, each person
	// once.
	Members []MemberParams
	// CustomRoles are roles the team defines besides the standard six.
	CustomRoles []RoleDefinition
	// Roles are the first role assignments; each term starts on Founded.
	Roles []InitialRole
	// Coach is the coach the team starts with; optional. A coach is never a
	// member.
	Coach wijk.ID
	// Now is when the founding is recorded (stamped on the role records).
	// Required.
	Now time.Time
}

// NewTeam founds a team: it validates everything in p and returns the team
// with its founders active from p.Founded, the six standard roles plus the
// custom ones, and the initial role assignments recorded as hand-overs.
// Nothing is kept if any part of p is invalid.
func NewTeam(p NewTeamParams) (*Team, error) {
	if err := p.ID.Validate("id"); err != nil {
		return nil, err
	}
	if err := valid.Name("name", p.Name); err != nil {
		return nil, err
	}
	hood, err := p.Neighbourhood.normalised("neighbourhood")
	if err != nil {
		return nil, err
	}
	if err := valid.Date("founded", p.Founded); err != nil {
		return nil, err
	}
	norms := p.Norms
	if norms == (Norms{}) {
		norms = DefaultNorms()
	}
	if err := norms.Validate("norms"); err != nil {
		return nil, err
	}
	if err := valid.Time("now", p.Now); err != nil {
		return nil, err
	}
	if p.Coach != "" {
		if err := p.Coach.Validate("coach"); err != nil {
			return nil, err
		}
	}
	if len(p.Members) == 0 {
		return nil, wijk.Invalid("members", "a team is founded with at least one member")
	}
	if len(p.Members) > maxFounders {
		return nil, wijk.Invalid("members", "must be at most %d founders, got %d", maxFounders, len(p.Members))
	}
	t := &Team{id: p.ID, name: p.Name, hood: hood, founded: p.Founded, norms: norms, coach: p.Coach}
	for i, m := range p.Members {
		field := "members[" + itoa(i) + "]"
		if err := m.Validate(field); err != nil {
			return nil, err
		}
		if m.Person == p.Coach {
			return nil, wijk.Invalid(field+".person", "is the team's coach; a coach is never a member")
		}
		if _, ok := t.current(m.Person); ok {
			return nil, wijk.Invalid(field+".person", "person %s is listed twice", m.Person)
		}
		t.members = append(t.members, Member{
			Person: m.Person, Name: m.Name, Level: m.Level, ContractPerWeek: m.ContractPerWeek,
			Start: p.Founded, Status: StatusActive, Joined: JoinFounder,
		})
	}
	for _, r := range StandardRoles() {
		t.roles = append(t.roles, Role{Name: r, Standard: true})
	}
	for i, d := range p.CustomRoles {
		r, err := t.checkNewRole("customRoles["+itoa(i)+"]", d)
		if err != nil {
			return nil, err
		}
		t.roles = append(t.roles, r)
	}
	for i, ir := range p.Roles {
		field := "roles[" + itoa(i) + "]"
		name, err := parseRoleName(field+".role", ir.Role)
		if err != nil {
			return nil, err
		}
		if _, held := t.currentAssignment(name); held {
			return nil, wijk.Invalid(field+".role", "the role %q is given twice; a role has one holder at a time", name)
		}
		if err := t.checkAssign(field, name, ir.Holder, p.Founded, ir.Until); err != nil {
			return nil, err
		}
		t.assign(name, ir.Holder, p.Founded, ir.Until, "", p.Now, "role given at the founding of the team")
	}
	return t, nil
}

// ID returns the team's ID.
func (t *Team) ID() wijk.ID { return t.id }

// Name returns the team's name.
func (t *Team) Name() string { return t.name }

// Neighbourhood returns the area the team serves.
func (t *Team) Neighbourhood() Neighbourhood { return t.hood.clone() }

// Founded returns the team's first day.
func (t *Team) Founded() wijk.Date { return t.founded }

// Norms returns the team's current norms.
func (t *Team) Norms() Norms { return t.norms }

// Coach returns the team's coach, or "" when it has none.
func (t *Team) Coach() wijk.ID { return t.coach }

// Members returns the current memberships (active or on leave), in the
// order they joined.
func (t *Team) Members() []Member {
	var out []Member
	for _, m := range t.members {
		if m.Current() {
			out = append(out, m)
		}
	}
	return out
}

// MembersOn returns the memberships that cover day d, in the order they
// joined.
func (t *Team) MembersOn(d wijk.Date) []Member {
	var out []Member
	for _, m := range t.members {
		if m.On(d) {
			out = append(out, m)
		}
	}
	return out
}

// History returns every membership the team ever had, in the order they
// began, including those that ended.
func (t *Team) History() []Member { return slices.Clone(t.members) }

// Member returns the person's current membership, or false if the person
// is not a current member.
func (t *Team) Member(person wijk.ID) (Member, bool) {
	i, ok := t.current(person)
	if !ok {
		return Member{}, false
	}
	return t.members[i], true
}

// IsMember reports whether person is a current member (active or on
// leave). Coaches never are.
func (t *Team) IsMember(person wijk.ID) bool {
	_, ok := t.current(person)
	return ok
}

// MayDecide reports whether person takes part in the team's decisions:
// only active members do. Members on leave, former members and the coach
// do not; a coach never votes and never adopts.
func (t *Team) MayDecide(person wijk.ID) bool {
	i, ok := t.current(person)
	return ok && t.members[i].Status == StatusActive
}

// Decisionmakers returns the person IDs of the active members, sorted: the
// people whose consent a team decision needs.
func (t *Team) Decisionmakers() []wijk.ID {
	var out []wijk.ID
	for _, m := range t.members {
		if m.Status == StatusActive {
			out = append(out, m.Person)
		}
	}
	slices.Sort(out)
	return out
}

// Size returns the number of current members (active or on leave).
func (t *Team) Size() int {
	n := 0
	for _, m := range t.members {
		if m.Current() {
			n++
		}
	}
	return n
}

// current returns the index of person's running membership.
func (t *Team) current(person wijk.ID) (int, bool) {
	for i := len(t.members) - 1; i >= 0; i-- {
		if t.members[i].Person == person && t.members[i].Current() {
			return i, true
		}
	}
	return 0, false
}

// lastMembership returns the index of person's latest membership, running
// or ended.
func (t *Team) lastMembership(person wijk.ID) (int, bool) {
	for i := len(t.members) - 1; i >= 0; i-- {
		if t.members[i].Person == person {
			return i, true
		}
	}
	return 0, false
}

// Hire applies an adopted team decision to take a person on: the person
// joins on start as an active member, and ref is stored with the
// membership. Without a decision reference the join is refused with an
// error matching [wijk.ErrInvalid]. A coach cannot be hired into the team
// they coach ([wijk.ErrForbidden]); a current member cannot join twice,
// and a former member can only rejoin after their last day
// ([wijk.ErrConflict]).
//
// Hire sees only this team. A person is in one team at a time: the caller
// that can see the person's other memberships checks them first with
// [CheckCanJoin].
func (t *Team) Hire(ref DecisionRef, start wijk.Date, m MemberParams) error {
	if err := ref.Validate("decision"); err != nil {
		return err
	}
	if err := valid.Date("start", start); err != nil {
		return err
	}
	if err := m.Validate("member"); err != nil {
		return err
	}
	if start.Before(t.founded) {
		return wijk.Invalid("start", "must not be before the team was founded (%v), got %v", t.founded, start)
	}
	if m.Person == t.coach {
		return wijk.Forbiddenf("team %s: person %s is the team's coach, and a coach is never a member", t.name, m.Person)
	}
	if _, ok := t.current(m.Person); ok {
		return wijk.Conflictf("team %s: person %s is already a member", t.name, m.Person)
	}
	if i, ok := t.lastMembership(m.Person); ok && !start.After(t.members[i].End) {
		return wijk.Conflictf("team %s: person %s was a member until %v and can rejoin from %v on",
			t.name, m.Person, t.members[i].End, t.members[i].End.AddDays(1))
	}
	t.members = append(t.members, Member{
		Person: m.Person, Name: m.Name, Level: m.Level, ContractPerWeek: m.ContractPerWeek,
		Start: start, Status: StatusActive, Joined: JoinHired, JoinDecision: ref,
	})
	return nil
}

// Leave applies an adopted team decision that a member leaves: last is
// their last day in the team, and ref is stored with the membership. The
// roles they hold are released from the day after, each with a hand-over
// record stamped now. The membership stays in the history with status
// left.
//
// The status changes at once, even when last lies in the future: from then
// on the member no longer counts for [Team.Members] or takes part in
// decisions, while [Team.MembersOn] still lists them for every day up to
// last (for rostering their remaining days). A team that wants a leaver to
// keep deciding until their last day applies the decision on that day.
//
// Leave fails with [wijk.ErrNotFound] when person is not a current member
// and with [wijk.ErrConflict] when last is before their start. Hours
// records live outside the team: code that keeps them calls
// [Team.CheckLeave] with them first, so that no record falls after last.
func (t *Team) Leave(ref DecisionRef, person wijk.ID, last wijk.Date, now time.Time) error {
	if err := ref.Validate("decision"); err != nil {
		return err
	}
	if err := valid.Date("last", last); err != nil {
		return err
	}
	if err := valid.Time("now", now); err != nil {
		return err
	}
	i, ok := t.current(person)
	if !ok {
		return wijk.NotFoundf("team %s: person %s is not a current member", t.name, person)
	}
	if err := t.checkEnd(i, last); err != nil {
		return err
	}
	t.end(i, last, EndLeft, ref, now, "holder left the team")
	return nil
}

// checkEnd checks that membership i may end on last.
func (t *Team) checkEnd(i int, last wijk.Date) error {
	m := t.members[i]
	if last.Before(m.Start) {
		return wijk.Conflictf("team %s: %s started on %v and cannot leave before that (last day %v)", t.name, m.Name, m.Start, last)
	}
	return nil
}

// end ends membership i on last and releases its roles.
func (t *Team) end(i int, last wijk.Date, reason EndReason, ref DecisionRef, now time.Time, note string) {
	m := &t.members[i]
	m.End, m.Status, m.EndReason, m.EndDecision = last, StatusLeft, reason, ref
	off := last.AddDays(1)
	for j := range t.assignments {
		a := &t.assignments[j]
		if a.Holder != m.Person || !a.Current() {
			continue
		}
		a.Ended = off
		if a.Ended.Before(a.From) {
			a.Ended = a.From
		}
		t.handovers = append(t.handovers, Handover{Role: a.Role, From: m.Person, On: a.Ended, At: now, Decision: ref, Note: note})
	}
}

// GoOnLeave records that an active member goes on leave (long leave,
// parental leave, long illness). They stay a member and keep their roles,
// but take no part in decisions until they return.
func (t *Team) GoOnLeave(person wijk.ID) error {
	i, ok := t.current(person)
	if !ok {
		return wijk.NotFoundf("team %s: person %s is not a current member", t.name, person)
	}
	if t.members[i].Status != StatusActive {
		return wijk.Conflictf("team %s: %s is %v, not active", t.name, t.members[i].Name, t.members[i].Status)
	}
	t.members[i].Status = StatusOnLeave
	return nil
}

// ReturnFromLeave records that a member on leave is active again.
func (t *Team) ReturnFromLeave(person wijk.ID) error {
	i, ok := t.current(person)
	if !ok {
		return wijk.NotFoundf("team %s: person %s is not a current member", t.name, person)
	}
	if t.members[i].Status != StatusOnLeave {
		return wijk.Conflictf("team %s: %s is %v, not on leave", t.name, t.members[i].Name, t.members[i].Status)
	}
	t.members[i].Status = StatusActive
	return nil
}

// ChangeLevel records a current member's new qualification level, for
// instance a nurse who qualified as a district nurse.
func (t *Team) ChangeLevel(person wijk.ID, level Level) error {
	if err := level.Validate("level"); err != nil {
		return err
	}
	i, ok := t.current(person)
	if !ok {
		return wijk.NotFoundf("team %s: person %s is not a current member", t.name, person)
	}
	t.members[i].Level = level
	return nil
}

// NormChange records one change of the team's norms.
type NormChange struct {
	// At is when the change was applied.
	At time.Time `json:"at"`
	// Decision is the team decision that changed the norms.
	Decision DecisionRef `json:"decision"`
	// From and To are the norms before and after.
	From Norms `json:"from"`
	To   Norms `json:"to"`
}

// ChangeNorms applies an adopted team decision that changes the team's
// norms, and records the change with ref and now.
func (t *Team) ChangeNorms(ref DecisionRef, n Norms, now time.Time) error {
	if err := ref.Validate("decision"); err != nil {
		return err
	}
	if err := n.Validate("norms"); err != nil {
		return err
	}
	if err := valid.Time("now", now); err != nil {
		return err
	}
	if n == t.norms {
		return wijk.Conflictf("team %s: the norms are already %v", t.name, n)
	}
	t.normChanges = append(t.normChanges, NormChange{At: now, Decision: ref, From: t.norms, To: n})
	t.norms = n
	return nil
}

// NormChanges returns the record of norm changes, oldest first.
func (t *Team) NormChanges() []NormChange { return slices.Clone(t.normChanges) }

// AreaChange records a decided change of the area a team serves.
type AreaChange struct {
	// At is when the change was applied.
	At time.Time `json:"at"`
	// Decision is the team decision that changed the area.
	Decision DecisionRef `json:"decision"`
	// From and To are the neighbourhood before and after.
	From Neighbourhood `json:"from"`
	To   Neighbourhood `json:"to"`
}

func (c AreaChange) clone() AreaChange {
	c.From, c.To = c.From.clone(), c.To.clone()
	return c
}

// ChangeNeighbourhood applies an adopted team decision that changes the
// area the team serves, and records the change with ref and now.
func (t *Team) ChangeNeighbourhood(ref DecisionRef, n Neighbourhood, now time.Time) error {
	if err := ref.Validate("decision"); err != nil {
		return err
	}
	if err := valid.Time("now", now); err != nil {
		return err
	}
	hood, err := n.normalised("neighbourhood")
	if err != nil {
		return err
	}
	t.areaChanges = append(t.areaChanges, AreaChange{At: now, Decision: ref, From: t.hood.clone(), To: hood.clone()})
	t.hood = hood
	return nil
}

// AreaChanges returns the record of area changes, oldest first.
func (t *Team) AreaChanges() []AreaChange {
	out := make([]AreaChange, len(t.areaChanges))
	for i, c := range t.areaChanges {
		out[i] = c.clone()
	}
	return out
}

// SetCoach records the coach the team works with; "" means none. The
// coach must not be a current member ([wijk.ErrForbidden]). No decision
// is needed: a team asks for a coach when it wants one. The coach's own
// caseload of teams is tracked by [Coach]; see [Invite].
func (t *Team) SetCoach(coach wijk.ID) error {
	if coach != "" {
		if err := coach.Validate("coach"); err != nil {
			return err
		}
		if t.IsMember(coach) {
			return wijk.Forbiddenf("team %s: person %s is a member, and a member cannot be the team's coach", t.name, coach)
		}
	}
	t.coach = coach
	return nil
}
