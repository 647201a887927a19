package planning_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/planning"
	"github.com/wijkzorg/wijk/roster"
)

func TestNewRosterKeepsWhatItWasGiven(t *testing.T) {
	p := rosterParams()
	r, err := planning.NewRoster(p)
	require.NoError(t, err)
	require.Equal(t, planning.Proposed, r.Status())
	diff(t, p.Problem, r.Params())
	diff(t, p.Assignments, r.Assignments())
	diff(t, p.Problem.Pins, r.Pins())
	require.Equal(t, monday, r.Start())
	require.Equal(t, monday.AddDays(6), r.End())
	require.True(t, r.Covers(monday.AddDays(6)))
	require.False(t, r.Covers(monday.AddDays(7)))
	d, ok := r.DayOf(monday.AddDays(2))
	require.True(t, ok)
	require.Equal(t, 2, d)
	shift, err := r.Roster().Shift("bas", 1)
	require.NoError(t, err)
	require.Equal(t, "L", shift)
	_, adopted := r.Adoption()
	require.False(t, adopted)

	// What the caller keeps is a copy.
	p.Problem.Employees[0].Contract.MaxShifts["L"] = 7
	p.Assignments[0].Shift = "L"
	require.Equal(t, 2, r.Params().Employees[0].Contract.MaxShifts["L"])
	require.Equal(t, "E", r.Assignments()[0].Shift)
	ro := r.Roster()
	require.NoError(t, ro.Set("anouk", 3, "L"))
	diff(t, rosterParams().Assignments, r.Assignments())
}

func TestNewRosterRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*planning.RosterParams)
		field string
	}{
		{"no id", func(p *planning.RosterParams) { p.ID = "" }, "id"},
		{"bad team", func(p *planning.RosterParams) { p.Team = "team 1" }, "team"},
		{"no time", func(p *planning.RosterParams) { p.CreatedAt = time.Time{} }, "createdAt"},
		{"no start", func(p *planning.RosterParams) { p.Start = wijk.Date{} }, "start"},
		{"start on the wrong weekday", func(p *planning.RosterParams) { p.Start = monday.AddDays(1) }, "start"},
		{"bad problem", func(p *planning.RosterParams) { p.Problem.Days = 0 }, "problem.days"},
		{"unknown employee", func(p *planning.RosterParams) { p.Assignments[0].Employee = "cor" }, "assignments[0].employee"},
		{"day off as assignment", func(p *planning.RosterParams) { p.Assignments[0].Shift = "" }, "assignments[0].shift"},
		{"two shifts a day", func(p *planning.RosterParams) {
			p.Assignments = append(p.Assignments, roster.Assignment{Employee: "bas", Day: 1, Shift: "E"})
		}, "assignments[2]"},
		{"broken pin", func(p *planning.RosterParams) { p.Assignments = p.Assignments[1:] }, "pin 0"},
		{"broken day-off pin", func(p *planning.RosterParams) {
			p.Assignments = append(p.Assignments, roster.Assignment{Employee: "bas", Day: 2, Shift: "E"})
		}, "pin 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := rosterParams()
			tc.edit(&p)
			_, err := planning.NewRoster(p)
			requireInvalid(t, err, tc.field)
		})
	}
}

// The statuses move only forward: proposed, adopted, superseded; a
// proposed roster may also be superseded straight away.
func TestRosterTransitions(t *testing.T) {
	at := t0.Add(time.Hour)
	t.Run("adopt then supersede", func(t *testing.T) {
		r, err := planning.NewRoster(rosterParams())
		require.NoError(t, err)
		require.NoError(t, r.Adopt(dec, at))
		require.Equal(t, planning.Adopted, r.Status())
		require.ErrorIs(t, r.Adopt(dec, at), wijk.ErrConflict, "adopted once")
		p := rosterParams()
		require.ErrorIs(t, r.Revise(p.Problem, p.Assignments), wijk.ErrConflict, "an adopted roster is not revised")
		requireInvalid(t, r.Supersede(ids[2], at.Add(-time.Minute)), "at")
		requireInvalid(t, r.Supersede(r.ID(), at), "by")
		require.NoError(t, r.Supersede(ids[2], at.Add(time.Minute)))
		require.Equal(t, planning.Superseded, r.Status())
		sup, ok := r.SupersededBy()
		require.True(t, ok)
		diff(t, planning.Supersession{By: ids[2], At: at.Add(time.Minute)}, sup)
		ad, ok := r.Adoption()
		require.True(t, ok)
		diff(t, planning.Adoption{Decision: dec, At: at}, ad)
		require.ErrorIs(t, r.Supersede(ids[2], at.Add(time.Hour)), wijk.ErrConflict, "superseded once")
		require.ErrorIs(t, r.Adopt(dec, at.Add(time.Hour)), wijk.ErrConflict, "a superseded roster is not adopted")
	})
	t.Run("supersede a proposal", func(t *testing.T) {
		r, err := planning.NewRoster(rosterParams())
		require.NoError(t, err)
		require.NoError(t, r.Supersede(ids[2], at))
		_, ok := r.Adoption()
		require.False(t, ok)
		require.ErrorIs(t, r.Adopt(dec, at), wijk.ErrConflict)
	})
	t.Run("bad adoption", func(t *testing.T) {
		r, err := planning.NewRoster(rosterParams())
		require.NoError(t, err)
		requireInvalid(t, r.Adopt("", at), "decision")
		requireInvalid(t, r.Adopt(dec, time.Time{}), "at")
		requireInvalid(t, r.Adopt(dec, t0.Add(-time.Second)), "at")
		require.Equal(t, planning.Proposed, r.Status(), "a refused step changes nothing")
	})
}

func TestRosterRevise(t *testing.T) {
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	p := rosterParams()
	p.Problem.Pins = append(p.Problem.Pins, roster.Assignment{Employee: "bas", Day: 1, Shift: "L"})
	require.NoError(t, r.Revise(p.Problem, p.Assignments))
	diff(t, p.Problem.Pins, r.Pins())

	bad := rosterParams()
	bad.Problem.Days = 14
	requireInvalid(t, r.Revise(bad.Problem, bad.Assignments), "problem.days")
	bad = rosterParams()
	bad.Assignments = nil
	requireInvalid(t, r.Revise(bad.Problem, bad.Assignments), "pin")
	diff(t, p.Problem.Pins, r.Pins())
}

func TestRosterSnapshotRoundTrip(t *testing.T) {
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	for _, step := range []func() error{
		func() error { return nil },
		func() error { return r.Adopt(dec, t0.Add(time.Hour)) },
		func() error { return r.Supersede(ids[2], t0.Add(2*time.Hour)) },
	} {
		require.NoError(t, step())
		back, err := planning.RestoreRoster(r.Snapshot())
		require.NoError(t, err)
		diff(t, r.Snapshot(), back.Snapshot())
		diff(t, r.Params(), back.Params())
		require.Equal(t, r.Status(), back.Status())
	}
}

func TestRestoreRosterRefuses(t *testing.T) {
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	require.NoError(t, r.Adopt(dec, t0.Add(time.Hour)))
	tests := []struct {
		name  string
		edit  func(*planning.RosterSnapshot)
		field string
	}{
		{"no status", func(s *planning.RosterSnapshot) { s.Status = 0 }, "status"},
		{"adopted without decision", func(s *planning.RosterSnapshot) { s.AdoptedBy = "" }, "decision"},
		{"proposed with a decision", func(s *planning.RosterSnapshot) { s.Status = planning.Proposed }, "adoptedBy"},
		{"adopted with a successor", func(s *planning.RosterSnapshot) { s.SupersededBy = ids[2] }, "supersededBy"},
		{"superseded without successor", func(s *planning.RosterSnapshot) { s.Status = planning.Superseded }, "by"},
		{"a shift limited twice", func(s *planning.RosterSnapshot) {
			e := &s.Problem.Employees[0].Contract
			e.MaxShifts = append(e.MaxShifts, e.MaxShifts[0])
		}, "maxShifts[1]"},
		{"assignment off the problem", func(s *planning.RosterSnapshot) { s.Assignments[0].Day = 9 }, "assignments[0].day"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := r.Snapshot()
			tc.edit(&s)
			_, err := planning.RestoreRoster(s)
			requireInvalid(t, err, tc.field)
		})
	}
}

func TestStatusWords(t *testing.T) {
	for _, s := range []planning.Status{planning.Proposed, planning.Adopted, planning.Superseded} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back planning.Status
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, s, back)
		p, err := planning.ParseStatus(s.String())
		require.NoError(t, err)
		require.Equal(t, s, p)
	}
	require.Equal(t, "adopted", planning.Adopted.String())
	_, err := planning.Status(0).MarshalText()
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = planning.ParseStatus("decided")
	require.ErrorIs(t, err, wijk.ErrInvalid)
}
