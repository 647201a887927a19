package visit

import (
	"fmt"

	"github.com/wijkzorg/wijk"
)

// Objective weighs the parts of a plan's cost. The total is the weighted
// sum of the parts; every weight is zero or positive, and unassigned visits
// must weigh more than zero so that the solver plans every visit it can.
type Objective struct {
	// Travel weighs the total travel time, in minutes.
	Travel float64
	// TotalTardiness weighs the sum over visits of how late each started
	// after its window closed.
	TotalTardiness float64
	// MaxTardiness weighs the largest lateness of any one visit.
	MaxTardiness float64
	// Overtime weighs the minutes nurses come back after their shift end.
	Overtime float64
	// Continuity weighs each visit by a nurse the client does not know.
	Continuity float64
	// Unassigned weighs each visit no nurse was planned for; it should be
	// far above any other part.
	Unassigned float64
}

// UnassignedPenalty is the weight [DefaultObjective] and
// [MankowskaObjective] give an unassigned visit: higher than any plan's
// other costs on realistic days.
const UnassignedPenalty = 1e6

// DefaultObjective is a starting point for a real team: travel and
// lateness count minute for minute, the latest visit counts double,
// overtime counts double, a stranger at the door costs as much as 30
// minutes of travel.
func DefaultObjective() Objective {
	return Objective{Travel: 1, TotalTardiness: 1, MaxTardiness: 2, Overtime: 2, Continuity: 30, Unassigned: UnassignedPenalty}
}

// MankowskaObjective is the objective of the Mankowska et al. (2014)
// benchmark: distance/3 + total tardiness/3 + maximum tardiness/3, with
// unassigned visits at [UnassignedPenalty] (the benchmark allows none).
func MankowskaObjective() Objective {
	return Objective{Travel: 1.0 / 3, TotalTardiness: 1.0 / 3, MaxTardiness: 1.0 / 3, Unassigned: UnassignedPenalty}
}

// Validate checks the weights.
func (o Objective) Validate() error {
	for _, w := range []struct {
		name string
		v    float64
	}{{"travel", o.Travel}, {"totalTardiness", o.TotalTardiness}, {"maxTardiness", o.MaxTardiness}, {"overtime", o.Overtime}, {"continuity", o.Continuity}, {"unassigned", o.Unassigned}} {
		if !finite(w.v) || w.v < 0 || w.v > MaxWeight {
			return wijk.Invalid(w.name, "must be a weight from 0 to %g, got %g", float64(MaxWeight), w.v)
		}
	}
	if o.Unassigned <= 0 {
		return wijk.Invalid("unassigned", "must be more than zero")
	}
	return nil
}

// Cost is a plan's cost split into its named parts, with the weighted
// total.
type Cost struct {
	// Travel is the total travel time of all nurses, from their start
	// location to their end location.
	Travel float64
	// TotalTardiness sums, over planned visits, start minus window close
	// where positive.
	TotalTardiness float64
	// MaxTardiness is the largest such lateness.
	MaxTardiness float64
	// Overtime sums the minutes nurses are back after their shift end.
	Overtime float64
	// Continuity counts visits by a nurse the client does not know.
	Continuity int
	// Unassigned counts visits without a nurse.
	Unassigned int
	// Total is the weighted sum under the problem's objective.
	Total float64
}

// total computes the weighted sum of the parts.
func (o Objective) total(c Cost) float64 {
	return o.Travel*c.Travel + o.TotalTardiness*c.TotalTardiness + o.MaxTardiness*c.MaxTardiness +
		o.Overtime*c.Overtime + o.Continuity*float64(c.Continuity) + o.Unassigned*float64(c.Unassigned)
}

// Mankowska returns the benchmark's total cost computed exactly as the
// benchmark defines it, distance/3 + total tardiness/3 + max tardiness/3
// (dividing, not multiplying by a rounded third, so the figure matches
// other tools to the last digit).
func (c Cost) Mankowska() float64 {
	return c.Travel/3 + c.TotalTardiness/3 + c.MaxTardiness/3
}

// String lists the parts.
func (c Cost) String() string {
	return fmt.Sprintf("total %.3f (travel %.3f, tardiness %.3f, max tardiness %.3f, overtime %.3f, continuity %d, unassigned %d)",
		c.Total, c.Travel, c.TotalTardiness, c.MaxTardiness, c.Overtime, c.Continuity, c.Unassigned)
}
