package service

import (
	"context"
	"crypto/ed25519"
	"fmt"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// RegisterCoach registers a coach (rule administer: a system session).
// Teams invite a registered coach themselves.
func (s *Session) RegisterCoach(ctx context.Context, p team.NewCoachParams) (*team.Coach, error) {
	c, err := team.NewCoach(p)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := s.authorise(ctx, tx, policy.Administer, subject{entity: storage.EntityCoach, entityID: c.ID()}, nil, nil); err != nil {
			return err
		}
		_, err := tx.Coaches().Create(ctx, c, s.change("registered coach "+c.Name()))
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// RegisterStaff registers a member of the organisation's staff, holding
// no role yet (rule administer).
func (s *Session) RegisterStaff(ctx context.Context, p team.NewStaffParams) (*team.Staff, error) {
	st, err := team.NewStaff(p)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := s.authorise(ctx, tx, policy.Administer, subject{entity: storage.EntityStaff, entityID: st.ID()}, nil, nil); err != nil {
			return err
		}
		_, err := tx.Staff().Create(ctx, st, s.change("registered staff "+st.Name()))
		return err
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// editStaff loads a staff member in a transaction, checks rule
// administer, lets edit change them, and saves them.
func (s *Session) editStaff(ctx context.Context, person wijk.ID, summary string, edit func(*team.Staff) error) (*team.Staff, error) {
	if err := person.Validate("person"); err != nil {
		return nil, err
	}
	var out *team.Staff
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		if _, err := s.authorise(ctx, tx, policy.Administer, subject{entity: storage.EntityStaff, entityID: person}, nil, nil); err != nil {
			return err
		}
		st, v, err := tx.Staff().Get(ctx, person)
		if err != nil {
			return err
		}
		if err := edit(st); err != nil {
			return err
		}
		if _, err := tx.Staff().Update(ctx, st, v, s.change(summary)); err != nil {
			return err
		}
		out = st
		return nil
	})
	return out, err
}

// GrantStaffRole gives a registered staff member a role from day from to
// until (zero: until it is ended), for a reason (rule administer).
func (s *Session) GrantStaffRole(ctx context.Context, person wijk.ID, role team.StaffRole, from, until wijk.Date, reason string) (*team.Staff, error) {
	return s.editStaff(ctx, person, fmt.Sprintf("granted the role %s", role), func(st *team.Staff) error {
		return st.Grant(role, from, until, reason)
	})
}

// EndStaffRole ends a staff member's running term of a role with last as
// its last day (rule administer).
func (s *Session) EndStaffRole(ctx context.Context, person wijk.ID, role team.StaffRole, last wijk.Date) (*team.Staff, error) {
	return s.editStaff(ctx, person, fmt.Sprintf("ended the role %s", role), func(st *team.Staff) error {
		return st.End(role, last)
	})
}

// PurgeLogs removes the entries of the audit and access logs older than
// the service's retention (WithRetention), each log's in one transaction
// that leaves a checkpoint signed with key in their place and a line in
// the audit log (see storage.Chains.Purge); rule administer: a system
// session. It returns the checkpoints made (none for a log with nothing
// old enough). A log that does not verify is not purged.
func (s *Session) PurgeLogs(ctx context.Context, key ed25519.PrivateKey) ([]storage.Checkpoint, error) {
	if _, err := s.authorise(ctx, s.svc.store, policy.Administer, subject{entity: storage.EntityLog}, nil, nil); err != nil {
		return nil, err
	}
	var out []storage.Checkpoint
	for _, log := range []storage.Log{storage.LogAudit, storage.LogAccess} {
		cp, err := s.svc.store.Chains().Purge(ctx, storage.PurgeRequest{Log: log, Retention: s.svc.retention, Key: key,
			Change: s.change("")})
		if err != nil {
			return out, err
		}
		if cp.Seq > 0 {
			out = append(out, cp)
		}
	}
	return out, nil
}
