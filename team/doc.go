// Package team models the self-managing neighbourhood team: a small group
// of nurses and carers (at most about twelve) who together serve the
// clients of one neighbourhood, with no manager and no team leader.
//
// # Teams and members
//
// A [Team] has a name, a [Neighbourhood] (a named area, Dutch postcode
// areas, or both), its members and its [Norms]: the size it wants to stay
// under (12), the caseload it aims for (40–60 clients) and the most roles
// one member should hold (2). Norms are the team's own; going past one
// gives an [Advisory], never an error, and the team changes them by
// decision with [Team.ChangeNorms].
//
// A [Member] record is one membership: a person, their qualification
// [Level] (3 carer, 4 nurse, 5 district nurse), contract hours per week,
// first and last day, status (active, on leave, left) and the decision
// behind their joining and leaving. A team keeps every membership it
// ever had. A person is in one team at a time: [PersonHistory] lists a
// person's memberships across teams, [CheckCanJoin] tells whether they may
// join on a day, and [CheckOneTeamAtATime] checks a set of teams.
//
// # Decisions
//
// A team hires its own members, so a person joins only through an adopted
// team decision: [Team.Hire] takes the decision's [DecisionRef] and
// refuses the join without one. The reference is opaque: this package
// stores it with the change and never looks at the decision itself, so it
// depends on no decision-making package. The same holds for
// [Team.Leave], [Team.ChangeNorms], [Team.ChangeNeighbourhood] and
// [Team.ApplySplit]. Founding a team needs no decision: [NewTeam] starts a
// team fresh with its founders, its area and its first roles at once.
//
// # Roles
//
// Work besides care is spread over roles: planner, informer, housekeeper,
// developer, mentor, team player, and any role a team defines. A member
// holds a role for a term ([RoleAssignment]); every change of holder is
// recorded as a [Handover] with a note. [Team.Advisories] lists what a
// team may want to look at: a role nobody holds, a term that ran out, a
// member holding more roles than the norm (hierarchy creeping back), no
// level-5 district nurse, more members than the size norm.
//
// # Splitting
//
// A team that outgrows its norms splits in two. [Team.ProposeSplit]
// computes a deterministic proposal from where clients live and how often
// each member visited each client, keeping postcode areas whole. Its rules
// rank in order, each deciding only between layouts the earlier ones
// rate equal: first, each new team gets a district nurse where the team
// has two or more; second, each has at least a minimum number of members
// (a third of the team, rounded up and at least 2, unless the team sets
// its own), so that both can work; third, each stays within the size norm
// where the team's size allows; fourth, continuity of care: clients stay
// with the nurses who know them; last, balance in contract hours, clients
// and level mix, which only decides between layouts that keep as many
// visits, unless the team sets a balance weight to trade the fourth rule
// against the last. The proposal explains every placement and the
// continuity of care it keeps. It is only a proposal; [Team.ApplySplit]
// carries it out with the decision that adopted it.
//
// # Coaches
//
// A [Coach] supports up to about fifty teams and has no decision rights:
// never a member, never voting, never adopting. A team invites a coach
// ([Invite]) and asks for help through a [CoachingRequest], whose status
// moves requested → accepted → completed (or declined, or withdrawn).
//
// # Transparency
//
// Members record their hours per day ([HoursRecord]: worked, client-facing,
// travel, and absence for sickness, leave or training). A team gains one
// record per member and day, for years, so the records are not part of the
// Team: they are kept beside it, one per member and day, and checked
// against it ([Team.CheckHours]: is the record sound, was the person a
// member that day; [Team.CheckLeave]: no hours after a leaver's last day).
// From a month's records [Team.MonthFigures] computes productivity
// (client-facing ÷ worked), absenteeism (sick ÷ contracted) and turnover
// (leavers ÷ average headcount over a year), and [Compare] and
// [CompareTeams] rank teams side by side, names shown, flagging the 60–65%
// productivity band mature teams aim for.
//
// # Persistence and determinism
//
// Every operation takes its time and dates as arguments and gives the
// same result for the same input. [Team.Snapshot] exposes a team's full
// state and [RestoreTeam] rebuilds it, checking every rule again;
// [Coach.Snapshot] and [RestoreCoach] do the same for coaches.
package team
