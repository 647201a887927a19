package storagetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/storage"
)

// week is the Monday the suite's rosters start on.
var week = wijk.NewDate(2026, time.March, 2)

// rosterProblem is a week of early and late shifts for the team's first
// three members, with pins.
func rosterProblem(wd ward, pins ...roster.Assignment) roster.ProblemParams {
	var emps []roster.EmployeeParams
	for i, m := range wd.members[:3] {
		emps = append(emps, roster.EmployeeParams{
			ID: string(m), Level: wd.team.Members()[i].Level,
			Contract: roster.Contract{
				MaxShifts: map[string]int{"L": 3}, MaxMinutes: 5 * 480, MinMinutes: 0,
				MaxConsecutive: 5, MaxWeekends: roster.NoLimit,
			},
			DaysOff: []int{6},
		})
	}
	var cover []roster.CoverParams
	for d := range 7 {
		cover = append(cover, roster.CoverParams{Day: d, Shift: "E", Required: 1, UnderWeight: 100, OverWeight: 1})
	}
	return roster.ProblemParams{
		Days: 7, FirstWeekday: time.Monday, MinRestMinutes: 11 * 60,
		Shifts: []roster.ShiftTypeParams{
			{ID: "E", StartMinute: 7 * 60, Minutes: 480},
			{ID: "L", StartMinute: 15 * 60, Minutes: 480, NotFollowedBy: []string{"E"}},
		},
		Employees:   emps,
		Cover:       cover,
		OffRequests: []roster.RequestParams{{Employee: string(wd.members[1]), Day: 2, Weight: 5}},
		Pins:        pins,
	}
}

// newRoster makes a proposed roster of the week: the first member works
// the early shift Monday to Friday, the second the late shift Tuesday.
func (w *world) newRoster(wd ward, pins ...roster.Assignment) *planning.Roster {
	w.t.Helper()
	as := []roster.Assignment{{Employee: string(wd.members[1]), Day: 1, Shift: "L"}}
	for d := range 5 {
		as = append(as, roster.Assignment{Employee: string(wd.members[0]), Day: d, Shift: "E"})
	}
	r, err := planning.NewRoster(planning.RosterParams{
		ID: w.id(), Team: wd.team.ID(), Start: week, Problem: rosterProblem(wd, pins...), Assignments: as, CreatedAt: w.tick(),
	})
	w.must(err)
	return r
}

// logDecision stores an adopted proposal of the team with the payload
// and logs its decision, which the caller uses to adopt a plan.
func logDecision(t *testing.T, s storage.Store, w *world, wd ward, title string, payload consensus.Payload) consensus.Decision {
	t.Helper()
	return logDecisionBy(t, s, w, wd, title, nil, payload)
}

// logAdvice logs a decision the first member took alone by the advice
// process, with the payload.
func logAdvice(t *testing.T, s storage.Store, w *world, wd ward, title string, payload consensus.Payload) consensus.Decision {
	t.Helper()
	return logDecisionBy(t, s, w, wd, title, consensus.AdviceProcessRule{}, payload)
}

// logDecisionBy stores a proposal of the team's first member with the
// rule (nil for consent) and the payload, adopted, and logs its decision.
func logDecisionBy(t *testing.T, s storage.Store, w *world, wd ward, title string, rule consensus.Rule, payload consensus.Payload) consensus.Decision {
	t.Helper()
	p, err := consensus.NewProposal(consensus.ProposalParams{
		ID: w.id(), Team: wd.team.ID(), Owner: wd.members[0], Title: title,
		Text: "Adopt the plan as proposed.", Reason: "The planner made it with the team's wishes.",
		Rule: rule, Payload: payload, CreatedAt: w.tick(),
	})
	w.must(err)
	w.adopt(p, wd)
	_, err = s.Proposals().Create(ctx, p, ch("proposed "+title))
	require.NoError(t, err)
	d := w.decide(p)
	require.NoError(t, s.DecisionLog().Append(ctx, d, ch("decided "+title)))
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

func dayPlanSnap(d *planning.DayPlan) planning.DayPlanSnapshot { return d.Snapshot() }

func auditCount(t *testing.T, s storage.Store) int {
	t.Helper()
	a, err := s.Audit(ctx, storage.AuditQuery{})
	require.NoError(t, err)
	return len(a)
}

// The story of a roster: proposed, adopted by a logged team decision,
// then superseded by a re-plan when a member falls ill, the re-plan
// adopted by a second decision in the same transaction. Every step
// reads back equal, leaves an audit line, and the adopted roster for a
// day is always the one the team decided on last.
func testRosterLifecycle(t *testing.T, s storage.Store) {
	w := newWorld(t, 31)
	wd := w.newTeam("Noord", 4)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)

	first := w.newRoster(wd)
	v, err := s.Rosters().Create(ctx, first, ch("proposed the roster of week 10"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	got, v, err := s.Rosters().Get(ctx, first.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	diff(t, first.Snapshot(), got.Snapshot())
	diff(t, first.Params(), got.Params())
	diff(t, first.Assignments(), got.Assignments())
	require.Equal(t, planning.Proposed, got.Status())
	_, _, err = s.Rosters().Adopted(ctx, wd.team.ID(), week)
	requireKind(t, err, wijk.ErrNotFound)

	// The team adopts it.
	d1 := logDecision(t, s, w, wd, "Roster of week 10", adoptsRoster(got))
	w.must(got.Adopt(d1.ID, w.tick()))
	v, err = s.Rosters().Update(ctx, got, 1, ch("adopted"))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	adopted, av, err := s.Rosters().Adopted(ctx, wd.team.ID(), week.AddDays(3))
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), av)
	diff(t, got.Snapshot(), adopted.Snapshot())
	_, _, err = s.Rosters().Adopted(ctx, wd.team.ID(), week.AddDays(7))
	requireKind(t, err, wijk.ErrNotFound)

	// Bas falls ill on Wednesday: a re-plan keeps Monday and Tuesday as
	// they were (pinned) and is adopted in place of the first roster.
	ill := []roster.Assignment{
		{Employee: string(wd.members[0]), Day: 0, Shift: "E"}, {Employee: string(wd.members[0]), Day: 1, Shift: "E"},
		{Employee: string(wd.members[1]), Day: 1, Shift: "L"},
	}
	second := w.newRoster(wd, ill...)
	_, err = s.Rosters().Create(ctx, second, ch("re-planned: Bas is ill"))
	require.NoError(t, err)
	d2 := logDecision(t, s, w, wd, "Re-plan of week 10", adoptsRoster(second))
	err = s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		old, ov, err := tx.Rosters().Get(ctx, first.ID())
		if err != nil {
			return err
		}
		if err := old.Supersede(second.ID(), w.tick()); err != nil {
			return err
		}
		if _, err := tx.Rosters().Update(ctx, old, ov, ch("superseded by the re-plan")); err != nil {
			return err
		}
		nu, nv, err := tx.Rosters().Get(ctx, second.ID())
		if err != nil {
			return err
		}
		if err := nu.Adopt(d2.ID, w.tick()); err != nil {
			return err
		}
		_, err = tx.Rosters().Update(ctx, nu, nv, ch("adopted the re-plan"))
		return err
	})
	require.NoError(t, err)

	old, v, err := s.Rosters().Get(ctx, first.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(3), v)
	require.Equal(t, planning.Superseded, old.Status())
	sup, ok := old.SupersededBy()
	require.True(t, ok)
	require.Equal(t, second.ID(), sup.By)
	ad, ok := old.Adoption()
	require.True(t, ok, "a superseded roster keeps the adoption it had")
	require.Equal(t, d1.ID, ad.Decision)
	adopted, _, err = s.Rosters().Adopted(ctx, wd.team.ID(), week)
	require.NoError(t, err)
	require.Equal(t, second.ID(), adopted.ID())
	diff(t, ill, adopted.Pins())

	list, err := s.Rosters().ListByTeam(ctx, wd.team.ID(), week.AddDays(6), week.AddDays(20))
	require.NoError(t, err)
	diff(t, []wijk.ID{first.ID(), second.ID()}, []wijk.ID{list[0].ID(), list[1].ID()})
	require.Len(t, list, 2)
	list, err = s.Rosters().ListByTeam(ctx, wd.team.ID(), week.AddDays(7), week.AddDays(20))
	require.NoError(t, err)
	require.Empty(t, list)

	audit, err := s.Audit(ctx, storage.AuditQuery{EntityID: first.ID()})
	require.NoError(t, err)
	require.Len(t, audit, 3)
	for i, act := range []storage.Action{storage.ActionCreate, storage.ActionUpdate, storage.ActionUpdate} {
		require.Equal(t, act, audit[i].Action)
		require.Equal(t, storage.EntityRoster, audit[i].Entity)
	}
	require.Equal(t, "superseded by the re-plan", audit[2].Summary)
}

// A plan is adopted only by a decision in its team's decision log: a
// made-up decision, or another team's, is refused, and nothing is
// written.
func testPlanMadeUpDecision(t *testing.T, s storage.Store) {
	w := newWorld(t, 32)
	wd := w.newTeam("Noord", 4)
	other := w.newTeam("Zuid", 3)
	for _, x := range []ward{wd, other} {
		_, err := s.Teams().Create(ctx, x.team, ch("founded"))
		require.NoError(t, err)
	}
	r := w.newRoster(wd)
	_, err := s.Rosters().Create(ctx, r, ch("proposed"))
	require.NoError(t, err)
	theirs := logDecision(t, s, w, other, "Their roster", adoptsRoster(r))
	before := auditCount(t, s)

	madeUp := r.Snapshot()
	got, err := planning.RestoreRoster(madeUp)
	require.NoError(t, err)
	w.must(got.Adopt(w.id(), w.tick()))
	_, err = s.Rosters().Update(ctx, got, 1, ch("adopted, trust me"))
	requireKind(t, err, wijk.ErrNotFound)

	borrowed, err := planning.RestoreRoster(madeUp)
	require.NoError(t, err)
	w.must(borrowed.Adopt(theirs.ID, w.tick()))
	_, err = s.Rosters().Update(ctx, borrowed, 1, ch("adopted by their decision"))
	requireKind(t, err, wijk.ErrNotFound)

	// Stored as adopted from the start: the same check.
	fresh := w.newRoster(wd)
	w.must(fresh.Adopt(w.id(), w.tick()))
	_, err = s.Rosters().Create(ctx, fresh, ch("adopted, trust me"))
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.Rosters().Get(ctx, fresh.ID())
	requireKind(t, err, wijk.ErrNotFound)

	// A visit plan the same.
	dp := w.newDayPlan(wd, week)
	w.must(dp.Adopt(w.id(), w.tick()))
	_, err = s.DayPlans().Create(ctx, dp, ch("adopted, trust me"))
	requireKind(t, err, wijk.ErrNotFound)

	back, v, err := s.Rosters().Get(ctx, r.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	require.Equal(t, planning.Proposed, back.Status())
	require.Equal(t, before, auditCount(t, s), "a refused adoption leaves no audit line")

	// A decision made after the adoption it is named in: refused.
	d := logDecision(t, s, w, wd, "Our roster", adoptsRoster(r))
	early, err := planning.RestoreRoster(madeUp)
	require.NoError(t, err)
	w.must(early.Adopt(d.ID, d.DecidedAt.Add(-time.Second)))
	_, err = s.Rosters().Update(ctx, early, 1, ch("adopted before deciding"))
	requireKind(t, err, wijk.ErrInvalid)

	// The decision must adopt this roster as it is: one that adopts no
	// plan, another roster, or this roster before it was revised is
	// refused, and so is one a member took alone by the advice process.
	refused := func(decision wijk.ID, kind error, revise bool) {
		t.Helper()
		x, err := planning.RestoreRoster(madeUp)
		require.NoError(t, err)
		if revise {
			p := x.Params()
			p.Pins = []roster.Assignment{{Employee: string(wd.members[0]), Day: 4, Shift: "E"}}
			w.must(x.Revise(p, x.Assignments()))
		}
		w.must(x.Adopt(decision, w.tick()))
		_, err = s.Rosters().Update(ctx, x, 1, ch("adopted"))
		requireKind(t, err, kind)
	}
	breakfast := logDecision(t, s, w, wd, "Shared breakfast", nil)
	refused(breakfast.ID, wijk.ErrInvalid, false)
	another := logDecision(t, s, w, wd, "Another roster", adoptsRoster(w.newRoster(wd)))
	refused(another.ID, wijk.ErrInvalid, false)
	refused(d.ID, wijk.ErrConflict, true)
	alone := logAdvice(t, s, w, wd, "My roster", adoptsRoster(r))
	refused(alone.ID, wijk.ErrConflict, false)
	// A decision the team has since revisited adopts nothing.
	firstTake := logDecision(t, s, w, wd, "Our roster, first take", adoptsRoster(r))
	rp, err := consensus.NewProposal(consensus.ProposalParams{
		ID: w.id(), Team: wd.team.ID(), Owner: wd.members[0], Title: "Our roster, second take",
		Text: "Adopt it after all.", Reason: "We talked again.", Payload: adoptsRoster(r),
		Revisits: firstTake.ID, CreatedAt: w.tick(),
	})
	w.must(err)
	w.adopt(rp, wd)
	_, err = s.Proposals().Create(ctx, rp, ch("proposed the second take"))
	require.NoError(t, err)
	require.NoError(t, s.DecisionLog().Append(ctx, w.decide(rp), ch("decided the second take")))
	refused(firstTake.ID, wijk.ErrConflict, false)
	// A roster's decision does not adopt a visit plan.
	dp2 := w.newDayPlan(wd, week)
	_, err = s.DayPlans().Create(ctx, dp2, ch("proposed"))
	require.NoError(t, err)
	w.must(dp2.Adopt(d.ID, w.tick()))
	_, err = s.DayPlans().Update(ctx, dp2, 1, ch("adopted by the roster's decision"))
	requireKind(t, err, wijk.ErrInvalid)
	_, v, err = s.Rosters().Get(ctx, r.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v, "no refused adoption was written")

	// The team's own decision: adopted.
	w.must(back.Adopt(d.ID, w.tick()))
	_, err = s.Rosters().Update(ctx, back, 1, ch("adopted"))
	require.NoError(t, err)
}

// Stale writes, a second adopted roster for the same days, and changes
// to an adopted or superseded plan are conflicts; nothing is written.
func testPlanConflicts(t *testing.T, s storage.Store) {
	w := newWorld(t, 33)
	wd := w.newTeam("Noord", 4)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	a := w.newRoster(wd)
	_, err = s.Rosters().Create(ctx, a, ch("proposed"))
	require.NoError(t, err)
	_, err = s.Rosters().Create(ctx, a, ch("again"))
	requireKind(t, err, wijk.ErrConflict)

	// Two planners revise the same proposal: the second write is stale.
	x, _, err := s.Rosters().Get(ctx, a.ID())
	require.NoError(t, err)
	y, _, err := s.Rosters().Get(ctx, a.ID())
	require.NoError(t, err)
	p := x.Params()
	p.Pins = []roster.Assignment{{Employee: string(wd.members[0]), Day: 0, Shift: "E"}}
	w.must(x.Revise(p, x.Assignments()))
	_, err = s.Rosters().Update(ctx, x, 1, ch("pinned Monday"))
	require.NoError(t, err)
	_, err = s.Rosters().Update(ctx, y, 1, ch("stale"))
	requireKind(t, err, wijk.ErrConflict)

	// Adopt a; a second roster of overlapping days cannot be adopted too.
	d := logDecision(t, s, w, wd, "Roster", adoptsRoster(x))
	w.must(x.Adopt(d.ID, w.tick()))
	_, err = s.Rosters().Update(ctx, x, 2, ch("adopted"))
	require.NoError(t, err)
	b := w.newRoster(wd)
	_, err = s.Rosters().Create(ctx, b, ch("proposed"))
	require.NoError(t, err)
	d2 := logDecision(t, s, w, wd, "Other roster", adoptsRoster(b))
	w.must(b.Adopt(d2.ID, w.tick()))
	_, err = s.Rosters().Update(ctx, b, 1, ch("adopted as well"))
	requireKind(t, err, wijk.ErrConflict)

	// An adopted roster is not changed, not even by a stale copy of its
	// proposal; only superseded.
	_, err = s.Rosters().Update(ctx, y, 3, ch("back to the proposal"))
	requireKind(t, err, wijk.ErrConflict)
	ad, v, err := s.Rosters().Get(ctx, a.ID())
	require.NoError(t, err)
	w.must(ad.Supersede(b.ID(), w.tick()))
	_, err = s.Rosters().Update(ctx, ad, v, ch("superseded"))
	require.NoError(t, err)
	_, err = s.Rosters().Update(ctx, ad, v+1, ch("superseded again"))
	requireKind(t, err, wijk.ErrConflict)

	// With a superseded, b is adopted.
	_, err = s.Rosters().Update(ctx, b, 1, ch("adopted"))
	require.NoError(t, err)
	got, _, err := s.Rosters().Adopted(ctx, wd.team.ID(), week)
	require.NoError(t, err)
	require.Equal(t, b.ID(), got.ID())
}

// Bad input is refused with wijk.ErrInvalid (or ErrNotFound for what is
// not stored) and never stored.
func testPlanBadWrites(t *testing.T, s storage.Store) {
	w := newWorld(t, 34)
	wd := w.newTeam("Noord", 4)
	other := w.newTeam("Zuid", 3)
	_, err := s.Rosters().Create(ctx, w.newRoster(wd), ch("team not stored"))
	requireKind(t, err, wijk.ErrNotFound)
	for _, x := range []ward{wd, other} {
		_, err := s.Teams().Create(ctx, x.team, ch("founded"))
		require.NoError(t, err)
	}
	before := auditCount(t, s)
	_, err = s.Rosters().Create(ctx, nil, ch("nil"))
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.DayPlans().Create(ctx, nil, ch("nil"))
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.Rosters().Create(ctx, &planning.Roster{}, ch("zero"))
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.DayPlans().Create(ctx, &planning.DayPlan{}, ch("zero"))
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.Rosters().Create(ctx, w.newRoster(wd), storage.Change{Summary: "no actor"})
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.Rosters().Update(ctx, w.newRoster(wd), 0, ch("no version"))
	requireKind(t, err, wijk.ErrInvalid)
	require.Equal(t, before, auditCount(t, s), "nothing refused was written")

	// Superseded by a roster that is not stored, or by another team's.
	r := w.newRoster(wd)
	_, err = s.Rosters().Create(ctx, r, ch("proposed"))
	require.NoError(t, err)
	before = auditCount(t, s)
	ghost, err := planning.RestoreRoster(r.Snapshot())
	require.NoError(t, err)
	w.must(ghost.Supersede(w.id(), w.tick()))
	_, err = s.Rosters().Update(ctx, ghost, 1, ch("superseded by nothing"))
	requireKind(t, err, wijk.ErrNotFound)
	theirs := w.newRoster(other)
	_, err = s.Rosters().Create(ctx, theirs, ch("their proposal"))
	require.NoError(t, err)
	before++
	borrowed, err := planning.RestoreRoster(r.Snapshot())
	require.NoError(t, err)
	w.must(borrowed.Supersede(theirs.ID(), w.tick()))
	_, err = s.Rosters().Update(ctx, borrowed, 1, ch("superseded by theirs"))
	requireKind(t, err, wijk.ErrInvalid)

	// An update that moves the roster to another team or period.
	moved := r.Snapshot()
	moved.Team = other.team.ID()
	m, err := planning.RestoreRoster(moved)
	require.NoError(t, err)
	_, err = s.Rosters().Update(ctx, m, 1, ch("moved"))
	requireKind(t, err, wijk.ErrInvalid)
	later := r.Snapshot()
	later.Start = week.AddDays(7)
	m, err = planning.RestoreRoster(later)
	require.NoError(t, err)
	_, err = s.Rosters().Update(ctx, m, 1, ch("next week"))
	requireKind(t, err, wijk.ErrInvalid)

	// Queries with bad input.
	_, err = s.Rosters().ListByTeam(ctx, "not an id", week, week)
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.Rosters().ListByTeam(ctx, wd.team.ID(), wijk.Date{}, week)
	requireKind(t, err, wijk.ErrInvalid)
	_, _, err = s.Rosters().Adopted(ctx, wd.team.ID(), wijk.Date{})
	requireKind(t, err, wijk.ErrInvalid)
	_, err = s.DayPlans().ListByTeam(ctx, wd.team.ID(), wijk.Date{})
	requireKind(t, err, wijk.ErrInvalid)
	_, _, err = s.DayPlans().Adopted(ctx, "x", week)
	requireKind(t, err, wijk.ErrInvalid)
	_, _, err = s.DayPlans().Get(ctx, w.id())
	requireKind(t, err, wijk.ErrNotFound)

	back, v, err := s.Rosters().Get(ctx, r.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	diff(t, r.Snapshot(), back.Snapshot())
	require.Equal(t, before, auditCount(t, s), "no refused write leaves an audit line")
}

// dayProblem is a morning of three visits by the team's first two
// members, leaving from the office; visit a3 is pinned to the first.
func dayProblem(wd ward) visit.ProblemParams {
	n1, n2 := string(wd.members[0]), string(wd.members[1])
	start := 9*60 + 30.5
	return visit.ProblemParams{
		Locations: []visit.LocationParams{{ID: "office"}, {ID: "home-1", X: 3, Y: 4}, {ID: "home-2", X: 6, Y: 8}, {ID: "home-3", X: 0.25, Y: 1.5}},
		Speed:     0.5,
		Nurses: []visit.NurseParams{
			{ID: n1, Level: wd.team.Members()[0].Level, Abilities: []string{"wound care"}, ShiftStart: 7 * 60, ShiftEnd: 12 * 60, Start: "office"},
			{ID: n2, Level: wd.team.Members()[1].Level, ShiftStart: 7 * 60, ShiftEnd: 12 * 60, Start: "office"},
		},
		Visits: []visit.VisitParams{
			{ID: "a1", Client: "c1", Location: "home-1", Open: 8 * 60, Close: 9 * 60, Duration: 30},
			{ID: "a2", Client: "c2", Location: "home-2", Open: 8 * 60, Close: 10 * 60, Duration: 20.5, Ability: "wound care"},
			{ID: "a3", Client: "c3", Location: "home-3", Open: 9 * 60, Close: 11 * 60, Duration: 15, Nurse: n1, Start: &start},
		},
		Clients:   []visit.ClientParams{{ID: "c1", Known: []string{n2}}},
		Objective: visit.DefaultObjective(),
	}
}

// newDayPlan makes a proposed visit plan of the team for day.
func (w *world) newDayPlan(wd ward, day wijk.Date) *planning.DayPlan {
	w.t.Helper()
	n1, n2 := string(wd.members[0]), string(wd.members[1])
	d, err := planning.NewDayPlan(planning.DayPlanParams{
		ID: w.id(), Team: wd.team.ID(), Day: day, Problem: dayProblem(wd), CreatedAt: w.tick(),
		Plan: visit.Plan{Routes: []visit.Route{{Nurse: n1, Visits: []string{"a2", "a3"}}, {Nurse: n2, Visits: []string{"a1"}}}},
	})
	w.must(err)
	return d
}

// The story of a day: a visit plan proposed and adopted; the second nurse
// goes home ill, and a re-plan that gives her visit to the first
// supersedes it. Plans of other days are not touched.
func testDayPlanLifecycle(t *testing.T, s storage.Store) {
	w := newWorld(t, 35)
	wd := w.newTeam("Noord", 4)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	day := week.AddDays(2)
	p := w.newDayPlan(wd, day)
	_, err = s.DayPlans().Create(ctx, p, ch("proposed"))
	require.NoError(t, err)
	tomorrow := w.newDayPlan(wd, day.AddDays(1))
	_, err = s.DayPlans().Create(ctx, tomorrow, ch("proposed tomorrow"))
	require.NoError(t, err)
	got, v, err := s.DayPlans().Get(ctx, p.ID())
	require.NoError(t, err)
	require.Equal(t, storage.Version(1), v)
	diff(t, p.Snapshot(), got.Snapshot())
	diff(t, p.Params(), got.Params())
	diff(t, p.Plan(), got.Plan())

	d1 := logDecision(t, s, w, wd, "Wednesday's visits", adoptsDay(got))
	w.must(got.Adopt(d1.ID, w.tick()))
	_, err = s.DayPlans().Update(ctx, got, 1, ch("adopted"))
	require.NoError(t, err)

	// The second nurse goes home ill at ten: a re-plan excludes her.
	n1, n2 := string(wd.members[0]), string(wd.members[1])
	params := got.Params()
	now := 10.0 * 60
	params.Now = &now
	for i := range params.Visits {
		params.Visits[i].Excluded = []string{n2}
	}
	re, err := planning.NewDayPlan(planning.DayPlanParams{
		ID: w.id(), Team: wd.team.ID(), Day: day, Problem: params, CreatedAt: w.tick(),
		Plan: visit.Plan{Routes: []visit.Route{{Nurse: n1, Visits: []string{"a1", "a2", "a3"}}}},
	})
	require.NoError(t, err)
	d2 := logDecision(t, s, w, wd, "Re-plan of Wednesday", adoptsDay(re))
	err = s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := tx.DayPlans().Create(ctx, re, ch("re-planned: Bas went home ill")); err != nil {
			return err
		}
		if err := got.Supersede(re.ID(), w.tick()); err != nil {
			return err
		}
		if _, err := tx.DayPlans().Update(ctx, got, 2, ch("superseded")); err != nil {
			return err
		}
		if err := re.Adopt(d2.ID, w.tick()); err != nil {
			return err
		}
		_, err := tx.DayPlans().Update(ctx, re, 1, ch("adopted the re-plan"))
		return err
	})
	require.NoError(t, err)

	adopted, v, err := s.DayPlans().Adopted(ctx, wd.team.ID(), day)
	require.NoError(t, err)
	require.Equal(t, storage.Version(2), v)
	diff(t, re.Snapshot(), adopted.Snapshot())
	_, _, err = s.DayPlans().Adopted(ctx, wd.team.ID(), day.AddDays(1))
	requireKind(t, err, wijk.ErrNotFound)
	list, err := s.DayPlans().ListByTeam(ctx, wd.team.ID(), day)
	require.NoError(t, err)
	diff(t, []planning.DayPlanSnapshot{got.Snapshot(), re.Snapshot()}, snapshots(list, dayPlanSnap))

	// A plan of another day cannot supersede this one.
	wrong, err := planning.RestoreDayPlan(tomorrow.Snapshot())
	require.NoError(t, err)
	w.must(wrong.Supersede(re.ID(), w.tick()))
	_, err = s.DayPlans().Update(ctx, wrong, 1, ch("superseded by another day's plan"))
	requireKind(t, err, wijk.ErrInvalid)

	audit, err := s.Audit(ctx, storage.AuditQuery{Entity: storage.EntityDayPlan})
	require.NoError(t, err)
	require.Len(t, audit, 6)
}

// Plans written in a transaction that fails are not stored, and neither
// are their audit lines.
func testPlanTxRollback(t *testing.T, s storage.Store) {
	w := newWorld(t, 36)
	wd := w.newTeam("Noord", 4)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	before := auditCount(t, s)
	r, p := w.newRoster(wd), w.newDayPlan(wd, week)
	boom := errors.New("boom")
	err = s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := tx.Rosters().Create(ctx, r, ch("proposed")); err != nil {
			return err
		}
		if _, err := tx.DayPlans().Create(ctx, p, ch("proposed")); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, _, err = s.Rosters().Get(ctx, r.ID())
	requireKind(t, err, wijk.ErrNotFound)
	_, _, err = s.DayPlans().Get(ctx, p.ID())
	requireKind(t, err, wijk.ErrNotFound)
	require.Equal(t, before, auditCount(t, s))
}

// Two writers adopting two rosters of the same days at once: one wins,
// the other is refused as a conflict, and the team never has two adopted
// rosters for a day. The first writer adopts its roster and, before it
// commits, waits (up to a second) for the second writer's adoption to
// return. A store that looked for another adopted roster without holding
// the team's lock would let the second write through in that time, and
// both would commit; a store that locks the team keeps the second writer
// waiting until the first commits, and then refuses it.
func testPlanAdoptionRace(t *testing.T, s storage.Store) {
	w := newWorld(t, 37)
	wd := w.newTeam("Noord", 4)
	_, err := s.Teams().Create(ctx, wd.team, ch("founded"))
	require.NoError(t, err)
	rs := make([]*planning.Roster, 2)
	for i := range rs {
		rs[i] = w.newRoster(wd)
		_, err := s.Rosters().Create(ctx, rs[i], ch("proposed"))
		require.NoError(t, err)
		d := logDecision(t, s, w, wd, "Roster", adoptsRoster(rs[i]))
		w.must(rs[i].Adopt(d.ID, w.tick()))
	}
	var errs [2]error
	firstWrote, secondDone := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		errs[0] = s.InTx(ctx, func(ctx context.Context, tx storage.Store) error {
			_, err := tx.Rosters().Update(ctx, rs[0], 1, ch("adopted"))
			close(firstWrote)
			if err != nil {
				return err
			}
			select {
			case <-secondDone:
			case <-time.After(time.Second):
			}
			return nil
		})
	})
	wg.Go(func() {
		defer close(secondDone)
		<-firstWrote
		_, errs[1] = s.Rosters().Update(ctx, rs[1], 1, ch("adopted"))
	})
	wg.Wait()
	require.NoError(t, errs[0], "the first adoption lands")
	requireKind(t, errs[1], wijk.ErrConflict)
	list, err := s.Rosters().ListByTeam(ctx, wd.team.ID(), week, week)
	require.NoError(t, err)
	adopted := 0
	for _, r := range list {
		if r.Status() == planning.Adopted {
			adopted++
		}
	}
	require.Equal(t, 1, adopted)
}
