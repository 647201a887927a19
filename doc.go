// Package wijk is an SDK for self-managed neighbourhood care, modelled on
// the Buurtzorg way of working.
//
// # The idea
//
// In Buurtzorg-style care, a small team of nurses and carers (at most about
// twelve) looks after the clients of one neighbourhood. There is no manager:
// the team takes in its own clients, plans its own work, hires its own
// colleagues and decides together by consent. A coach helps when asked but
// decides nothing. Care starts from the client and the people around them
// (the onion model), is documented with the Omaha System, and aims at
// independence: as short and light as possible.
//
// wijk is the software around such teams, to be embedded in a care
// application's Go back end. It is written for three kinds of users:
//
//   - vendors of care apps, who need a stable, documented API, rules they
//     can trust and storage on SQLite or PostgreSQL;
//   - researchers simulating team dynamics, who need the same rules,
//     deterministic and fast;
//   - students learning the model from the runnable examples.
//
// # Package map
//
//	wijk             this package: error kinds, validation errors, Clock,
//	                 Date and ID, shared by every other package
//	careplan         clients, their onion network, Omaha-coded care plans,
//	                 outcome ratings, plan lifecycle and the visits a plan needs
//	careplan/omaha   the Omaha System taxonomy (problems, signs/symptoms,
//	                 intervention categories and targets, rating scales)
//	team             teams, members and levels, roles, coaches, hiring and
//	                 leaving, splitting, productivity figures
//	consensus        proposals, consent rounds, objections, meetings and the
//	                 decision log
//	roster           shift rostering: model, evaluator and solver
//	roster/visit     daily visit planning: routes, time windows, skills,
//	                 continuity and double visits; travel times through a
//	                 pluggable Travel
//	planning         from care plans to the nurse's day: the roster and visit
//	                 problems, hours from routes, re-plans and their diffs,
//	                 and the rosters and day plans a team proposes and adopts
//	calendar         rosters and visit plans as iCalendar files
//	geo              a point on Earth and the great-circle distance
//	storage/...      one storage contract with memory, SQLite and PostgreSQL
//	                 backends
//	service          the trust boundary: sessions that act for one person and
//	                 take every right from stored facts; service/policy holds
//	                 the rules
//
// Domain packages never read the clock or do I/O: every operation takes
// the time it happens ("now") and the IDs it needs, so the same inputs always
// give the same result. Applications read the time from a [Clock] and make
// IDs with an [IDGenerator]; simulations use a [ManualClock] and a seeded
// generator and get byte-identical runs.
//
// # Errors
//
// Every error wijk returns for a reason of the model matches one of four
// kinds under [errors.Is]: [ErrInvalid] (input broke a rule; the error is a
// [*ValidationError] naming the field and the rule), [ErrNotFound],
// [ErrConflict] (stale version, or a transition the current state does not
// allow) and [ErrForbidden] (the actor may not do this). Bad input is never
// stored and never panics.
//
// # Embedding
//
// An application keeps one ID generator and one clock for the process:
//
//	clock := wijk.SystemClock()
//	ids := wijk.NewIDGenerator(clock)
//	clientID := ids.NewID()
//	today := wijk.DateOf(clock.Now())
//
// and passes them on to the domain packages; see the examples directory for
// whole programs.
package wijk
