// Package policy is the rule book of wijk's trust boundary: who may do what
// with a client's dossier, a team's hours and figures, its decisions, its
// rosters and visit plans, and the audit log. It is pure and small so that it can be read and audited
// on its own: [Decide] takes an [Action] and the [Facts] about the person
// asking, and answers with a [Decision] that names the rule behind it.
//
// The facts never come from the person asking. Package service fills them
// from stored data on the day of the request: the memberships that cover
// that day (a future hire is not yet a member, a leaver after their last
// day no longer is), the level of each, the teams that invited a coach,
// the staff roles granted, the representatives registered on a client's
// record. The caller never passes a level or a role.
//
// # The rules
//
// Allowing rules are tried in order; the first that applies lets the
// request through. A request no rule allows is refused with an error
// matching wijk.ErrForbidden that names a rule: the first refusing rule
// that applies (a coach asking for a dossier is told that coaches never
// read dossiers), or else the main rule for the action.
//
//   - dossier-team (allows): An active member of the client's team reads and
//     writes the client's record and care plans, and reads the team's whole
//     caseload; members of other teams do not.
//   - authorise-level-5 (allows): Authorising care hours needs a stored
//     level-5 membership, active on the day, in the client's team.
//   - own-dossier (allows): A client reads their own record and care plans.
//   - representative (allows): A representative registered on the client's
//     record reads the client's record and care plans.
//   - emergency (allows): In an emergency an active member of another team
//     opens one client's dossier after giving the reason, never a whole
//     caseload; the access is marked as an emergency and reported.
//   - coach-no-dossier (refuses): A coach never reads or writes a client's
//     dossier, not even of a team that invited them.
//   - office-no-dossier (refuses): The back office sees figures and hours,
//     never a client's dossier.
//   - own-hours (allows): A member records and corrects their own hours, in
//     the team they are a member of on that day.
//   - team-hours (allows): The members of a team read its hours records.
//   - office-hours (allows): The back office reads every team's hours
//     records.
//   - figures-open (allows): Every team sees its own figures and every other
//     team's, names shown.
//   - figures-coach (allows): A coach sees the figures of the teams that
//     invited them.
//   - figures-office (allows): The back office sees every team's figures and
//     each member's, names shown.
//   - member-figures (allows): The members of a team see each member's
//     figures.
//   - team-read (allows): A team's members, its coach and the back office
//     read the team: members, roles, norms and coaching.
//   - coach-never-decides (refuses): A coach never proposes, takes a stance,
//     adopts or applies a decision, nor proposes or adopts a plan: coaches
//     have no decision rights.
//   - team-manage (allows): An active member looks after the team's roles,
//     its coach and its coaching requests.
//   - found-team (allows): The organisation founds a new team with its
//     founders, through the back office or the vendor's own process; nobody
//     founds a team on their own, since membership of a team is what opens
//     client dossiers.
//   - decision-log-team (allows): The members of a team read its decision
//     log.
//   - decision-log-coach (allows): A coach reads the decision log of the
//     teams that invited them.
//   - proposals-team (allows): The members of a team read its proposals and
//     meetings.
//   - proposals-coach (allows): A coach reads a proposal that was escalated
//     to them.
//   - decide-active (allows): Only an active member of the team proposes,
//     takes a stance, adopts and applies its decisions; members on leave and
//     leavers do not.
//   - facilitate (allows): An active member facilitates meetings and consent
//     rounds; a coach facilitates a proposal escalated to them.
//   - coach-answers (allows): A coach answers the coaching requests made to
//     them.
//   - audit-team (allows): An active member reads the audit lines of their
//     own team's records.
//   - audit-officer (allows): The privacy officer reads the whole audit log.
//   - access-own (allows): A client, and a representative registered on
//     their record, read who saw or changed the client's record, when and
//     why.
//   - emergency-report (allows): An active member reads the report of the
//     emergency accesses to their team's clients and by their team's
//     members.
//   - access-officer (allows): The privacy officer reads the whole access
//     log and every emergency report.
//   - plan-team (allows): Any active member of the team proposes and revises
//     its rosters and visit plans, and proposes a re-plan: the planner does
//     so in practice, but a self-managing team shares its roles; members on
//     leave, other teams, the coach and the back office do not.
//   - plan-adopt (allows): An active member who takes part in the team's
//     decisions records that a plan was adopted, naming a decision the whole
//     team took and logged; nobody adopts a plan on their own word.
//   - roster-read (allows): A team's members, those on leave included, and
//     its coach read its rosters, which name members and shifts but no
//     client; a visit plan names clients and is read as the team's caseload.
//   - administer (allows): Only the vendor's own trusted process registers
//     coaches and staff, grants staff roles, and purges the logs past their
//     retention.
//
// Anything else is refused. In particular: a member of another team does
// not read a client's dossier except in an emergency, with a reason; a
// coach decides nothing and reads no dossier; the back office reads no
// dossier; nobody authorises care hours without a level-5 membership in the
// client's team on that day.
package policy
