// Package calendar writes rosters and visit plans as iCalendar files
// (RFC 5545, the .ics format), so that a nurse sees her shifts and visits
// in the calendar of her phone, and a team sees its roster.
//
// # What it writes
//
// [MemberCalendar] writes one member's shifts and visits; [TeamRoster]
// writes the shifts of a whole team, each named after the member who works
// it. The input is plain values ([Shift], [Visit]) that the caller fills
// from a roster or a visit plan, so this package depends on nothing but
// the standard library and wijk's error kinds.
//
// Every time is written in the time zone Europe/Amsterdam, with a
// VTIMEZONE that states its rules (CET in winter, CEST from the last
// Sunday of March to the last Sunday of October), so any calendar program
// shows the right hour, also for a night shift across the change of the
// clocks. A time in the hour that the last Sunday of October has twice
// (02:00 to 03:00) is written in UTC instead, because calendar programs
// disagree about which of the two a local time there means. Events must
// lie in 1997 or later, when the rules written have been in force.
//
// # Updating instead of duplicating
//
// A roster is re-planned: someone falls ill, a visit moves. Each event's
// UID is the caller's stable ID of the shift or visit plus a domain the
// care organisation owns ("ID@Domain"), so a calendar that already has
// the event recognises it. Publish every re-plan with a higher
// [Options.Revision], which becomes the event's SEQUENCE, and a newer
// [Options.Stamp] (DTSTAMP): a calendar that subscribes to the file, or a
// phone that opens a newer file, then replaces the event it has instead
// of adding a second one. For this to work:
//
//   - the ID of a shift or visit must not change between re-plans (build
//     it from what stays, e.g. team, member, day and shift kind, or use the
//     visit's ULID); a shift that moves to another member is a new event
//     for the new member and a removed one for the old;
//   - the revision must only grow; the plan's stored version is a good
//     choice;
//   - a shift or visit the re-plan dropped must be published once more
//     with Cancelled set (see [CancelledShifts] and [CancelledVisits]),
//     which writes STATUS:CANCELLED, or calendars that imported the file
//     keep it.
//
// The output is deterministic: the same input gives the same bytes.
// Events are sorted by start and UID. The package never reads the clock.
//
// # What a visit shows
//
// A calendar leaves the care system. It is copied to phones and to cloud
// services that the care organisation does not control, and under the
// GDPR (AVG) health data may only go where it is needed. So a visit event
// never holds care content: [Visit] has no field for a diagnosis, a
// problem or a care plan, and callers must not put one in the fields it
// has. What it shows of the client is chosen with [Options.Visits]:
//
//   - [VisitMinimal], the default: "Visit" and an opaque reference that
//     the care app can resolve (e.g. the stop number of the route); no
//     name, no address;
//   - [VisitAddress]: also the address as the event's location, for
//     navigation;
//   - [VisitClient]: also the client's display name, e.g. initials.
//
// Visits are marked CLASS:PRIVATE, so shared calendars show only that the
// time is busy. IDs appear in the UIDs, so a visit's ID must be opaque
// too.
//
// # Format
//
// The files follow RFC 5545: CR LF line ends; lines folded at 75 octets,
// never inside a UTF-8 character; text with backslash, semicolon, comma
// and line breaks escaped; METHOD:PUBLISH. Input that cannot be written
// correctly (an end not after its start, an ID with spaces or an "@",
// text with control characters) is rejected with an error matching
// [wijk.ErrInvalid] that names the field, and then nothing is written.
package calendar
