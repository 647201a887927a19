package service_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/careplan"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// Rule dossier-team: an active member of the client's team reads and
// writes; members of other teams, members on leave, a leaver after the
// last day and a hire before the first day do not.
func TestRuleDossierTeam(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram := w.as(w.bram)
		c, err := bram.Client(ctx, w.bep)
		require.NoError(t, err)
		require.Equal(t, "Bep de Vries", c.Name())
		p, err := bram.Plan(ctx, w.bepPlan)
		require.NoError(t, err)
		require.Equal(t, w.bep, p.Client())
		require.Equal(t, policy.RuleDossierTeam, w.lastAccess().Decision.Rule)
		_, err = bram.Rate(ctx, w.bepPlan, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 3}}})
		require.NoError(t, err)
		_, err = w.as(w.eva).Plan(ctx, w.bepPlan)
		require.NoError(t, err, "a leaver works until the last day")

		for name, who := range map[string]wijk.ID{"other team": w.zoe, "on leave": w.dewi, "left": w.gijs, "not yet hired": w.fay, "stranger": w.sam} {
			s := w.as(who)
			_, err := s.Client(ctx, w.bep)
			requireRefused(t, err, "dossier-team")
			_, err = s.Plan(ctx, w.bepPlan)
			requireRefused(t, err, "dossier-team")
			_, err = s.Plans(ctx, w.bep)
			requireRefused(t, err, "dossier-team")
			_, err = s.Clients(ctx, w.noord)
			requireRefused(t, err, "dossier-team")
			_, err = s.Rate(ctx, w.bepPlan, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 5, Behavior: 5, Status: 5}}})
			requireRefused(t, err, "dossier-team")
			_, err = s.TakeIn(ctx, w.noord, careplan.ClientParams{Name: "Ghost", BirthDate: wijk.NewDate(1950, 1, 1),
				Address: careplan.Address{Street: "Straat 1", Postcode: "7511 AA", City: "Enschede"}})
			requireRefused(t, err, "dossier-team")
			require.False(t, w.lastAccess().Decision.Allowed, name)
		}
		back, err := bram.Plan(ctx, w.bepPlan)
		require.NoError(t, err)
		require.Len(t, back.Ratings(), 2, "no refused rating was stored")
	})
}

// Rule authorise-level-5: the level comes from the stored membership in
// the client's team, never from the caller.
func TestRuleAuthoriseLevel5(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		_, err := w.as(w.bram).StartReview(ctx, w.bepPlan, "she fell")
		require.NoError(t, err)
		_, err = w.as(w.bram).Authorise(ctx, w.bepPlan, 90, w.today().AddDays(42))
		requireRefused(t, err, "authorise-level-5")
		require.ErrorContains(t, err, "Bram asked to authorise care hours")
		_, err = w.as(w.zoe).Authorise(ctx, w.bepPlan, 90, w.today().AddDays(42))
		requireRefused(t, err, "authorise-level-5")
		_, err = w.as(w.fay).Authorise(ctx, w.bepPlan, 90, w.today().AddDays(42))
		requireRefused(t, err, "authorise-level-5")
		_, err = w.as(w.carla).Authorise(ctx, w.bepPlan, 90, w.today().AddDays(42))
		requireRefused(t, err, "coach-no-dossier")
		p, err := w.as(w.anne).Authorise(ctx, w.bepPlan, 90, w.today().AddDays(42))
		require.NoError(t, err)
		require.Equal(t, careplan.Active, p.Status())
		a, _ := p.Authorisation()
		require.Equal(t, w.anne, a.By)
	})
}

// Rule own-dossier and rule representative: the client and her registered
// representative read her dossier, and nothing else.
func TestRuleOwnDossierAndRepresentative(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		for who, rule := range map[wijk.ID]policy.RuleID{w.bep: policy.RuleOwnDossier, w.marga: policy.RuleRepresentative} {
			s := w.asFor(who, service.OwnRecord())
			c, err := s.Client(ctx, w.bep)
			require.NoError(t, err)
			require.Equal(t, w.bep, c.ID())
			require.Equal(t, rule, w.lastAccess().Decision.Rule)
			plans, err := s.Plans(ctx, w.bep)
			require.NoError(t, err)
			require.Len(t, plans, 1)
			_, err = s.Plan(ctx, w.bepPlan)
			require.NoError(t, err)
			_, err = s.Plan(ctx, w.wimPlan)
			requireRefused(t, err, "dossier-team")
			_, err = s.Rate(ctx, w.bepPlan, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 5, Behavior: 5, Status: 5}}})
			requireRefused(t, err, "dossier-team")
		}
		// Once Marga is no longer registered, she reads nothing.
		bram := w.as(w.bram)
		c, err := bram.Client(ctx, w.bep)
		require.NoError(t, err)
		p := c.Snapshot()
		p.Representatives = nil
		_, err = bram.UpdateClient(ctx, w.bep, p, "")
		require.NoError(t, err)
		_, err = w.asFor(w.marga, service.OwnRecord()).Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
	})
}

// Rule emergency: a member of another team opens a dossier with a reason;
// the access is marked. Without a reason there is no emergency session;
// an emergency never writes, and is no way in for a coach or a stranger.
func TestRuleEmergency(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		reason := "Bep collapsed at the market; her own team cannot be reached"
		zoe := w.asFor(w.zoe, service.Emergency(reason))
		p, err := zoe.Plan(ctx, w.bepPlan)
		require.NoError(t, err)
		require.Equal(t, w.bep, p.Client())
		a := w.lastAccess()
		require.True(t, a.Decision.Allowed)
		require.True(t, a.Decision.Emergency, "emergency access is marked")
		require.Equal(t, policy.RuleEmergency, a.Decision.Rule)
		require.Equal(t, reason, a.Purpose.Reason)
		require.Equal(t, w.bep, a.Client)

		_, err = zoe.Rate(ctx, w.bepPlan, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 1, Behavior: 1, Status: 1}}})
		requireRefused(t, err, "dossier-team")
		_, err = w.svc.As(ctx, w.zoe, service.Emergency("  "))
		require.ErrorIs(t, err, wijk.ErrInvalid)
		_, err = w.asFor(w.sam, service.Emergency(reason)).Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
		_, err = w.asFor(w.carla, service.Emergency(reason)).Plan(ctx, w.bepPlan)
		requireRefused(t, err, "coach-no-dossier")
		_, err = w.asFor(w.gijs, service.Emergency(reason)).Plan(ctx, w.wimPlan)
		requireRefused(t, err, "dossier-team")
		// The same member without the emergency purpose is refused.
		_, err = w.as(w.zoe).Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
		require.False(t, w.lastAccess().Decision.Emergency)
	})
}

// Rules coach-no-dossier and office-no-dossier.
func TestRuleNoDossierForCoachOrOffice(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		_, err := w.as(w.carla).Client(ctx, w.bep)
		requireRefused(t, err, "coach-no-dossier")
		_, err = w.as(w.carla).Plans(ctx, w.bep)
		requireRefused(t, err, "coach-no-dossier")
		_, err = w.as(w.bo).Plan(ctx, w.bepPlan)
		requireRefused(t, err, "office-no-dossier")
		_, err = w.as(w.bo).Clients(ctx, w.noord)
		requireRefused(t, err, "office-no-dossier")
	})
}

// Rule own-hours: a member records their own hours for a day they were a
// member, never a colleague's.
func TestRuleOwnHours(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		today := w.today()
		h := team.HoursRecord{Day: today, Worked: 8 * time.Hour, ClientFacing: 5 * time.Hour}
		require.NoError(t, w.as(w.bram).RecordHours(ctx, w.noord, h))
		h.ClientFacing = 6 * time.Hour
		require.NoError(t, w.as(w.bram).CorrectHours(ctx, w.noord, h))
		got, _, err := w.store.Hours().Get(ctx, w.bram, today)
		require.NoError(t, err)
		require.Equal(t, 6*time.Hour, got.ClientFacing)

		colleague := h
		colleague.Person = w.cem
		requireRefused(t, w.as(w.bram).RecordHours(ctx, w.noord, colleague), "own-hours")
		requireRefused(t, w.as(w.fay).RecordHours(ctx, w.noord, h), "own-hours")
		requireRefused(t, w.as(w.zoe).RecordHours(ctx, w.noord, h), "own-hours")
		// Gijs left after day 1: he still records that day, not today.
		last := h
		last.Day = day0.AddDays(1)
		require.NoError(t, w.as(w.gijs).RecordHours(ctx, w.noord, last))
		requireRefused(t, w.as(w.gijs).RecordHours(ctx, w.noord, h), "own-hours")
		future := h
		future.Day = today.AddDays(1)
		require.ErrorIs(t, w.as(w.bram).RecordHours(ctx, w.noord, future), wijk.ErrInvalid)
	})
}

// Rules team-hours and office-hours.
func TestRuleHoursReaders(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		today := w.today()
		require.NoError(t, w.as(w.bram).RecordHours(ctx, w.noord, team.HoursRecord{Day: today, Worked: 8 * time.Hour, ClientFacing: 5 * time.Hour}))
		for who, rule := range map[wijk.ID]policy.RuleID{w.cem: policy.RuleTeamHours, w.bo: policy.RuleOfficeHours} {
			hs, err := w.as(who).Hours(ctx, w.noord, today, today)
			require.NoError(t, err)
			require.Len(t, hs, 1)
			require.Equal(t, rule, w.lastAccess().Decision.Rule)
		}
		for _, who := range []wijk.ID{w.zoe, w.carla, w.pim, w.bep} {
			_, err := w.as(who).Hours(ctx, w.noord, today, today)
			requireRefused(t, err, "team-hours")
		}
	})
}

// Rules figures-open, figures-coach, figures-office and member-figures.
func TestRuleFigures(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		today := w.today()
		y, m, _ := today.Date()
		require.NoError(t, w.as(w.bram).RecordHours(ctx, w.noord, team.HoursRecord{Day: today, Worked: 8 * time.Hour, ClientFacing: 5 * time.Hour}))
		for who, rule := range map[wijk.ID]policy.RuleID{w.zoe: policy.RuleFiguresOpen, w.carla: policy.RuleFiguresCoach, w.bo: policy.RuleFiguresOffice, w.cem: policy.RuleFiguresOpen} {
			f, err := w.as(who).TeamFigures(ctx, w.noord, y, m)
			require.NoError(t, err)
			require.Equal(t, "Buurtteam Noord", f.TeamName, "figures are never anonymous")
			require.Equal(t, 5*time.Hour, f.ClientFacing)
			require.Equal(t, rule, w.lastAccess().Decision.Rule)
		}
		_, err := w.as(w.carla).TeamFigures(ctx, w.zuid, y, m)
		requireRefused(t, err, "figures-open")
		for _, who := range []wijk.ID{w.sam, w.bep, w.marga, w.pim} {
			_, err := w.as(who).TeamFigures(ctx, w.noord, y, m)
			requireRefused(t, err, "figures-open")
		}
		rows, err := w.as(w.carla).CompareTeams(ctx, y, m, team.DefaultProductivityBand)
		require.NoError(t, err)
		require.Len(t, rows, 1, "a coach compares only the teams that invited them")
		rows, err = w.as(w.yara).CompareTeams(ctx, y, m, team.DefaultProductivityBand)
		require.NoError(t, err)
		require.Len(t, rows, 2, "every team sees every team's figures")
		_, err = w.as(w.sam).CompareTeams(ctx, y, m, team.DefaultProductivityBand)
		requireRefused(t, err, "figures-open")

		mf, err := w.as(w.bram).MemberFigures(ctx, w.noord, today, today)
		require.NoError(t, err)
		require.NotEmpty(t, mf)
		_, err = w.as(w.bo).MemberFigures(ctx, w.noord, today, today)
		require.NoError(t, err)
		for _, who := range []wijk.ID{w.zoe, w.carla} {
			_, err := w.as(who).MemberFigures(ctx, w.noord, today, today)
			requireRefused(t, err, "figures-office")
		}
	})
}

// Rules team-read and team-manage.
func TestRuleTeamReadAndManage(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		for _, who := range []wijk.ID{w.cem, w.dewi, w.carla, w.bo} {
			_, err := w.as(who).Team(ctx, w.noord)
			require.NoError(t, err)
		}
		for _, who := range []wijk.ID{w.zoe, w.sam, w.gijs, w.bep} {
			_, err := w.as(who).Team(ctx, w.noord)
			requireRefused(t, err, "team-read")
		}
		tm, err := w.as(w.cem).AssignRole(ctx, w.noord, team.RoleMentor, w.cem, w.today(), w.today().AddDays(90))
		require.NoError(t, err)
		require.Equal(t, []team.RoleName{team.RoleMentor}, tm.RolesOf(w.cem))
		_, err = w.as(w.carla).AssignRole(ctx, w.noord, team.RoleHousekeeper, w.cem, w.today(), w.today().AddDays(90))
		requireRefused(t, err, "coach-never-decides")
		_, err = w.as(w.eva).AssignRole(ctx, w.noord, team.RoleHousekeeper, w.eva, w.today(), w.today().AddDays(90))
		requireRefused(t, err, "team-manage")
		_, err = w.as(w.dewi).ReturnFromLeave(ctx, w.noord, w.dewi)
		requireRefused(t, err, "team-manage")
		_, err = w.as(w.zoe).InviteCoach(ctx, w.noord, w.carla)
		requireRefused(t, err, "team-manage")
	})
}

// Rule found-team: the organisation founds a team with its founders;
// nobody founds one of their own (which would make them a member of a
// team, the standing emergency access asks for), and a founder is in no
// other team.
func TestRuleFoundTeam(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		oost := func(members ...team.MemberParams) team.NewTeamParams {
			return team.NewTeamParams{Name: "Buurtteam Oost", Neighbourhood: team.Neighbourhood{Area: "Oost"}, Founded: w.today(), Members: members}
		}
		for _, who := range []wijk.ID{w.sam, w.marga, w.anne, w.carla, w.pim} {
			_, err := w.as(who).FoundTeam(ctx, oost(member(who, "Me", team.Level5)))
			requireRefused(t, err, "found-team")
		}
		_, err := w.as(w.bo).FoundTeam(ctx, oost(member(w.marga, "Marga", team.Level5), member(w.bram, "Bram", team.Level4)))
		require.ErrorIs(t, err, wijk.ErrConflict, "Bram is in Noord: one team at a time")
		nieuw, err := w.as(w.bo).FoundTeam(ctx, oost(member(w.sam, "Sam", team.Level5)))
		require.NoError(t, err)
		require.True(t, nieuw.IsMember(w.sam))
		_, err = w.as(w.bo).FoundTeam(ctx, team.NewTeamParams{ID: w.bep, Name: "Buurtteam West", Neighbourhood: team.Neighbourhood{Area: "West"},
			Founded: w.today(), Members: []team.MemberParams{member(w.marga, "Marga", team.Level5)}})
		require.ErrorIs(t, err, wijk.ErrConflict, "an ID already used by a client")
		ids, err := w.store.Teams().List(ctx)
		require.NoError(t, err)
		require.Len(t, ids, 3)
	})
}

// Rules decision-log-team, decision-log-coach, proposals-team and
// proposals-coach.
func TestRuleDecisionReaders(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		for who, rule := range map[wijk.ID]policy.RuleID{w.cem: policy.RuleDecisionLogTeam, w.dewi: policy.RuleDecisionLogTeam, w.carla: policy.RuleDecisionLogCoach} {
			log, err := w.as(who).DecisionLog(ctx, w.noord)
			require.NoError(t, err)
			require.Equal(t, 3, log.Len())
			require.Equal(t, rule, w.lastAccess().Decision.Rule)
		}
		for _, who := range []wijk.ID{w.bo, w.zoe, w.sam, w.gijs} {
			_, err := w.as(who).DecisionLog(ctx, w.noord)
			requireRefused(t, err, "decision-log-team")
		}
		p, err := w.as(w.cem).Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Friday breakfast", Text: "Breakfast together on Fridays.", Reason: "We rarely meet."})
		require.NoError(t, err)
		_, err = w.as(w.dewi).Proposal(ctx, p.ID())
		require.NoError(t, err)
		_, err = w.as(w.carla).Proposal(ctx, p.ID())
		requireRefused(t, err, "proposals-team")
		_, err = w.as(w.zoe).OpenProposals(ctx, w.noord)
		requireRefused(t, err, "proposals-team")
	})
}

// Rules decide-active, coach-never-decides and facilitate, with a proposal
// escalated to the coach.
func TestRuleDecideAndFacilitate(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		_, err := w.as(w.carla).Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Coach's idea", Text: "Do it my way.", Reason: "I know best."})
		requireRefused(t, err, "coach-never-decides")
		for _, who := range []wijk.ID{w.dewi, w.eva, w.gijs, w.fay, w.zoe} {
			_, err := w.as(who).Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Idea", Text: "An idea.", Reason: "Why not."})
			requireRefused(t, err, "decide-active")
		}
		cem := w.as(w.cem)
		p, err := cem.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "New rota", Text: "Rotate the late shift.", Reason: "Fairness."})
		require.NoError(t, err)
		_, err = cem.Present(ctx, p.ID(), nil)
		require.NoError(t, err)
		_, err = w.as(w.carla).StartRound(ctx, p.ID(), w.clock.Now().Add(time.Hour))
		requireRefused(t, err, "facilitate")
		_, err = cem.Escalate(ctx, p.ID(), "we keep going round in circles", true)
		require.NoError(t, err)
		carla := w.as(w.carla)
		got, err := carla.Proposal(ctx, p.ID())
		require.NoError(t, err, "the coach reads the proposal escalated to her")
		require.Equal(t, w.carla, got.Coach())
		_, err = carla.StartRound(ctx, p.ID(), w.clock.Now().Add(time.Hour))
		require.NoError(t, err, "the coach facilitates the escalated proposal")
		require.Equal(t, policy.RuleFacilitate, w.lastAccess().Decision.Rule)
		_, err = carla.TakeStance(ctx, p.ID(), consensus.Consent, "", "")
		requireRefused(t, err, "coach-never-decides")
		_, err = w.as(w.dewi).TakeStance(ctx, p.ID(), consensus.Consent, "", "")
		requireRefused(t, err, "decide-active")
		for _, who := range []wijk.ID{w.anne, w.bram, w.cem} {
			_, err := w.as(who).TakeStance(ctx, p.ID(), consensus.Consent, "", "")
			require.NoError(t, err)
		}
		_, err = carla.Close(ctx, p.ID(), service.Record{Rationale: "all consent", ReviewOn: w.today().AddDays(30)})
		requireRefused(t, err, "coach-never-decides")
		a, err := cem.Close(ctx, p.ID(), service.Record{Rationale: "all consent", ReviewOn: w.today().AddDays(30)})
		require.NoError(t, err)
		require.Equal(t, consensus.Adopt, a.Verdict.Outcome)
		d := a.Decision
		log, err := cem.DecisionLog(ctx, w.noord)
		require.NoError(t, err)
		got2, err := log.Get(d.ID)
		require.NoError(t, err)
		require.Equal(t, "New rota", got2.Title)
	})
}

// Rule coach-answers: the coach asked answers a coaching request.
func TestRuleCoachAnswers(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		req, err := w.as(w.bram).RequestCoaching(ctx, w.noord, "our meetings run long", "")
		require.NoError(t, err)
		_, err = w.as(w.bram).AcceptCoaching(ctx, w.noord, req)
		requireRefused(t, err, "coach-answers")
		_, err = w.as(w.sam).AcceptCoaching(ctx, w.noord, req)
		requireRefused(t, err, "coach-answers")
		tm, err := w.as(w.carla).AcceptCoaching(ctx, w.noord, req)
		require.NoError(t, err)
		r, _ := tm.CoachingRequest(req)
		require.Equal(t, team.CoachingAccepted, r.Status)
		_, err = w.as(w.carla).CompleteCoaching(ctx, w.noord, req, "we time-box agenda items now")
		require.NoError(t, err)
		// A member closes an accepted request as well; a stranger does not.
		req2, err := w.as(w.cem).RequestCoaching(ctx, w.noord, "the late shift", "")
		require.NoError(t, err)
		_, err = w.as(w.carla).AcceptCoaching(ctx, w.noord, req2)
		require.NoError(t, err)
		_, err = w.as(w.sam).CompleteCoaching(ctx, w.noord, req2, "done")
		requireRefused(t, err, "team-manage")
		_, err = w.as(w.bram).CompleteCoaching(ctx, w.noord, req2, "we swap late shifts weekly")
		require.NoError(t, err)
		require.Equal(t, policy.RuleTeamManage, w.lastAccess().Decision.Rule)
		_, err = w.as(w.carla).RequestCoaching(ctx, w.noord, "more coaching", "")
		requireRefused(t, err, "coach-never-decides")
	})
}

// Rules audit-team and audit-officer.
func TestRuleAudit(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		lines, err := w.as(w.bram).Audit(ctx, storage.AuditQuery{EntityID: w.bep})
		require.NoError(t, err)
		require.NotEmpty(t, lines)
		require.Equal(t, string(w.bram), lines[0].Actor, "the intake names Bram, who made it")
		_, err = w.as(w.zoe).Audit(ctx, storage.AuditQuery{EntityID: w.bep})
		requireRefused(t, err, "audit-team")
		_, err = w.as(w.bram).Audit(ctx, storage.AuditQuery{})
		requireRefused(t, err, "audit-team")
		_, err = w.as(w.bo).Audit(ctx, storage.AuditQuery{})
		requireRefused(t, err, "audit-team")
		all, err := w.as(w.pim).Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		require.Greater(t, len(all), len(lines))
		require.Equal(t, policy.RuleAuditOfficer, w.lastAccess().Decision.Rule)
	})
}

// Rule administer: only the system registers coaches and staff.
func TestRuleAdminister(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		for _, who := range []wijk.ID{w.anne, w.bo, w.pim, w.carla} {
			_, err := w.as(who).RegisterCoach(ctx, team.NewCoachParams{ID: w.ids.NewID(), Name: "Another coach"})
			requireRefused(t, err, "administer")
			_, err = w.as(who).GrantStaffRole(ctx, who, team.StaffPrivacyOfficer, w.today(), wijk.Date{}, "I say so")
			requireRefused(t, err, "administer")
		}
		sys := w.system()
		_, err := sys.EndStaffRole(ctx, w.bo, team.StaffBackOffice, w.today().AddDays(-1))
		require.NoError(t, err)
		_, err = w.as(w.bo).Hours(ctx, w.noord, w.today(), w.today())
		requireRefused(t, err, "team-hours")
		// A system session reads no dossier and decides nothing.
		_, err = sys.Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
		_, err = sys.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "x", Text: "x", Reason: "x"})
		requireRefused(t, err, "decide-active")
	})
}

// Every write names the session's person as its actor.
func TestWritesNameTheSessionsPerson(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		lines, err := w.store.Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		people := map[string]bool{"system:setup": true}
		for _, p := range []wijk.ID{w.bo, w.anne, w.bram, w.cem, w.dewi, w.eva, w.gijs, w.zoe, w.yara} {
			people[string(p)] = true
		}
		for _, l := range lines {
			require.True(t, people[l.Actor], "audit line %d names %q", l.Seq, l.Actor)
		}
		_, err = w.as(w.cem).Rate(ctx, w.bepPlan, []service.Rating{{Problem: "Skin", Kind: careplan.Interim, KBS: careplan.KBS{Knowledge: 3, Behavior: 3, Status: 3}}})
		require.NoError(t, err)
		lines, err = w.store.Audit(ctx, storage.AuditQuery{EntityID: w.bepPlan})
		require.NoError(t, err)
		require.Equal(t, string(w.cem), lines[len(lines)-1].Actor)
	})
}

// What a session remembers of a team is never stale: a member who goes on
// leave is refused at the next request of the same session, and let in
// again when she returns.
func TestSessionSeesMembershipChangesAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram := w.as(w.bram)
		_, err := bram.Plan(ctx, w.bepPlan)
		require.NoError(t, err)
		_, err = w.as(w.anne).GoOnLeave(ctx, w.noord, w.bram)
		require.NoError(t, err)
		_, err = bram.Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
		_, err = w.as(w.anne).ReturnFromLeave(ctx, w.noord, w.bram)
		require.NoError(t, err)
		_, err = bram.Plan(ctx, w.bepPlan)
		require.NoError(t, err)

		// Weeks later, for the same sessions: a leaver's last day has passed,
		// and a hire's first day has come.
		eva, fay := w.as(w.eva), w.as(w.fay)
		_, err = eva.Plan(ctx, w.bepPlan)
		require.NoError(t, err)
		_, err = fay.Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
		w.clock.Set(day0.AddDays(31).In(time.UTC, 9*60))
		_, err = eva.Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
		_, err = fay.Plan(ctx, w.bepPlan)
		require.NoError(t, err)
	})
}

// A client referred to another team is seen by that team, and no longer by
// the first.
func TestReferMovesTheDossier(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		require.NoError(t, w.as(w.bram).Refer(ctx, w.bep, w.zuid, "moved to her daughter's in Zuid"))
		_, err := w.as(w.bram).Plan(ctx, w.bepPlan)
		requireRefused(t, err, "dossier-team")
		_, err = w.as(w.yara).Plan(ctx, w.bepPlan)
		require.NoError(t, err)
		requireRefused(t, w.as(w.bram).Refer(ctx, w.bep, w.noord, "back"), "dossier-team")
	})
}

// Emergency access opens one client's dossier, never a team's caseload.
func TestEmergencyNeverOpensACaseload(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		zoe := w.asFor(w.zoe, service.Emergency("a client of Noord is unwell"))
		_, err := zoe.Clients(ctx, w.noord)
		requireRefused(t, err, "dossier-team")
		_, err = zoe.TeamPlans(ctx, w.noord)
		requireRefused(t, err, "dossier-team")
		_, err = zoe.DueForReview(ctx, w.noord)
		requireRefused(t, err, "dossier-team")
		_, err = zoe.ProposeSplit(ctx, w.noord, team.SplitInput{})
		requireRefused(t, err, "dossier-team")
		_, err = w.asFor(w.bep, service.OwnRecord()).Clients(ctx, w.noord)
		requireRefused(t, err, "dossier-team")
	})
}

// An audit query by ID returns the lines of that record's kind only, and
// a summary made of the domain's texts is kept as one line; a client's
// writes are found by the client.
func TestAuditByRecord(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram := w.as(w.bram)
		c, err := bram.Client(ctx, w.bep)
		require.NoError(t, err)
		_, err = bram.UpdateClient(ctx, w.bep, c.Snapshot(), "checked the record\nwith Marga")
		require.NoError(t, err)
		lines, err := bram.Audit(ctx, storage.AuditQuery{EntityID: w.bep})
		require.NoError(t, err)
		require.Len(t, lines, 2)
		for _, l := range lines {
			require.Equal(t, storage.EntityClient, l.Entity)
		}
		require.Equal(t, "checked the record with Marga", lines[1].Summary)
		plan, err := bram.Audit(ctx, storage.AuditQuery{EntityID: w.bepPlan})
		require.NoError(t, err)
		require.Equal(t, storage.EntityCarePlan, plan[0].Entity)

		// By client: the record's writes and the plan's, in order.
		all, err := bram.Audit(ctx, storage.AuditQuery{Client: w.bep})
		require.NoError(t, err)
		require.Len(t, all, len(lines)+len(plan))
		for i, l := range all {
			require.Equal(t, w.bep, l.Client)
			if i > 0 {
				require.Greater(t, l.Seq, all[i-1].Seq)
			}
		}
		_, err = w.as(w.zoe).Audit(ctx, storage.AuditQuery{Client: w.bep})
		requireRefused(t, err, "audit-team")
		_, err = w.asFor(w.pim, service.Administration("a client asked")).Audit(ctx, storage.AuditQuery{Client: w.bep})
		require.NoError(t, err)
	})
}

// A purpose is one of the four kinds, with a reason of one line; an
// emergency needs its reason.
func TestPurposes(t *testing.T) {
	for _, k := range []service.PurposeKind{service.PurposeCare, service.PurposeEmergency, service.PurposeAdministration, service.PurposeOwnRecord} {
		back, err := service.ParsePurposeKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, back)
	}
	_, err := service.ParsePurposeKind("curiosity")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	for _, p := range []service.Purpose{{}, {Kind: 9}, service.Emergency(""), service.Care(), service.Administration("two\nlines")} {
		if p == service.Care() {
			require.NoError(t, p.Validate())
			continue
		}
		require.ErrorIs(t, p.Validate(), wijk.ErrInvalid, "%+v", p)
	}
}
