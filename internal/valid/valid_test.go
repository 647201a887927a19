package valid_test

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

func TestChecks(t *testing.T) {
	east := time.FixedZone("+14", 14*3600)
	west := time.FixedZone("-12", -12*3600)
	const years = "must be in the years 1 to 9999"
	tests := []struct {
		name string
		err  error
		want *wijk.ValidationError // nil: accepted
	}{
		// Text: optional, valid UTF-8, no NUL, at most max runes.
		{"text empty", valid.Text("note", "", 5), nil},
		{"text at the limit in runes", valid.Text("note", "ééééé", 5), nil},
		{"text over the limit", valid.Text("note", "abcdef", 5), &wijk.ValidationError{Field: "note", Rule: "must be at most 5 characters, got 6"}},
		{"text invalid UTF-8", valid.Text("note", "a\xffb", 5), &wijk.ValidationError{Field: "note", Rule: "must be valid UTF-8"}},
		{"text with NUL", valid.Text("note", "a\x00b", 5), &wijk.ValidationError{Field: "note", Rule: "must not contain NUL characters"}},
		{"text with line breaks", valid.Text("note", "a\nb", 5), nil},
		{"text over the limit in runes", valid.Text("note", "éééééé", 5), &wijk.ValidationError{Field: "note", Rule: "must be at most 5 characters, got 6"}},

		// Line: one line of valid UTF-8, no control characters, at most max bytes.
		{"line empty", valid.Line("actor", "", 5), nil},
		{"line at the limit in bytes", valid.Line("actor", "ééx", 5), nil},
		{"line over the limit in bytes", valid.Line("actor", "ééé", 5), &wijk.ValidationError{Field: "actor", Rule: "must be at most 5 bytes, got 6"}},
		{"line invalid UTF-8", valid.Line("actor", "a\xff", 5), &wijk.ValidationError{Field: "actor", Rule: "must be valid UTF-8"}},
		{"line with a newline", valid.Line("actor", "a\nb", 5), &wijk.ValidationError{Field: "actor", Rule: "must be a single line without control characters (found U+000A at byte 1)"}},
		{"line with a tab", valid.Line("actor", "a\tb", 5), &wijk.ValidationError{Field: "actor", Rule: "must be a single line without control characters (found U+0009 at byte 1)"}},
		{"line with a line separator", valid.Line("actor", "\u2028", 5), &wijk.ValidationError{Field: "actor", Rule: "must be a single line without control characters (found U+2028 at byte 0)"}},
		{"line with a paragraph separator", valid.Line("actor", "a\u2029", 5), &wijk.ValidationError{Field: "actor", Rule: "must be a single line without control characters (found U+2029 at byte 1)"}},
		{"line with a next-line control", valid.Line("actor", "é\u0085", 5), &wijk.ValidationError{Field: "actor", Rule: "must be a single line without control characters (found U+0085 at byte 2)"}},
		{"line with DEL", valid.Line("actor", "a\x7f", 5), &wijk.ValidationError{Field: "actor", Rule: "must be a single line without control characters (found U+007F at byte 1)"}},
		{"line with an escape", valid.Line("actor", "\x1b[2J", 5), &wijk.ValidationError{Field: "actor", Rule: "must be a single line without control characters (found U+001B at byte 0)"}},
		{"line too long is reported before a control character", valid.Line("actor", "\n\n\n\n\n\n", 5), &wijk.ValidationError{Field: "actor", Rule: "must be at most 5 bytes, got 6"}},

		// Required: more than white space, then Text.
		{"required set", valid.Required("reason", "x", 5), nil},
		{"required empty", valid.Required("reason", "", 5), &wijk.ValidationError{Field: "reason", Rule: "is required"}},
		{"required blank", valid.Required("reason", " \t\n", 5), &wijk.ValidationError{Field: "reason", Rule: "is required"}},
		{"required too long", valid.Required("reason", "abcdef", 5), &wijk.ValidationError{Field: "reason", Rule: "must be at most 5 characters, got 6"}},
		{"required with NUL", valid.Required("reason", "a\x00", 5), &wijk.ValidationError{Field: "reason", Rule: "must not contain NUL characters"}},

		// Name: Required with MaxName, single line.
		{"name", valid.Name("name", "Wijkteam Noord"), nil},
		{"name at MaxName", valid.Name("name", strings.Repeat("a", valid.MaxName)), nil},
		{"name over MaxName", valid.Name("name", strings.Repeat("a", valid.MaxName+1)), &wijk.ValidationError{Field: "name", Rule: "must be at most 200 characters, got 201"}},
		{"name blank", valid.Name("name", "  "), &wijk.ValidationError{Field: "name", Rule: "is required"}},
		{"name two lines", valid.Name("name", "a\nb"), &wijk.ValidationError{Field: "name", Rule: "must be a single line"}},
		{"name carriage return", valid.Name("name", "a\rb"), &wijk.ValidationError{Field: "name", Rule: "must be a single line"}},
		{"name with NUL", valid.Name("name", "a\x00"), &wijk.ValidationError{Field: "name", Rule: "must not contain NUL characters"}},
		{"name invalid UTF-8", valid.Name("name", "\xff"), &wijk.ValidationError{Field: "name", Rule: "must be valid UTF-8"}},

		// Range: lo <= v <= hi.
		{"range low end", valid.Range("n", 1, 1, 5), nil},
		{"range high end", valid.Range("n", 5, 1, 5), nil},
		{"range below", valid.Range("n", 0, 1, 5), &wijk.ValidationError{Field: "n", Rule: "must be between 1 and 5, got 0"}},
		{"range above", valid.Range("n", 6, 1, 5), &wijk.ValidationError{Field: "n", Rule: "must be between 1 and 5, got 6"}},
		{"range of one value", valid.Range("n", 3, 3, 3), nil},
		{"range empty", valid.Range("n", 3, 4, 2), &wijk.ValidationError{Field: "n", Rule: "must be between 4 and 2, got 3"}},
		{"range MinInt", valid.Range("n", math.MinInt, 1, 5), &wijk.ValidationError{Field: "n", Rule: "must be between 1 and 5, got -9223372036854775808"}},

		// Time: set, and in the years 1 to 9999 read in UTC.
		{"time", valid.Time("at", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), nil},
		{"time zero", valid.Time("at", time.Time{}), &wijk.ValidationError{Field: "at", Rule: "is required"}},
		{"time first instant after zero", valid.Time("at", time.Time{}.Add(time.Nanosecond)), nil},
		{"time last instant of 9999", valid.Time("at", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)), nil},
		{"time start of 10000", valid.Time("at", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time year 10000", valid.Time("at", time.Date(10000, 6, 1, 0, 0, 0, 0, time.UTC)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time year 0", valid.Time("at", time.Date(0, 6, 1, 0, 0, 0, 0, time.UTC)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time last instant of year 0", valid.Time("at", time.Time{}.Add(-time.Nanosecond)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time negative year", valid.Time("at", time.Date(-44, 3, 15, 0, 0, 0, 0, time.UTC)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time far future", valid.Time("at", time.Date(1e9, 1, 1, 0, 0, 0, 0, time.UTC)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time Unix MinInt64", valid.Time("at", time.Unix(math.MinInt64, 0)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time zero less MinInt64 ns", valid.Time("at", time.Time{}.Add(math.MinInt64)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time zero plus MaxInt64 ns", valid.Time("at", time.Time{}.Add(math.MaxInt64)), nil},
		// The year is read in UTC, not in the time's own zone.
		{"time year 10000 locally, 9999 in UTC", valid.Time("at", time.Date(9999, 12, 31, 12, 0, 0, 0, time.UTC).In(east)), nil},
		{"time year 9999 locally, 10000 in UTC", valid.Time("at", time.Date(9999, 12, 31, 20, 0, 0, 0, west)), &wijk.ValidationError{Field: "at", Rule: years}},
		{"time year 0 locally, 1 in UTC", valid.Time("at", time.Date(1, 1, 1, 6, 0, 0, 0, time.UTC).In(west)), nil},
		{"time year 1 locally, 0 in UTC", valid.Time("at", time.Date(1, 1, 1, 6, 0, 0, 0, east)), &wijk.ValidationError{Field: "at", Rule: years}},

		// OptionalTime: zero is fine; a set time is range-checked.
		{"optional time zero", valid.OptionalTime("testedAt", time.Time{}), nil},
		{"optional time set", valid.OptionalTime("testedAt", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), nil},
		{"optional time year 10000", valid.OptionalTime("testedAt", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), &wijk.ValidationError{Field: "testedAt", Rule: years}},
		{"optional time year 0", valid.OptionalTime("testedAt", time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)), &wijk.ValidationError{Field: "testedAt", Rule: years}},
		{"optional time zero in another zone", valid.OptionalTime("testedAt", time.Time{}.In(east)), nil},

		// Date: set (every Date is within MinDate–MaxDate).
		{"date", valid.Date("on", wijk.NewDate(2026, 3, 2)), nil},
		{"date MinDate", valid.Date("on", wijk.MinDate), nil},
		{"date MaxDate", valid.Date("on", wijk.MaxDate), nil},
		{"date zero", valid.Date("on", wijk.Date{}), &wijk.ValidationError{Field: "on", Rule: "is required"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == nil {
				require.NoError(t, tc.err)
				return
			}
			require.ErrorIs(t, tc.err, wijk.ErrInvalid)
			for _, kind := range []error{wijk.ErrNotFound, wijk.ErrConflict, wijk.ErrForbidden} {
				require.NotErrorIs(t, tc.err, kind)
			}
			var ve *wijk.ValidationError
			require.ErrorAs(t, tc.err, &ve)
			if d := cmp.Diff(tc.want, ve); d != "" {
				t.Fatalf("error (-want +got):\n%s", d)
			}
		})
	}
}

// The bounds are the years of wijk.MinDate and wijk.MaxDate.
func TestYearsMatchDates(t *testing.T) {
	y, _, _ := wijk.MinDate.Date()
	require.Equal(t, valid.MinYear, y)
	y, _, _ = wijk.MaxDate.Date()
	require.Equal(t, valid.MaxYear, y)
	require.NoError(t, valid.Time("at", wijk.MinDate.Time().Add(time.Nanosecond)))
	require.NoError(t, valid.Time("at", wijk.MaxDate.In(time.UTC, 24*60-1)))
}

// FuzzLine: whatever Line accepts is one line a line-by-line rendering
// shows as one, within the limit; whatever it refuses names the field.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "Anna de Vries", "a\nb", "\u2028", "é\u0085", "\xff", strings.Repeat("x", 20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := valid.Line("actor", s, 16)
		if err != nil {
			var ve *wijk.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, "actor", ve.Field)
			return
		}
		require.LessOrEqual(t, len(s), 16)
		require.True(t, utf8.ValidString(s))
		require.False(t, strings.ContainsFunc(s, func(r rune) bool {
			return r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0
		}), "an accepted line holds no line break and no NUL")
	})
}

// FuzzName: Name accepts nothing Required or Text refuses, and never a
// text of more than one line.
func FuzzName(f *testing.F) {
	for _, s := range []string{"", " ", "Wijkteam Noord", "a\nb", "a\x00", "\xff", strings.Repeat("é", valid.MaxName+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if valid.Name("name", s) != nil {
			return
		}
		require.NoError(t, valid.Required("name", s, valid.MaxName))
		require.NoError(t, valid.Text("name", s, valid.MaxName))
		require.NotEmpty(t, strings.TrimSpace(s))
		require.NotContains(t, s, "\n")
		require.NotContains(t, s, "\r")
		require.LessOrEqual(t, utf8.RuneCountInString(s), valid.MaxName)
	})
}
