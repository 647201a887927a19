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

var secret = []byte("a deployment's secret, 32 bytes.")

// A member's shifts come out at the shift types' local times, with IDs of
// the team, member and day: a re-plan of the roster keeps them.
func TestCalendarShifts(t *testing.T) {
	loc := amsterdam(t)
	r, err := planning.NewRoster(rosterParams())
	require.NoError(t, err)
	got, err := planning.CalendarShifts(r, "anouk")
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "shift/"+string(teamID)+"/anouk/2026-03-02", got[0].ID)
	require.Equal(t, "anouk", got[0].Member)
	require.Equal(t, "E", got[0].Label)
	require.True(t, got[0].Start.Equal(time.Date(2026, 3, 2, 7, 0, 0, 0, loc)), "%v", got[0].Start)
	require.True(t, got[0].End.Equal(time.Date(2026, 3, 2, 15, 0, 0, 0, loc)), "%v", got[0].End)

	p := rosterParams()
	p.ID = ids[2]
	again, err := planning.NewRoster(p)
	require.NoError(t, err)
	got2, err := planning.CalendarShifts(again, "anouk")
	require.NoError(t, err)
	require.Equal(t, got[0].ID, got2[0].ID, "another roster of the same days keeps the shift's ID")

	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anouk", got, nil, calendar.Options{Domain: "example.org", Stamp: t0}))
	require.Contains(t, buf.String(), "DTSTART;TZID=Europe/Amsterdam:20260302T070000")

	_, err = planning.CalendarShifts(nil, "anouk")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = planning.CalendarShifts(r, "")
	require.ErrorIs(t, err, wijk.ErrInvalid)
}

// A member's visits come out at their planned wall-clock times, also on
// the day summer time starts, named by a reference only; their IDs name no
// client, and stay the same in a re-plan of the day.
func TestCalendarVisits(t *testing.T) {
	loc := amsterdam(t)
	d, err := planning.NewDayPlan(dayParams())
	require.NoError(t, err)
	got, err := planning.CalendarVisits(d, "anouk", secret)
	require.NoError(t, err)
	require.Len(t, got, 2)
	for _, v := range got {
		require.Regexp(t, `^visit-[0-9a-f]{32}$`, v.ID, "an opaque ID, naming neither client nor visit")
	}
	p := dayParams()
	p.ID = ids[2]
	again, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	got2, err := planning.CalendarVisits(again, "anouk", secret)
	require.NoError(t, err)
	require.Equal(t, got[0].ID, got2[0].ID, "another plan of the same day keeps the visit's ID")
	other, err := planning.CalendarVisits(d, "anouk", []byte("another deployment's secret...."))
	require.NoError(t, err)
	require.NotEqual(t, got[0].ID, other[0].ID)
	require.Equal(t, "2026-03-02 #1", got[0].Reference)
	require.True(t, time.Date(2026, 3, 2, 10, 0, 30, 0, loc).Equal(got[1].Start), "v3 is pinned at 600.5 minutes: %v", got[1].Start)
	require.Empty(t, got[0].Client)
	require.Empty(t, got[0].Address)
	for _, v := range got {
		require.True(t, v.End.After(v.Start))
	}
	none, err := planning.CalendarVisits(d, "nobody", secret)
	require.NoError(t, err)
	require.Empty(t, none)
	_, err = planning.CalendarVisits(nil, "anouk", secret)
	require.ErrorIs(t, err, wijk.ErrInvalid)
	_, err = planning.CalendarVisits(d, "anouk", []byte("short"))
	require.ErrorIs(t, err, wijk.ErrInvalid)

	// On 29 March 2026 the clocks go from 02:00 to 03:00: a visit planned
	// at 600.5 minutes is at 10:00:30 on the clock all the same.
	p = dayParams()
	p.Day = wijk.NewDate(2026, 3, 29)
	p.Problem.Nurses[0].ShiftStart = 420
	sunday, err := planning.NewDayPlan(p)
	require.NoError(t, err)
	vs, err := planning.CalendarVisits(sunday, "anouk", secret)
	require.NoError(t, err)
	require.True(t, time.Date(2026, 3, 29, 10, 0, 30, 0, loc).Equal(vs[1].Start), "%v", vs[1].Start)
}
