package records

import (
	"errors"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/team"
)

// EncodeTeam serializes a team. A team that could not be read back (a
// zero value, a broken rule) is refused with an error matching
// wijk.ErrInvalid, and nothing is written.
func EncodeTeam(t *team.Team) ([]byte, error) {
	s := t.Snapshot()
	if _, err := team.RestoreTeam(s); err != nil {
		return nil, unfit("team", err)
	}
	return encode("team", s)
}

// DecodeTeam rebuilds a team from its record, validating every rule.
func DecodeTeam(data []byte) (*team.Team, error) {
	var s team.TeamSnapshot
	if _, err := decode("team", "team", data, &s); err != nil {
		return nil, err
	}
	t, err := team.RestoreTeam(s)
	if err != nil {
		return nil, corrupt("team", err)
	}
	return t, nil
}

// EncodeCoach serializes a coach, refusing one that could not be read
// back (wijk.ErrInvalid).
func EncodeCoach(c *team.Coach) ([]byte, error) {
	s := c.Snapshot()
	if _, err := team.RestoreCoach(s); err != nil {
		return nil, unfit("coach", err)
	}
	return encode("coach", s)
}

// DecodeCoach rebuilds a coach from its record, validating it.
func DecodeCoach(data []byte) (*team.Coach, error) {
	var s team.CoachSnapshot
	if _, err := decode("coach", "coach", data, &s); err != nil {
		return nil, err
	}
	c, err := team.RestoreCoach(s)
	if err != nil {
		return nil, corrupt("coach", err)
	}
	return c, nil
}

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
func EncodeStaff(s *team.Staff) ([]byte, error) {
	snap := s.Snapshot()
	if _, err := team.RestoreStaff(snap); err != nil {
		return nil, unfit("staff", err)
	}
	return encode("staff", snap)
}

// DecodeStaff rebuilds a staff member from its record, validating it.
func DecodeStaff(data []byte) (*team.Staff, error) {
	var snap team.StaffSnapshot
	if _, err := decode("staff", "staff", data, &snap); err != nil {
		return nil, err
	}
	s, err := team.RestoreStaff(snap)
	if err != nil {
		return nil, corrupt("staff", err)
	}
	return s, nil
}
