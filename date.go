package wijk

import (
	"fmt"
	"math"
	"time"
)

// Date is a calendar day with no time of day and no time zone: a date of
// birth, a review date, the day a visit is due. The zero Date means "no
// date" and is never valid where a date is required; check with IsZero.
// Dates compare with ==, and order with Before, After and Compare.
type Date struct {
	// n is the number of days since 0001-01-01, plus one; 0 is no date.
	n int32
}

var dateEpoch = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)

// minN and maxN are the values of Date.n for 0001-01-01 and 9999-12-31.
// The arithmetic below uses them rather than MinDate and MaxDate, which are
// variables.
const (
	minN = 1
	maxN = 3652059
)

// daysPer400Years is the length of the Gregorian cycle: the calendar
// repeats every 400 years, so (y, m, d) plus this many days is (y+400, m, d).
const daysPer400Years = 146097

// MinDate and MaxDate bound the dates wijk accepts: years 1 to 9999.
var (
	MinDate = NewDate(1, time.January, 1)
	MaxDate = NewDate(9999, time.December, 31)
)

// NewDate returns the date year-month-day. Out-of-range values are
// normalised as time.Date does (January 32 is February 1); years outside
// 1–9999 are clamped to MinDate or MaxDate. Any int values are accepted:
// the result is the clamped true date even where time.Date's own int
// arithmetic would overflow.
func NewDate(year int, month time.Month, day int) Date {
	// Bring the month into 1–12 and the day into the first 400 years after
	// the 1st of that month, moving whole months and whole Gregorian cycles
	// into the year, in int64 without overflow. Then the year decides
	// whether the date is out of range, and time.Date only ever sees small
	// values.
	m := int64(month)
	yq, mr := m/12, m%12-1 // month-1 = 12*yq + mr, with mr in [-12, 10]
	if mr < 0 {
		mr += 12
		yq--
	}
	dd := int64(day)
	cq, dr := dd/daysPer400Years, dd%daysPer400Years-1 // day-1 = cycles*cq + dr
	if dr < 0 {
		dr += daysPer400Years
		cq--
	}
	// |yq| <= MaxInt64/12 and |400*cq| <= 400*MaxInt64/146097, so the shift
	// itself cannot overflow; adding it to the year saturates.
	y := saturatingAdd(int64(year), yq+400*cq)
	switch {
	case y > 9999:
		// The day offset only moves the date later.
		return Date{n: maxN}
	case y < -399:
		// The date is before (y+400)-month-01, so its year is at most 0.
		return Date{n: minN}
	}
	return DateOf(time.Date(int(y), time.Month(mr+1), int(dr+1), 0, 0, 0, 0, time.UTC))
}

// saturatingAdd returns a+b, or the int64 bound it would overflow.
func saturatingAdd(a, b int64) int64 {
	switch {
	case b > 0 && a > math.MaxInt64-b:
		return math.MaxInt64
	case b < 0 && a < math.MinInt64-b:
		return math.MinInt64
	}
	return a + b
}

// dateOfMargin is how far (in seconds) outside the years 1–9999, measured
// in UTC, a time is read as its calendar date; beyond it DateOf clamps
// without reading the calendar. Two days cover every time zone offset.
const dateOfMargin = 2 * 86400

// DateOf returns the calendar date of t, read in t's own location. Times
// before the year 1 give MinDate, times after the year 9999 give MaxDate.
func DateOf(t time.Time) Date {
	// time.Time.Date wraps around for times billions of years away, so
	// clamp those by their Unix time (which does not) first.
	switch u := t.Unix(); {
	case u < dateEpoch.Unix()-dateOfMargin:
		return Date{n: minN}
	case u > dateEpoch.Unix()+maxN*86400+dateOfMargin:
		return Date{n: maxN}
	}
	y, m, d := t.Date()
	if y < 1 {
		return Date{n: minN}
	}
	if y > 9999 {
		return Date{n: maxN}
	}
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{n: int32((u.Unix()-dateEpoch.Unix())/86400) + 1}
}

// ParseDate reads a date in the form 2006-01-02. The error matches
// [ErrInvalid] and names the field "date"; it quotes at most the first
// few bytes of s, so that a hostile input of megabytes costs no more than
// reading its length.
func ParseDate(s string) (Date, error) {
	// The form has exactly ten bytes; time.Parse would also refuse any
	// other length, but only after copying and quoting all of it.
	if len(s) != len(time.DateOnly) {
		return Date{}, Invalid("date", "must be a date of the form YYYY-MM-DD, got %s", clip(s))
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Invalid("date", "must be a date of the form YYYY-MM-DD, got %s", clip(s))
	}
	if t.Year() < 1 {
		return Date{}, Invalid("date", "must be in the years 1 to 9999")
	}
	return DateOf(t), nil
}

// clipLen is how many bytes of a refused input an error quotes.
const clipLen = 32

// clip quotes s for an error message: whole when short, else its first
// clipLen bytes and its length.
func clip(s string) string {
	if len(s) <= clipLen {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q… (%d bytes)", s[:clipLen], len(s))
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.n == 0 }

// Time returns midnight UTC at the start of d; the zero Date gives the zero
// time.
func (d Date) Time() time.Time {
	if d.n == 0 {
		return time.Time{}
	}
	return time.Unix(dateEpoch.Unix()+int64(d.n-1)*86400, 0).UTC()
}

// In returns the moment the given minute of the day d begins in loc; a nil
// loc means UTC.
func (d Date) In(loc *time.Location, minuteOfDay int) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, minuteOfDay, 0, 0, loc)
}

// Date returns the year, month and day of d.
func (d Date) Date() (year int, month time.Month, day int) {
	return d.Time().Date()
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// AddDays returns d plus n days (n may be negative), clamped to the range
// MinDate–MaxDate for every n, math.MinInt and math.MaxInt included. The
// zero Date stays zero.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return d
	}
	// Compare n with the room left on either side instead of adding, which
	// could overflow.
	switch {
	case n >= int(maxN-d.n):
		return Date{n: maxN}
	case n <= int(minN-d.n):
		return Date{n: minN}
	}
	return Date{n: d.n + int32(n)}
}

// DaysSince returns the number of days from e to d (negative if d is
// earlier). Every date lies within 3,652,058 days of every other, so the
// result fits an int on every platform; a zero Date counts as the day
// before MinDate.
func (d Date) DaysSince(e Date) int { return int(d.n) - int(e.n) }

// Equal reports whether d and e are the same date (the same as d == e; it
// lets comparison libraries such as go-cmp compare dates).
func (d Date) Equal(e Date) bool { return d.n == e.n }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// String returns the date as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.n == 0 {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// MarshalText encodes d as 2006-01-02 (empty for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a date written by MarshalText.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// GoString makes dates readable in test failure output.
func (d Date) GoString() string { return fmt.Sprintf("wijk.Date(%q)", d.String()) }
