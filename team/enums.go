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

var memberStatusEnum = enum.New[MemberStatus]("MemberStatus", "status", "active", "on leave", "left")

// String returns "active", "on leave" or "left".
func (s MemberStatus) String() string { return memberStatusEnum.String(s) }

// Valid reports whether s is one of the defined statuses.
func (s MemberStatus) Valid() bool { return memberStatusEnum.Valid(s) }

// ParseMemberStatus reads "active", "on leave" or "left".
func ParseMemberStatus(s string) (MemberStatus, error) {
	return memberStatusEnum.Parse(s)
}

// MarshalText writes the status as "active", "on leave" or "left", the form a
// stored team keeps; the zero MemberStatus is refused with an error matching
// [wijk.ErrInvalid].
func (s MemberStatus) MarshalText() ([]byte, error) { return memberStatusEnum.MarshalText(s) }

// UnmarshalText reads a member status as [ParseMemberStatus] does.
func (s *MemberStatus) UnmarshalText(b []byte) error { return memberStatusEnum.UnmarshalText(b, s) }

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

var joinKindEnum = enum.New[JoinKind]("JoinKind", "joined", "founder", "hired", "split")

// String returns "founder", "hired" or "split".
func (k JoinKind) String() string { return joinKindEnum.String(k) }

// Valid reports whether k is one of the defined kinds.
func (k JoinKind) Valid() bool { return joinKindEnum.Valid(k) }

// ParseJoinKind reads "founder", "hired" or "split".
func ParseJoinKind(s string) (JoinKind, error) {
	return joinKindEnum.Parse(s)
}

// MarshalText writes "founder", "hired" or "split"; a JoinKind that is not
// valid is refused with an error matching [wijk.ErrInvalid].
func (k JoinKind) MarshalText() ([]byte, error) { return joinKindEnum.MarshalText(k) }

// UnmarshalText reads how a member joined, as [ParseJoinKind] does.
func (k *JoinKind) UnmarshalText(b []byte) error { return joinKindEnum.UnmarshalText(b, k) }

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

var endReasonEnum = enum.New[EndReason]("EndReason", "endReason", "left", "split")

// String returns "left" or "split".
func (r EndReason) String() string { return endReasonEnum.String(r) }

// Valid reports whether r is one of the defined reasons.
func (r EndReason) Valid() bool { return endReasonEnum.Valid(r) }

// ParseEndReason reads "left" or "split".
func ParseEndReason(s string) (EndReason, error) {
	return endReasonEnum.Parse(s)
}

// MarshalText writes "left" or "split". The zero EndReason, which a running
// membership carries, is refused with an error matching [wijk.ErrInvalid]:
// a field that may hold it is left out of the text form when zero.
func (r EndReason) MarshalText() ([]byte, error) { return endReasonEnum.MarshalText(r) }

// UnmarshalText reads "left" or "split" as [ParseEndReason] does.
func (r *EndReason) UnmarshalText(b []byte) error { return endReasonEnum.UnmarshalText(b, r) }

func itoa(i int) string { return strconv.Itoa(i) }
