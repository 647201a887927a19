package team

import (
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
)

// DefaultCoachMaxTeams is the norm for how many teams one coach supports.
const DefaultCoachMaxTeams = 50

const maxCoachTeams = 1000

// Coach supports teams without managing them. A coach has no decision
// rights: never a member of a team they coach, never votes, never adopts a
// decision. A team invites its coach when it wants one and asks for help
// through a [CoachingRequest]; the coach asks questions, facilitates and
// mediates.
//
// The coach's ID is the coach's person ID, so a team can tell that a
// person it considers hiring is its coach.
type Coach struct {
	id       wijk.ID
	name     string
	maxTeams int
	teams    []wijk.ID // sorted
}

// NewCoachParams describes a coach.
type NewCoachParams struct {
	// ID is the coach's person ID. Required.
	ID wijk.ID
	// Name is the coach's name. Required, one line.
	Name string
	// MaxTeams is how many teams the coach supports at most; 0 means the
	// norm, [DefaultCoachMaxTeams].
	MaxTeams int
}

// NewCoach returns a coach supporting no teams yet.
func NewCoach(p NewCoachParams) (*Coach, error) {
	if err := p.ID.Validate("id"); err != nil {
		return nil, err
	}
	if err := valid.Name("name", p.Name); err != nil {
		return nil, err
	}
	if p.MaxTeams == 0 {
		p.MaxTeams = DefaultCoachMaxTeams
	}
	if err := valid.Range("maxTeams", p.MaxTeams, 1, maxCoachTeams); err != nil {
		return nil, err
	}
	return &Coach{id: p.ID, name: p.Name, maxTeams: p.MaxTeams}, nil
}

// ID returns the coach's person ID.
func (c *Coach) ID() wijk.ID { return c.id }

// Name returns the coach's name.
func (c *Coach) Name() string { return c.name }

// MaxTeams returns how many teams the coach supports at most.
func (c *Coach) MaxTeams() int { return c.maxTeams }

// Teams returns the IDs of the teams the coach supports, sorted.
func (c *Coach) Teams() []wijk.ID { return slices.Clone(c.teams) }

// Supports reports whether the coach supports team.
func (c *Coach) Supports(team wijk.ID) bool {
	_, ok := slices.BinarySearch(c.teams, team)
	return ok
}

// SetMaxTeams changes how many teams the coach supports at most; it cannot
// go below the number supported now.
func (c *Coach) SetMaxTeams(n int) error {
	if err := valid.Range("maxTeams", n, 1, maxCoachTeams); err != nil {
		return err
	}
	if n < len(c.teams) {
		return wijk.Conflictf("coach %s supports %d teams; the limit cannot drop to %d", c.name, len(c.teams), n)
	}
	c.maxTeams = n
	return nil
}

func (c *Coach) checkSupport(team wijk.ID) error {
	if err := team.Validate("team"); err != nil {
		return err
	}
	if c.Supports(team) {
		return wijk.Conflictf("coach %s already supports team %s", c.name, team)
	}
	if len(c.teams) >= c.maxTeams {
		return wijk.Conflictf("coach %s already supports %d teams, the most they take on", c.name, len(c.teams))
	}
	return nil
}

// Support adds team to the teams the coach supports.
func (c *Coach) Support(team wijk.ID) error {
	if err := c.checkSupport(team); err != nil {
		return err
	}
	i, _ := slices.BinarySearch(c.teams, team)
	c.teams = slices.Insert(c.teams, i, team)
	return nil
}

// StopSupporting removes team from the teams the coach supports.
func (c *Coach) StopSupporting(team wijk.ID) error {
	i, ok := slices.BinarySearch(c.teams, team)
	if !ok {
		return wijk.NotFoundf("coach %s does not support team %s", c.name, team)
	}
	c.teams = slices.Delete(c.teams, i, i+1)
	return nil
}

// Invite makes c the coach of t, updating both: the team records its coach
// and the coach adds the team. Both are checked before either changes: the
// coach must have room, must not be a current member of t
// ([wijk.ErrForbidden]), and t must not have another coach
// ([wijk.ErrConflict]; let the other coach go first).
func Invite(c *Coach, t *Team) error {
	if c == nil || t == nil {
		return wijk.Invalid("invite", "needs a coach and a team")
	}
	if t.coach != "" && t.coach != c.id {
		return wijk.Conflictf("team %s already has coach %s", t.name, t.coach)
	}
	if t.IsMember(c.id) {
		return wijk.Forbiddenf("team %s: %s is a member, and a member cannot be the team's coach", t.name, c.name)
	}
	if err := c.checkSupport(t.id); err != nil {
		return err
	}
	i, _ := slices.BinarySearch(c.teams, t.id)
	c.teams = slices.Insert(c.teams, i, t.id)
	t.coach = c.id
	return nil
}

// CoachSnapshot is a coach's full state, for storage.
type CoachSnapshot struct {
	ID       wijk.ID   `json:"id"`
	Name     string    `json:"name"`
	MaxTeams int       `json:"max_teams"`
	Teams    []wijk.ID `json:"teams"`
}

// Snapshot returns the coach's full state.
func (c *Coach) Snapshot() CoachSnapshot {
	return CoachSnapshot{ID: c.id, Name: c.name, MaxTeams: c.maxTeams, Teams: slices.Clone(c.teams)}
}

// RestoreCoach rebuilds a coach from a snapshot, validating it.
func RestoreCoach(s CoachSnapshot) (*Coach, error) {
	c, err := NewCoach(NewCoachParams{ID: s.ID, Name: s.Name, MaxTeams: s.MaxTeams})
	if err != nil {
		return nil, err
	}
	if s.MaxTeams == 0 {
		return nil, wijk.Invalid("maxTeams", "must be between 1 and %d, got 0", maxCoachTeams)
	}
	for i, team := range s.Teams {
		if err := c.Support(team); err != nil {
			return nil, wijk.InField("teams["+itoa(i)+"]", asInvalid(err))
		}
	}
	return c, nil
}

// asInvalid turns a conflict found while restoring into a validation error:
// a snapshot that breaks a rule is bad input, not a clash with state.
func asInvalid(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*wijk.ValidationError); ok {
		return err
	}
	return wijk.Invalid("", "%s", err.Error())
}

// CoachingStatus is where a coaching request stands. The zero value is not
// valid.
type CoachingStatus int

// The coaching request statuses. A request starts requested; the coach
// accepts or declines it; an accepted request is completed with an
// outcome. The team may withdraw a request that is not yet closed.
const (
	CoachingRequested CoachingStatus = iota + 1
	CoachingAccepted
	CoachingDeclined
	CoachingWithdrawn
	CoachingCompleted
)

var coachingStatusEnum = enum.New[CoachingStatus]("CoachingStatus", "status", "requested", "accepted", "declined", "withdrawn", "completed")

// String returns the status in words.
func (s CoachingStatus) String() string { return coachingStatusEnum.String(s) }

// Valid reports whether s is a defined status.
func (s CoachingStatus) Valid() bool { return coachingStatusEnum.Valid(s) }

// Closed reports whether s is final: declined, withdrawn or completed.
func (s CoachingStatus) Closed() bool {
	return s == CoachingDeclined || s == CoachingWithdrawn || s == CoachingCompleted
}

// ParseCoachingStatus reads a status written by String.
func ParseCoachingStatus(s string) (CoachingStatus, error) {
	return coachingStatusEnum.Parse(s)
}

// MarshalText writes the status of a coaching request as its word, e.g.
// "accepted"; the zero CoachingStatus is refused with an error matching
// [wijk.ErrInvalid].
func (s CoachingStatus) MarshalText() ([]byte, error) { return coachingStatusEnum.MarshalText(s) }

// UnmarshalText reads a coaching status as [ParseCoachingStatus] does.
func (s *CoachingStatus) UnmarshalText(b []byte) error { return coachingStatusEnum.UnmarshalText(b, s) }

// CanMoveTo reports whether a request may go from s to next.
func (s CoachingStatus) CanMoveTo(next CoachingStatus) bool {
	switch s {
	case CoachingRequested:
		return next == CoachingAccepted || next == CoachingDeclined || next == CoachingWithdrawn
	case CoachingAccepted:
		return next == CoachingCompleted || next == CoachingWithdrawn
	}
	return false
}

// CoachingRequest is a team's invitation to a coach to help with a topic.
type CoachingRequest struct {
	// ID identifies the request.
	ID wijk.ID `json:"id"`
	// Topic says what the team wants help with.
	Topic string `json:"topic"`
	// By is the member who asked on the team's behalf.
	By wijk.ID `json:"by"`
	// At is when the request was made.
	At time.Time `json:"at"`
	// Coach is the coach asked.
	Coach wijk.ID `json:"coach"`
	// Status is where the request stands.
	Status CoachingStatus `json:"status"`
	// Updated is when the status last changed (At for a new request).
	Updated time.Time `json:"updated"`
	// Outcome is what came of it: required once completed; the coach's
	// reason when declined; optional when withdrawn.
	Outcome string `json:"outcome"`
}

// Validate checks the request's own invariants.
func (r CoachingRequest) Validate(field string) error {
	if err := r.ID.Validate(field + ".id"); err != nil {
		return err
	}
	if err := valid.Required(field+".topic", r.Topic, valid.MaxText); err != nil {
		return err
	}
	if err := r.By.Validate(field + ".by"); err != nil {
		return err
	}
	if err := valid.Time(field+".at", r.At); err != nil {
		return err
	}
	if err := r.Coach.Validate(field + ".coach"); err != nil {
		return err
	}
	if err := coachingStatusEnum.Check(field+".status", r.Status); err != nil {
		return err
	}
	if err := valid.Time(field+".updated", r.Updated); err != nil {
		return err
	}
	if r.Updated.Before(r.At) {
		return wijk.Invalid(field+".updated", "must not be before the request was made")
	}
	switch r.Status {
	case CoachingRequested:
		if !r.Updated.Equal(r.At) {
			return wijk.Invalid(field+".updated", "must be when the request was made until its status changes")
		}
		fallthrough
	case CoachingAccepted:
		if r.Outcome != "" {
			return wijk.Invalid(field+".outcome", "must be empty while the request is %v", r.Status)
		}
		return nil
	case CoachingCompleted:
		return valid.Required(field+".outcome", r.Outcome, valid.MaxText)
	case CoachingDeclined:
		if err := valid.Required(field+".outcome", r.Outcome, valid.MaxText); err != nil {
			return wijk.Invalid(field+".outcome", "must give the coach's reason for declining")
		}
		return nil
	}
	return valid.Text(field+".outcome", r.Outcome, valid.MaxText)
}

// CoachingRequestParams describes a new coaching request.
type CoachingRequestParams struct {
	// ID identifies the request. Required.
	ID wijk.ID
	// Topic says what the team wants help with. Required.
	Topic string
	// By is the active member asking. Required.
	By wijk.ID
	// At is when the request is made. Required.
	At time.Time
	// Coach is the coach asked; empty means the team's own coach.
	Coach wijk.ID
}

// RequestCoaching records a request for coaching made by an active member.
// Without a coach named and without a team coach, the request has nobody to
// go to ([wijk.ErrConflict]).
func (t *Team) RequestCoaching(p CoachingRequestParams) error {
	if err := p.ID.Validate("id"); err != nil {
		return err
	}
	if err := valid.Required("topic", p.Topic, valid.MaxText); err != nil {
		return err
	}
	if err := p.By.Validate("by"); err != nil {
		return err
	}
	if err := valid.Time("at", p.At); err != nil {
		return err
	}
	coach := p.Coach
	if coach == "" {
		coach = t.coach
	}
	if coach == "" {
		return wijk.Conflictf("team %s has no coach; invite one or name the coach to ask", t.name)
	}
	if err := coach.Validate("coach"); err != nil {
		return err
	}
	if t.IsMember(coach) {
		return wijk.Forbiddenf("team %s: %s is a member, not a coach", t.name, coach)
	}
	if !t.MayDecide(p.By) {
		return wijk.Forbiddenf("team %s: only an active member asks for coaching on the team's behalf", t.name)
	}
	if _, ok := t.coachingIndex(p.ID); ok {
		return wijk.Conflictf("team %s: coaching request %s exists", t.name, p.ID)
	}
	t.coaching = append(t.coaching, CoachingRequest{
		ID: p.ID, Topic: p.Topic, By: p.By, At: p.At, Coach: coach, Status: CoachingRequested, Updated: p.At,
	})
	return nil
}

// CoachingRequests returns the team's coaching requests, oldest first.
func (t *Team) CoachingRequests() []CoachingRequest { return slices.Clone(t.coaching) }

// CoachingRequest returns one request by ID.
func (t *Team) CoachingRequest(id wijk.ID) (CoachingRequest, bool) {
	i, ok := t.coachingIndex(id)
	if !ok {
		return CoachingRequest{}, false
	}
	return t.coaching[i], true
}

func (t *Team) coachingIndex(id wijk.ID) (int, bool) {
	for i, r := range t.coaching {
		if r.ID == id {
			return i, true
		}
	}
	return 0, false
}

// moveCoaching validates and applies one status change.
func (t *Team) moveCoaching(id wijk.ID, next CoachingStatus, at time.Time, outcome string, outcomeRequired bool) (*CoachingRequest, error) {
	if err := valid.Time("at", at); err != nil {
		return nil, err
	}
	if outcomeRequired {
		if err := valid.Required("outcome", outcome, valid.MaxText); err != nil {
			return nil, err
		}
	} else if err := valid.Text("outcome", outcome, valid.MaxText); err != nil {
		return nil, err
	}
	i, ok := t.coachingIndex(id)
	if !ok {
		return nil, wijk.NotFoundf("team %s: no coaching request %s", t.name, id)
	}
	r := &t.coaching[i]
	if !r.Status.CanMoveTo(next) {
		return nil, wijk.Conflictf("team %s: coaching request %s is %v and cannot become %v", t.name, id, r.Status, next)
	}
	if at.Before(r.Updated) {
		return nil, wijk.Conflictf("team %s: coaching request %s last changed at %v, after %v", t.name, id, r.Updated, at)
	}
	return r, nil
}

// AcceptCoaching records that the coach asked takes the request on. Only
// that coach may accept ([wijk.ErrForbidden]).
func (t *Team) AcceptCoaching(id, coach wijk.ID, at time.Time) error {
	r, err := t.moveCoaching(id, CoachingAccepted, at, "", false)
	if err != nil {
		return err
	}
	if coach != r.Coach {
		return wijk.Forbiddenf("team %s: coaching request %s was made to coach %s", t.name, id, r.Coach)
	}
	r.Status, r.Updated = CoachingAccepted, at
	return nil
}

// DeclineCoaching records that the coach asked cannot take the request on,
// with the reason. Only that coach may decline.
func (t *Team) DeclineCoaching(id, coach wijk.ID, reason string, at time.Time) error {
	r, err := t.moveCoaching(id, CoachingDeclined, at, reason, true)
	if err != nil {
		return err
	}
	if coach != r.Coach {
		return wijk.Forbiddenf("team %s: coaching request %s was made to coach %s", t.name, id, r.Coach)
	}
	r.Status, r.Updated, r.Outcome = CoachingDeclined, at, reason
	return nil
}

// WithdrawCoaching records that the team no longer wants the coaching. Any
// active member may withdraw; note is optional.
func (t *Team) WithdrawCoaching(id, by wijk.ID, note string, at time.Time) error {
	r, err := t.moveCoaching(id, CoachingWithdrawn, at, note, false)
	if err != nil {
		return err
	}
	if !t.MayDecide(by) {
		return wijk.Forbiddenf("team %s: only an active member withdraws a coaching request", t.name)
	}
	r.Status, r.Updated, r.Outcome = CoachingWithdrawn, at, note
	return nil
}

// CompleteCoaching closes an accepted request with its outcome, recorded by
// the coach or by an active member.
func (t *Team) CompleteCoaching(id, by wijk.ID, outcome string, at time.Time) error {
	r, err := t.moveCoaching(id, CoachingCompleted, at, outcome, true)
	if err != nil {
		return err
	}
	if by != r.Coach && !t.MayDecide(by) {
		return wijk.Forbiddenf("team %s: only the coach or an active member records the outcome", t.name)
	}
	r.Status, r.Updated, r.Outcome = CoachingCompleted, at, outcome
	return nil
}
