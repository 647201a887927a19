package team

import (
	"strconv"
	"strings"

	"github.com/wijkzorg/wijk"
)

// enumNames maps a typed enum's values (1…n) to their text.
type enumNames []string

func (e enumNames) name(v int, typ string) string {
	if v >= 1 && v <= len(e) {
		return e[v-1]
	}
	return typ + "(" + strconv.Itoa(v) + ")"
}

func (e enumNames) parse(field, s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range e {
		if n == t {
			return i + 1, nil
		}
	}
	return 0, wijk.Invalid(field, "must be one of %s, got %q", strings.Join(e, ", "), s)
}

// MemberStatus says where a membership stands. The zero value is not valid.
type MemberStatus int

// The member statuses.
const (
	// StatusActive: the member works in the team.
	StatusActive MemberStatus = iota + 1
	// StatusOnLeave: still a member, temporarily not working (long leave,
	// parental leave, long illness). Keeps the membership and its roles.
	StatusOnLeave
	// StatusLeft: the membership has ended; it stays in the history.
	StatusLeft
)

var memberStatusNames = enumNames{"active", "on leave", "left"}

// String returns "active", "on leave" or "left".
func (s MemberStatus) String() string { return memberStatusNames.name(int(s), "MemberStatus") }

// Valid reports whether s is one of the defined statuses.
func (s MemberStatus) Valid() bool { return s >= StatusActive && s <= StatusLeft }

// ParseMemberStatus reads "active", "on leave" or "left".
func ParseMemberStatus(s string) (MemberStatus, error) {
	v, err := memberStatusNames.parse("status", s)
	return MemberStatus(v), err
}

// Current reports whether the membership is still running (active or on
// leave).
func (s MemberStatus) Current() bool { return s == StatusActive || s == StatusOnLeave }

// JoinKind says how a person came into a team. The zero value is not valid.
type JoinKind int

// The ways of joining a team.
const (
	// JoinFounder: one of the first members of a freshly founded team; no
	// decision is needed, the founders are the team.
	JoinFounder JoinKind = iota + 1
	// JoinHired: hired by an adopted team decision.
	JoinHired
	// JoinSplit: came along when the team they were in split, by the
	// decision that adopted the split.
	JoinSplit
)

var joinKindNames = enumNames{"founder", "hired", "split"}

// String returns "founder", "hired" or "split".
func (k JoinKind) String() string { return joinKindNames.name(int(k), "JoinKind") }

// Valid reports whether k is one of the defined kinds.
func (k JoinKind) Valid() bool { return k >= JoinFounder && k <= JoinSplit }

// ParseJoinKind reads "founder", "hired" or "split".
func ParseJoinKind(s string) (JoinKind, error) {
	v, err := joinKindNames.parse("joined", s)
	return JoinKind(v), err
}

// EndReason says why a membership ended. The zero value is not valid; a
// running membership has no end reason (see [Member.EndReason]).
type EndReason int

// The reasons a membership ends.
const (
	// EndLeft: the member left the team by team decision (moving to another
	// team, leaving the organisation). Counts toward turnover.
	EndLeft EndReason = iota + 1
	// EndSplit: the member moved to the new team a split created. It does
	// not count toward turnover: the person stays with their colleagues and
	// clients.
	EndSplit
)

var endReasonNames = enumNames{"left", "split"}

// String returns "left" or "split".
func (r EndReason) String() string { return endReasonNames.name(int(r), "EndReason") }

// Valid reports whether r is one of the defined reasons.
func (r EndReason) Valid() bool { return r >= EndLeft && r <= EndSplit }

// ParseEndReason reads "left" or "split".
func ParseEndReason(s string) (EndReason, error) {
	v, err := endReasonNames.parse("endReason", s)
	return EndReason(v), err
}

func itoa(i int) string { return strconv.Itoa(i) }
