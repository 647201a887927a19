package roster

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk"
	"github.com/wijkzorg/wijk/internal/enum/enumtest"
)

func TestRuleRoundTripsByWord(t *testing.T) {
	enumtest.RoundTrip(t, ruleEnum.Values(), ParseRule)
	// A rule's name has hyphens; the folded forms read the same rule.
	for _, in := range []string{"max consecutive", "MAX_CONSECUTIVE", " max-consecutive "} {
		got, err := ParseRule(in)
		require.NoError(t, err, in)
		require.Equal(t, RuleMaxConsecutive, got, in)
	}
	_, err := ParseRule("maxconsecutive")
	require.ErrorIs(t, err, wijk.ErrInvalid)
	require.ErrorContains(t, err, "invalid rule: must be one of max-shifts, ")
}
