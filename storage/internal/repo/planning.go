package repo

import (
	"context"
	"errors"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/consensus"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
)

// plan is what the checks of a write need of a roster or a visit plan.
type plan interface {
	ID() wijk.ID
	Team() wijk.ID
	Status() planning.Status
	CreatedAt() time.Time
	Adoption() (planning.Adoption, bool)
	SupersededBy() (planning.Supersession, bool)
	Digest() string
}

// planKind is how one kind of plan is kept and checked.
type planKind[T plan] struct {
	a *aggregate[T]
	// span is the first and last day the plan is for.
	span func(T) (wijk.Date, wijk.Date)
	// spanField names the span in errors ("period", "day").
	spanField string
	// overlapping are the filters that keep the team's plans whose span
	// overlaps first–last.
	overlapping func(first, last wijk.Date) []Filter
	// payload is the kind of decision payload that adopts this kind of
	// plan.
	payload consensus.PayloadKind
}

// checkPlan holds a plan write to what is stored: its team, the decision
// that adopted it, the plan that superseded it, one adopted plan per team
// and day, and an update that moves only forward.
func (k *planKind[T]) checkPlan(ctx context.Context, e Engine, v T, update bool) error {
	name := k.a.t.Entity
	teamID := v.Team()
	if _, err := e.Get(ctx, teamsTable, string(teamID)); err != nil {
		if errors.Is(err, wijk.ErrNotFound) {
			return wijk.NotFoundf("%s %s: team %s is not stored", name, v.ID(), teamID)
		}
		return err
	}
	// Lock the team, so that two writers cannot both adopt a plan for
	// the same days: the second sees the first's plan.
	if err := e.Lock(ctx, teamsTable, string(teamID)); err != nil {
		return err
	}
	first, last := k.span(v)
	var oldAdoption planning.Adoption
	var oldAdopted, oldSuperseded bool
	var oldSup planning.Supersession
	if update {
		old, _, err := k.a.get(ctx, e, v.ID())
		if err != nil {
			return err
		}
		if old.Team() != teamID {
			return wijk.Invalid("team", "%s %s is of team %s; a plan stays with its team", name, v.ID(), old.Team())
		}
		if of, ol := k.span(old); of != first || ol != last {
			return wijk.Invalid(k.spanField, "%s %s is for %v–%v; a plan for other days is a new plan", name, v.ID(), of, ol)
		}
		oldAdoption, oldAdopted = old.Adoption()
		oldSup, oldSuperseded = old.SupersededBy()
		switch old.Status() {
		case planning.Superseded:
			return wijk.Conflictf("%s %s was superseded by %s: it is kept as it was", name, v.ID(), oldSup.By)
		case planning.Adopted:
			if v.Status() != planning.Superseded {
				return wijk.Conflictf("%s %s is adopted: it is changed only by superseding it with a re-plan", name, v.ID())
			}
			if old.Digest() != v.Digest() {
				return wijk.Conflictf("%s %s is adopted: its plan is not changed; make a new plan that supersedes it", name, v.ID())
			}
		}
	}
	if ad, ok := v.Adoption(); ok {
		if oldAdopted && (ad.Decision != oldAdoption.Decision || !sameTime(ad.At, oldAdoption.At)) {
			return wijk.Conflictf("%s %s was adopted by decision %s; its adoption does not change", name, v.ID(), oldAdoption.Decision)
		}
		if !oldAdopted {
			if err := k.checkAdoptingDecision(ctx, e, v, ad); err != nil {
				return err
			}
		}
	}
	if sup, ok := v.SupersededBy(); ok && (!oldSuperseded || sup != oldSup) {
		by, _, err := k.a.get(ctx, e, sup.By)
		if errors.Is(err, wijk.ErrNotFound) {
			return wijk.NotFoundf("%s %s: the plan %s that supersedes it is not stored; store the re-plan first", name, v.ID(), sup.By)
		}
		if err != nil {
			return err
		}
		if by.Team() != teamID {
			return wijk.Invalid("supersededBy", "%s %s is of team %s, not of team %s", name, sup.By, by.Team(), teamID)
		}
		if bf, bl := k.span(by); bl.Before(first) || bf.After(last) {
			return wijk.Invalid("supersededBy", "%s %s is for %v–%v, which does not overlap %v–%v", name, sup.By, bf, bl, first, last)
		}
	}
	if v.Status() == planning.Adopted && !(update && oldAdopted) {
		docs, err := e.Find(ctx, k.a.t, Query{Filters: append([]Filter{
			{Col: "team_id", Op: Eq, Val: string(teamID)},
			{Col: "status", Op: Eq, Val: planning.Adopted.String()},
		}, k.overlapping(first, last)...)})
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.Key != string(v.ID()) {
				return wijk.Conflictf("%s %s of team %s is adopted for some of the same days; supersede it before adopting %s", name, d.Key, teamID, v.ID())
			}
		}
	}
	return nil
}

func sameTime(a, b time.Time) bool {
	return a.Truncate(time.Millisecond).Equal(b.Truncate(time.Millisecond))
}

// checkAdoptingDecision checks the decision that adopts plan v: it is in
// the team's decision log and not superseded by a later one, the whole
// team took it (not one member by the advice process), it adopts this
// plan as it is now (its payload names the plan's ID and content digest),
// and it was made no later than the adoption.
func (k *planKind[T]) checkAdoptingDecision(ctx context.Context, e Engine, v T, ad planning.Adoption) error {
	name, id, teamID := k.a.t.Entity, v.ID(), v.Team()
	docs, err := e.Find(ctx, decisionsTable, Query{Filters: []Filter{
		{Col: "team_id", Op: Eq, Val: string(teamID)},
		{Col: "decision_id", Op: Eq, Val: string(ad.Decision)},
	}, Limit: 1})
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return wijk.NotFoundf("%s %s: decision %s is not in the decision log of team %s; a plan is adopted only by a logged team decision", name, id, ad.Decision, teamID)
	}
	d, err := records.DecodeDecision(docs[0].Data)
	if err != nil {
		return err
	}
	if r, err := consensus.RuleByName(d.Rule); err != nil || r.OwnerDecides() {
		return wijk.Conflictf("%s %s: decision %s (%s) was taken by the %s, not by the whole team; the team adopts its plans", name, id, ad.Decision, d.Title, d.Rule)
	}
	pid, digest, ok := consensus.AdoptedPlan(d.Payload, k.payload)
	if !ok {
		return wijk.Invalid("decision", "%s %s: decision %s (%s) does not adopt a %s; the decision that adopts a plan carries a payload naming it", name, id, ad.Decision, d.Title, name)
	}
	if pid != id {
		return wijk.Invalid("decision", "decision %s (%s) adopts %s %s, not %s", ad.Decision, d.Title, name, pid, id)
	}
	if now := v.Digest(); digest != now {
		return wijk.Conflictf("%s %s was changed after decision %s (%s) adopted it (digest %.12s then, %.12s now): the team decides on the plan as it is", name, id, ad.Decision, d.Title, digest, now)
	}
	// A decision the team revisited since no longer adopts anything.
	later, err := e.Find(ctx, decisionsTable, Query{Filters: []Filter{{Col: "team_id", Op: Eq, Val: string(teamID)}}})
	if err != nil {
		return err
	}
	for _, doc := range later {
		if doc.Key == docs[0].Key {
			continue
		}
		l, err := records.DecodeDecision(doc.Data)
		if err != nil {
			return err
		}
		if l.Supersedes == ad.Decision {
			return wijk.Conflictf("%s %s: decision %s (%s) was superseded by decision %s (%s); adopt the plan by the decision in force", name, id, ad.Decision, d.Title, l.ID, l.Title)
		}
	}
	if ad.At.Truncate(time.Millisecond).Before(d.DecidedAt.Truncate(time.Millisecond)) {
		return wijk.Invalid("adoptedAt", "%s %s is adopted at %s, before decision %s was made at %s", name, id,
			FormatTime(ad.At), ad.Decision, FormatTime(d.DecidedAt))
	}
	return nil
}

// planAggregate makes the aggregate of a kind of plan: kept by its ID,
// indexed by team, span, status and creation, checked by k.
func planAggregate[T plan](t *Table, name string, enc func(T) ([]byte, error), dec func([]byte) (T, error),
	cols func(T) []any, k *planKind[T]) *aggregate[T] {
	a := &aggregate[T]{
		t: t, name: name, id: T.ID, encode: enc, decode: dec,
		cols:     func(_ wijk.ID, v T) []any { return cols(v) },
		requires: func(_ wijk.ID, v T) *Ref { return &Ref{Table: teamsTable, Key: string(v.Team())} },
		check: func(ctx context.Context, e Engine, _ wijk.ID, v T, _ *Ref, update bool) error {
			return k.checkPlan(ctx, e, v, update)
		},
	}
	k.a = a
	return a
}

var rosterKind = &planKind[*planning.Roster]{
	span:      func(r *planning.Roster) (wijk.Date, wijk.Date) { return r.Start(), r.End() },
	spanField: "period",
	overlapping: func(first, last wijk.Date) []Filter {
		return []Filter{{Col: "start_day", Op: Le, Val: last.String()}, {Col: "end_day", Op: Ge, Val: first.String()}}
	},
	payload: consensus.PayloadAdoptRoster,
}

var dayPlanKind = &planKind[*planning.DayPlan]{
	span:      func(d *planning.DayPlan) (wijk.Date, wijk.Date) { return d.Day(), d.Day() },
	spanField: "day",
	overlapping: func(first, _ wijk.Date) []Filter {
		return []Filter{{Col: "day", Op: Eq, Val: first.String()}}
	},
	payload: consensus.PayloadAdoptDayPlan,
}

// rostersAgg keeps rosters, indexed by team, period, status and creation.
var rostersAgg = planAggregate(rostersTable, "roster", records.EncodeRoster, records.DecodeRoster,
	func(r *planning.Roster) []any {
		return []any{string(r.Team()), r.Start().String(), r.End().String(), r.Status().String(), FormatTime(r.CreatedAt())}
	}, rosterKind)

// dayPlansAgg keeps visit plans, indexed by team, day, status and
// creation.
var dayPlansAgg = planAggregate(dayPlansTable, "plan", records.EncodeDayPlan, records.DecodeDayPlan,
	func(d *planning.DayPlan) []any {
		return []any{string(d.Team()), d.Day().String(), d.Status().String(), FormatTime(d.CreatedAt())}
	}, dayPlanKind)

type rosters struct{ repository[*planning.Roster] }

func (r rosters) ListByTeam(ctx context.Context, teamID wijk.ID, from, to wijk.Date) ([]*planning.Roster, error) {
	if from.IsZero() || to.IsZero() {
		return nil, wijk.Invalid("from", "both days are required")
	}
	return r.a.findBy(ctx, r.s.e, "team", teamID, "team_id", Query{
		Filters: rosterKind.overlapping(from, to), Order: []string{"start_day", "created_at"},
	})
}

func (r rosters) Adopted(ctx context.Context, teamID wijk.ID, day wijk.Date) (*planning.Roster, storage.Version, error) {
	return adopted(ctx, r.s.e, rosterKind, teamID, day)
}

type dayPlans struct{ repository[*planning.DayPlan] }

func (r dayPlans) ListByTeam(ctx context.Context, teamID wijk.ID, day wijk.Date) ([]*planning.DayPlan, error) {
	if day.IsZero() {
		return nil, wijk.Invalid("day", "is required")
	}
	return r.a.findBy(ctx, r.s.e, "team", teamID, "team_id", Query{
		Filters: dayPlanKind.overlapping(day, day), Order: []string{"created_at"},
	})
}

func (r dayPlans) Adopted(ctx context.Context, teamID wijk.ID, day wijk.Date) (*planning.DayPlan, storage.Version, error) {
	return adopted(ctx, r.s.e, dayPlanKind, teamID, day)
}

// adopted reads the team's adopted plan of kind k for day.
func adopted[T plan](ctx context.Context, e Engine, k *planKind[T], teamID wijk.ID, day wijk.Date) (T, storage.Version, error) {
	var zero T
	if err := teamID.Validate("team"); err != nil {
		return zero, 0, err
	}
	if day.IsZero() {
		return zero, 0, wijk.Invalid("day", "is required")
	}
	docs, err := e.Find(ctx, k.a.t, Query{Filters: append([]Filter{
		{Col: "team_id", Op: Eq, Val: string(teamID)},
		{Col: "status", Op: Eq, Val: planning.Adopted.String()},
	}, k.overlapping(day, day)...), Limit: 1})
	if err != nil {
		return zero, 0, err
	}
	if len(docs) == 0 {
		return zero, 0, wijk.NotFoundf("team %s has no adopted %s for %v", teamID, k.a.t.Entity, day)
	}
	vs, err := decodeAll(k.a.t, docs, k.a.decode)
	if err != nil {
		return zero, 0, err
	}
	return vs[0], storage.Version(docs[0].Version), nil
}
