package records

import (
	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/planning"
)

var (
	rosterRecord  = snapshotted[*planning.Roster, planning.RosterSnapshot]{"roster", "roster", (*planning.Roster).Snapshot, planning.RestoreRoster}
	dayPlanRecord = snapshotted[*planning.DayPlan, planning.DayPlanSnapshot]{"visit plan", "dayplan", (*planning.DayPlan).Snapshot, planning.RestoreDayPlan}
)

// EncodeRoster serializes a roster, refusing one that could not be read
// back (a zero value, a broken rule) with an error matching
// wijk.ErrInvalid.
func EncodeRoster(r *planning.Roster) ([]byte, error) {
	b, err := rosterRecord.encode(r)
	return sized("roster", b, err)
}

// DecodeRoster rebuilds a roster from its record, validating it.
func DecodeRoster(data []byte) (*planning.Roster, error) { return rosterRecord.decode(data) }

// EncodeDayPlan serializes a visit plan, refusing one that could not be
// read back (wijk.ErrInvalid).
func EncodeDayPlan(d *planning.DayPlan) ([]byte, error) {
	b, err := dayPlanRecord.encode(d)
	return sized("visit plan", b, err)
}

// DecodeDayPlan rebuilds a visit plan from its record, validating it.
func DecodeDayPlan(data []byte) (*planning.DayPlan, error) { return dayPlanRecord.decode(data) }

// sized refuses a record over MaxRecord bytes, which no reader would
// accept: a plan's problem (a travel matrix of thousands of places) can
// grow that large, where no other aggregate does.
func sized(entity string, b []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	if len(b) > MaxRecord {
		return nil, wijk.Invalid(entity, "cannot be stored: its record of %d bytes is over the %d-byte limit", len(b), MaxRecord)
	}
	return b, nil
}
