package wijk_test

import (
	"encoding/json"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
)

func TestDate(t *testing.T) {
	d := wijk.NewDate(2026, time.February, 27)
	require.Equal(t, "2026-02-27", d.String())
	require.Equal(t, time.Friday, d.Weekday())
	require.Equal(t, wijk.NewDate(2026, time.March, 2), d.AddDays(3))
	require.Equal(t, wijk.NewDate(2025, time.December, 31), wijk.NewDate(2026, time.January, 1).AddDays(-1))
	require.Equal(t, 3, d.AddDays(3).DaysSince(d))
	require.True(t, d.Before(d.AddDays(1)))
	require.True(t, d.AddDays(1).After(d))
	require.Equal(t, 0, d.Compare(wijk.NewDate(2026, 2, 27)))
	require.True(t, d.Equal(wijk.NewDate(2026, 2, 27)))
	require.False(t, d.Equal(d.AddDays(1)))
	require.Equal(t, wijk.NewDate(2026, time.March, 1), wijk.NewDate(2026, time.February, 29), "normalised like time.Date")
	require.Equal(t, time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC), d.Time())

	amsterdam := time.FixedZone("CET", 3600)
	require.Equal(t, time.Date(2026, 2, 27, 7, 30, 0, 0, amsterdam), d.In(amsterdam, 7*60+30))
	// 23:30 UTC is already the next day in Amsterdam: the date is read in
	// the time's own location.
	late := time.Date(2026, 2, 27, 23, 30, 0, 0, time.UTC).In(amsterdam)
	require.Equal(t, d.AddDays(1), wijk.DateOf(late))
}

func TestZeroDate(t *testing.T) {
	var z wijk.Date
	require.True(t, z.IsZero())
	require.Equal(t, "", z.String())
	require.True(t, z.Time().IsZero())
	require.Equal(t, z, z.AddDays(5))
	require.False(t, wijk.NewDate(1, 1, 1).IsZero())
}

func TestDateClampsToSupportedYears(t *testing.T) {
	require.Equal(t, wijk.MaxDate, wijk.NewDate(12000, 1, 1))
	require.Equal(t, wijk.MinDate, wijk.NewDate(-5, 1, 1))
	require.Equal(t, wijk.MaxDate, wijk.MaxDate.AddDays(10))
	require.Equal(t, wijk.MinDate, wijk.MinDate.AddDays(-10))
}

func TestParseDate(t *testing.T) {
	d, err := wijk.ParseDate("1941-05-14")
	require.NoError(t, err)
	require.Equal(t, wijk.NewDate(1941, time.May, 14), d)
	for _, bad := range []string{"", "14-05-1941", "1941-02-30", "1941-5-14", "0000-01-01", "2026-01-01T00:00:00Z"} {
		_, err := wijk.ParseDate(bad)
		require.ErrorIs(t, err, wijk.ErrInvalid, bad)
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		Born wijk.Date `json:"born"`
		Left wijk.Date `json:"left"`
	}
	in := rec{Born: wijk.NewDate(1941, 5, 14)}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"born":"1941-05-14","left":""}`, string(b))
	var out rec
	require.NoError(t, json.Unmarshal(b, &out))
	require.Equal(t, in, out)
	require.Error(t, json.Unmarshal([]byte(`{"born":"yesterday"}`), &out))
}

// TestParseDateHostileInputIsCheap: a refused input of megabytes costs
// about nothing and is not echoed whole. Before, the error quoted the
// whole input: 50 MB of NUL bytes took 1.5 GB and ten seconds, enough to
// get a fuzzing worker killed without a reproducible failure.
func TestParseDateHostileInputIsCheap(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("\x00", 8<<20),
		"2026-01-01" + strings.Repeat("\x7f", 8<<20),
		strings.Repeat("2026-01-01", 1<<20),
		"2026-01-01 ",
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := wijk.ParseDate(s)
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, wijk.ErrInvalid)
		require.Less(t, len(err.Error()), 300, "the error quotes a bounded prefix")
		require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "refusing %d bytes allocates little", len(s))
	}
	_, err := wijk.ParseDate("2026-1-01")
	require.EqualError(t, err, `invalid date: must be a date of the form YYYY-MM-DD, got "2026-1-01"`)
	_, err = wijk.ParseDate(strings.Repeat("x", 40))
	require.EqualError(t, err, `invalid date: must be a date of the form YYYY-MM-DD, got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (40 bytes)`)
}

func FuzzParseDate(f *testing.F) {
	f.Add("2026-02-27")
	f.Add("9999-12-31")
	f.Add("0001-01-01")
	f.Add("2026-13-01")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := wijk.ParseDate(s)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			return
		}
		require.False(t, d.IsZero())
		again, err := wijk.ParseDate(d.String())
		require.NoError(t, err)
		require.Equal(t, d, again)
	})
}

// daysInRange is MaxDate.DaysSince(MinDate): 0001-01-01 to 9999-12-31.
const daysInRange = 3652058

func TestDateAddDaysClamps(t *testing.T) {
	d := wijk.NewDate(2026, time.January, 1)
	for _, tc := range []struct {
		name string
		d    wijk.Date
		n    int
		want wijk.Date
	}{
		{"zero days", d, 0, d},
		{"one day", d, 1, wijk.NewDate(2026, time.January, 2)},
		{"back a day", d, -1, wijk.NewDate(2025, time.December, 31)},
		{"MaxInt", d, math.MaxInt, wijk.MaxDate},
		{"MaxInt-1", d, math.MaxInt - 1, wijk.MaxDate},
		{"MinInt", d, math.MinInt, wijk.MinDate},
		{"MinInt+1", d, math.MinInt + 1, wijk.MinDate},
		{"MaxInt32", d, math.MaxInt32, wijk.MaxDate},
		{"MinInt32", d, math.MinInt32, wijk.MinDate},
		{"MaxUint32", d, math.MaxUint32, wijk.MaxDate},
		{"1<<62", d, 1 << 62, wijk.MaxDate},
		{"-1<<62", d, -1 << 62, wijk.MinDate},
		{"MaxDate plus MaxInt", wijk.MaxDate, math.MaxInt, wijk.MaxDate},
		{"MaxDate plus one", wijk.MaxDate, 1, wijk.MaxDate},
		{"MaxDate minus one", wijk.MaxDate, -1, wijk.NewDate(9999, time.December, 30)},
		{"MaxDate plus MinInt", wijk.MaxDate, math.MinInt, wijk.MinDate},
		{"MaxDate back to MinDate exactly", wijk.MaxDate, -daysInRange, wijk.MinDate},
		{"MaxDate back past MinDate", wijk.MaxDate, -daysInRange - 1, wijk.MinDate},
		{"MinDate plus MinInt", wijk.MinDate, math.MinInt, wijk.MinDate},
		{"MinDate minus one", wijk.MinDate, -1, wijk.MinDate},
		{"MinDate plus one", wijk.MinDate, 1, wijk.NewDate(1, time.January, 2)},
		{"MinDate plus MaxInt", wijk.MinDate, math.MaxInt, wijk.MaxDate},
		{"MinDate to MaxDate exactly", wijk.MinDate, daysInRange, wijk.MaxDate},
		{"MinDate to the day before MaxDate", wijk.MinDate, daysInRange - 1, wijk.NewDate(9999, time.December, 30)},
		{"zero Date plus MaxInt", wijk.Date{}, math.MaxInt, wijk.Date{}},
		{"zero Date plus MinInt", wijk.Date{}, math.MinInt, wijk.Date{}},
		{"zero Date plus one", wijk.Date{}, 1, wijk.Date{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.d.AddDays(tc.n))
		})
	}
}

func TestNewDateHugeValues(t *testing.T) {
	for _, tc := range []struct {
		name       string
		year       int
		month      time.Month
		day        int
		want       wijk.Date
		sameAsTime bool // time.Date gets these right too: compare
	}{
		{"MaxInt year", math.MaxInt, time.January, 1, wijk.MaxDate, false},
		{"MinInt year", math.MinInt, time.January, 1, wijk.MinDate, false},
		{"MaxInt day", 2026, time.January, math.MaxInt, wijk.MaxDate, false},
		{"MinInt day", 2026, time.January, math.MinInt, wijk.MinDate, false},
		{"MaxInt month", 2026, time.Month(math.MaxInt), 1, wijk.MaxDate, false},
		{"MinInt month", 2026, time.Month(math.MinInt), 1, wijk.MinDate, false},
		{"all MaxInt", math.MaxInt, time.Month(math.MaxInt), math.MaxInt, wijk.MaxDate, false},
		{"all MinInt", math.MinInt, time.Month(math.MinInt), math.MinInt, wijk.MinDate, false},
		{"MaxInt year, MinInt day", math.MaxInt, time.January, math.MinInt, wijk.MaxDate, false},
		{"MinInt year, MaxInt day", math.MinInt, time.January, math.MaxInt, wijk.MinDate, false},
		{"MaxInt32 year", math.MaxInt32, time.January, 1, wijk.MaxDate, true},
		{"MinInt32 year", math.MinInt32, time.January, 1, wijk.MinDate, true},
		{"MaxInt32 day", 2026, time.January, math.MaxInt32, wijk.MaxDate, true},
		{"MinInt32 day", 2026, time.January, math.MinInt32, wijk.MinDate, true},
		{"year 1<<40", 1 << 40, time.January, 1, wijk.MaxDate, false},
		{"year -1<<40", -1 << 40, time.January, 1, wijk.MinDate, false},
		{"day 1<<40", 2026, time.January, 1 << 40, wijk.MaxDate, false},
		{"day -1<<40", 2026, time.January, -1 << 40, wijk.MinDate, false},
		{"day MaxInt back into range from MinInt year", math.MinInt, time.January, math.MaxInt, wijk.MinDate, false},
		// Values out of their usual range that land inside 1–9999 are
		// normalised, not clamped.
		{"January 0 of 10000", 10000, time.January, 0, wijk.MaxDate, true},
		{"month 0 of 10000", 10000, 0, 1, wijk.NewDate(9999, time.December, 1), true},
		{"day 400 of year 0", 0, time.January, 400, wijk.NewDate(1, time.February, 3), true},
		{"month 13 of year 0", 0, 13, 1, wijk.MinDate, true},
		{"year -399 plus 400 years of days", -399, time.January, 146097 + 1, wijk.MinDate, true},
		{"year -399 plus 400 years and a day", -399, time.January, 146097 + 2, wijk.NewDate(1, time.January, 2), true},
		{"day 0 of January 1", 1, time.January, 0, wijk.MinDate, true},
		{"February 29 of a common year", 2026, time.February, 29, wijk.NewDate(2026, time.March, 1), true},
		{"month -1", 2026, -1, 15, wijk.NewDate(2025, time.November, 15), true},
		{"month -12", 2026, -12, 15, wijk.NewDate(2024, time.December, 15), true},
		{"month 24", 2026, 24, 15, wijk.NewDate(2027, time.December, 15), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wijk.NewDate(tc.year, tc.month, tc.day)
			require.Equal(t, tc.want, got)
			if tc.sameAsTime {
				require.Equal(t, wijk.DateOf(time.Date(tc.year, tc.month, tc.day, 0, 0, 0, 0, time.UTC)), got)
			}
		})
	}
}

func TestDateOfFarTimes(t *testing.T) {
	plus2 := time.FixedZone("+02", 2*3600)
	minus2 := time.FixedZone("-02", -2*3600)
	for _, tc := range []struct {
		name string
		t    time.Time
		want wijk.Date
	}{
		{"Unix MinInt64", time.Unix(math.MinInt64, 0), wijk.MinDate},
		{"year -1e9", time.Date(-1e9, 1, 1, 0, 0, 0, 0, time.UTC), wijk.MinDate},
		{"year 1e9", time.Date(1e9, 1, 1, 0, 0, 0, 0, time.UTC), wijk.MaxDate},
		{"zero time less a long while", time.Time{}.Add(math.MinInt64), wijk.MinDate},
		{"year 0", time.Date(0, 6, 1, 0, 0, 0, 0, time.UTC), wijk.MinDate},
		{"year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), wijk.MaxDate},
		{"zero time", time.Time{}, wijk.MinDate},
		{"year 1 already, read east of UTC", time.Date(0, 12, 31, 23, 0, 0, 0, time.UTC).In(plus2), wijk.MinDate},
		{"year 0 still, read west of UTC", time.Date(1, 1, 1, 1, 0, 0, 0, time.UTC).In(minus2), wijk.MinDate},
		{"year 10000 already, read east of UTC", time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC).In(plus2), wijk.MaxDate},
		{"last day, read west of UTC", time.Date(10000, 1, 1, 1, 0, 0, 0, time.UTC).In(minus2), wijk.MaxDate},
		{"second to last day", time.Date(9999, 12, 30, 12, 0, 0, 0, time.UTC), wijk.NewDate(9999, 12, 30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, wijk.DateOf(tc.t))
		})
	}
}

func TestDateDaysSinceExtremes(t *testing.T) {
	require.Equal(t, daysInRange, wijk.MaxDate.DaysSince(wijk.MinDate))
	require.Equal(t, -daysInRange, wijk.MinDate.DaysSince(wijk.MaxDate))
	require.Equal(t, 0, wijk.MaxDate.DaysSince(wijk.MaxDate))
	require.Equal(t, wijk.MaxDate, wijk.MinDate.AddDays(wijk.MaxDate.DaysSince(wijk.MinDate)))
}

// FuzzAddDays checks AddDays for every n: the result stays within
// MinDate–MaxDate, is exact where it can be, grows with n, and the zero Date
// stays zero.
func FuzzAddDays(f *testing.F) {
	f.Add(uint32(0), 0, 1)
	f.Add(uint32(739000), math.MaxInt, math.MinInt)
	f.Add(uint32(739000), math.MinInt, math.MaxInt)
	f.Add(uint32(daysInRange), 1, math.MaxInt32)
	f.Add(uint32(0), -1, math.MinInt32)
	f.Add(uint32(12345), math.MaxInt-1, math.MaxInt)
	f.Add(uint32(3000000), -daysInRange, daysInRange)
	f.Fuzz(func(t *testing.T, offset uint32, n1, n2 int) {
		d := wijk.MinDate.AddDays(int(offset % (daysInRange + 1)))
		require.False(t, d.IsZero())
		require.True(t, wijk.Date{}.AddDays(n1).IsZero(), "the zero Date stays zero")

		r1, r2 := d.AddDays(n1), d.AddDays(n2)
		for _, r := range []wijk.Date{r1, r2} {
			require.False(t, r.IsZero())
			require.False(t, r.Before(wijk.MinDate), "%v before MinDate", r)
			require.False(t, r.After(wijk.MaxDate), "%v after MaxDate", r)
		}
		lo, hi := wijk.MinDate.DaysSince(d), wijk.MaxDate.DaysSince(d)
		switch {
		case n1 < lo:
			require.Equal(t, wijk.MinDate, r1)
		case n1 > hi:
			require.Equal(t, wijk.MaxDate, r1)
		default:
			require.Equal(t, n1, r1.DaysSince(d), "exact within range")
		}
		if n1 <= n2 {
			require.False(t, r1.After(r2), "monotone: %v + %d = %v after %v + %d = %v", d, n1, r1, d, n2, r2)
		} else {
			require.False(t, r2.After(r1), "monotone: %v + %d = %v after %v + %d = %v", d, n2, r2, d, n1, r1)
		}
	})
}

// FuzzNewDate checks that NewDate gives a date within MinDate–MaxDate for
// any int values, the one time.Date gives wherever time.Date's own
// arithmetic cannot overflow, and never an earlier date for a later day.
func FuzzNewDate(f *testing.F) {
	f.Add(2026, 2, 29)
	f.Add(math.MaxInt, math.MaxInt, math.MaxInt)
	f.Add(math.MinInt, math.MinInt, math.MinInt)
	f.Add(-399, 1, 146098)
	f.Add(10000, 1, 0)
	f.Add(0, 13, -5)
	f.Fuzz(func(t *testing.T, year, month, day int) {
		d := wijk.NewDate(year, time.Month(month), day)
		require.False(t, d.IsZero())
		require.False(t, d.Before(wijk.MinDate))
		require.False(t, d.After(wijk.MaxDate))
		small := func(v, limit int) bool { return v >= -limit && v <= limit }
		if small(year, 1e8) && small(month, 1e8) && small(day, 1e12) {
			require.Equal(t, wijk.DateOf(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)), d)
		}
		if day < math.MaxInt {
			require.False(t, d.After(wijk.NewDate(year, time.Month(month), day+1)))
		}
	})
}

// A nil location is UTC, as time.Date's panic would be no answer.
func TestDateInNilLocation(t *testing.T) {
	d := wijk.NewDate(2026, time.March, 2)
	require.Equal(t, time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC), d.In(nil, 9*60+30))
}
