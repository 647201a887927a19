// Package valid holds the small checks that wijk's domain packages share
// when they validate input: required text, length limits, ranges, times in
// the years 1 to 9999. Every check returns a *wijk.ValidationError naming
// the field, or nil.
package valid

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wijkzorg/wijk"
)

// Common length limits, in characters (runes).
const (
	// MaxName is the limit for names and short labels.
	MaxName = 200
	// MaxText is the limit for free text such as descriptions and notes.
	MaxText = 10000
)

// Text checks an optional free text: valid UTF-8, at most max runes, no NUL
// bytes.
func Text(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return wijk.Invalid(field, "must be valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return wijk.Invalid(field, "must not contain NUL characters")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return wijk.Invalid(field, "must be at most %d characters, got %d", max, n)
	}
	return nil
}

// Required checks a text that must hold more than white space, then applies
// [Text].
func Required(field, s string, max int) error {
	if strings.TrimSpace(s) == "" {
		return wijk.Invalid(field, "is required")
	}
	return Text(field, s, max)
}

// Name is [Required] with the [MaxName] limit, and no line breaks.
func Name(field, s string) error {
	if err := Required(field, s, MaxName); err != nil {
		return err
	}
	if strings.ContainsAny(s, "\r\n") {
		return wijk.Invalid(field, "must be a single line")
	}
	return nil
}

// Range checks lo <= v <= hi.
func Range(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return wijk.Invalid(field, "must be between %d and %d, got %d", lo, hi, v)
	}
	return nil
}

// MinYear and MaxYear bound the years, read in UTC, of the times wijk
// accepts: the years of [wijk.MinDate] and [wijk.MaxDate], and the range
// storage can write (encoding/json refuses years past 9999).
const (
	MinYear = 1
	MaxYear = 9999
)

// Time checks that a time is set and falls in the years [MinYear] to
// [MaxYear], read in UTC.
func Time(field string, t time.Time) error {
	if t.IsZero() {
		return wijk.Invalid(field, "is required")
	}
	return inYears(field, t)
}

// OptionalTime checks a time that may be left zero: when it is set, it must
// fall in the years [MinYear] to [MaxYear], read in UTC, as for [Time].
func OptionalTime(field string, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	return inYears(field, t)
}

// firstInstant and pastLastInstant bound the accepted times: from the
// start of the year MinYear up to, not including, the start of the year
// after MaxYear, in UTC.
var (
	firstInstant    = time.Date(MinYear, time.January, 1, 0, 0, 0, 0, time.UTC)
	pastLastInstant = time.Date(MaxYear+1, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// inYears compares t with the bounds rather than reading its year:
// time.Time.Year wraps around for times billions of years away.
func inYears(field string, t time.Time) error {
	if t.Before(firstInstant) || !t.Before(pastLastInstant) {
		return wijk.Invalid(field, "must be in the years %d to %d", MinYear, MaxYear)
	}
	return nil
}

// Date checks that a date is set.
func Date(field string, d wijk.Date) error {
	if d.IsZero() {
		return wijk.Invalid(field, "is required")
	}
	return nil
}

// Line checks a single line of valid UTF-8 of at most max bytes, with no
// control characters and no Unicode line or paragraph separator: a text
// that a line-by-line rendering (an audit log, a report) shows as one
// line, so that it can never forge another.
func Line(field, s string, max int) error {
	if len(s) > max {
		return wijk.Invalid(field, "must be at most %d bytes, got %d", max, len(s))
	}
	if !utf8.ValidString(s) {
		return wijk.Invalid(field, "must be valid UTF-8")
	}
	for i, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return wijk.Invalid(field, "must be a single line without control characters (found %U at byte %d)", r, i)
		}
	}
	return nil
}
