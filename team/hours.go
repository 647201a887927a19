package team

import (
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
	Person wijk.ID `json:"person"`
	// Day is the calendar day.
	Day wijk.Date `json:"day"`
	// Worked is all working time.
	Worked time.Duration `json:"worked"`
	// ClientFacing is the part of Worked spent with or for clients.
	ClientFacing time.Duration `json:"client_facing"`
	// Travel is the part of Worked spent travelling between clients.
	Travel time.Duration `json:"travel"`
	// Sick is absence through illness.
	Sick time.Duration `json:"sick"`
	// Leave is absence on holiday or other leave.
	Leave time.Duration `json:"leave"`
	// Training is absence for courses and training.
	Training time.Duration `json:"training"`
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

// CheckHours checks that h may be recorded for this team: the record
// follows the rules of [HoursRecord] (an error matching [wijk.ErrInvalid]
// otherwise) and the person is a member of the team on that day
// ([wijk.ErrNotFound] otherwise).
//
// Hours records are not part of the Team: a team gains one per member and
// day, for years, so they are kept as records of their own (a storage
// layer keeps one per member and day, and refuses a second). Whoever keeps
// them calls CheckHours before storing a record or a correction.
func (t *Team) CheckHours(h HoursRecord) error {
	if err := h.Validate("hours"); err != nil {
		return err
	}
	if !t.memberOn(h.Person, h.Day) {
		return wijk.NotFoundf("team %s: person %s is not a member on %v", t.name, h.Person, h.Day)
	}
	return nil
}

// CheckLeave checks that person may leave the team with last as their
// last day, given hours, the hours records kept for the team: the person
// must be a current member ([wijk.ErrNotFound] otherwise), last must not
// be before their start, and no record of theirs may fall after last
// ([wijk.ErrConflict] for both). [Team.Leave] makes the first two checks
// itself; code that keeps hours records calls CheckLeave with them first.
// Records of other people are ignored.
func (t *Team) CheckLeave(person wijk.ID, last wijk.Date, hours []HoursRecord) error {
	if err := valid.Date("last", last); err != nil {
		return err
	}
	i, ok := t.current(person)
	if !ok {
		return wijk.NotFoundf("team %s: person %s is not a current member", t.name, person)
	}
	if err := t.checkEnd(i, last); err != nil {
		return err
	}
	m := t.members[i]
	for _, h := range hours {
		if h.Person == m.Person && h.Day.After(last) {
			return wijk.Conflictf("team %s: hours are recorded for %s on %v, after the last day %v", t.name, m.Name, h.Day, last)
		}
	}
	return nil
}

func (t *Team) memberOn(person wijk.ID, d wijk.Date) bool {
	for _, m := range t.members {
		if m.Person == person && m.On(d) {
			return true
		}
	}
	return false
}

// CompareHours orders hours records by day, then person: the order in
// which records are listed.
func CompareHours(a, b HoursRecord) int {
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
