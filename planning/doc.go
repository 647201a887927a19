// Package planning keeps a team's plans: its rosters (who works which
// shift on which day of a period) and its visit plans (which nurse visits
// which client when, on one day).
//
// A planning tool suggests; people decide. A solver in package roster or
// roster/visit proposes a plan, and the team changes it, pins what must
// stay, and adopts it by a team decision. When someone falls ill the team
// re-plans: the new plan keeps what was pinned or already happened, and
// when it is adopted it supersedes the old one. So a kept plan is one of:
//
//   - proposed: made by a solver or a planner, not decided on; it may
//     still be revised ([Roster.Revise], [DayPlan.Revise]);
//   - adopted: a team decision adopted it ([Roster.Adopt]); it is what
//     the team works to, and no longer changes;
//   - superseded: a re-plan replaced it ([Roster.Supersede]). A proposed
//     plan may be superseded (a newer proposal came before the team
//     decided), and so may an adopted one. A superseded plan stays as it
//     was, for the record, with the adoption it had.
//
// Nothing moves back: an adopted plan is not proposed again, and a plan
// is adopted once. A change to an adopted plan is a new plan that
// supersedes it.
//
// Each plan keeps the problem as it was given to the solver, so it can be
// solved again: [Roster.Problem] and [DayPlan.Problem] rebuild it. The
// stored form of a problem ([RosterProblemSnapshot], [VisitProblemSnapshot]) mirrors the
// solvers' parameters with an explicit name for every field, so that a
// stored plan stays readable when the solvers' Go types change.
//
// This package decides whether a plan keeps its own rules (a problem the
// solver accepts, assignments that fit it and keep its pins, a legal move
// between statuses). Whether the decision that adopted a plan is really in
// the team's decision log and adopts this plan as it is (its payload
// names the plan's ID and [Roster.Digest] or [DayPlan.Digest]), and
// whether the plan that superseded another is stored, are facts that
// storage checks when the plan is written.
package planning
