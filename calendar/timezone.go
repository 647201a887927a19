package calendar

import (
	"math"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
)

// TZID is the time zone every calendar of this package is written in.
const TZID = "Europe/Amsterdam"

// vtimezone describes Europe/Amsterdam as it has been since 1996, under
// the rules of the European Union: Central European Time (UTC+1), and
// Central European Summer Time (UTC+2) from 01:00 UTC on the last Sunday
// of March to 01:00 UTC on the last Sunday of October. In local time the
// clocks go from 02:00 to 03:00 in March and from 03:00 back to 02:00 in
// October. Each DTSTART is the first onset under its rule, written in the
// local time in force before the change, as RFC 5545 (3.6.5) asks.
var vtimezone = strings.Join([]string{
	"BEGIN:VTIMEZONE",
	"TZID:" + TZID,
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19810329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19961027T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
	"",
}, "\r\n")

const (
	utcFormat   = "20060102T150405Z"
	localFormat = "20060102T150405"
)

// lastSunday returns 01:00 UTC on the last Sunday of month in year: the
// instant the EU clocks change.
func lastSunday(year int, month time.Month) time.Time {
	last := time.Date(year, month+1, 0, 1, 0, 0, 0, time.UTC)
	return last.AddDate(0, 0, -int(last.Weekday()))
}

// amsterdam returns the wall-clock time of t in Europe/Amsterdam under
// the rules of vtimezone (as a time whose fields are the wall clock), and
// whether that wall time is ambiguous: in the hour from 02:00 to 03:00
// that the last Sunday of October has twice. It uses the same rules the
// calendar states, not the host's time zone database, so that what is
// written and what it is read as always agree.
func amsterdam(t time.Time) (wall time.Time, ambiguous bool) {
	u := t.UTC()
	summerStart := lastSunday(u.Year(), time.March)
	summerEnd := lastSunday(u.Year(), time.October)
	ambiguous = !u.Before(summerEnd.Add(-time.Hour)) && u.Before(summerEnd.Add(time.Hour))
	if !u.Before(summerStart) && u.Before(summerEnd) {
		return u.Add(2 * time.Hour), ambiguous
	}
	return u.Add(time.Hour), ambiguous
}

// localProp returns the parameters and value of a DTSTART or DTEND for t:
// ";TZID=Europe/Amsterdam:YYYYMMDDTHHMMSS" in local time. A local time in
// the hour that October repeats is ambiguous: RFC 5545 (3.3.5) says it
// means the first occurrence, but readers differ (Go's time package, for
// one, takes the second). So an instant in that hour, in either
// occurrence, is written in UTC instead (":YYYYMMDDTHHMMSSZ"), which every
// reader reads the same.
func localProp(t time.Time) string {
	wall, ambiguous := amsterdam(t)
	if ambiguous {
		return ":" + t.UTC().Format(utcFormat)
	}
	return ";TZID=" + TZID + ":" + wall.Format(localFormat)
}

// Local returns the instant at which clocks in Europe/Amsterdam show
// minute minutes after midnight of date (more than a day's minutes reach
// into the next; a fraction is seconds), under the rules this package
// writes in its VTIMEZONE, so that an event built from it is written as
// that wall time. A wall time in the hour the last Sunday of October has
// twice is its first occurrence, as RFC 5545 reads it; one in the hour
// the last Sunday of March skips is read with the offset before the
// change, as RFC 5545 reads it too.
func Local(date wijk.Date, minute float64) time.Time {
	y, m, d := date.Date()
	whole := math.Floor(minute)
	wall := time.Date(y, m, d, 0, int(whole), 0, 0, time.UTC).Add(time.Duration((minute - whole) * float64(time.Minute)))
	if summer := wall.Add(-2 * time.Hour); sameWall(summer, wall) {
		return summer
	}
	return wall.Add(-time.Hour)
}

// sameWall reports whether clocks in Amsterdam show wall at instant u.
func sameWall(u, wall time.Time) bool {
	w, _ := amsterdam(u)
	return w.Equal(wall)
}
