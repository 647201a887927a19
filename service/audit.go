package service

import (
	"context"
	"errors"
	"strings"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
)

// Audit returns audit lines. With q.EntityID set, the lines of one record:
// for an active member of the team the record belongs to (a team, a
// client, a care plan, a proposal, a meeting, a roster, a visit plan) and
// for the privacy officer;
// only the lines of that record's kind are returned (q.Entity, when set,
// names the kind). With q.Client set (and no q.EntityID), the writes of
// one client's record and care plans: for an active member of the team in
// whose care the client is, and for the privacy officer. Without either,
// the whole log: for the privacy officer only.
func (s *Session) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	owner := wijk.ID("")
	if q.Client != "" && q.EntityID == "" {
		if err := q.Client.Validate("query.client"); err != nil {
			return nil, err
		}
		pl, err := s.svc.store.Clients().Placement(ctx, q.Client)
		if err != nil {
			return nil, err
		}
		owner = pl.Team
	}
	if q.EntityID != "" {
		if err := q.EntityID.Validate("query.entityID"); err != nil {
			return nil, err
		}
		var kind string
		var err error
		if owner, kind, err = s.ownerOf(ctx, q.EntityID, q.Entity); err != nil {
			return nil, err
		}
		q.Entity = kind
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadAudit, subject{team: owner, entity: q.Entity, entityID: q.EntityID}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.Audit(ctx, q)
}

// owned is one kind of record a team owns, and how to find its team.
type owned struct {
	kind string
	team func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error)
}

// ownedKinds are the records that belong to a team.
var ownedKinds = []owned{
	{storage.EntityTeam, func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error) {
		_, _, err := st.Teams().Get(ctx, id)
		return id, err
	}},
	{storage.EntityClient, func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error) {
		pl, err := st.Clients().Placement(ctx, id)
		return pl.Team, err
	}},
	{storage.EntityCarePlan, func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error) {
		_, _, pl, err := st.CarePlans().GetPlaced(ctx, id)
		return pl.Team, err
	}},
	{storage.EntityProposal, func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error) {
		p, _, err := st.Proposals().Get(ctx, id)
		if err != nil {
			return "", err
		}
		return p.Team(), nil
	}},
	{storage.EntityMeeting, func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error) {
		m, _, err := st.Meetings().Get(ctx, id)
		if err != nil {
			return "", err
		}
		return m.Team(), nil
	}},
	{storage.EntityRoster, func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error) {
		r, _, err := st.Rosters().Get(ctx, id)
		if err != nil {
			return "", err
		}
		return r.Team(), nil
	}},
	{storage.EntityDayPlan, func(ctx context.Context, st storage.Store, id wijk.ID) (wijk.ID, error) {
		d, _, err := st.DayPlans().Get(ctx, id)
		if err != nil {
			return "", err
		}
		return d.Team(), nil
	}},
}

// ownerOf finds the team record id belongs to, and the record's kind. With
// kind set, only that kind is looked at. An ID found as records of two
// kinds is refused: its audit lines could not be told apart by whose they
// are. An ID of no team's record has no owner (only the privacy officer
// reads its lines).
func (s *Session) ownerOf(ctx context.Context, id wijk.ID, kind string) (wijk.ID, string, error) {
	var owner, found string
	for _, o := range ownedKinds {
		if kind != "" && o.kind != kind {
			continue
		}
		t, err := o.team(ctx, s.svc.store, id)
		if errors.Is(err, wijk.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", "", err
		}
		if found != "" {
			return "", "", wijk.Conflictf("%s names both a %s and a %s: say which with the query's entity", id, found, o.kind)
		}
		owner, found = string(t), o.kind
	}
	if found == "" {
		found = kind
	}
	return wijk.ID(owner), found, nil
}

// freshID refuses an ID that a team's record of any kind already has: every
// record is told apart by its ID alone, in the audit log and in the
// access rules.
func freshID(ctx context.Context, st storage.Store, field string, id wijk.ID) error {
	var kinds []string
	for _, o := range ownedKinds {
		_, err := o.team(ctx, st, id)
		if errors.Is(err, wijk.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		kinds = append(kinds, o.kind)
	}
	if len(kinds) > 0 {
		return wijk.Conflictf("%s: ID %s is already the ID of a %s", field, id, strings.Join(kinds, " and a "))
	}
	return nil
}
