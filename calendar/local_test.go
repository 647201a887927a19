package calendar_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/calendar"
)

// Local gives the instant Amsterdam's clocks show a wall time at, as the
// time zone database has it, on ordinary days and on the days the clocks
// change, for every quarter of an hour and a fraction.
func TestLocal(t *testing.T) {
	loc, err := time.LoadLocation(calendar.TZID)
	require.NoError(t, err)
	for _, day := range []wijk.Date{
		wijk.NewDate(2026, 1, 15), wijk.NewDate(2026, 7, 1),
		wijk.NewDate(2026, 3, 29), wijk.NewDate(2026, 10, 25), // the changes of 2026
		wijk.NewDate(2031, 3, 30), wijk.NewDate(2031, 10, 26),
	} {
		for m := 0.0; m < 2*1440; m += 15.5 {
			y, mo, d := day.Date()
			whole := int(m)
			want := time.Date(y, mo, d, 0, whole, 0, 0, loc).Add(30 * time.Second * time.Duration(int(2*(m-float64(whole)))))
			got := calendar.Local(day, m)
			if !got.Equal(want) {
				// The time zone database and RFC 5545 differ only in the
				// hours that are skipped or repeated: Local follows the RFC.
				w := got.In(loc)
				require.True(t, w.Hour() >= 2 && w.Hour() <= 3, "%s minute %v: got %v, want %v", day, m, got, want)
			}
		}
	}
	// 10:00:30 on the day summer time starts is 08:00:30 UTC.
	require.Equal(t, time.Date(2026, 3, 29, 8, 0, 30, 0, time.UTC), calendar.Local(wijk.NewDate(2026, 3, 29), 600.5).UTC())
	// 02:30 on the October day is its first occurrence, in summer time.
	require.Equal(t, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), calendar.Local(wijk.NewDate(2026, 10, 25), 150).UTC())
}
