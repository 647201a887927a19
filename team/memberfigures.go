package team

import (
	"time"

	"github.com/wijkzorg/wijk"
)

// MemberFigures are one member's figures over a period, from their hours
// records: what the team sees of each of its members.
type MemberFigures struct {
	// Person and Name identify the member: figures are never anonymous.
	Person wijk.ID
	Name   string
	// From and To bound the period, both days included.
	From, To wijk.Date
	// The sums of the member's hours records in the period.
	Worked, ClientFacing, Travel, Sick, Leave, Training time.Duration
	// Days counts the records.
	Days int
	// Productivity is client-facing ÷ worked hours.
	Productivity Ratio
}

// MemberFigures sums the hours records of each member over the days
// from–to (inclusive) and returns one line per membership that covers a
// day of the period, in joining order, with records or without. hours may
// hold records outside the period, which are ignored; each record inside
// must follow the rules of [HoursRecord], be for a member of the team on
// its day and be the only one for that member and day (wijk.ErrInvalid
// naming "hours[i]" otherwise).
func (t *Team) MemberFigures(hours []HoursRecord, from, to wijk.Date) ([]MemberFigures, error) {
	if from.IsZero() || to.IsZero() {
		return nil, wijk.Invalid("from", "both days of the period are required")
	}
	if to.Before(from) {
		return nil, wijk.Invalid("to", "must not be before from (%s)", from)
	}
	var out []MemberFigures
	index := map[wijk.ID]int{}
	for _, m := range t.members {
		if m.Start.After(to) || (!m.End.IsZero() && m.End.Before(from)) {
			continue
		}
		if _, ok := index[m.Person]; ok {
			continue
		}
		index[m.Person] = len(out)
		out = append(out, MemberFigures{Person: m.Person, Name: m.Name, From: from, To: to})
	}
	type memberDay struct {
		person wijk.ID
		day    wijk.Date
	}
	seen := map[memberDay]bool{}
	for i, h := range hours {
		if h.Day.Before(from) || h.Day.After(to) {
			continue
		}
		field := "hours[" + itoa(i) + "]"
		if err := h.Validate(field); err != nil {
			return nil, err
		}
		k, ok := index[h.Person]
		if !ok || !t.memberOn(h.Person, h.Day) {
			return nil, wijk.Invalid(field+".person", "was not a member of team %s on %v", t.name, h.Day)
		}
		if seen[memberDay{h.Person, h.Day}] {
			return nil, wijk.Invalid(field, "a second record for %s on %v; one record per member and day", h.Person, h.Day)
		}
		seen[memberDay{h.Person, h.Day}] = true
		f := &out[k]
		f.Worked += h.Worked
		f.ClientFacing += h.ClientFacing
		f.Travel += h.Travel
		f.Sick += h.Sick
		f.Leave += h.Leave
		f.Training += h.Training
		f.Days++
	}
	for i := range out {
		out[i].Productivity = Ratio{Num: out[i].ClientFacing.Hours(), Den: out[i].Worked.Hours()}
	}
	return out, nil
}
