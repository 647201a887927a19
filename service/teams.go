package service

import (
	"context"
	"errors"
	"fmt"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// FoundTeam founds a team: a fresh start with its founders, its area and
// its first roles. The organisation founds it, through the back office or
// the vendor's own process (rule found-team): membership of a team opens
// client dossiers, so nobody founds a team of their own. No founder may be
// in another team on the founding day (a person is in one team at a
// time). With a coach named, the coach must be registered, and is invited
// at once. An empty p.ID gets a new ID; p.Now is the service's clock.
func (s *Session) FoundTeam(ctx context.Context, p team.NewTeamParams) (*team.Team, error) {
	if p.ID == "" {
		p.ID = s.svc.ids.NewID()
	}
	p.Now = s.now()
	t, err := team.NewTeam(p)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		about := subject{entity: storage.EntityTeam, entityID: t.ID()}
		if _, err := s.authorise(ctx, tx, policy.FoundTeam, about, nil, nil); err != nil {
			return err
		}
		if err := freshID(ctx, tx, "id", t.ID()); err != nil {
			return err
		}
		for _, m := range p.Members {
			if err := checkCanJoin(ctx, tx, m.Person, p.Founded, ""); err != nil {
				return err
			}
		}
		if p.Coach != "" {
			c, cv, err := tx.Coaches().Get(ctx, p.Coach)
			if errors.Is(err, wijk.ErrNotFound) {
				return wijk.NotFoundf("coach %s is not registered", p.Coach)
			}
			if err != nil {
				return err
			}
			if err := t.SetCoach(""); err != nil {
				return err
			}
			if err := team.Invite(c, t); err != nil {
				return err
			}
			if _, err := tx.Coaches().Update(ctx, c, cv, s.change("invited by "+t.Name())); err != nil {
				return err
			}
		}
		_, err := tx.Teams().Create(ctx, t, s.change("founded "+t.Name()))
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// checkCanJoin checks that person is in no team but except on day and
// after: the rule that a person is in one team at a time, against every
// team that ever had them.
func checkCanJoin(ctx context.Context, tx storage.Store, person wijk.ID, day wijk.Date, except wijk.ID) error {
	ids, err := tx.Teams().ListByPerson(ctx, person)
	if err != nil {
		return err
	}
	var teams []*team.Team
	for _, id := range ids {
		if id == except {
			continue
		}
		t, _, err := tx.Teams().Get(ctx, id)
		if err != nil {
			return err
		}
		teams = append(teams, t)
	}
	return team.CheckCanJoin(person, day, team.PersonHistory(person, teams...))
}

// Team returns a team: for its members, its coach and the back office.
func (s *Session) Team(ctx context.Context, id wijk.ID) (*team.Team, error) {
	t, v, err := s.svc.store.Teams().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadTeam, subject{team: id, version: v, entity: storage.EntityTeam, entityID: id}, nil, nil); err != nil {
		return nil, err
	}
	return t, nil
}

// editTeam loads team id in a transaction, asks the policy for a (extra
// adds facts about the team), lets edit change it, and saves it.
func (s *Session) editTeam(ctx context.Context, id wijk.ID, a policy.Action, summary string, extra func(*team.Team, *policy.Facts), edit func(tx storage.Store, t *team.Team) error) (*team.Team, error) {
	return s.editTeamAs(ctx, id, func(*team.Team) policy.Action { return a }, summary, extra, edit)
}

// editTeamAs is editTeam for a request whose action depends on the team
// as loaded.
func (s *Session) editTeamAs(ctx context.Context, id wijk.ID, action func(*team.Team) policy.Action, summary string, extra func(*team.Team, *policy.Facts), edit func(tx storage.Store, t *team.Team) error) (*team.Team, error) {
	if err := id.Validate("team"); err != nil {
		return nil, err
	}
	var out *team.Team
	err := s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		t, v, err := tx.Teams().Get(ctx, id)
		if err != nil {
			return err
		}
		var cheap func(*policy.Facts)
		if extra != nil {
			cheap = func(f *policy.Facts) { extra(t, f) }
		}
		if _, err := s.authorise(ctx, tx, action(t), subject{team: id, version: v, entity: storage.EntityTeam, entityID: id}, cheap, nil); err != nil {
			return err
		}
		if err := edit(tx, t); err != nil {
			return err
		}
		if _, err := tx.Teams().Update(ctx, t, v, s.change(summary)); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// AssignRole gives an unheld role to a current member for a term, as the
// team agreed informally: for an active member.
func (s *Session) AssignRole(ctx context.Context, teamID wijk.ID, role team.RoleName, holder wijk.ID, from, until wijk.Date) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.ManageTeam, fmt.Sprintf("gave the role %s", role), nil, func(_ storage.Store, t *team.Team) error {
		return t.AssignRole("", role, holder, from, until, s.now())
	})
}

// HandOverRole passes a held role to another member from day on, for a
// term ending on until, with a note on what is handed over: for an active
// member.
func (s *Session) HandOverRole(ctx context.Context, teamID wijk.ID, role team.RoleName, to wijk.ID, on, until wijk.Date, note string) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.ManageTeam, fmt.Sprintf("handed over the role %s", role), nil, func(_ storage.Store, t *team.Team) error {
		return t.HandOverRole("", role, to, on, until, note, s.now())
	})
}

// ReleaseRole ends the current term of a role on day on: for an active
// member.
func (s *Session) ReleaseRole(ctx context.Context, teamID wijk.ID, role team.RoleName, on wijk.Date, note string) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.ManageTeam, fmt.Sprintf("released the role %s", role), nil, func(_ storage.Store, t *team.Team) error {
		return t.ReleaseRole("", role, on, note, s.now())
	})
}

// InviteCoach makes a registered coach the team's coach: for an active
// member. The coach's record and the team's change together.
func (s *Session) InviteCoach(ctx context.Context, teamID, coach wijk.ID) (*team.Team, error) {
	if err := coach.Validate("coach"); err != nil {
		return nil, err
	}
	return s.editTeam(ctx, teamID, policy.ManageTeam, "invited a coach", nil, func(tx storage.Store, t *team.Team) error {
		c, v, err := tx.Coaches().Get(ctx, coach)
		if errors.Is(err, wijk.ErrNotFound) {
			return wijk.NotFoundf("coach %s is not registered", coach)
		}
		if err != nil {
			return err
		}
		if err := team.Invite(c, t); err != nil {
			return err
		}
		_, err = tx.Coaches().Update(ctx, c, v, s.change("invited by "+t.Name()))
		return err
	})
}

// RequestCoaching asks a coach for help with a topic, on the team's
// behalf: for an active member. An empty coach means the team's own. It
// returns the request's ID.
func (s *Session) RequestCoaching(ctx context.Context, teamID wijk.ID, topic string, coach wijk.ID) (wijk.ID, error) {
	id := s.svc.ids.NewID()
	_, err := s.editTeam(ctx, teamID, policy.ManageTeam, "asked for coaching", nil, func(_ storage.Store, t *team.Team) error {
		return t.RequestCoaching(team.CoachingRequestParams{ID: id, Topic: topic, By: s.person, At: s.now(), Coach: coach})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// WithdrawCoaching withdraws a coaching request that is not yet closed:
// for an active member.
func (s *Session) WithdrawCoaching(ctx context.Context, teamID, request wijk.ID, note string) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.ManageTeam, "withdrew a coaching request", nil, func(_ storage.Store, t *team.Team) error {
		return t.WithdrawCoaching(request, s.person, note, s.now())
	})
}

// askedCoach tells whether the session's person is the coach a request
// asks.
func (s *Session) askedCoach(request wijk.ID) func(*team.Team, *policy.Facts) {
	return func(t *team.Team, f *policy.Facts) {
		if r, ok := t.CoachingRequest(request); ok && s.person != "" && r.Coach == s.person {
			f.AskedCoach = true
		}
	}
}

// AcceptCoaching takes a coaching request on: for the coach it asks.
func (s *Session) AcceptCoaching(ctx context.Context, teamID, request wijk.ID) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.AnswerCoaching, "accepted a coaching request", s.askedCoach(request), func(_ storage.Store, t *team.Team) error {
		return t.AcceptCoaching(request, s.person, s.now())
	})
}

// DeclineCoaching declines a coaching request, with the reason: for the
// coach it asks.
func (s *Session) DeclineCoaching(ctx context.Context, teamID, request wijk.ID, reason string) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.AnswerCoaching, "declined a coaching request", s.askedCoach(request), func(_ storage.Store, t *team.Team) error {
		return t.DeclineCoaching(request, s.person, reason, s.now())
	})
}

// CompleteCoaching closes an accepted coaching request with its outcome:
// for the coach it asks (rule coach-answers), or an active member (rule
// team-manage).
func (s *Session) CompleteCoaching(ctx context.Context, teamID, request wijk.ID, outcome string) (*team.Team, error) {
	action := func(t *team.Team) policy.Action {
		if r, ok := t.CoachingRequest(request); ok && s.person != "" && r.Coach == s.person {
			return policy.AnswerCoaching
		}
		return policy.ManageTeam
	}
	return s.editTeamAs(ctx, teamID, action, "completed a coaching request", s.askedCoach(request), func(_ storage.Store, t *team.Team) error {
		return t.CompleteCoaching(request, s.person, outcome, s.now())
	})
}

// GoOnLeave records that a member goes on long leave (parental leave, a
// long illness): they stay a member but read no dossier and take no part
// in decisions until they return. For an active member, about themselves
// or a colleague.
func (s *Session) GoOnLeave(ctx context.Context, teamID, person wijk.ID) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.ManageTeam, "a member went on leave", nil, func(_ storage.Store, t *team.Team) error {
		return t.GoOnLeave(person)
	})
}

// ReturnFromLeave records that a member on leave is active again: for an
// active member. A member on leave cannot record their own return, since
// they are not active; a colleague does.
func (s *Session) ReturnFromLeave(ctx context.Context, teamID, person wijk.ID) (*team.Team, error) {
	return s.editTeam(ctx, teamID, policy.ManageTeam, "a member returned from leave", nil, func(_ storage.Store, t *team.Team) error {
		return t.ReturnFromLeave(person)
	})
}
