package careplan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
	"github.com/wijkzorg/wijk/team"
)

// MaxMinutesPerWeek is the most care time an authorisation may grant: every
// minute of the week.
const MaxMinutesPerWeek = 7 * MinutesPerDay

// AuthoriseParams is a district nurse's authorisation of the care hours.
type AuthoriseParams struct {
	// By is the member who authorises; only a level-5 district nurse may.
	By team.Actor
	// At is when the authorisation is given.
	At time.Time
	// MinutesPerWeek is the authorised care time per week; it must cover
	// the care the plan's interventions ask for.
	MinutesPerWeek int
	// ReviewDate is the day by which the plan must be reviewed; it must be
	// after the day of At.
	ReviewDate wijk.Date
}

// Authorise takes a draft plan, or a plan under review, to active: a
// level-5 district nurse assesses the need and authorises the care hours
// (the "indicatie"). The plan must be ready for care:
//
//   - at least one open problem, each with at least one intervention and
//     an admission rating (the baseline outcomes are measured from);
//   - the authorised minutes per week cover the planned minutes.
//
// Errors: [wijk.ErrConflict] when the plan is active or closed, or not
// ready; [wijk.ErrForbidden] when the actor is not level 5;
// [wijk.ErrInvalid] for bad parameters.
func (c *CarePlan) Authorise(p AuthoriseParams) error {
	switch c.status {
	case Active:
		return wijk.Conflictf("care plan %s is already active: start a review to change its authorisation", c.id)
	case Closed:
		return wijk.Conflictf("care plan %s is closed: a closed plan cannot be authorised again", c.id)
	}
	if err := p.By.Validate("by"); err != nil {
		return err
	}
	if p.By.Level != team.Level5 {
		return wijk.Forbiddenf("only a level-5 district nurse may authorise care hours; %s is %s (%s)", p.By.Member, p.By.Level, p.By.Level.Title())
	}
	if err := c.checkStep(p.At); err != nil {
		return err
	}
	if err := valid.Range("minutesPerWeek", p.MinutesPerWeek, 1, MaxMinutesPerWeek); err != nil {
		return err
	}
	if err := valid.Date("reviewDate", p.ReviewDate); err != nil {
		return err
	}
	if day := wijk.DateOf(p.At); !p.ReviewDate.After(day) {
		return wijk.Invalid("reviewDate", "must be after the day of authorisation, %s", day)
	}
	if err := c.ready(); err != nil {
		return err
	}
	if planned := c.PlannedMinutesPerWeek(); p.MinutesPerWeek < planned {
		return wijk.Invalid("minutesPerWeek", "must cover the %d minutes a week the interventions ask for, got %d", planned, p.MinutesPerWeek)
	}
	c.authorisations = append(c.authorisations, Authorisation{
		By: p.By.Member, At: p.At, MinutesPerWeek: p.MinutesPerWeek, ReviewDate: p.ReviewDate,
	})
	c.history = append(c.history, Event{From: c.status, To: Active, At: p.At, By: p.By.Member})
	c.status = Active
	c.reviewDate = p.ReviewDate
	return nil
}

// checkStep validates the time of a lifecycle step: set, not before the
// episode's start, not before the previous step.
func (c *CarePlan) checkStep(at time.Time) error {
	if err := valid.Time("at", at); err != nil {
		return err
	}
	if wijk.DateOf(at).Before(c.start) {
		return wijk.Invalid("at", "must not be before the episode started on %s", c.start)
	}
	if last := c.lastEventAt(); at.Before(last) {
		return wijk.Invalid("at", "must not be before the plan's previous step at %s", last.Format(time.RFC3339))
	}
	return nil
}

// ready reports, as a conflict, what keeps the plan from being authorised.
func (c *CarePlan) ready() error {
	open := c.openProblems()
	if len(open) == 0 {
		return wijk.Conflictf("care plan %s has no open problem: add the client's problems before authorising", c.id)
	}
	var noIntervention, noAdmission []string
	for _, i := range open {
		p := c.problems[i]
		if !slices.ContainsFunc(c.interventions, func(iv Intervention) bool { return iv.Problem == p.Code }) {
			noIntervention = append(noIntervention, p.Name())
		}
		if len(c.RatingsOf(p.Code)) == 0 {
			noAdmission = append(noAdmission, p.Name())
		}
	}
	if len(noIntervention) > 0 {
		return wijk.Conflictf("care plan %s is not ready: no intervention for %s", c.id, strings.Join(noIntervention, ", "))
	}
	if len(noAdmission) > 0 {
		return wijk.Conflictf("care plan %s is not ready: no admission rating for %s", c.id, strings.Join(noAdmission, ", "))
	}
	return nil
}

// StartReview takes an active plan under review: care goes on as planned,
// and the team may change problems and interventions until a district
// nurse authorises the plan again. The reason is required ("review date
// reached", "fell and broke her wrist").
func (c *CarePlan) StartReview(by wijk.ID, at time.Time, reason string) error {
	if c.status != Active {
		return wijk.Conflictf("care plan %s is %s: only an active plan can go under review", c.id, c.status)
	}
	if err := by.Validate("by"); err != nil {
		return err
	}
	if err := c.checkStep(at); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if err := valid.Required("reason", reason, MaxNote); err != nil {
		return err
	}
	c.history = append(c.history, Event{From: Active, To: UnderReview, At: at, By: by, Note: reason})
	c.status = UnderReview
	return nil
}

// DischargeParams ends a plan.
type DischargeParams struct {
	// By is the member who discharges the client.
	By wijk.ID
	// At is when.
	At time.Time
	// Reason says why care ends ("goals reached", "moved to a nursing
	// home"); required.
	Reason string
}

// Discharge closes an active plan, or one under review: the client no
// longer needs the team. Every open problem needs a discharge rating
// first, so that the outcome of the episode is known. A closed plan never
// changes again.
//
// The plan closes on the day of At, read in At's own location (as
// [CarePlan.Authorise] reads it), and a plan cannot close before the care it
// records: no rating of any problem, and no problem's resolution, may be
// dated after that day. Together with [CarePlan.Rate] refusing every rating
// on a closed plan, this keeps the record of a closed plan within its
// episode, from Start to the day of [CarePlan.Discharged].
//
// Errors: [wijk.ErrConflict] when the plan is a draft or already closed, or
// an open problem has no discharge rating yet; [wijk.ErrInvalid] for bad
// parameters, naming the field "at" when At is before the previous step or
// its day is before the latest rating or resolution. That last one is an
// invalid time rather than a conflict, as when [CarePlan.ResolveProblem] is
// given a day before the discharge rating: the state is sound, and the
// caller fixes the call by giving the day the client really left.
//
// [RestoreCarePlan] does not apply the dating rule: plans closed before it
// was enforced may hold ratings dated after their closing day, and must
// stay readable.
func (c *CarePlan) Discharge(p DischargeParams) error {
	switch c.status {
	case Draft:
		return wijk.Conflictf("care plan %s is a draft: care never started, so there is no one to discharge", c.id)
	case Closed:
		return wijk.Conflictf("care plan %s is already closed", c.id)
	}
	if err := p.By.Validate("by"); err != nil {
		return err
	}
	if err := c.checkStep(p.At); err != nil {
		return err
	}
	reason := strings.TrimSpace(p.Reason)
	if err := valid.Required("reason", reason, MaxNote); err != nil {
		return err
	}
	if missing := c.missingDischarge(); len(missing) > 0 {
		return wijk.Conflictf("care plan %s cannot close: no discharge rating for %s", c.id, strings.Join(missing, ", "))
	}
	if last, what := c.latestRecord(); last.After(wijk.DateOf(p.At)) {
		return wijk.Invalid("at", "must not be before %s, the date of %s: a plan cannot close before the care it records", last, what)
	}
	c.history = append(c.history, Event{From: c.status, To: Closed, At: p.At, By: p.By, Note: reason})
	c.status = Closed
	return nil
}

// missingDischarge names the open problems whose latest rating is not a
// discharge rating.
func (c *CarePlan) missingDischarge() []string {
	var out []string
	for _, i := range c.openProblems() {
		rs := c.RatingsOf(c.problems[i].Code)
		if len(rs) == 0 || rs[len(rs)-1].Kind != Discharge {
			out = append(out, c.problems[i].Name())
		}
	}
	return out
}

// latestRecord returns the latest date among the plan's ratings and its
// problems' resolutions, and says what carries it; the zero Date when
// there is none. The earliest record wins a tie, so the message names the
// first rating of that day.
func (c *CarePlan) latestRecord() (last wijk.Date, what string) {
	name := func(code string) string {
		if i := c.problemIndex(code); i >= 0 {
			return c.problems[i].Name()
		}
		return code
	}
	for _, r := range c.ratings {
		if r.Date.After(last) {
			last, what = r.Date, fmt.Sprintf("the %s rating of %s", r.Kind, name(r.Problem))
		}
	}
	for _, p := range c.problems {
		if p.Resolved.After(last) {
			last, what = p.Resolved, "the resolution of "+p.Name()
		}
	}
	return last, what
}

// Discharged returns when and why the plan was closed; ok is false while
// it is not closed. The plan closed on the day of e.At (read in its
// location); a plan closed by [CarePlan.Discharge] records no rating or
// resolution after that day.
func (c *CarePlan) Discharged() (e Event, ok bool) {
	if c.status != Closed || len(c.history) == 0 {
		return Event{}, false
	}
	return c.history[len(c.history)-1], true
}

// DueForReview reports whether the plan is active and its review date is
// on or before day.
func (c *CarePlan) DueForReview(day wijk.Date) bool {
	return c.status == Active && !c.reviewDate.IsZero() && !c.reviewDate.After(day)
}

// DueForReview returns the active plans whose review date is on or before
// day, the most overdue first (ties by plan ID). Nil plans are skipped.
func DueForReview(plans []*CarePlan, day wijk.Date) []*CarePlan {
	var out []*CarePlan
	for _, p := range plans {
		if p != nil && p.DueForReview(day) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *CarePlan) int {
		if c := a.reviewDate.Compare(b.reviewDate); c != 0 {
			return c
		}
		return strings.Compare(string(a.id), string(b.id))
	})
	return out
}

// transitionAllowed reports whether the lifecycle has an edge from → to.
func transitionAllowed(from, to Status) bool {
	switch {
	case (from == Draft || from == UnderReview) && to == Active:
		return true
	case from == Active && to == UnderReview:
		return true
	case (from == Active || from == UnderReview) && to == Closed:
		return true
	}
	return false
}

// String returns e.g. "2026-03-02 09:15: draft → active by 01J… (reason)".
func (e Event) String() string {
	s := fmt.Sprintf("%s: %s → %s by %s", e.At.UTC().Format("2006-01-02 15:04"), e.From, e.To, e.By)
	if e.Note != "" {
		s += " (" + e.Note + ")"
	}
	return s
}
