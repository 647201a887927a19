package wijk

import (
	"fmt"
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

// MinDate and MaxDate bound the dates wijk accepts: years 1 to 9999.
var (
	MinDate = NewDate(1, time.January, 1)
	MaxDate = NewDate(9999, time.December, 31)
)

// NewDate returns the date year-month-day. Out-of-range values are
// normalised as time.Date does (January 32 is February 1); years outside
// 1–9999 are clamped to MinDate or MaxDate.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t, read in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	if y < 1 {
		return Date{n: 1}
	}
	if y > 9999 {
		y, m, d = 9999, time.December, 31
	}
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{n: int32((u.Unix()-dateEpoch.Unix())/86400) + 1}
}

// ParseDate reads a date in the form 2006-01-02. The error matches
// [ErrInvalid] and names the field "date".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Invalid("date", "must be a date of the form YYYY-MM-DD, got %q", s)
	}
	if t.Year() < 1 {
		return Date{}, Invalid("date", "must be in the years 1 to 9999")
	}
	return DateOf(t), nil
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

// In returns the moment the given minute of the day d begins in loc.
func (d Date) In(loc *time.Location, minuteOfDay int) time.Time {
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
// MinDate–MaxDate. The zero Date stays zero.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return d
	}
	v := int64(d.n) + int64(n)
	switch {
	case v < int64(MinDate.n):
		v = int64(MinDate.n)
	case v > int64(MaxDate.n):
		v = int64(MaxDate.n)
	}
	return Date{n: int32(v)}
}

// DaysSince returns the number of days from e to d (negative if d is
// earlier).
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
