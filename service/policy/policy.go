package policy

import (
	"fmt"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum"
	"github.com/wijkzorg/wijk/team"
)

// Action is what a person asks to do, in the words of the rules.
type Action int

// The actions the rules speak of.
const (
	// ReadDossier: read one client's record, care plans and ratings.
	ReadDossier Action = iota + 1
	// WriteDossier: take a client in, change their record, write, revise,
	// rate, review or discharge their care plan, refer them to another
	// team.
	WriteDossier
	// AuthoriseCare: authorise the care hours of a care plan.
	AuthoriseCare
	// RecordHours: record or correct an hours record.
	RecordHours
	// ReadHours: read a team's hours records.
	ReadHours
	// ReadFigures: read a team's monthly figures (productivity,
	// absenteeism, turnover), names shown.
	ReadFigures
	// ReadMemberFigures: read each member's figures in a team.
	ReadMemberFigures
	// ReadTeam: read a team: its members, roles, norms and coaching.
	ReadTeam
	// ManageTeam: look after a team's informal affairs: roles, its coach,
	// coaching requests, a member going on leave.
	ManageTeam
	// FoundTeam: found a new team.
	FoundTeam
	// ReadDecisionLog: read a team's decision log.
	ReadDecisionLog
	// ReadProposals: read a team's proposals and meetings.
	ReadProposals
	// Propose: write, present, amend or withdraw a proposal; bring an
	// agenda item, a notice or other business.
	Propose
	// TakeStance: consent, raise a concern, stand aside or object.
	TakeStance
	// Facilitate: run a meeting or a consent round: clarify, open a
	// round, test an objection, escalate.
	Facilitate
	// Adopt: close a consent round and log the decision.
	Adopt
	// ApplyDecision: carry out an adopted decision on the team.
	ApplyDecision
	// AnswerCoaching: accept, decline or complete a coaching request as
	// the coach asked.
	AnswerCoaching
	// ReadAudit: read lines of the audit log.
	ReadAudit
	// Administer: register coaches and staff, grant and end staff roles,
	// purge the logs past their retention.
	Administer
	// ReadCaseload: read every client of a team at once: the list of its
	// clients, their care plans, the plans due for review, where they live
	// for a split, and its visit plans (which name the clients visited,
	// where and when).
	ReadCaseload
	// ReadAccessLog: read who accessed a client's record (the client's
	// own overview), or the whole access log.
	ReadAccessLog
	// ReadEmergencyReport: read the emergency accesses a team was
	// involved in: to its clients' records, or by its members.
	ReadEmergencyReport
	// ProposePlan: propose a roster or a visit plan for a team, revise a
	// proposed one, or propose a re-plan that supersedes a plan.
	ProposePlan
	// AdoptPlan: record that a team decision adopted a proposed roster or
	// visit plan (a re-plan adopted at once included).
	AdoptPlan
	// ReadRosters: read a team's rosters, in every status.
	ReadRosters
)

var actionEnum = enum.New[Action]("Action", "action", "read a dossier", "write a dossier", "authorise care hours", "record hours",
	"read hours", "read team figures", "read member figures", "read a team", "manage a team", "found a team",
	"read a decision log", "read proposals", "propose", "take a stance", "facilitate", "adopt a decision",
	"apply a decision", "answer a coaching request", "read the audit log", "administer", "read a caseload", "read the access log", "read an emergency report",
	"propose a plan", "adopt a plan", "read rosters")

// Actions returns every action, in order.
func Actions() []Action { return actionEnum.Values() }

// Valid reports whether a is a defined action.
func (a Action) Valid() bool { return actionEnum.Valid(a) }

// String returns the action in words, e.g. "read a dossier".
func (a Action) String() string { return actionEnum.String(a) }

// Facts are what is known, from stored data, about the person asking, on
// the day they ask, in relation to what they ask about: the client's team
// for a dossier, the team for its figures or decisions. The service layer
// fills them from storage; the caller never does. The zero Facts know of
// no standing at all.
type Facts struct {
	// Member: the person has a membership in the team concerned that
	// covers the day and is active (not on leave).
	Member bool
	// OnLeave: the person is a member of the team concerned on the day,
	// but on leave.
	OnLeave bool
	// Decides: the person takes part in the decisions of the team
	// concerned: an active member whose membership the team has not
	// ended (a leaver works until their last day, but decides no more).
	Decides bool
	// Level is the qualification level of that membership (zero for
	// none).
	Level team.Level
	// MemberElsewhere: the person is an active member of another team on
	// the day.
	MemberElsewhere bool
	// Coach: the team concerned invited the person as its coach.
	Coach bool
	// Facilitator: a proposal of the team concerned was escalated to the
	// person as its coach, who facilitates it now.
	Facilitator bool
	// AskedCoach: the coaching request concerned asks the person.
	AskedCoach bool
	// BackOffice: the person holds the back-office staff role on the day.
	BackOffice bool
	// PrivacyOfficer: the person holds the privacy-officer staff role on
	// the day.
	PrivacyOfficer bool
	// Subject: the person is the client concerned.
	Subject bool
	// Representative: the person is a registered representative of the
	// client concerned.
	Representative bool
	// Own: the record concerned is the person's own (their hours).
	Own bool
	// System: the request comes from the vendor's own trusted process,
	// not from a person.
	System bool
	// EmergencyReason is the reason given for emergency access ("break
	// the glass"); empty when none was given.
	EmergencyReason string
}

// RuleID names a rule.
type RuleID string

// The rules, by name.
const (
	RuleDossierTeam       RuleID = "dossier-team"
	RuleAuthoriseLevel5   RuleID = "authorise-level-5"
	RuleOwnDossier        RuleID = "own-dossier"
	RuleRepresentative    RuleID = "representative"
	RuleEmergency         RuleID = "emergency"
	RuleNoDossierCoach    RuleID = "coach-no-dossier"
	RuleNoDossierOffice   RuleID = "office-no-dossier"
	RuleOwnHours          RuleID = "own-hours"
	RuleTeamHours         RuleID = "team-hours"
	RuleOfficeHours       RuleID = "office-hours"
	RuleFiguresOpen       RuleID = "figures-open"
	RuleFiguresCoach      RuleID = "figures-coach"
	RuleFiguresOffice     RuleID = "figures-office"
	RuleMemberFigures     RuleID = "member-figures"
	RuleTeamRead          RuleID = "team-read"
	RuleTeamManage        RuleID = "team-manage"
	RuleFoundTeam         RuleID = "found-team"
	RuleDecisionLogTeam   RuleID = "decision-log-team"
	RuleDecisionLogCoach  RuleID = "decision-log-coach"
	RuleProposalsTeam     RuleID = "proposals-team"
	RuleProposalsCoach    RuleID = "proposals-coach"
	RuleCoachNeverDecides RuleID = "coach-never-decides"
	RuleDecideActive      RuleID = "decide-active"
	RuleFacilitate        RuleID = "facilitate"
	RuleCoachAnswers      RuleID = "coach-answers"
	RuleAuditTeam         RuleID = "audit-team"
	RuleAuditOfficer      RuleID = "audit-officer"
	RuleAdminister        RuleID = "administer"
	RuleAccessOwn         RuleID = "access-own"
	RuleAccessOfficer     RuleID = "access-officer"
	RuleEmergencyReport   RuleID = "emergency-report"
	RulePlanTeam          RuleID = "plan-team"
	RulePlanAdopt         RuleID = "plan-adopt"
	RuleRosterRead        RuleID = "roster-read"
)

// Effect is what a rule does when it applies.
type Effect int

// The effects.
const (
	// Allow: the rule lets the request through.
	Allow Effect = iota + 1
	// Explain: the rule names why a request is refused; it never allows.
	Explain
)

// Rule is one line of the policy: the actions it covers, who it lets
// through (or, for an explaining rule, whom it names as refused), and its
// text.
type Rule struct {
	// ID names the rule.
	ID RuleID
	// Effect says whether the rule allows or explains a refusal.
	Effect Effect
	// Actions are the actions the rule covers.
	Actions []Action
	// Who says, in words, whom the rule applies to.
	Who string
	// Text says the rule in one sentence.
	Text string
	// Emergency marks access the rule allows as emergency access, to be
	// reported.
	Emergency bool
	// applies reports whether the rule applies to the facts.
	applies func(Facts) bool
}

// Applies reports whether the rule applies to f.
func (r Rule) Applies(f Facts) bool { return r.applies(f) }

// covers reports whether the rule covers a.
func (r Rule) covers(a Action) bool {
	for _, x := range r.Actions {
		if x == a {
			return true
		}
	}
	return false
}

// rules is the policy. Allowing rules are tried in order and the first
// that applies lets the request through. When none does, the first
// explaining rule that applies names the refusal; failing that, the first
// allowing rule for the action does.
var rules = []Rule{
	{ID: RuleDossierTeam, Effect: Allow, Actions: []Action{ReadDossier, WriteDossier, ReadCaseload},
		Who:     "active member of the client's team",
		Text:    "An active member of the client's team reads and writes the client's record and care plans, and reads the team's whole caseload; members of other teams do not.",
		applies: func(f Facts) bool { return f.Member }},
	{ID: RuleAuthoriseLevel5, Effect: Allow, Actions: []Action{AuthoriseCare},
		Who:     "district nurse (level 5) of the client's team",
		Text:    "Authorising care hours needs a stored level-5 membership, active on the day, in the client's team.",
		applies: func(f Facts) bool { return f.Member && f.Level == team.Level5 }},
	{ID: RuleOwnDossier, Effect: Allow, Actions: []Action{ReadDossier},
		Who:     "the client",
		Text:    "A client reads their own record and care plans.",
		applies: func(f Facts) bool { return f.Subject }},
	{ID: RuleRepresentative, Effect: Allow, Actions: []Action{ReadDossier},
		Who:     "registered representative",
		Text:    "A representative registered on the client's record reads the client's record and care plans.",
		applies: func(f Facts) bool { return f.Representative }},
	{ID: RuleEmergency, Effect: Allow, Actions: []Action{ReadDossier}, Emergency: true,
		Who:     "active member of another team, giving a reason",
		Text:    "In an emergency an active member of another team opens one client's dossier after giving the reason, never a whole caseload; the access is marked as an emergency and reported.",
		applies: func(f Facts) bool { return f.MemberElsewhere && strings.TrimSpace(f.EmergencyReason) != "" }},
	{ID: RuleNoDossierCoach, Effect: Explain, Actions: []Action{ReadDossier, WriteDossier, AuthoriseCare, ReadCaseload},
		Who:     "coach",
		Text:    "A coach never reads or writes a client's dossier, not even of a team that invited them.",
		applies: func(f Facts) bool { return f.Coach || f.Facilitator }},
	{ID: RuleNoDossierOffice, Effect: Explain, Actions: []Action{ReadDossier, WriteDossier, AuthoriseCare, ReadCaseload},
		Who:     "back office",
		Text:    "The back office sees figures and hours, never a client's dossier.",
		applies: func(f Facts) bool { return f.BackOffice }},
	{ID: RuleOwnHours, Effect: Allow, Actions: []Action{RecordHours},
		Who:     "member, for their own hours",
		Text:    "A member records and corrects their own hours, in the team they are a member of on that day.",
		applies: func(f Facts) bool { return f.Own && (f.Member || f.OnLeave) }},
	{ID: RuleTeamHours, Effect: Allow, Actions: []Action{ReadHours},
		Who:     "member of the team",
		Text:    "The members of a team read its hours records.",
		applies: func(f Facts) bool { return f.Member || f.OnLeave }},
	{ID: RuleOfficeHours, Effect: Allow, Actions: []Action{ReadHours},
		Who:     "back office",
		Text:    "The back office reads every team's hours records.",
		applies: func(f Facts) bool { return f.BackOffice }},
	{ID: RuleFiguresOpen, Effect: Allow, Actions: []Action{ReadFigures},
		Who:     "member of any team",
		Text:    "Every team sees its own figures and every other team's, names shown.",
		applies: func(f Facts) bool { return f.Member || f.OnLeave || f.MemberElsewhere }},
	{ID: RuleFiguresCoach, Effect: Allow, Actions: []Action{ReadFigures},
		Who:     "coach of the team",
		Text:    "A coach sees the figures of the teams that invited them.",
		applies: func(f Facts) bool { return f.Coach }},
	{ID: RuleFiguresOffice, Effect: Allow, Actions: []Action{ReadFigures, ReadMemberFigures},
		Who:     "back office",
		Text:    "The back office sees every team's figures and each member's, names shown.",
		applies: func(f Facts) bool { return f.BackOffice }},
	{ID: RuleMemberFigures, Effect: Allow, Actions: []Action{ReadMemberFigures},
		Who:     "member of the team",
		Text:    "The members of a team see each member's figures.",
		applies: func(f Facts) bool { return f.Member || f.OnLeave }},
	{ID: RuleTeamRead, Effect: Allow, Actions: []Action{ReadTeam},
		Who:     "member, coach or back office",
		Text:    "A team's members, its coach and the back office read the team: members, roles, norms and coaching.",
		applies: func(f Facts) bool { return f.Member || f.OnLeave || f.Coach || f.BackOffice }},
	{ID: RuleCoachNeverDecides, Effect: Explain, Actions: []Action{Propose, TakeStance, Adopt, ApplyDecision, ManageTeam, ProposePlan, AdoptPlan},
		Who:     "coach",
		Text:    "A coach never proposes, takes a stance, adopts or applies a decision, nor proposes or adopts a plan: coaches have no decision rights.",
		applies: func(f Facts) bool { return f.Coach || f.Facilitator }},
	{ID: RuleTeamManage, Effect: Allow, Actions: []Action{ManageTeam},
		Who:     "active member",
		Text:    "An active member looks after the team's roles, its coach and its coaching requests.",
		applies: func(f Facts) bool { return f.Decides }},
	{ID: RuleFoundTeam, Effect: Allow, Actions: []Action{FoundTeam},
		Who:     "back office or the vendor's system",
		Text:    "The organisation founds a new team with its founders, through the back office or the vendor's own process; nobody founds a team on their own, since membership of a team is what opens client dossiers.",
		applies: func(f Facts) bool { return f.BackOffice || f.System }},
	{ID: RuleDecisionLogTeam, Effect: Allow, Actions: []Action{ReadDecisionLog},
		Who:     "member of the team",
		Text:    "The members of a team read its decision log.",
		applies: func(f Facts) bool { return f.Member || f.OnLeave }},
	{ID: RuleDecisionLogCoach, Effect: Allow, Actions: []Action{ReadDecisionLog},
		Who:     "coach of the team",
		Text:    "A coach reads the decision log of the teams that invited them.",
		applies: func(f Facts) bool { return f.Coach }},
	{ID: RuleProposalsTeam, Effect: Allow, Actions: []Action{ReadProposals},
		Who:     "member of the team",
		Text:    "The members of a team read its proposals and meetings.",
		applies: func(f Facts) bool { return f.Member || f.OnLeave }},
	{ID: RuleProposalsCoach, Effect: Allow, Actions: []Action{ReadProposals},
		Who:     "coach facilitating the proposal",
		Text:    "A coach reads a proposal that was escalated to them.",
		applies: func(f Facts) bool { return f.Facilitator }},
	{ID: RuleDecideActive, Effect: Allow, Actions: []Action{Propose, TakeStance, Adopt, ApplyDecision},
		Who:     "active member",
		Text:    "Only an active member of the team proposes, takes a stance, adopts and applies its decisions; members on leave and leavers do not.",
		applies: func(f Facts) bool { return f.Decides }},
	{ID: RuleFacilitate, Effect: Allow, Actions: []Action{Facilitate},
		Who:     "active member, or the coach of an escalated proposal",
		Text:    "An active member facilitates meetings and consent rounds; a coach facilitates a proposal escalated to them.",
		applies: func(f Facts) bool { return f.Decides || f.Facilitator }},
	{ID: RuleCoachAnswers, Effect: Allow, Actions: []Action{AnswerCoaching},
		Who:     "the coach asked",
		Text:    "A coach answers the coaching requests made to them.",
		applies: func(f Facts) bool { return f.AskedCoach }},
	{ID: RuleAuditTeam, Effect: Allow, Actions: []Action{ReadAudit},
		Who:     "active member of the team",
		Text:    "An active member reads the audit lines of their own team's records.",
		applies: func(f Facts) bool { return f.Member }},
	{ID: RuleAuditOfficer, Effect: Allow, Actions: []Action{ReadAudit},
		Who:     "privacy officer",
		Text:    "The privacy officer reads the whole audit log.",
		applies: func(f Facts) bool { return f.PrivacyOfficer }},
	{ID: RuleAccessOwn, Effect: Allow, Actions: []Action{ReadAccessLog},
		Who:     "the client, or a registered representative",
		Text:    "A client, and a representative registered on their record, read who saw or changed the client's record, when and why.",
		applies: func(f Facts) bool { return f.Subject || f.Representative }},
	{ID: RuleEmergencyReport, Effect: Allow, Actions: []Action{ReadEmergencyReport},
		Who:     "active member of the team",
		Text:    "An active member reads the report of the emergency accesses to their team's clients and by their team's members.",
		applies: func(f Facts) bool { return f.Member }},
	{ID: RuleAccessOfficer, Effect: Allow, Actions: []Action{ReadAccessLog, ReadEmergencyReport},
		Who:     "privacy officer",
		Text:    "The privacy officer reads the whole access log and every emergency report.",
		applies: func(f Facts) bool { return f.PrivacyOfficer }},
	{ID: RulePlanTeam, Effect: Allow, Actions: []Action{ProposePlan},
		Who:     "active member of the team",
		Text:    "Any active member of the team proposes and revises its rosters and visit plans, and proposes a re-plan: the planner does so in practice, but a self-managing team shares its roles; members on leave, other teams, the coach and the back office do not.",
		applies: func(f Facts) bool { return f.Member }},
	{ID: RulePlanAdopt, Effect: Allow, Actions: []Action{AdoptPlan},
		Who:     "active member who takes part in the team's decisions",
		Text:    "An active member who takes part in the team's decisions records that a plan was adopted, naming a decision the whole team took and logged; nobody adopts a plan on their own word.",
		applies: func(f Facts) bool { return f.Decides }},
	{ID: RuleRosterRead, Effect: Allow, Actions: []Action{ReadRosters},
		Who:     "member or coach of the team",
		Text:    "A team's members, those on leave included, and its coach read its rosters, which name members and shifts but no client; a visit plan names clients and is read as the team's caseload.",
		applies: func(f Facts) bool { return f.Member || f.OnLeave || f.Coach }},
	{ID: RuleAdminister, Effect: Allow, Actions: []Action{Administer},
		Who:     "the vendor's system",
		Text:    "Only the vendor's own trusted process registers coaches and staff, grants staff roles, and purges the logs past their retention.",
		applies: func(f Facts) bool { return f.System }},
}

// Rules returns the policy, in the order it is applied. The slice is a
// copy; its rules are the ones Decide uses.
func Rules() []Rule { return append([]Rule(nil), rules...) }

// Decision is the policy's answer to one request.
type Decision struct {
	// Allowed says whether the request may go ahead.
	Allowed bool
	// Rule is the rule that allowed it, or that refused it.
	Rule RuleID
	// Emergency marks an allowed emergency access, which must be recorded
	// and reported.
	Emergency bool
	// Reason is the rule's text.
	Reason string
}

// Decide applies the policy to a request to do a, given the facts. It is
// pure: the same action and facts always give the same decision.
func Decide(a Action, f Facts) Decision {
	for _, r := range rules {
		if r.Effect == Allow && r.covers(a) && r.applies(f) {
			return Decision{Allowed: true, Rule: r.ID, Emergency: r.Emergency, Reason: r.Text}
		}
	}
	for _, r := range rules {
		if r.Effect == Explain && r.covers(a) && r.applies(f) {
			return Decision{Rule: r.ID, Reason: r.Text}
		}
	}
	for _, r := range rules {
		if r.Effect == Allow && r.covers(a) {
			return Decision{Rule: r.ID, Reason: r.Text}
		}
	}
	return Decision{Reason: fmt.Sprintf("no rule allows anyone to %s", a)}
}

// Refusal is the error of a request the policy refused: the rule that
// refused it, the rule's text, who asked and for what. It matches
// wijk.ErrForbidden; errors.As finds it, for a vendor that shows the rule
// or maps it to its own answer.
type Refusal struct {
	// Rule is the refusing rule; empty when no rule covers the action.
	Rule RuleID
	// Reason is the rule's text.
	Reason string
	// Who names the person who asked.
	Who string
	// Action is what they asked.
	Action Action
}

// Error says "forbidden by rule R: TEXT (WHO asked to ACTION)".
func (r *Refusal) Error() string {
	if r.Rule == "" {
		return fmt.Sprintf("forbidden: %s (%s asked to %s)", r.Reason, r.Who, r.Action)
	}
	return fmt.Sprintf("forbidden by rule %s: %s (%s asked to %s)", r.Rule, r.Reason, r.Who, r.Action)
}

// Is reports whether target is wijk.ErrForbidden.
func (r *Refusal) Is(target error) bool { return target == wijk.ErrForbidden }

// Err returns nil for an allowed decision, and otherwise a *Refusal that
// names the refusing rule and who asked for what: "forbidden by rule
// dossier-team: … (Bram asked to write a dossier)".
func (d Decision) Err(who string, a Action) error {
	if d.Allowed {
		return nil
	}
	return &Refusal{Rule: d.Rule, Reason: d.Reason, Who: who, Action: a}
}
