package careplan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// CarePlanSnapshot is the full state of a [CarePlan], for storage. Every
// field is exported; [RestoreCarePlan] checks all of them.
type CarePlanSnapshot struct {
	// ID, Client, Start and CreatedBy are as in [CarePlanParams].
	ID        wijk.ID   `json:"id"`
	Client    wijk.ID   `json:"client"`
	Start     wijk.Date `json:"start"`
	CreatedBy wijk.ID   `json:"created_by"`
	// Status is the plan's state.
	Status Status `json:"status"`
	// ReviewDate is the review date of the latest authorisation.
	ReviewDate wijk.Date `json:"review_date"`
	// Problems, in code order.
	Problems []Problem `json:"problems"`
	// Interventions, in the order they were added.
	Interventions []Intervention `json:"interventions"`
	// Ratings, in the order they were recorded.
	Ratings []Rating `json:"ratings"`
	// Authorisations, oldest first.
	Authorisations []Authorisation `json:"authorisations"`
	// History holds the lifecycle steps, oldest first.
	History []Event `json:"history"`
}

// Snapshot returns the plan's full state; nothing in it is shared with the
// plan.
func (c *CarePlan) Snapshot() CarePlanSnapshot {
	return CarePlanSnapshot{
		ID: c.id, Client: c.client, Start: c.start, CreatedBy: c.createdBy,
		Status: c.status, ReviewDate: c.reviewDate,
		Problems: c.Problems(), Interventions: c.Interventions(), Ratings: c.Ratings(),
		Authorisations: c.Authorisations(), History: c.History(),
	}
}

// RestoreCarePlan rebuilds a stored plan from its snapshot. It checks
// every rule the plan's operations enforce — each problem once, signs
// that fit the severity, interventions of the plan's problems, ratings in
// a valid order, a lifecycle history that follows the state machine and
// ends in Status, one authorisation for each step into Active, an active
// plan ready for care within its authorised hours, discharge
// ratings for every open problem of a closed plan — and returns a
// validation error naming the field when any is broken.
func RestoreCarePlan(s CarePlanSnapshot) (*CarePlan, error) {
	c, err := NewCarePlan(CarePlanParams{ID: s.ID, Client: s.Client, Start: s.Start, CreatedBy: s.CreatedBy})
	if err != nil {
		return nil, err
	}
	if err := statusEnum.Check("status", s.Status); err != nil {
		return nil, err
	}
	if len(s.Problems) > 42 {
		return nil, wijk.Invalid("problems", "must hold each Omaha problem at most once")
	}
	for i, p := range s.Problems {
		field := fmt.Sprintf("problems[%d]", i)
		p = p.normalised()
		if err := p.validate(); err != nil {
			return nil, wijk.InField(field, err)
		}
		if !p.Resolved.IsZero() && p.Resolved.Before(s.Start) {
			return nil, wijk.Invalid(field+".resolved", "must not be before the episode started on %s", s.Start)
		}
		if c.problemIndex(p.Code) >= 0 {
			return nil, wijk.Invalid(field+".code", "the problem %s appears twice", p.Code)
		}
		c.problems = append(c.problems, p)
	}
	slices.SortFunc(c.problems, func(a, b Problem) int { return strings.Compare(a.Code, b.Code) })

	if len(s.Interventions) > MaxInterventions {
		return nil, wijk.Invalid("interventions", "must have at most %d entries", MaxInterventions)
	}
	for i, iv := range s.Interventions {
		field := fmt.Sprintf("interventions[%d]", i)
		iv = iv.normalised()
		if err := iv.validate(); err != nil {
			return nil, wijk.InField(field, err)
		}
		if c.problemIndex(iv.Problem) < 0 {
			return nil, wijk.Invalid(field+".problem", "must be one of the plan's problems, got %q", iv.Problem)
		}
		if c.interventionIndex(iv.ID) >= 0 {
			return nil, wijk.Invalid(field+".id", "appears twice")
		}
		c.interventions = append(c.interventions, iv)
	}

	if len(s.Ratings) > MaxRatings {
		return nil, wijk.Invalid("ratings", "must have at most %d entries", MaxRatings)
	}
	for i, r := range s.Ratings {
		field := fmt.Sprintf("ratings[%d]", i)
		r = r.normalised()
		if err := r.validate(); err != nil {
			return nil, wijk.InField(field, err)
		}
		pi := c.problemIndex(r.Problem)
		if pi < 0 {
			return nil, wijk.Invalid(field+".problem", "must be one of the plan's problems, got %q", r.Problem)
		}
		if s.Status == Draft && r.Kind != Admission {
			return nil, wijk.Invalid(field+".kind", "a draft plan has only admission ratings")
		}
		if err := checkRatingOrder(c.start, c.RatingsOf(r.Problem), r, c.problems[pi]); err != nil {
			return nil, wijk.Invalid(field, "is out of order: %v", err)
		}
		c.ratings = append(c.ratings, r)
	}
	for i, p := range c.problems {
		if p.Open() {
			continue
		}
		rs := c.RatingsOf(p.Code)
		if len(rs) == 0 || rs[len(rs)-1].Kind != Discharge || p.Resolved.Before(rs[len(rs)-1].Date) {
			return nil, wijk.Invalid(fmt.Sprintf("problems[%d].resolved", i), "a resolved problem needs a discharge rating on or before the day it was resolved")
		}
		if s.Status == Draft {
			return nil, wijk.Invalid(fmt.Sprintf("problems[%d].resolved", i), "a draft plan has no resolved problems")
		}
	}

	if err := c.restoreLifecycle(s); err != nil {
		return nil, err
	}
	return c, nil
}

// restoreLifecycle replays the history and the authorisations of s onto
// c.
func (c *CarePlan) restoreLifecycle(s CarePlanSnapshot) error {
	state := Draft
	auth := 0
	for i, e := range s.History {
		field := fmt.Sprintf("history[%d]", i)
		if e.From != state {
			return wijk.Invalid(field+".from", "must be %s, the state the previous step left the plan in", state)
		}
		if !transitionAllowed(e.From, e.To) {
			return wijk.Invalid(field+".to", "the lifecycle has no step from %s to %s", e.From, e.To)
		}
		if err := e.By.Validate(field + ".by"); err != nil {
			return err
		}
		if err := c.checkStep(e.At); err != nil {
			return wijk.InField(field, err)
		}
		e.Note = strings.TrimSpace(e.Note)
		if e.To == Active {
			if e.Note != "" {
				return wijk.Invalid(field+".note", "must be empty: an authorisation records no note")
			}
			if auth >= len(s.Authorisations) {
				return wijk.Invalid("authorisations", "must have one entry for each step into active")
			}
			a := s.Authorisations[auth]
			af := fmt.Sprintf("authorisations[%d]", auth)
			if a.By != e.By || !a.At.Equal(e.At) {
				return wijk.Invalid(af, "must match the step into active of %s", field)
			}
			if err := valid.Range(af+".minutesPerWeek", a.MinutesPerWeek, 1, MaxMinutesPerWeek); err != nil {
				return err
			}
			if !a.ReviewDate.After(wijk.DateOf(a.At)) {
				return wijk.Invalid(af+".reviewDate", "must be after the day of authorisation")
			}
			c.authorisations = append(c.authorisations, a)
			c.reviewDate = a.ReviewDate
			auth++
		} else if err := valid.Required(field+".note", e.Note, MaxNote); err != nil {
			return err
		}
		c.history = append(c.history, e)
		state = e.To
	}
	if auth != len(s.Authorisations) {
		return wijk.Invalid("authorisations", "must have one entry for each step into active, got %d for %d", len(s.Authorisations), auth)
	}
	if state != s.Status {
		return wijk.Invalid("status", "must be %s, where the history leaves the plan", state)
	}
	if s.ReviewDate != c.reviewDate {
		return wijk.Invalid("reviewDate", "must be the review date of the latest authorisation, %q", c.reviewDate)
	}
	c.status = state
	if state == Active {
		// An active plan's contents are fixed since it was authorised:
		// only resolutions and ratings came after, and neither leaves an
		// open problem unplanned or unrated, or asks for more hours. Every
		// problem may have been resolved since.
		if err := c.ready(); err != nil && len(c.openProblems()) > 0 {
			return wijk.Invalid("status", "must not be active: %v", err)
		}
		a := len(c.authorisations) - 1
		if planned := c.PlannedMinutesPerWeek(); planned > c.authorisations[a].MinutesPerWeek {
			return wijk.Invalid(fmt.Sprintf("authorisations[%d].minutesPerWeek", a), "must cover the %d minutes a week the interventions ask for", planned)
		}
	}
	if state == Closed {
		if missing := c.missingDischarge(); len(missing) > 0 {
			return wijk.Invalid("ratings", "a closed plan needs a discharge rating for %s", strings.Join(missing, ", "))
		}
	}
	return nil
}
