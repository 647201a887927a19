// Package service is wijk's trust boundary: the use-case layer that acts
// for one person at a time and takes every right that person has from
// stored facts, never from the caller.
//
// The domain packages (careplan, team, consensus) decide whether a rule
// holds for the facts they are given: a care plan refuses an authorisation
// by a level-4 actor, a team refuses a hire without a decision reference.
// They cannot know whether the caller told the truth about the actor's
// level or about the decision. This package is where the facts come from
// storage instead: who a person is on the day, in which team, at which
// level, whether a decision was really adopted.
//
// # Sessions
//
// A [Service] is opened on a storage.Store, a wijk.Clock and an ID source.
// [Service.As] opens a [Session] for one person, with a [Purpose] (care,
// emergency, administration, own record). Every use case is a method of
// the session: it loads what it needs, asks the rules in package policy,
// calls the domain and saves, in one transaction. Every write names the
// session's person as its actor in the audit log.
//
//	svc, _ := service.New(store, clock, ids)
//	bram, _ := svc.As(ctx, bramID, service.Care())
//	plan, err := bram.Plan(ctx, planID)          // Bram is in the client's team: allowed
//	_, err = bram.Authorise(ctx, planID, 60, review) // Bram is level 4: wijk.ErrForbidden,
//	                                             // "forbidden by rule authorise-level-5: …"
//
// What a person may do is resolved on the day of each request, from:
//
//   - the memberships that cover that day (team.Team.MembersOn): a future
//     hire is not yet a member, a leaver after their last day no longer
//     is, a member on leave reads no dossier, and only active members take
//     part in decisions;
//   - the qualification level of that membership (only a stored level-5
//     membership in the client's team authorises care hours);
//   - the team a coach was invited by, and the proposals escalated to them;
//   - the staff roles granted (team.Staff: back office, privacy officer);
//   - the client's own ID, and the representatives registered on the
//     client's record.
//
// A session remembers what it concluded about a team together with the
// team's version and the day, and reads the version with every record it
// decides on (storage's GetPlaced), so a change of membership takes effect
// at the next request, and reading a care plan costs one read of the
// store.
//
// Each write decides and saves in one transaction, on the team as that
// transaction reads it. A membership change that another transaction
// commits meanwhile does not conflict with the write (it touches the team,
// the write a client's record): the outcome is the same as if the write
// had come just before the change, which is how two requests that cross
// in time are ordered anyway.
//
// # Decisions
//
// A team decision changes the team only through [Session.ApplyDecision],
// which takes the decision from the team's own decision log: the store
// logs only the decision made from a stored, adopted proposal of that team
// (storage.DecisionLog.Append checks it), and the service refuses a
// decision that is superseded or already applied. What changes is the
// payload the team adopted, never what the caller says.
//
// # Plans
//
// A team's rosters and visit plans (package planning) are proposed,
// adopted and re-planned through the session too. Any active member of
// the team proposes or revises one ([Session.ProposeRoster],
// [Session.ReviseRoster], [Session.ProposeDayPlan]): the planner does so
// in practice, but a self-managing team shares its roles. Adopting one
// ([Session.AdoptRoster], [Session.AdoptDayPlan]) names a decision of the
// team's own decision log, in force and taken by the whole team (not by
// the advice process), whose payload adopts this plan as it is
// (consensus.AdoptRoster or consensus.AdoptDayPlan, with the plan's ID
// and content digest), and is recorded by a member who takes part in
// decisions; a made-up decision, or another team's, is not found, and a
// decision about something else, another plan, or this plan before it
// was revised adopts nothing. A
// re-plan ([Session.ReplanRoster], [Session.ReplanDay]) stores the new
// plan, supersedes the old one and, with a decision, adopts the new one,
// in one transaction: when any step fails, nothing is stored. An adopted
// plan is replaced only by a re-plan the team adopts: one member alone
// does not undo the team's decision. A plan names only its team's people
// and clients, as the store has them: everyone it plans is a member of the
// team in its period (on its day, for a visit plan), and every client a
// visit plan visits is in the team's care. Rosters are
// read by the team's members and its coach; a visit plan names the
// clients visited, where and when, so it is read as the team's caseload
// (active members only) and every read and write of one leaves an access
// entry per client it names.
//
// # The rules
//
// The rules are written once, in package policy, as a table that can be
// read and audited on its own. A refused request returns a
// *policy.Refusal, which matches wijk.ErrForbidden and names the rule that
// refused it. Emergency access to another team's client is allowed with a
// reason, and logged and reported as an emergency.
//
// # Who saw what
//
// Every read and every write of a client's record through a session, and
// every refused attempt, leaves one entry in the store's access log (as
// NEN 7513 asks): when, who, in which role (member, coach, organisation,
// client, representative, system), which client and record, what was done
// (read, create, update, export, emergency), the purpose and its reason, the
// outcome with the rule that decided, and the application named with
// [WithApplication]. A read of a team's caseload leaves one entry per
// record it hands out. A write's entry commits in the write's transaction
// (a rolled-back write leaves none); a refusal is written after the
// rollback; a read hands out its data only once its entry is durable
// (concurrent reads share one commit). Reading the access log is itself
// not logged.
//
// The client, and a registered representative, read who saw or changed
// the client's record with [Session.AccessOverview], names shown; the
// members of a team read the emergency accesses to their clients and by
// their members with [Session.EmergencyReport]; the privacy officer reads
// everything ([Session.AccessLog]). The observer of [WithAccessObserver]
// hears every decision too, for the vendor's own monitoring.
//
// The audit and access logs keep their entries for the retention set with
// [WithRetention] (five years by default). The vendor's system purges
// what is older with [Session.PurgeLogs], which leaves checkpoints signed
// with the vendor's key; keep the public key to verify the logs with.
//
// # What the vendor still does
//
// The service trusts the person ID it is given: the vendor authenticates
// the person first (for example with OpenID Connect against the
// organisation's identity provider, or with the Dutch UZI pass for care
// professionals) and maps the identity to the person's wijk ID. A system
// session ([Service.AsSystem]) is for the vendor's own trusted processes
// and must never be opened for a person's request. Code that uses the
// storage.Store directly bypasses every rule here: keep it to set-up,
// migrations and tools.
package service
