package team

import (
	"strconv"

	"github.com/wijkzorg/wijk/internal/enum"
)

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

var memberStatusNames = enum.Names[MemberStatus]{"active", "on leave", "left"}

// String returns "active", "on leave" or "left".
func (s MemberStatus) String() string { return memberStatusNames.String(s, "MemberStatus") }

// Valid reports whether s is one of the defined statuses.
func (s MemberStatus) Valid() bool { return memberStatusNames.Valid(s) }

// ParseMemberStatus reads "active", "on leave" or "left".
func ParseMemberStatus(s string) (MemberStatus, error) {
	return memberStatusNames.Parse("status", s)
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

var joinKindNames = enum.Names[JoinKind]{"founder", "hired", "split"}

// String returns "founder", "hired" or "split".
func (k JoinKind) String() string { return joinKindNames.String(k, "JoinKind") }

// Valid reports whether k is one of the defined kinds.
func (k JoinKind) Valid() bool { return joinKindNames.Valid(k) }

// ParseJoinKind reads "founder", "hired" or "split".
func ParseJoinKind(s string) (JoinKind, error) {
	return joinKindNames.Parse("joined", s)
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

var endReasonNames = enum.Names[EndReason]{"left", "split"}

// String returns "left" or "split".
func (r EndReason) String() string { return endReasonNames.String(r, "EndReason") }

// Valid reports whether r is one of the defined reasons.
func (r EndReason) Valid() bool { return endReasonNames.Valid(r) }

// ParseEndReason reads "left" or "split".
func ParseEndReason(s string) (EndReason, error) {
	return endReasonNames.Parse("endReason", s)
}

func itoa(i int) string { return strconv.Itoa(i) }
