package team

import "github.com/wijkzorg/wijk"

// Actor is a team member as seen by the rules of other packages: who acts,
// and at which qualification level. A care plan asks for an Actor when a
// rule depends on the level (only a level-5 district nurse authorises care
// hours); everything else records the member's ID.
type Actor struct {
	// Member is the acting member's ID.
	Member wijk.ID
	// Level is the member's qualification level.
	Level Level
}

// Validate checks that the actor names a member and a valid level; field
// names the actor in the error.
func (a Actor) Validate(field string) error {
	if err := a.Member.Validate(field + ".member"); err != nil {
		return err
	}
	return a.Level.Validate(field + ".level")
}
