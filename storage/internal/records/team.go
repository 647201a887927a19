package records

import (
	"github.com/wijkzorg/wijk/team"
)

// EncodeTeam serializes a team.
func EncodeTeam(t *team.Team) ([]byte, error) { return encode("team", t.Snapshot()) }

// DecodeTeam rebuilds a team from its record, validating every rule.
func DecodeTeam(data []byte) (*team.Team, error) {
	var s team.TeamSnapshot
	if err := decode("team", "team", data, &s); err != nil {
		return nil, err
	}
	t, err := team.RestoreTeam(s)
	if err != nil {
		return nil, corrupt("team", err)
	}
	return t, nil
}

// EncodeCoach serializes a coach.
func EncodeCoach(c *team.Coach) ([]byte, error) { return encode("coach", c.Snapshot()) }

// DecodeCoach rebuilds a coach from its record, validating it.
func DecodeCoach(data []byte) (*team.Coach, error) {
	var s team.CoachSnapshot
	if err := decode("coach", "coach", data, &s); err != nil {
		return nil, err
	}
	c, err := team.RestoreCoach(s)
	if err != nil {
		return nil, corrupt("coach", err)
	}
	return c, nil
}

// EncodeHours serializes one hours record.
func EncodeHours(h team.HoursRecord) ([]byte, error) { return encode("hours", h) }

// DecodeHours reads an hours record, validating it.
func DecodeHours(data []byte) (team.HoursRecord, error) {
	var h team.HoursRecord
	if err := decode("hours", "hours", data, &h); err != nil {
		return team.HoursRecord{}, err
	}
	if err := h.Validate("hours"); err != nil {
		return team.HoursRecord{}, corrupt("hours", err)
	}
	return h, nil
}
