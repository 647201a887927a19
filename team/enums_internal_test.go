package team

import (
	"testing"

	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestEnumsRoundTripByWord(t *testing.T) {
	t.Run("MemberStatus", func(t *testing.T) { enumtest.RoundTrip(t, memberStatusEnum.Values(), ParseMemberStatus) })
	t.Run("JoinKind", func(t *testing.T) { enumtest.RoundTrip(t, joinKindEnum.Values(), ParseJoinKind) })
	t.Run("EndReason", func(t *testing.T) { enumtest.RoundTrip(t, endReasonEnum.Values(), ParseEndReason) })
	t.Run("StaffRole", func(t *testing.T) { enumtest.RoundTrip(t, StaffRoles(), ParseStaffRole) })
	t.Run("CoachingStatus", func(t *testing.T) { enumtest.RoundTrip(t, coachingStatusEnum.Values(), ParseCoachingStatus) })
	t.Run("AdvisoryKind", func(t *testing.T) { enumtest.RoundTrip(t, advisoryKindEnum.Values(), ParseAdvisoryKind) })
	t.Run("BandPosition", func(t *testing.T) { enumtest.RoundTrip(t, bandPositionEnum.Values(), ParseBandPosition) })
}
