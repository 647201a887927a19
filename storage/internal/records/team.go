package records

import (
	"errors"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

var (
	teamRecord  = snapshotted[*team.Team, team.TeamSnapshot]{"team", "team", (*team.Team).Snapshot, team.RestoreTeam}
	coachRecord = snapshotted[*team.Coach, team.CoachSnapshot]{"coach", "coach", (*team.Coach).Snapshot, team.RestoreCoach}
	staffRecord = snapshotted[*team.Staff, team.StaffSnapshot]{"staff", "staff", (*team.Staff).Snapshot, team.RestoreStaff}
)

// EncodeTeam serializes a team. A team that could not be read back (a
// zero value, a broken rule) is refused with an error matching
// wijk.ErrInvalid, and nothing is written.
func EncodeTeam(t *team.Team) ([]byte, error) { return teamRecord.encode(t) }

// DecodeTeam rebuilds a team from its record, validating every rule.
func DecodeTeam(data []byte) (*team.Team, error) { return teamRecord.decode(data) }

// EncodeCoach serializes a coach, refusing one that could not be read
// back (wijk.ErrInvalid).
func EncodeCoach(c *team.Coach) ([]byte, error) { return coachRecord.encode(c) }

// DecodeCoach rebuilds a coach from its record, validating it.
func DecodeCoach(data []byte) (*team.Coach, error) { return coachRecord.decode(data) }

// EncodeHours serializes one hours record, refusing one that breaks the
// record's rules (wijk.ErrInvalid).
func EncodeHours(h team.HoursRecord) ([]byte, error) {
	if err := h.Validate("hours"); err != nil {
		return nil, unfit("hours", err)
	}
	return encode("hours", h)
}

// DecodeHours reads an hours record, validating it.
func DecodeHours(data []byte) (team.HoursRecord, error) {
	var h team.HoursRecord
	if _, err := decode("hours", "hours", data, &h); err != nil {
		return team.HoursRecord{}, err
	}
	if err := h.Validate("hours"); err != nil {
		return team.HoursRecord{}, corrupt("hours", err)
	}
	return h, nil
}

// unfit makes the error of an aggregate that encode refuses: it matches
// wijk.ErrInvalid and names the field under entity, so a caller learns
// what to fix; nothing is written.
func unfit(entity string, err error) error {
	if errors.Is(err, wijk.ErrInvalid) {
		return wijk.InField(entity, err)
	}
	return wijk.Invalid(entity, "cannot be stored: %v", err)
}

// EncodeStaff serializes a staff member, refusing one that could not be
// read back (wijk.ErrInvalid).
func EncodeStaff(s *team.Staff) ([]byte, error) { return staffRecord.encode(s) }

// DecodeStaff rebuilds a staff member from its record, validating it.
func DecodeStaff(data []byte) (*team.Staff, error) { return staffRecord.decode(data) }
