package team

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wijkzorg/wijk"
)

// Level is a qualification level in the Dutch care system. Only the three
// levels that work in a neighbourhood team exist; the zero Level is not
// valid.
type Level int

// The qualification levels of a neighbourhood team.
const (
	// Level3 is a carer (verzorgende IG).
	Level3 Level = 3
	// Level4 is a nurse (MBO-verpleegkundige).
	Level4 Level = 4
	// Level5 is a district nurse (HBO-wijkverpleegkundige): the only level
	// that may assess a client's need and authorise care hours.
	Level5 Level = 5
)

// Levels returns the valid levels, lowest first.
func Levels() []Level { return []Level{Level3, Level4, Level5} }

// Valid reports whether l is one of Level3, Level4, Level5.
func (l Level) Valid() bool { return l >= Level3 && l <= Level5 }

// Validate returns a validation error naming field when l is not valid.
func (l Level) Validate(field string) error {
	if !l.Valid() {
		return wijk.Invalid(field, "must be a qualification level 3, 4 or 5, got %d", int(l))
	}
	return nil
}

// Covers reports whether a member of level l may do work that requires
// level need: a higher level may do the work of a lower one.
func (l Level) Covers(need Level) bool { return l.Valid() && need.Valid() && l >= need }

// String returns "level 3", "level 4" or "level 5".
func (l Level) String() string {
	if !l.Valid() {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return "level " + strconv.Itoa(int(l))
}

// Title returns the Dutch role the level stands for, in English words:
// "carer", "nurse", "district nurse".
func (l Level) Title() string {
	switch l {
	case Level3:
		return "carer"
	case Level4:
		return "nurse"
	case Level5:
		return "district nurse"
	}
	return l.String()
}

// ParseLevel reads "3", "4", "5" or "level 3" … "level 5" (any case).
func ParseLevel(s string) (Level, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	t = strings.TrimSpace(strings.TrimPrefix(t, "level"))
	n, err := strconv.Atoi(t)
	if err != nil || !Level(n).Valid() {
		return 0, wijk.Invalid("level", "must be 3, 4 or 5, got %q", s)
	}
	return Level(n), nil
}
