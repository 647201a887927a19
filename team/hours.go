package team

import (
	"slices"
	"time"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/valid"
)

// Day is the length of a calendar day for hours records: no day holds more.
const Day = 24 * time.Hour

// HoursRecord is what one member did with one day, the raw material of the
// team's transparent figures. All parts are whole minutes, none negative.
//
// The parts add up as follows, and a record that breaks this is refused:
//
//   - Worked is all working time that day. ClientFacing (time with or for
//     clients that can be billed) and Travel (between clients, never
//     billable) are parts of it: ClientFacing + Travel ≤ Worked. What is
//     left of Worked is other work: meetings, administration, intake.
//   - Sick, Leave and Training are absence: time the member was
//     contracted for but not at work, by kind. They are not part of
//     Worked, so Worked + Sick + Leave + Training ≤ 24 h.
//
// A record of all zeros (a day off) is allowed.
type HoursRecord struct {
	// Person is the member.
	Person wijk.ID
	// Day is the calendar day.
	Day wijk.Date
	// Worked is all working time.
	Worked time.Duration
	// ClientFacing is the part of Worked spent with or for clients.
	ClientFacing time.Duration
	// Travel is the part of Worked spent travelling between clients.
	Travel time.Duration
	// Sick is absence through illness.
	Sick time.Duration
	// Leave is absence on holiday or other leave.
	Leave time.Duration
	// Training is absence for courses and training.
	Training time.Duration
}

// Validate checks the record's own rules (see [HoursRecord]); field
// prefixes the error's field path.
func (h HoursRecord) Validate(field string) error {
	if err := h.Person.Validate(field + ".person"); err != nil {
		return err
	}
	if err := valid.Date(field+".day", h.Day); err != nil {
		return err
	}
	parts := []struct {
		name string
		d    time.Duration
	}{
		{"worked", h.Worked}, {"clientFacing", h.ClientFacing}, {"travel", h.Travel},
		{"sick", h.Sick}, {"leave", h.Leave}, {"training", h.Training},
	}
	for _, p := range parts {
		if p.d < 0 {
			return wijk.Invalid(field+"."+p.name, "must not be negative, got %v", p.d)
		}
		if p.d > Day {
			return wijk.Invalid(field+"."+p.name, "must be at most 24h, got %v", p.d)
		}
		if p.d%time.Minute != 0 {
			return wijk.Invalid(field+"."+p.name, "must be whole minutes, got %v", p.d)
		}
	}
	if h.ClientFacing+h.Travel > h.Worked {
		return wijk.Invalid(field+".worked", "must be at least client-facing plus travel time (%v), got %v", h.ClientFacing+h.Travel, h.Worked)
	}
	if total := h.Worked + h.Sick + h.Leave + h.Training; total > Day {
		return wijk.Invalid(field, "worked, sick, leave and training time add up to %v, more than a day", total)
	}
	return nil
}

// Absent returns the day's absence: Sick + Leave + Training.
func (h HoursRecord) Absent() time.Duration { return h.Sick + h.Leave + h.Training }

// RecordHours stores a member's hours for a day. The record must follow
// the rules of [HoursRecord], and the person must be a member of the team
// on that day ([wijk.ErrNotFound] otherwise). A second record for the same
// member and day is refused ([wijk.ErrConflict]); use
// [Team.CorrectHours] to change one.
func (t *Team) RecordHours(h HoursRecord) error {
	i, found, err := t.checkHours(h)
	if err != nil {
		return err
	}
	if found {
		return wijk.Conflictf("team %s: hours for %s on %v are already recorded; correct them instead", t.name, t.nameOf(h.Person), h.Day)
	}
	t.hours = slices.Insert(t.hours, i, h)
	return nil
}

// CorrectHours replaces the stored record for the same member and day.
func (t *Team) CorrectHours(h HoursRecord) error {
	i, found, err := t.checkHours(h)
	if err != nil {
		return err
	}
	if !found {
		return wijk.NotFoundf("team %s: no hours recorded for %s on %v", t.name, t.nameOf(h.Person), h.Day)
	}
	t.hours[i] = h
	return nil
}

func (t *Team) checkHours(h HoursRecord) (int, bool, error) {
	if err := h.Validate("hours"); err != nil {
		return 0, false, err
	}
	if !t.memberOn(h.Person, h.Day) {
		return 0, false, wijk.NotFoundf("team %s: person %s is not a member on %v", t.name, h.Person, h.Day)
	}
	i, found := slices.BinarySearchFunc(t.hours, h, compareHours)
	return i, found, nil
}

func (t *Team) memberOn(person wijk.ID, d wijk.Date) bool {
	for _, m := range t.members {
		if m.Person == person && m.On(d) {
			return true
		}
	}
	return false
}

func compareHours(a, b HoursRecord) int {
	if c := a.Day.Compare(b.Day); c != 0 {
		return c
	}
	switch {
	case a.Person < b.Person:
		return -1
	case a.Person > b.Person:
		return 1
	}
	return 0
}

// Hours returns the records for the days from–to (inclusive), sorted by
// day, then person.
func (t *Team) Hours(from, to wijk.Date) []HoursRecord {
	lo, _ := slices.BinarySearchFunc(t.hours, HoursRecord{Day: from}, compareHours)
	var out []HoursRecord
	for _, h := range t.hours[lo:] {
		if h.Day.After(to) {
			break
		}
		out = append(out, h)
	}
	return out
}
