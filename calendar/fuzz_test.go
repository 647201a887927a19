package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/calendar"
)

// Any text either is rejected as invalid (not UTF-8, or a control
// character iCalendar cannot carry) or is written so that the independent
// parser unfolds and unescapes it back to the same text, with line breaks
// read as LF; and no physical line is longer than 75 octets.
func FuzzTextRoundTrip(f *testing.F) {
	for _, s := range []string{
		"", "Early", `a,b;c\d`, "one\ntwo\r\nthree\rfour", `\n`, "tab\there",
		strings.Repeat("é", 80), strings.Repeat("x€", 50), strings.Repeat("🚲", 40),
		"\x00", "\xff", "a\x7f", ":;,:", " leading and trailing ",
	} {
		f.Add(s, s)
	}
	start := time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, label, address string) {
		o := opts()
		o.Visits = calendar.VisitAddress
		var buf bytes.Buffer
		err := calendar.MemberCalendar(&buf, "Anna",
			[]calendar.Shift{{ID: "s", Label: label, Start: start, End: start.Add(time.Hour)}},
			[]calendar.Visit{{ID: "v", Address: address, Start: start, End: start.Add(time.Hour)}}, o)
		if err != nil {
			require.ErrorIs(t, err, wijk.ErrInvalid)
			require.True(t, unwritable(label) || unwritable(address), "rejected writable text: %v", err)
			require.Zero(t, buf.Len())
			return
		}
		require.False(t, unwritable(label) || unwritable(address))
		got := events(t, parse(t, buf.Bytes()))
		require.Len(t, got, 2)
		want := label
		if want == "" {
			want = "Shift"
		}
		require.Equal(t, readBack(want), got[0].Summary)
		require.Equal(t, readBack(address), got[1].Location)
	})
}

// unwritable reports whether s cannot be iCalendar TEXT.
func unwritable(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, c := range []byte(s) {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			return true
		}
	}
	return false
}

// readBack is s as a reader sees it: every kind of line break is LF.
func readBack(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
