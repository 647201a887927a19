package consensus

import (
	"fmt"

	"github.com/wijkzorg/wijk"
)

// PayloadKind names the kind of change a proposal makes to its team. The
// zero value is not valid.
type PayloadKind int

// The kinds of payload.
const (
	// PayloadHire: the team hires a person.
	PayloadHire PayloadKind = iota + 1
	// PayloadLeave: a member leaves the team.
	PayloadLeave
	// PayloadAssignRole: a member takes on a role.
	PayloadAssignRole
	// PayloadHandOverRole: a role passes from one member to another.
	PayloadHandOverRole
	// PayloadSplit: the team splits in two.
	PayloadSplit
	// PayloadChangeNorms: the team changes its norms.
	PayloadChangeNorms
)

var payloadNames = [...]string{"", "hire", "leave", "assign role", "hand over role", "split", "change norms"}

// PayloadKinds returns every valid PayloadKind.
func PayloadKinds() []PayloadKind {
	return []PayloadKind{PayloadHire, PayloadLeave, PayloadAssignRole, PayloadHandOverRole, PayloadSplit, PayloadChangeNorms}
}

// Valid reports whether k is a defined kind.
func (k PayloadKind) Valid() bool { return k >= PayloadHire && k <= PayloadChangeNorms }

// String returns the kind in words, e.g. "hand over role".
func (k PayloadKind) String() string {
	if !k.Valid() {
		return fmt.Sprintf("PayloadKind(%d)", int(k))
	}
	return payloadNames[k]
}

// ParsePayloadKind reads a kind as written by String.
func ParsePayloadKind(v string) (PayloadKind, error) {
	n := normalise(v)
	for _, k := range PayloadKinds() {
		if payloadNames[k] == n {
			return k, nil
		}
	}
	return 0, wijk.Invalid("payload.kind", "must be one of hire, leave, assign role, hand over role, split, change norms; got %q", v)
}

// Payload is a typed change to the team that a proposal carries. Once the
// proposal is adopted and logged, [Apply] makes the change through package
// team, with the decision as its reference. The set of payloads is closed:
// only the types of this package implement it.
type Payload interface {
	// Kind says which change this is.
	Kind() PayloadKind
	// Validate checks the payload on its own (the team's state is checked
	// when it is applied).
	Validate() error
	isPayload()
}
