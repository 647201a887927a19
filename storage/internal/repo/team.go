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

type teams struct{ s *Store }

func (r teams) Get(ctx context.Context, id wijk.ID) (*team.Team, storage.Version, error) {
	return get(ctx, r.s.e, teamsTable, id, records.DecodeTeam)
}

func (r teams) Create(ctx context.Context, t *team.Team, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, t, 0, ch, false)
}

func (r teams) Update(ctx context.Context, t *team.Team, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, t, expected, ch, true)
}

func (r teams) put(ctx context.Context, t *team.Team, expected storage.Version, ch storage.Change, update bool) (storage.Version, error) {
	if t == nil {
		return 0, wijk.Invalid("team", "is required")
	}
	if err := checkWrite(ch, expected, update); err != nil {
		return 0, err
	}
	data, err := records.EncodeTeam(t)
	if err != nil {
		return 0, err
	}
	var v storage.Version
	err = r.s.e.InTx(ctx, func(e Engine) error {
		if update {
			// Lock the team first, so that no hours record for it can be
			// written between the check and the update.
			if err := e.Lock(ctx, teamsTable, string(t.ID())); err != nil {
				return err
			}
			if err := checkHoursFit(ctx, e, t); err != nil {
				return err
			}
		}
		var err error
		v, err = (&Store{e: e}).writeSet(ctx, teamsTable, string(t.ID()), t.ID(), expected, data, nil, people(t), nil, ch, action(update))
		return err
	})
	return v, err
}

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
	if err := person.Validate("person"); err != nil {
		return nil, err
	}
	return keys(r.s.e.Find(ctx, teamsTable, Query{Filters: []Filter{{Col: teamsTable.Set, Op: Has, Val: string(person)}}}))
}

func (r teams) List(ctx context.Context) ([]wijk.ID, error) {
	return keys(r.s.e.Find(ctx, teamsTable, Query{}))
}

// keys returns the keys of docs as IDs, in order.
func keys(docs []Doc, err error) ([]wijk.ID, error) {
	if err != nil {
		return nil, err
	}
	out := make([]wijk.ID, len(docs))
	for i, d := range docs {
		out[i] = wijk.ID(d.Key)
	}
	return out, nil
}

// plain keeps an aggregate that has no index columns, such as a coach or
// a staff member, by its ID.
type plain[E any, T interface {
	*E
	ID() wijk.ID
}] struct {
	s      *Store
	t      *Table
	encode func(T) ([]byte, error)
	decode func([]byte) (T, error)
}

func (r plain[E, T]) Get(ctx context.Context, id wijk.ID) (T, storage.Version, error) {
	return get(ctx, r.s.e, r.t, id, r.decode)
}

func (r plain[E, T]) Create(ctx context.Context, v T, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, v, 0, ch, false)
}

func (r plain[E, T]) Update(ctx context.Context, v T, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, v, expected, ch, true)
}

func (r plain[E, T]) put(ctx context.Context, v T, expected storage.Version, ch storage.Change, update bool) (storage.Version, error) {
	if v == nil {
		return 0, wijk.Invalid(r.t.Entity, "is required")
	}
	if err := checkWrite(ch, expected, update); err != nil {
		return 0, err
	}
	data, err := r.encode(v)
	if err != nil {
		return 0, err
	}
	return r.s.write(ctx, r.t, string(v.ID()), v.ID(), expected, data, nil, nil, ch, action(update))
}

// List returns every record of the table, sorted by ID.
func (r plain[E, T]) List(ctx context.Context) ([]T, error) {
	return find(ctx, r.s.e, r.t, Query{}, r.decode)
}

type hours struct{ s *Store }

func hoursKey(person wijk.ID, day wijk.Date) string { return string(person) + "/" + day.String() }

func (r hours) Record(ctx context.Context, teamID wijk.ID, h team.HoursRecord, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, teamID, h, 0, ch, false)
}

func (r hours) Correct(ctx context.Context, teamID wijk.ID, h team.HoursRecord, expected storage.Version, ch storage.Change) (storage.Version, error) {
	return r.put(ctx, teamID, h, expected, ch, true)
}

func (r hours) put(ctx context.Context, teamID wijk.ID, h team.HoursRecord, expected storage.Version, ch storage.Change, update bool) (storage.Version, error) {
	if err := teamID.Validate("team"); err != nil {
		return 0, err
	}
	if err := h.Validate("hours"); err != nil {
		return 0, err
	}
	if err := checkWrite(ch, expected, update); err != nil {
		return 0, err
	}
	data, err := records.EncodeHours(h)
	if err != nil {
		return 0, err
	}
	key := hoursKey(h.Person, h.Day)
	var v storage.Version
	err = r.s.e.InTx(ctx, func(e Engine) error {
		t, tv, err := get(ctx, e, teamsTable, teamID, records.DecodeTeam)
		if err != nil {
			return err
		}
		if err := t.CheckHours(h); err != nil {
			return err
		}
		// The record is written only if the team is still the one it was
		// checked against.
		v, err = (&Store{e: e}).write(ctx, hoursTable, key, h.Person, expected, data,
			[]any{string(teamID), string(h.Person), h.Day.String()},
			&Ref{Table: teamsTable, Key: string(teamID), Version: int64(tv)}, ch, action(update))
		if err != nil && !update && errors.Is(err, wijk.ErrConflict) {
			if _, gerr := e.Get(ctx, hoursTable, key); gerr == nil {
				return wijk.Conflictf("hours for %s on %v are already recorded; correct them instead", h.Person, h.Day)
			}
		}
		return err
	})
	return v, err
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
	return find(ctx, r.s.e, hoursTable, Query{Filters: []Filter{
		{Col: "team_id", Op: Eq, Val: string(teamID)},
		{Col: "day", Op: Ge, Val: from.String()},
		{Col: "day", Op: Le, Val: to.String()},
	}, Order: []string{"day", "person_id"}}, records.DecodeHours)
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
