package service

import (
	"context"
	"errors"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/service/policy"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/team"
)

// checkOwnHours fills in the session's person when h names nobody, and
// refuses a day after today.
func (s *Session) checkOwnHours(h *team.HoursRecord) error {
	if h.Person == "" {
		h.Person = s.person
	}
	if err := h.Validate("hours"); err != nil {
		return err
	}
	if today := s.today(); h.Day.After(today) {
		return wijk.Invalid("hours.day", "must not be after today (%s): hours are recorded once worked", today)
	}
	return nil
}

// RecordHours records what the session's person did with a day, in the
// team they were a member of that day (rule own-hours): a member records
// their own hours, never a colleague's. h.Person may be left empty.
func (s *Session) RecordHours(ctx context.Context, teamID wijk.ID, h team.HoursRecord) error {
	return s.writeHours(ctx, teamID, h, false)
}

// CorrectHours replaces the session's person's record for h.Day with h
// (rule own-hours).
func (s *Session) CorrectHours(ctx context.Context, teamID wijk.ID, h team.HoursRecord) error {
	return s.writeHours(ctx, teamID, h, true)
}

// writeHours records h, or corrects the record of its day.
func (s *Session) writeHours(ctx context.Context, teamID wijk.ID, h team.HoursRecord, correct bool) error {
	if err := teamID.Validate("team"); err != nil {
		return err
	}
	if err := s.checkOwnHours(&h); err != nil {
		return err
	}
	return s.inTx(ctx, func(ctx context.Context, tx storage.Store) error {
		about := subject{team: teamID, day: h.Day, entity: storage.EntityHours, entityID: h.Person}
		if _, err := s.authorise(ctx, tx, policy.RecordHours, about, func(f *policy.Facts) { f.Own = h.Person == s.person && s.person != "" }, nil); err != nil {
			return err
		}
		if !correct {
			_, err := tx.Hours().Record(ctx, teamID, h, s.change("hours of "+h.Day.String()))
			return err
		}
		_, v, err := tx.Hours().Get(ctx, h.Person, h.Day)
		if err != nil {
			return err
		}
		_, err = tx.Hours().Correct(ctx, teamID, h, v, s.change("corrected the hours of "+h.Day.String()))
		return err
	})
}

// Hours returns the team's hours records for the days from–to, sorted by
// day, then person: for the team's members and the back office.
func (s *Session) Hours(ctx context.Context, teamID wijk.ID, from, to wijk.Date) ([]team.HoursRecord, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadHours, subject{team: teamID, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
		return nil, err
	}
	return s.svc.store.Hours().List(ctx, teamID, from, to)
}

// TeamFigures returns a team's figures for a month (productivity,
// absenteeism, turnover), names shown: for the members of any team, the
// team's coach and the back office.
func (s *Session) TeamFigures(ctx context.Context, teamID wijk.ID, year int, month time.Month) (team.MonthFigures, error) {
	return s.teamFigures(ctx, teamID, year, month, nil)
}

// teamFigures is TeamFigures with facts already known about the person.
func (s *Session) teamFigures(ctx context.Context, teamID wijk.ID, year int, month time.Month, known func(*policy.Facts)) (team.MonthFigures, error) {
	t, v, err := s.svc.store.Teams().Get(ctx, teamID)
	if err != nil {
		return team.MonthFigures{}, err
	}
	about := subject{team: teamID, version: v, entity: storage.EntityTeam, entityID: teamID, known: known != nil}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadFigures, about, known, nil); err != nil {
		return team.MonthFigures{}, err
	}
	hours, err := s.svc.store.Hours().Month(ctx, teamID, year, month)
	if err != nil {
		return team.MonthFigures{}, err
	}
	return t.MonthFigures(hours, year, month)
}

// CompareTeams ranks the month's figures of every team the session may
// see, highest productivity first, names shown, against band: every team
// for a member of any team and for the back office, the inviting teams for
// a coach. It is refused when the session may see no team's figures. The
// person's standing outside each team is read once, not once per team.
func (s *Session) CompareTeams(ctx context.Context, year int, month time.Month, band team.Band) ([]team.ComparisonRow, error) {
	ids, err := s.svc.store.Teams().List(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.standing(ctx, s.svc.store, "", s.today())
	if err != nil {
		return nil, err
	}
	// Being a member of any team lets a person see every team's figures
	// (rule figures-open), this team included, so the standing read
	// without exception serves for every team.
	known := func(f *policy.Facts) { *f = o.apply(*f) }
	var figures []team.MonthFigures
	var refused error
	for _, id := range ids {
		f, err := s.teamFigures(ctx, id, year, month, known)
		if errors.Is(err, wijk.ErrForbidden) {
			refused = err
			continue
		}
		if err != nil {
			return nil, err
		}
		figures = append(figures, f)
	}
	if len(figures) == 0 && refused != nil {
		return nil, refused
	}
	return team.Compare(figures, band)
}

// MemberFigures returns each member's figures over the days from–to:
// for the team's members and the back office.
func (s *Session) MemberFigures(ctx context.Context, teamID wijk.ID, from, to wijk.Date) ([]team.MemberFigures, error) {
	t, v, err := s.svc.store.Teams().Get(ctx, teamID)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorise(ctx, s.svc.store, policy.ReadMemberFigures, subject{team: teamID, version: v, entity: storage.EntityTeam, entityID: teamID}, nil, nil); err != nil {
		return nil, err
	}
	hours, err := s.svc.store.Hours().List(ctx, teamID, from, to)
	if err != nil {
		return nil, err
	}
	return t.MemberFigures(hours, from, to)
}
