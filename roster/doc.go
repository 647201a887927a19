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
// [Solve] works in two phases. The first is column generation (over the
// whole horizon up to 84 days, and over windows of a few weeks beyond 42
// days, see below): a master problem chooses one whole schedule per
// employee so that the requests and the cover penalty cost least, its
// linear relaxation is solved over the schedules found so far, and for
// each employee a dynamic program over the days (the contract rules are
// its states, including the maximum per shift type wherever that fits)
// finds the schedule that would improve the relaxation most. When none
// does, a dive fixes the employees whose schedules the relaxation is
// surest of and generates again, until everyone has one; on horizons of
// up to 42 days, a small tree search over the last six employees ends
// the dive, since their schedules are the hardest to fit. Pricing uses
// smoothed duals (a mix of the best ones so far and the master's own),
// which steadies them and saves rounds. With a time limit, a first dive
// whose relaxation took long fixes as many employees per step as it
// needs to end by half of the time (a step that fixes the employees the
// relaxation has settled fixes only those, so the dive can still run
// past it); one whose relaxation took longer than all the dives' time (a
// large team) fixes the rest on the schedules found so far, without
// pricing. The local search of the second phase then improves that
// roster for half of the time left before nine tenths of the limit, the
// sweep of weeks described below for the other half, and the tree search
// below starts from their roster in what time the sweep leaves. Later
// dives vary their choices, or keep the best roster for part of the team
// and re-plan the rest together; all reuse the schedules found, and a
// dive stops early when the relaxation shows it cannot beat the best
// roster so far.
//
// On horizons of up to 42 days, branch and price then takes over from the
// best roster the dives found: a tree search whose branches decide cells
// of the roster (this employee works this shift on this day, or does
// not), each node's relaxation solved to the end. It dives by giving the
// employee the relaxation is surest of their favourite schedule, keeps
// the alternatives, and goes on from the alternative of least bound; a
// node whose bound shows it cannot beat the best roster is cut off. With a
// time limit and two workers or more, two such searches run at once, each
// on its own core and with its own order among nodes of equal bound,
// sharing the best roster. When every node is searched or cut off (or
// the least bound left reaches the best roster), the roster is proven
// optimal: [Result.Optimal] says so and Solve returns at once. On the
// Curtois & Qu benchmark's 28-day instances the relaxation is within a
// few units of the best known rosters, which is why this phase gets
// close so fast; on that benchmark it proves instances 1 to 4 and 10
// (two to four weeks, teams of up to about 40) optimal within ten
// seconds, and in the runs measured the six-week instance 14 in under
// a minute. When the
// time runs out first, the least bound among the parts of the tree not
// searched yet is still a lower bound on every roster, and
// [Result.Bound] reports it (on horizons of 43 to 84 days, the first
// relaxation's bound): how much better than the proposal a roster could
// possibly be.
//
// Longer horizons are re-planned a window at a time: four to eight weeks
// of everyone's schedule are proposed anew by a dive over the window's
// own master, with each schedule outside the window kept as it is (its
// pricing program spans the window, with the rest of the row bounding
// the totals, runs and weekends). The windows overlap by half and are
// tried in turn; one whose relaxation shows that it cannot improve the
// roster is passed over until the roster changes. On horizons of up to
// 84 days one dive over the whole horizon gives the windows their first
// roster; beyond that, the local search of the second phase does. When
// that dive's first relaxation has not ended by about a third of the
// time (a large team, whose relaxation can take the whole minute), the
// dive gives up and the search goes on as beyond 84 days. On horizons
// of up to 42 days the same happens when the first relaxation has not
// ended by 0.65 of the time, except that the windows are left out (they
// would span most or all of the horizon) and the sweep of weeks does
// their part. Wherever the windows run, when the first one cannot solve its
// relaxation within its share of one pass over the horizon (the time
// left for the windows divided by the number of four-week windows that
// cover it), the windows give up at once: on a year of a large team a
// window's relaxation takes longer than the windows can afford, and the
// local search makes better use of their time.
//
// Beyond 84 days the windows stop at eight tenths of the time, and the
// next tenth goes to a sweep of windows of one week, each re-planned the
// same way, a week after another and from each weekday in turn. When a
// whole round of weeks finds nothing better, windows of two weeks follow
// (which can move a run of shifts across the end of a week), and a better
// roster found there sends the sweep back to single weeks; it ends when
// a round of two weeks finds nothing better either, or when a window's
// relaxation is too slow for the time. The local search has the rest.
// On those horizons the shortfall in cover gathers on the weekends,
// where the contracts' weekend maxima bind, and a week's window lets
// many employees trade the shifts around one weekend at once, which the
// moves below find only by chance.
//
// Before either phase, a first roster is built employee by employee with
// the dynamic program that re-optimises one schedule, in two passes
// (beyond 42 days over windows of four weeks, on the first pass with the
// contract's totals spread pro rata). Shift types that the sequence rules
// cannot tell apart (the same length, the same cannot-follow rules) share
// the program's states, so a team with many types of the same few kinds
// costs little more than one with few. A window that cannot reach the
// contract's maximum minutes, even with the longest shift on every day,
// counts its minutes only up to what the minimum still needs: beyond
// that every count costs the same. Where the program that counts the
// minutes exactly would still be large (a year's windows with shift
// types of several lengths), the first pass leaves the minutes out and
// prices them instead, searching by bisection for the price at which the
// window's minutes land in its share. The time limit and the context hold
// while the roster is built: when either runs out, the employees not yet
// planned get a schedule from that priced program (the exact one where
// it misses the totals), a bounded repair re-plans the schedules that
// break a hard rule, and the search ends with that roster.
//
// The second phase is simulated annealing over several kinds of move:
// changing one cell, swapping a day or a block of days between two
// employees, re-optimising one employee's schedule over a window of days
// with the same dynamic program (with everyone else's shifts fixed, the
// cost of each choice is known exactly), and ruin and recreate of a few
// employees at once. Beyond 56 days half of the single-employee programs
// re-plan two windows of one schedule in turn, so that work moves
// between distant parts of the horizon; half of those empty the first
// window before planning the second, which may then take over a weekend,
// minutes or shifts of a type at its maximum that the first held (where
// every employee works the most weekends the contract allows, this lets
// a weekend move to a distant week whose cover is short). Beyond 84
// days, where one program over the whole horizon is too large, this
// phase also runs first, for a quarter of the time (after a dive that
// gave up, for 0.15 of the time, or 0.1 on horizons of up to 42 days),
// to give the windows a roster without hard violations (where the
// windows are too slow, as on a year of 150 staff and 32 shift types,
// it does all the work).
// Some contracts leave almost no slack over a year (the total minutes,
// the weekends and the runs all bind), and the windows cannot free a
// single day of such a schedule without moving the rest of the year.
// So whenever the best roster still breaks a hard rule (after the moves
// have left its violations as they were for 12,000 moves per worker, at
// the end of that quarter, before the last stretch of moves, and at the
// very end), the schedule of each employee who breaks one is re-planned
// over the whole horizon, with everyone else fixed, by the same program
// with a larger state budget than the moves can afford (256 MiB at most,
// only while it runs). Where even that is too small (a year whose shift
// lengths make the minutes fine-grained), the weekends are priced
// instead of counted, the price raised until they keep the contract, and
// where that is still too large, the minutes are priced instead.
// Workers run in parallel and share the best roster at fixed iteration
// counts; the pricing of the first phase uses
// the same number of goroutines. A run with a seed, a worker count and an
// iteration budget is reproducible. Given a roster to start from and a
// weight per change, it repairs that roster after something changed
// (someone fell ill: pin the days off and solve again) while changing as
// little else as possible.
//
// # One contract for both solvers
//
// [Solve] and the visit planner's Solve (package roster/visit) take
// options of the same names, types and meaning: Seed, Workers (0 means
// [DefaultWorkers], two, on every machine, so that a seed gives the same
// plan everywhere; at most [MaxWorkers]), TimeLimit, MaxIterations (per
// worker), Start (a plan to begin from), Progress and Clock. Both
// results say in Stop why the search ended, a [StopReason]: proven
// optimal (this package only), converged (with neither limit set, both
// solvers stop when their search stops finding better plans, and give
// the same plan for the same seed on any machine), an iteration or a
// time limit reached, or the caller's context ended. Each of these is a
// normal end: the solver returns its best plan and a nil error. An error
// always means there is no plan: invalid input (matching
// [wijk.ErrInvalid] and naming the argument, also for a nil or zero
// problem or roster, never a panic), or a context that had already ended
// when the search was called.
//
// Two differences remain on purpose. Rosters count whole minutes (int):
// shift lengths and contract totals are whole minutes, and the dynamic
// program and column generation count in them exactly; visit plans count
// fractional minutes (float64), since travel times come from distances
// (the Mankowska benchmark's are fractional). And both solvers name
// employees, nurses, shifts and visits with plain strings, not
// [wijk.ID]s, because the benchmarks they are measured on use names such
// as "A" or "p1"; where a plan starts from wijk's own records (package
// roster/visit's DayProblem and Shift), the fields are wijk.IDs and
// convert with string(id).
package roster
