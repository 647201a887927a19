package visit

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestEnumsRoundTripByWord(t *testing.T) {
	t.Run("LinkKind", func(t *testing.T) { enumtest.RoundTrip(t, linkKindEnum.Values(), ParseLinkKind) })
	t.Run("ViolationKind", func(t *testing.T) { enumtest.RoundTrip(t, violationEnum.Values(), ParseViolationKind) })
}

func TestParseViolationKindIsAValidationError(t *testing.T) {
	got, err := ParseViolationKind("Pinned_Time_Missed")
	require.NoError(t, err)
	require.Equal(t, PinnedTimeMissed, got)
	_, err = ParseViolationKind("late")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "invalid kind: must be one of unknown-nurse, ")
}
