package careplan

import (
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan/omaha"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Status is where a care plan is in its lifecycle. The zero Status is not
// valid.
type Status int

// The states of a care plan:
//
//	Draft ──Authorise──▶ Active ──StartReview──▶ UnderReview ──Authorise──▶ Active …
//	Active, UnderReview ──Discharge──▶ Closed
const (
	// Draft: the plan is being written after intake; no care is given on
	// it yet.
	Draft Status = iota + 1
	// Active: a district nurse has authorised the care hours; care is
	// given as planned and the plan's contents are fixed.
	Active
	// UnderReview: the plan is being reviewed; care goes on, and problems
	// and interventions may change until it is authorised again.
	UnderReview
	// Closed: the client has been discharged; the plan is history.
	Closed
)

var statusEnum = enum.New[Status]("Status", "status", "draft", "active", "under review", "closed")

// Valid reports whether s is one of the four states.
func (s Status) Valid() bool { return statusEnum.Valid(s) }

// String returns "draft", "active", "under review" or "closed".
func (s Status) String() string { return statusEnum.String(s) }

// ParseStatus reads a status by its word in any case; "under_review" and
// "under-review" read as "under review".
func ParseStatus(s string) (Status, error) { return statusEnum.Parse(s) }

// MarshalText writes the status as its word, e.g. "under review", the form
// a stored care plan keeps. A Status that is not valid is refused with an
// error matching [wijk.ErrInvalid].
func (s Status) MarshalText() ([]byte, error) { return statusEnum.MarshalText(s) }

// UnmarshalText reads a status as [ParseStatus] does.
func (s *Status) UnmarshalText(b []byte) error { return statusEnum.UnmarshalText(b, s) }

// Authorisation is a district nurse's decision on the care hours (the
// "indicatie"): how much care per week, until which review date.
type Authorisation struct {
	// By is the level-5 member who authorised.
	By wijk.ID `json:"by"`
	// At is when.
	At time.Time `json:"at"`
	// MinutesPerWeek is the authorised care time per week.
	MinutesPerWeek int `json:"minutes_per_week"`
	// ReviewDate is the day by which the plan must be reviewed.
	ReviewDate wijk.Date `json:"review_date"`
}

// Hours returns the authorised care hours per week.
func (a Authorisation) Hours() float64 { return float64(a.MinutesPerWeek) / 60 }

// Event is one step of a plan's lifecycle, kept as history.
type Event struct {
	// From and To are the states before and after.
	From Status `json:"from"`
	To   Status `json:"to"`
	// At is when the step was taken.
	At time.Time `json:"at"`
	// By is the member who took it.
	By wijk.ID `json:"by"`
	// Note is the reason given: why a review started, why the client was
	// discharged (required for both); empty for authorisations.
	Note string `json:"note"`
}

// CarePlanParams starts a new care plan for one client episode.
type CarePlanParams struct {
	// ID identifies the plan.
	ID wijk.ID
	// Client is the client the plan is for.
	Client wijk.ID
	// Start is the first day of the episode (the intake).
	Start wijk.Date
	// CreatedBy is the member who did the intake.
	CreatedBy wijk.ID
}

// CarePlan is the Omaha-coded care plan of one client episode: problems
// with their goals, interventions with their schedules, outcome ratings
// over time, and the lifecycle from draft to closed. Make one with
// [NewCarePlan]; read its full state with [CarePlan.Snapshot] and rebuild a
// stored one with [RestoreCarePlan].
//
// A CarePlan is not safe for concurrent mutation; storage serialises
// writers.
type CarePlan struct {
	id, client, createdBy wijk.ID
	start                 wijk.Date
	status                Status
	reviewDate            wijk.Date
	problems              []Problem // sorted by code
	interventions         []Intervention
	ratings               []Rating // in the order recorded
	authorisations        []Authorisation
	history               []Event
}

// NewCarePlan validates p and returns a draft plan with no problems yet.
func NewCarePlan(p CarePlanParams) (*CarePlan, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &CarePlan{id: p.ID, client: p.Client, createdBy: p.CreatedBy, start: p.Start, status: Draft}, nil
}

func (p CarePlanParams) validate() error {
	if err := p.ID.Validate("id"); err != nil {
		return err
	}
	if err := p.Client.Validate("client"); err != nil {
		return err
	}
	if err := valid.Date("start", p.Start); err != nil {
		return err
	}
	return p.CreatedBy.Validate("createdBy")
}

// ID returns the plan's ID.
func (c *CarePlan) ID() wijk.ID { return c.id }

// Client returns the ID of the plan's client.
func (c *CarePlan) Client() wijk.ID { return c.client }

// Start returns the first day of the episode.
func (c *CarePlan) Start() wijk.Date { return c.start }

// CreatedBy returns the member who did the intake.
func (c *CarePlan) CreatedBy() wijk.ID { return c.createdBy }

// Status returns where the plan is in its lifecycle.
func (c *CarePlan) Status() Status { return c.status }

// ReviewDate returns the day by which the plan must be reviewed, set by
// the latest authorisation; zero before the first.
func (c *CarePlan) ReviewDate() wijk.Date { return c.reviewDate }

// Problems returns copies of the plan's problems, in code order.
func (c *CarePlan) Problems() []Problem {
	out := make([]Problem, len(c.problems))
	for i, p := range c.problems {
		out[i] = p.clone()
	}
	return out
}

// Problem returns the plan's problem with the given code. The error
// matches [wijk.ErrNotFound].
func (c *CarePlan) Problem(code string) (Problem, error) {
	i := c.problemIndex(code)
	if i < 0 {
		return Problem{}, wijk.NotFoundf("care plan %s has no problem %q", c.id, code)
	}
	return c.problems[i].clone(), nil
}

// Interventions returns copies of the plan's interventions, in the order
// they were added.
func (c *CarePlan) Interventions() []Intervention {
	out := make([]Intervention, len(c.interventions))
	for i, iv := range c.interventions {
		out[i] = iv.clone()
	}
	return out
}

// Ratings returns the plan's ratings in the order they were recorded.
func (c *CarePlan) Ratings() []Rating { return slices.Clone(c.ratings) }

// RatingsOf returns the ratings of one problem, oldest first.
func (c *CarePlan) RatingsOf(code string) []Rating {
	code = canonicalProblem(code)
	var out []Rating
	for _, r := range c.ratings {
		if r.Problem == code {
			out = append(out, r)
		}
	}
	return out
}

// Authorisations returns every authorisation of the plan, oldest first.
func (c *CarePlan) Authorisations() []Authorisation { return slices.Clone(c.authorisations) }

// Authorisation returns the plan's latest authorisation, and false if it
// has none yet.
func (c *CarePlan) Authorisation() (Authorisation, bool) {
	if len(c.authorisations) == 0 {
		return Authorisation{}, false
	}
	return c.authorisations[len(c.authorisations)-1], true
}

// History returns the plan's lifecycle steps, oldest first.
func (c *CarePlan) History() []Event { return slices.Clone(c.history) }

// PlannedMinutesPerWeek returns the care time the interventions of the
// open problems ask for in a week.
func (c *CarePlan) PlannedMinutesPerWeek() int {
	total := 0
	for _, iv := range c.interventions {
		if p := c.problemIndex(iv.Problem); p >= 0 && c.problems[p].Open() {
			total += iv.Schedule.MinutesPerWeek()
		}
	}
	return total
}

func canonicalProblem(code string) string {
	if op, err := omaha.LookupProblem(code); err == nil {
		return op.Code
	}
	return code
}

func (c *CarePlan) problemIndex(code string) int {
	code = canonicalProblem(code)
	for i, p := range c.problems {
		if p.Code == code {
			return i
		}
	}
	return -1
}

func (c *CarePlan) interventionIndex(id wijk.ID) int {
	for i, iv := range c.interventions {
		if iv.ID == id {
			return i
		}
	}
	return -1
}

// editable returns a conflict unless the plan's contents may change now:
// while it is a draft or under review.
func (c *CarePlan) editable(what string) error {
	switch c.status {
	case Draft, UnderReview:
		return nil
	case Active:
		return wijk.Conflictf("care plan %s is active: start a review before you %s", c.id, what)
	}
	return wijk.Conflictf("care plan %s is closed: a closed plan cannot change", c.id)
}

// AddProblem adds an Omaha problem to the plan. The code may be given as a
// code or an Omaha name, and signs in any case; they are stored in the
// listed spelling. The plan must be a draft or under review, and may hold
// each problem once.
func (c *CarePlan) AddProblem(p Problem) error {
	if err := c.editable("add a problem"); err != nil {
		return err
	}
	p = p.normalised()
	if !p.Resolved.IsZero() {
		return wijk.Invalid("problem.resolved", "must be empty: a problem is resolved with ResolveProblem")
	}
	if err := p.validate(); err != nil {
		return wijk.InField("problem", err)
	}
	if c.problemIndex(p.Code) >= 0 {
		return wijk.Conflictf("care plan %s already has the problem %s; change it instead", c.id, p.Name())
	}
	c.problems = append(c.problems, p)
	slices.SortFunc(c.problems, func(a, b Problem) int { return strings.Compare(a.Code, b.Code) })
	return nil
}

// UpdateProblem replaces the modifiers, signs and goal of a problem
// already in the plan (matched by code). The plan must be a draft or under
// review and the problem open.
func (c *CarePlan) UpdateProblem(p Problem) error {
	if err := c.editable("change a problem"); err != nil {
		return err
	}
	p = p.normalised()
	i := c.problemIndex(p.Code)
	if i < 0 {
		return wijk.NotFoundf("care plan %s has no problem %q", c.id, p.Code)
	}
	if !c.problems[i].Open() {
		return wijk.Conflictf("the problem %s was resolved on %s; add a new plan episode to work on it again", p.Name(), c.problems[i].Resolved)
	}
	if !p.Resolved.IsZero() {
		return wijk.Invalid("problem.resolved", "must be empty: a problem is resolved with ResolveProblem")
	}
	if err := p.validate(); err != nil {
		return wijk.InField("problem", err)
	}
	c.problems[i] = p
	return nil
}

// RemoveProblem takes a problem that was added by mistake out of the plan.
// It must have no interventions and no ratings: a problem with history is
// resolved instead.
func (c *CarePlan) RemoveProblem(code string) error {
	if err := c.editable("remove a problem"); err != nil {
		return err
	}
	i := c.problemIndex(code)
	if i < 0 {
		return wijk.NotFoundf("care plan %s has no problem %q", c.id, code)
	}
	pc := c.problems[i].Code
	for _, iv := range c.interventions {
		if iv.Problem == pc {
			return wijk.Conflictf("the problem %s still has interventions; remove them first", c.problems[i].Name())
		}
	}
	for _, r := range c.ratings {
		if r.Problem == pc {
			return wijk.Conflictf("the problem %s has been rated; resolve it instead of removing it", c.problems[i].Name())
		}
	}
	c.problems = slices.Delete(c.problems, i, i+1)
	return nil
}

// AddIntervention adds an intervention for one of the plan's open
// problems. The target may be given as a code or an Omaha name. The plan
// must be a draft or under review.
func (c *CarePlan) AddIntervention(iv Intervention) error {
	if err := c.editable("add an intervention"); err != nil {
		return err
	}
	iv = iv.normalised()
	if err := c.checkIntervention(iv); err != nil {
		return err
	}
	if c.interventionIndex(iv.ID) >= 0 {
		return wijk.Conflictf("care plan %s already has an intervention %s", c.id, iv.ID)
	}
	if len(c.interventions) >= MaxInterventions {
		return wijk.Conflictf("care plan %s already has the maximum of %d interventions", c.id, MaxInterventions)
	}
	c.interventions = append(c.interventions, iv)
	return nil
}

// UpdateIntervention replaces the intervention with the same ID. The plan
// must be a draft or under review.
func (c *CarePlan) UpdateIntervention(iv Intervention) error {
	if err := c.editable("change an intervention"); err != nil {
		return err
	}
	iv = iv.normalised()
	i := c.interventionIndex(iv.ID)
	if i < 0 {
		return wijk.NotFoundf("care plan %s has no intervention %s", c.id, iv.ID)
	}
	if err := c.checkIntervention(iv); err != nil {
		return err
	}
	c.interventions[i] = iv
	return nil
}

// RemoveIntervention removes the intervention with the given ID. The plan
// must be a draft or under review.
func (c *CarePlan) RemoveIntervention(id wijk.ID) error {
	if err := c.editable("remove an intervention"); err != nil {
		return err
	}
	i := c.interventionIndex(id)
	if i < 0 {
		return wijk.NotFoundf("care plan %s has no intervention %s", c.id, id)
	}
	c.interventions = slices.Delete(c.interventions, i, i+1)
	return nil
}

func (c *CarePlan) checkIntervention(iv Intervention) error {
	if err := iv.validate(); err != nil {
		return wijk.InField("intervention", err)
	}
	i := c.problemIndex(iv.Problem)
	if i < 0 {
		return wijk.Invalid("intervention.problem", "must be one of the plan's problems; add the problem %s first", canonicalProblem(iv.Problem))
	}
	if !c.problems[i].Open() {
		return wijk.Conflictf("the problem %s is resolved; it takes no new interventions", c.problems[i].Name())
	}
	return nil
}

// Rate records a Knowledge/Behavior/Status rating of one of the plan's
// problems. The rules follow the Omaha Problem Rating Scale:
//
//   - the first rating of a problem is its admission rating, and there is
//     only one;
//   - interim and discharge ratings come after it, once care has started
//     (the plan is active or under review);
//   - the discharge rating is the last: a problem takes no rating after
//     it;
//   - dates never go back, and none is before the episode's start;
//   - a closed plan takes no rating at all, whatever its date
//     ([wijk.ErrConflict]). As [CarePlan.Discharge] refuses to close a plan
//     before the date of its latest rating, no rating of a closed plan is
//     dated after the day it closed.
//
// A rating may be dated after the latest lifecycle step (a discharge
// rating made ahead of the discharge, for instance); the discharge then
// cannot be dated before it.
func (c *CarePlan) Rate(r Rating) error {
	if c.status == Closed {
		return wijk.Conflictf("care plan %s is closed: ratings can no longer be added", c.id)
	}
	r = r.normalised()
	if err := r.validate(); err != nil {
		return wijk.InField("rating", err)
	}
	i := c.problemIndex(r.Problem)
	if i < 0 {
		return wijk.Invalid("rating.problem", "must be one of the plan's problems, got %q", r.Problem)
	}
	if len(c.ratings) >= MaxRatings {
		return wijk.Conflictf("care plan %s already has the maximum of %d ratings", c.id, MaxRatings)
	}
	if r.Kind != Admission && c.status == Draft {
		return wijk.Conflictf("care plan %s is a draft: only admission ratings are made before care starts", c.id)
	}
	if err := checkRatingOrder(c.start, c.RatingsOf(r.Problem), r, c.problems[i]); err != nil {
		return err
	}
	c.ratings = append(c.ratings, r)
	return nil
}

// checkRatingOrder checks that r may follow the earlier ratings of the
// same problem.
func checkRatingOrder(start wijk.Date, earlier []Rating, r Rating, p Problem) error {
	if r.Date.Before(start) {
		return wijk.Invalid("rating.date", "must not be before the episode started on %s", start)
	}
	if len(earlier) == 0 {
		if r.Kind != Admission {
			return wijk.Conflictf("the problem %s has no admission rating yet: rate the admission first", p.Name())
		}
		return nil
	}
	last := earlier[len(earlier)-1]
	if r.Kind == Admission {
		return wijk.Conflictf("the problem %s already has its admission rating of %s", p.Name(), earlier[0].Date)
	}
	if last.Kind == Discharge {
		return wijk.Conflictf("the problem %s already has its discharge rating of %s", p.Name(), last.Date)
	}
	if r.Date.Before(last.Date) {
		return wijk.Invalid("rating.date", "must not be before the problem's previous rating on %s", last.Date)
	}
	return nil
}

// ResolveProblem marks an open problem resolved on day on: its
// interventions stop and it no longer needs rating. It needs a discharge
// rating first, dated on or before on. The plan must be active or under
// review.
func (c *CarePlan) ResolveProblem(code string, on wijk.Date) error {
	if c.status != Active && c.status != UnderReview {
		return wijk.Conflictf("care plan %s is %s: problems are resolved while care is given", c.id, c.status)
	}
	if err := valid.Date("on", on); err != nil {
		return err
	}
	i := c.problemIndex(code)
	if i < 0 {
		return wijk.NotFoundf("care plan %s has no problem %q", c.id, code)
	}
	p := c.problems[i]
	if !p.Open() {
		return wijk.Conflictf("the problem %s was already resolved on %s", p.Name(), p.Resolved)
	}
	rs := c.RatingsOf(p.Code)
	if len(rs) == 0 || rs[len(rs)-1].Kind != Discharge {
		return wijk.Conflictf("the problem %s needs a discharge rating before it is resolved", p.Name())
	}
	if d := rs[len(rs)-1].Date; on.Before(d) {
		return wijk.Invalid("on", "must not be before the discharge rating of %s", d)
	}
	c.problems[i].Resolved = on
	return nil
}

// openProblems returns the indexes of the open problems.
func (c *CarePlan) openProblems() []int {
	var out []int
	for i, p := range c.problems {
		if p.Open() {
			out = append(out, i)
		}
	}
	return out
}

// lastEventAt returns when the latest lifecycle step happened, or the
// zero time.
func (c *CarePlan) lastEventAt() time.Time {
	if len(c.history) == 0 {
		return time.Time{}
	}
	return c.history[len(c.history)-1].At
}
