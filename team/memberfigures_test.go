package team_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

func TestMemberFigures(t *testing.T) {
	tm := newTeam(t)
	from, to := tm.Founded(), tm.Founded().AddDays(6)
	h := time.Hour
	hours := []team.HoursRecord{
		{Person: anneID, Day: from, Worked: 8 * h, ClientFacing: 5 * h, Travel: h},
		{Person: anneID, Day: from.AddDays(1), Worked: 6 * h, ClientFacing: 4 * h},
		{Person: bramID, Day: from, Worked: 4 * h, ClientFacing: 3 * h, Sick: 4 * h},
		{Person: bramID, Day: to.AddDays(1), Worked: 8 * h, ClientFacing: 8 * h}, // after the period: ignored
	}
	got, err := tm.MemberFigures(hours, from, to)
	require.NoError(t, err)
	require.Len(t, got, tm.Size())
	anne, bram := got[0], got[1]
	require.Equal(t, anneID, anne.Person)
	require.Equal(t, 14*h, anne.Worked)
	require.Equal(t, 9*h, anne.ClientFacing)
	require.Equal(t, 2, anne.Days)
	require.InDelta(t, 9.0/14.0, anne.Productivity.Value(), 1e-9)
	require.Equal(t, 4*h, bram.Sick)
	require.Equal(t, 1, bram.Days)
	require.False(t, got[2].Productivity.Defined(), "a member without records has no productivity")

	_, err = tm.MemberFigures(append(hours, hours[0]), from, to)
	require.ErrorIs(t, err, wijk.ErrInvalid, "a second record for one member and day")
	_, err = tm.MemberFigures([]team.HoursRecord{{Person: person(77), Day: from, Worked: h}}, from, to)
	require.ErrorIs(t, err, wijk.ErrInvalid, "a record of a stranger")
	_, err = tm.MemberFigures(nil, to, from)
	require.ErrorIs(t, err, wijk.ErrInvalid)
}
