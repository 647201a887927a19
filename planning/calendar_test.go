package planning_test

import (
	"bytes"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/calendar"
	"github.com/wijkzorg/wijk/planning"
)

func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	return loc
}

// A member's shifts come out at the shift types' local times, with IDs of
// the team, member and day: a re-plan of the roster keeps them.
func TestCalendarShifts(t *testing.T) {
	loc := amsterdam(t)
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	got, err := planning.CalendarShifts(r, "anouk", loc)
	require.NoError(t, err)
	require.Equal(t, []calendar.Shift{{
		ID: "shift/" + string(teamID) + "/anouk/2026-03-02", Member: "anouk", Label: "E",
		Start: time.Date(2026, 3, 2, 7, 0, 0, 0, loc), End: time.Date(2026, 3, 2, 15, 0, 0, 0, loc),
	}}, got)

	p := rosterParams()
	p.ID = ids[2]
	again, err := planning.NewRoster(p)
	require.NoError(t, err)
	got2, err := planning.CalendarShifts(again, "anouk", loc)
	require.NoError(t, err)
	require.Equal(t, got[0].ID, got2[0].ID, "another roster of the same days keeps the shift's ID")

	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anouk", got, nil, calendar.Options{Domain: "example.org", Stamp: t0}))
	require.Contains(t, buf.String(), "DTSTART;TZID=Europe/Amsterdam:20260302T070000")

	_, err = planning.CalendarShifts(nil, "anouk", loc)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = planning.CalendarShifts(r, "", loc)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = planning.CalendarShifts(r, "anouk", nil)
	require.ErrorIs(t, err, wijk.ErrInvalid)
}

// A member's visits come out at their planned times, named by a reference
// only.
func TestCalendarVisits(t *testing.T) {
	loc := amsterdam(t)
	d, err := planning.NewDayPlan(dayParams())
	require.NoError(t, err)
	got, err := planning.CalendarVisits(d, "anouk", loc)
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, "visit/"+string(teamID)+"/2026-03-02/v2", got[0].ID)
	require.Equal(t, "2026-03-02 #1", got[0].Reference)
	require.Equal(t, time.Date(2026, 3, 2, 10, 0, 30, 0, loc), got[1].Start, "v3 is pinned at 600.5 minutes")
	require.Empty(t, got[0].Client)
	require.Empty(t, got[0].Address)
	for _, v := range got {
		require.True(t, v.End.After(v.Start))
	}
	none, err := planning.CalendarVisits(d, "nobody", loc)
	require.NoError(t, err)
	require.Empty(t, none)
	_, err = planning.CalendarVisits(nil, "anouk", loc)
	require.ErrorIs(t, err, wijk.ErrInvalid)
}
