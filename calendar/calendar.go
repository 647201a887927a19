package calendar

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wijkzorg/wijk"
)

// DefaultProdID is the PRODID written when [Options.ProdID] is empty.
const DefaultProdID = "-//wijkzorg//wijk calendar//EN"

// DefaultVisitSummary is the summary of a visit when
// [Options.VisitSummary] is empty.
const DefaultVisitSummary = "Visit"

// defaultShiftSummary is the summary of a shift without a label.
const defaultShiftSummary = "Shift"

// Shift is one shift of one member, as it goes into a calendar.
type Shift struct {
	// ID identifies the shift across publications, e.g.
	// "team/TEAMID/member/MEMBERID/2026-03-02/early". The same shift must
	// keep the same ID in every re-plan: calendars match events by it.
	// Letters, digits and - . _ ~ / : + = only; no "@".
	ID string
	// Member is the display name of the member who works the shift. It is
	// required in a team roster, where it is shown; a member's own
	// calendar does not show it.
	Member string
	// Start and End are the instants the shift begins and ends, in any
	// location; they are written in Europe/Amsterdam time.
	Start, End time.Time
	// Label names the kind of shift, e.g. "Early"; empty means "Shift".
	Label string
	// Cancelled marks a shift that an earlier publication contained and
	// the plan no longer has (see [CancelledShifts]): it is written with
	// STATUS:CANCELLED so that calendars remove it.
	Cancelled bool
}

// Visit is one visit of a member to a client, as it goes into the
// member's calendar. It has no field for care content on purpose (see
// the package documentation); what it shows of the client is chosen by
// [Options.Visits].
type Visit struct {
	// ID identifies the visit across publications; the same rules as
	// [Shift.ID]. It appears in the calendar, so it must not contain a
	// client's name: use an opaque ID such as the visit's ULID.
	ID string
	// Start and End are the instants the visit begins and ends.
	Start, End time.Time
	// Reference is an opaque reference the care app can resolve, e.g. a
	// route stop number "7"; it is shown at every detail level.
	Reference string
	// Client is a display name of the client, e.g. initials. Shown only
	// at [VisitClient].
	Client string
	// Address is where the visit happens, e.g. street and house number.
	// Shown only at [VisitAddress] and [VisitClient].
	Address string
	// Cancelled marks a visit that is no longer planned (see
	// [CancelledVisits]).
	Cancelled bool
}

// VisitDetail says how much of a client a visit event shows. A calendar
// leaves the care system: it is synchronised to phones and cloud
// services the care organisation does not control, so it should show as
// little as the nurse needs.
type VisitDetail int

const (
	// VisitMinimal shows the visit summary and the reference only: no
	// client name, no address. It is the zero value on purpose, so that
	// an Options left empty is the safe choice.
	VisitMinimal VisitDetail = iota
	// VisitAddress adds the address as the event's location.
	VisitAddress
	// VisitClient adds the address and the client's display name.
	VisitClient
)

var visitDetailNames = [...]string{"minimal", "address", "client"}

// String returns "minimal", "address" or "client".
func (d VisitDetail) String() string {
	if d < 0 || int(d) >= len(visitDetailNames) {
		return "VisitDetail(" + strconv.Itoa(int(d)) + ")"
	}
	return visitDetailNames[d]
}

// ParseVisitDetail returns the detail level named s ("minimal", "address"
// or "client"). The error matches [wijk.ErrInvalid].
func ParseVisitDetail(s string) (VisitDetail, error) {
	for i, n := range visitDetailNames {
		if n == s {
			return VisitDetail(i), nil
		}
	}
	return 0, wijk.Invalid("visitDetail", "must be minimal, address or client, got %q", s)
}

// Options are the settings of one publication of a calendar.
type Options struct {
	// Domain makes the event UIDs globally unique: each event's UID is
	// "ID@Domain". Use a domain the care organisation owns and keep it
	// the same forever, or every calendar will see new events.
	Domain string
	// Stamp is the time the calendar is published, written as DTSTAMP of
	// every event. Required: the package never reads the clock.
	Stamp time.Time
	// Revision is the revision of the plan this publication shows,
	// written as SEQUENCE of every event. It must grow with each re-plan
	// that is published, so that a calendar that already has an event
	// takes the new version instead of keeping the old one.
	Revision int
	// ProdID is the PRODID of the calendar; empty means [DefaultProdID].
	ProdID string
	// Visits is how much of the client a visit shows; the zero value is
	// [VisitMinimal].
	Visits VisitDetail
	// VisitSummary is the summary of a visit, e.g. "Bezoek"; empty means
	// [DefaultVisitSummary].
	VisitSummary string
	// Organizer, if set, is written as the ORGANIZER of every event: a
	// "mailto:" address, e.g. of the team's shared mailbox. RFC 5546 asks
	// for one in a published calendar; calendar programs do without, so
	// it is optional.
	Organizer string
}

// event is one VEVENT, ready to write.
type event struct {
	field                  string // where the event came from, e.g. "visits[2]"
	uid, summary, location string
	start, end             time.Time
	cancelled, private     bool
}

// MemberCalendar writes one member's shifts and visits to w as an
// iCalendar (RFC 5545) VCALENDAR named after the member. Nothing is
// written when the input is invalid; the error then matches
// [wijk.ErrInvalid] and names the field.
func MemberCalendar(w io.Writer, member string, shifts []Shift, visits []Visit, opts Options) error {
	name, err := checkName("member", member)
	if err != nil {
		return err
	}
	events, err := shiftEvents(shifts, opts, false)
	if err != nil {
		return err
	}
	vs, err := visitEvents(visits, opts)
	if err != nil {
		return err
	}
	return write(w, name, append(events, vs...), opts)
}

// TeamRoster writes a team's roster to w as an iCalendar VCALENDAR named
// after the team: one event per shift, whose summary names the member.
// Nothing is written when the input is invalid; the error then matches
// [wijk.ErrInvalid] and names the field.
func TeamRoster(w io.Writer, team string, shifts []Shift, opts Options) error {
	name, err := checkName("team", team)
	if err != nil {
		return err
	}
	events, err := shiftEvents(shifts, opts, true)
	if err != nil {
		return err
	}
	return write(w, name, events, opts)
}

// CancelledShifts returns the shifts of previous whose IDs current does
// not have, marked Cancelled. Publish them together with current, at a
// higher [Options.Revision], so that calendars remove the shifts a
// re-plan dropped instead of keeping them.
func CancelledShifts(previous, current []Shift) []Shift {
	keep := make(map[string]bool, len(current))
	for _, s := range current {
		keep[s.ID] = true
	}
	var out []Shift
	for _, s := range previous {
		if !keep[s.ID] {
			s.Cancelled = true
			out = append(out, s)
		}
	}
	return out
}

// CancelledVisits returns the visits of previous whose IDs current does
// not have, marked Cancelled; see [CancelledShifts].
func CancelledVisits(previous, current []Visit) []Visit {
	keep := make(map[string]bool, len(current))
	for _, v := range current {
		keep[v.ID] = true
	}
	var out []Visit
	for _, v := range previous {
		if !keep[v.ID] {
			v.Cancelled = true
			out = append(out, v)
		}
	}
	return out
}

func checkName(field, s string) (string, error) {
	if s == "" {
		return "", wijk.Invalid(field, "is required")
	}
	if _, err := escapeText(s); err != nil {
		return "", wijk.InField(field, err)
	}
	return s, nil
}

func checkOptions(opts Options) error {
	if err := checkDomain(opts.Domain); err != nil {
		return wijk.InField("opts.domain", err)
	}
	if opts.Stamp.IsZero() {
		return wijk.Invalid("opts.stamp", "is required: the time of publication")
	}
	if y := opts.Stamp.UTC().Year(); y < 1 || y > 9999 {
		return wijk.Invalid("opts.stamp", "must be in the years 1 to 9999")
	}
	if opts.Revision < 0 {
		return wijk.Invalid("opts.revision", "must not be negative, got %d", opts.Revision)
	}
	if opts.Visits < VisitMinimal || opts.Visits > VisitClient {
		return wijk.Invalid("opts.visits", "must be VisitMinimal, VisitAddress or VisitClient, got %d", int(opts.Visits))
	}
	if _, err := escapeText(opts.ProdID); err != nil {
		return wijk.InField("opts.prodID", err)
	}
	if _, err := escapeText(opts.VisitSummary); err != nil {
		return wijk.InField("opts.visitSummary", err)
	}
	if opts.Organizer != "" {
		if err := checkMailto(opts.Organizer); err != nil {
			return wijk.InField("opts.organizer", err)
		}
	}
	return nil
}

// checkMailto accepts "mailto:" and an address of printable ASCII without
// spaces or the characters that would end or split the property value.
func checkMailto(s string) error {
	addr, ok := strings.CutPrefix(s, "mailto:")
	if !ok || !strings.Contains(addr, "@") || len(s) > 254 {
		return wijk.Invalid("", "must be a mailto: address of at most 254 bytes, e.g. mailto:team@example.org")
	}
	for i := 0; i < len(addr); i++ {
		if c := addr[i]; c <= ' ' || c >= 0x7f || c == ';' || c == ',' || c == '"' || c == '\\' {
			return wijk.Invalid("", "must be a plain mailto: address, got %q at byte %d", c, i+len("mailto:"))
		}
	}
	return nil
}

func shiftEvents(shifts []Shift, opts Options, showMember bool) ([]event, error) {
	if err := checkOptions(opts); err != nil {
		return nil, err
	}
	out := make([]event, 0, len(shifts))
	for i, s := range shifts {
		field := "shifts[" + strconv.Itoa(i) + "]"
		if err := checkEvent(s.ID, s.Start, s.End); err != nil {
			return nil, wijk.InField(field, err)
		}
		summary := cmp.Or(s.Label, defaultShiftSummary)
		if _, err := escapeText(s.Label); err != nil {
			return nil, wijk.InField(field+".label", err)
		}
		if showMember {
			if s.Member == "" {
				return nil, wijk.Invalid(field+".member", "is required in a team roster")
			}
			if _, err := escapeText(s.Member); err != nil {
				return nil, wijk.InField(field+".member", err)
			}
			summary += " (" + s.Member + ")"
		}
		out = append(out, event{
			field: field, uid: s.ID + "@" + opts.Domain, summary: summary,
			start: s.Start, end: s.End, cancelled: s.Cancelled,
		})
	}
	return out, nil
}

func visitEvents(visits []Visit, opts Options) ([]event, error) {
	out := make([]event, 0, len(visits))
	for i, v := range visits {
		field := "visits[" + strconv.Itoa(i) + "]"
		if err := checkEvent(v.ID, v.Start, v.End); err != nil {
			return nil, wijk.InField(field, err)
		}
		for _, f := range []struct{ name, value string }{
			{"reference", v.Reference}, {"client", v.Client}, {"address", v.Address},
		} {
			if _, err := escapeText(f.value); err != nil {
				return nil, wijk.InField(field+"."+f.name, err)
			}
		}
		e := event{
			field: field,
			uid:   v.ID + "@" + opts.Domain,
			start: v.Start, end: v.End, cancelled: v.Cancelled, private: true,
			summary: cmp.Or(opts.VisitSummary, DefaultVisitSummary),
		}
		if v.Reference != "" {
			e.summary += " " + v.Reference
		}
		if opts.Visits >= VisitAddress {
			e.location = v.Address
		}
		if opts.Visits >= VisitClient && v.Client != "" {
			e.summary += ": " + v.Client
		}
		out = append(out, e)
	}
	return out, nil
}

// earliest is the first instant an event may start or end: the time zone
// written covers the rules in force since 1996 only.
var earliest = time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC)

// latest is the first instant after the years iCalendar can write.
var latest = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

func checkEvent(id string, start, end time.Time) error {
	if err := checkID(id); err != nil {
		return wijk.InField("id", err)
	}
	for _, t := range []struct {
		name string
		at   time.Time
	}{{"start", start}, {"end", end}} {
		if t.at.IsZero() {
			return wijk.Invalid(t.name, "is required")
		}
		if t.at.Before(earliest) || !t.at.Before(latest) {
			return wijk.Invalid(t.name, "must be in the years 1997 to 9998, got %s", t.at.UTC().Format(time.RFC3339))
		}
	}
	if !end.After(start) {
		return wijk.Invalid("end", "must be after start")
	}
	return nil
}

// maxIDLen bounds an event ID so that a UID stays a sensible length.
const maxIDLen = 200

func checkID(id string) error {
	if id == "" {
		return wijk.Invalid("", "is required")
	}
	if len(id) > maxIDLen {
		return wijk.Invalid("", "must be at most %d bytes, got %d", maxIDLen, len(id))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case bytes.IndexByte([]byte("-._~/:+="), c) >= 0:
		default:
			return wijk.Invalid("", "may hold only letters, digits and - . _ ~ / : + =, got %q at byte %d", c, i)
		}
	}
	return nil
}

func checkDomain(d string) error {
	if d == "" {
		return wijk.Invalid("", "is required, e.g. the care organisation's domain name")
	}
	if len(d) > 253 {
		return wijk.Invalid("", "must be at most 253 bytes")
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.':
		default:
			return wijk.Invalid("", "must be a domain name (letters, digits, - and .), got %q at byte %d", c, i)
		}
	}
	if d[0] == '.' || d[0] == '-' || d[len(d)-1] == '.' || d[len(d)-1] == '-' {
		return wijk.Invalid("", "must not begin or end with . or -")
	}
	return nil
}

// write writes the calendar once every input has been checked.
func write(w io.Writer, name string, events []event, opts Options) error {
	seen := make(map[string]string, len(events))
	for _, e := range events {
		if other, ok := seen[e.uid]; ok {
			return wijk.Invalid(e.field+".id", "must be unique in a calendar, but %s has it too", other)
		}
		seen[e.uid] = e.field
	}
	slices.SortStableFunc(events, func(a, b event) int {
		return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.uid, b.uid))
	})

	var b bytes.Buffer
	line := func(s string) { writeFolded(&b, s) }
	text := func(prop, s string) {
		v, _ := escapeText(s) // checked before
		line(prop + ":" + v)
	}
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	text("PRODID", cmp.Or(opts.ProdID, DefaultProdID))
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	text("NAME", name)
	text("X-WR-CALNAME", name)
	line("X-WR-TIMEZONE:" + TZID)
	b.WriteString(vtimezone)
	stamp := opts.Stamp.UTC().Format(utcFormat)
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + e.uid)
		line("DTSTAMP:" + stamp)
		line("DTSTART" + localProp(e.start))
		line("DTEND" + localProp(e.end))
		if opts.Organizer != "" {
			line("ORGANIZER:" + opts.Organizer)
		}
		line("SEQUENCE:" + strconv.Itoa(opts.Revision))
		if e.cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		text("SUMMARY", e.summary)
		if e.location != "" {
			text("LOCATION", e.location)
		}
		if e.private {
			line("CLASS:PRIVATE")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("writing calendar: %w", err)
	}
	return nil
}
