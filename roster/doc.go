// Package roster plans shifts: who works which shift on which day.
//
// A neighbourhood team plans its own roster. The planner proposes one, the
// team changes and accepts it. This package holds the model, the rules a
// roster is judged by, and a solver good enough that a team can trust its
// proposal.
//
// # The model
//
// A [Problem] has a horizon of days (day 0 falls on a given weekday), shift
// types (each with a start, a length, and the shifts that may not be worked
// on the day after it, listed or derived from a minimum rest), employees
// with a [Contract] and a qualification level, cover (how many people a
// shift on a day needs, optionally of a given level, with a penalty per
// person short and per person too many), requests (an employee would like
// to work a shift, or not to), pins (cells every roster must keep), and
// each employee's history: the days just before day 0, so that a run of
// working days that started last week counts this week too.
//
// # Hard rules and the soft penalty
//
// A roster is feasible when no employee breaks a hard rule: at most one
// shift a day (the model cannot even express two), no shift after one it
// may not follow, the contract's maximum per shift type, minimum and
// maximum total minutes, maximum and minimum working days in a row,
// minimum days off in a row, maximum weekends worked, fixed days off, and
// pins. A run of working days or days off that touches the last day of the
// horizon is exempt from the minimum-run rules (the next roster decides
// how it ends), and so is a run touching day 0 when the employee has no
// history: a problem without history is exactly the Curtois & Qu
// benchmark's rule. Among feasible rosters, the better one has the lower
// soft penalty: the weights of requests not granted plus the cover
// penalties. [Roster.Evaluate] lists every violation in words (who, which
// rule, which days) and splits the penalty by constraint; an [Evaluator]
// answers "what would this change cost" quickly, for interactive editing.
//
// # The solver
//
// [Solve] builds a first roster employee by employee and then improves it
// by simulated annealing over several kinds of move: changing one cell,
// swapping a day or a block of days between two employees, re-optimising
// one employee's schedule over a window of days exactly by dynamic
// programming (with everyone else's shifts fixed, the cost of each choice
// is known exactly, and the contract rules are the states of the
// program), and ruin and recreate of a few employees at once. It runs
// several workers in parallel that share the best roster at fixed
// iteration counts, so a run with a seed, a worker count and an iteration
// budget is reproducible. Given a roster to start from and a weight per
// change, it repairs that roster after something changed (someone fell
// ill: pin the days off and solve again) while changing as little else as
// possible.
package roster
