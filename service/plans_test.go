package service_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/service"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// nextWeek is the Monday after the world's today.
var nextWeek = day0.AddDays(7)

// newRoster makes a proposed roster of Noord for the week from start:
// Anne works the early shift Monday to Friday, Bram the late shift on
// Tuesday; pins are the planner's.
func (w *world) newRoster(start wijk.Date, pins ...roster.Assignment) *planning.Roster {
	w.t.Helper()
	var emps []roster.EmployeeParams
	for _, m := range []struct {
		id    wijk.ID
		level team.Level
	}{{w.anne, team.Level5}, {w.bram, team.Level4}, {w.cem, team.Level3}} {
		emps = append(emps, roster.EmployeeParams{ID: string(m.id), Level: m.level, DaysOff: []int{6},
			Contract: roster.Contract{MaxShifts: map[string]int{"L": 3}, MaxMinutes: 5 * 480, MaxConsecutive: 5, MaxWeekends: roster.NoLimit}})
	}
	var cover []roster.CoverParams
	for d := range 7 {
		cover = append(cover, roster.CoverParams{Day: d, Shift: "E", Required: 1, UnderWeight: 100, OverWeight: 1})
	}
	as := []roster.Assignment{{Employee: string(w.bram), Day: 1, Shift: "L"}}
	for d := range 5 {
		as = append(as, roster.Assignment{Employee: string(w.anne), Day: d, Shift: "E"})
	}
	r, err := planning.NewRoster(planning.RosterParams{
		ID: w.ids.NewID(), Team: w.noord, Start: start, Assignments: as, CreatedAt: w.clock.Now(),
		Problem: roster.ProblemParams{
			Days: 7, FirstWeekday: time.Monday, MinRestMinutes: 11 * 60,
			Shifts: []roster.ShiftTypeParams{
				{ID: "E", StartMinute: 7 * 60, Minutes: 480},
				{ID: "L", StartMinute: 15 * 60, Minutes: 480, NotFollowedBy: []string{"E"}},
			},
			Employees: emps, Cover: cover, Pins: pins,
		},
	})
	w.must(err)
	return r
}

// newDayPlan makes a proposed visit plan of Noord for day: Anne and Bram
// visit Bep twice between them; byAnne gives both visits to Anne.
func (w *world) newDayPlan(day wijk.Date, byAnne bool) *planning.DayPlan {
	w.t.Helper()
	anne, bram := string(w.anne), string(w.bram)
	routes := []visit.Route{{Nurse: anne, Visits: []string{"v1"}}, {Nurse: bram, Visits: []string{"v2"}}}
	if byAnne {
		routes = []visit.Route{{Nurse: anne, Visits: []string{"v1", "v2"}}}
	}
	d, err := planning.NewDayPlan(planning.DayPlanParams{
		ID: w.ids.NewID(), Team: w.noord, Day: day, CreatedAt: w.clock.Now(),
		Problem: visit.ProblemParams{
			Locations: []visit.LocationParams{{ID: "office"}, {ID: "bep", X: 3, Y: 4}},
			Speed:     0.5,
			Nurses: []visit.NurseParams{
				{ID: anne, Level: team.Level5, ShiftStart: 7 * 60, ShiftEnd: 12 * 60, Start: "office"},
				{ID: bram, Level: team.Level4, ShiftStart: 7 * 60, ShiftEnd: 12 * 60, Start: "office"},
			},
			Visits: []visit.VisitParams{
				{ID: "v1", Client: string(w.bep), Location: "bep", Open: 8 * 60, Close: 9 * 60, Duration: 20},
				{ID: "v2", Client: string(w.bep), Location: "bep", Open: 10 * 60, Close: 11 * 60, Duration: 20},
			},
			Objective: visit.DefaultObjective(),
		},
		Plan: visit.Plan{Routes: routes},
	})
	w.must(err)
	return d
}

// The story of a roster through the service: Bram proposes it, the team
// decides by consent, Anne records the adoption; Cem falls ill and Bram
// re-plans, the re-plan superseding the adopted roster and adopted by a
// second decision, in one request. Every step names who did it.
// draftOf is r as it was before its last change: the same roster, one
// shift fewer.
func draftOf(t *testing.T, r *planning.Roster) *planning.Roster {
	t.Helper()
	s := r.Snapshot()
	s.Assignments = s.Assignments[1:]
	d, err := planning.RestoreRoster(s)
	require.NoError(t, err)
	return d
}

// adoptsRoster and adoptsDay are the payloads of decisions that adopt r
// and d as they are.
func adoptsRoster(r *planning.Roster) consensus.Payload {
	return consensus.AdoptRoster{Roster: r.ID(), Digest: r.Digest()}
}

func adoptsDay(d *planning.DayPlan) consensus.Payload {
	return consensus.AdoptDayPlan{Plan: d.ID(), Digest: d.Digest()}
}

func TestRosterProposeAdoptReplan(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram, anne, cem := w.as(w.bram), w.as(w.anne), w.as(w.cem)
		first := w.newRoster(nextWeek)
		require.NoError(t, bram.ProposeRoster(ctx, first))
		_, err := cem.AdoptedRoster(ctx, w.noord, nextWeek)
		require.ErrorIs(t, err, wijk.ErrNotFound)

		// A revision before the team decides: Bram pins Anne's Monday.
		p := first.Params()
		p.Pins = []roster.Assignment{{Employee: string(w.anne), Day: 0, Shift: "E"}}
		revised, err := bram.ReviseRoster(ctx, first.ID(), p, first.Assignments())
		require.NoError(t, err)
		require.Len(t, revised.Pins(), 1)

		d1 := w.decide(w.noord, w.cem, "Roster of week 11", adoptsRoster(revised))
		w.tick()
		adopted, err := anne.AdoptRoster(ctx, first.ID(), d1.ID)
		require.NoError(t, err)
		require.Equal(t, planning.Adopted, adopted.Status())
		got, err := cem.AdoptedRoster(ctx, w.noord, nextWeek.AddDays(3))
		require.NoError(t, err)
		require.Equal(t, first.ID(), got.ID())
		ad, ok := got.Adoption()
		require.True(t, ok)
		require.Equal(t, d1.ID, ad.Decision)
		require.Len(t, got.Pins(), 1, "the revision was kept")

		// Cem falls ill: the re-plan keeps Monday and Tuesday, and the team
		// adopts it in place of the first roster.
		kept := []roster.Assignment{{Employee: string(w.anne), Day: 0, Shift: "E"}, {Employee: string(w.anne), Day: 1, Shift: "E"}}
		second := w.newRoster(nextWeek, kept...)
		d2 := w.decide(w.noord, w.anne, "Re-plan of week 11", adoptsRoster(second))
		w.tick()
		nu, err := bram.ReplanRoster(ctx, first.ID(), second, d2.ID)
		require.NoError(t, err)
		require.Equal(t, planning.Adopted, nu.Status())
		require.Equal(t, planning.Proposed, second.Status(), "the caller's roster is not changed")

		old, err := cem.Roster(ctx, first.ID())
		require.NoError(t, err)
		require.Equal(t, planning.Superseded, old.Status())
		sup, ok := old.SupersededBy()
		require.True(t, ok)
		require.Equal(t, second.ID(), sup.By)
		ad, ok = old.Adoption()
		require.True(t, ok, "a superseded roster keeps the decision that adopted it")
		require.Equal(t, d1.ID, ad.Decision)
		got, err = cem.AdoptedRoster(ctx, w.noord, nextWeek)
		require.NoError(t, err)
		require.Equal(t, second.ID(), got.ID())
		require.Equal(t, kept, got.Pins())
		ad, _ = got.Adoption()
		require.Equal(t, d2.ID, ad.Decision)

		list, err := w.as(w.carla).Rosters(ctx, w.noord, nextWeek, nextWeek.AddDays(6))
		require.NoError(t, err, "the coach reads the team's rosters")
		require.Equal(t, []wijk.ID{first.ID(), second.ID()}, []wijk.ID{list[0].ID(), list[1].ID()})
		list, err = w.as(w.dewi).Rosters(ctx, w.noord, nextWeek.AddDays(7), nextWeek.AddDays(13))
		require.NoError(t, err, "a member on leave reads the rosters")
		require.Empty(t, list)

		// The audit log names who did each step.
		lines, err := anne.Audit(ctx, storage.AuditQuery{EntityID: first.ID()})
		require.NoError(t, err)
		var actors []string
		for _, l := range lines {
			require.Equal(t, storage.EntityRoster, l.Entity)
			actors = append(actors, l.Actor)
		}
		require.Equal(t, []string{string(w.bram), string(w.bram), string(w.anne), string(w.bram)}, actors)
		require.Contains(t, lines[3].Summary, "superseded by a re-plan")
		lines, err = anne.Audit(ctx, storage.AuditQuery{EntityID: second.ID()})
		require.NoError(t, err)
		require.Len(t, lines, 2, "created, then adopted, in the re-plan's transaction")
	})
}

// The story of a day through the service: proposed, adopted, then
// re-planned twice, the second time as a proposal only. A visit plan
// names the clients visited, so every read and write of one leaves an
// entry in the access log for each client, as a read of the caseload
// does.
func TestDayPlanProposeAdoptReplan(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram, cem := w.as(w.bram), w.as(w.cem)
		day := w.today().AddDays(1)
		first := w.newDayPlan(day, false)
		require.NoError(t, bram.ProposeDayPlan(ctx, first))
		d1 := w.decide(w.noord, w.bram, "Thursday's visits", adoptsDay(first))
		w.tick()
		_, err := w.as(w.eva).AdoptDayPlan(ctx, first.ID(), d1.ID)
		requireRefused(t, err, "plan-adopt")
		_, err = cem.AdoptDayPlan(ctx, first.ID(), d1.ID)
		require.NoError(t, err)

		// Bram goes home ill: Anne takes his visit.
		second := w.newDayPlan(day, true)
		d2 := w.decide(w.noord, w.anne, "Anne takes Bram's visit", adoptsDay(second))
		w.tick()
		nu, err := w.as(w.anne).ReplanDay(ctx, first.ID(), second, d2.ID)
		require.NoError(t, err)
		require.Equal(t, planning.Adopted, nu.Status())
		got, err := cem.AdoptedDayPlan(ctx, w.noord, day)
		require.NoError(t, err)
		require.Equal(t, second.ID(), got.ID())
		require.Equal(t, []string{"v1", "v2"}, got.Plan().Routes[0].Visits)

		// An adopted plan is replaced only by the team's decision: Cem
		// alone cannot supersede it, and nothing is stored.
		third := w.newDayPlan(day, false)
		w.tick()
		_, err = cem.ReplanDay(ctx, second.ID(), third, "")
		require.ErrorIs(t, err, wijk.ErrConflict)
		_, _, err = w.store.DayPlans().Get(ctx, third.ID())
		require.ErrorIs(t, err, wijk.ErrNotFound)
		got, err = cem.AdoptedDayPlan(ctx, w.noord, day)
		require.NoError(t, err)
		require.Equal(t, second.ID(), got.ID())
		d3 := w.decide(w.noord, w.anne, "Cem takes the round after all", adoptsDay(third))
		w.tick()
		nu, err = cem.ReplanDay(ctx, second.ID(), third, d3.ID)
		require.NoError(t, err)
		require.Equal(t, planning.Adopted, nu.Status())

		before, err := w.store.Access().List(ctx, storage.AccessQuery{Client: w.bep})
		require.NoError(t, err)
		plans, err := cem.DayPlans(ctx, w.noord, day)
		require.NoError(t, err)
		require.Len(t, plans, 3)
		statuses := []planning.Status{plans[0].Status(), plans[1].Status(), plans[2].Status()}
		require.Equal(t, []planning.Status{planning.Superseded, planning.Superseded, planning.Adopted}, statuses)
		after, err := w.store.Access().List(ctx, storage.AccessQuery{Client: w.bep})
		require.NoError(t, err)
		reads := after[len(before):]
		require.Len(t, reads, 3, "one entry per plan read, each naming Bep")
		for i, e := range reads {
			require.Equal(t, string(w.cem), e.Person)
			require.Equal(t, storage.AccessRead, e.Action)
			require.Equal(t, storage.EntityDayPlan, e.Entity)
			require.Equal(t, plans[i].ID(), e.EntityID)
			require.Equal(t, storage.OutcomeAllowed, e.Outcome)
			require.Equal(t, "dossier-team", e.Rule)
		}

		// The writes are in the log too: Bram's proposal, Cem's adoption,
		// Anne's re-plan (the new plan created and adopted, the old one
		// superseded), Cem's re-plan.
		writes := map[wijk.ID][]string{}
		for _, e := range before {
			if e.Entity == storage.EntityDayPlan {
				writes[e.EntityID] = append(writes[e.EntityID], e.Person+" "+string(e.Action))
			}
		}
		b, c, a := string(w.bram), string(w.cem), string(w.anne)
		require.Equal(t, []string{b + " create", c + " update", a + " update"}, writes[first.ID()])
		require.Equal(t, []string{a + " create", a + " update", c + " read", c + " read", c + " update"}, writes[second.ID()],
			"Anne proposed and adopted it; Cem read it as adopted twice, then re-planned")
		require.Equal(t, []string{c + " create", c + " update"}, writes[third.ID()], "the re-plan's adoption is logged too")

		// Bep sees who planned her visits.
		overview, err := w.as(w.bep).AccessOverview(ctx, w.bep, storage.AccessQuery{})
		require.NoError(t, err)
		require.Equal(t, "visit plan", overview[len(overview)-1].What)
		require.Equal(t, "Cem", overview[len(overview)-1].Who)
	})
}

// Who may not plan: another team's member, the coach, the back office, a
// member on leave, a member who left, a hire before the first day and a
// stranger. Nothing they try is stored.
func TestPlanRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		r := w.newRoster(nextWeek)
		d := w.newDayPlan(w.today(), false)
		for who, rule := range map[wijk.ID]string{
			w.zoe: "plan-team", w.carla: "coach-never-decides", w.bo: "plan-team", w.dewi: "plan-team",
			w.gijs: "plan-team", w.fay: "plan-team", w.sam: "plan-team",
		} {
			s := w.as(who)
			requireRefused(t, s.ProposeRoster(ctx, r), rule)
			requireRefused(t, s.ProposeDayPlan(ctx, d), rule)
		}
		list, err := w.as(w.anne).Rosters(ctx, w.noord, nextWeek, nextWeek.AddDays(6))
		require.NoError(t, err)
		require.Empty(t, list, "no refused proposal was stored")
		plans, err := w.as(w.anne).DayPlans(ctx, w.noord, w.today())
		require.NoError(t, err)
		require.Empty(t, plans)

		// Proposals must be proposals, of a team.
		require.ErrorIs(t, w.as(w.bram).ProposeRoster(ctx, nil), wijk.ErrInvalid)
		require.ErrorIs(t, w.as(w.bram).ProposeDayPlan(ctx, &planning.DayPlan{}), wijk.ErrInvalid)
		decided := w.decide(w.noord, w.bram, "Roster of week 11", adoptsRoster(r))
		adopted, err := planning.RestoreRoster(r.Snapshot())
		require.NoError(t, err)
		w.must(adopted.Adopt(decided.ID, w.tick()))
		err = w.as(w.bram).ProposeRoster(ctx, adopted)
		require.ErrorIs(t, err, wijk.ErrInvalid, "a plan enters as a proposal")
		require.ErrorContains(t, err, "roster.status")

		// Reading: the caseload rules keep the coach and the office out of
		// a visit plan; rosters are for the team and its coach.
		for who, rule := range map[wijk.ID]string{w.carla: "coach-no-dossier", w.bo: "office-no-dossier", w.zoe: "dossier-team", w.dewi: "dossier-team"} {
			_, err := w.as(who).DayPlans(ctx, w.noord, w.today())
			requireRefused(t, err, rule)
		}
		for _, who := range []wijk.ID{w.zoe, w.bo, w.gijs, w.sam} {
			_, err := w.as(who).Rosters(ctx, w.noord, nextWeek, nextWeek)
			requireRefused(t, err, "roster-read")
			_, err = w.as(who).AdoptedRoster(ctx, w.noord, nextWeek)
			requireRefused(t, err, "roster-read")
		}
	})
}

// A plan is adopted only by a decision the whole team took and logged,
// recorded by a member who takes part in decisions: a made-up decision,
// another team's, a superseded one and one taken by the advice process
// are refused, and so are the coach, a leaver and a member who left. The
// roster stays proposed.
func TestAdoptOnlyByTheTeamsDecision(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram := w.as(w.bram)
		r := w.newRoster(nextWeek)
		require.NoError(t, bram.ProposeRoster(ctx, r))
		ours := w.decide(w.noord, w.cem, "Roster of week 11", adoptsRoster(r))
		theirs := w.decide(w.zuid, w.zoe, "Their roster", adoptsRoster(r))
		w.tick()

		_, err := bram.AdoptRoster(ctx, r.ID(), w.ids.NewID())
		require.ErrorIs(t, err, wijk.ErrNotFound, "a made-up decision")
		_, err = bram.AdoptRoster(ctx, r.ID(), theirs.ID)
		require.ErrorIs(t, err, wijk.ErrNotFound, "another team's decision")
		_, err = w.as(w.zoe).AdoptRoster(ctx, r.ID(), theirs.ID)
		requireRefused(t, err, "plan-adopt")
		_, err = w.as(w.carla).AdoptRoster(ctx, r.ID(), ours.ID)
		requireRefused(t, err, "coach-never-decides")
		for _, who := range []wijk.ID{w.eva, w.gijs, w.dewi, w.bo} {
			_, err = w.as(who).AdoptRoster(ctx, r.ID(), ours.ID)
			requireRefused(t, err, "plan-adopt")
		}

		// A decision of the team that adopts no roster, or adopts this one
		// as it was before Bram revised it, does not adopt it.
		breakfast := w.decide(w.noord, w.cem, "Breakfast on Fridays", nil)
		w.tick()
		_, err = bram.AdoptRoster(ctx, r.ID(), breakfast.ID)
		require.ErrorIs(t, err, wijk.ErrInvalid)
		require.ErrorContains(t, err, "does not adopt a roster")
		r2 := w.newRoster(nextWeek)
		require.NoError(t, bram.ProposeRoster(ctx, r2))
		decided := w.decide(w.noord, w.cem, "Roster of week 11, second proposal", adoptsRoster(r2))
		p2 := r2.Params()
		p2.Pins = []roster.Assignment{{Employee: string(w.anne), Day: 0, Shift: "E"}}
		_, err = bram.ReviseRoster(ctx, r2.ID(), p2, r2.Assignments())
		require.NoError(t, err)
		w.tick()
		_, err = bram.AdoptRoster(ctx, r2.ID(), decided.ID)
		require.ErrorIs(t, err, wijk.ErrConflict)
		require.ErrorContains(t, err, "was changed after decision")

		// Taken by the advice process: Bram decided after asking.
		p, err := bram.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "My roster", Text: "Work my roster.", Reason: "I asked Anne.",
			Rule: consensus.AdviceProcessRule{}})
		require.NoError(t, err)
		_, err = bram.Present(ctx, p.ID(), []wijk.ID{w.anne})
		require.NoError(t, err)
		_, err = bram.StartRound(ctx, p.ID(), w.clock.Now().Add(time.Hour))
		require.NoError(t, err)
		_, err = w.as(w.anne).TakeStance(ctx, p.ID(), consensus.Consent, "", "")
		require.NoError(t, err)
		w.tick()
		closed, err := bram.Close(ctx, p.ID(), service.Record{Rationale: "advised", ReviewOn: w.today().AddDays(30)})
		require.NoError(t, err)
		require.Equal(t, consensus.Adopt, closed.Verdict.Outcome)
		_, err = bram.AdoptRoster(ctx, r.ID(), closed.Decision.ID)
		require.ErrorIs(t, err, wijk.ErrConflict)
		require.ErrorContains(t, err, "advice process")

		// Revisited: the first decision is superseded by the second.
		cem := w.as(w.cem)
		rp, err := cem.Propose(ctx, service.ProposalDraft{Team: w.noord, Title: "Roster of week 11, again", Text: "Work it.", Reason: "New facts.", Revisits: ours.ID, Payload: adoptsRoster(r)})
		require.NoError(t, err)
		again := w.adopt(cem, rp)
		w.tick()
		_, err = bram.AdoptRoster(ctx, r.ID(), ours.ID)
		require.ErrorIs(t, err, wijk.ErrConflict)
		require.ErrorContains(t, err, "superseded")

		got, err := bram.Roster(ctx, r.ID())
		require.NoError(t, err)
		require.Equal(t, planning.Proposed, got.Status(), "nothing refused adopted the roster")

		_, err = bram.AdoptRoster(ctx, r.ID(), again.ID)
		require.NoError(t, err)
		_, err = bram.AdoptRoster(ctx, r.ID(), again.ID)
		require.ErrorIs(t, err, wijk.ErrConflict, "a roster is adopted once")
	})
}

// A re-plan is one transaction: when superseding the old plan fails, the
// new plan is not stored either, and the old one is as it was.
func TestReplanRollsBack(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram := w.as(w.bram)
		first := w.newRoster(nextWeek)
		require.NoError(t, bram.ProposeRoster(ctx, first))
		d1 := w.decide(w.noord, w.cem, "Roster of week 11", adoptsRoster(first))
		w.tick()
		_, err := bram.AdoptRoster(ctx, first.ID(), d1.ID)
		require.NoError(t, err)

		// A roster of another week does not replace this one: the store
		// refuses the supersession, after the new roster was written.
		later := w.newRoster(nextWeek.AddDays(14))
		d2 := w.decide(w.noord, w.anne, "Re-plan", adoptsRoster(later))
		w.tick()
		before, err := w.store.Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		_, err = bram.ReplanRoster(ctx, first.ID(), later, d2.ID)
		require.ErrorIs(t, err, wijk.ErrInvalid)
		_, _, err = w.store.Rosters().Get(ctx, later.ID())
		require.ErrorIs(t, err, wijk.ErrNotFound, "the new roster was rolled back")
		old, v, err := w.store.Rosters().Get(ctx, first.ID())
		require.NoError(t, err)
		require.Equal(t, storage.Version(2), v)
		require.Equal(t, planning.Adopted, old.Status())
		after, err := w.store.Audit(ctx, storage.AuditQuery{})
		require.NoError(t, err)
		require.Len(t, after, len(before), "a rolled-back re-plan leaves no audit line")

		// A re-plan of an adopted plan without the team's decision:
		// refused, nothing stored.
		second := w.newRoster(nextWeek)
		_, err = bram.ReplanRoster(ctx, first.ID(), second, "")
		require.ErrorIs(t, err, wijk.ErrConflict)
		_, _, err = w.store.Rosters().Get(ctx, second.ID())
		require.ErrorIs(t, err, wijk.ErrNotFound)

		// A re-plan adopted by the team's decision about another roster, or
		// about this re-plan before it changed: refused, nothing stored,
		// the first roster still the adopted one.
		for _, d := range []consensus.Decision{d2, w.decide(w.noord, w.anne, "Re-plan, first draft", adoptsRoster(draftOf(t, second)))} {
			w.tick()
			_, err = bram.ReplanRoster(ctx, first.ID(), second, d.ID)
			require.Error(t, err)
			require.True(t, errors.Is(err, wijk.ErrInvalid) || errors.Is(err, wijk.ErrConflict), "%v", err)
			_, _, err = w.store.Rosters().Get(ctx, second.ID())
			require.ErrorIs(t, err, wijk.ErrNotFound)
			got, err := bram.AdoptedRoster(ctx, w.noord, nextWeek)
			require.NoError(t, err)
			require.Equal(t, first.ID(), got.ID())
		}

		// A re-plan of a plan already superseded: refused, nothing stored.
		d3 := w.decide(w.noord, w.anne, "Re-plan, Cem ill", adoptsRoster(second))
		w.tick()
		_, err = bram.ReplanRoster(ctx, first.ID(), second, d3.ID)
		require.NoError(t, err)
		third := w.newRoster(nextWeek)
		_, err = bram.ReplanRoster(ctx, first.ID(), third, "")
		require.ErrorIs(t, err, wijk.ErrConflict)
		_, _, err = w.store.Rosters().Get(ctx, third.ID())
		require.ErrorIs(t, err, wijk.ErrNotFound)

		// A visit plan of another day does not replace this one; its
		// clients' access entries roll back with it.
		day := w.today().AddDays(1)
		dp := w.newDayPlan(day, false)
		require.NoError(t, bram.ProposeDayPlan(ctx, dp))
		other := w.newDayPlan(day.AddDays(1), true)
		_, err = bram.ReplanDay(ctx, dp.ID(), other, "")
		require.Error(t, err)
		_, _, err = w.store.DayPlans().Get(ctx, other.ID())
		require.ErrorIs(t, err, wijk.ErrNotFound)
		es, err := w.store.Access().List(ctx, storage.AccessQuery{Client: w.bep})
		require.NoError(t, err)
		for _, e := range es {
			require.NotEqual(t, other.ID(), e.EntityID, "no access entry of a plan that was not stored")
		}

		// Another team's plan is not re-planned by Noord.
		_, err = w.as(w.zoe).ReplanRoster(ctx, first.ID(), w.newRoster(nextWeek), "")
		requireRefused(t, err, "plan-team")
	})
}

// A plan names only the people and clients of its team, as the store has
// them: a member cannot store a roster of someone else's nurses, nor a day
// plan that visits clients who are not in the team's care.
func TestPlansNameOnlyTheTeamsPeople(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		bram := w.as(w.bram)
		good := w.newRoster(nextWeek)
		p := good.Params()
		p.Employees[2].ID = string(w.zoe)
		stranger, err := planning.NewRoster(planning.RosterParams{
			ID: w.ids.NewID(), Team: w.noord, Start: nextWeek, Problem: p,
			Assignments: good.Roster().Assignments(), CreatedAt: w.clock.Now(),
		})
		require.NoError(t, err)
		err = bram.ProposeRoster(ctx, stranger)
		require.ErrorIs(t, err, wijk.ErrInvalid)
		require.ErrorContains(t, err, "must be a member of team")
		_, _, err = w.store.Rosters().Get(ctx, stranger.ID())
		require.ErrorIs(t, err, wijk.ErrNotFound)

		day := w.today().AddDays(1)
		plan := w.newDayPlan(day, false)
		dp := plan.Params()
		dp.Visits[1].Client = string(w.ids.NewID())
		elsewhere, err := planning.NewDayPlan(planning.DayPlanParams{
			ID: w.ids.NewID(), Team: w.noord, Day: day, Problem: dp, Plan: plan.Plan(), CreatedAt: w.clock.Now(),
		})
		require.NoError(t, err)
		err = bram.ProposeDayPlan(ctx, elsewhere)
		require.ErrorIs(t, err, wijk.ErrInvalid)
		require.ErrorContains(t, err, "must visit clients in the care of team")
		_, _, err = w.store.DayPlans().Get(ctx, elsewhere.ID())
		require.ErrorIs(t, err, wijk.ErrNotFound)

		dp = plan.Params()
		dp.Nurses[1].ID = string(w.zoe)
		routes := plan.Plan()
		routes.Routes[1].Nurse = string(w.zoe)
		foreign, err := planning.NewDayPlan(planning.DayPlanParams{
			ID: w.ids.NewID(), Team: w.noord, Day: day, Problem: dp, Plan: routes, CreatedAt: w.clock.Now(),
		})
		require.NoError(t, err)
		err = bram.ProposeDayPlan(ctx, foreign)
		require.ErrorIs(t, err, wijk.ErrInvalid)
		require.ErrorContains(t, err, "must be a member of team")

		// The team's own people and clients are fine.
		require.NoError(t, bram.ProposeRoster(ctx, good))
		require.NoError(t, bram.ProposeDayPlan(ctx, plan))
	})
}
