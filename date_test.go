package wijk_test

import (
	"encoding/json"
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
