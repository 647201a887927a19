package repo

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/records"
	"github.com/wijkzorg/wijk/team"
)

// teamsAgg keeps teams, each with the people ever in it as its set. An
// update must still fit the hours recorded for the team.
var teamsAgg = &aggregate[*team.Team]{
	t: teamsTable, name: "team", id: (*team.Team).ID,
	encode: records.EncodeTeam, decode: records.DecodeTeam,
	set: people,
	check: func(ctx context.Context, e Engine, _ wijk.ID, t *team.Team, _ *Ref, update bool) error {
		if !update {
			return nil
		}
		// Lock the team first, so that no hours record for it can be
		// written between the check and the update.
		if err := e.Lock(ctx, teamsTable, string(t.ID())); err != nil {
			return err
		}
		return checkHoursFit(ctx, e, t)
	},
}

var coachesAgg = &aggregate[*team.Coach]{
	t: coachesTable, name: coachesTable.Entity, id: (*team.Coach).ID,
	encode: records.EncodeCoach, decode: records.DecodeCoach,
}

var staffAgg = &aggregate[*team.Staff]{
	t: staffTable, name: staffTable.Entity, id: (*team.Staff).ID,
	encode: records.EncodeStaff, decode: records.DecodeStaff,
}

// hoursAgg keeps hours records under their person and day, for the team
// the caller names: the record must fit that team as it is when written.
var hoursAgg = &aggregate[team.HoursRecord]{
	t: hoursTable, name: "hours",
	id:     func(h team.HoursRecord) wijk.ID { return h.Person },
	key:    func(h team.HoursRecord) string { return hoursKey(h.Person, h.Day) },
	encode: records.EncodeHours, decode: records.DecodeHours,
	owned:    true,
	validate: func(h team.HoursRecord) error { return h.Validate("hours") },
	cols: func(teamID wijk.ID, h team.HoursRecord) []any {
		return []any{string(teamID), string(h.Person), h.Day.String()}
	},
	requires: func(teamID wijk.ID, _ team.HoursRecord) *Ref { return &Ref{Table: teamsTable, Key: string(teamID)} },
	check: func(ctx context.Context, e Engine, teamID wijk.ID, h team.HoursRecord, req *Ref, _ bool) error {
		t, tv, err := teamsAgg.get(ctx, e, teamID)
		if err != nil {
			return err
		}
		if err := t.CheckHours(h); err != nil {
			return err
		}
		// The record is written only if the team is still the one it was
		// checked against.
		req.Version = int64(tv)
		return nil
	},
}

type teams struct{ repository[*team.Team] }

// people lists everyone with a membership in t, past or present, each
// once: the set that Teams.ListByPerson finds a team by.
func people(t *team.Team) []string {
	var out []string
	for _, m := range t.History() {
		if !slices.Contains(out, string(m.Person)) {
			out = append(out, string(m.Person))
		}
	}
	return out
}

// checkHoursFit refuses a team in which a membership ended before a day
// for which hours are recorded for that member in this team (and no later
// membership covers the day).
func checkHoursFit(ctx context.Context, e Engine, t *team.Team) error {
	var ended []string
	var earliest wijk.Date
	for _, m := range t.History() {
		if m.End.IsZero() {
			continue
		}
		ended = append(ended, string(m.Person))
		if earliest.IsZero() || m.End.Before(earliest) {
			earliest = m.End
		}
	}
	if len(ended) == 0 {
		return nil
	}
	docs, err := e.Find(ctx, hoursTable, Query{Filters: []Filter{
		{Col: "team_id", Op: Eq, Val: string(t.ID())},
		{Col: "person_id", Op: In, Val: ended},
		{Col: "day", Op: Gt, Val: earliest.String()},
	}, Order: []string{"day", "person_id"}})
	if err != nil {
		return err
	}
	for _, d := range docs {
		h, err := records.DecodeHours(d.Data)
		if err != nil {
			return err
		}
		if err := t.CheckHours(h); err != nil {
			return wijk.Conflictf("team %s: hours are recorded for %s on %v, when they are no longer a member; correct the hours or the last day", t.Name(), h.Person, h.Day)
		}
	}
	return nil
}

func (r teams) Members(ctx context.Context, id wijk.ID) ([]team.Member, error) {
	t, _, err := r.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return t.Members(), nil
}

func (r teams) ListByPerson(ctx context.Context, person wijk.ID) ([]wijk.ID, error) {
	return r.a.holding(ctx, r.s.e, person)
}

func (r teams) List(ctx context.Context) ([]wijk.ID, error) {
	return keys(r.s.e.Find(ctx, teamsTable, Query{}))
}

type hours struct{ s *Store }

func hoursKey(person wijk.ID, day wijk.Date) string { return string(person) + "/" + day.String() }

func (r hours) Record(ctx context.Context, teamID wijk.ID, h team.HoursRecord, ch storage.Change) (storage.Version, error) {
	v, err := hoursAgg.put(ctx, r.s.e, teamID, h, 0, ch, false)
	if errors.Is(err, wijk.ErrConflict) {
		if _, gerr := r.s.e.Get(ctx, hoursTable, hoursKey(h.Person, h.Day)); gerr == nil {
			return 0, wijk.Conflictf("hours for %s on %v are already recorded; correct them instead", h.Person, h.Day)
		}
	}
	return v, err
}

func (r hours) Correct(ctx context.Context, teamID wijk.ID, h team.HoursRecord, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return hoursAgg.put(ctx, r.s.e, teamID, h, expected, ch, true)
}

func (r hours) Get(ctx context.Context, person wijk.ID, day wijk.Date) (team.HoursRecord, storage.Version, error) {
	if err := person.Validate("person"); err != nil {
		return team.HoursRecord{}, 0, err
	}
	if day.IsZero() {
		return team.HoursRecord{}, 0, wijk.Invalid("day", "is required")
	}
	d, err := r.s.e.Get(ctx, hoursTable, hoursKey(person, day))
	if err != nil {
		return team.HoursRecord{}, 0, err
	}
	h, err := records.DecodeHours(d.Data)
	if err != nil {
		return team.HoursRecord{}, 0, err
	}
	return h, storage.Version(d.Version), nil
}

func (r hours) List(ctx context.Context, teamID wijk.ID, from, to wijk.Date) ([]team.HoursRecord, error) {
	if err := teamID.Validate("team"); err != nil {
		return nil, err
	}
	if from.IsZero() || to.IsZero() {
		return nil, wijk.Invalid("from", "both days are required")
	}
	return hoursAgg.find(ctx, r.s.e, Query{Filters: []Filter{
		{Col: "team_id", Op: Eq, Val: string(teamID)},
		{Col: "day", Op: Ge, Val: from.String()},
		{Col: "day", Op: Le, Val: to.String()},
	}, Order: []string{"day", "person_id"}})
}

func (r hours) Month(ctx context.Context, teamID wijk.ID, year int, month time.Month) ([]team.HoursRecord, error) {
	if year < 1 || year > 9999 {
		return nil, wijk.Invalid("year", "must be between 1 and 9999, got %d", year)
	}
	if month < time.January || month > time.December {
		return nil, wijk.Invalid("month", "must be between 1 and 12, got %d", int(month))
	}
	first := wijk.NewDate(year, month, 1)
	return r.List(ctx, teamID, first, wijk.NewDate(year, month+1, 1).AddDays(-1))
}
