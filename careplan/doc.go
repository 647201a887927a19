// Package careplan models the client of a neighbourhood care team and the
// care plan the team writes with them, documented with the Omaha System
// (package omaha).
//
// # The client and the onion
//
// Care starts from the client, as the layers of an onion: first the
// client's own goals, strengths and wishes ("first coffee, then care"),
// then the informal network around them (partner, family, neighbours: who
// helps with what, and how to reach them), then the team, then the formal
// network (GP, pharmacist, therapists). A [Client] holds all of that; the
// aim of care is independence, so the inner layers come first.
//
// # The care plan
//
// A [CarePlan] covers one episode of care for one client. It lists Omaha
// problems ([Problem]) with their scope and severity: an actual problem is
// recorded with at least one of that problem's own signs/symptoms (or
// "other" with a description), a potential or health-promotion problem
// with none. Each problem carries a goal agreed with the client and is
// listed once. [Intervention]s say what the team does about a problem: an
// Omaha category and target, a description for this client, a [Schedule]
// (times a day or a week, minutes each time, preferred start windows) and
// the qualification level it needs. Knowledge, Behavior and Status are
// rated 1–5 for each problem ([Rating]) at admission, in between, and at
// discharge; the change is the outcome of care ([CarePlan.Outcomes]).
//
// # The lifecycle
//
// A plan is a draft after intake. It becomes active only when a level-5
// district nurse authorises the care hours — the "indicatie" —
// with [CarePlan.Authorise], which records the minutes per week, who, when,
// and the date by which the plan is to be reviewed. An active plan's
// contents are fixed; [CarePlan.StartReview] puts it under review, where
// the team changes it while care goes on, until it is authorised again.
// [CarePlan.Discharge] closes it, once every open problem has its
// discharge rating. [DueForReview] lists the plans whose review date has
// come. A step the lifecycle does not allow returns an error matching
// wijk.ErrConflict that says why; an authorisation by anyone but a level-5
// nurse returns wijk.ErrForbidden.
//
// # Demand for the visit planner
//
// [CarePlan.VisitDemand] and [Demand] turn the interventions of active
// plans into the [Visit]s a client needs on each day: when the visit may
// start, how long it takes, which level it needs and which interventions
// it covers. The visit planner assigns nurses to them.
//
// # Purity
//
// Nothing here reads the clock, draws random numbers or does I/O: times
// and dates come in as arguments, IDs are chosen by the caller, and the
// same inputs always give the same results and text. Every aggregate can
// be read whole ([Client.Snapshot], [CarePlan.Snapshot]) and rebuilt with
// full validation ([RestoreClient], [RestoreCarePlan]) by a storage layer.
package careplan
