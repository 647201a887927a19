package calendar_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the reference time zone database, on any machine
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The tests read every calendar back with github.com/arran4/golang-ical, an
// independent parser, and resolve TZID=Europe/Amsterdam with Go's copy of
// the IANA time zone database, not with this package's rules.

func amsterdamZone(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	return loc
}

func opts() calendar.Options {
	return calendar.Options{
		Domain:   "roster.wijkzorg.example",
		Stamp:    time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC),
		Revision: 3,
	}
}

// parse checks the raw form of an iCalendar text (CR LF line ends, lines
// of at most 75 octets, no UTF-8 sequence split by a fold) and parses it
// with the independent parser.
func parse(t testing.TB, data []byte) *ics.Calendar {
	t.Helper()
	require.True(t, bytes.HasSuffix(data, []byte("\r\n")), "the last line must end with CR LF")
	for i, l := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		require.LessOrEqual(t, len(l), 75, "line %d is longer than 75 octets: %q", i+1, l)
		require.NotContains(t, string(l), "\n", "line %d has a bare LF", i+1)
		require.NotContains(t, string(l), "\r", "line %d has a bare CR", i+1)
		require.True(t, utf8.Valid(l), "line %d splits a UTF-8 character: %q", i+1, l)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	require.NoError(t, err)
	return cal
}

func calProp(t testing.TB, cal *ics.Calendar, name string) string {
	t.Helper()
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == name {
			return p.Value
		}
	}
	t.Fatalf("calendar has no %s", name)
	return ""
}

func prop(t testing.TB, c ics.Component, name string) string {
	t.Helper()
	p := c.(interface {
		GetProperty(ics.ComponentProperty) *ics.IANAProperty
	}).GetProperty(ics.ComponentProperty(name))
	if p == nil {
		return ""
	}
	return p.Value
}

// parsedEvent is what a calendar program sees of an event.
type parsedEvent struct {
	UID, Summary, Location, Status, Class, Sequence string
	Start, End                                      time.Time
}

func events(t testing.TB, cal *ics.Calendar) []parsedEvent {
	t.Helper()
	var out []parsedEvent
	for _, e := range cal.Events() {
		start, err := e.GetStartAt()
		require.NoError(t, err)
		end, err := e.GetEndAt()
		require.NoError(t, err)
		stamp, err := e.GetDtStampTime()
		require.NoError(t, err)
		require.True(t, stamp.Equal(opts().Stamp) || stamp.After(opts().Stamp), "DTSTAMP %v", stamp)
		out = append(out, parsedEvent{
			UID: prop(t, e, "UID"), Summary: prop(t, e, "SUMMARY"), Location: prop(t, e, "LOCATION"),
			Status: prop(t, e, "STATUS"), Class: prop(t, e, "CLASS"), Sequence: prop(t, e, "SEQUENCE"),
			Start: start.UTC(), End: end.UTC(),
		})
	}
	return out
}

// anna's week: a winter shift, a summer shift, a night shift across the
// end of summer time (Saturday 24 October 2026 22:00 CEST to Sunday 07:00
// CET: nine hours on the clock, ten in fact), and a visit.
func annasWeek(t testing.TB) ([]calendar.Shift, []calendar.Visit) {
	ams := amsterdamZone(t)
	shifts := []calendar.Shift{
		{ID: "team/T1/member/M1/2026-01-12/early", Member: "Anna", Label: "Early",
			Start: time.Date(2026, 1, 12, 7, 0, 0, 0, ams), End: time.Date(2026, 1, 12, 15, 0, 0, 0, ams)},
		{ID: "team/T1/member/M1/2026-07-13/early", Member: "Anna", Label: "Early",
			Start: time.Date(2026, 7, 13, 7, 0, 0, 0, ams), End: time.Date(2026, 7, 13, 15, 0, 0, 0, ams)},
		{ID: "team/T1/member/M1/2026-10-24/night", Member: "Anna", Label: "Night",
			Start: time.Date(2026, 10, 24, 22, 0, 0, 0, ams), End: time.Date(2026, 10, 25, 6, 0, 0, 0, time.UTC)},
	}
	visits := []calendar.Visit{{
		ID:    "01KBW4Z3S6M3GQ6Q1M1B9Y2C7D",
		Start: time.Date(2026, 7, 13, 8, 30, 0, 0, ams), End: time.Date(2026, 7, 13, 9, 0, 0, 0, ams),
		Reference: "7", Client: "J. de Vries", Address: "Dorpsstraat 12",
	}}
	return shifts, visits
}

func TestMemberCalendarReadsBackWithTheSameEvents(t *testing.T) {
	shifts, visits := annasWeek(t)
	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna de Vries", shifts, visits, opts()))
	cal := parse(t, buf.Bytes())

	require.Equal(t, "2.0", calProp(t, cal, "VERSION"))
	require.Equal(t, calendar.DefaultProdID, calProp(t, cal, "PRODID"))
	require.Equal(t, "GREGORIAN", calProp(t, cal, "CALSCALE"))
	require.Equal(t, "PUBLISH", calProp(t, cal, "METHOD"))
	require.Equal(t, "Anna de Vries", calProp(t, cal, "NAME"))

	utc := func(tm time.Time) time.Time { return tm.UTC() }
	want := []parsedEvent{
		{UID: shifts[0].ID + "@roster.wijkzorg.example", Summary: "Early", Status: "CONFIRMED", Sequence: "3",
			Start: utc(shifts[0].Start), End: utc(shifts[0].End)},
		{UID: shifts[1].ID + "@roster.wijkzorg.example", Summary: "Early", Status: "CONFIRMED", Sequence: "3",
			Start: utc(shifts[1].Start), End: utc(shifts[1].End)},
		{UID: visits[0].ID + "@roster.wijkzorg.example", Summary: "Visit 7", Status: "CONFIRMED", Sequence: "3",
			Class: "PRIVATE", Start: utc(visits[0].Start), End: utc(visits[0].End)},
		{UID: shifts[2].ID + "@roster.wijkzorg.example", Summary: "Night", Status: "CONFIRMED", Sequence: "3",
			Start: utc(shifts[2].Start), End: utc(shifts[2].End)},
	}
	if diff := cmp.Diff(want, events(t, cal)); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
	// The night shift lasts ten hours although the clock says nine.
	require.Equal(t, 10*time.Hour, want[3].End.Sub(want[3].Start))

	// Local time on the clock, with the offset of the season: 07:00 is
	// 06:00 UTC in January and 05:00 UTC in July.
	raw := buf.String()
	require.Contains(t, raw, "DTSTART;TZID=Europe/Amsterdam:20260112T070000\r\n")
	require.Contains(t, raw, "DTSTART;TZID=Europe/Amsterdam:20260713T070000\r\n")
	require.Equal(t, time.Date(2026, 1, 12, 6, 0, 0, 0, time.UTC), want[0].Start)
	require.Equal(t, time.Date(2026, 7, 13, 5, 0, 0, 0, time.UTC), want[1].Start)
	require.Contains(t, raw, "DTSTART;TZID=Europe/Amsterdam:20261024T220000\r\n")
	require.Contains(t, raw, "DTEND;TZID=Europe/Amsterdam:20261025T070000\r\n")
}

// The hour from 02:00 to 03:00 happens twice on the last Sunday of
// October. A local time in it means the first, so an instant in the second
// must still read back as itself.
func TestTheRepeatedHourReadsBackExactly(t *testing.T) {
	first := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)  // 02:30 CEST
	second := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC) // 02:30 CET
	shifts := []calendar.Shift{
		{ID: "a", Start: first.Add(-time.Hour), End: first},
		{ID: "b", Start: second.Add(-time.Hour), End: second},
		{ID: "c", Start: second, End: second.Add(time.Hour)},
	}
	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna", shifts, nil, opts()))
	got := events(t, parse(t, buf.Bytes()))
	require.Len(t, got, 3)
	for i, s := range shifts {
		require.Equal(t, s.Start.UTC(), got[i].Start, "start of %s", s.ID)
		require.Equal(t, s.End.UTC(), got[i].End, "end of %s", s.ID)
	}
}

// Every instant from 1997 to 2040, written in local time and read back
// with the reference time zone database, is the same instant.
func TestLocalTimesAgreeWithTheTimeZoneDatabase(t *testing.T) {
	var shifts []calendar.Shift
	for at := time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2041; at = at.Add(97*time.Hour + 13*time.Minute) {
		shifts = append(shifts, calendar.Shift{ID: "s" + strconv.Itoa(len(shifts)), Start: at, End: at.Add(30 * time.Minute)})
	}
	// and each change of the clocks, to the minute
	ams := amsterdamZone(t)
	for y := 1997; y <= 2040; y++ {
		for _, m := range []time.Month{time.March, time.October} {
			for at := time.Date(y, m, 24, 0, 0, 0, 0, time.UTC); at.Before(time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)); at = at.Add(30 * time.Minute) {
				_, off := at.In(ams).Zone()
				_, offBefore := at.Add(-time.Minute).In(ams).Zone()
				if off != offBefore {
					for _, d := range []time.Duration{-61, -60, -59, -1, 0, 1, 59, 60, 61} {
						s := at.Add(d * time.Minute)
						shifts = append(shifts, calendar.Shift{ID: "s" + strconv.Itoa(len(shifts)), Start: s, End: s.Add(time.Minute)})
					}
				}
			}
		}
	}
	var buf bytes.Buffer
	require.NoError(t, calendar.TeamRoster(&buf, "Team", withMember(shifts), opts()))
	got := events(t, parse(t, buf.Bytes()))
	require.Len(t, got, len(shifts))
	byUID := map[string]parsedEvent{}
	for _, e := range got {
		byUID[e.UID] = e
	}
	for _, s := range shifts {
		e := byUID[s.ID+"@"+opts().Domain]
		require.Equal(t, s.Start.UTC(), e.Start, "start of %s", s.ID)
		require.Equal(t, s.End.UTC(), e.End, "end of %s", s.ID)
	}
}

func withMember(shifts []calendar.Shift) []calendar.Shift {
	for i := range shifts {
		shifts[i].Member = "Anna"
	}
	return shifts
}

// onset evaluates an observance of the VTIMEZONE as the parser read it:
// its DTSTART gives the local time of the change and its RRULE
// "FREQ=YEARLY;BYMONTH=m;BYDAY=-1SU" the day; the result is the instant of
// the change in year.
func onset(t testing.TB, obs ics.Component, year int) (at time.Time, from, to int) {
	t.Helper()
	offset := func(s string) int {
		require.Regexp(t, `^[+-][0-9]{4}$`, s)
		h, _ := strconv.Atoi(s[1:3])
		m, _ := strconv.Atoi(s[3:5])
		v := h*3600 + m*60
		if s[0] == '-' {
			v = -v
		}
		return v
	}
	from, to = offset(prop(t, obs, "TZOFFSETFROM")), offset(prop(t, obs, "TZOFFSETTO"))
	dtstart, err := time.Parse("20060102T150405", prop(t, obs, "DTSTART"))
	require.NoError(t, err)
	rule := map[string]string{}
	for _, part := range strings.Split(prop(t, obs, "RRULE"), ";") {
		k, v, _ := strings.Cut(part, "=")
		rule[k] = v
	}
	require.Equal(t, map[string]string{"FREQ": "YEARLY", "BYMONTH": rule["BYMONTH"], "BYDAY": "-1SU"}, rule)
	month, err := strconv.Atoi(rule["BYMONTH"])
	require.NoError(t, err)
	require.Equal(t, time.Month(month), dtstart.Month(), "DTSTART must be an occurrence of the RRULE")
	last := time.Date(year, time.Month(month)+1, 0, dtstart.Hour(), dtstart.Minute(), 0, 0, time.FixedZone("", from))
	at = last.AddDate(0, 0, -int(last.Weekday()))
	return at, from, to
}

// The VTIMEZONE, read by the parser and evaluated, states the same changes
// of the clocks as the reference database, every year from 1997 to 2040,
// and the offsets on a winter and a summer date.
func TestVTimezoneStatesTheRulesOfTheTimeZoneDatabase(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna", nil, nil, opts()))
	cal := parse(t, buf.Bytes())
	var zones []*ics.VTimezone
	for _, c := range cal.Components {
		if z, ok := c.(*ics.VTimezone); ok {
			zones = append(zones, z)
		}
	}
	require.Len(t, zones, 1)
	require.Equal(t, "Europe/Amsterdam", prop(t, zones[0], "TZID"))
	var standard, daylight ics.Component
	for _, c := range zones[0].SubComponents() {
		switch c := c.(type) {
		case *ics.Standard:
			require.Nil(t, standard, "one STANDARD")
			standard = c
		case *ics.Daylight:
			require.Nil(t, daylight, "one DAYLIGHT")
			daylight = c
		}
	}
	require.NotNil(t, standard)
	require.NotNil(t, daylight)
	require.Equal(t, "CET", prop(t, standard, "TZNAME"))
	require.Equal(t, "CEST", prop(t, daylight, "TZNAME"))

	ams := amsterdamZone(t)
	offsetAt := func(at time.Time) int { _, off := at.In(ams).Zone(); return off }
	for year := 1997; year <= 2040; year++ {
		for _, obs := range []ics.Component{daylight, standard} {
			at, from, to := onset(t, obs, year)
			require.Equal(t, from, offsetAt(at.Add(-time.Second)), "offset before the change of %v", at)
			require.Equal(t, to, offsetAt(at), "offset after the change of %v", at)
		}
	}
	// A winter and a summer date: the offset of the observance in force.
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)
	summerStart, _, summerOffset := onset(t, daylight, 2026)
	summerEnd, _, winterOffset := onset(t, standard, 2026)
	require.True(t, winter.Before(summerStart) && summer.After(summerStart) && summer.Before(summerEnd))
	require.Equal(t, 3600, winterOffset)
	require.Equal(t, 7200, summerOffset)
	require.Equal(t, winterOffset, offsetAt(winter))
	require.Equal(t, summerOffset, offsetAt(summer))
}

func TestTeamRosterNamesTheMember(t *testing.T) {
	ams := amsterdamZone(t)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, ams)
	shifts := []calendar.Shift{
		{ID: "T1/2026-03-02/M2/late", Member: "Bram", Label: "Late", Start: day.Add(15 * time.Hour), End: day.Add(23 * time.Hour)},
		{ID: "T1/2026-03-02/M1/early", Member: "Anna", Label: "Early", Start: day.Add(7 * time.Hour), End: day.Add(15 * time.Hour)},
		{ID: "T1/2026-03-02/M3/early", Member: "Cor", Start: day.Add(7 * time.Hour), End: day.Add(15 * time.Hour)},
	}
	var buf bytes.Buffer
	require.NoError(t, calendar.TeamRoster(&buf, "Team Noord", shifts, opts()))
	cal := parse(t, buf.Bytes())
	require.Equal(t, "Team Noord", calProp(t, cal, "NAME"))
	var summaries []string
	for _, e := range events(t, cal) {
		summaries = append(summaries, e.Summary)
	}
	require.Equal(t, []string{"Early (Anna)", "Shift (Cor)", "Late (Bram)"}, summaries)

	shifts[0].Member = ""
	err := calendar.TeamRoster(&buf, "Team Noord", shifts, opts())
	requireField(t, err, "shifts[0].member")
}

// A visit shows no more of the client than the option allows, and never
// care content (there is no field for it).
func TestVisitDetailLevels(t *testing.T) {
	_, visits := annasWeek(t)
	for _, tc := range []struct {
		detail            calendar.VisitDetail
		summary, location string
	}{
		{calendar.VisitMinimal, "Visit 7", ""},
		{calendar.VisitAddress, "Visit 7", "Dorpsstraat 12"},
		{calendar.VisitClient, "Visit 7: J. de Vries", "Dorpsstraat 12"},
	} {
		t.Run(tc.detail.String(), func(t *testing.T) {
			o := opts()
			o.Visits = tc.detail
			var buf bytes.Buffer
			require.NoError(t, calendar.MemberCalendar(&buf, "Anna", nil, visits, o))
			got := events(t, parse(t, buf.Bytes()))
			require.Len(t, got, 1)
			require.Equal(t, tc.summary, got[0].Summary)
			require.Equal(t, tc.location, got[0].Location)
			require.Equal(t, "PRIVATE", got[0].Class)
			if tc.detail == calendar.VisitMinimal {
				require.NotContains(t, buf.String(), "Vries")
				require.NotContains(t, buf.String(), "Dorpsstraat")
			}
			if tc.detail != calendar.VisitClient {
				require.NotContains(t, buf.String(), "Vries")
			}
		})
	}
	o := opts()
	o.VisitSummary = "Bezoek"
	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna", nil, visits, o))
	require.Equal(t, "Bezoek 7", events(t, parse(t, buf.Bytes()))[0].Summary)
}

func TestParseVisitDetail(t *testing.T) {
	for _, d := range []calendar.VisitDetail{calendar.VisitMinimal, calendar.VisitAddress, calendar.VisitClient} {
		got, err := calendar.ParseVisitDetail(d.String())
		require.NoError(t, err)
		require.Equal(t, d, got)
	}
	_, err := calendar.ParseVisitDetail("everything")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.Equal(t, "VisitDetail(7)", calendar.VisitDetail(7).String())
}

func TestTextIsEscapedAndReadsBack(t *testing.T) {
	names := []string{
		`de Vries, Anna; "Annie"`,
		"line one\nline two",
		`back\slash \n not a newline`,
		"Windows\r\nline\rends",
	}
	shifts := make([]calendar.Shift, len(names))
	for i, n := range names {
		shifts[i] = calendar.Shift{ID: "s" + strconv.Itoa(i), Member: n, Label: "Early",
			Start: time.Date(2026, 3, 2+i, 7, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 2+i, 15, 0, 0, 0, time.UTC)}
	}
	var buf bytes.Buffer
	require.NoError(t, calendar.TeamRoster(&buf, "Team, Noord; 1", shifts, opts()))
	raw := buf.String()
	require.Contains(t, raw, `SUMMARY:Early (de Vries\, Anna\; "Annie")`+"\r\n")
	require.Contains(t, raw, `SUMMARY:Early (line one\nline two)`+"\r\n")
	require.Contains(t, raw, `SUMMARY:Early (back\\slash \\n not a newline)`+"\r\n")
	cal := parse(t, buf.Bytes())
	require.Equal(t, "Team, Noord; 1", calProp(t, cal, "NAME"))
	got := events(t, cal)
	require.Len(t, got, len(names))
	for i, n := range names {
		n = strings.ReplaceAll(strings.ReplaceAll(n, "\r\n", "\n"), "\r", "\n")
		require.Equal(t, "Early ("+n+")", got[i].Summary)
	}
}

func TestLongLinesFoldWithoutSplittingCharacters(t *testing.T) {
	// two-, three- and four-octet characters at every offset of a fold
	for _, filler := range []string{"", "a", "ab", "abc"} {
		label := filler + strings.Repeat("Ĳsselmonde € wijk 🚲 zorg, ", 12)
		var buf bytes.Buffer
		require.NoError(t, calendar.MemberCalendar(&buf, "Anna", []calendar.Shift{{
			ID: "s", Label: label, Start: time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC),
		}}, nil, opts()))
		require.Contains(t, buf.String(), "\r\n ", "the summary must be folded")
		got := events(t, parse(t, buf.Bytes()))
		require.Len(t, got, 1)
		require.Equal(t, label, got[0].Summary)
	}
}

// A re-plan keeps the UIDs of the events that stay, raises their SEQUENCE,
// and cancels the events it dropped, so a calendar updates instead of
// duplicating.
func TestReplanUpdatesInsteadOfDuplicating(t *testing.T) {
	shift := func(id string, day int) calendar.Shift {
		return calendar.Shift{ID: id, Label: "Early",
			Start: time.Date(2026, 3, day, 7, 0, 0, 0, time.UTC), End: time.Date(2026, 3, day, 15, 0, 0, 0, time.UTC)}
	}
	first := []calendar.Shift{shift("mon", 2), shift("tue", 3)}
	o1 := opts()
	var buf1 bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf1, "Anna", first, nil, o1))

	moved := shift("mon", 2)
	moved.Start, moved.Label = moved.Start.Add(time.Hour), "Early (late start)"
	second := []calendar.Shift{moved, shift("wed", 4)}
	o2 := opts()
	o2.Revision++
	o2.Stamp = o2.Stamp.Add(24 * time.Hour)
	var buf2 bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf2, "Anna", append(second, calendar.CancelledShifts(first, second)...), nil, o2))

	before := events(t, parse(t, buf1.Bytes()))
	after := events(t, parse(t, buf2.Bytes()))
	status := func(es []parsedEvent) map[string]string {
		m := map[string]string{}
		for _, e := range es {
			m[e.UID] = e.Status + " " + e.Sequence + " " + e.Summary
		}
		return m
	}
	d := "@" + o1.Domain
	require.Equal(t, map[string]string{
		"mon" + d: "CONFIRMED 3 Early",
		"tue" + d: "CONFIRMED 3 Early",
	}, status(before))
	require.Equal(t, map[string]string{
		"mon" + d: "CONFIRMED 4 Early (late start)",
		"tue" + d: "CANCELLED 4 Early",
		"wed" + d: "CONFIRMED 4 Early",
	}, status(after))

	var visits []calendar.Visit
	for _, id := range []string{"v1", "v2"} {
		visits = append(visits, calendar.Visit{ID: id, Start: moved.Start, End: moved.End})
	}
	cancelled := calendar.CancelledVisits(visits, visits[1:])
	require.Equal(t, []calendar.Visit{{ID: "v1", Start: moved.Start, End: moved.End, Cancelled: true}}, cancelled)
}

func requireField(t testing.TB, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, wijk.ErrInvalid)
	var ve *wijk.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	require.Equal(t, field, ve.Field, "%v", err)
}

func TestInvalidInputIsRejectedAndNothingWritten(t *testing.T) {
	start := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	good := calendar.Shift{ID: "s", Member: "Anna", Start: start, End: start.Add(time.Hour)}
	goodVisit := calendar.Visit{ID: "v", Start: start, End: start.Add(time.Hour)}
	for _, tc := range []struct {
		name   string
		member string
		shift  func(*calendar.Shift)
		visit  func(*calendar.Visit)
		opts   func(*calendar.Options)
		field  string
	}{
		{name: "no member", field: "member"},
		{name: "member with control character", member: "An\x00na", field: "member"},
		{name: "no domain", opts: func(o *calendar.Options) { o.Domain = "" }, field: "opts.domain"},
		{name: "domain with @", opts: func(o *calendar.Options) { o.Domain = "a@b" }, field: "opts.domain"},
		{name: "domain ending in dot", opts: func(o *calendar.Options) { o.Domain = "example." }, field: "opts.domain"},
		{name: "no stamp", opts: func(o *calendar.Options) { o.Stamp = time.Time{} }, field: "opts.stamp"},
		{name: "negative revision", opts: func(o *calendar.Options) { o.Revision = -1 }, field: "opts.revision"},
		{name: "unknown detail", opts: func(o *calendar.Options) { o.Visits = 3 }, field: "opts.visits"},
		{name: "bad prodid", opts: func(o *calendar.Options) { o.ProdID = "\x01" }, field: "opts.prodID"},
		{name: "bad visit summary", opts: func(o *calendar.Options) { o.VisitSummary = "\xff" }, field: "opts.visitSummary"},
		{name: "organizer without mailto", opts: func(o *calendar.Options) { o.Organizer = "team@example.org" }, field: "opts.organizer"},
		{name: "organizer with space", opts: func(o *calendar.Options) { o.Organizer = "mailto:team @example.org" }, field: "opts.organizer"},
		{name: "no shift id", shift: func(s *calendar.Shift) { s.ID = "" }, field: "shifts[0].id"},
		{name: "shift id with space", shift: func(s *calendar.Shift) { s.ID = "a b" }, field: "shifts[0].id"},
		{name: "shift id with @", shift: func(s *calendar.Shift) { s.ID = "a@b" }, field: "shifts[0].id"},
		{name: "shift id too long", shift: func(s *calendar.Shift) { s.ID = strings.Repeat("a", 201) }, field: "shifts[0].id"},
		{name: "end before start", shift: func(s *calendar.Shift) { s.End = s.Start.Add(-time.Minute) }, field: "shifts[0].end"},
		{name: "end equal to start", shift: func(s *calendar.Shift) { s.End = s.Start }, field: "shifts[0].end"},
		{name: "no start", shift: func(s *calendar.Shift) { s.Start = time.Time{} }, field: "shifts[0].start"},
		{name: "before 1997", shift: func(s *calendar.Shift) { s.Start = time.Date(1996, 12, 31, 0, 0, 0, 0, time.UTC) }, field: "shifts[0].start"},
		{name: "after 9998", shift: func(s *calendar.Shift) { s.End = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC) }, field: "shifts[0].end"},
		{name: "label with control character", shift: func(s *calendar.Shift) { s.Label = "a\x1bb" }, field: "shifts[0].label"},
		{name: "visit end before start", visit: func(v *calendar.Visit) { v.End = v.Start }, field: "visits[0].end"},
		{name: "visit client not UTF-8", visit: func(v *calendar.Visit) { v.Client = "\xc3" }, field: "visits[0].client"},
		{name: "visit address with DEL", visit: func(v *calendar.Visit) { v.Address = "a\x7f" }, field: "visits[0].address"},
		{name: "visit reference with NUL", visit: func(v *calendar.Visit) { v.Reference = "\x00" }, field: "visits[0].reference"},
		{name: "same id twice", visit: func(v *calendar.Visit) { v.ID = "s" }, field: "visits[0].id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, v, o, m := good, goodVisit, opts(), tc.member
			if m == "" && tc.field != "member" {
				m = "Anna"
			}
			if tc.shift != nil {
				tc.shift(&s)
			}
			if tc.visit != nil {
				tc.visit(&v)
			}
			if tc.opts != nil {
				tc.opts(&o)
			}
			var buf bytes.Buffer
			err := calendar.MemberCalendar(&buf, m, []calendar.Shift{s}, []calendar.Visit{v}, o)
			requireField(t, err, tc.field)
			require.Zero(t, buf.Len(), "nothing is written on invalid input")
		})
	}
	var buf bytes.Buffer
	requireField(t, calendar.TeamRoster(&buf, "", nil, opts()), "team")
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna", []calendar.Shift{good}, []calendar.Visit{goodVisit}, opts()))
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorIsReturned(t *testing.T) {
	err := calendar.MemberCalendar(failingWriter{}, "Anna", nil, nil, opts())
	require.ErrorContains(t, err, "disk full")
	require.NotErrorIs(t, err, wijk.ErrInvalid)
}

// The golden file shows the whole format; the same input, in any order,
// gives the same bytes.
func TestGoldenAndDeterministic(t *testing.T) {
	shifts, visits := annasWeek(t)
	o := opts()
	o.Visits = calendar.VisitAddress
	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna de Vries", shifts, visits, o))
	parse(t, buf.Bytes())

	golden := filepath.Join("testdata", "member.ics")
	if *update {
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Fatalf("output differs from %s (-want +got); run go test -update to accept:\n%s", golden, diff)
	}

	reversed := []calendar.Shift{shifts[2], shifts[1], shifts[0]}
	var again bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&again, "Anna de Vries", reversed, visits, o))
	require.Equal(t, buf.String(), again.String())
}

func TestOrganizerIsWrittenWhenGiven(t *testing.T) {
	shifts, _ := annasWeek(t)
	o := opts()
	var buf bytes.Buffer
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna", shifts, nil, o))
	require.NotContains(t, buf.String(), "ORGANIZER")
	o.Organizer = "mailto:team-noord@wijkzorg.example"
	buf.Reset()
	require.NoError(t, calendar.MemberCalendar(&buf, "Anna", shifts, nil, o))
	cal := parse(t, buf.Bytes())
	require.Len(t, cal.Events(), len(shifts))
	for _, e := range cal.Events() {
		require.Equal(t, o.Organizer, prop(t, e, "ORGANIZER"))
	}
}
