package policy_test

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/team"
)

// Facts of the people in the rules' stories, relative to what they ask
// about (a dossier of a client of team Noord, team Noord's figures, …).
var (
	districtNurse = policy.Facts{Member: true, Decides: true, Level: team.Level5}
	nurse         = policy.Facts{Member: true, Decides: true, Level: team.Level4}
	leaver        = policy.Facts{Member: true, Level: team.Level4}
	onLeave       = policy.Facts{OnLeave: true, Level: team.Level5}
	otherTeam     = policy.Facts{MemberElsewhere: true}
	inEmergency   = policy.Facts{MemberElsewhere: true, EmergencyReason: "she fell at the market; her own team cannot be reached"}
	coach         = policy.Facts{Coach: true}
	facilitator   = policy.Facts{Coach: true, Facilitator: true}
	backOffice    = policy.Facts{BackOffice: true}
	officer       = policy.Facts{PrivacyOfficer: true}
	client        = policy.Facts{Subject: true}
	representer   = policy.Facts{Representative: true}
	stranger      = policy.Facts{}
	system        = policy.Facts{System: true}
)

func TestEveryRuleAllowsOrRefusesAsWritten(t *testing.T) {
	tests := []struct {
		name      string
		action    policy.Action
		facts     policy.Facts
		allowed   bool
		rule      policy.RuleID
		emergency bool
	}{
		// dossier-team
		{"member reads a dossier", policy.ReadDossier, nurse, true, policy.RuleDossierTeam, false},
		{"member writes a dossier", policy.WriteDossier, nurse, true, policy.RuleDossierTeam, false},
		{"member of another team may not read", policy.ReadDossier, otherTeam, false, policy.RuleDossierTeam, false},
		{"member of another team may not write", policy.WriteDossier, otherTeam, false, policy.RuleDossierTeam, false},
		{"member on leave may not read", policy.ReadDossier, onLeave, false, policy.RuleDossierTeam, false},
		{"stranger may not read", policy.ReadDossier, stranger, false, policy.RuleDossierTeam, false},
		// authorise-level-5
		{"district nurse authorises", policy.AuthoriseCare, districtNurse, true, policy.RuleAuthoriseLevel5, false},
		{"nurse may not authorise", policy.AuthoriseCare, nurse, false, policy.RuleAuthoriseLevel5, false},
		{"district nurse on leave may not authorise", policy.AuthoriseCare, onLeave, false, policy.RuleAuthoriseLevel5, false},
		{"district nurse of another team may not authorise", policy.AuthoriseCare, policy.Facts{MemberElsewhere: true, Level: team.Level5}, false, policy.RuleAuthoriseLevel5, false},
		// own-dossier, representative
		{"client reads own dossier", policy.ReadDossier, client, true, policy.RuleOwnDossier, false},
		{"client may not write own dossier", policy.WriteDossier, client, false, policy.RuleDossierTeam, false},
		{"representative reads", policy.ReadDossier, representer, true, policy.RuleRepresentative, false},
		{"representative may not write", policy.WriteDossier, representer, false, policy.RuleDossierTeam, false},
		// emergency
		{"emergency read by another team", policy.ReadDossier, inEmergency, true, policy.RuleEmergency, true},
		{"emergency without reason", policy.ReadDossier, policy.Facts{MemberElsewhere: true, EmergencyReason: "  "}, false, policy.RuleDossierTeam, false},
		{"emergency is read only", policy.WriteDossier, inEmergency, false, policy.RuleDossierTeam, false},
		{"emergency by a stranger", policy.ReadDossier, policy.Facts{EmergencyReason: "curious"}, false, policy.RuleDossierTeam, false},
		{"emergency by the back office", policy.ReadDossier, policy.Facts{BackOffice: true, EmergencyReason: "billing"}, false, policy.RuleNoDossierOffice, false},
		// coach-no-dossier, office-no-dossier
		{"coach may not read a dossier", policy.ReadDossier, coach, false, policy.RuleNoDossierCoach, false},
		{"coach may not write a dossier", policy.WriteDossier, facilitator, false, policy.RuleNoDossierCoach, false},
		{"coach may not authorise", policy.AuthoriseCare, coach, false, policy.RuleNoDossierCoach, false},
		{"back office may not read a dossier", policy.ReadDossier, backOffice, false, policy.RuleNoDossierOffice, false},
		// own-hours
		{"member records own hours", policy.RecordHours, policy.Facts{Member: true, Own: true}, true, policy.RuleOwnHours, false},
		{"member on leave corrects own hours", policy.RecordHours, policy.Facts{OnLeave: true, Own: true}, true, policy.RuleOwnHours, false},
		{"member may not record a colleague's hours", policy.RecordHours, nurse, false, policy.RuleOwnHours, false},
		{"own hours in a team one is not in", policy.RecordHours, policy.Facts{MemberElsewhere: true, Own: true}, false, policy.RuleOwnHours, false},
		// team-hours, office-hours
		{"member reads team hours", policy.ReadHours, nurse, true, policy.RuleTeamHours, false},
		{"back office reads hours", policy.ReadHours, backOffice, true, policy.RuleOfficeHours, false},
		{"coach may not read hours", policy.ReadHours, coach, false, policy.RuleTeamHours, false},
		{"other team may not read hours", policy.ReadHours, otherTeam, false, policy.RuleTeamHours, false},
		// figures
		{"member reads figures", policy.ReadFigures, nurse, true, policy.RuleFiguresOpen, false},
		{"other team reads figures", policy.ReadFigures, otherTeam, true, policy.RuleFiguresOpen, false},
		{"coach reads figures of an inviting team", policy.ReadFigures, coach, true, policy.RuleFiguresCoach, false},
		{"back office reads figures", policy.ReadFigures, backOffice, true, policy.RuleFiguresOffice, false},
		{"stranger may not read figures", policy.ReadFigures, stranger, false, policy.RuleFiguresOpen, false},
		{"client may not read figures", policy.ReadFigures, client, false, policy.RuleFiguresOpen, false},
		{"member reads member figures", policy.ReadMemberFigures, nurse, true, policy.RuleMemberFigures, false},
		{"back office reads member figures", policy.ReadMemberFigures, backOffice, true, policy.RuleFiguresOffice, false},
		{"other team may not read member figures", policy.ReadMemberFigures, otherTeam, false, policy.RuleFiguresOffice, false},
		{"coach may not read member figures", policy.ReadMemberFigures, coach, false, policy.RuleFiguresOffice, false},
		// team-read, team-manage
		{"member reads the team", policy.ReadTeam, nurse, true, policy.RuleTeamRead, false},
		{"coach reads the team", policy.ReadTeam, coach, true, policy.RuleTeamRead, false},
		{"back office reads the team", policy.ReadTeam, backOffice, true, policy.RuleTeamRead, false},
		{"other team may not read the team", policy.ReadTeam, otherTeam, false, policy.RuleTeamRead, false},
		{"member manages the team", policy.ManageTeam, nurse, true, policy.RuleTeamManage, false},
		{"coach may not manage the team", policy.ManageTeam, coach, false, policy.RuleCoachNeverDecides, false},
		{"member on leave may not manage", policy.ManageTeam, onLeave, false, policy.RuleTeamManage, false},
		// found-team
		{"back office founds a team", policy.FoundTeam, backOffice, true, policy.RuleFoundTeam, false},
		{"the system founds a team", policy.FoundTeam, system, true, policy.RuleFoundTeam, false},
		{"a member may not found a team", policy.FoundTeam, districtNurse, false, policy.RuleFoundTeam, false},
		{"a stranger may not found a team", policy.FoundTeam, stranger, false, policy.RuleFoundTeam, false},
		{"a representative may not found a team", policy.FoundTeam, representer, false, policy.RuleFoundTeam, false},
		// the caseload
		{"member reads the caseload", policy.ReadCaseload, nurse, true, policy.RuleDossierTeam, false},
		{"no caseload in an emergency", policy.ReadCaseload, inEmergency, false, policy.RuleDossierTeam, false},
		{"no caseload for the client", policy.ReadCaseload, client, false, policy.RuleDossierTeam, false},
		{"no caseload for a representative", policy.ReadCaseload, representer, false, policy.RuleDossierTeam, false},
		{"no caseload for the coach", policy.ReadCaseload, coach, false, policy.RuleNoDossierCoach, false},
		{"no caseload for the back office", policy.ReadCaseload, backOffice, false, policy.RuleNoDossierOffice, false},
		// decision log and proposals
		{"member reads the decision log", policy.ReadDecisionLog, nurse, true, policy.RuleDecisionLogTeam, false},
		{"coach reads the decision log", policy.ReadDecisionLog, coach, true, policy.RuleDecisionLogCoach, false},
		{"back office may not read the decision log", policy.ReadDecisionLog, backOffice, false, policy.RuleDecisionLogTeam, false},
		{"other team may not read the decision log", policy.ReadDecisionLog, otherTeam, false, policy.RuleDecisionLogTeam, false},
		{"member reads proposals", policy.ReadProposals, onLeave, true, policy.RuleProposalsTeam, false},
		{"coach reads an escalated proposal", policy.ReadProposals, facilitator, true, policy.RuleProposalsCoach, false},
		{"coach may not read other proposals", policy.ReadProposals, coach, false, policy.RuleProposalsTeam, false},
		// decide-active, coach-never-decides, facilitate
		{"member proposes", policy.Propose, nurse, true, policy.RuleDecideActive, false},
		{"member takes a stance", policy.TakeStance, nurse, true, policy.RuleDecideActive, false},
		{"member adopts", policy.Adopt, nurse, true, policy.RuleDecideActive, false},
		{"member applies", policy.ApplyDecision, nurse, true, policy.RuleDecideActive, false},
		{"coach may not propose", policy.Propose, coach, false, policy.RuleCoachNeverDecides, false},
		{"coach may not take a stance", policy.TakeStance, facilitator, false, policy.RuleCoachNeverDecides, false},
		{"coach may not adopt", policy.Adopt, facilitator, false, policy.RuleCoachNeverDecides, false},
		{"coach may not apply", policy.ApplyDecision, coach, false, policy.RuleCoachNeverDecides, false},
		{"member on leave may not take a stance", policy.TakeStance, onLeave, false, policy.RuleDecideActive, false},
		{"leaver still reads dossiers until the last day", policy.ReadDossier, leaver, true, policy.RuleDossierTeam, false},
		{"leaver no longer takes a stance", policy.TakeStance, leaver, false, policy.RuleDecideActive, false},
		{"leaver no longer manages the team", policy.ManageTeam, leaver, false, policy.RuleTeamManage, false},
		{"leaver no longer facilitates", policy.Facilitate, leaver, false, policy.RuleFacilitate, false},
		{"other team may not propose", policy.Propose, otherTeam, false, policy.RuleDecideActive, false},
		{"member facilitates", policy.Facilitate, nurse, true, policy.RuleFacilitate, false},
		{"coach facilitates an escalated proposal", policy.Facilitate, facilitator, true, policy.RuleFacilitate, false},
		{"coach may not facilitate otherwise", policy.Facilitate, coach, false, policy.RuleFacilitate, false},
		// coach-answers
		{"coach asked answers", policy.AnswerCoaching, policy.Facts{AskedCoach: true}, true, policy.RuleCoachAnswers, false},
		{"member may not answer as the coach", policy.AnswerCoaching, nurse, false, policy.RuleCoachAnswers, false},
		// audit
		{"member reads the team's audit lines", policy.ReadAudit, nurse, true, policy.RuleAuditTeam, false},
		{"privacy officer reads the audit log", policy.ReadAudit, officer, true, policy.RuleAuditOfficer, false},
		{"back office may not read the audit log", policy.ReadAudit, backOffice, false, policy.RuleAuditTeam, false},
		{"coach may not read the audit log", policy.ReadAudit, coach, false, policy.RuleAuditTeam, false},
		// administer
		{"system administers", policy.Administer, system, true, policy.RuleAdminister, false},
		{"back office may not administer", policy.Administer, backOffice, false, policy.RuleAdminister, false},
		{"privacy officer may not administer", policy.Administer, officer, false, policy.RuleAdminister, false},
		// plan-team, plan-adopt, roster-read
		{"member proposes a plan", policy.ProposePlan, nurse, true, policy.RulePlanTeam, false},
		{"leaver still plans until the last day", policy.ProposePlan, leaver, true, policy.RulePlanTeam, false},
		{"member on leave may not propose a plan", policy.ProposePlan, onLeave, false, policy.RulePlanTeam, false},
		{"other team may not propose a plan", policy.ProposePlan, otherTeam, false, policy.RulePlanTeam, false},
		{"coach may not propose a plan", policy.ProposePlan, coach, false, policy.RuleCoachNeverDecides, false},
		{"back office may not propose a plan", policy.ProposePlan, backOffice, false, policy.RulePlanTeam, false},
		{"member adopts a plan", policy.AdoptPlan, nurse, true, policy.RulePlanAdopt, false},
		{"leaver no longer adopts a plan", policy.AdoptPlan, leaver, false, policy.RulePlanAdopt, false},
		{"member on leave may not adopt a plan", policy.AdoptPlan, onLeave, false, policy.RulePlanAdopt, false},
		{"coach may not adopt a plan", policy.AdoptPlan, facilitator, false, policy.RuleCoachNeverDecides, false},
		{"the system may not adopt a plan", policy.AdoptPlan, system, false, policy.RulePlanAdopt, false},
		{"member reads rosters", policy.ReadRosters, nurse, true, policy.RuleRosterRead, false},
		{"member on leave reads rosters", policy.ReadRosters, onLeave, true, policy.RuleRosterRead, false},
		{"coach reads rosters", policy.ReadRosters, coach, true, policy.RuleRosterRead, false},
		{"other team may not read rosters", policy.ReadRosters, otherTeam, false, policy.RuleRosterRead, false},
		{"back office may not read rosters", policy.ReadRosters, backOffice, false, policy.RuleRosterRead, false},
		// the system is not a person: it reads no dossier
		{"system may not read a dossier", policy.ReadDossier, system, false, policy.RuleDossierTeam, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := policy.Decide(tt.action, tt.facts)
			require.Equal(t, tt.allowed, d.Allowed)
			require.Equal(t, tt.rule, d.Rule)
			require.Equal(t, tt.emergency, d.Emergency)
			err := d.Err("Bram", tt.action)
			if tt.allowed {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, wijk.ErrForbidden)
			require.ErrorContains(t, err, "rule "+string(tt.rule))
			var refusal *policy.Refusal
			require.ErrorAs(t, err, &refusal)
			require.Equal(t, tt.rule, refusal.Rule)
			require.ErrorContains(t, err, "Bram asked to "+tt.action.String())
		})
	}
}

// Every rule is exercised by the table above, and each action has a rule.
func TestEveryRuleAndActionIsCovered(t *testing.T) {
	seen := map[policy.RuleID]bool{}
	for _, r := range policy.Rules() {
		require.False(t, seen[r.ID], "rule %s twice", r.ID)
		seen[r.ID] = true
		require.NotEmpty(t, r.Actions)
		require.NotEmpty(t, r.Text)
		require.NotEmpty(t, r.Who)
	}
	for _, a := range policy.Actions() {
		d := policy.Decide(a, policy.Facts{})
		require.False(t, d.Allowed, "%s is allowed with no standing at all", a)
		require.NotEmpty(t, d.Rule, "%s has no rule", a)
	}
	require.False(t, policy.Decide(0, districtNurse).Allowed, "an unknown action is never allowed")
}

// No set of facts lets a person of another team into a dossier, except
// the emergency rule, and that one is always marked.
func TestOnlyEmergencyOpensAnotherTeamsDossier(t *testing.T) {
	bools := []bool{false, true}
	for _, member := range bools {
		for _, onLeave := range bools {
			for _, elsewhere := range bools {
				for _, coach := range bools {
					for _, office := range bools {
						for _, subject := range bools {
							for _, rep := range bools {
								for _, reason := range []string{"", "collapsed"} {
									f := policy.Facts{Member: member, OnLeave: onLeave, MemberElsewhere: elsewhere, Coach: coach,
										BackOffice: office, Subject: subject, Representative: rep, EmergencyReason: reason, Level: team.Level5}
									for _, a := range []policy.Action{policy.ReadDossier, policy.WriteDossier, policy.AuthoriseCare, policy.ReadCaseload} {
										d := policy.Decide(a, f)
										if !d.Allowed {
											continue
										}
										switch {
										case member:
										case a == policy.ReadDossier && (subject || rep):
										case a == policy.ReadDossier && elsewhere && reason != "":
											require.True(t, d.Emergency, "%+v", f)
										default:
											t.Fatalf("%s allowed by %s for %+v", a, d.Rule, f)
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

// The service decides from a few facts first and reads more only when
// they do not allow the request: that is sound only if more facts never
// take a permission away. Every fact is tried on top of random others.
func TestMoreFactsNeverRefuseMore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	set := []func(*policy.Facts){
		func(f *policy.Facts) { f.Member = true },
		func(f *policy.Facts) { f.OnLeave = true },
		func(f *policy.Facts) { f.Decides = true },
		func(f *policy.Facts) { f.MemberElsewhere = true },
		func(f *policy.Facts) { f.Coach = true },
		func(f *policy.Facts) { f.Facilitator = true },
		func(f *policy.Facts) { f.AskedCoach = true },
		func(f *policy.Facts) { f.BackOffice = true },
		func(f *policy.Facts) { f.PrivacyOfficer = true },
		func(f *policy.Facts) { f.Subject = true },
		func(f *policy.Facts) { f.Representative = true },
		func(f *policy.Facts) { f.Own = true },
		func(f *policy.Facts) { f.System = true },
		func(f *policy.Facts) { f.EmergencyReason = "reason" },
	}
	for range 20000 {
		var f policy.Facts
		for _, s := range set {
			if rng.IntN(3) == 0 {
				s(&f)
			}
		}
		f.Level = team.Level(rng.IntN(4) + 2)
		a := policy.Actions()[rng.IntN(len(policy.Actions()))]
		if !policy.Decide(a, f).Allowed {
			continue
		}
		for _, s := range set {
			more := f
			s(&more)
			require.True(t, policy.Decide(a, more).Allowed, "%s: allowed for %+v, refused with one fact more: %+v", a, f, more)
		}
	}
}

// The package documentation lists every rule as the code has it.
func TestDocListsEveryRule(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	doc := strings.Join(strings.Fields(strings.ReplaceAll(string(b), "//", "")), " ")
	for _, r := range policy.Rules() {
		effect := "allows"
		if r.Effect == policy.Explain {
			effect = "refuses"
		}
		want := string(r.ID) + " (" + effect + "): " + r.Text
		require.Contains(t, doc, want, "doc.go must list rule %s as written", r.ID)
	}
}
