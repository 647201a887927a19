package service

import (
	"context"
	"errors"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
)

// Audit returns audit lines. With q.EntityID set, the lines of one record:
// for an active member of the team the record belongs to (a team, a
// client, a care plan, a proposal, a meeting) and for the privacy officer.
// Without it, the whole log: for the privacy officer only.
func (s *Session) Audit(ctx context.Context, q storage.AuditQuery) ([]storage.AuditEntry, error) {
	owner := wijk.ID("")
	if q.EntityID != "" {
		if err := q.EntityID.Validate("query.entityID"); err != nil {
			return nil, err
		}
		var err error
		if owner, err = s.ownerOf(ctx, q.EntityID); err != nil {
			return nil, err
		}
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadAudit, subject{team: owner, entityID: q.EntityID}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.Audit(ctx, q)
}

// ownerOf finds the team a record belongs to, or "" when the record is no
// team's (or unknown).
func (s *Session) ownerOf(ctx context.Context, id wijk.ID) (wijk.ID, error) {
	st := s.svc.store
	notFound := func(err error) bool { return errors.Is(err, wijk.ErrNotFound) }
	if _, _, err := st.Teams().Get(ctx, id); err == nil {
		return id, nil
	} else if !notFound(err) {
		return "", err
	}
	if pl, err := st.Clients().Placement(ctx, id); err == nil {
		return pl.Team, nil
	} else if !notFound(err) {
		return "", err
	}
	if _, _, pl, err := st.CarePlans().GetPlaced(ctx, id); err == nil {
		return pl.Team, nil
	} else if !notFound(err) {
		return "", err
	}
	if p, _, err := st.Proposals().Get(ctx, id); err == nil {
		return p.Team(), nil
	} else if !notFound(err) {
		return "", err
	}
	if m, _, err := st.Meetings().Get(ctx, id); err == nil {
		return m.Team(), nil
	} else if !notFound(err) {
		return "", err
	}
	return "", nil
}
