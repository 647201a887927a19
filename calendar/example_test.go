package calendar_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/wijkzorg/wijk/calendar"
)

// A member's day as an .ics file: one shift and one visit. The visit shows
// its route stop and address, and nothing of the client's care.
func ExampleMemberCalendar() {
	cet := time.FixedZone("CET", 3600)
	shifts := []calendar.Shift{{
		ID:    "team/T1/member/M1/2026-03-02/early",
		Label: "Early",
		Start: time.Date(2026, 3, 2, 7, 0, 0, 0, cet),
		End:   time.Date(2026, 3, 2, 15, 0, 0, 0, cet),
	}}
	visits := []calendar.Visit{{
		ID:        "01KBW4Z3S6M3GQ6Q1M1B9Y2C7D",
		Reference: "1",
		Client:    "J. de Vries", // not shown at VisitAddress
		Address:   "Dorpsstraat 12, Ede",
		Start:     time.Date(2026, 3, 2, 7, 30, 0, 0, cet),
		End:       time.Date(2026, 3, 2, 8, 0, 0, 0, cet),
	}}
	var buf bytes.Buffer
	err := calendar.MemberCalendar(&buf, "Anna de Vries", shifts, visits, calendar.Options{
		Domain:   "wijkzorg.example",
		Stamp:    time.Date(2026, 2, 27, 16, 0, 0, 0, time.UTC),
		Revision: 1,
		Visits:   calendar.VisitAddress,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Lines end with CR LF; print the events only.
	out := strings.ReplaceAll(buf.String(), "\r\n", "\n")
	fmt.Print(out[strings.Index(out, "BEGIN:VEVENT"):])
	// Output:
	// BEGIN:VEVENT
	// UID:team/T1/member/M1/2026-03-02/early@wijkzorg.example
	// DTSTAMP:20260227T160000Z
	// DTSTART;TZID=Europe/Amsterdam:20260302T070000
	// DTEND;TZID=Europe/Amsterdam:20260302T150000
	// SEQUENCE:1
	// STATUS:CONFIRMED
	// SUMMARY:Early
	// END:VEVENT
	// BEGIN:VEVENT
	// UID:01KBW4Z3S6M3GQ6Q1M1B9Y2C7D@wijkzorg.example
	// DTSTAMP:20260227T160000Z
	// DTSTART;TZID=Europe/Amsterdam:20260302T073000
	// DTEND;TZID=Europe/Amsterdam:20260302T080000
	// SEQUENCE:1
	// STATUS:CONFIRMED
	// SUMMARY:Visit 1
	// LOCATION:Dorpsstraat 12\, Ede
	// CLASS:PRIVATE
	// END:VEVENT
	// END:VCALENDAR
}
