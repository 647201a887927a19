package team

import (
	"fmt"

	"github.com/wijkzorg/wijk"
)

// Defaults of the team norms, from the Buurtzorg practice: at most twelve
// people, forty to sixty clients, no one holding more than two roles.
const (
	DefaultSizeNorm          = 12
	DefaultCaseloadMin       = 40
	DefaultCaseloadMax       = 60
	DefaultMaxRolesPerMember = 2
)

// Limits on what a team may set its norms to. They are wide on purpose: a
// norm is the team's own choice, the limits only keep out nonsense.
const (
	maxSizeNorm     = 100
	maxCaseloadNorm = 1000
	maxRolesNorm    = 20
)

// Norms are the numbers a team holds itself to. They are norms, not laws:
// going past one produces an advisory (see [Team.Advisories]), never an
// error, and the team may change them by decision
// ([Team.ChangeNorms]).
type Norms struct {
	// SizeNorm is the largest number of members (active or on leave) the
	// team wants; past it, the team considers a split. Default 12.
	SizeNorm int `json:"size_norm"`
	// CaseloadMin and CaseloadMax bound the number of clients the team
	// wants to serve. Default 40–60.
	CaseloadMin int `json:"caseload_min"`
	CaseloadMax int `json:"caseload_max"`
	// MaxRolesPerMember is the most roles one member should hold at once;
	// beyond it hierarchy creeps back. Default 2.
	MaxRolesPerMember int `json:"max_roles_per_member"`
}

// DefaultNorms returns the default norms: size 12, caseload 40–60, two
// roles per member.
func DefaultNorms() Norms {
	return Norms{
		SizeNorm:          DefaultSizeNorm,
		CaseloadMin:       DefaultCaseloadMin,
		CaseloadMax:       DefaultCaseloadMax,
		MaxRolesPerMember: DefaultMaxRolesPerMember,
	}
}

// Validate checks that the norms are usable: a size norm of 2 to 100, a
// caseload range 1 ≤ min ≤ max ≤ 1000, and 1 to 20 roles per member.
func (n Norms) Validate(field string) error {
	if n.SizeNorm < 2 || n.SizeNorm > maxSizeNorm {
		return wijk.Invalid(field+".sizeNorm", "must be between 2 and %d, got %d", maxSizeNorm, n.SizeNorm)
	}
	if n.CaseloadMin < 1 || n.CaseloadMin > maxCaseloadNorm {
		return wijk.Invalid(field+".caseloadMin", "must be between 1 and %d, got %d", maxCaseloadNorm, n.CaseloadMin)
	}
	if n.CaseloadMax < n.CaseloadMin || n.CaseloadMax > maxCaseloadNorm {
		return wijk.Invalid(field+".caseloadMax", "must be between caseloadMin (%d) and %d, got %d", n.CaseloadMin, maxCaseloadNorm, n.CaseloadMax)
	}
	if n.MaxRolesPerMember < 1 || n.MaxRolesPerMember > maxRolesNorm {
		return wijk.Invalid(field+".maxRolesPerMember", "must be between 1 and %d, got %d", maxRolesNorm, n.MaxRolesPerMember)
	}
	return nil
}

// String returns the norms in words.
func (n Norms) String() string {
	return fmt.Sprintf("size ≤ %d, caseload %d–%d, ≤ %d roles per member", n.SizeNorm, n.CaseloadMin, n.CaseloadMax, n.MaxRolesPerMember)
}
