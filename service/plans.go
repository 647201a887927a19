package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
	"github.com/wijkzorg/wijk/roster/visit"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
)

// plan is what a roster and a visit plan share for the use cases here.
type plan interface {
	ID() wijk.ID
	Team() wijk.ID
	Status() planning.Status
	Adopt(decision wijk.ID, at time.Time) error
	Supersede(by wijk.ID, at time.Time) error
}

// planKind is how the use cases keep one kind of plan: its repository in
// a store, how to copy one, how to name it, and which clients it names.
type planKind[P plan] struct {
	entity string // the audit log's entity, also the name in errors
	get    func(context.Context, storage.Store, wijk.ID) (P, storage.Version, error)
	create func(context.Context, storage.Store, P, storage.Change) (storage.Version, error)
	update func(context.Context, storage.Store, P, storage.Version, storage.Change) (storage.Version, error)
	clone  func(P) (P, error)
	what   func(P) string
	// clients are the clients a plan names, for the access log; nil for
	// a kind that names none.
	clients func(P) []wijk.ID
	// people checks the plan against the stored facts of its team: that
	// the people it plans work in the team, and the clients it visits are
	// in the team's care.
	people func(context.Context, storage.Store, P) error
}

var rosterKind = planKind[*planning.Roster]{
	entity: storage.EntityRoster,
	get: func(ctx context.Context, st storage.Store, id wijk.ID) (*planning.Roster, storage.Version, error) {
		return st.Rosters().Get(ctx, id)
	},
	create: func(ctx context.Context, st storage.Store, r *planning.Roster, ch storage.Change) (storage.Version, error) {
		return st.Rosters().Create(ctx, r, ch)
	},
	update: func(ctx context.Context, st storage.Store, r *planning.Roster, v storage.Version, ch storage.Change) (storage.Version, error) {
		return st.Rosters().Update(ctx, r, v, ch)
	},
	clone:  func(r *planning.Roster) (*planning.Roster, error) { return planning.RestoreRoster(r.Snapshot()) },
	what:   func(r *planning.Roster) string { return fmt.Sprintf("the roster of %s to %s", r.Start(), r.End()) },
	people: rosterPeople,
}

// rosterPeople checks that everyone a roster plans is a member of its team
// on some day of its period, as the stored team says.
func rosterPeople(ctx context.Context, tx storage.Store, r *planning.Roster) error {
	tm, _, err := tx.Teams().Get(ctx, r.Team())
	if err != nil {
		return err
	}
	for i, e := range r.Params().Employees {
		m, ok := tm.Member(wijk.ID(e.ID))
		if !ok || m.Start.After(r.End()) || !m.End.IsZero() && m.End.Before(r.Start()) {
			return wijk.Invalid(fmt.Sprintf("roster.problem.employees[%d].id", i), "must be a member of team %s during %s to %s, got %q", r.Team(), r.Start(), r.End(), e.ID)
		}
	}
	return nil
}

// dayPlanPeople checks that every nurse a visit plan plans is a member of
// its team on the day, and every client it visits is in the team's care,
// as the store says.
func dayPlanPeople(ctx context.Context, tx storage.Store, d *planning.DayPlan) error {
	tm, _, err := tx.Teams().Get(ctx, d.Team())
	if err != nil {
		return err
	}
	for i, n := range d.Params().Nurses {
		if m, ok := tm.Member(wijk.ID(n.ID)); !ok || !m.On(d.Day()) {
			return wijk.Invalid(fmt.Sprintf("visit plan.problem.nurses[%d].id", i), "must be a member of team %s on %s, got %q", d.Team(), d.Day(), n.ID)
		}
	}
	for _, c := range dayPlanClients(d) {
		placed, err := tx.Clients().TeamOf(ctx, c)
		if err != nil && !errors.Is(err, wijk.ErrNotFound) {
			return err
		}
		if placed != d.Team() {
			return wijk.Invalid("visit plan.problem.visits", "must visit clients in the care of team %s; client %s is not", d.Team(), c)
		}
	}
	return nil
}

var dayPlanKind = planKind[*planning.DayPlan]{
	entity: storage.EntityDayPlan,
	get: func(ctx context.Context, st storage.Store, id wijk.ID) (*planning.DayPlan, storage.Version, error) {
		return st.DayPlans().Get(ctx, id)
	},
	create: func(ctx context.Context, st storage.Store, d *planning.DayPlan, ch storage.Change) (storage.Version, error) {
		return st.DayPlans().Create(ctx, d, ch)
	},
	update: func(ctx context.Context, st storage.Store, d *planning.DayPlan, v storage.Version, ch storage.Change) (storage.Version, error) {
		return st.DayPlans().Update(ctx, d, v, ch)
	},
	clone:   func(d *planning.DayPlan) (*planning.DayPlan, error) { return planning.RestoreDayPlan(d.Snapshot()) },
	what:    func(d *planning.DayPlan) string { return "the visit plan of " + d.Day().String() },
	clients: dayPlanClients,
	people:  dayPlanPeople,
}

// dayPlanClients returns the clients a visit plan's visits name, sorted,
// each once.
func dayPlanClients(d *planning.DayPlan) []wijk.ID {
	var out []wijk.ID
	for _, v := range d.Params().Visits {
		if c := wijk.ID(v.Client); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// mustBeProposed refuses a new plan that is not proposed: a plan enters
// the store as a proposal, and only a team decision adopts it.
func mustBeProposed[P plan](k planKind[P], p P, isNil bool) error {
	if isNil {
		return wijk.Invalid(k.entity, "is required")
	}
	if p.Status() != planning.Proposed {
		return wijk.Invalid(k.entity+".status", "must be proposed, got %s: a plan is stored as a proposal and adopted by a team decision", p.Status())
	}
	return p.Team().Validate(k.entity + ".team")
}

// wrote records, in the write's transaction, one access entry per client
// a written plan names (a visit plan says who is visited where and when):
// access is create or update, a the action the policy allowed on the team
// view tv.
func (k planKind[P]) wrote(ctx context.Context, s *Session, tv teamView, a policy.Action, p P, access storage.AccessAction) error {
	if k.clients == nil {
		return nil
	}
	clients := k.clients(p)
	if len(clients) == 0 {
		return nil
	}
	at := s.now()
	f := s.withPurpose(tv.facts())
	d := policy.Decide(a, f)
	es := make([]storage.AccessEntry, len(clients))
	for i, c := range clients {
		es[i] = s.accessEntry(at, a, f, d, subject{team: p.Team(), client: c, entity: k.entity, entityID: p.ID(), access: access})
	}
	return s.record(ctx, es...)
}

// about is the subject of a request about plan p.
func (k planKind[P]) about(p P) subject {
	return subject{team: p.Team(), entity: k.entity, entityID: p.ID()}
}

// proposePlan stores p as a proposal of its team, for an active member of
// that team (rule plan-team).
func proposePlan[P plan](ctx context.Context, s *Session, k planKind[P], p P) error {
	return s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		tv, err := s.authorise(ctx, tx, policy.ProposePlan, k.about(p), nil, nil)
		if err != nil {
			return err
		}
		if err := k.people(ctx, tx, p); err != nil {
			return err
		}
		if err := freshID(ctx, tx, k.entity+".id", p.ID()); err != nil {
			return err
		}
		if _, err := k.create(ctx, tx, p, s.change("proposed "+k.what(p))); err != nil {
			return err
		}
		return k.wrote(ctx, s, tv, policy.ProposePlan, p, storage.AccessCreate)
	})
}

// revisePlan lets edit change the stored proposal id, for an active member
// of its team (rule plan-team).
func revisePlan[P plan](ctx context.Context, s *Session, k planKind[P], id wijk.ID, edit func(P) error) (P, error) {
	var out P
	if err := id.Validate("id"); err != nil {
		return out, err
	}
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		p, v, err := k.get(ctx, tx, id)
		if err != nil {
			return err
		}
		tv, err := s.authorise(ctx, tx, policy.ProposePlan, k.about(p), nil, nil)
		if err != nil {
			return err
		}
		if err := edit(p); err != nil {
			return err
		}
		if err := k.people(ctx, tx, p); err != nil {
			return err
		}
		if _, err := k.update(ctx, tx, p, v, s.change("revised "+k.what(p))); err != nil {
			return err
		}
		out = p
		return k.wrote(ctx, s, tv, policy.ProposePlan, p, storage.AccessUpdate)
	})
	return out, err
}

// adoptPlan adopts the stored proposal id by decision, for an active member
// who takes part in the team's decisions (rule plan-adopt).
func adoptPlan[P plan](ctx context.Context, s *Session, k planKind[P], id, decision wijk.ID) (P, error) {
	var out P
	if err := id.Validate("id"); err != nil {
		return out, err
	}
	if err := decision.Validate("decision"); err != nil {
		return out, err
	}
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		p, v, err := k.get(ctx, tx, id)
		if err != nil {
			return err
		}
		tv, err := s.authorise(ctx, tx, policy.AdoptPlan, k.about(p), nil, nil)
		if err != nil {
			return err
		}
		d, err := teamDecision(ctx, tx, p.Team(), decision)
		if err != nil {
			return err
		}
		if err := p.Adopt(decision, s.now()); err != nil {
			return err
		}
		if _, err := k.update(ctx, tx, p, v, s.change(fmt.Sprintf("adopted %s by decision %q", k.what(p), d.Title))); err != nil {
			return err
		}
		out = p
		return k.wrote(ctx, s, tv, policy.AdoptPlan, p, storage.AccessUpdate)
	})
	return out, err
}

// replan stores p as a new proposal, supersedes the stored plan oldID by
// it and, when decision is set, adopts p by that decision: all in one
// transaction, so that the team is never left with both plans adopted, or
// with neither when it decided on the new one. An adopted plan is
// superseded only by a re-plan the team adopts: without a decision the
// re-plan of an adopted plan is refused (wijk.ErrConflict), so that no
// one member undoes the team's decision.
func replan[P plan](ctx context.Context, s *Session, k planKind[P], oldID wijk.ID, p P, decision wijk.ID) (P, error) {
	var out P
	if err := oldID.Validate("old"); err != nil {
		return out, err
	}
	if decision != "" {
		if err := decision.Validate("decision"); err != nil {
			return out, err
		}
	}
	nu, err := k.clone(p)
	if err != nil {
		return out, err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		tv, err := s.authorise(ctx, tx, policy.ProposePlan, k.about(nu), nil, nil)
		if err != nil {
			return err
		}
		old, ov, err := k.get(ctx, tx, oldID)
		if err != nil {
			return err
		}
		if old.Team() != nu.Team() {
			return wijk.Invalid(k.entity+".team", "must be the team of the plan it re-plans (%s), got %s", old.Team(), nu.Team())
		}
		if err := k.people(ctx, tx, nu); err != nil {
			return err
		}
		if old.Status() == planning.Adopted && decision == "" {
			// Only the team undoes what the team decided.
			return wijk.Conflictf("%s %s is adopted by the team: a re-plan replaces it only by the team's decision; give the decision, or propose the re-plan and adopt it by one", k.entity, oldID)
		}
		var d consensus.Decision
		if decision != "" {
			if _, err := s.authorise(ctx, tx, policy.AdoptPlan, k.about(nu), nil, nil); err != nil {
				return err
			}
			if d, err = teamDecision(ctx, tx, nu.Team(), decision); err != nil {
				return err
			}
		}
		if err := freshID(ctx, tx, k.entity+".id", nu.ID()); err != nil {
			return err
		}
		if _, err := k.create(ctx, tx, nu, s.change("re-planned: proposed "+k.what(nu))); err != nil {
			return err
		}
		if err := k.wrote(ctx, s, tv, policy.ProposePlan, nu, storage.AccessCreate); err != nil {
			return err
		}
		// Supersede the old plan first: the store allows one adopted plan
		// of a team for a day, and the old one may be it.
		now := s.now()
		if err := old.Supersede(nu.ID(), now); err != nil {
			return err
		}
		if _, err := k.update(ctx, tx, old, ov, s.change("superseded by a re-plan: "+k.what(old))); err != nil {
			return err
		}
		if err := k.wrote(ctx, s, tv, policy.ProposePlan, old, storage.AccessUpdate); err != nil {
			return err
		}
		if decision != "" {
			if err := nu.Adopt(decision, now); err != nil {
				return err
			}
			if _, err := k.update(ctx, tx, nu, 1, s.change(fmt.Sprintf("adopted the re-plan by decision %q", d.Title))); err != nil {
				return err
			}
			if err := k.wrote(ctx, s, tv, policy.AdoptPlan, nu, storage.AccessUpdate); err != nil {
				return err
			}
		}
		out = nu
		return nil
	})
	return out, err
}

// teamDecision returns the decision id from the team's own decision log,
// as one that may adopt a plan: in force (not superseded by a later
// decision) and taken by the whole team, not by one member under the
// advice process. The store checks again that the decision is in the log.
func teamDecision(ctx context.Context, tx storage.Store, teamID, id wijk.ID) (consensus.Decision, error) {
	log, err := tx.DecisionLog().Log(ctx, teamID)
	if err != nil {
		return consensus.Decision{}, err
	}
	d, err := log.Get(id)
	if errors.Is(err, wijk.ErrNotFound) {
		return consensus.Decision{}, wijk.NotFoundf("decision %s is not in the decision log of team %s: a plan is adopted only by a decision the team took and logged", id, teamID)
	}
	if err != nil {
		return consensus.Decision{}, err
	}
	if by, ok := log.SupersededBy(id); ok {
		return consensus.Decision{}, wijk.Conflictf("decision %s (%s) was superseded by decision %s: adopt a plan by the decision in force", d.ID, d.Title, by)
	}
	if d.Rule == (consensus.AdviceProcessRule{}).Name() {
		return consensus.Decision{}, wijk.Conflictf("decision %s (%s) was taken by the advice process: a plan the whole team works to needs the whole team's decision", d.ID, d.Title)
	}
	return d, nil
}

// ProposeRoster stores r, a proposed roster, for its team: for an active
// member of that team (rule plan-team). A roster that is not proposed is
// refused (wijk.ErrInvalid): only a team decision adopts one
// (AdoptRoster).
func (s *Session) ProposeRoster(ctx context.Context, r *planning.Roster) error {
	if err := mustBeProposed(rosterKind, r, r == nil); err != nil {
		return err
	}
	return proposePlan(ctx, s, rosterKind, r)
}

// ReviseRoster replaces the problem and the assignments of the proposed
// roster id (see planning.Roster.Revise): for an active member of its team
// (rule plan-team). An adopted or superseded roster is not changed
// (wijk.ErrConflict): re-plan it with ReplanRoster.
func (s *Session) ReviseRoster(ctx context.Context, id wijk.ID, params roster.ProblemParams, as []roster.Assignment) (*planning.Roster, error) {
	return revisePlan(ctx, s, rosterKind, id, func(r *planning.Roster) error { return r.Revise(params, as) })
}

// AdoptRoster adopts the proposed roster id by decision, an entry of the
// team's decision log: for an active member who takes part in the team's
// decisions (rule plan-adopt). A decision that is not in the team's log
// (made up, or another team's) is wijk.ErrNotFound; one that was
// superseded, or taken by the advice process, is wijk.ErrConflict; so is
// a second adopted roster for the same days (re-plan instead). The
// decision's payload must adopt this roster as it is now
// (consensus.AdoptRoster with its ID and digest, see
// planning.Roster.Digest): a decision about something else or another
// plan is wijk.ErrInvalid, and one taken before the roster was revised is
// wijk.ErrConflict.
func (s *Session) AdoptRoster(ctx context.Context, id, decision wijk.ID) (*planning.Roster, error) {
	return adoptPlan(ctx, s, rosterKind, id, decision)
}

// ReplanRoster stores r, a proposed roster of the same team, and has it
// supersede the stored roster oldID (proposed or adopted), in one
// transaction; with decision set, it adopts r by that decision in the same
// transaction (as AdoptRoster checks it). An adopted roster is replaced
// only with a decision (wijk.ErrConflict without one). It needs rule
// plan-team, and plan-adopt when it adopts. Nothing is stored when any
// step fails. It returns the roster as stored, a copy: r itself is not
// changed.
func (s *Session) ReplanRoster(ctx context.Context, oldID wijk.ID, r *planning.Roster, decision wijk.ID) (*planning.Roster, error) {
	if err := mustBeProposed(rosterKind, r, r == nil); err != nil {
		return nil, err
	}
	return replan(ctx, s, rosterKind, oldID, r, decision)
}

// ProposeDayPlan stores d, a proposed visit plan, for its team: for an
// active member of that team (rule plan-team). A plan that is not
// proposed is refused (wijk.ErrInvalid). The access log records the write
// once for each client the plan names.
func (s *Session) ProposeDayPlan(ctx context.Context, d *planning.DayPlan) error {
	if err := mustBeProposed(dayPlanKind, d, d == nil); err != nil {
		return err
	}
	return proposePlan(ctx, s, dayPlanKind, d)
}

// ReviseDayPlan replaces the problem and the routes of the proposed visit
// plan id (see planning.DayPlan.Revise): for an active member of its team
// (rule plan-team).
func (s *Session) ReviseDayPlan(ctx context.Context, id wijk.ID, params visit.ProblemParams, p visit.Plan) (*planning.DayPlan, error) {
	return revisePlan(ctx, s, dayPlanKind, id, func(d *planning.DayPlan) error { return d.Revise(params, p) })
}

// AdoptDayPlan adopts the proposed visit plan id by decision, as
// AdoptRoster adopts a roster (rule plan-adopt).
func (s *Session) AdoptDayPlan(ctx context.Context, id, decision wijk.ID) (*planning.DayPlan, error) {
	return adoptPlan(ctx, s, dayPlanKind, id, decision)
}

// ReplanDay stores d, a proposed visit plan of the same team and day, and
// has it supersede the stored plan oldID, adopting d by decision when set,
// all in one transaction, as ReplanRoster does for a roster: say when a
// nurse falls ill during the day.
func (s *Session) ReplanDay(ctx context.Context, oldID wijk.ID, d *planning.DayPlan, decision wijk.ID) (*planning.DayPlan, error) {
	if err := mustBeProposed(dayPlanKind, d, d == nil); err != nil {
		return nil, err
	}
	return replan(ctx, s, dayPlanKind, oldID, d, decision)
}

// Roster returns a stored roster: for its team's members and coach (rule
// roster-read).
func (s *Session) Roster(ctx context.Context, id wijk.ID) (*planning.Roster, error) {
	if err := id.Validate("id"); err != nil {
		return nil, err
	}
	r, _, err := s.svc.store.Rosters().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadRosters, rosterKind.about(r), nil, nil); err != nil {
		return nil, err
	}
	return r, nil
}

// Rosters returns the team's rosters, in every status, whose period
// overlaps the days from–to, sorted by first day: for the team's members
// and coach (rule roster-read).
func (s *Session) Rosters(ctx context.Context, teamID wijk.ID, from, to wijk.Date) ([]*planning.Roster, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadRosters, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.Rosters().ListByTeam(ctx, teamID, from, to)
}

// AdoptedRoster returns the team's adopted roster that covers day, or
// wijk.ErrNotFound: for the team's members and coach (rule roster-read).
func (s *Session) AdoptedRoster(ctx context.Context, teamID wijk.ID, day wijk.Date) (*planning.Roster, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadRosters, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
		return nil, err
	}
	r, _, err := s.svc.store.Rosters().Adopted(ctx, teamID, day)
	return r, err
}

// DayPlan returns a stored visit plan. A visit plan names the clients
// visited, where and when, so it is read as the team's caseload: for its
// team's active members (rule dossier-team; a coach and the back office
// are refused), with one access-log entry per client it names.
func (s *Session) DayPlan(ctx context.Context, id wijk.ID) (*planning.DayPlan, error) {
	if err := id.Validate("id"); err != nil {
		return nil, err
	}
	d, _, err := s.svc.store.DayPlans().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	out, err := s.readDayPlans(ctx, d.Team(), dayPlanKind.about(d), func() ([]*planning.DayPlan, error) { return []*planning.DayPlan{d}, nil })
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// DayPlans returns the team's visit plans for day, in every status, oldest
// first: read as the team's caseload (see DayPlan).
func (s *Session) DayPlans(ctx context.Context, teamID wijk.ID, day wijk.Date) ([]*planning.DayPlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	return s.readDayPlans(ctx, teamID, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, func() ([]*planning.DayPlan, error) {
		return s.svc.store.DayPlans().ListByTeam(ctx, teamID, day)
	})
}

// AdoptedDayPlan returns the team's adopted visit plan for day, or
// wijk.ErrNotFound: read as the team's caseload (see DayPlan).
func (s *Session) AdoptedDayPlan(ctx context.Context, teamID wijk.ID, day wijk.Date) (*planning.DayPlan, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	out, err := s.readDayPlans(ctx, teamID, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, func() ([]*planning.DayPlan, error) {
		d, _, err := s.svc.store.DayPlans().Adopted(ctx, teamID, day)
		if err != nil {
			return nil, err
		}
		return []*planning.DayPlan{d}, nil
	})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// readDayPlans authorises a caseload read of team teamID, reads the plans
// and records one read entry per plan and client it names before handing
// them out, as a read of the team's clients is recorded.
func (s *Session) readDayPlans(ctx context.Context, teamID wijk.ID, about subject, read func() ([]*planning.DayPlan, error)) ([]*planning.DayPlan, error) {
	tv, err := s.authorise(ctx, s.svc.store, policy.ReadCaseload, about, nil, nil)
	if err != nil {
		return nil, err
	}
	ds, err := read()
	if err != nil {
		return nil, err
	}
	var ids, clients []wijk.ID
	for _, d := range ds {
		for _, c := range dayPlanClients(d) {
			ids, clients = append(ids, d.ID()), append(clients, c)
		}
	}
	if err := s.recordRead(ctx, tv, teamID, storage.EntityDayPlan, ids, clients); err != nil {
		return nil, err
	}
	return ds, nil
}
