package careplan

import (
	"fmt"
	"strings"

	"github.com/wijkzorg/wijk"
)

// ProblemOutcome is the outcome of care for one problem: the change in
// Knowledge, Behavior and Status from the admission rating to the latest
// rating (the discharge rating, once there is one).
type ProblemOutcome struct {
	// Problem is the problem's code; Name its Omaha name.
	Problem string
	Name    string
	// Rated is false when the problem has no rating yet; the other
	// fields are then zero.
	Rated bool
	// Admission is the admission rating.
	Admission Rating
	// Latest is the latest rating; equal to Admission when there is only
	// one.
	Latest Rating
	// Change is Latest − Admission: positive numbers are improvement.
	Change KBS
	// Discharged reports whether Latest is the discharge rating.
	Discharged bool
}

// PlanOutcome is the outcome of care over a plan's problems.
type PlanOutcome struct {
	// Problems holds one outcome per problem, in code order.
	Problems []ProblemOutcome
	// Rated is the number of problems with at least an admission rating.
	Rated int
	// Total is the sum of the changes of the rated problems.
	Total KBS
}

// Mean returns the average change per rated problem on each scale; zeros
// when no problem is rated.
func (o PlanOutcome) Mean() (knowledge, behavior, status float64) {
	if o.Rated == 0 {
		return 0, 0, 0
	}
	n := float64(o.Rated)
	return float64(o.Total.Knowledge) / n, float64(o.Total.Behavior) / n, float64(o.Total.Status) / n
}

// Outcome returns the outcome of one of the plan's problems. The error
// matches [wijk.ErrNotFound] when the plan has no such problem.
func (c *CarePlan) Outcome(code string) (ProblemOutcome, error) {
	i := c.problemIndex(code)
	if i < 0 {
		return ProblemOutcome{}, wijk.NotFoundf("care plan %s has no problem %q", c.id, code)
	}
	return c.outcome(c.problems[i]), nil
}

func (c *CarePlan) outcome(p Problem) ProblemOutcome {
	o := ProblemOutcome{Problem: p.Code, Name: p.Name()}
	rs := c.RatingsOf(p.Code)
	if len(rs) == 0 {
		return o
	}
	o.Rated = true
	o.Admission, o.Latest = rs[0], rs[len(rs)-1]
	o.Change = o.Latest.KBS.Sub(o.Admission.KBS)
	o.Discharged = o.Latest.Kind == Discharge
	return o
}

// Outcomes returns the outcome of every problem of the plan and their sum.
func (c *CarePlan) Outcomes() PlanOutcome {
	var po PlanOutcome
	for _, p := range c.problems {
		o := c.outcome(p)
		po.Problems = append(po.Problems, o)
		if o.Rated {
			po.Rated++
			po.Total = po.Total.Add(o.Change)
		}
	}
	return po
}

// Summary returns the plan as plain text a nurse can read at the door:
// the client and their own goals, the state of the plan, each problem with
// its signs, goal, interventions, ratings and change. client may be nil,
// or must be the plan's client; the text is the same for the same plan
// and client.
func (c *CarePlan) Summary(client *Client) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	if client != nil && client.ID() == c.client {
		line("Care plan for %s (born %s)", client.Name(), client.BirthDate())
		a := client.Address()
		addr := a.Street + ", " + a.Postcode + " " + a.City
		if a.Area != "" {
			addr += " (" + a.Area + ")"
		}
		line("Address: %s", addr)
		list := func(title string, items []string) {
			if len(items) > 0 {
				line("%s: %s", title, strings.Join(items, "; "))
			}
		}
		list("Own goals", client.Goals())
		list("Strengths", client.Strengths())
		list("Wishes", client.Wishes())
		for _, ic := range client.Informal() {
			s := "Informal: " + ic.Name + " (" + ic.Relation + ")"
			if ic.HelpsWith != "" {
				s += ", helps with " + ic.HelpsWith
			}
			if ic.Reach != "" {
				s += ", reach: " + ic.Reach
			}
			line("%s", s)
		}
		for _, f := range client.Formal() {
			role := f.Role.String()
			if f.RoleDetail != "" {
				role += " (" + f.RoleDetail + ")"
			}
			who := strings.TrimSpace(strings.Join([]string{f.Name, f.Organisation}, ", "))
			who = strings.Trim(who, ", ")
			s := "Formal: " + role + ": " + who
			if f.Contact != "" {
				s += ", " + f.Contact
			}
			line("%s", s)
		}
	} else {
		line("Care plan for client %s", c.client)
	}

	status := "Status: " + c.status.String() + ", episode from " + c.start.String()
	if a, ok := c.Authorisation(); ok && c.status != Closed {
		status += fmt.Sprintf(", review by %s", c.reviewDate)
		line("%s", status)
		line("Authorised: %s a week by %s on %s (planned %s)", hm(a.MinutesPerWeek), a.By, wijk.DateOf(a.At), hm(c.PlannedMinutesPerWeek()))
	} else {
		line("%s", status)
		if c.status == Draft {
			line("Planned: %s a week, not yet authorised", hm(c.PlannedMinutesPerWeek()))
		}
	}
	if e, ok := c.Discharged(); ok {
		line("Discharged on %s: %s", wijk.DateOf(e.At), e.Note)
	}

	for n, p := range c.problems {
		line("")
		head := fmt.Sprintf("%d. %s (%s): %s, %s", n+1, p.Name(), p.Code, p.Severity, p.Scope)
		if !p.Open() {
			head += ", resolved " + p.Resolved.String()
		}
		line("%s", head)
		if len(p.Signs) > 0 {
			ss := make([]string, len(p.Signs))
			for i, s := range p.Signs {
				ss[i] = s.String()
			}
			line("   Signs: %s", strings.Join(ss, "; "))
		}
		line("   Goal: %s", p.Goal)
		for _, iv := range c.interventions {
			if iv.Problem != p.Code {
				continue
			}
			line("   - %s, %s: %s", iv.Category, iv.TargetName(), iv.Description)
			line("     %s, %s or higher", iv.Schedule, iv.Level)
		}
		for _, r := range c.RatingsOf(p.Code) {
			s := fmt.Sprintf("   Rated %s %s: %s", r.Kind, r.Date, r.KBS)
			if r.Note != "" {
				s += " (" + r.Note + ")"
			}
			line("%s", s)
		}
		if o := c.outcome(p); o.Rated && o.Latest.Kind != Admission {
			line("   Change since admission: %s", o.Change.Change())
		}
	}
	return b.String()
}

// hm formats minutes as "5h 15m".
func hm(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %02dm", h, m)
}
