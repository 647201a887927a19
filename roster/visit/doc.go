// Package visit plans a neighbourhood team's day of home visits: which
// nurse visits which client, in which order, at what time.
//
// # The problem
//
// A [Problem] holds the day. Nurses ([NurseParams]) have abilities (free
// labels such as "wound-care"), optionally a qualification level, a shift
// start and end, and the places they leave from and come back to. Visits
// ([VisitParams]) belong to a client, happen at a location, must start
// inside a time window (the nurse waits when she is early; starting after
// the window closes is allowed but counts as tardiness), last a given
// time, and may need an ability or a minimum level. Some visits need two
// nurses ([LinkParams]): both at once (Simultaneous, for a hoist transfer)
// or one after the other within a minimum and maximum gap (Sequential).
// Travel times come from a matrix or from planar coordinates (see
// "Travel" below). Clients
// ([ClientParams]) name the nurses they know (continuity: a familiar face
// at the door is worth something) and the nurses who must never come (the
// nurse allergic to the cat). A visit may be pinned to a nurse or to a
// start time, or exclude nurses.
//
// Times are plain minutes, counted from any fixed moment (midnight for a
// real team, the start of the horizon in the benchmark).
//
// # Travel
//
// Where places have points on Earth (a client's address coordinates,
// [geo.Point]), [TravelMatrix] turns them into the problem's travel
// matrix through a [Travel]: [StraightLine], the great-circle distance at
// a speed in km/h with a detour factor, or any road-network service a
// vendor plugs in by implementing its one batch method. [Cached] keeps the
// matrices so that a team's days, which visit mostly the same places, ask
// once. A matrix that a service gets wrong is refused with an error that
// names the trip; an error of the service is returned, and no plan is
// built on guesses. The planar X and Y of [LocationParams], divided by
// the problem's Speed, remain for benchmarks and simulations in their own
// units.
//
// # Plans, costs and rules
//
// A [Plan] gives each nurse an ordered list of visits. [Evaluate] computes
// when every visit starts (as early as possible: the nurse travels, waits
// for the window to open and for her colleague of a double visit) and the
// [Cost]: travel, total and maximum tardiness, overtime, continuity and
// unassigned visits, weighted by the problem's [Objective]. Hard rules
// (abilities, levels, pins, exclusions, undesired pairs, double visits whose
// orders contradict each other) are reported as explained [Violation]s.
//
// Timing double visits is the subtle part: a simultaneous visit makes one
// nurse wait for the other, which delays the rest of her route, which may
// delay a double visit on a third nurse's route, and so on. The evaluator
// finds the earliest times that satisfy every coupling at once (a system of
// "starts at least x after" constraints, solved by propagation), and
// detects the plans where no such times exist.
//
// # Solving
//
// [Solve] builds a plan by cheapest insertion and improves it with an
// adaptive large neighbourhood search: it removes a related group of visits
// (random, nearby in place and time, a stretch of a route, the costliest,
// those in a slice of the day) and puts them back where they cost least,
// double visits as a pair. It needs no limit: it stops by itself when
// its best plan has stopped improving ([Result.Stop] is
// [StopConverged]), and a time or iteration limit only caps it. Without
// a limit each worker makes several short independent coolings from the
// first plan, then one hot walk from the first plan without cooling, and
// then all restart from the best plan, a few times at most, until a
// restart finds nothing better, so that one unlucky cooling or walk does
// not decide the day. Its options and results follow the same contract as the roster solver's
// (see package roster, "One contract for both solvers"): reaching a
// limit, converging, or a context ending mid-search all return the best
// plan with a nil error; an error means there is no plan. Runs are
// deterministic for a seed and a worker count unless a clock stops them.
// [Replan] repairs a plan after a nurse drops out mid-day, keeping what
// is done.
//
// # From care plans to a day's plan
//
// [DayProblem] turns the visit demand of the clients' care plans
// (package careplan) and the nurses on duty that day (from the team's
// roster) into a Problem, so a real team's day can be planned and then
// re-planned with [Replan] when something changes.
//
// # Benchmark
//
// [MankowskaObjective] is the objective of the public benchmark of
// Mankowska, Meisel and Bierwirth (2014); package
// github.com/wijkzorg/wijk/roster/visit/mankowska reads its instances.
package visit
